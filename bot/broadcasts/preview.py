"""What a broadcast will do before it is sent: who gets it, and what the SMS will cost.

SMS figures are for the text as it goes out: converted to GSM-7 where that only drops an
accent (`i18n.sms.for_channel`, as the bot's own prompts are), split as the sender splits
it, and counted in the segments the provider bills.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcasts.audience import walk
from channels.splitting import split_text
from channels.twilio import MAX_TEXT_LENGTH as SMS_MAX_TEXT_LENGTH
from i18n.sms import Encoding, for_channel, segments
from storage.models import Broadcast


@dataclass(frozen=True)
class SmsCost:
    """One language's SMS text: its encoding and how many segments each recipient costs."""

    encoding: Encoding
    segments: int
    characters: int


@dataclass(frozen=True)
class Preview:
    recipients: int
    by_channel_language: Mapping[tuple[str, str], int]
    sms: Mapping[str, SmsCost]
    sms_segments: int
    price_per_segment: float
    by_channel: Mapping[str, int] = field(default_factory=dict)
    by_language: Mapping[str, int] = field(default_factory=dict)
    unreachable: int = 0  # targeted, but every address is on a channel that is off

    @property
    def estimated_cost(self) -> float:
        return round(self.sms_segments * self.price_per_segment, 4)

    def to_dict(self) -> dict[str, object]:
        return {
            "recipients": self.recipients,
            "unreachable": self.unreachable,
            "by_channel": dict(self.by_channel),
            "by_language": dict(self.by_language),
            "by_channel_language": [
                {"channel": channel, "language": language, "recipients": count}
                for (channel, language), count in sorted(self.by_channel_language.items())
            ],
            "sms": {
                language: {
                    "encoding": cost.encoding,
                    "segments": cost.segments,
                    "characters": cost.characters,
                }
                for language, cost in sorted(self.sms.items())
            },
            "sms_segments": self.sms_segments,
            "price_per_segment": self.price_per_segment,
            "estimated_cost": self.estimated_cost,
        }


def sms_cost(text: str) -> SmsCost:
    """Segments one recipient's SMS costs, over every part the sender will send."""
    converted = for_channel(text, "sms")
    parts = split_text(converted, SMS_MAX_TEXT_LENGTH, numbered=True)
    return SmsCost(
        encoding=segments(converted).encoding,
        segments=sum(segments(part).segments for part in parts),
        characters=len(converted),
    )


async def preview(
    session: AsyncSession, broadcast: Broadcast, price: float, channels: Collection[str]
) -> Preview:
    """Walk the audience as the enqueue will on the configured `channels`, counting
    instead of writing."""
    counts: Counter[tuple[str, str]] = Counter()
    unreachable = 0
    async for found in walk(session, broadcast, channels=channels):
        counts.update((r.channel, r.language) for r in found.recipients)
        unreachable += found.unreachable
    sms = {language: sms_cost(text) for language, text in broadcast.texts.items()}
    sms_segments = sum(
        count * sms[language].segments
        for (channel, language), count in counts.items()
        if channel == "sms" and language in sms
    )
    by_channel: Counter[str] = Counter()
    by_language: Counter[str] = Counter()
    for (channel, language), count in counts.items():
        by_channel[channel] += count
        by_language[language] += count
    return Preview(
        recipients=sum(counts.values()),
        by_channel_language=dict(counts),
        sms=sms,
        sms_segments=sms_segments,
        price_per_segment=price,
        by_channel=dict(by_channel),
        by_language=dict(by_language),
        unreachable=unreachable,
    )
