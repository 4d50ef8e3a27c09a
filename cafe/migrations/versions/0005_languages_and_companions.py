"""Bilingual cafés, seating by language and people kept together (issue 17).

- cafes.languages (None: the defaults) and cafes.translations (title, questions, groups);
- cafe_tables.translations (names) and cafe_tables.languages (spoken there; None: any);
- themes.translations (labels) and action_items.translations (the plan's texts);
- participants.needs_language (None: any table) and participants.companion_of (kept together).

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


# Columns are added and dropped in place, as in 0004: a batch copy of `cafes` or `participants`
# would drop the old table. companion_of is a plain id (no foreign key) for the same reason.

def upgrade():
    """Add the columns; every existing row keeps its meaning (all new values empty)."""
    op.add_column("cafes", sa.Column("languages", sa.JSON(), nullable=True))
    op.add_column("cafes", sa.Column("translations", sa.JSON(), nullable=True))
    op.add_column("cafe_tables", sa.Column("translations", sa.JSON(), nullable=True))
    op.add_column("cafe_tables", sa.Column("languages", sa.JSON(), nullable=True))
    op.add_column("themes", sa.Column("translations", sa.JSON(), nullable=True))
    op.add_column("action_items", sa.Column("translations", sa.JSON(), nullable=True))
    op.add_column("participants", sa.Column("needs_language", sa.String(length=8), nullable=True))
    op.add_column("participants", sa.Column("companion_of", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_participants_companion_of"), "participants", ["companion_of"])


def downgrade():
    """Back to 0004: translations, table languages and companions are dropped."""
    op.drop_index(op.f("ix_participants_companion_of"), table_name="participants")
    op.drop_column("participants", "companion_of")
    op.drop_column("participants", "needs_language")
    op.drop_column("action_items", "translations")
    op.drop_column("themes", "translations")
    op.drop_column("cafe_tables", "languages")
    op.drop_column("cafe_tables", "translations")
    op.drop_column("cafes", "translations")
    op.drop_column("cafes", "languages")
