"""Database models: a café, its tables, the people who joined, where they sit each round, and their notes."""
from __future__ import annotations

import secrets
from datetime import datetime, timezone

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cafe.domain import texts
from cafe.domain.texts import Localized
from cafe.extensions import db

# The phases and harvest states, and which step each allows, are domain rules (cafe.domain.phases);
# they are re-exported here because the columns below store them.
from cafe.domain.phases import (  # noqa: F401
    BREAK,
    DRAFT,
    FINISHED,
    HARVEST,
    HARVEST_STATES,
    LOBBY,
    NO_HARVEST,
    PAUSED,
    PHASES,
    RESULTS,
    REVIEW,
    RUNNING,
    VOTING,
)


def utcnow() -> datetime:
    """Timezone-aware now, for created/joined stamps."""
    return datetime.now(timezone.utc)



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
    # SHA-256 of the token in the read-only results link residents may keep (its own secret, not
    # the join code; see cafe/domain/tokens.py). A random placeholder until the café has its id.
    results_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=lambda: secrets.token_hex(32))
    # Joining: the facilitator may close it for a while, and no more than this many may join.
    joining_open: Mapped[bool] = mapped_column(default=True, server_default=true())
    # 0: the default, tables x PEOPLE_PER_TABLE (cafés made before the cap existed)
    max_participants: Mapped[int] = mapped_column(default=0, server_default="0")
    harvest_state: Mapped[str] = mapped_column(String(16), default=NO_HARVEST)
    harvest_round: Mapped[int | None]                      # last round the harvest's notes came from
    dots: Mapped[int] = mapped_column(default=3)           # votes each person may place
    show_tallies: Mapped[bool] = mapped_column(default=False)   # live tallies for everyone
    # Words the facilitator wants no theme or word cloud built on (set from the harvest panel).
    ignore_words: Mapped[list | None] = mapped_column(JSON, default=list)   # None in older cafés
    paper_voters: Mapped[int] = mapped_column(default=0, server_default="0")  # who voted on paper
    # The languages the café is offered in; the first is the one its texts were typed in.
    # None in cafés made before languages existed: DEFAULT_LANGUAGES (cafe/domain/texts.py).
    languages: Mapped[list | None] = mapped_column(JSON, default=None)
    # What the facilitator typed in the café's other languages (cafe/domain/texts.py):
    # {"es": {"title": str, "questions": [str], "groups": [str]}}; a missing or empty entry
    # falls back to the typed text. Groups are listed in the order of `groups`.
    translations: Mapped[dict | None] = mapped_column(JSON, default=None)

    tables: Mapped[list[CafeTable]] = relationship(
        order_by="CafeTable.position", cascade="all, delete-orphan", back_populates="cafe"
    )

    def question_for(self, round_no: int) -> str:
        """The key question asked in a round (the last one repeats if there are fewer), as typed."""
        return self.questions[self._question_index(round_no)]

    def _question_index(self, round_no: int) -> int:
        return min(round_no, len(self.questions)) - 1

    # --- the café's texts in its languages (cafe/domain/texts.py) ---

    @property
    def language_list(self) -> list[str]:
        """The café's languages, the one its texts were typed in first."""
        return texts.cafe_languages(self.languages)

    @property
    def typed_language(self) -> str:
        return self.language_list[0]

    def title_versions(self) -> dict[str, str]:
        return texts.translated(self.translations, "title")

    def question_versions(self, round_no: int) -> dict[str, str]:
        return texts.translated(self.translations, "questions", self._question_index(round_no))

    def group_versions(self, group: str) -> dict[str, str]:
        """{lang: name} of one of the café's stakeholder groups (as typed), {} for any other."""
        index = self.groups.index(group) if group in (self.groups or []) else None
        return {} if index is None else texts.translated(self.translations, "groups", index)

    def title_in(self, lang: str | None) -> Localized:
        return texts.pick(self.title, self.title_versions(), lang, self.typed_language)

    def question_in(self, round_no: int, lang: str | None) -> Localized:
        return texts.pick(self.question_for(round_no), self.question_versions(round_no), lang,
                          self.typed_language)

    def group_in(self, group: str, lang: str | None) -> Localized:
        return texts.pick(group, self.group_versions(group), lang, self.typed_language)


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
    # Typed on a shared table device (a tablet left at the table) to join as that table; made
    # when the facilitator first shows the codes.
    device_code: Mapped[str | None] = mapped_column(String(16), unique=True, index=True)
    # The table's name in the café's other languages: {"es": "Mesa del río"}.
    translations: Mapped[dict | None] = mapped_column(JSON, default=None)
    # The languages spoken at the table, e.g. ["es"] or ["en", "es"]; None or empty: any.
    languages: Mapped[list | None] = mapped_column(JSON, default=None)

    cafe: Mapped[Cafe] = relationship(back_populates="tables")

    def name_in(self, lang: str | None, typed_lang: str) -> Localized:
        """The table's name for a reader of `lang` (typed_lang: the café's typed language)."""
        return texts.pick(self.name, texts.translated(self.translations), lang, typed_lang)


