"""What organizers download after a café: report, notes CSV, JSON, pictures, action plan, deletion.

Service layer: reads the models, shapes plain data, and hands layout to the pure `cafe.domain.report`
and `cafe.domain.wordclouds`. Nothing here knows about HTTP.
"""
from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter, OrderedDict

from sqlalchemy import select

from cafe import services
from cafe.config import run_inline
from cafe.domain import report, texts, tokens
from cafe.domain.limits import MAX_ACTIONS, PRIVACY_THRESHOLD  # noqa: F401  (MAX_ACTIONS: the form's)
from cafe.domain.palette import text_colour
from cafe.domain.report import printed
from cafe.domain.themes import cluster_notes
from cafe.domain.validation import Invalid
from cafe.domain.wordclouds import render_wordcloud
from cafe.extensions import db
from cafe.models import (
    BY_FACILITATOR,
    BY_HOST,
    BY_TABLE_DEVICE,
    NO_HARVEST,
    REVIEW,
    SELF,
    Cafe,
    CafeTable,
    Note,
    Participant,
)
from cafe.services import Refused, clouds, export_texts, harvest
from cafe.services.action_plan import (  # noqa: F401  (save_actions: the downloads page's)
    action_versions,
    actions,
    save_actions,
    theme_translations,
)
from cafe.services.export_texts import ReportLanguage, versions, written_date

NOTE_COLUMNS = ("note", "round", "question", "table", "theme", "theme_votes", "theme_paper_votes",
                "group", "typed_by", "text")
# How the exports say who typed a note (blank: its author, on their own phone).
TYPED_BY_TEXT = {SELF: "", BY_HOST: "typed by the host", BY_FACILITATOR: "typed by the facilitator",
                 BY_TABLE_DEVICE: "typed on the table's shared device"}
MIN_GROUP = 5          # stakeholder groups smaller than this are never named next to data


def visible_notes(cafe: Cafe) -> list[tuple[Note, Participant | None]]:
    """Every note not hidden by moderation, with its author (never exported as such); None for
    notes typed for "someone at this table" or on a shared table device."""
    rows = db.session.execute(
        select(Note, Participant).outerjoin(Participant, Participant.id == Note.participant_id)
        .where(Note.cafe_id == cafe.id, Note.hidden.is_(False)).order_by(Note.id))
    return [(note, person) for note, person in rows.all()]


def _people(cafe: Cafe) -> list[Participant]:
    return list(db.session.scalars(select(Participant).where(Participant.cafe_id == cafe.id)))


def shown_groups(people: list[Participant]) -> set[str]:
    """Groups with at least MIN_GROUP people: only these are named next to notes."""
    counts = Counter(p.group for p in people if p.group)
    return {group for group, count in counts.items() if count >= MIN_GROUP}


def participation(cafe: Cafe, notes, people) -> dict:
    """People, tables, rounds and notes, by group, with small counts suppressed.

    A group's notes count is hidden whenever its people count is, so one can't be read off the other.
    """
    people_by_group = Counter(p.group or "Not given" for p in people)
    notes_by_group = Counter(_group_of(person) or "Not given" for _, person in notes)
    shown_people = report.suppress_small_counts(people_by_group, threshold=PRIVACY_THRESHOLD,
                                                total=len(people))
    shown_notes = report.suppress_small_counts(
        {g: notes_by_group.get(g, 0) for g in people_by_group}, threshold=PRIVACY_THRESHOLD,
        total=len(notes))
    by_group = [{"group": g, "people": shown_people[g],
                 "notes": None if shown_people[g] is None else shown_notes[g]}
                for g in people_by_group]
    return {"people": len(people) if len(people) >= MIN_GROUP else None,
            "tables": len(cafe.tables), "rounds": cafe.num_rounds,
            "notes": len(notes), "by_group": by_group}


def _group_of(person: Participant | None) -> str | None:
    return person.group if person is not None else None


def table_label(table: CafeTable) -> str:
    """'Table 3 (green)' as the report and CSV name a table."""
    return f"Table {table.name} ({table.colour_name})"


