"""Nobody needs a phone: people added without one, notes typed on someone's behalf, shared table
devices and dots counted on paper.

- participants.has_phone (true for everyone so far);
- notes.participant_id may be empty (a note for "someone at this table", or from a table device),
  and notes.typed_by says who typed it ('self' for every note so far);
- cafe_tables.device_code, the code a shared table device joins with (made when first shown);
- cafes.paper_voters and the paper_tallies table.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


# Columns are added and dropped in place (SQLite has ALTER TABLE ADD and DROP COLUMN): a batch
# copy of `participants` or `cafes` would drop the old table, and with foreign keys on that
# cascades into every note, seat and vote. Only `notes`, which no table points at, is copied.

def upgrade():
    """Add the columns and the table; every existing row keeps its meaning."""
    op.add_column("participants", sa.Column("has_phone", sa.Boolean(), server_default=sa.true(),
                                            nullable=False))
    op.add_column("notes", sa.Column("typed_by", sa.String(length=12), server_default="self",
                                      nullable=False))
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.alter_column("participant_id", existing_type=sa.Integer(), nullable=True)
    op.add_column("cafe_tables", sa.Column("device_code", sa.String(length=16), nullable=True))
    op.create_index(op.f("ix_cafe_tables_device_code"), "cafe_tables", ["device_code"],
                    unique=True)
    op.add_column("cafes", sa.Column("paper_voters", sa.Integer(), server_default="0",
                                     nullable=False))
    op.create_table(
        "paper_tallies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cafe_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("group", sa.String(length=80), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["cafe_id"], ["cafes.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["theme_id"], ["themes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_paper_tallies_cafe_id"), "paper_tallies", ["cafe_id"])
    op.create_index(op.f("ix_paper_tallies_theme_id"), "paper_tallies", ["theme_id"])


def downgrade():
    """Back to 0002. Notes with no person (typed for "someone at this table" or on a table
    device) can't exist there and are deleted; paper dots and people's phone status go."""
    op.drop_table("paper_tallies")
    op.drop_column("cafes", "paper_voters")
    op.drop_index(op.f("ix_cafe_tables_device_code"), table_name="cafe_tables")
    op.drop_column("cafe_tables", "device_code")
    op.execute("DELETE FROM notes WHERE participant_id IS NULL")
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.alter_column("participant_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("typed_by")
    op.drop_column("participants", "has_phone")
