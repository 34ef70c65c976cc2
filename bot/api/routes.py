"""API v1 routes. Every id goes through the access policy; a case the caller may not see
is a 404, exactly like one that does not exist."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from bot.api.auth import ApiStaff, api_staff
from bot.api.schemas import (
    BodyIn,
    CaseDetail,
    CaseFields,
    CaseList,
    CasePatch,
    CaseSummary,
    Changed,
    Channel,
    Created,
    ErrorBody,
    MessageOut,
    NoteOut,
    Priority,
    Queued,
    QueueId,
    Stats,
    Status,
)
from bot.auth.rate_limit import SEARCH
from bot.casework.actions import Casework
from bot.casework.detail import load_case_view
from bot.casework.listing import CaseFilters, list_cases
from bot.casework.policy import visible_case
from bot.casework.stats import figures
from bot.deps import DbSession, RequestVault, State
from intake.classification.classifier import LABEL_FIELDS

ERRORS = {status: {"model": ErrorBody} for status in (401, 403, 404, 409, 422)}
router = APIRouter(
    prefix="/api/v1", tags=["api"], dependencies=[Depends(api_staff)], responses=ERRORS
)


def casework(db: DbSession, vault: RequestVault, staff: ApiStaff, state: State) -> Casework:
    """The caller's changes, in the request's unit of work."""
    return Casework(db, vault, staff, state.settings, state.clock())


Work = Annotated[Casework, Depends(casework)]
Reference = Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,20}$")]
Word = Annotated[str | None, Query(max_length=64, pattern=r"^[^\x00]*$")]


@router.get(
    "/cases",
    response_model=CaseList,
    dependencies=[Depends(SEARCH)],
    responses={429: {"model": ErrorBody, "description": "Too many free-text searches"}},
)
async def cases(
    db: DbSession,
    staff: ApiStaff,
    status: Status | None = None,
    queue: QueueId | None = None,
    priority: Priority | None = None,
    language: Annotated[str | None, Query(pattern=r"^[A-Za-z-]{2,16}$")] = None,
    channel: Channel | None = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    label: Annotated[str | None, Query(pattern=r"^[a-z0-9_]{1,64}$")] = None,
    q: Word = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> CaseList:
    """Cases the caller may see. `q` matches the reference, country and label ids (the
    bodies are encrypted per person and cannot be searched); each staff member may ask
    for so many different `q` in a while (429 with `Retry-After` past it)."""
    filters = CaseFilters(status, queue, priority, language, channel, country, label, q)
    result = await list_cases(db, staff, filters, page)
    return CaseList(
        items=[CaseSummary.model_validate(row) for row in result.rows],
        total=result.total,
        page=result.page,
    )


@router.get("/cases/{reference}", response_model=CaseDetail)
async def case(
    reference: Reference, db: DbSession, vault: RequestVault, staff: ApiStaff
) -> CaseDetail:
    found = await visible_case(db, staff, reference)
    view = await load_case_view(db, vault, found)
    labels = found.labels or {}
    fields = {name: getattr(found, name) for name in CaseFields.model_fields if name != "assignee"}
    return CaseDetail(
        **fields,
        assignee=view.assignee,
        **{name: list(labels.get(name, [])) for name in LABEL_FIELDS},
        evidence=view.evidence,
        routing_rule=found.routing_rule,
        messages=[MessageOut.model_validate(m) for m in view.messages],
        notes=[NoteOut.model_validate(n) for n in view.notes],
        connections=[partner for partner, _ in view.connections],
    )


@router.post("/cases/{reference}/replies", response_model=Queued, status_code=202)
async def reply(
    reference: Reference,
    payload: BodyIn,
    work: Work,
) -> Queued:
    """Queue a reply to the person, on their channel."""
    found = await visible_case(work.session, work.staff, reference, action="case.reply")
    message = await work.reply(found, payload.body)
    status = "delivered" if message.status == "delivered" else "queued"
    return Queued(status=status, message_id=str(message.id))


@router.post("/cases/{reference}/notes", response_model=Created, status_code=201)
async def note(
    reference: Reference,
    payload: BodyIn,
    work: Work,
) -> Created:
    """Add an internal note (never sent to the person)."""
    found = await visible_case(work.session, work.staff, reference, action="case.note")
    created = await work.note(found, payload.body)
    return Created(id=str(created.id))


@router.patch("/cases/{reference}", response_model=Changed)
async def patch(
    reference: Reference,
    payload: CasePatch,
    work: Work,
) -> Changed:
    """Change status, priority, queue, assignee or labels; label corrections are kept
    with the classifier's original labels."""
    found = await visible_case(work.session, work.staff, reference, action="case.update")
    given = payload.model_fields_set
    changed = await work.update(
        found,
        status=payload.status,
        priority=payload.priority,
        queue=payload.queue,
        assignee=payload.assignee,
        unassign="assignee" in given and payload.assignee is None,
    )
    if payload.labels is not None:
        before = found.labels
        await work.correct_labels(found, payload.labels)
        if found.labels != before:
            changed.append("labels")
    return Changed(changed=changed)


@router.get("/stats", response_model=Stats)
async def stats(db: DbSession, staff: ApiStaff) -> Stats:
    """The monitoring figures, over the cases the caller may see."""
    result = await figures(db, staff)
    return Stats.model_validate(result, from_attributes=True)
