"""The conversation engine: one inbound text in, the new state and the replies out.

Everything happens in the caller's transaction: the inbound message, the new state, the
case and the replies (outbox rows) are committed together or not at all, so a crash
between receiving and replying loses nothing and sends nothing twice.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from i18n import messages as m
from i18n.catalog import SUPPORTED_LANGUAGES, translator
from i18n.sms import for_channel
from intake.applications import named_call, save_application
from intake.casework import case_of, open_case, reassess
from intake.classification.classifier import classify
from intake.conversation import applying
from intake.conversation import understanding as words
from intake.conversation.answers import Answers
from intake.conversation.commands import recognise, run_command
from intake.conversation.offers import CallOffer, Progress, keyword_language
from intake.conversation.replies import Msg, Say
from intake.conversation.states import QUESTION_STATES, STEP_NAMES, State
from intake.conversation.steps import STEPS, Effect, Outcome, language_menu, prompt
from intake.routing import RuleSet
from storage.crypto import KeyRing
from storage.models import Case, ChannelIdentity, Contact, Conversation, utcnow
from storage.repositories.cases import CaseRepository
from storage.repositories.erasure import erase_contact, farewell_identity
from storage.repositories.identities import IdentityRepository
from storage.repositories.messages import MessageRepository
from storage.vault import Vault

IDLE_TIMEOUT = timedelta(hours=24)
ACK_EVERY = 5
MAX_TEXT = 10_000
WORDS_TO_KEEP_FIRST_MESSAGE = 4
# Front Line Defenders' 24/7 line, named neutrally: SMS wording must not draw attention.
DEFAULT_EMERGENCY_CONTACTS = "FLD +353 1 210 0489"
LOCAL_CHANNELS = frozenset({"simulator", "terminal"})
PHONE_CHANNELS = frozenset({"sms", "whatsapp"})


@dataclass(frozen=True)
class IncomingText:
    """A message from a person, whatever channel it came on."""

    channel: str
    address: str
    text: str
    language_hint: str | None = None
    media_count: int = 0


@dataclass
class Handled:
    replies: list[str] = field(default_factory=list)
    state: str = ""
    reference: str | None = None


@dataclass(frozen=True)
class IntakeSettings:
    idle_timeout: timedelta = IDLE_TIMEOUT
    reply_days: int = 3
    emergency_contacts: dict[str, str] = field(default_factory=dict)
    default_emergency_contacts: str = DEFAULT_EMERGENCY_CONTACTS
    rules: RuleSet | None = None


def warm_up() -> None:
    """Load the classifier's tables and the language model (about a second, once)."""
    classify("warm up", "en")
    words.detect_language("warm up")


def clean_text(text: str) -> str:
    """Drop NUL and other control characters that break storage, keep everything else."""
    kept = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")
    return kept[:MAX_TEXT].strip()