def note_rows(cafe: Cafe) -> list[dict]:
    """One row per visible note for the CSV: no names, no device data, small groups blank; the
    café's texts also in each of its other languages (export_texts.csv_columns)."""
    notes = visible_notes(cafe)
    groups = shown_groups(_people(cafe))
    tables = {t.id: t for t in cafe.tables}
    themes = {note_id: theme for theme in harvest.theme_summaries(cafe)
              for note_id in theme["notes"]}
    theme_labels = theme_translations(cafe)
    rows = []
    for note, person in notes:
        theme = themes.get(note.id)
        group = _group_of(person)
        group = group if group in groups else ""
        table = tables[note.table_id]
        rows.append({"note": note.id, "round": note.round_no,
                     "question": cafe.question_for(note.round_no), "table": table_label(table),
                     "theme": theme["label"] if theme else "",
                     "theme_votes": theme["votes"] if theme else "",
                     "theme_paper_votes": theme["paper_votes"] if theme else "",
                     "group": group,
                     "typed_by": TYPED_BY_TEXT.get(note.typed_by, ""), "text": note.text}
                    | export_texts.csv_values(cafe, round_no=note.round_no, table=table, theme=theme,
                                              group=group, theme_labels=theme_labels))
    return rows


def notes_csv(cafe: Cafe) -> bytes:
    """The notes as an Excel-safe CSV (UTF-8 with BOM, formula-like cells neutralised)."""
    return report.notes_csv(note_rows(cafe), NOTE_COLUMNS + export_texts.csv_columns(cafe))


def priorities_with_plan(cafe: Cafe) -> list[dict]:
    """Ranked priorities, each with its action-plan line (empty when none was written)."""
    plan = {a["theme_id"]: a for a in actions(cafe) if a["theme_id"] is not None}
    ranked = harvest.ranked_priorities(cafe)
    for rank, priority in enumerate(ranked, start=1):
        priority["rank"] = rank
        priority["action"] = plan.get(priority["theme_id"])
    return ranked


# Pictures and reports take seconds for a big café. They are made through `run` (the web layer
# passes the CPU_RUNNER: eventlet's thread pool under wsgi.py), so every phone's clock and notes keep
# flowing while an organizer downloads, and kept here while what they show is unchanged.
_made: OrderedDict = OrderedDict()
_made_lock = threading.Lock()
MAX_KEPT = 16


def _kept(kind: str, inputs, make, run) -> bytes | None:
    """`run(make, inputs)`, or the copy made earlier from the same inputs."""
    digest = hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()
    key = (kind, digest)
    with _made_lock:
        if key in _made:
            _made.move_to_end(key)
            return _made[key]
    db.session.commit()          # end the read: hold nothing while the CPU works
    made = run(make, inputs)
    with _made_lock:
        _made[key] = made
        while len(_made) > MAX_KEPT:
            _made.popitem(last=False)
    return made


def forget_made() -> None:
    """Drop every kept report, chart and word cloud (a fresh app in tests starts with none)."""
    with _made_lock:
        _made.clear()
    clouds.forget_clouds()


def wordcloud_png(cafe: Cafe, *, run=run_inline) -> bytes | None:
    """The whole café's word cloud (None when there are no words); the projector's, cached alike."""
    return clouds.wordcloud_png(cafe, run=run)


def _votes_chart(ranked: list[dict]) -> bytes | None:
    return report.votes_chart_png(ranked) if ranked else None


def votes_png(cafe: Cafe, *, run=run_inline) -> bytes | None:
    """Bar chart of votes per priority (None before any vote)."""
    ranked = harvest.ranked_priorities(cafe)
    return _kept("votes", ranked, _votes_chart, run) if ranked else None


def report_data(cafe: Cafe, *, language: ReportLanguage | None = None, run=run_inline) -> dict:
    """Everything the PDF report shows, as plain data (its pictures made through `run`), in
    `language` (English by default)."""
    return _report_pictures(_report_inputs(cafe, language), run=run)


