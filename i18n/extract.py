"""Extract the message ids into the `.pot` template and merge them into every `.po`.

    .venv/bin/python -m i18n.extract            # after editing i18n/messages.py
    .venv/bin/python -m i18n.extract --init sw  # start the catalog of a new language

New or changed messages arrive in each `.po` empty or marked fuzzy, and the catalog
tests fail until a translator has written them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from i18n.catalog import DOMAIN, LOCALES_DIR

PACKAGE_DIR = Path(__file__).resolve().parent
MAPPING = PACKAGE_DIR / "babel.cfg"
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"
# The lazy markers of i18n/messages.py: N_(message) and NN_(singular, plural).
KEYWORDS: dict[str, tuple[int, ...] | None] = {"N_": None, "NN_": (1, 2)}
COMMENT_TAGS = ("TRANSLATORS:",)


def extract_template() -> Catalog:
    """Extract every marked message of the package into a fresh template catalog."""
    with MAPPING.open() as mapping:
        method_map, options_map = parse_mapping_cfg(mapping)
    template = Catalog(project="Frontdoor", domain=DOMAIN, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE_DIR,
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        template.add(
            message,
            None,
            [(f"i18n/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def _po_path(language: str) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write_po(
            out, catalog, width=88, include_lineno=False, sort_by_file=True, ignore_obsolete=True
        )


def update_catalogs(init: str | None = None) -> list[str]:
    """Write the template, start `init`'s catalog if asked, merge into every `.po`."""
    template = extract_template()
    _write(TEMPLATE, template)
    if init and not _po_path(init).exists():
        _write(_po_path(init), Catalog(locale=init, domain=DOMAIN, project="Frontdoor"))
    updated = []
    for po_path in sorted(LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        language = po_path.parents[1].name
        with po_path.open("rb") as po:
            catalog = read_po(po, locale=language, domain=DOMAIN)
        catalog.update(template, update_header_comment=False)
        _write(po_path, catalog)
        updated.append(language)
    return updated


def main(argv: list[str] | None = None) -> None:
    """Command line entry: `python -m i18n.extract [--init LANG]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--init", metavar="LANG", help="create the catalog of a new language")
    args = parser.parse_args(argv)
    print("updated:", ", ".join(update_catalogs(args.init)))


if __name__ == "__main__":
    main()
