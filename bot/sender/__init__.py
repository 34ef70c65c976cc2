"""The outbound sender: outbox rows out through the channel adapters, within the limits."""

from bot.sender.config import SenderConfig, TemplateConfig
from bot.sender.service import SenderTask, build_sender, start_sender
from bot.sender.status import (
    TWILIO_CHANNELS,
    StatusOutcome,
    apply_early_statuses,
    apply_status_update,
)
from bot.sender.worker import Sender

__all__ = [
    "TWILIO_CHANNELS",
    "Sender",
    "SenderConfig",
    "SenderTask",
    "StatusOutcome",
    "TemplateConfig",
    "apply_early_statuses",
    "apply_status_update",
    "build_sender",
    "start_sender",
]
