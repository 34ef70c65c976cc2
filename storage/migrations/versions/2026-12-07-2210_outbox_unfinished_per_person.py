"""The claim skips a row while one of the same person's is ahead of it: a partial index on
(identity_id, priority, created_at) over the unfinished rows makes that lookup one short
index scan instead of a pass over the whole ready index (0.9 s a claim on PostgreSQL with
4,500 rows waiting and statistics taken while the outbox was empty).

Revision ID: 5b0e3d1c7a29
Revises: f8c30f9b8a8e
Create Date: 2026-12-07 22:10:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '5b0e3d1c7a29'
down_revision: Union[str, Sequence[str], None] = 'f8c30f9b8a8e'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

UNFINISHED = sa.text("status IN ('pending', 'leased')")


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(
            'ix_outbox_identity_unfinished',
            ['identity_id', 'priority', 'created_at'],
            unique=False,
            postgresql_where=UNFINISHED,
            sqlite_where=UNFINISHED,
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_identity_unfinished')
