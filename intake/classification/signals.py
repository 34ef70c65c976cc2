"""Risk signals: negation, signals that need company, labelling conventions, and the level.

The level follows contract.md: `urgent` when any critical signal is present, or a high one
together with `immediate_danger`; `elevated` when any other signal is; else `none`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from intake.classification.matcher import Match
from intake.classification.taxonomy import Implication, Taxonomy, Together
from intake.classification.text import Token, sentence_spans, stem

CRITICAL = "critical"
HIGH = "high"
MODIFIER = "critical_modifier"
IMMEDIATE_DANGER = "immediate_danger"
NEGATION_WINDOW = 3
_NEGATION_BREAK = re.compile(r"[.;,!?\n]")

Evidence = dict[str, list[str]]


def is_negated(
    match: Match, tokens: Sequence[Token], text: str, cues: Collection[tuple[str, ...]]
) -> bool:
    """True when a negation cue ends within three words before the match, in the same clause."""
    window_start = max(0, match.start - NEGATION_WINDOW)
    for first in range(window_start, match.start):
        for last in range(first, match.start):
            if tuple(tokens[i].folded for i in range(first, last + 1)) in cues:
                cue_end = tokens[last].end
                if not _NEGATION_BREAK.search(text, cue_end, tokens[match.start].start):
                    return True
    return False


class TogetherRules:
    """Words that raise a signal only together in one sentence ("armed" + "night"), unless
    the sentence holds one of the rule's `unless` words.

    There are hundreds of rules and most sentences can satisfy none, so each rule is
    filed under the words of its smallest group, and a sentence tries only the rules one
    of its own words is filed under.
    """

    def __init__(self, rules: Sequence[Together]) -> None:
        self._rules = tuple(rules)
        self._by_key: dict[tuple[bool, str], list[int]] = {}
        for number, rule in enumerate(self._rules):
            for key in min(rule.groups, key=len):
                self._by_key.setdefault((rule.exact, key), []).append(number)

    def signals(self, tokens: Sequence[Token], text: str) -> Evidence:
        """The signals the rules raise in `text`, with the words of each group as evidence."""
        found: Evidence = {}
        for start, end in sentence_spans(text):
            words = [token for token in tokens if start <= token.start < end]
            keys = {
                True: frozenset(token.folded for token in words),
                False: frozenset(stem(token.folded) for token in words),
            }
            candidates = {
                number
                for exact, present in keys.items()
                for key in present
                for number in self._by_key.get((exact, key), ())
            }
            for number in sorted(candidates):
                rule = self._rules[number]
                present = keys[rule.exact]
                if not rule.unless.isdisjoint(present) or any(
                    group.isdisjoint(present) for group in rule.groups
                ):
                    continue
                hits = [
                    next(token.text for token in words if rule.key(token.folded) in group)
                    for group in rule.groups
                ]
                found.setdefault(rule.signal, []).extend(hits)
        return found


def keep_context_signals(
    signals: Evidence, context_signals: frozenset[str], taxonomy: Taxonomy
) -> Evidence:
    """Drop signals that only count beside a signal of their own (not a modifier)."""
    standalone = any(
        label not in context_signals and taxonomy.severity(label) != MODIFIER for label in signals
    )
    return {
        label: words
        for label, words in signals.items()
        if standalone or label not in context_signals
    }


def apply_implications(
    found: Mapping[str, Evidence], implications: Sequence[Implication], source: str
) -> None:
    """Add the labels that labelling conventions attach to the labels of `source`."""
    present = found[source]
    for rule in implications:
        triggers = [label for label in present if label in rule.when]
        if not triggers or (rule.beside_another_signal and set(present) <= rule.when):
            continue
        words = [word for label in triggers for word in present[label]]
        for field, labels in rule.add.items():
            for label in labels:
                found[field].setdefault(label, []).extend(words)


def risk_level(signals: Sequence[str], taxonomy: Taxonomy) -> str:
    """`urgent`, `elevated` or `none` for a set of risk signals (contract.md rule)."""
    severities = {taxonomy.severity(label) for label in signals}
    if CRITICAL in severities or (HIGH in severities and IMMEDIATE_DANGER in signals):
        return "urgent"
    return "elevated" if signals else "none"
