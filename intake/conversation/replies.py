"""Replies as message ids with parameters, rendered in the person's language at the end.

Steps decide *what* to say; the language is applied last, so a reply that follows a
change of language comes out in the new one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from babel import Locale

from i18n.catalog import Translator
from i18n.messages import Plural


class Localized(Protocol):
    def render(self, translator: Translator) -> str: ...


@dataclass(frozen=True)
class Msg:
    """A parameter that is itself a message (a case status)."""

    msgid: str

    def render(self, translator: Translator) -> str:
        return translator.gettext(self.msgid)


@dataclass(frozen=True)
class MsgList:
    """Several messages joined in a sentence ("Lawyer, Funding")."""

    msgids: tuple[str, ...]

    def render(self, translator: Translator) -> str:
        return ", ".join(translator.gettext(msgid) for msgid in self.msgids)


@dataclass(frozen=True)
class Menu:
    """Numbered options for a menu prompt."""

    msgids: tuple[str, ...]

    def render(self, translator: Translator) -> str:
        return translator.menu(self.msgids)


@dataclass(frozen=True)
class CountryName:
    """A country named in the reader's language, from CLDR."""

    code: str

    def render(self, translator: Translator) -> str:
        return Locale.parse(translator.language).territories.get(self.code, self.code)


@dataclass(frozen=True)
class CountryNames:
    """Example countries, named in the reader's language."""

    codes: tuple[str, ...]

    def render(self, translator: Translator) -> str:
        return ", ".join(CountryName(code).render(translator) for code in self.codes)


@dataclass(frozen=True)
class Say:
    """One bot message: a msgid or plural pair, its count and named parameters."""

    message: str | Plural
    params: dict[str, object] = field(default_factory=dict)
    count: int | None = None

    def render(self, translator: Translator) -> str:
        params = {
            name: value.render(translator) if hasattr(value, "render") else value
            for name, value in self.params.items()
        }
        if isinstance(self.message, Plural):
            return translator.ngettext(self.message, self.count or 0, **params)
        return translator.gettext(self.message, **params)
