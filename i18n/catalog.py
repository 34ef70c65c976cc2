"""The gettext catalogs and the explicit translator that renders a reply.

Catalogs are the `.po` files in the repository, compiled in memory on first use (no
compile step on a fresh machine) and cached per language. A reply is rendered in the
contact's language through `translator(language)`; nothing is ever activated for the
whole process, so two conversations in two languages never see each other's locale.
"""

from __future__ import annotations

import io
import string
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from i18n.messages import Plural

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "frontdoor"
SOURCE_LANGUAGE = "en"


def _discover_languages() -> tuple[str, ...]:
    """Languages that have a catalog: the source language first, then by code."""
    found = {po.parents[1].name for po in LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return tuple(sorted(found, key=lambda code: (code != SOURCE_LANGUAGE, code)))


SUPPORTED_LANGUAGES: tuple[str, ...] = _discover_languages()


def supported_language(code: str | None) -> str | None:
    """The supported language of a tag such as "pt-BR", "es_419" or "FR", else None."""
    if not code:
        return None
    base = code.replace("_", "-").split("-", 1)[0].strip().lower()
    return base if base in SUPPORTED_LANGUAGES else None


def placeholders(message: str) -> set[str]:
    """Names of the `{placeholders}` in a message."""
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def numbered(labels: Sequence[str]) -> str:
    """A menu the person answers by number: one "N label" line per option."""
    return "\n".join(f"{number} {label}" for number, label in enumerate(labels, start=1))


@cache
def _translations(language: str) -> Translations:
    """Read one `.po` catalog and compile it in memory."""
    with (LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


class Translator:
    """Renders messages in one language, filling named `{placeholders}`."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._translations = _translations(language)

    def gettext(self, msgid: str, **params: object) -> str:
        """The translation of `msgid`, formatted with `params`."""
        return self._translations.gettext(msgid).format(**params)

    def ngettext(self, message: Plural, n: int, **params: object) -> str:
        """The plural form of `message` for `n`; `{count}` is `n` unless given."""
        text = self._translations.ngettext(message.singular, message.plural, n)
        return text.format(**{"count": n, **params})

    def menu(self, msgids: Sequence[str]) -> str:
        """Translated options, numbered for a menu prompt's `{options}`."""
        return numbered([self.gettext(msgid) for msgid in msgids])


@cache
def translator(language: str | None) -> Translator:
    """The translator for a language tag; unsupported or missing tags get the source."""
    return Translator(supported_language(language) or SOURCE_LANGUAGE)


@cache
def language_name(code: str) -> str:
    """A language named in itself, from CLDR: "Français", "Español", "Português"."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


@cache
def language_options() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The language menu as (code, names): its own name first, then its name in each
    supported language ("Français", "French", "Francés", "Francês")."""
    return tuple(
        (
            code,
            tuple(
                dict.fromkeys(
                    [language_name(code)]
                    + [Locale.parse(other).languages[code] for other in SUPPORTED_LANGUAGES]
                )
            ),
        )
        for code in SUPPORTED_LANGUAGES
    )


def language_menu() -> str:
    """The `{options}` of LANGUAGE_MENU: every language, numbered, named in itself."""
    return numbered([language_name(code) for code in SUPPORTED_LANGUAGES])
