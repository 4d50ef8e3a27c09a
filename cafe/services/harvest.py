"""The harvest's use cases: notes become themes, the facilitator curates them, people vote.

Service layer, like cafe/services/cafes.py: it combines the models with the pure `cafe.domain.themes`,
`cafe.domain.wordclouds` and `cafe.domain.priorities`, never touches `request` or emits, and returns what
happened. CPU-heavy calls (clustering, word clouds) go through a `run(function, *args, **kwargs)`
argument, which the web layer takes from the CPU_RUNNER setting so they leave the event loop.

The harvest has its own state (`Cafe.harvest_state`) beside the round phase:
none -> harvest (themes shown, curated; run again at will) -> voting -> results (ranked).
A harvest may run between rounds (review, break: an interim look at the themes so far) and after
the last round; voting opens only once the rounds are over. Starting the harvest and opening and
closing the vote are compare-and-set on `Cafe.version`, like every transition. The ballots, and
the dots counted on paper, are kept by `cafe.services.voting`.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update

from cafe import services
from cafe.config import run_inline
from cafe.domain.limits import (
    ID_MAX,
    MAX_DOTS,
    MAX_THEMES,
    MAX_REPRESENTATIVES,
    SPLIT_MAX_NOTES,
    THEME_LABEL_MAX,
)
from cafe.domain.phases import ALLOWED_FROM
from cafe.domain.texts import translated
from cafe.domain.priorities import (
    rank_by_group,
    rank_priorities,
    shown_group_counts,
    tally,
)
from cafe.domain.themes import cluster_notes, label_for
from cafe.domain.validation import Invalid, clean_bool, clean_int, clean_text, clean_versions
from cafe.extensions import db
from cafe.models import (
    BREAK,
    FINISHED,
    HARVEST,
    NO_HARVEST,
    RESULTS,
    VOTING,
    Cafe,
    Note,
    PaperTally,
    Participant,
    Theme,
)
from cafe.domain.themes import embeddings
from cafe.services import Refused
from cafe.services.meaning import clean_backend, clean_ignore_words, embedded_texts, ignore_texts
from cafe.services.voting import (  # noqa: F401  (the voting's public names, here too)
    PaperDots,
    cast_votes,
    my_votes,
    paper_dots,
    paper_tallies,
    phone_ballots,
    set_paper_tallies,
    tallies,
    tally_view,
)

HARVEST_PHASES = ALLOWED_FROM["run_harvest"]    # between rounds, and after the last one
LABEL_MAX = THEME_LABEL_MAX
THEME_SEED = 0                # the same notes give the same themes, in every café


# --- state changes (compare-and-set) ------------------------------------------------------------

def _locked_cafe(cafe_id) -> Cafe:
    """The café, with its write lock taken and its row freshly read (the caller commits)."""
    cafe = services.get_cafe(cafe_id)
    services.lock_cafe(cafe.id)
    db.session.refresh(cafe)
    return cafe


def _harvest_transition(cafe_id, version, states: tuple[str, ...], phases: tuple[str, ...],
                        **values) -> Cafe:
    """services.transition, also requiring the harvest to be in one of `states`."""
    cafe = _locked_cafe(cafe_id)
    if cafe.harvest_state not in states:
        stale = cafe.version != clean_int(version, field="version", low=0, high=ID_MAX)
        db.session.rollback()
        raise Refused("already_advanced" if stale else "wrong_phase")
    return services.transition(cafe.id, version, phases, **values)


def visible_note_rows(cafe_id: int):
    """Rows (id, text, table_id, round_no, theme_id, participant_id, group) of unhidden notes.

    A note typed for "someone at this table" or on a shared table device has no participant.
    """
    return db.session.execute(
        select(Note.id, Note.text, Note.table_id, Note.round_no, Note.theme_id,
               Note.participant_id, Participant.group)
        .outerjoin(Participant, Participant.id == Note.participant_id)
        .where(Note.cafe_id == cafe_id, Note.hidden.is_(False)).order_by(Note.id)).all()


def run_harvest(cafe_id, version, *, backend=None, ignore_words=None, themes=None,
                default_backend="tfidf", run=run_inline) -> Cafe:
    """Cluster every visible note into themes, replacing an earlier harvest's themes.

    ``backend`` is 'tfidf' (shared words) or 'semantic' (meaning, in any language; needs the
    optional model), ``default_backend`` when None. ``themes`` asks for that many themes
    (None: a number that fits the notes). ``ignore_words`` (None: keep the café's list)
    replaces the words no theme or word cloud is built on. Embedding the notes not embedded
    yet and the clustering run through `run` with no database transaction open, so the café
    keeps taking notes meanwhile; notes that arrive during it wait, unassigned, for the next
    harvest.
    """
    cafe = services.get_cafe(cafe_id)
    version = clean_int(version, field="version", low=0, high=ID_MAX)
    backend = clean_backend(backend, default_backend)
    words = None if ignore_words is None else clean_ignore_words(ignore_words)
    k = None if themes is None else clean_int(themes, field="themes", low=1, high=MAX_THEMES)
    if cafe.version != version:
        raise Refused("already_advanced")
    if cafe.phase not in HARVEST_PHASES or cafe.harvest_state not in (NO_HARVEST, HARVEST):
        raise Refused("wrong_phase")
    notes = visible_note_rows(cafe.id)
    ignore = ignore_texts(cafe)
    words = list(cafe.ignore_words or []) if words is None else words
    # During a break round_no is already the coming round: the notes so far end one before it.
    notes_up_to = cafe.round_no - (1 if cafe.phase == BREAK else 0)
    db.session.commit()           # end the read: hold nothing while the CPU works
    texts = [n.text for n in notes]
    vectors = embeddings.vectors(embedded_texts(texts, ignore), run=run) if backend == "semantic" else None
    result = run(cluster_notes, texts, k, seed=THEME_SEED, ignore=ignore, ignore_words=words,
                 vectors=vectors)

    cafe = _harvest_transition(cafe_id, version, (NO_HARVEST, HARVEST), HARVEST_PHASES,
                               harvest_state=HARVEST, harvest_round=notes_up_to)
    cafe.ignore_words = words
    db.session.execute(update(Note).where(Note.cafe_id == cafe.id).values(theme_id=None))
    db.session.execute(delete(PaperTally).where(PaperTally.cafe_id == cafe.id))
    db.session.execute(delete(Theme).where(Theme.cafe_id == cafe.id))
    for position, found in enumerate(result.themes):
        ids = [notes[i].id for i in found.notes]
        reps = [notes[i].id for i in found.representatives]
        label = found.label or _fallback_label(notes[(found.representatives or found.notes)[0]].text)
        theme = Theme(cafe_id=cafe.id, position=position, label=_shortened(label),
                      representatives=reps)
        db.session.add(theme)
        db.session.flush()
        db.session.execute(update(Note).where(Note.id.in_(ids)).values(theme_id=theme.id))
    db.session.commit()
    return cafe


def _shortened(label: str) -> str:
    """A label within LABEL_MAX, cut at a word (bilingual labels run long)."""
    if len(label) <= LABEL_MAX:
        return label
    cut = label[:LABEL_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,/")
    return cut + "…"


def _fallback_label(text: str) -> str:
    """A note's first words, for a theme whose notes share no distinctive word."""
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39].rstrip() + "…"


