"""Opening a case from a conversation, and keeping its labels current as people write."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from intake.classification.classifier import LABEL_FIELDS, Classification, classify
from intake.conversation.answers import Answers
from intake.dispatch import alert_on_duty, assign
from intake.routing import CaseFacts, RouteDecision, RuleSet, decide_route, region_of
from storage.models import Case, ChannelIdentity, Contact, Message, utcnow
from storage.repositories.calls import CallRepository
from storage.repositories.cases import CaseRepository
from storage.vault import Vault

RISK_ORDER = {"none": 0, "elevated": 1, "urgent": 2}


@dataclass(frozen=True)
class Assessment:
    classification: Classification
    risk: str
    route: RouteDecision


def assess(
    answers: Answers, *, urgent: bool, rules: RuleSet | None = None, open_call: bool = False
) -> Assessment:
    """Classify everything the person wrote and decide where the case goes."""
    result = classify(answers.story(), answers.language, answers.country)
    risk = "urgent" if urgent else result.risk
    needs = tuple(dict.fromkeys([*result.needs, *(s for s in answers.support if s != "other")]))
    facts = CaseFacts(
        needs=needs,
        violations=result.violations,
        risk=risk,
        country=answers.country,
        open_call=open_call,
    )
    return Assessment(result, risk, decide_route(facts, rules))


def _labels(assessment: Assessment, answers: Answers) -> dict[str, list[str]]:
    labels = {name: list(assessment.classification.labels(name)) for name in LABEL_FIELDS}
    labels["needs"] = list(
        dict.fromkeys([*labels["needs"], *(s for s in answers.support if s != "other")])
    )
    return labels


async def open_case(
    session: AsyncSession,
    vault: Vault,
    identity: ChannelIdentity,
    answers: Answers,
    *,
    urgent: bool,
    rules: RuleSet | None = None,
    now: datetime | None = None,
) -> Case:
    """Create the case with its labels and route, and gather the conversation into it."""
    assert identity.contact_id is not None
    open_call = await CallRepository(session).any_open(now or utcnow())
    assessment = assess(answers, urgent=urgent, rules=rules, open_call=open_call)
    case = await CaseRepository(session).create(
        contact_id=identity.contact_id,
        identity_id=identity.id,
        channel=identity.channel,
        language=answers.language,
        country=answers.country,
        region=region_of(answers.country),
        labels=_labels(assessment, answers),
        risk=assessment.risk,
        priority=assessment.route.priority,
        queue=assessment.route.queue,
        routing_rule=assessment.route.rule,
    )
    await _seal_evidence(vault, case, assessment)
    await session.execute(
        update(Message)
        .where(Message.identity_id == identity.id, Message.case_id.is_(None))
        .values(case_id=case.id)
    )
    await assign(session, case)
    if case.risk == "urgent":
        await alert_on_duty(session, vault, case)
    contact = await session.get(Contact, identity.contact_id)
    assert contact is not None
    contact.language, contact.country, contact.region = (
        answers.language,
        answers.country,
        case.region,
    )
    if answers.name:
        await vault.seal_into(contact, "name_enc", answers.name, contact_id=contact.id)
    await session.flush()
    return case


async def _seal_evidence(vault: Vault, case: Case, assessment: Assessment) -> None:
    evidence = {k: list(v) for k, v in assessment.classification.evidence.items()}
    await vault.seal_into(
        case, "evidence_enc", json.dumps(evidence, ensure_ascii=False), contact_id=case.contact_id
    )


async def reassess(
    session: AsyncSession,
    vault: Vault,
    case: Case,
    answers: Answers,
    rules: RuleSet | None = None,
) -> bool:
    """Classify again with the new text; raise the risk and re-route if it grew.

    Returns True when the case became urgent now.
    """
    # A funding request stays with the secretariat if a call was open when it came in.
    open_call = await CallRepository(session).any_open(case.created_at)
    assessment = assess(answers, urgent=case.risk == "urgent", rules=rules, open_call=open_call)
    labels = _labels(assessment, answers)
    repository = CaseRepository(session)
    if labels != case.labels and not await repository.labels_corrected(case):
        case.labels = labels
        await _seal_evidence(vault, case, assessment)
        await repository.record_event(case, "relabelled", actor_type="system")
    if RISK_ORDER[assessment.risk] <= RISK_ORDER[case.risk]:
        return False
    before = {"risk": case.risk, "queue": case.queue, "priority": case.priority}
    case.risk = assessment.risk
    case.queue, case.priority = assessment.route.queue, assessment.route.priority
    case.routing_rule = assessment.route.rule
    await repository.record_event(
        case,
        "rerouted",
        actor_type="system",
        data={
            "from": before,
            "to": {"risk": case.risk, "queue": case.queue, "priority": case.priority},
            "rule": case.routing_rule,
        },
    )
    if case.queue != before["queue"]:
        case.assignee_id = None
        await assign(session, case)
    if case.risk == "urgent":
        await alert_on_duty(session, vault, case)
    return case.risk == "urgent"


async def case_of(session: AsyncSession, case_id: uuid.UUID | None) -> Case | None:
    if case_id is None:
        return None
    return await session.scalar(select(Case).where(Case.id == case_id))
