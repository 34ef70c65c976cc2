"""The gettext catalogs: complete, consistent with the source, and cheap on SMS."""

from __future__ import annotations

from datetime import date

import pytest
from babel import Locale
from babel.core import get_global
from babel.dates import format_date
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from i18n import messages as M
from i18n.catalog import (
    DOMAIN,
    LOCALES_DIR,
    SUPPORTED_LANGUAGES,
    language_menu,
    placeholders,
    translator,
)
from i18n.extract import TEMPLATE, extract_template
from i18n.sms import segments, to_gsm7

# Messages allowed up to three SMS segments; every other one must fit in one.
LONG_MESSAGES = {M.CONSENT, M.SAFETY_GUIDANCE}


def _read(path) -> Catalog:
    with path.open("rb") as po:
        return read_po(po)


def _po(language: str) -> Catalog:
    return _read(LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po")


def _ids(catalog: Catalog) -> set:
    return {message.id for message in catalog if message.id}


def _forms(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _source_forms(message: Message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


TEMPLATE_CATALOG = _read(TEMPLATE)
TEMPLATE_MESSAGES = [message for message in TEMPLATE_CATALOG if message.id]


def test_the_four_languages_are_supported() -> None:
    assert set(SUPPORTED_LANGUAGES) >= {"en", "fr", "es", "pt"}
    assert SUPPORTED_LANGUAGES[0] == "en"


def test_template_is_up_to_date_with_messages_module() -> None:
    """Fails when i18n/messages.py changed without `python -m i18n.extract`."""
    assert _ids(extract_template()) == _ids(TEMPLATE_CATALOG)


def test_every_constant_of_messages_module_is_extracted() -> None:
    constants = {
        value if isinstance(value, str) else tuple(value)
        for name, value in vars(M).items()
        if name.isupper() and isinstance(value, str | M.Plural)
    }
    assert constants == _ids(TEMPLATE_CATALOG)


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_catalog_has_every_message_and_no_stale_one(language: str) -> None:
    catalog = _po(language)
    assert _ids(catalog) == _ids(TEMPLATE_CATALOG)
    assert not catalog.obsolete


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_catalog_has_no_fuzzy_or_empty_entry(language: str) -> None:
    catalog = _po(language)
    assert not catalog.fuzzy
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        forms = _forms(message)
        if message.pluralizable:
            assert len(forms) == catalog.num_plurals, message.id
        assert all(form.strip() for form in forms), message.id


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_placeholders_match_the_source(language: str) -> None:
    for message in _po(language):
        if not message.id:
            continue
        singular, *plural = _source_forms(message)
        required = placeholders(singular)
        allowed = required.union(*(placeholders(form) for form in plural))
        for form in _forms(message):
            assert required <= placeholders(form) <= allowed, (message.id, form)


def _latin_script(language: str) -> bool:
    return "_Latn" in get_global("likely_subtags").get(language, "_Latn")


def _samples(language: str, msgid: str) -> dict[str, object]:
    """Realistic, long-ish values for each placeholder, in `language`."""
    t = translator(language)
    names = Locale.parse(language).territories
    support = [t.gettext(label) for _, label in M.SUPPORT_OPTIONS]
    language_prompts = {M.LANGUAGE_MENU, M.LANGUAGE_NOT_UNDERSTOOD}
    return {
        "options": language_menu()
        if msgid in language_prompts
        else t.menu([label for _, label in M.SUPPORT_OPTIONS]),
        "reference": "CRE-2026-000123",
        "country": names["CD"],
        "support": max(support, key=len),
        "examples": ", ".join(names[code] for code in ("CM", "BR", "PH")),
        "contacts": "+353 1 210 0489, +32 2 318 70 13",
        "code": "4821",
        "step": max((t.gettext(step) for step in M.RESUME_STEPS.values()), key=len),
        "status": max((t.gettext(status) for status in M.CASE_STATUSES.values()), key=len),
        "days": 10,
        # Calls for proposals: a call's own title and question, and its dates.
        "title": "Community land and water fund 2027",
        "number": 10,
        "total": 12,
        "question": "What will your group do with the grant, and who will benefit from it?",
        "keyword": "CANDIDATAR",
        "date": format_date(date(2027, 9, 30), format="long", locale=language),
    }


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("message", TEMPLATE_MESSAGES, ids=lambda m: _source_forms(m)[0][:30])
def test_every_prompt_fits_one_gsm7_segment(language: str, message: Message) -> None:
    t = translator(language)
    singular = _source_forms(message)[0]
    params = _samples(language, singular)
    if message.pluralizable:
        rendered = [t.ngettext(M.Plural(*message.id), n, **params) for n in (1, 25)]
    else:
        rendered = [t.gettext(singular, **params)]
    limit = 3 if singular in LONG_MESSAGES else 1
    if not _latin_script(language):
        # "One segment where the language allows": another script is always UCS-2,
        # which holds 70 characters instead of 160.
        limit *= 2
    for text in rendered:
        info = segments(to_gsm7(text))
        assert info.encoding == "GSM-7" or not _latin_script(language), text
        assert info.segments <= limit, (info, text)


def test_translator_formats_named_placeholders() -> None:
    assert translator("fr").gettext(M.CONFIRM_COUNTRY, country="Cameroun") == (
        "Vouliez-vous dire Cameroun ? Répondez OUI ou NON."
    )
    assert translator("en").gettext(M.STATUS, reference="CRE-1", status="closed") == (
        "Case CRE-1: closed."
    )


@pytest.mark.parametrize(
    ("language", "n", "expected"),
    [
        ("en", 1, "We have added your message to case CRE-1."),
        ("en", 3, "We have added your 3 messages to case CRE-1."),
        ("fr", 1, "Nous avons ajouté votre message au dossier CRE-1."),
        ("fr", 2, "Nous avons ajouté vos 2 messages au dossier CRE-1."),
        ("es", 4, "Añadimos sus 4 mensajes al caso CRE-1."),
        ("pt", 1, "Adicionamos a sua mensagem ao caso CRE-1."),
    ],
)
def test_ngettext_picks_the_plural_form(language: str, n: int, expected: str) -> None:
    assert translator(language).ngettext(M.FOLLOWUP_ACK, n, reference="CRE-1") == expected


@pytest.mark.parametrize(
    ("tag", "language"),
    [("pt-BR", "pt"), ("es_419", "es"), ("FR", "fr"), ("en-GB", "en"), ("de", "en"), (None, "en")],
)
def test_translator_accepts_language_tags(tag: str | None, language: str) -> None:
    assert translator(tag).language == language


def test_translators_are_independent() -> None:
    """No process-global locale: two conversations in two languages at once."""
    french, spanish = translator("fr"), translator("es")
    assert french.gettext(M.ASK_COUNTRY) == "Dans quel pays cela se passe-t-il ?"
    assert spanish.gettext(M.ASK_COUNTRY) == "¿En qué país está pasando esto?"
    assert french.gettext(M.ASK_COUNTRY) == "Dans quel pays cela se passe-t-il ?"


def test_language_menu_names_each_language_in_itself() -> None:
    menu = language_menu()
    for name in ("English", "Français", "Español", "Português"):
        assert name in menu
    assert menu.startswith("1 English\n")


def test_menu_numbers_translated_options() -> None:
    menu = translator("pt").menu([M.SUPPORT_LEGAL, M.SUPPORT_FUNDING])
    assert menu == "1 Advogado\n2 Financiamento"


def test_case_statuses_cover_the_contract() -> None:
    assert set(M.CASE_STATUSES) == {"new", "open", "waiting", "referred", "closed"}
