"""All tables; importing this module registers them on `Base.metadata`."""

from storage.models.base import Base, utcnow
from storage.models.broadcasts import (
    AUDIENCE_FIELDS,
    BROADCAST_STATUSES,
    Broadcast,
    BroadcastRecipient,
)
from storage.models.calls import Application, Call
from storage.models.case_labels import CaseLabel
from storage.models.cases import (
    CASE_STATUSES,
    PRIORITIES,
    RISK_LEVELS,
    AuditEntry,
    Case,
    CaseEvent,
    Counter,
    Note,
)
from storage.models.console import (
    Connection,
    LoginThrottle,
    StaffRateLimit,
    StaffSecondFactor,
    StaffSession,
)
from storage.models.contacts import ChannelIdentity, Contact, ContactKey
from storage.models.conversations import Conversation, InboundEvent
from storage.models.messages import (
    PRIORITY_ALERT,
    PRIORITY_BULK,
    PRIORITY_REPLY,
    Message,
    OutboxItem,
)
from storage.models.sending import EarlyStatus, OutboxPart, RateLimitState
from storage.models.staff import ROLES, ApiToken, Queue, QueueMembership, StaffUser

__all__ = [
    "AUDIENCE_FIELDS",
    "BROADCAST_STATUSES",
    "CASE_STATUSES",
    "PRIORITIES",
    "PRIORITY_ALERT",
    "PRIORITY_BULK",
    "PRIORITY_REPLY",
    "RISK_LEVELS",
    "ROLES",
    "ApiToken",
    "Application",
    "AuditEntry",
    "Base",
    "Broadcast",
    "BroadcastRecipient",
    "Call",
    "Case",
    "CaseEvent",
    "CaseLabel",
    "ChannelIdentity",
    "Connection",
    "Contact",
    "ContactKey",
    "Conversation",
    "Counter",
    "EarlyStatus",
    "InboundEvent",
    "LoginThrottle",
    "Message",
    "Note",
    "OutboxItem",
    "OutboxPart",
    "Queue",
    "QueueMembership",
    "RateLimitState",
    "StaffRateLimit",
    "StaffSecondFactor",
    "StaffSession",
    "StaffUser",
    "utcnow",
]
