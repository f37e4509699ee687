"""Program packets for many clients: packets per second and peak memory.

First the CPU time of one packet in one process (round-robin against one handout, bench/harness.py),
for a client whose loads the process has seen (its variant's packet is kept and only the cover,
footers and information are made and spliced in, layout/packet_splice.py) and one with new loads
(contents, schedule and log laid out, the packet made whole), then N packets (default 1,000) of
content/programs/lower-body-strength.yaml (8 exercises, 40 different squat loads among the
clients) through generator.api.render_packets with one worker per core (a variant's clients go
to one worker together), after a run of N/5 packets: wall and CPU time (this process and its
workers), packet size, and the peak memory of the two runs. The target (docs/programs.md):
1,000 packets in at most 10 s wall on 2 cores, at most 220 KiB each.

Session 5 (2-core machine, another developer's tests running part of the time, load 0.8-1.8):
the 1,000-packet run read 8.3, 9.4, 9.2, 9.4, 8.4, 8.6 and 8.5 s wall, 16-18 s CPU, 200 KiB each
(14 pages since handouts save nearly empty last pages); a client with seen loads 7.3-10.6 ms CPU
(min), 9.0-11.5 ms (median), new loads 82-123 ms (min). In the pool a task (25 clients of one
variant) costs about 370 ms CPU: ~100 ms for the variant, ~11 ms per further client. The
1,000-packet run follows the N/5 one in this process, so it excludes the set-up that a fresh
``coachcards packets`` pays first (1.2-1.6 s, about 0.7 s of it imports; fresh runs read
10.4-12.3 s). End of session 4 (quiet): 8.6-10.3 s, 16-20 s CPU; before the splice and the
grouping by variant the same run took 26.9 s. With another developer's test suite on the same
two cores the wall time doubles: measure on a quiet machine.
Usage: python bench/bench_packets.py [N]
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from generator.api import render_packets
from generator.paths import builtin_content

TARGET_SECONDS = 10.0  # wall time per 1,000 packets on 2 cores (issue #14)
TARGET_KIB = 220


def peak_mib() -> tuple[float, float]:
    """Peak resident memory of this process and of the largest worker, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, workers


def cpu_seconds() -> float:
    """CPU time of this process and of its finished workers."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def run(count: int, content: Path, program: Path) -> None:
    with tempfile.TemporaryDirectory() as out:
        clients = Path(out) / "clients.csv"
        rows = [f"Client {n:05d},{40 + n % 40}" for n in range(count)]
        clients.write_text("client,barbell-squat.load\n" + "\n".join(rows) + "\n")
        cpu, start = cpu_seconds(), time.perf_counter()
        report = render_packets(program, clients, Path(out) / "packets", content=content)
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        assert not report.failed, report.failed
        size = sum(p.stat().st_size for p in report.written) / len(report.written) / 1024
    own, workers = peak_mib()
    print(
        f"{count:6d} packets  wall {seconds:6.1f} s  CPU {cpu:6.1f} s  "
        f"{count / seconds:6.1f} packets/s  {size:5.0f} KiB each  "
        f"peak memory: main {own:4.0f} MiB, largest worker {workers:4.0f} MiB"
    )
    if count >= 1000:
        per_1000 = seconds * 1000 / count
        met = per_1000 <= TARGET_SECONDS and size <= TARGET_KIB
        print(
            f"target: 1,000 packets in <= {TARGET_SECONDS:.0f} s wall, <= {TARGET_KIB} KiB each: "
            f"{per_1000:.1f} s per 1,000, {size:.0f} KiB: {'met' if met else 'NOT met'}"
            f"{'' if met else ' (is the machine quiet? see uptime)'}"
        )


def per_packet(content: Path, program: Path) -> None:
    """CPU per packet in one process, round-robin against rendering one handout (the baseline)."""
    from itertools import count

    from harness import Variant, compare, report

    from generator.api import render_handout, render_packet

    clients = count()

    def packet(load: int | None = None) -> bytes:
        n = next(clients)
        row = {"client": f"Client {n:05d}", "barbell-squat.load": str(load or 1000 + n)}
        return render_packet(program, row, content=content)

    def handout() -> bytes:
        return render_handout("barbell-squat", content=content)

    # a client whose loads were seen before gets the kept contents, schedule and log pages; a
    # client with new loads has them laid out (the layout's cost, once per variant and process)
    variants = [
        Variant("handout", handout),
        Variant("packet, loads seen before", lambda: packet(60)),
        Variant("packet, new loads", packet),
    ]
    print(report(compare(variants, 5, 10), "handout"))


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    content = builtin_content()
    program = content / "programs" / "lower-body-strength.yaml"
    print(f"{os.cpu_count()} cores; program: {program.name}")
    per_packet(content, program)
    run(max(1, count // 5), content, program)
    run(count, content, program)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
