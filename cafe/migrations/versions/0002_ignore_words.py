"""Words to ignore: the facilitator's list, set from the harvest panel, that no theme, label or
word cloud is built on (issue 18). Cafés made before it have none (NULL, read as an empty list).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 10:55:00
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    """Add cafes.ignore_words, a JSON list."""
    with op.batch_alter_table('cafes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ignore_words', sa.JSON(), nullable=True))


def downgrade():
    """Drop cafes.ignore_words."""
    with op.batch_alter_table('cafes', schema=None) as batch_op:
        batch_op.drop_column('ignore_words')
