"""Sentences that hold a cue: those that ask for something (need keywords count only there)
and those that set their events aside ("the tear gas had nothing to do with us"); and
general requests that a more precise need narrows down."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from intake.classification.matcher import Match
from intake.classification.text import Token, sentence_spans

Span = tuple[int, int]
NEEDS = "needs"
NARROWING_GAP = 2  # "advice on digital security", "asesoría para una queja"
# Words that join two requests rather than narrow one: "advice and a lawyer" asks for both.
_JOINING = frozenset(
    {"and", "or", "also", "plus", "y", "e", "et", "ou", "ni", "nor", "tambien", "tambem", "aussi"}
)
_CLAUSE_BREAK = frozenset(",.;:!?")


def cue_spans(
    text: str, tokens: Sequence[Token], cues: Iterable[tuple[str, ...]], questions: bool = False
) -> list[Span]:
    """Character spans of the sentences holding one of the cues (or a question mark)."""
    cue_texts = [f" {' '.join(cue)} " for cue in cues]
    found = []
    for start, end in sentence_spans(text):
        words = " ".join(token.folded for token in tokens if start <= token.start < end)
        padded = f" {words} "
        if (questions and "?" in text[start:end]) or any(c in padded for c in cue_texts):
            found.append((start, end))
    return found


def request_spans(
    text: str, tokens: Sequence[Token], cues: Iterable[tuple[str, ...]]
) -> list[Span]:
    """Spans of the sentences that ask: a question, or one holding a request cue.

    When no sentence asks anything in those words, the whole text counts as the request.
    """
    return cue_spans(text, tokens, cues, questions=True) or [(0, len(text))]


def within(position: int, spans: Sequence[Span]) -> bool:
    """True when a character offset lies in one of the spans."""
    return any(start <= position < end for start, end in spans)


def narrow_general_needs(
    matches: Sequence[Match], tokens: Sequence[Token], text: str, general: frozenset[str]
) -> list[Match]:
    """Matches where a general need ("advice", "training") gives way to the need it names.

    A phrase whose needs are all general loses them when the next phrase that names another
    need starts at most two words after it, in the same clause and not joined by "and":
    "advice on digital security" asks for digital security, not for a strategy; "advice and
    a lawyer" asks for both.
    """
    narrowed = []
    for index, match in enumerate(matches):
        needs = {ref.label for ref in match.refs if ref.field == NEEDS}
        if needs and needs <= general:
            precise = next(
                (later for later in matches[index + 1 :] if _names_a_need(later, general)), None
            )
            if precise is not None and _narrows(match, precise, tokens, text):
                match = replace(
                    match, refs=frozenset(ref for ref in match.refs if ref.field != NEEDS)
                )
        narrowed.append(match)
    return narrowed


def _narrows(general: Match, precise: Match, tokens: Sequence[Token], text: str) -> bool:
    between = tokens[general.end : precise.start]
    return (
        len(between) <= NARROWING_GAP
        and not any(token.folded in _JOINING for token in between)
        and _CLAUSE_BREAK.isdisjoint(
            text[tokens[general.end - 1].end : tokens[precise.start].start]
        )
    )


def _names_a_need(match: Match, general: frozenset[str]) -> bool:
    return any(ref.field == NEEDS and ref.label not in general for ref in match.refs)
