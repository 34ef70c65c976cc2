"""Extract the console's words into `console.pot` and merge them into each language.

    .venv/bin/python -m bot.console.extract

Sources: the templates (Jinja2's i18n extension), the console's Python (`_()`, `N_()`),
the casework errors shown to staff (`Conflict(...)`, `Invalid(...)`) and the reasons a
contact import refuses a line (`RowRejected(...)`). New words
arrive empty in each `console.po`; `tests/bot/console/test_console_catalogs.py` fails
until they are translated.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.console.i18n import DOMAIN, UI_LANGUAGES
from i18n.catalog import LOCALES_DIR

BOT_DIR = Path(__file__).resolve().parents[1]
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"
METHODS = [
    ("console/templates/**.html", "jinja2.ext:babel_extract"),
    ("console/**.py", "python"),
    ("casework/actions.py", "python"),
    ("contacts/*.py", "python"),
]
OPTIONS = {"console/templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "1"}}
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "Conflict": None, "Invalid": None, "RowRejected": None}


def extract_template() -> Catalog:
    template = Catalog(project="Frontdoor console", domain=DOMAIN, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        BOT_DIR, METHODS, OPTIONS, keywords=KEYWORDS, strip_comment_tags=True
    ):
        template.add(
            message, None, [(f"bot/{filename}", lineno)], auto_comments=comments, context=context
        )
    return template


def _forms(string: str | tuple[str, ...]) -> tuple[str, ...]:
    return string if isinstance(string, tuple) else (string,)


def po_path(language: str) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _write(path: Path, catalog: Catalog) -> None:
    with path.open("wb") as out:
        write_po(
            out, catalog, width=88, include_lineno=False, sort_by_file=True, ignore_obsolete=True
        )


def update_catalogs() -> None:
    template = extract_template()
    _write(TEMPLATE, template)
    for language in UI_LANGUAGES:
        path = po_path(language)
        if path.exists():
            with path.open("rb") as po:
                catalog = read_po(po, locale=language, domain=DOMAIN)
        else:
            catalog = Catalog(locale=language, domain=DOMAIN, project="Frontdoor console")
        catalog.update(template, update_header_comment=False)
        if language == "en":
            for message in catalog:  # the source language translates to itself
                if message.id and (message.fuzzy or not any(_forms(message.string))):
                    message.string = message.id
                    message.flags.discard("fuzzy")
        _write(path, catalog)


if __name__ == "__main__":
    update_catalogs()
    print("updated:", ", ".join(UI_LANGUAGES))
