"""Sentences that hold a cue: those that ask for something (need keywords count only there)
and those that set their events aside ("the tear gas had nothing to do with us")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from intake.classification.text import Token, sentence_spans

Span = tuple[int, int]


def cue_spans(
    text: str, tokens: Sequence[Token], cues: Iterable[tuple[str, ...]], questions: bool = False
) -> list[Span]:
    """Character spans of the sentences holding one of the cues (or a question mark)."""
    cue_texts = [f" {' '.join(cue)} " for cue in cues]
    found = []
    for start, end in sentence_spans(text):
        words = " ".join(token.folded for token in tokens if start <= token.start < end)
        if (questions and "?" in text[start:end]) or any(c in f" {words} " for c in cue_texts):
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
