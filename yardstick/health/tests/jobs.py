"""Jobs for the worker's tests (importable by a worker in another process)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import TaskContext, task


@task()
def record(value: str) -> str:
    return value


@task(takes_context=True)
def finish_once(context: TaskContext, folder: str) -> int:
    """Marks `started-<attempt>` in `folder`; the first attempt then waits to be killed.
    A later attempt writes `done`, refusing to if it is there already (so a job run to the
    end twice fails), and returns the attempt it finished on."""
    Path(folder, f"started-{context.attempt}").touch()
    if context.attempt == 1:
        time.sleep(600)
    descriptor = os.open(Path(folder, "done"), os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    os.close(descriptor)
    return context.attempt
