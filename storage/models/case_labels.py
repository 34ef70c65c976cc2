"""One row per label of a case, so the console can filter and search by label through an
index instead of reading every case's JSON.

`Case.labels` stays the source of truth; a flush listener rewrites a case's rows whenever
its labels are set (new cases, the classifier's updates, staff corrections), in the same
transaction. Writers that bypass the ORM (bulk loads) must write these rows themselves.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ForeignKey, Index, String, delete, event, insert, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models.base import Base
from storage.models.cases import Case


class CaseLabel(Base):
    __tablename__ = "case_labels"
    __table_args__ = (Index("ix_case_labels_label_case_id", "label", "case_id"),)

    case_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    label: Mapped[str] = mapped_column(String(64), primary_key=True)


def label_rows(case_id: uuid.UUID, labels: dict[str, list[str]] | None) -> list[dict[str, Any]]:
    """The `case_labels` rows of one case (each label id once, whatever its dimension)."""
    ids = dict.fromkeys(label for values in (labels or {}).values() for label in values)
    return [{"case_id": case_id, "label": label} for label in ids]


def _changed_cases(session: Session) -> Iterable[Case]:
    for row in (*session.new, *session.dirty):
        if isinstance(row, Case) and (
            row in session.new or inspect(row).attrs.labels.history.has_changes()
        ):
            yield row


@event.listens_for(Session, "after_flush")
def _sync_case_labels(session: Session, _context: object) -> None:
    connection = session.connection()
    for case in _changed_cases(session):
        connection.execute(delete(CaseLabel).where(CaseLabel.case_id == case.id))
        rows = label_rows(case.id, case.labels)
        if rows:
            connection.execute(insert(CaseLabel), rows)