def notes_in_no_theme(cafe_id: int) -> int:
    """How many visible notes no theme includes: written after the harvest, or left out by it."""
    return db.session.scalar(select(func.count(Note.id)).where(
        Note.cafe_id == cafe_id, Note.hidden.is_(False), Note.theme_id.is_(None))) or 0


def open_voting(cafe_id, version, dots, confirm=False) -> Cafe:
    """Show the themes on every phone for dot voting, each person having `dots` dots.

    Themes that miss notes (say, the last round's, written after a harvest between rounds) would
    leave them out of the vote unseen: that is refused as 'stale_harvest', with their count,
    unless the facilitator confirms.
    """
    dots = clean_int(dots, field="dots", low=1, high=MAX_DOTS)
    if confirm is not None and not isinstance(confirm, bool):
        raise Invalid("wrong_type", "confirm")
    cafe = _harvest_transition(cafe_id, version, (HARVEST, RESULTS), (FINISHED,),
                               harvest_state=VOTING, dots=dots)
    if not db.session.scalar(select(func.count(Theme.id)).where(
            Theme.cafe_id == cafe.id, Theme.hidden.is_(False))):
        db.session.rollback()
        raise Refused("no_themes")
    missed = notes_in_no_theme(cafe.id)
    if missed and confirm is not True:
        db.session.rollback()
        raise Refused("stale_harvest", count=missed)
    db.session.commit()
    return cafe


