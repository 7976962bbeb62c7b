"""`decree run --scheduler tcp://HOST:8786`: the batch's documents as tasks on a Dask distributed cluster.

Nothing home-made: `distributed.Client.get_executor` gives a concurrent.futures Executor, and the batch
runner (pipeline.batch) drives it exactly as it drives the local process pool: the same tasks (a whole
file, or a page range of a long PDF and then its join), results saved into the store as they come. What
Dask adds is the scheduling: tasks go to any worker, and when a worker dies (killed, out of memory, its
machine gone) the scheduler gives its tasks to another one; a task that took down several workers
(Dask's `allowed-failures`, 3 by default) comes back as KilledWorker and that document is reported as
failed. Task *errors* (a corrupt file) are not retried: they would fail the same way again.

The workers read the input files and write the page images themselves, so the inputs and the output
folder must be on storage every worker sees at the same absolute path (NFS or the like); file bytes are
not shipped through the scheduler. Every worker must run the same decree with the same models: checked
before the first task.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from pipeline.errors import UsageError, one_line

ENV = "DECREE_SCHEDULER"
CONNECT_TIMEOUT = "10s"
WORKERS_TIMEOUT = 60.0  # seconds to wait for a first worker to join


def model_cache_info() -> dict[str, int]:
    """How often this process loaded the restoration model and found it cached (run on workers)."""
    from pipeline.restore.model import _cached

    info = _cached.cache_info()
    return {"loads": info.misses, "reuses": info.hits, "pid": os.getpid()}


class DaskRunner:
    """A connection to a Dask scheduler, usable as `with DaskRunner(...) as executor`. `probe(models_dir)`
    runs on every worker first and must give `pipeline_version` there."""

    def __init__(self, address: str, pipeline_version: str, probe: Callable[[str | None], str]) -> None:
        try:
            import distributed  # noqa: F401
        except ModuleNotFoundError:
            raise UsageError("--scheduler needs Dask distributed: pip install 'decree[cluster]'") from None
        self.address = address
        self.version = pipeline_version
        self.probe = probe
        self.client: Any = None
        self.executor: Executor | None = None

    def __enter__(self) -> Executor:
        from distributed import Client

        try:
            self.client = Client(self.address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {self.address}: {one_line(exc)}") from None
        try:
            try:
                self.client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
            except TimeoutError:
                raise UsageError(f"the Dask scheduler at {self.address} has no workers "
                                 f"(none joined in {WORKERS_TIMEOUT:g} s)") from None
            self._check_workers()
        except BaseException:
            self.client.close()
            raise
        # retries=0: a task that raised (a damaged file) would raise again; a task whose worker died is
        # rescheduled by the scheduler itself, retries or not.
        self.executor = self.client.get_executor(retries=0, pure=False)
        return self.executor

    def __exit__(self, *exc: object) -> None:
        try:
            if self.executor is not None:
                self.executor.shutdown(wait=exc[0] is None)
        finally:
            self.client.close()

    def _check_workers(self) -> None:
        try:
            found = self.client.run(self.probe, os.environ.get("DECREE_MODELS"))
        except Exception as exc:  # noqa: BLE001 - e.g. decree not installed on a worker
            raise UsageError(f"the Dask workers at {self.address} cannot run decree: "
                             f"{one_line(exc)}") from None
        wrong = {addr: v for addr, v in found.items() if v != self.version}
        if wrong:
            addr, version = sorted(wrong.items())[0]
            raise UsageError(f"Dask worker {addr} runs decree {version}, this run is {self.version} "
                             f"({len(wrong)} of {len(found)} workers differ): install the same decree "
                             "and models everywhere")

    def slots(self) -> int:
        """Tasks the cluster runs at once (its worker threads)."""
        return max(1, sum(self.client.nthreads().values()))

    @staticmethod
    def lost_worker(exc: BaseException) -> str | None:
        """The reason to report when `exc` says the task's workers kept dying, else None."""
        from distributed import KilledWorker

        if isinstance(exc, KilledWorker):
            return "the worker processes running it died (crash or out of memory), on several workers"
        return None
