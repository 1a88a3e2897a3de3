"""Indexes for per-user and per-event look-ups of the interaction log and the outbox.

Revision ID: 0002
Revises: 0001
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a user's own turns (rating sampling, forget-me) without scanning the office's whole log
    op.create_index('ix_interactions_office_user', 'interactions', ['office_id', 'line_user_id'], unique=False)
    # deleting old inbound events (retention) sets these to NULL: without an index each delete scans
    op.create_index(op.f('ix_interactions_event_id'), 'interactions', ['event_id'], unique=False)
    op.create_index(op.f('ix_outbox_event_id'), 'outbox', ['event_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_outbox_event_id'), table_name='outbox')
    op.drop_index(op.f('ix_interactions_event_id'), table_name='interactions')
    op.drop_index('ix_interactions_office_user', table_name='interactions')