def close_voting(cafe_id, version) -> Cafe:
    """Close the vote: the themes are now ranked as the community's priorities."""
    cafe = _harvest_transition(cafe_id, version, (VOTING,), (FINISHED,), harvest_state=RESULTS)
    db.session.commit()
    return cafe


def set_tallies_visible(cafe_id, visible) -> Cafe:
    """Show the live tallies to everyone, or keep them to the facilitator until voting closes."""
    visible = clean_bool(visible, field="visible")
    with services.locked_cafe(cafe_id) as cafe:
        cafe.show_tallies = visible
    return cafe


# --- curating -----------------------------------------------------------------------------------

def _curatable(cafe_id, *, states=(HARVEST,)) -> Cafe:
    cafe = _locked_cafe(cafe_id)
    if cafe.harvest_state not in states:
        db.session.rollback()
        raise Refused("wrong_phase")
    return cafe


def _in_cafe(model, cafe: Cafe, row_id, field: str):
    """The theme or note with this id if it belongs to this café, else Refused('not_found')."""
    row = db.session.get(model, clean_int(row_id, field=field, low=1, high=ID_MAX))
    if row is None or row.cafe_id != cafe.id:
        raise Refused("not_found")
    return row


def _theme_in(cafe: Cafe, theme_id) -> Theme:
    return _in_cafe(Theme, cafe, theme_id, "theme")


def _note_in(cafe: Cafe, note_id) -> Note:
    return _in_cafe(Note, cafe, note_id, "note")


def _tidy(cafe: Cafe) -> None:
    """After notes moved: drop themes left empty; keep representatives among a theme's own notes."""
    db.session.flush()
    members = defaultdict(list)
    for note_id, theme_id in db.session.execute(
            select(Note.id, Note.theme_id).where(Note.cafe_id == cafe.id, Note.theme_id.is_not(None))
            .order_by(Note.id)):
        members[theme_id].append(note_id)
    for theme in db.session.scalars(select(Theme).where(Theme.cafe_id == cafe.id)):
        notes = members.get(theme.id)
        if not notes:
            db.session.delete(theme)
            continue
        reps = [r for r in theme.representatives if r in notes]
        theme.representatives = reps or notes[:MAX_REPRESENTATIVES]


def rename_theme(cafe_id, theme_id, label, translations=None) -> Theme:
    """Give a theme the facilitator's own label, and/or its label in the café's other languages
    ({lang: label}; an empty one removes that translation), at any point after the harvest:
    voters see it. None leaves the label, or the translations, as they are."""
    if label is None and translations is None:
        raise Invalid("empty", "label")
    if label is not None:
        label = clean_text(label, field="label", max_len=LABEL_MAX)
    if translations is not None:
        translations = clean_versions(translations, field="label", max_len=LABEL_MAX,
                                      languages=services.get_cafe(cafe_id).language_list[1:])
    cafe = _curatable(cafe_id, states=(HARVEST, VOTING, RESULTS))
    theme = _theme_in(cafe, theme_id)
    if label is not None:
        theme.label = label
    if translations is not None:
        merged = {**(theme.translations or {}), **translations}
        theme.translations = {k: v for k, v in merged.items() if v} or None
    db.session.commit()
    return theme


def merge_themes(cafe_id, theme_id, into_id) -> Theme:
    """Move every note of one theme into another and drop the first; returns the one kept."""
    cafe = _curatable(cafe_id)
    theme, into = _theme_in(cafe, theme_id), _theme_in(cafe, into_id)
    if theme.id == into.id:
        raise Invalid("same_theme", "into")
    db.session.execute(update(Note).where(Note.theme_id == theme.id).values(theme_id=into.id))
    into.representatives = (into.representatives + theme.representatives)[:MAX_REPRESENTATIVES]
    _tidy(cafe)
    db.session.commit()
    return into


def move_note(cafe_id, note_id, theme_id) -> Note:
    """Put a note in another theme (or, with theme None, in none)."""
    cafe = _curatable(cafe_id)
    note = _note_in(cafe, note_id)
    note.theme_id = None if theme_id is None else _theme_in(cafe, theme_id).id
    _tidy(cafe)
    db.session.commit()
    return note


