"""The console's broadcast form: what staff typed, read into a `Draft`, and the sentence
that says what is wrong with it in their language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from starlette.datastructures import FormData

from bot.broadcasts.audience import Audience
from bot.broadcasts.control import BroadcastInvalid, Draft
from bot.console.i18n import UI_LANGUAGES
from bot.console.names import N_

INVALID = {
    ("name", "length"): N_("Give the broadcast a name of at most 200 characters."),
    ("texts", "missing"): N_("Write the text in at least one language."),
    ("texts", "language"): N_("Texts can be written in English, French, Spanish and Portuguese."),
    ("texts", "length"): N_("Each text has from 1 to 1,600 characters."),
    ("fallback_language", "no_text"): N_("Write a text in the fallback language."),
    ("audience", "too_many"): N_("Choose at most 200 values for each filter."),
    ("audience", "channel"): N_("Choose among Telegram, WhatsApp and SMS."),
    ("audience", "language"): N_("Choose among the four languages."),
    ("audience", "country"): N_("Countries are two-letter codes, such as CM or BR."),
    ("template", "content_sid"): N_(
        "A template's ContentSid is HX followed by 32 hexadecimal characters."
    ),
    ("template", "variables"): N_("Write each template variable as number=value, one a line."),
    ("scheduled_at", "timezone"): N_("Give the date and time as YYYY-MM-DD HH:MM (UTC)."),
}
UNKNOWN = N_("This broadcast cannot be saved as it is.")


@dataclass
class BroadcastForm:
    """The form's fields as typed, to show them again when something is wrong."""

    name: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    fallback_language: str = "en"
    regions: list[str] = field(default_factory=list)
    countries: str = ""
    languages: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    tags: str = ""
    template_sid: str = ""
    variables: str = ""
    scheduled_at: str = ""


def _words(value: str, *, upper: bool = False) -> tuple[str, ...]:
    words = (word.strip() for word in value.replace(";", ",").split(","))
    return tuple(word.upper() if upper else word for word in words if word)


def _variables(text: str) -> dict[str, str]:
    variables = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        name, sep, value = line.partition("=")
        if not sep or not name.strip().isdigit():
            raise BroadcastInvalid("template", "variables")
        variables[name.strip()] = value.strip()
    return variables


def _when(value: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise BroadcastInvalid("scheduled_at", "timezone") from None
    if not 2000 <= moment.year <= 2999:
        raise BroadcastInvalid("scheduled_at", "timezone")
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def read_form(data: FormData) -> BroadcastForm:
    def text(name: str) -> str:
        value = data.get(name, "")
        return value.replace("\x00", "") if isinstance(value, str) else ""

    def many(name: str) -> list[str]:
        return [v for v in data.getlist(name) if isinstance(v, str)]

    return BroadcastForm(
        name=text("name"),
        texts={lang: text(f"text_{lang}") for lang in UI_LANGUAGES if text(f"text_{lang}").strip()},
        fallback_language=text("fallback_language") or "en",
        regions=many("regions"),
        countries=text("countries"),
        languages=many("languages"),
        channels=many("channels"),
        tags=text("tags"),
        template_sid=text("template_sid").strip(),
        variables=text("variables"),
        scheduled_at=text("scheduled_at"),
    )


def draft_of(form: BroadcastForm) -> Draft:
    """The draft the form describes; raises BroadcastInvalid on what cannot be read."""
    return Draft(
        name=form.name,
        texts=form.texts,
        fallback_language=form.fallback_language,
        audience=Audience(
            regions=tuple(form.regions),
            countries=_words(form.countries, upper=True),
            languages=tuple(form.languages),
            channels=tuple(form.channels),
            tags=_words(form.tags),
        ),
        template_sid=form.template_sid or None,
        template_variables=_variables(form.variables),
        scheduled_at=_when(form.scheduled_at),
    )


def problem(error: BroadcastInvalid) -> str:
    """The untranslated sentence for `error` (translated where it is shown)."""
    return INVALID.get((error.field, error.code), UNKNOWN)
