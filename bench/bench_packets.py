"""Program packets for many clients: packets per second and peak memory.

Builds N packets (default 1,000) of content/programs/lower-body-strength.yaml (8 exercises) with
one worker per core, after a run of N/5 packets: the peak memory of the two runs shows whether
memory grows with the number of clients. Usage: python bench/bench_packets.py [N]
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from generator.packet import make_packets
from generator.paths import builtin_content
from generator.program.clients import ClientRow
from generator.program.loader import load_program


def peak_mib() -> tuple[float, float]:
    """Peak resident memory of this process and of the largest worker, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, workers


def run(count: int, content: Path, program_path: Path) -> None:
    slugs = sorted(p.stem for p in (content / "exercises").glob("*.md"))
    program = load_program(program_path, slugs)
    rows = [
        ClientRow(
            n + 2,
            f"Client {n:05d}",
            {"barbell-squat": {"load": str(40 + n % 40)}},
            f"client-{n:05d}",
        )
        for n in range(count)
    ]
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        report = make_packets(program, rows, content, Path(out))
        seconds = time.perf_counter() - start
        size = sum(p.stat().st_size for p in report.written) / len(report.written) / 1024
    own, workers = peak_mib()
    print(
        f"{count:6d} packets  {seconds:6.1f} s  {count / seconds:6.1f} packets/s  "
        f"{size:5.0f} KiB each  peak memory: main {own:4.0f} MiB, largest worker {workers:4.0f} MiB"
    )


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    content = builtin_content()
    program = content / "programs" / "lower-body-strength.yaml"
    print(f"{os.cpu_count()} cores; program: {program.name}")
    run(max(1, count // 5), content, program)
    run(count, content, program)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
