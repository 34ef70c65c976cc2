"""GSM-7 conversion and SMS segment counting."""

import pytest

from i18n.sms import SegmentInfo, segments, to_gsm7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Você está em perigo agora?", "Voce esta em perigo agora?"),
        ("ação, informação", "acao, informacao"),
        ("Ça, ça", "Ça, ca"),
        ("é è à ù ì ò ñ ü ä ö Ç É", "é è à ù ì ò ñ ü ä ö Ç É"),
        ("¿Está en peligro? ¡Sí!", "¿Esta en peligro? ¡Si!"),
        ("Côte d’Ivoire", "Cote d'Ivoire"),
        ("« Oui » — “yes” – ‘no’…", '" Oui " - "yes" - \'no\'...'),
        ("Êtes-vous\u202f?", "Etes-vous ?"),
        ("cœur", "coeur"),
        ("prix: 5 € [x]", "prix: 5 € [x]"),
        ("Привет, ação", "Привет, ação"),
        ("مرحبا", "مرحبا"),
        ("ok 👍 ação", "ok 👍 ação"),
        ("", ""),
    ],
)
def test_to_gsm7(text: str, expected: str) -> None:
    assert to_gsm7(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", SegmentInfo("GSM-7", 1, 0)),
        ("a" * 160, SegmentInfo("GSM-7", 1, 160)),
        ("a" * 161, SegmentInfo("GSM-7", 2, 161)),
        ("a" * 306, SegmentInfo("GSM-7", 2, 306)),
        ("a" * 307, SegmentInfo("GSM-7", 3, 307)),
        # Extension characters cost two septets each.
        ("€" * 80, SegmentInfo("GSM-7", 1, 160)),
        ("a" * 159 + "^", SegmentInfo("GSM-7", 2, 161)),
        ("{}[]~\\|^€", SegmentInfo("GSM-7", 1, 18)),
        # An escape pair is never split across parts: 152 + € would be 154 > 153.
        ("a" * 152 + "€" + "a" * 152, SegmentInfo("GSM-7", 3, 306)),
        # One character outside GSM-7 turns the whole text into UCS-2.
        ("a" * 69 + "ã", SegmentInfo("UCS-2", 1, 70)),
        ("a" * 70 + "ã", SegmentInfo("UCS-2", 2, 71)),
        ("a" * 133 + "ç", SegmentInfo("UCS-2", 2, 134)),
        ("a" * 134 + "ç", SegmentInfo("UCS-2", 3, 135)),
        # Astral characters (most emoji) are two UTF-16 units and are not split.
        ("😀" * 35, SegmentInfo("UCS-2", 1, 70)),
        ("😀" * 36, SegmentInfo("UCS-2", 2, 72)),
        ("a" + "😀" * 34, SegmentInfo("UCS-2", 1, 69)),
        ("a" * 66 + "😀" + "a" * 66, SegmentInfo("UCS-2", 3, 134)),
    ],
)
def test_segments(text: str, expected: SegmentInfo) -> None:
    assert segments(text) == expected


def test_conversion_saves_segments() -> None:
    text = "Você está em perigo agora? Responda SIM ou NÃO. " * 3
    assert segments(text).encoding == "UCS-2"
    converted = segments(to_gsm7(text))
    assert converted.encoding == "GSM-7"
    assert converted.segments < segments(text).segments