def split_theme(cafe_id, note_ids, label=None, *, run=run_inline) -> Theme:
    """Make a new theme of these notes, labelled by the facilitator or from its distinctive words."""
    if not isinstance(note_ids, list) or not note_ids:
        raise Invalid("wrong_type", "notes")
    if len(note_ids) > SPLIT_MAX_NOTES:
        raise Invalid("too_many", "notes", max=SPLIT_MAX_NOTES)
    if label is not None:
        label = clean_text(label, field="label", max_len=LABEL_MAX, required=False) or None
    cafe = services.get_cafe(cafe_id)
    notes = sorted({n.id: n for n in (_note_in(cafe, i) for i in note_ids)}.values(),
                   key=lambda n: n.id)
    if label is None:             # worked out before the lock, so notes keep flowing meanwhile
        texts = [n.text for n in notes]
        background = [row.text for row in visible_note_rows(cafe.id)]
        ignore, words = ignore_texts(cafe), list(cafe.ignore_words or [])
        db.session.commit()
        label = run(label_for, texts, background, ignore=ignore, ignore_words=words) \
            or _fallback_label(texts[0])
    cafe = _curatable(cafe.id)
    position = (db.session.scalar(select(func.max(Theme.position))
                                  .where(Theme.cafe_id == cafe.id)) or 0) + 1
    theme = Theme(cafe_id=cafe.id, position=position, label=_shortened(label),
                  representatives=[n.id for n in notes[:MAX_REPRESENTATIVES]])
    db.session.add(theme)
    db.session.flush()
    db.session.execute(update(Note).where(Note.id.in_([n.id for n in notes]))
                       .values(theme_id=theme.id))
    _tidy(cafe)
    db.session.commit()
    return theme


def hide_theme(cafe_id, theme_id, hidden) -> Theme:
    """Leave a theme out of voting and the priorities (or bring it back)."""
    hidden = clean_bool(hidden, field="hidden")
    cafe = _curatable(cafe_id)
    theme = _theme_in(cafe, theme_id)
    theme.hidden = hidden
    db.session.commit()
    return theme


# --- what screens show --------------------------------------------------------------------------

@dataclass
class _Reading:
    """One read of a café's harvest, from which every view is made."""
    rows: list[dict]                     # every theme, hidden ones too, in order
    unassigned: list[int]                # visible notes in no theme
    ballots: dict[int, dict[int, int]]   # participant id -> ballot
    group_of: dict[int, str | None]      # participant id -> stakeholder group
    paper: PaperDots                        # the dots counted on paper
    new_notes: int = 0                   # notes in no theme written after the harvest's rounds


def _read(cafe: Cafe) -> _Reading:
    """Every theme with its notes, spread, groups and votes; the notes in none; the ballots."""
    themes = list(db.session.scalars(select(Theme).where(Theme.cafe_id == cafe.id)
                                     .order_by(Theme.position, Theme.id)))
    notes = visible_note_rows(cafe.id)
    group_of = dict(db.session.execute(select(Participant.id, Participant.group)
                                       .where(Participant.cafe_id == cafe.id)).all())
    ballots = phone_ballots(cafe)
    paper = paper_dots(cafe)
    text = {n.id: n.text for n in notes}
    by_theme = defaultdict(list)
    for n in notes:
        by_theme[n.theme_id].append(n)
    group_sizes = Counter(group_of.values())
    phone_votes = tally(ballots.values())
    rows = []
    number = 0
    for theme in themes:
        members = by_theme.pop(theme.id, [])
        reps = [r for r in theme.representatives if r in text] or \
            [n.id for n in members[:MAX_REPRESENTATIVES]]
        # Notes typed for "someone at this table" count as one author each (their group unknown).
        authors = {(n.participant_id or f"note:{n.id}", n.group) for n in members}
        if not theme.hidden:
            number += 1
        rows.append({
            "theme_id": theme.id, "label": theme.label, "hidden": theme.hidden,
            # The label in the café's other languages ({lang: label}, only those given).
            "label_versions": translated(theme.translations),
            "position": theme.position,
            # Printed ballots and the projector number the themes the same way, for paper dots.
            "number": None if theme.hidden else number,
            "representatives": [text[r] for r in reps], "representative_ids": reps,
            "notes": [n.id for n in members],
            "tables": len({n.table_id for n in members}),
            "rounds": len({n.round_no for n in members}),
            "table_total": len(cafe.tables), "round_total": cafe.num_rounds,
            "groups": shown_group_counts(Counter(g for _, g in authors), group_sizes),
            "votes": phone_votes.get(theme.id, 0) + paper.by_theme.get(theme.id, 0),
            "paper_votes": paper.by_theme.get(theme.id, 0),
        })
    unassigned = sorted(n.id for members in by_theme.values() for n in members)
    new_notes = sum(1 for n in by_theme.get(None, [])
                    if cafe.harvest_round is not None and n.round_no > cafe.harvest_round)
    return _Reading(rows, unassigned, ballots, group_of, paper, new_notes)