class ConversationEngine:
    def __init__(
        self,
        keyring: KeyRing,
        settings: IntakeSettings | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.keyring = keyring
        self.settings = settings or IntakeSettings()
        self.clock = clock

    async def handle(self, session: AsyncSession, incoming: IncomingText) -> Handled:
        now = self.clock()
        vault = Vault(session, self.keyring)
        identities = IdentityRepository(session, vault)
        identity, _ = await identities.find_or_create_contact_identity(
            incoming.channel, incoming.address, seen_at=now
        )
        conversation = await session.scalar(
            select(Conversation).where(Conversation.identity_id == identity.id).with_for_update()
        )
        text = clean_text(incoming.text)
        messages = MessageRepository(session, vault)
        await messages.record_inbound(
            identity,
            incoming.text.replace("\x00", ""),
            case_id=conversation.case_id if conversation else None,
        )
        waiting_for_code = conversation is not None and conversation.state == State.ERASE_CONFIRM
        call = None if waiting_for_code else await named_call(session, vault, identity, text, now)
        if conversation is None:
            phone = incoming.address if incoming.channel in PHONE_CHANNELS else None
            answers = Answers(
                language=words.detect_language(text, hint=incoming.language_hint, phone=phone)
            )
            conversation = Conversation(
                id=uuid.uuid4(), identity_id=identity.id, state=State.CONSENT.value, version=0
            )
            session.add(conversation)
            if call is None:
                outcome = self._first_contact(answers, text)
            else:
                outcome = await self._first_application(session, identity, answers, call, incoming)
        else:
            raw = await vault.open_from(conversation, "answers_enc", contact_id=identity.contact_id)
            answers = Answers.from_json(raw)
            outcome = self._next(
                State(conversation.state),
                answers,
                text,
                conversation,
                now,
                incoming.media_count,
                call,
            )

        replies = list(outcome.replies)
        if Effect.ERASE in outcome.effects:
            return await self._erase(session, vault, identity, incoming, answers)
        replies += await self._apply(session, vault, identity, conversation, answers, outcome)

        conversation.state = outcome.state.value
        conversation.language = answers.language
        conversation.updated_at = now
        conversation.version += 1
        await session.flush()
        await vault.seal_into(
            conversation, "answers_enc", answers.to_json(), contact_id=identity.contact_id
        )
        rendered = await self._send(messages, identity, conversation, answers, replies)
        await session.flush()
        return Handled(rendered, outcome.state.value, answers.reference)

    def _first_contact(self, answers: Answers, text: str) -> Outcome:
        """Greet in our best guess of the language, offer the others, ask for consent."""
        if recognise(text, answers) is None and len(text.split()) >= WORDS_TO_KEEP_FIRST_MESSAGE:
            answers.pending.append(text)
            found = words.country(text, answers.language)
            answers.country_guess = found.code if found else None
        return Outcome(
            State.CONSENT, [Say(m.GREETING), language_menu(), *prompt(State.CONSENT, answers)]
        )

    async def _first_application(
        self,
        session: AsyncSession,
        identity: ChannelIdentity,
        answers: Answers,
        call: tuple[CallOffer, Progress | None],
        incoming: IncomingText,
    ) -> Outcome:
        """A first message that is a call's keyword: greet, then start the application in
        the language we know for the person (an imported contact's), else the app's, else
        the keyword's ("POSTULER"), else the one detected."""
        contact = await session.get(Contact, identity.contact_id)
        if contact is not None and contact.language in SUPPORTED_LANGUAGES:
            answers.language = contact.language
        elif incoming.language_hint is None:
            answers.language = keyword_language(incoming.text) or answers.language
        outcome = applying.named(State.DECLINED, answers, *call, self.clock())
        outcome.replies.insert(0, Say(m.GREETING))
        return outcome

    def _next(
        self,
        state: State,
        answers: Answers,
        text: str,
        conversation: Conversation,
        now: datetime,
        incoming_media: int = 0,
        call: tuple[CallOffer, Progress | None] | None = None,
    ) -> Outcome:
        if not text:
            empty = m.MEDIA_NOT_SUPPORTED if incoming_media else m.EMPTY_MESSAGE
            return Outcome(state, [Say(empty), *self._questions(state, answers)])
        if call is not None:
            return applying.named(state, answers, *call, now)
        command = recognise(text, answers)
        if command == "erase" or (command is not None and state is not State.ERASE_CONFIRM):
            return run_command(command, state, answers)
        if state in QUESTION_STATES and now - conversation.updated_at > self.settings.idle_timeout:
            reminder = Say(m.RESUME_REMINDER, {"step": Msg(STEP_NAMES[state])})
            return Outcome(state, [reminder, *prompt(state, answers)])
        if state is State.APPLYING:
            if classify(text, answers.language, answers.country).risk == "urgent":
                return applying.escalate(answers, text)
            return applying.step_applying(answers, text, now)
        if state is State.CASE_OPEN:
            answers.what.append(text)
        outcome = STEPS[state](answers, text)
        if self._stop_asking(state, outcome, answers, text):
            return Outcome(State.CASE_OPEN, effects={Effect.CREATE_URGENT_CASE})
        return outcome

    @staticmethod
    def _questions(state: State, answers: Answers) -> list[Say]:
        return prompt(state, answers) if state in QUESTION_STATES else []

    @staticmethod
    def _stop_asking(state: State, outcome: Outcome, answers: Answers, text: str) -> bool:
        """Words of immediate danger at any step, once consent is given: open the case now."""
        if not answers.consent or answers.reference or outcome.effects:
            return False
        story = answers.story()
        if text not in story:
            story = f"{story}\n{text}"
        if classify(story, answers.language, answers.country).risk != "urgent":
            return False
        if text not in answers.story():
            answers.what.append(text)
        return True

    async def _apply(
        self,
        session: AsyncSession,
        vault: Vault,
        identity: ChannelIdentity,
        conversation: Conversation,
        answers: Answers,
        outcome: Outcome,
    ) -> list[Say]:
        """Carry out the step's effects; returns the replies they add."""
        effects, replies = outcome.effects, []
        case = await case_of(session, conversation.case_id)
        if effects & {Effect.CREATE_CASE, Effect.CREATE_URGENT_CASE}:
            urgent = Effect.CREATE_URGENT_CASE in effects
            case = await open_case(
                session,
                vault,
                identity,
                answers,
                urgent=urgent,
                rules=self.settings.rules,
                now=self.clock(),
            )
            conversation.case_id, answers.reference = case.id, case.reference
            if case.risk == "urgent":
                replies += [
                    Say(m.CASE_CREATED_URGENT, {"reference": case.reference}),
                    self._safety(answers),
                ]
            else:
                days = self.settings.reply_days
                replies.append(
                    Say(m.CASE_CREATED, {"reference": case.reference, "days": days}, count=days)
                )
        if Effect.APPEND_TO_CASE in effects and case is not None:
            replies += await self._follow_up(session, vault, case, answers)
        if Effect.STATUS in effects:
            replies.append(
                Say(
                    m.STATUS,
                    {"reference": case.reference, "status": Msg(m.CASE_STATUSES[case.status])},
                )
                if case
                else Say(m.STATUS_NO_CASE)
            )
        if Effect.HUMAN in effects and case is not None:
            await CaseRepository(session).record_event(
                case, "human_requested", actor_type="contact"
            )
        if effects & {Effect.SAVE_APPLICATION, Effect.SUBMIT_APPLICATION}:
            submit = Effect.SUBMIT_APPLICATION in effects
            now = self.clock()
            reference = await save_application(
                session, vault, identity, answers, now, submit=submit
            )
            if reference is not None:
                answers.application = None
                replies += [
                    Say(m.APPLICATION_RECEIVED, {"reference": reference}),
                    *applying.reprompt(outcome.state, answers),
                ]
        if effects & {Effect.OPT_OUT, Effect.OPT_IN}:
            contact = await session.get(Contact, identity.contact_id)
            if contact is not None:
                contact.opted_out_at = self.clock() if Effect.OPT_OUT in effects else None
        return replies

    async def _follow_up(
        self, session: AsyncSession, vault: Vault, case: Case, answers: Answers
    ) -> list[Say]:
        """Add a later message to the case: re-assess it, and acknowledge now and then
        (the first follow-up, then every few messages), not after every message."""
        if await reassess(session, vault, case, answers, self.settings.rules):
            answers.unacknowledged = 0
            return [self._safety(answers)]
        answers.unacknowledged += 1
        answers.followups += 1
        if answers.followups > 1 and answers.unacknowledged < ACK_EVERY:
            return []
        count, answers.unacknowledged = answers.unacknowledged, 0
        return [Say(m.FOLLOWUP_ACK, {"reference": case.reference}, count=count)]

    def _safety(self, answers: Answers) -> Say:
        contacts = (
            self.settings.emergency_contacts.get(answers.country or "")
            or self.settings.default_emergency_contacts
        )
        return Say(m.SAFETY_GUIDANCE, {"contacts": contacts})

    async def _erase(
        self,
        session: AsyncSession,
        vault: Vault,
        identity: ChannelIdentity,
        incoming: IncomingText,
        answers: Answers,
    ) -> Handled:
        assert identity.contact_id is not None
        await erase_contact(session, vault, identity.contact_id)
        session.expunge_all()
        farewell = await farewell_identity(session, vault, incoming.channel, incoming.address)
        text = self._render(Say(m.ERASE_DONE), answers.language, incoming.channel)
        await self._deliver(MessageRepository(session, vault), farewell, None, text)
        return Handled([text], "erased", None)

    def _render(self, say: Say, language: str, channel: str) -> str:
        return for_channel(say.render(translator(language)), channel)

    async def _send(
        self,
        messages: MessageRepository,
        identity: ChannelIdentity,
        conversation: Conversation,
        answers: Answers,
        replies: list[Say],
    ) -> list[str]:
        rendered = [self._render(say, answers.language, identity.channel) for say in replies]
        for text in rendered:
            await self._deliver(messages, identity, conversation.case_id, text)
        return rendered

    @staticmethod
    async def _deliver(
        messages: MessageRepository,
        identity: ChannelIdentity,
        case_id: uuid.UUID | None,
        text: str,
    ) -> None:
        if identity.channel in LOCAL_CHANNELS:
            await messages.record_local_outbound(identity, text, case_id=case_id)
        else:
            await messages.enqueue_outbound(identity, text, case_id=case_id)
