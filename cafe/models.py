"""Database models: a café, its tables, the people who joined, where they sit each round, and their notes."""
from __future__ import annotations

import secrets
from datetime import datetime, timezone

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cafe.extensions import db


def utcnow() -> datetime:
    """Timezone-aware now, for created/joined stamps."""
    return datetime.now(timezone.utc)


# The phases a café moves through; transitions are compare-and-set on Cafe.version.
DRAFT = "draft"          # created, join code not yet valid
LOBBY = "lobby"          # open: people join and are seated for round 1
RUNNING = "running"      # a round's clock is counting down
PAUSED = "paused"        # a round's clock is stopped
REVIEW = "review"        # a round ended; the next seating is planned but not yet shown
BREAK = "break"          # people move to their next table; the round has not started
FINISHED = "finished"    # the last round ended
PHASES = (DRAFT, LOBBY, RUNNING, PAUSED, REVIEW, BREAK, FINISHED)


class Cafe(db.Model):
    """One World Café session."""

    __tablename__ = "cafes"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    questions: Mapped[list] = mapped_column(JSON)          # one for all rounds, or one per round
    num_rounds: Mapped[int]
    round_seconds: Mapped[int]
    groups: Mapped[list] = mapped_column(JSON)             # stakeholder groups offered at join
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    phase: Mapped[str] = mapped_column(String(16), default=DRAFT)
    round_no: Mapped[int] = mapped_column(default=1)        # the round people are seated for
    ends_at: Mapped[float | None]                          # absolute server time, while running
    remaining: Mapped[float | None]                        # seconds left, while paused
    version: Mapped[int] = mapped_column(default=1)        # bumped by every phase/clock change
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Opens the read-only results page that residents may keep (its own secret, not the join code).
    results_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=lambda: secrets.token_urlsafe(24))

    tables: Mapped[list[CafeTable]] = relationship(
        order_by="CafeTable.position", cascade="all, delete-orphan", back_populates="cafe"
    )

    def question_for(self, round_no: int) -> str:
        """The key question asked in a round (the last one repeats if there are fewer)."""
        return self.questions[min(round_no, len(self.questions)) - 1]


class CafeTable(db.Model):
    """A table in a café, with its name, colour and optional host."""

    __tablename__ = "cafe_tables"
    __table_args__ = (UniqueConstraint("cafe_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafes.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]                                  # 0-based index shown as "table N"
    name: Mapped[str] = mapped_column(String(60))
    colour: Mapped[str] = mapped_column(String(7))         # #rrggbb
    colour_name: Mapped[str] = mapped_column(String(30))
    host_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL", use_alter=True)
    )

    cafe: Mapped[Cafe] = relationship(back_populates="tables")


class Participant(db.Model):
    """Someone who joined from a phone; the seat token in their cookie is their only credential."""

    __tablename__ = "participants"
    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafes.id", ondelete="CASCADE"), index=True)
    seat_token: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    group: Mapped[str | None] = mapped_column(String(80))
    can_host: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(8), default="en")
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    left_at: Mapped[datetime | None]


class Seat(db.Model):
    """Where a participant sits in one round."""

    __tablename__ = "seats"
    __table_args__ = (UniqueConstraint("participant_id", "round_no"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafes.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    round_no: Mapped[int]
    table_id: Mapped[int] = mapped_column(ForeignKey("cafe_tables.id", ondelete="CASCADE"))


class Note(db.Model):
    """A note on a table's tablecloth; client_id is made by the phone so a resend is stored once."""

    __tablename__ = "notes"
    __table_args__ = (UniqueConstraint("cafe_id", "client_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafes.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    table_id: Mapped[int] = mapped_column(ForeignKey("cafe_tables.id", ondelete="CASCADE"))
    round_no: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ActionItem(db.Model):
    """One line of the action plan: next steps for a priority, who leads them, and by when."""

    __tablename__ = "action_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafes.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    # The priority's label as it stood when the plan was written; theme_id links it back if
    # the theme still exists (no foreign key: themes may be merged or re-run later).
    priority: Mapped[str] = mapped_column(String(200))
    theme_id: Mapped[int | None]
    next_steps: Mapped[str] = mapped_column(Text, default="")
    partner: Mapped[str] = mapped_column(String(200), default="")
    due: Mapped[str] = mapped_column(String(10), default="")      # YYYY-MM-DD or empty