def _priority(row: dict) -> dict:
    """A ranked theme as every screen and the downloads show it."""
    return {key: row[key] for key in ("theme_id", "number", "label", "label_versions",
                                      "votes", "paper_votes",
                                      "tables", "rounds", "table_total", "round_total")} | {
        "quotes": row["representatives"]}


def _ranked(reading: _Reading) -> list[dict]:
    return [_priority(r) for r in rank_priorities([r for r in reading.rows if not r["hidden"]])]


def _by_group(reading: _Reading) -> dict[str, list[dict]]:
    ballots = [(reading.group_of.get(pid), ballot) for pid, ballot in reading.ballots.items()]
    rows = [r for r in reading.rows if not r["hidden"]]
    return {group: [{"theme_id": r["theme_id"], "label": r["label"], "votes": r["votes"]}
                    for r in ranked]
            for group, ranked in rank_by_group(ballots, rows,
                                               paper=reading.paper.by_group).items()}


def ranked_priorities(cafe: Cafe) -> list[dict]:
    """The visible themes ranked by votes (ties by spread) once voting has closed; [] before."""
    return _ranked(_read(cafe)) if cafe.harvest_state == RESULTS else []


def note_themes(cafe: Cafe) -> dict[int, tuple[str, int, int]]:
    """note id -> (its theme's label, that theme's votes, of which on paper), for notes in a
    visible theme."""
    return {note_id: (row["label"], row["votes"], row["paper_votes"])
            for row in _read(cafe).rows if not row["hidden"] for note_id in row["notes"]}


def theme_summaries(cafe: Cafe) -> list[dict]:
    """Every visible theme with its id, label, votes and note ids, for the exports ([] before a harvest)."""
    if cafe.harvest_state == NO_HARVEST:
        return []
    return [{"id": row["theme_id"], "label": row["label"], "votes": row["votes"],
             "paper_votes": row["paper_votes"], "notes": row["notes"]}
            for row in _read(cafe).rows if not row["hidden"]]


def _view(cafe: Cafe, reading: _Reading | None, *, staff: bool) -> dict:
    """The harvest for the staff (everything) or for phones (labels and representatives only).

    Tallies reach phones only when the facilitator shows them or once voting has closed; the
    ranking by stakeholder group (groups of 5+ voters) only reaches the staff.
    """
    view = {"state": cafe.harvest_state, "round": cafe.harvest_round, "dots": cafe.dots,
            "tallies_visible": cafe.show_tallies, "themes": [], "tallies": None,
            "priorities": None}
    if staff:
        view |= {"unassigned": [], "by_group": None, "new_notes": 0,
                 "ignore_words": list(cafe.ignore_words or [])}
    if reading is None:
        return view
    if staff:
        view["themes"] = reading.rows
        view["unassigned"] = reading.unassigned
        view["new_notes"] = reading.new_notes
    else:
        view["themes"] = [{"id": r["theme_id"], "number": r["number"], "label": r["label"],
                           "label_versions": r["label_versions"],
                           "representatives": r["representatives"]}
                          for r in reading.rows if not r["hidden"]]
    voted = cafe.harvest_state in (VOTING, RESULTS)
    if voted and (staff or cafe.show_tallies or cafe.harvest_state == RESULTS):
        view["tallies"] = tally_view(reading.ballots, reading.paper)
    if staff and voted:
        view["paper"] = {"voters": reading.paper.voters, "tallies": paper_tallies(cafe)}
    if cafe.harvest_state == RESULTS:
        view["priorities"] = _ranked(reading)
        if staff:
            view["by_group"] = _by_group(reading)
    return view


def _reading(cafe: Cafe) -> _Reading | None:
    return None if cafe.harvest_state == NO_HARVEST else _read(cafe)


def harvest_view(cafe: Cafe, *, staff: bool = False, person: Participant | None = None) -> dict:
    """The harvest as one screen shows it (a phone's view also holds its own dots)."""
    view = _view(cafe, _reading(cafe), staff=staff)
    if person is not None:
        view["my_votes"] = {str(k): v for k, v in my_votes(person).items()}
    return view


def harvest_views(cafe: Cafe) -> tuple[dict, dict]:
    """(phones' view, staff's view) from one read, for a broadcast."""
    reading = _reading(cafe)
    return _view(cafe, reading, staff=False), _view(cafe, reading, staff=True)
