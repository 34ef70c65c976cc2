"""Which sentences of a message ask for something, so need keywords count only there."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from intake.classification.text import Token, sentence_spans


def request_spans(
    text: str, tokens: Sequence[Token], cues: Iterable[tuple[str, ...]]
) -> list[tuple[int, int]]:
    """Character spans of the sentences that ask: a question, or one holding a request cue.

    When no sentence asks anything in those words, the whole text counts as the request.
    """
    cue_texts = [f" {' '.join(cue)} " for cue in cues]
    asking = []
    for start, end in sentence_spans(text):
        words = " ".join(token.folded for token in tokens if start <= token.start < end)
        if "?" in text[start:end] or any(cue in f" {words} " for cue in cue_texts):
            asking.append((start, end))
    return asking or [(0, len(text))]


def within(position: int, spans: Sequence[tuple[int, int]]) -> bool:
    """True when a character offset lies in one of the spans."""
    return any(start <= position < end for start, end in spans)
