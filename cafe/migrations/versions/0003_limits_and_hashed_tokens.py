"""Joining can be closed and capped; seat tokens and results tokens are stored as hashes (issue 16).

- cafes.joining_open (default true) and cafes.max_participants (0: ten per table).
- participants.seat_token and cafes.results_token hold the SHA-256 (hex) of the token instead of
  the token: existing rows are hashed here, so every phone's seat cookie and every results link
  already shared keep working (the app now looks tokens up by their hash).

Downgrading drops the two columns; it cannot turn the hashes back into tokens, so after a
downgrade phones must join again and results links made before it stop working.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 11:00:00
"""
import hashlib

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _hash_column(table: str, column: str) -> None:
    """Replace every token in `table.column` by its hash (a hash is 64 hex digits: skip those)."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(f"SELECT id, {column} FROM {table}")).all()
    for row_id, token in rows:
        if token is None or (len(token) == 64 and all(c in "0123456789abcdef" for c in token)):
            continue
        bind.execute(sa.text(f"UPDATE {table} SET {column} = :hashed WHERE id = :id"),
                     {"hashed": _sha256(token), "id": row_id})


def upgrade():
    """Add the joining columns, then hash the stored tokens.

    Plain ALTER TABLE, never Alembic's batch mode: on SQLite that copies `cafes` and drops the
    old table, and with foreign keys on, dropping it deletes every seat, person and note.
    """
    op.add_column('cafes', sa.Column('joining_open', sa.Boolean(), nullable=False,
                                     server_default=sa.true()))
    op.add_column('cafes', sa.Column('max_participants', sa.Integer(), nullable=False,
                                     server_default='0'))
    _hash_column('participants', 'seat_token')
    _hash_column('cafes', 'results_token')


def downgrade():
    """Drop the joining columns (SQLite 3.35+ drops a column in place; the hashes stay)."""
    op.drop_column('cafes', 'max_participants')
    op.drop_column('cafes', 'joining_open')
