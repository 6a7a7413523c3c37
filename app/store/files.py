"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import os
import time
from pathlib import Path

# On Windows a rename onto a file that another program holds open (a cloud sync client,
# antivirus, another PC over SMB) fails for a moment: try again before giving up.
REPLACE_ATTEMPTS = 6


def atomic_write(path: Path, data: bytes) -> None:
    """Temp name in the same folder, fsync, rename, fsync the folder (where the OS can)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    for attempt in range(REPLACE_ATTEMPTS):
        try:
            os.replace(tmp, path)
            break
        except PermissionError:
            if attempt == REPLACE_ATTEMPTS - 1:
                tmp.unlink(missing_ok=True)
                raise
            time.sleep(0.05 * 2**attempt)
    if hasattr(os, "O_DIRECTORY"):  # POSIX: make the rename itself durable
        fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
