"""Sender state: the accepted parts of split messages, and rate limits shared by senders.

Revision ID: ca701aa6c0ac
Revises: d2d0b737fd29
Create Date: 2026-11-26 04:50:02.803968

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = 'ca701aa6c0ac'
down_revision: Union[str, Sequence[str], None] = 'd2d0b737fd29'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('rate_limits',
    sa.Column('key', sa.String(length=96), nullable=False),
    sa.Column('slots', sa.JSON(), nullable=False),
    sa.Column('paused_until', sa.Float(), nullable=False),
    sa.Column('updated_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_limits'))
    )
    with op.batch_alter_table('rate_limits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_limits_updated_at'), ['updated_at'], unique=False)

    op.create_table('outbox_parts',
    sa.Column('outbox_id', sa.Uuid(), nullable=False),
    sa.Column('part', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.String(length=64), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['outbox_id'], ['outbox.id'], name=op.f('fk_outbox_parts_outbox_id_outbox'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('outbox_id', 'part', name=op.f('pk_outbox_parts'))
    )
    with op.batch_alter_table('outbox_parts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_parts_provider_id'), ['provider_id'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('outbox_parts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_parts_provider_id'))

    op.drop_table('outbox_parts')
    with op.batch_alter_table('rate_limits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_limits_updated_at'))

    op.drop_table('rate_limits')