def _report_inputs(cafe: Cafe, language: ReportLanguage | None = None) -> dict:
    """What the report is made of, read from the database: plain data, no pictures yet.

    Headings, labels and dates are in `language`; every text the facilitator typed comes with
    its versions in the café's other languages (`translations`)."""
    reading = language or ReportLanguage()
    notes = visible_notes(cafe)
    people = _people(cafe)
    ranked = priorities_with_plan(cafe)
    others = cafe.language_list[1:]
    theme_labels = theme_translations(cafe)
    return {
        "id": cafe.id, "lang": reading.code, "words": dict(reading.words),
        "title": cafe.title, "date": cafe.created_at.date().isoformat(),
        "title_translations": versions(cafe.title_versions(), others, reading),
        "questions": export_texts.report_questions(cafe, reading),
        "participation": export_texts.report_participation(
            cafe, participation(cafe, notes, people), reading),
        "voting": voting_figures(cafe) if ranked else None,
        "ranked": [p | {"translations": versions(theme_labels.get(p["theme_id"], {}), others,
                                                  reading)} for p in ranked],
        "texts": [n.text for n, _ in notes],
        "tables": [{"table": reading.table_label(table),
                    "translations": versions(texts.translated(table.translations), others,
                                             reading),
                    "texts": [n.text for n, _ in notes if n.table_id == table.id]}
                   for table in cafe.tables],
        "ignore": export_texts.all_typed_texts(cafe),
        "ignore_words": list(cafe.ignore_words or []),
        "actions": [{"priority": a["priority"], "next_steps": a["next_steps"],
                     "partner": a["partner"], "due": a["due"],
                     "translations": [{"lang": lang, "name": reading.name(lang), **fields}
                                      for lang, fields in
                                      action_versions(a, others, theme_labels).items()]}
                    for a in actions(cafe)],
    }


def _report_pictures(inputs: dict, *, run=run_inline) -> dict:
    """The report's data with its word cloud, chart and table highlights (CPU work, through `run`)."""
    return run(_report_from_inputs, inputs)


def _report_from_inputs(inputs: dict) -> dict:
    ranked = inputs["ranked"]
    highlights = [{"table": t["table"], "translations": t.get("translations", []),
                   "quotes": _highlights(t["texts"])} for t in inputs["tables"]]
    words = report.Words(inputs.get("words"))
    lang = inputs.get("lang", "en")
    return {
        "lang": lang, "words": inputs.get("words") or {},
        "title": inputs["title"], "date": written_date(inputs["date"], lang),
        "questions": inputs["questions"],
        "title_translations": inputs.get("title_translations", []),
        "participation": inputs["participation"], "voting": inputs["voting"],
        "priorities": [{"rank": p["rank"], "label": p["label"], "votes": p["votes"],
                        "paper_votes": p["paper_votes"], "tables": p["tables"], "table_total": p["table_total"],
                        "rounds": p["rounds"], "round_total": p["round_total"],
                        "translations": p.get("translations", []),
                        "quotes": p["quotes"][:3]} for p in ranked],
        "wordcloud_png": render_wordcloud(inputs["texts"], seed=inputs["id"], ignore=inputs["ignore"],
                                          ignore_words=inputs["ignore_words"]),
        "votes_chart_png": report.votes_chart_png(ranked, axis_label=words("votes_axis"),
                                                  empty_text=words("no_votes")) if ranked else None,
        "table_highlights": [h for h in highlights if h["quotes"]],
        "actions": [a | {"due": written_date(a["due"], lang, "medium") if a["due"] else ""}
                    for a in inputs["actions"]],
    }


def _highlights(texts: list[str], count: int = 3) -> list[str]:
    """A table's most representative notes (the most central by themes' measure), or its first ones."""
    if len(texts) <= count:
        return texts
    result = cluster_notes(texts, k=1)
    picks = [texts[i] for theme in result.themes for i in theme.representatives]
    return (picks or texts)[:count]


def _report_pdf_from_inputs(inputs: dict) -> bytes:
    return report.build_report_pdf(_report_from_inputs(inputs), page_size=inputs["page_size"])


def report_pdf(cafe: Cafe, page_size: str = "A4", *, language: ReportLanguage | None = None,
               run=run_inline) -> bytes:
    """The priority summary report as a PDF (A4 or Letter) in `language` (English by default),
    made off the event loop and kept until a note, vote, theme or action line changes it."""
    inputs = _report_inputs(cafe, language) | {"page_size": page_size}
    return _kept("report", inputs, _report_pdf_from_inputs, run)


