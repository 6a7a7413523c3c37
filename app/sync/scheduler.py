"""When and how to sync, without Qt: every configured transport in one run, and a back-off.

A run tries the HQ server (when this PC was enrolled at one) and the sync folder (when one is
set and there: a USB stick may be in a drawer). Each transport's failure is its own; one
being down does not stop the other. The window calls :func:`run_configured` off the UI
thread at start, every few minutes and on demand; :class:`Backoff` says when to try next:
soon after a failure, then less and less often while the server stays out of reach, and at
the usual pace again after the first success.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.domain.progress import Progress
from app.store.attachments import AttachmentStore
from app.store.database import Database
from app.sync.folder import FolderError, SyncReport, sync_folder
from app.sync.http import HttpSyncError, server_config, sync_server

EVERY_S = 5 * 60
FIRST_RETRY_S = 60
LONGEST_S = 30 * 60


@dataclass
class Outcome:
    transport: str  # "server" | "folder"
    report: SyncReport | None = None
    error: str = ""
    offline: bool = False  # not reachable at all: back off

    @property
    def ok(self) -> bool:
        return self.report is not None and not self.report.errors


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return sum(o.report.exported_changes for o in self.outcomes if o.report)

    @property
    def received(self) -> int:
        return sum(o.report.applied for o in self.outcomes if o.report)

    @property
    def errors(self) -> list[str]:
        out = [o.error for o in self.outcomes if o.error]
        for o in self.outcomes:
            if o.report:
                out += o.report.errors
        return out

    @property
    def offline(self) -> bool:
        """Nothing could be reached (every transport tried was out of reach)."""
        return bool(self.outcomes) and all(o.offline for o in self.outcomes)


def configured(db: Database, folder: Path | None) -> bool:
    return folder is not None or server_config(db) is not None


def run_configured(
    db: Database,
    folder: Path | None,
    attachments: AttachmentStore | None = None,
    progress: Progress | None = None,
) -> Run:
    run = Run()
    if server_config(db) is not None:
        try:
            run.outcomes.append(Outcome("server", sync_server(db, None, attachments, progress)))
        except HttpSyncError as exc:
            run.outcomes.append(Outcome("server", error=str(exc), offline=exc.offline))
    if folder is not None:
        if not folder.is_dir():
            run.outcomes.append(Outcome("folder", error="", offline=True))
        else:
            try:
                run.outcomes.append(
                    Outcome("folder", sync_folder(db, folder, attachments, progress))
                )
            except (FolderError, OSError) as exc:
                run.outcomes.append(Outcome("folder", error=str(exc)))
    return run


class Backoff:
    """Seconds until the next try: the usual pace after a run that reached something;
    after runs that reached nothing, 1, 2, 4 … minutes, at most half an hour."""

    def __init__(
        self, every_s: float = EVERY_S, first_s: float = FIRST_RETRY_S, longest_s: float = LONGEST_S
    ) -> None:
        self.every_s = every_s
        self.first_s = first_s
        self.longest_s = longest_s
        self.failures = 0

    def after(self, run: Run | None) -> float:
        if run is None or not run.offline:
            self.failures = 0
            return self.every_s
        self.failures += 1
        return float(min(self.longest_s, self.first_s * 2 ** (self.failures - 1)))
