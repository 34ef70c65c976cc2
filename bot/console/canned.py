"""Canned replies, written once per language in `canned.yaml`; the case view offers those
in the case's language (English when there are none)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

CANNED_FILE = Path(__file__).with_name("canned.yaml")


@cache
def _all() -> dict[str, list[dict[str, str]]]:
    return yaml.safe_load(CANNED_FILE.read_text(encoding="utf-8"))


def canned_replies(language: str | None) -> list[dict[str, str]]:
    """[{"title", "text"}] in the case's language."""
    replies = _all()
    return replies.get(language or "en") or replies["en"]
