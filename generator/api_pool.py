"""How ``render_packets`` hands clients to workers: tasks by variant, a bounded queue, any executor.

Workers receive plain data and return bytes (module-level functions: picklable). A variant's
clients (the same loads and notes) go to one worker together, so its pages are laid out once.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from typing import Any

from generator import api_setup as setup
from generator.errors import CoachcardsError, Problem

BATCH = 25  # at most this many clients of one variant per task (see batches_by_variant)
IN_FLIGHT_PER_WORKER = 2  # batches queued per worker: memory stays flat with the client count


class InlineExecutor(Executor):
    """Runs each task at once, in the calling process: no pool, no pickling (``--jobs 1``)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed over through the future, as a pool does
            future.set_exception(exc)
        return future


Job = tuple[int, str, dict[str, dict[str, str]], str, str]  # line, name, overrides, stem, csv


def render_batch(
    program: Any, batch: list[Job], options: dict[str, Any]
) -> list[tuple[bytes | None, list[Problem]]]:
    """A worker's task: a few clients' packets, or each one's problems. Module level: picklable."""
    from generator.api import render_packet  # the public function, as any caller uses it

    results: list[tuple[bytes | None, list[Problem]]] = []
    token = setup.batch_stamps.set({})  # files are looked at once per task (see setup.stamp)
    try:
        for line, name, overrides, _, csv_path in batch:
            row = {"client": name, **flat_columns(overrides)}
            try:
                packet = render_packet(program, row, source=(csv_path, line), **options)
                results.append((packet, []))
            except CoachcardsError as error:
                results.append((None, error.problems))
    finally:
        setup.batch_stamps.reset(token)
    return results


def batches_by_variant(jobs: list[Job], workers: int) -> list[list[Job]]:
    """Tasks of clients who share a variant (the same loads and notes), in CSV order within.

    A worker lays a variant's contents, schedule and log out once and splices each next client
    into its first packet (layout/packet_splice.py), so a variant's clients go to one worker
    together: up to BATCH in a task, a large variant in nearly even tasks (a few workers may
    then share it). Deterministic: variants in the order their first client appears.
    """
    groups: dict[str, list[Job]] = {}
    for job in jobs:
        groups.setdefault(repr(sorted(job[2].items())), []).append(job)
    batches: list[list[Job]] = []
    size = max(1, min(BATCH, -(-len(jobs) // max(1, 2 * workers))))  # every worker kept busy
    for group in groups.values():
        count = -(-len(group) // size)
        step = -(-len(group) // count)
        batches += [group[i : i + step] for i in range(0, len(group), step)]
    return batches


def flat_columns(overrides: dict[str, dict[str, str]]) -> dict[str, str]:
    return {
        f"{slug}.{key}": value
        for slug, values in overrides.items()
        for key, value in values.items()
    }


def run_batches(
    batches: list[list[Job]], program: Any, options: dict[str, Any], executor: Executor | None
) -> Iterator[tuple[list[Job], list[tuple[bytes | None, list[Problem]]]]]:
    """Results in submission order, with a bounded number of batches in flight."""
    clients = sum(len(b) for b in batches)
    workers = os.cpu_count() or 1
    if executor is None and (workers <= 1 or clients < 8):
        for batch in batches:
            yield batch, render_batch(program, batch, options)
        return
    own = executor is None
    if executor is None:
        from concurrent.futures import ProcessPoolExecutor

        executor = ProcessPoolExecutor(workers, initializer=worker_start)
    limit = IN_FLIGHT_PER_WORKER * max(1, getattr(executor, "_max_workers", workers))
    pending: OrderedDict[int, tuple[list[Job], Future[Any]]] = OrderedDict()
    try:
        for index, batch in enumerate(batches):
            pending[index] = (batch, executor.submit(render_batch, program, batch, options))
            while len(pending) >= limit:
                _, (first, future) = pending.popitem(last=False)
                yield first, future.result()
        while pending:
            _, (first, future) = pending.popitem(last=False)
            yield first, future.result()
    finally:
        for _, future in pending.values():
            future.cancel()
        if own:
            executor.shutdown(wait=True, cancel_futures=True)


WORKER_GC_THRESHOLD = 5000  # a worker's young-object collections (Python's default: 700)


def worker_start() -> None:
    """A pool worker's garbage collector: what it was forked with (the program's set-up, kept
    for every task) is frozen out of collections, and young objects are collected every 5,000
    allocations instead of 700. A packet makes tens of thousands of short-lived objects; this
    halves the collector's time (about 8% of a packet's CPU). Cycles are still collected, every
    few packets, so memory stays flat."""
    import gc

    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])
