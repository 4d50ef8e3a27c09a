"""Creating and finding cafés: checked form values in, a café in the draft phase out; join codes."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select

from cafe.domain.errors import Invalid, Refused
from cafe.domain import tokens
from cafe.domain.limits import (
    MAX_GROUPS,
    MAX_PARTICIPANTS,
    MAX_ROUND_MINUTES,
    MAX_ROUNDS,
    MAX_TABLES,
    PEOPLE_PER_TABLE,
    SEAT_TOKEN_MAX,
    SEAT_TOKEN_MIN,
)
from cafe.domain.palette import BY_KEY, default_colour
from cafe.domain.phases import JOINABLE, VISIBLE, joining_open  # noqa: F401  (VISIBLE: for the pages)
from cafe.domain.texts import DEFAULT_LANGUAGES
from cafe.domain.validation import (
    GROUP_MAX,
    QUESTION_MAX,
    TABLE_NAME_MAX,
    TITLE_MAX,
    clean_int,
    clean_languages,
    clean_text,
)
from cafe.extensions import db
from cafe.models import DRAFT, Cafe, CafeTable, Participant

DEFAULT_GROUPS = ("Resident", "Community organization", "Health or social service staff",
                  "Other / prefer not to say")
# Unambiguous letters and digits for the code people type (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# --- creating and finding cafés ---------------------------------------------------------------

@dataclass(frozen=True)
class TableSpec:
    """A table as the facilitator describes it: its name (and the name in the café's other
    languages, {lang: name}), colour, and the languages spoken there (empty: any)."""
    name: str
    colour: str
    translations: dict | None = None
    languages: tuple[str, ...] = ()


def new_join_code() -> str:
    """An unguessable short code (31^8, about 10^12 possibilities) from `secrets`."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code) -> str:
    """Codes are typed on phones: ignore case, spaces and dashes."""
    if not isinstance(code, str):
        return ""
    return "".join(ch for ch in code.upper() if ch.isalnum())[:32]


def create_cafe(*, title, questions, tables: list[TableSpec], round_minutes, num_rounds,
                groups, max_participants=None, results_key: str | None = None,
                languages=None, known_languages=None, translations=None) -> Cafe:
    """Create a café in the draft phase from checked form values.

    `max_participants` caps how many may join (None: PEOPLE_PER_TABLE per table). With
    `results_key` (the server's secret key) the café's results-link token is made from it and
    only its hash is stored (cafe/domain/tokens.py). `languages`: the café's languages, the one
    its texts are typed in first (None: DEFAULT_LANGUAGES), each one of `known_languages` (the
    app's LANGUAGES) when given. `translations`: {lang: {"title", "questions", "groups"}} in the
    café's other languages, lists in the order of the typed ones; empty texts are left out.
    """
    title = clean_text(title, field="title", max_len=TITLE_MAX)
    num_rounds = clean_int(num_rounds, field="rounds", low=1, high=MAX_ROUNDS)
    round_minutes = clean_int(round_minutes, field="round_minutes", low=1, high=MAX_ROUND_MINUTES)
    questions = [clean_text(q, field="questions", max_len=QUESTION_MAX) for q in questions]
    if not questions:
        raise Invalid("empty", "questions")
    if len(questions) > num_rounds:
        raise Invalid("too_many", "questions", max=num_rounds)
    if not 1 <= len(tables) <= MAX_TABLES:
        raise Invalid("out_of_range", "tables", low=1, high=MAX_TABLES)
    groups = [clean_text(g, field="groups", max_len=GROUP_MAX) for g in groups]
    if len(set(groups)) != len(groups) or len(groups) > MAX_GROUPS:
        raise Invalid("bad_groups", "groups")
    if max_participants is None:
        max_participants = len(tables) * PEOPLE_PER_TABLE
    max_participants = clean_int(max_participants, field="max_participants", low=1,
                                 high=MAX_PARTICIPANTS)
    languages = clean_languages(DEFAULT_LANGUAGES if languages is None else languages,
                                field="languages", known=known_languages)
    others = languages[1:]
    cafe = Cafe(title=title, questions=questions, num_rounds=num_rounds,
                round_seconds=round_minutes * 60, groups=groups, join_code=new_join_code(),
                phase=DRAFT, round_no=1, version=1, max_participants=max_participants,
                languages=languages,
                translations=clean_cafe_translations(translations, others, len(questions),
                                                     len(groups)))
    for position, spec in enumerate(tables):
        name = clean_text(spec.name, field="table_names", max_len=TABLE_NAME_MAX, required=False)
        colour = spec.colour if spec.colour in BY_KEY else default_colour(position)
        names = {lang: clean_text((spec.translations or {}).get(lang),
                                  field=f"table_names_{lang}", max_len=TABLE_NAME_MAX,
                                  required=False) for lang in others}
        spoken = clean_languages(spec.languages, field="table_languages", known=languages,
                                 required=False)
        cafe.tables.append(CafeTable(position=position, name=name or str(position + 1),
                                     colour=BY_KEY[colour][0], colour_name=colour,
                                     translations={k: v for k, v in names.items() if v} or None,
                                     languages=spoken or None))
    db.session.add(cafe)
    if results_key:
        db.session.flush()
        cafe.results_token = tokens.hash_token(tokens.results_token(results_key, cafe.id))
    db.session.commit()
    return cafe


