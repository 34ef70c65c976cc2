"""`frontdoor keys rotate`: re-wrap everything under the newest FRONTDOOR_DATA_KEYS key."""

from __future__ import annotations

import argparse

from bot.cli._common import guarded, run_in_unit_of_work, settings_or_fail
from storage.rotation import rotate_keys


@guarded
def keys_rotate(_args: argparse.Namespace) -> int:
    settings = settings_or_fail()
    report = run_in_unit_of_work(
        settings, lambda session, vault: rotate_keys(session, vault.keyring)
    )
    print(
        f"re-wrapped {report.rewrapped_contact_keys} contact keys, "
        f"re-sealed {report.resealed_fields} fields, "
        f"re-indexed {report.reindexed_identities} identities; "
        "older keys can now be removed from FRONTDOOR_DATA_KEYS"
    )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("keys", help="encryption keys for data at rest")
    commands = parser.add_subparsers(dest="keys_command", metavar="COMMAND", required=True)
    rotate = commands.add_parser(
        "rotate",
        help="move all data onto the newest key",
        description="Put the new key first in FRONTDOOR_DATA_KEYS, keep the old ones after it, "
        "run this, then drop the old ones.",
    )
    rotate.set_defaults(handler=keys_rotate)
