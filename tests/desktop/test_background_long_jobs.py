"""A long background job (the first search for conflicting accounts in a million records:
tens of seconds) runs on a pool of its own: the short reads the window waits for (the
table's order, the timeline, the sources list) never queue behind it. On a 2-core machine
the global pool has two threads; one long job and one slow read left the table showing its
first rows and the chart "Loading…" until the search ended."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThreadPool

from desktop.qt.background import Results, run_in_pool


def test_a_short_read_finishes_while_a_long_job_runs(qtbot) -> None:  # type: ignore[no-untyped-def]
    pool = QThreadPool.globalInstance()
    threads = pool.maxThreadCount()
    pool.setMaxThreadCount(1)  # the worst case: one thread for the short reads
    release = threading.Event()
    long_done, short_done = Results(), Results()
    try:
        run_in_pool(long_done, 1, lambda: release.wait(20) and "long", long=True)
        with qtbot.waitSignal(short_done.done, timeout=5000) as got:
            run_in_pool(short_done, 7, lambda: "short")
        assert got.args == [7, "short"]
        assert not release.is_set()  # the long job was still running meanwhile
        with qtbot.waitSignal(long_done.done, timeout=5000) as finished:
            release.set()
        assert finished.args == [1, "long"]
    finally:
        release.set()
        pool.setMaxThreadCount(threads)

