"""One CSV row of the contact list, checked and normalised, or the reason it is refused."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import phonenumbers

from i18n.catalog import supported_language
from i18n.countries import country_codes, match_country
from intake.routing import region_of

COLUMNS = ("name", "phone", "telegram", "language", "country", "channels", "tags", "consent")
PHONE_CHANNELS = ("sms", "whatsapp")
CHANNELS = (*PHONE_CHANNELS, "telegram")
YES = frozenset({"yes", "y", "true", "1", "oui", "si", "sí", "sim", "opt-in", "optin"})
NO = frozenset({"no", "n", "false", "0", "non", "não", "nao", "opt-out", "optout"})
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class RowRejected(ValueError):
    """A row that cannot be imported. `str()` is the reason in English (command line,
    API); the console translates `template` and fills in `params`."""

    def __init__(self, template: str, **params: str) -> None:
        super().__init__(template % params if params else template)
        self.template, self.params = template, params


@dataclass(frozen=True)
class ContactRow:
    line: int
    name: str | None
    phone: str | None
    telegram: str | None
    language: str | None
    country: str | None
    region: str
    channels: tuple[str, ...]
    tags: tuple[str, ...] = field(default_factory=tuple)
    consent: bool | None = None

    def addresses(self) -> list[tuple[str, str]]:
        """(channel, address) for every channel this contact can be reached on."""
        found = [(c, self.phone) for c in self.channels if c in PHONE_CHANNELS and self.phone]
        if self.telegram and "telegram" in self.channels:
            found.append(("telegram", self.telegram))
        return found


def _country(raw: str) -> str | None:
    if not raw:
        return None
    if raw.upper() in country_codes():
        return raw.upper()
    found = match_country(raw)
    if found is None or not found.exact:
        raise RowRejected("unknown country %(value)s", value=repr(raw))
    return found.code


def _phone(raw: str, country: str | None) -> str | None:
    if not raw:
        return None
    try:
        number = phonenumbers.parse(raw, country)
    except phonenumbers.NumberParseException:
        raise RowRejected("invalid phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise RowRejected("invalid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _telegram(raw: str) -> str | None:
    if not raw:
        return None
    if not raw.lstrip("-").isdigit():
        raise RowRejected("a Telegram id is a number (the chat id)")
    return raw


def _language(raw: str) -> str | None:
    if not raw:
        return None
    language = supported_language(raw)
    if language is None:
        raise RowRejected("unsupported language %(value)s", value=repr(raw))
    return language


def _consent(raw: str) -> bool | None:
    value = raw.strip().casefold()
    if not value:
        return None
    if value in YES:
        return True
    if value in NO:
        return False
    try:
        datetime.fromisoformat(value)  # a date of consent counts as a yes
    except ValueError:
        raise RowRejected(
            "consent must be yes, no or a date (got %(value)s)", value=repr(raw)
        ) from None
    return True


def _split(raw: str) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(
            part.strip().lower() for part in raw.replace(",", ";").split(";") if part.strip()
        )
    )


def spreadsheet_safe(text: str) -> str:
    """A name that a spreadsheet shows as text, not runs as a formula (CSV injection)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _name(raw: str) -> str | None:
    """The name as written; the quote `spreadsheet_safe` added on export comes off."""
    if raw.startswith("'") and raw[1:].startswith(FORMULA_STARTS):
        raw = raw[1:]
    return raw or None


def parse_row(line: int, row: dict[str, str]) -> ContactRow:
    """Check one row; raises RowRejected with the reason."""
    for value in row.values():
        if any("\udc80" <= ch <= "\udcff" for ch in value or ""):
            raise RowRejected("not valid UTF-8 (save the file as UTF-8)")
    values = {key: (row.get(key) or "").strip() for key in COLUMNS}
    country = _country(values["country"])
    phone = _phone(values["phone"], country)
    telegram = _telegram(values["telegram"])
    channels = _split(values["channels"]) or (("sms",) if phone else ()) + (
        ("telegram",) if telegram else ()
    )
    unknown = set(channels) - set(CHANNELS)
    if unknown:
        raise RowRejected("unknown channel %(value)s", value=", ".join(sorted(unknown)))
    if any(c in PHONE_CHANNELS for c in channels) and not phone:
        raise RowRejected("an SMS or WhatsApp channel needs a phone number")
    if "telegram" in channels and not telegram:
        raise RowRejected("the Telegram channel needs a Telegram id")
    if not phone and not telegram:
        raise RowRejected("no phone number and no Telegram id")
    if country is None and phone:
        country = phonenumbers.region_code_for_number(phonenumbers.parse(phone))
    return ContactRow(
        line=line,
        name=_name(values["name"]),
        phone=phone,
        telegram=telegram,
        language=_language(values["language"]),
        country=country,
        region=region_of(country),
        channels=channels,
        tags=_split(values["tags"]),
        consent=_consent(values["consent"]),
    )
