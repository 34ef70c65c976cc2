"""Text from people, made safe to show: escaped, with bidirectional controls visible.

Autoescape stops markup; it does not stop a right-to-left override (U+202E) from
reordering what staff read ("Trojan Source"). Every such control is shown as its code
point, `⟨U+202E⟩`, inside `<bdi>` so the text cannot spill into the page around it.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible_controls(text: str) -> str:
    return BIDI_CONTROLS.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


def people(value: object) -> Markup:
    """The Jinja filter for anything a person (or staff) typed."""
    if value is None:
        return Markup("")
    return Markup("<bdi>%s</bdi>") % escape(visible_controls(str(value)))
