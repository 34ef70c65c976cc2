"""Contact lists in and out over HTTP, for the console and the API alike.

An upload is spooled to a temporary file as it arrives (never held whole in memory) and
handed to the same importer as the command line; an export streams. Both are audited
with who, when and counts, never content.

The importer and the export work in short transactions of their own. On SQLite a
transaction holds the write lock from its start, so the request's own transaction (the
sign-in bookkeeping) is committed first; otherwise they would wait for each other.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from typing import IO, BinaryIO

from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile

from bot.auth.sessions import Staff
from bot.contacts.export import export_csv
from bot.contacts.importer import ContactImporter, ImportFileError, ImportReport
from bot.errors import AppError, PayloadTooLarge
from bot.state import AppState
from storage.repositories.audit import AuditRepository

MAX_UPLOAD_BYTES = 64 * 1024 * 1024
SPOOL_IN_MEMORY = 1024 * 1024
CHUNK = 64 * 1024


class BadContactFile(AppError):
    status_code = 400
    code = "bad_request"


def too_large() -> PayloadTooLarge:
    return PayloadTooLarge("The file is larger than 64 MB; split it and import the parts.")


def refuse_announced_excess(content_length: str | None) -> None:
    """Say no before reading, when the client announces more than we take."""
    if (
        content_length
        and content_length.isdigit()
        and int(content_length) > MAX_UPLOAD_BYTES + CHUNK
    ):
        raise too_large()


async def spool(chunks: AsyncIterator[bytes]) -> IO[bytes]:
    """The request body in a temporary file (in memory up to 1 MB), rewound."""
    file = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 (returned)
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > MAX_UPLOAD_BYTES:
            file.close()
            raise too_large()
        file.write(chunk)
    file.seek(0)
    return file


def uploaded_file(upload: UploadFile) -> BinaryIO:
    """The multipart part, already on disk past 1 MB (Starlette spools it as it parses)."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise too_large()
    upload.file.seek(0)
    return upload.file  # type: ignore[return-value]


async def run_import(
    db: AsyncSession, state: AppState, staff: Staff, file: IO[bytes], *, via: str
) -> ImportReport:
    """Import the file batch by batch and audit the run's counts."""
    await db.commit()  # see the module docstring
    try:
        report = await ContactImporter(state.sessions, state.keyring).run(file)  # type: ignore[arg-type]
    except ImportFileError as error:
        raise BadContactFile(str(error)) from None
    finally:
        file.close()
    await AuditRepository(db).record(
        "contacts.imported",
        actor_type="staff",
        actor_id=staff.actor_id,
        object_type="contacts",
        via=via,
        created=report.created,
        merged=report.merged,
        rejected=len(report.rejected),
        duplicates=len(report.duplicates),
    )
    return report


async def export_response(
    db: AsyncSession, state: AppState, staff: Staff, *, via: str
) -> StreamingResponse:
    """The whole contact list as a streamed CSV download, audited before it starts."""
    await AuditRepository(db).record(
        "contacts.exported", actor_type="staff", actor_id=staff.actor_id, via=via
    )
    await db.commit()  # recorded even if the download is cut; see the module docstring
    return StreamingResponse(
        export_csv(state.sessions, state.keyring),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="contacts.csv"'},
    )