def clean_cafe_translations(translations, others: list[str], questions: int,
                            groups: int) -> dict | None:
    """The checked {lang: {"title", "questions", "groups"}} of a café (None when empty); a problem
    names the language's field (`title_es`, `questions_es`, `groups_es`)."""
    if translations is not None and not isinstance(translations, dict):
        raise Invalid("wrong_type", "translations")
    out = {}
    for lang in others:
        given = (translations or {}).get(lang) or {}
        if not isinstance(given, dict):
            raise Invalid("wrong_type", "translations")
        title = clean_text(given.get("title"), field=f"title_{lang}", max_len=TITLE_MAX,
                           required=False)
        texts_by_field = {}
        for field, count, max_len in (("questions", questions, QUESTION_MAX),
                                      ("groups", groups, GROUP_MAX)):
            values = given.get(field) or []
            if not isinstance(values, list) or len(values) > count:
                raise Invalid("too_many" if isinstance(values, list) else "wrong_type",
                              f"{field}_{lang}", max=count)
            values = [clean_text(v, field=f"{field}_{lang}", max_len=max_len, required=False)
                      for v in values]
            texts_by_field[field] = values + [""] * (count - len(values))
        entry = {"title": title, **texts_by_field}
        if title or any(any(v) for v in texts_by_field.values()):
            out[lang] = entry
    return out or None


def list_cafes() -> list[Cafe]:
    """Every café, newest first, for the facilitator's home page."""
    return list(db.session.scalars(select(Cafe).order_by(Cafe.id.desc())))


def get_cafe(cafe_id) -> Cafe:
    """The café with this id, or Refused('not_found')."""
    cafe = db.session.get(Cafe, cafe_id) if isinstance(cafe_id, int) else None
    if cafe is None:
        raise Refused("not_found")
    return cafe


def find_cafe(code, phases: tuple[str, ...]) -> Cafe | None:
    """The café with this code if it is in one of `phases`; None alike for unknown codes and other phases."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    cafe = db.session.scalar(select(Cafe).where(Cafe.join_code == code))
    return cafe if cafe is not None and cafe.phase in phases else None


def find_joinable_cafe(code) -> Cafe | None:
    """The café people may join with this code; None alike for unknown, draft and closed ones
    (joining stays open until voting closes, so a latecomer can still vote)."""
    cafe = find_cafe(code, JOINABLE)
    return cafe if cafe is not None and joining_open(cafe.phase, cafe.harvest_state) else None


def participant_by_token(token) -> Participant | None:
    """The participant whose seat token this is (their only credential; its hash is stored)."""
    if not isinstance(token, str) or not SEAT_TOKEN_MIN <= len(token) <= SEAT_TOKEN_MAX:
        return None
    return db.session.scalar(select(Participant).where(
        Participant.seat_token == tokens.hash_token(token)))
