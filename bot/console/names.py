"""What the console calls the contract's fixed ids, translated where shown."""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return message


CASE_STATUS = {
    "new": N_("New"),
    "open": N_("Open"),
    "waiting": N_("Waiting"),
    "referred": N_("Referred"),
    "closed": N_("Closed"),
}
PRIORITY = {"urgent": N_("Urgent"), "high": N_("High"), "normal": N_("Normal"), "low": N_("Low")}
RISK = {"urgent": N_("In danger"), "elevated": N_("At risk"), "none": N_("No risk noted")}
MESSAGE_STATUS = {
    "received": N_("received"),
    "pending": N_("waiting to send"),
    "queued": N_("queued"),
    "sending": N_("sending"),
    "sent": N_("sent"),
    "delivered": N_("delivered"),
    "read": N_("read"),
    "undelivered": N_("not delivered"),
    "failed": N_("failed"),
    "canceled": N_("canceled"),
    "stopped": N_("stopped by the person"),
}
EVENT = {
    "created": N_("Case created"),
    "assigned": N_("Assigned"),
    "alerted": N_("Defenders alerted"),
    "relabelled": N_("Labels updated by the classifier"),
    "rerouted": N_("Re-routed"),
    "replied": N_("Reply sent"),
    "noted": N_("Note added"),
    "status_changed": N_("Status changed"),
    "priority_changed": N_("Priority changed"),
    "moved": N_("Moved to another queue"),
    "labels_corrected": N_("Labels corrected"),
    "referred": N_("Referred to a partner"),
    "resent": N_("Message re-sent"),
}
DIMENSION = {
    "needs": N_("Support needed"),
    "violations": N_("Violations"),
    "actors": N_("Actors"),
    "sectors": N_("Sectors"),
    "institutions": N_("Institutions"),
    "risk_signals": N_("Risk signals"),
}
ACTOR = {"system": N_("Frontdoor"), "contact": N_("the person")}
CHANNEL = {
    "telegram": "Telegram",
    "sms": "SMS",
    "whatsapp": "WhatsApp",
    "simulator": N_("Simulator"),
    "terminal": N_("Terminal"),
}


def label_name(label_id: str) -> str:
    """Taxonomy ids are snake_case English: readable enough in every console language."""
    return label_id.replace("_", " ")
