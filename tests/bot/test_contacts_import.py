"""Importing the contact list: 6,000 rows with bad ones mixed in; every bad line named, the
rest imported once, phone numbers in E.164, nothing in clear at rest, re-running is safe."""

from __future__ import annotations

import io
import random
from pathlib import Path

import phonenumbers
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.contacts.importer import ContactImporter, ImportFileError
from storage.crypto import KeyRing
from storage.db import unit_of_work
from storage.models import ChannelIdentity, Contact
from storage.repositories.identities import IdentityRepository
from storage.vault import Vault
from tests.storage.test_encryption_at_rest import _raw_database_bytes

HEADER = b"name,phone,telegram,language,country,channels,tags,consent\n"
COUNTRIES = [("KE", "en"), ("CM", "fr"), ("CO", "es"), ("MZ", "pt"), ("PH", "en")]


def _mobile(country: str, n: int) -> str:
    """A valid mobile number of `country`, different for each `n`, in national format."""
    example = phonenumbers.example_number_for_type(country, phonenumbers.PhoneNumberType.MOBILE)
    national = str(example.national_number)
    for offset in range(1000):
        candidate = national[:-4] + f"{(n + offset) % 10000:04d}"
        number = phonenumbers.parse(candidate, country)
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    raise AssertionError("no valid number found")


def generate(total: int) -> tuple[bytes, dict[int, str], int]:
    """A CSV of `total` rows; returns it, the bad lines with the expected reason, and how
    many distinct contacts the good rows make."""
    random_source = random.Random(7)
    lines, bad, first_phone_line = [HEADER], {}, None
    first_phone = first_country = ""
    good = 0
    for index in range(total):
        line = index + 2
        country, language = COUNTRIES[index % len(COUNTRIES)]
        phone = _mobile(country, index)
        kind = random_source.random()
        if kind < 0.01:
            phone, bad[line] = "12345", "invalid phone number"
        elif kind < 0.02:
            country, bad[line] = "Atlantis", "unknown country"
        elif kind < 0.025 and first_phone_line is not None:
            phone, country, bad[line] = first_phone, first_country, "same contact as line"
        row = f"Person {index},{phone},,{language},{country},sms;whatsapp,pilot;{country},yes\n"
        encoded = row.encode()
        if 0.025 <= kind < 0.03:
            encoded, bad[line] = (
                f"Personne é{index},{phone},,fr,CM,sms,,yes\n".encode("latin-1"),
                "not valid UTF-8",
            )
        elif line not in bad:
            good += 1
            if first_phone_line is None:
                first_phone_line, first_phone, first_country = line, phone, country
        lines.append(encoded)
    return b"".join(lines), bad, good


async def _count(sessions: async_sessionmaker[AsyncSession], model: type) -> int:
    async with unit_of_work(sessions) as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_six_thousand_contacts_with_bad_rows(
    db_url: str, sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    data, bad, good = generate(6000)
    importer = ContactImporter(sessions, keyring)
    report = await importer.run(io.BytesIO(data))

    named = dict(report.problems)
    assert set(named) == set(bad)
    for line, reason in bad.items():
        assert named[line].startswith(reason), (line, named[line])
    assert report.created == good
    assert await _count(sessions, Contact) == good
    assert await _count(sessions, ChannelIdentity) == 2 * good  # sms and whatsapp

    again = await importer.run(io.BytesIO(data))
    assert again.created == 0 and again.merged == good
    assert await _count(sessions, Contact) == good

    sample = phonenumbers.format_number(
        phonenumbers.parse(_mobile("CM", 1), "CM"), phonenumbers.PhoneNumberFormat.E164
    )
    async with unit_of_work(sessions) as session:
        identity = await IdentityRepository(session, Vault(session, keyring)).find("sms", sample)
        assert identity is not None
        contact = await session.get(Contact, identity.contact_id)
        assert (contact.country, contact.region, contact.language) == ("CM", "africa", "fr")
        assert contact.consent_at is not None and "pilot" in contact.tags
    assert sample[1:].encode() not in _raw_database_bytes(db_url)
    assert b"Person 1," not in _raw_database_bytes(db_url)


async def test_a_file_without_a_header_is_refused(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing
) -> None:
    with pytest.raises(ImportFileError, match="first line must name the columns"):
        await ContactImporter(sessions, keyring).run(io.BytesIO(b"+254700000001,Ana\n"))


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (b"Ana,+254700000001,,xx,KE,sms,,yes\n", "unsupported language"),
        (b"Ana,+254700000001,,en,KE,fax,,yes\n", "unknown channel fax"),
        (b"Ana,,,en,KE,sms,,yes\n", "an SMS or WhatsApp channel needs a phone number"),
        (b"Ana,,@ana,en,KE,telegram,,yes\n", "a Telegram id is a number"),
        (b"Ana,+254700000001,,en,KE,sms,,maybe\n", "consent must be yes, no or a date"),
    ],
)
async def test_each_reason_is_explained(
    sessions: async_sessionmaker[AsyncSession], keyring: KeyRing, row: bytes, reason: str
) -> None:
    report = await ContactImporter(sessions, keyring).run(io.BytesIO(HEADER + row))
    assert report.rejected and report.rejected[0][0] == 2
    assert report.rejected[0][1].startswith(reason)


def test_the_command_prints_the_report(tmp_path: Path, settings, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from bot.cli import main

    monkeypatch.setenv("FRONTDOOR_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("FRONTDOOR_DATA_KEYS", settings.data_keys.get_secret_value())
    monkeypatch.setenv("FRONTDOOR_VAR_DIR", str(tmp_path / "var"))
    path = tmp_path / "contacts.csv"
    path.write_bytes(HEADER + b"Ana,0712345678,,en,KE,sms,,yes\nBo,123,,en,KE,sms,,yes\n")
    assert main(["contacts", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "1 contacts created" in out and "line 3: invalid phone number" in out
