"""Live progress of a running import, readable while its transaction is still open.

An import writes its rows in one transaction, so progress saved on the job row would stay
invisible until the end. Instead the running task writes ``{"done": n, "total": m}`` to a small
file beside the uploaded ones (shared by the web and worker processes of a host), and the
job's ``processed`` field is saved when each phase ends.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.conf import settings


def _path(job_id) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / "progress" / f"{job_id}.json"


class Progress:
    """Report ``done`` of ``total`` rows, at most about a hundred times per phase."""

    def __init__(self, job_id, total: int):
        self.path = _path(job_id)
        self.total = total
        self.step = max(1, total // 100)
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def __call__(self, done: int) -> None:
        if done % self.step and done != self.total:
            return
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"done": done, "total": self.total}))
        os.replace(temporary, self.path)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def read(job_id) -> dict | None:
    try:
        return json.loads(_path(job_id).read_text())
    except (OSError, ValueError):
        return None
