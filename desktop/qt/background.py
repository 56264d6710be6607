"""Work off the GUI thread (a chart's data, the conflicts search, the table's order): a
result signal a worker can report to, and running a function on the global thread pool.

While any such job runs, Python's cyclic garbage collector is paused. A job reading a
million positions makes hundreds of thousands of row objects; each full collection then
walked all of them with the GIL held, and the GUI thread, waiting for the GIL, stood still
for 0.3-0.7 s at a time. (Not frozen afterwards: the cyclic garbage made meanwhile would
then never be collected.)

A job a newer request supersedes is cancelled (`Job.cancel()`), not only ignored: its read
is stopped where it is (db.storage.cancel: the statement interrupted, the server asked to
cancel), what it had read is dropped, and it reports nothing."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThreadPool, Signal

from db.errors import Cancelled
from db.storage.cancel import CancelToken, active

_gc_lock = threading.Lock()
_gc_jobs = 0
_gc_paused = False  # whether the collector was on when the first running job paused it


class Results(QObject):
    """Create it unparented on the GUI thread and keep it in the worker's closure: a job
    may finish after its widget is gone, and must then have somewhere harmless to report.
    Receivers get (generation, result or the exception raised) on the GUI thread."""

    done = Signal(int, object)


def _pause_gc() -> None:
    global _gc_jobs, _gc_paused
    with _gc_lock:
        if _gc_jobs == 0 and gc.isenabled():
            gc.disable()
            _gc_paused = True
        _gc_jobs += 1


def _resume_gc() -> None:
    global _gc_jobs, _gc_paused
    with _gc_lock:
        _gc_jobs -= 1
        if _gc_jobs == 0 and _gc_paused:
            _gc_paused = False
            gc.enable()


class Job:
    """A job given to the pool: `cancel()` stops it (from the GUI thread, at any time)."""

    def __init__(self) -> None:
        self.token = CancelToken()
        self.finished = threading.Event()  # set when the worker is done with it, either way

    def cancel(self) -> None:
        """Stop the job's read now and drop its result: it reports nothing."""
        self.token.cancel()

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled


_long_pool: QThreadPool | None = None


def _pool(long: bool) -> QThreadPool:
    """The global pool (a thread per core), or for long jobs a pool of their own. The first
    search for conflicting accounts in a million records takes tens of seconds: on the
    global pool it held one of the two threads of a 2-core machine, and the table's order,
    the timeline and the sources list queued behind it, the window showing "Loading…" for
    as long. One thread: a newer long job waits for the older one to see it is outdated."""
    global _long_pool
    if not long:
        return QThreadPool.globalInstance()
    if _long_pool is None:
        _long_pool = QThreadPool()
        _long_pool.setMaxThreadCount(1)
    return _long_pool


def run_in_pool(results: Results, generation: int, fn: Callable[[], object], *,
                long: bool = False) -> Job:
    """Run `fn()` on the global thread pool (`long`: on the pool for long jobs, so they
    never hold up the short reads); report its result (or exception) to `results.done` with
    `generation`, for the receiver to drop outdated ones — unless the returned job is
    cancelled first: then its reads stop and it reports nothing."""
    job = Job()

    def work() -> None:
        data: object = None
        try:
            if job.cancelled:  # superseded while it waited for a thread
                return
            _pause_gc()
            try:
                with active(job.token):
                    data = fn()
            except Cancelled:
                return
            except Exception as exc:  # reported to the receiver; a worker must not raise
                data = exc
            finally:
                _resume_gc()
            if job.cancelled:
                return  # done before the cancel reached it: dropped all the same
            try:
                results.done.emit(generation, data)
            except RuntimeError:
                pass  # the application is shutting down; nobody is waiting for the result
        finally:
            data = None  # what it read is freed here, not when the thread next runs
            job.finished.set()

    _pool(long).start(work)
    return job
