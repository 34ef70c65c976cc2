"""`frontdoor users add` and `frontdoor users token`: staff accounts from the shell."""

from __future__ import annotations

import argparse
import getpass
import sys

from bot.cli._common import CommandFailed, guarded, run_in_unit_of_work, settings_or_fail
from storage.models import ROLES
from storage.repositories.identities import IdentityRepository
from storage.repositories.staff import StaffError, StaffRepository

MIN_PASSWORD_LENGTH = 12
ALERT_CHANNELS = ("telegram", "sms", "whatsapp")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise CommandFailed("the two passwords differ")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise CommandFailed(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    return password


def _alert_address(value: str | None) -> tuple[str, str] | None:
    """`telegram:123456` or `sms:+237650000000`: where urgent-case alerts go."""
    if value is None:
        return None
    channel, _, address = value.partition(":")
    if channel not in ALERT_CHANNELS or not address:
        raise CommandFailed(
            f"--alert takes CHANNEL:ADDRESS with CHANNEL one of {', '.join(ALERT_CHANNELS)}"
        )
    return channel, address


@guarded
def users_add(args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    password = _read_password(args.password_stdin)

    alert = _alert_address(args.alert)

    async def job(session, vault):  # type: ignore[no-untyped-def]
        try:
            user = await StaffRepository(session).add_user(
                args.email,
                role=args.role,
                password=password,
                queues=args.queue,
                languages=args.language,
            )
        except StaffError as error:
            raise CommandFailed(str(error)) from None
        user.on_duty = args.on_duty
        user.ui_language = args.language[0] if args.language else "en"
        if alert:
            await IdentityRepository(session, vault).create_staff_identity(*alert, user.id)

    run_in_unit_of_work(settings, job)
    print(f"created {args.role} account {args.email.strip().lower()}")
    return 0


@guarded
def users_token(args: argparse.Namespace) -> int:
    settings = settings_or_fail()

    async def job(session, _vault) -> str:  # type: ignore[no-untyped-def]
        staff = StaffRepository(session)
        user = await staff.by_email(args.email)
        if user is None or user.disabled_at is not None:
            raise CommandFailed(f"no active account for {args.email}")
        return await staff.issue_token(user)

    print(run_in_unit_of_work(settings, job))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("users", help="staff accounts")
    commands = parser.add_subparsers(dest="users_command", metavar="COMMAND", required=True)

    add = commands.add_parser(
        "add",
        help="create a staff account",
        description="Create a staff account; the password is asked for.",
    )
    add.add_argument("email")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument(
        "--queue",
        action="append",
        default=[],
        metavar="Q",
        help="a queue the account works on (repeatable)",
    )
    add.add_argument(
        "--language",
        action="append",
        default=[],
        metavar="L",
        help="a language the person speaks (repeatable)",
    )
    add.add_argument(
        "--on-duty", action="store_true", help="receive urgent-case alerts (defenders staff)"
    )
    add.add_argument(
        "--alert",
        metavar="CHANNEL:ADDRESS",
        help="where alerts go, e.g. telegram:123456789 or sms:+237650000000",
    )
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    add.set_defaults(handler=users_add)

    token = commands.add_parser(
        "token",
        help="print a new API token for an account",
        description="Print a new bearer token; it is shown only once.",
    )
    token.add_argument("email")
    token.set_defaults(handler=users_token)