class Participant(db.Model):
    """Someone taking part: joined from a phone (the seat token in their cookie is their only
    credential) or added by the facilitator without one."""

    __tablename__ = "participants"
    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafes.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the seat token in their cookie (cafe/domain/tokens.py): never the token itself.
    seat_token: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    group: Mapped[str | None] = mapped_column(String(80))
    can_host: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(8), default="en")
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    left_at: Mapped[datetime | None]
    # False for someone the facilitator added who takes part without a phone: seated and
    # rotated like everyone, their notes typed by a host; their seat token is never handed out.
    has_phone: Mapped[bool] = mapped_column(default=True, server_default=true())
    # The language this person needs spoken at their table (None: any). `language` above is
    # only the language of their screens.
    needs_language: Mapped[str | None] = mapped_column(String(8))
    # The person they sit with in every round (for whom they interpret or care, say): the
    # participant id of the first of the party. Everyone with the same `companion_of`, and that
    # person, are kept together. A plain id, not a foreign key, so SQLite can add and drop the
    # column in place; people are never deleted apart from their café.
    companion_of: Mapped[int | None] = mapped_column(index=True)


class Seat(db.Model):
    """Where a participant sits in one round."""

    __tablename__ = "seats"
    __table_args__ = (UniqueConstraint("participant_id", "round_no"),
                      Index("ix_seats_table_round", "table_id", "round_no"))
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
    __table_args__ = (UniqueConstraint("cafe_id", "client_id"),
                      Index("ix_notes_table_round", "table_id", "round_no"))
    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafes.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    # Whom the note is counted for; None for "someone at this table" and a shared table device.
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    table_id: Mapped[int] = mapped_column(ForeignKey("cafe_tables.id", ondelete="CASCADE"))
    round_no: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    # Who typed it: the author on their phone (SELF), a table's host or the facilitator on
    # someone's behalf, or a shared table device. Only exports tell them apart.
    typed_by: Mapped[str] = mapped_column(String(12), default="self", server_default="self")
    hidden: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The harvest's theme for this note; None before a harvest, for notes it left unassigned
    # and for notes written after it ran.
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("themes.id", ondelete="SET NULL"), index=True)


# Who typed a note (Note.typed_by).
SELF = "self"
BY_HOST = "host"
BY_FACILITATOR = "facilitator"
BY_TABLE_DEVICE = "table"
TYPED_BY = (SELF, BY_HOST, BY_FACILITATOR, BY_TABLE_DEVICE)


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
    # The item's texts in the café's other languages:
    # {"es": {"priority": str, "next_steps": str, "partner": str}}.
    translations: Mapped[dict | None] = mapped_column(JSON, default=None)


class Theme(db.Model):
    """A theme the harvest found in the notes, as the facilitator curated it."""

    __tablename__ = "themes"
    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafes.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]                                  # order found (largest first), then added
    label: Mapped[str] = mapped_column(String(80))
    hidden: Mapped[bool] = mapped_column(default=False)    # left out of voting and priorities
    # Ids of the 1-3 notes shown for it (the most central ones, or the first ones after a split).
    representatives: Mapped[list] = mapped_column(JSON, default=list)
    # The label in the café's other languages: {"es": "Vivienda"}.
    translations: Mapped[dict | None] = mapped_column(JSON, default=None)

    def label_in(self, lang: str | None, typed_lang: str) -> Localized:
        """The theme's label for a reader of `lang` (typed_lang: the café's typed language)."""
        return texts.pick(self.label, texts.translated(self.translations), lang, typed_lang)


class Vote(db.Model):
    """The dots one person put on one theme; their ballot is replaced whole, so it counts once."""

    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("participant_id", "theme_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafes.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"), index=True)
    count: Mapped[int]


class PaperTally(db.Model):
    """Dots counted on a paper ballot or wall chart for one theme (and one group, if known)."""

    __tablename__ = "paper_tallies"
    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafes.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"), index=True)
    group: Mapped[str | None] = mapped_column(String(80))   # None: group not recorded
    count: Mapped[int]
