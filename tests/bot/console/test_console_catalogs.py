"""The console's own catalogs: complete in every language and in step with the sources."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from bot.console.extract import TEMPLATE, extract_template, po_path
from bot.console.i18n import UI_LANGUAGES, environment


def _ids(catalog) -> set:  # type: ignore[no-untyped-def]
    return {m.id for m in catalog if m.id}


def _forms(value):  # type: ignore[no-untyped-def]
    return value if isinstance(value, tuple) else (value,)


def test_template_is_up_to_date_with_the_sources() -> None:
    """Fails when a template or screen changed without `python -m bot.console.extract`."""
    with TEMPLATE.open("rb") as pot:
        assert _ids(extract_template()) == _ids(read_po(pot))


@pytest.mark.parametrize("language", UI_LANGUAGES)
def test_every_language_has_every_message_translated(language: str) -> None:
    with TEMPLATE.open("rb") as pot:
        wanted = _ids(read_po(pot))
    with po_path(language).open("rb") as po:
        catalog = read_po(po, locale=language)
    assert _ids(catalog) == wanted
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        forms = _forms(message.string)
        assert all(form.strip() for form in forms), message.id
        source = _forms(message.id)[0]
        for form in forms:
            assert set(_percent_names(form)) == set(_percent_names(source)), (message.id, form)


def _percent_names(text: str) -> list[str]:
    return re.findall(r"%\((\w+)\)s", text)


@pytest.mark.parametrize(
    ("language", "word"),
    [("en", "Sign in"), ("fr", "Se connecter"), ("es", "Iniciar sesión"), ("pt", "Entrar")],
)
def test_pages_render_in_each_language(language: str, word: str) -> None:
    html = environment(language).get_template("login.html").render(csrf="x", signed_in=False)
    assert f"<h1>{word}</h1>" in html and f'<html lang="{language}">' in html