def cafe_json(cafe: Cafe) -> dict:
    """The whole café as plain data, for re-import or analysis: anonymous, small groups blank."""
    people = _people(cafe)
    groups = shown_groups(people)
    notes = visible_notes(cafe)
    positions = services.table_positions(cafe)
    summaries = harvest.theme_summaries(cafe)
    themes = {note_id: theme for theme in summaries for note_id in theme["notes"]}
    others = cafe.language_list[1:]
    theme_labels = theme_translations(cafe)

    def labels(theme_id) -> dict[str, str]:
        return {lang: label for lang, label in theme_labels.get(theme_id, {}).items()
                if lang in others}

    return {
        "format": "cafe-export/1",
        "cafe": {"title": cafe.title, "created_at": cafe.created_at.isoformat(),
                 "questions": cafe.questions, "rounds": cafe.num_rounds,
                 "round_minutes": cafe.round_seconds // 60, "groups": cafe.groups,
                 "phase": cafe.phase, "languages": cafe.language_list,
                 "translations": export_texts.cafe_translations(cafe)},
        "tables": [{"index": t.position, "name": t.name, "colour": t.colour_name,
                    "translations": {lang: name for lang, name in
                                     texts.translated(t.translations).items() if lang in others},
                    "languages": list(t.languages or [])}
                   for t in cafe.tables],
        "participation": participation(cafe, notes, people),
        "notes": [{"id": n.id, "round": n.round_no, "question": cafe.question_for(n.round_no),
                   "table": positions[n.table_id],
                   "group": _group_of(p) if _group_of(p) in groups else None,
                   "typed_by": n.typed_by,
                   "theme_id": themes[n.id]["id"] if n.id in themes else None,
                   "theme": themes[n.id]["label"] if n.id in themes else None,
                   "text": n.text}
                  for n, p in notes],
        "voting": voting_figures(cafe),
        "themes": [t | {"translations": labels(t["id"])} for t in summaries],
        "priorities": [{k: v for k, v in p.items() if k != "action"}
                       | {"translations": labels(p["theme_id"])}
                       for p in priorities_with_plan(cafe)],
        "actions": [a | {"translations": action_versions(a, others, theme_labels)}
                    for a in actions(cafe)],
    }


def voting_figures(cafe: Cafe) -> dict:
    """How the dots were cast: dots each, people who voted by phone and on paper, paper dots."""
    counts = harvest.tallies(cafe)
    paper_voters = counts["paper_voters"]
    return {"dots_each": cafe.dots, "phone_voters": counts["voters"] - paper_voters,
            "paper_voters": paper_voters, "paper_dots": sum(counts["paper"].values()),
            "all_dots": sum(counts["tallies"].values())}


# --- printed materials --------------------------------------------------------------------------

def _other_versions(cafe: Cafe, found: dict[str, str]) -> list[str]:
    """A text's own versions in the café's other languages, in their order (for print)."""
    return [found[lang] for lang in cafe.language_list[1:] if found.get(lang)]


def _print_tables(cafe: Cafe, colour_names: dict[str, str]) -> list[dict]:
    return [{"name": t.name, "label": f"Table {t.name}", "colour": t.colour,
             "text_colour": text_colour(t.colour_name),
             "colour_name": colour_names.get(t.colour_name, t.colour_name),
             "versions": _other_versions(cafe, texts.translated(t.translations))}
            for t in cafe.tables]


def _join_data(cafe: Cafe, join_url: str, join_page: str, words: list[dict] | None) -> dict:
    return {"title": cafe.title, "join_url": join_url, "join_page": join_page,
            "join_code": cafe.join_code, "words": list(words or []),
            "title_versions": _other_versions(cafe, cafe.title_versions())}


def _print_questions(cafe: Cafe) -> tuple[list[str], list[list[str]]]:
    """The different questions as typed, and each one's versions in the other languages."""
    questions, versions_of = [], []
    for round_no, question in enumerate(cafe.questions, start=1):
        if question not in questions:
            questions.append(question)
            versions_of.append(_other_versions(cafe, cafe.question_versions(round_no)))
    return questions, versions_of


