"""Every sentence the bot says, as message ids for the gettext catalogs.

The constants are English source strings marked with `N_` / `NN_` so that Babel's
extraction finds them (`python -m i18n.extract`); they are translated only when a reply
is rendered, in the contact's language, through `i18n.translator(language)`.

Rules that keep them cheap and safe on SMS: each prompt fits one GSM-7 segment in every
language (consent and safety guidance at most three), whole sentences with named
`{placeholders}`, and no wording an operator could filter on (domain.md §6 rule 8).
Words in capitals are what the person can reply; they must be keywords of the language.
"""

from __future__ import annotations

from typing import NamedTuple


class Plural(NamedTuple):
    """A message with a singular and a plural source form, for `Translator.ngettext`."""

    singular: str
    plural: str


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet."""
    return message


def NN_(singular: str, plural: str) -> Plural:
    """Mark a plural message for extraction without translating it yet."""
    return Plural(singular, plural)


# -- Greeting and language -------------------------------------------------------------
GREETING = N_(
    "Hello, this is Frontdoor. We help communities affected by projects such as dams, "
    "mines or plantations."
)
LANGUAGE_MENU = N_("Which language do you prefer? Reply with a number:\n{options}")
LANGUAGE_CHANGED = N_("OK, we will continue in English.")
LANGUAGE_NOT_UNDERSTOOD = N_("Sorry, please reply with the number of your language:\n{options}")

# -- Consent ---------------------------------------------------------------------------
CONSENT = N_(
    "Before we start: we will keep what you write so that our team can help you. Only our "
    "team reads it, but the phone company and the app can see messages: SMS is not secure. "
    "You can erase everything at any time by writing ERASE. Do you agree? Reply YES or NO."
)
CONSENT_DECLINED = N_("Understood. No case has been opened. You can write to us again at any time.")

# -- What is happening -----------------------------------------------------------------
ASK_WHAT_HAPPENED = N_(
    "Please tell us what is happening, in your own words. You can send several messages."
)
ASK_MORE_OR_DONE = N_(
    "Thank you. Anything else? Keep writing, or write DONE when you have finished."
)

# -- Where -----------------------------------------------------------------------------
ASK_COUNTRY = N_("In which country is this happening?")
COUNTRY_NOT_UNDERSTOOD = N_(
    "Sorry, we did not recognise that country. Please write its name, for example: {examples}."
)
CONFIRM_COUNTRY = N_("Did you mean {country}? Reply YES or NO.")
ASK_PLACE = N_("Which place or community is affected? The district or region is enough.")

# -- Who is involved -------------------------------------------------------------------
ASK_WHO = N_(
    "Who is involved? For example a company, a bank, a government office or the name of "
    "the project."
)

# -- Support menu ----------------------------------------------------------------------
ASK_SUPPORT = N_("What help do you need? Reply with a number:\n{options}")
SUPPORT_LEGAL = N_("Lawyer")
SUPPORT_STRATEGY = N_("Strategy, advocacy")
SUPPORT_RESEARCH = N_("Follow the money")
SUPPORT_COMPLAINT = N_("Bank complaint")
SUPPORT_FUNDING = N_("Funding")
SUPPORT_CONNECTIONS = N_("Contacts")
SUPPORT_SAFETY = N_("Safety")
SUPPORT_MEDIA = N_("Media")
SUPPORT_OTHER = N_("Other")
SUPPORT_NOT_UNDERSTOOD = N_(
    "Sorry, we did not understand. Please reply with one number from the list, for example 1 or 5."
)

# The menu in its order; keys are taxonomy `need` ids, except "other".
SUPPORT_OPTIONS: tuple[tuple[str, str], ...] = (
    ("legal", SUPPORT_LEGAL),
    ("strategy", SUPPORT_STRATEGY),
    ("research_follow_the_money", SUPPORT_RESEARCH),
    ("accountability_complaint", SUPPORT_COMPLAINT),
    ("funding_grant", SUPPORT_FUNDING),
    ("connections_exchange", SUPPORT_CONNECTIONS),
    ("security_protection", SUPPORT_SAFETY),
    ("media_visibility", SUPPORT_MEDIA),
    ("other", SUPPORT_OTHER),
)

# -- Safety ----------------------------------------------------------------------------
ASK_SAFETY = N_("Are you or others in danger now? Reply YES or NO.")
SAFETY_GUIDANCE = N_(
    "Your safety comes first. We have marked your request as urgent and someone from our "
    "team will contact you as soon as possible. If you need help right now, contact: "
    "{contacts}. If it is safe to do so, delete these messages from your phone."
)

# -- Name and contact (optional) -------------------------------------------------------
ASK_NAME = N_("What name should we use for you? You can also write SKIP to stay anonymous.")
ASK_CONTACT = N_(
    "How can we reach you safely if needed? For example a number for Signal or WhatsApp. "
    "Or write SKIP."
)

# -- Confirmation ----------------------------------------------------------------------
SUMMARY = N_(
    "Summary. Country: {country}. Help: {support}. Shall we send your request to our team? "
    "Reply YES or NO."
)
SUMMARY_DECLINED = N_(
    "Nothing has been sent. Write RESTART to start again, or HUMAN to talk to a person."
)
CASE_CREATED = NN_(
    "Thank you. Your case number is {reference}. Our team will reply within {days} working "
    "day. Write STATUS to follow it.",
    "Thank you. Your case number is {reference}. Our team will reply within {days} working "
    "days. Write STATUS to follow it.",
)
CASE_CREATED_URGENT = N_(
    "Your case number is {reference}. Someone from our team will contact you as soon as possible."
)
FOLLOWUP_ACK = NN_(
    "We have added your message to case {reference}.",
    "We have added your {count} messages to case {reference}.",
)

# -- Commands --------------------------------------------------------------------------
HELP = N_(
    "You can write: HELP, LANGUAGE, RESTART, STATUS (your case), HUMAN (talk to a person), "
    "STOP (no more news), START, ERASE (delete your data)."
)
STATUS = N_("Case {reference}: {status}.")
STATUS_NEW = N_("received, not yet read by our team")
STATUS_OPEN = N_("our team is working on it")
STATUS_WAITING = N_("we are waiting for more information")
STATUS_REFERRED = N_("shared with a partner who can help")
STATUS_CLOSED = N_("closed")
STATUS_NO_CASE = N_("You have no case with us yet. Tell us what is happening and we will open one.")
HUMAN_REQUESTED = N_(
    "OK. A person from our team will reply here as soon as possible. You can keep writing "
    "in the meantime."
)
STOPPED = N_(
    "You will receive no more announcements from us. You can still write to us at any "
    "time. Write START to receive them again."
)
STARTED = N_("You will receive our announcements again. Write STOP to stop them at any time.")
ERASE_CONFIRM = N_(
    "To erase all your data and messages, reply with this code: {code}. Any other reply cancels."
)
ERASE_DONE = N_("Your data has been erased. You can write to us again at any time.")
ERASE_CANCELLED = N_("Nothing was erased. We continue where we were.")
RESTARTED = N_("OK, let us start again.")

# The status of a case, by its id in the contract (new → open → waiting → referred → closed).
CASE_STATUSES: dict[str, str] = {
    "new": STATUS_NEW,
    "open": STATUS_OPEN,
    "waiting": STATUS_WAITING,
    "referred": STATUS_REFERRED,
    "closed": STATUS_CLOSED,
}

# -- Resuming an idle conversation -----------------------------------------------------
RESUME_REMINDER = N_(
    "Welcome back. We had stopped at: {step}. Please continue, or write RESTART to begin again."
)
STEP_LANGUAGE = N_("choosing your language")
STEP_CONSENT = N_("your agreement")
STEP_WHAT_HAPPENED = N_("what is happening")
STEP_COUNTRY = N_("the country")
STEP_PLACE = N_("the place")
STEP_WHO = N_("who is involved")
STEP_SUPPORT = N_("the help you need")
STEP_SAFETY = N_("your safety")
STEP_NAME = N_("your name")
STEP_CONTACT = N_("how to reach you")
STEP_CONFIRM = N_("the summary")
STEP_APPLICATION = N_("your application")

# `{step}` of RESUME_REMINDER, by conversation step.
RESUME_STEPS: dict[str, str] = {
    "language": STEP_LANGUAGE,
    "consent": STEP_CONSENT,
    "what_happened": STEP_WHAT_HAPPENED,
    "country": STEP_COUNTRY,
    "place": STEP_PLACE,
    "who": STEP_WHO,
    "support": STEP_SUPPORT,
    "safety": STEP_SAFETY,
    "name": STEP_NAME,
    "contact": STEP_CONTACT,
    "confirm": STEP_CONFIRM,
    "applying": STEP_APPLICATION,
}

# -- Answers the bot could not use -----------------------------------------------------
NOT_UNDERSTOOD = N_(
    "Sorry, we did not understand. Please answer the question above, for example with YES, "
    "NO or a number, or write HELP."
)
YES_NO_HINT = N_("Please reply YES or NO.")
EMPTY_MESSAGE = N_("Your message arrived empty. Please write your answer in words.")
MEDIA_NOT_SUPPORTED = N_(
    "We can only read text for now. Please describe it in words. Do not send photos of "
    "people or documents here."
)
MESSAGE_TOO_LONG_ACCEPTED = N_("We received your long message in full. Thank you.")

# -- After the case is closed ----------------------------------------------------------
SATISFACTION_QUESTION = N_(
    "Your case {reference} is closed. Were you happy with our help? Reply with a number "
    "from 1 (not at all) to 5 (very)."
)
SATISFACTION_THANKS = N_("Thank you for your answer.")

# -- Alerts to staff on duty (their own language; the case reference only, never content) ----
ALERT_URGENT_CASE = N_("Urgent case {reference} is waiting in the console. Please open it now.")

# -- Calls for proposals: applying by chat ------------------------------------------------
# {title} and {question} are the call's own words, written by the secretariat per language.
APPLICATION_STARTED = NN_(
    "Application to {title}: we will ask you {count} question. Write PAUSE to stop and "
    "continue later.",
    "Application to {title}: we will ask you {count} questions. Write PAUSE to stop and "
    "continue later.",
)
APPLICATION_QUESTION = N_("Question {number} of {total}: {question}")
APPLICATION_RESUMED = N_("Welcome back to your application to {title}. Let us continue.")
APPLICATION_PAUSED = N_("Your application is saved. Write {keyword} when you want to continue.")
APPLICATION_RECEIVED = N_(
    "Thank you. We received your application {reference}. The grant team will contact you."
)
APPLICATION_ALREADY_SENT = N_("You already applied to {title}. Your reference is {reference}.")
CALL_CLOSED = N_(
    "Thank you for your interest. The call {title} closed on {date} and no longer takes "
    "applications."
)
CALL_NOT_OPEN_YET = N_("The call {title} opens on {date}. Please write {keyword} again then.")
