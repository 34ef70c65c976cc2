"""The console's own words (gettext domain `console`, beside the bot's `frontdoor`), in
the staff member's language, with dates and numbers formatted by Babel in that locale.

One Jinja2 environment per language holds that language's translations, so two staff
members in two languages never share a locale (nothing is activated process-wide).
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from babel.dates import format_datetime, format_timedelta
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.console import names
from bot.console.text import people
from i18n.catalog import LOCALES_DIR

DOMAIN = "console"
UI_LANGUAGES = ("en", "fr", "es", "pt")
TEMPLATES = Path(__file__).parent / "templates"


def ui_language(code: str | None) -> str:
    base = (code or "").replace("_", "-").split("-", 1)[0].lower()
    return base if base in UI_LANGUAGES else "en"


@cache
def translations(language: str) -> Translations:
    """The console catalog of `language`, compiled in memory (no build step)."""
    path = LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def _ago(language: str, now: datetime, then: datetime | None) -> str:
    if then is None:
        return ""
    return format_timedelta(
        max(now - then, timedelta(0)), threshold=1.1, format="short", locale=language
    )


@cache
def environment(language: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters["people"] = people
    env.filters["dt"] = lambda value: (
        format_datetime(value, format="short", locale=language) if value else ""
    )
    env.filters["num"] = lambda value: format_decimal(value, locale=language)
    env.globals["ago"] = lambda now, then: _ago(language, now, then)
    env.globals["language"] = language
    env.globals["names"] = names
    env.filters["label"] = names.label_name
    return env
