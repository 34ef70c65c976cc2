"""A local, encrypted, fsync'd spool for inbound events when the database is down.

Twilio does not retry a 5xx, so an SMS that arrives during a database outage would be
lost. Instead the event is sealed with the system key, written to its own file and
fsync'd (file and folder) before we answer 2xx; a replay loop stores the files in the
database, in arrival order, once it is back.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from storage.crypto import KeyRing, associated_data

SUFFIX = ".event"


class Spool:
    def __init__(self, directory: Path, keyring: KeyRing) -> None:
        self.directory = directory
        self.keyring = keyring

    def append(self, payload: str) -> Path:
        """Durably keep one event; returns its file."""
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Nanoseconds first, so sorting the names replays in arrival order.
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex}"
        sealed = self.keyring.seal_system(payload, associated_data("spool", "payload", name))
        temporary = self.directory / f".{name}.tmp"
        final = self.directory / f"{name}{SUFFIX}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(descriptor, sealed)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, final)
        self._sync_directory()
        return final

    def pending(self) -> Iterator[tuple[Path, str]]:
        """Spooled events, oldest first, opened."""
        if not self.directory.exists():
            return
        for path in sorted(self.directory.glob(f"*{SUFFIX}")):
            name = path.name.removesuffix(SUFFIX)
            aad = associated_data("spool", "payload", name)
            yield path, self.keyring.open_system(path.read_bytes(), aad)

    def remove(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        self._sync_directory()

    def __len__(self) -> int:
        return len(list(self.directory.glob(f"*{SUFFIX}"))) if self.directory.exists() else 0

    def _sync_directory(self) -> None:
        descriptor = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