def table_cards_pdf(cafe: Cafe, *, join_url: str, join_page: str, colour_names: dict[str, str],
                    page_size: str = "A4", words: list[dict] | None = None) -> bytes:
    """A card per table: name and colour big, the question(s) in every language of the café, a
    join QR code, host steps."""
    questions, question_versions = _print_questions(cafe)
    data = _join_data(cafe, join_url, join_page, words) | {
        "questions": questions, "question_versions": question_versions,
        "tables": _print_tables(cafe, colour_names)}
    return printed.build_table_cards_pdf(data, page_size=page_size)


def poster_pdf(cafe: Cafe, *, join_url: str, join_page: str, page_size: str = "A4",
               words: list[dict] | None = None) -> bytes:
    """The door poster: a big join QR code and the short code (`words`: the print's own words
    in each language to print, see printed.PRINT_WORDS)."""
    return printed.build_poster_pdf(_join_data(cafe, join_url, join_page, words),
                                    page_size=page_size)


def seating_round(cafe: Cafe) -> int:
    """The round whose seating is worth printing now: the planned one while it is reviewed."""
    return cafe.round_no + 1 if cafe.phase == REVIEW else cafe.round_no


def seating_pdf(cafe: Cafe, *, colour_names: dict[str, str], round_no: int | None = None,
                page_size: str = "A4") -> bytes:
    """Every table's people in one round (the current one by default), hosts marked."""
    round_no = seating_round(cafe) if round_no is None else round_no
    if not 1 <= round_no <= min(cafe.num_rounds, seating_round(cafe)):
        raise Invalid("out_of_range", "round", low=1, high=seating_round(cafe))
    seats = services.seating(cafe.id, round_no)
    people = {p.id: p for p in _people(cafe)}
    tables = _print_tables(cafe, colour_names)
    for table in tables:
        table["people"] = []
    hosts = {t.host_id for t in cafe.tables}
    for pid in sorted(seats, key=lambda pid: people[pid].name.casefold()):
        name = people[pid].name + (" (host)" if pid in hosts else "")
        tables[seats[pid]]["people"].append(name)
    data = {"title": cafe.title, "round": round_no, "rounds": cafe.num_rounds, "tables": tables}
    return printed.build_seating_pdf(data, page_size=page_size)


def ballots_pdf(cafe: Cafe, *, page_size: str = "A4", words: list[dict] | None = None) -> bytes | None:
    """A paper ballot with the themes numbered as on the projector, each label in every language
    of the café; None before a harvest."""
    if cafe.harvest_state == NO_HARVEST:
        return None
    labels = theme_translations(cafe)
    themes = [{"number": t["number"], "label": t["label"],
               "versions": _other_versions(cafe, labels.get(t["theme_id"], {}))}
              for t in harvest.harvest_view(cafe, staff=True)["themes"] if not t["hidden"]]
    if not themes:
        return None
    data = {"title": cafe.title, "dots": cafe.dots, "groups": list(cafe.groups), "themes": themes,
            "title_versions": _other_versions(cafe, cafe.title_versions()), "words": list(words or []),
            "group_versions": [_other_versions(cafe, cafe.group_versions(g)) for g in cafe.groups]}
    return printed.build_ballots_pdf(data, page_size=page_size)


def delete_cafe(cafe_id: int) -> None:
    """Delete a café and everything in it, for good (retention)."""
    cafe = db.session.get(Cafe, cafe_id)
    if cafe is None:
        raise Refused("not_found")
    # Hosts point at participants; clear them first so the cascade has no cycle to trip on.
    for table in cafe.tables:
        table.host_id = None
    db.session.flush()
    db.session.delete(cafe)
    db.session.commit()


def cafe_by_results_token(token, secret_key: str) -> Cafe | None:
    """The café whose read-only results link carries this token.

    The link is made from the server's secret key (`tokens.results_token`); the database keeps
    only the hash of the token each café was given, so a link already shared keeps working
    even if the secret key is replaced later.
    """
    if not isinstance(token, str) or not 16 <= len(token) <= 64:
        return None
    cafe = db.session.scalar(select(Cafe).where(Cafe.results_token == tokens.hash_token(token)))
    if cafe is None:
        cafe_id = tokens.results_cafe_id(secret_key, token)
        cafe = db.session.get(Cafe, cafe_id) if cafe_id is not None else None
    return cafe
