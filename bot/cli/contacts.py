"""`frontdoor contacts import FILE.csv`: load the contact list, report every refused line."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

from bot.cli._common import CommandFailed, check_database, guarded, settings_or_fail
from bot.contacts.importer import ContactImporter, ImportFileError, ImportReport
from bot.state import AppState


def _print(report: ImportReport, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    print(
        f"{report.created} contacts created, {report.merged} merged with existing contacts, "
        f"{len(report.rejected)} lines refused, {len(report.duplicates)} duplicate lines merged"
    )
    for line, reason in report.problems:
        print(f"line {line}: {reason}")


@guarded
def contacts_import(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    check_database(settings)
    path = Path(args.file)
    if not path.is_file():
        raise CommandFailed(f"no such file: {path}")

    async def run() -> ImportReport:
        state = AppState.build(settings)
        try:
            with path.open("rb") as stream:
                return await ContactImporter(state.sessions, state.keyring).run(stream)
        finally:
            await state.close()

    try:
        report = asyncio.run(run())
    except ImportFileError as error:
        raise CommandFailed(str(error)) from None
    _print(report, args.json)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("contacts", help="the contact list")
    commands = parser.add_subparsers(dest="contacts_command", metavar="COMMAND", required=True)
    load = commands.add_parser(
        "import",
        help="import contacts from a CSV file",
        description="Columns: name, phone, telegram, language, country, channels (sms;whatsapp;"
        "telegram), tags (a;b), consent (yes/no/date). Phone numbers become E.164; rows that "
        "match a known contact are merged. Running the same file again is safe.",
    )
    load.add_argument("file", metavar="FILE.csv")
    load.add_argument("--json", action="store_true", help="print the report as JSON")
    load.set_defaults(handler=contacts_import)
