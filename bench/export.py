"""Export speed: ``python -m bench.export``.

Times the priority report PDF (``build_report_pdf``) and the notes CSV (``notes_csv``) for cafés
of 200, 2,000 and 10,000 notes, built from the real Bowling Green comments (Polis open data,
CC BY 4.0, The Computational Democracy Project) used as note text in turn. The votes chart is
timed too but, like the word cloud (drawn beforehand, not timed), it is not in the summary.

The last line is ``export: seconds_2000=<x>``: the real app's report PDF + notes CSV for a café of
2,000 notes (built through the services: rounds, harvest, votes), median of the runs.
``report_from_notes`` takes plain note dicts so the same numbers can later come from the app.
"""

from __future__ import annotations

import argparse
import csv
import functools
import io
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from cafe.domain.report import (
    build_report_pdf,
    notes_csv,
    suppress_small_counts,
    votes_chart_png,
)

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "polis-bowling-green"
SIZES = (200, 2000, 10000)
CSV_COLUMNS = ("table", "round", "theme", "votes", "group", "text")
COLOURS = ("Blue", "Green", "Orange", "Purple", "Red", "Teal", "Yellow", "Grey")
GROUPS = ("Residents", "Businesses", "Youth", "Council staff", "Charities", "Faith groups")
THEMES = ("Roads and traffic", "Housing", "Parks and trees", "Jobs", "Schools", "Health care",
          "Downtown", "Public transport", "Safety", "Arts and culture", "Opioids", "Broadband")


def load_comments(data: Path = DATA) -> list[str]:
    """Comment bodies that the Polis moderators did not reject."""
    with (data / "comments.csv").open(encoding="utf-8", newline="") as file:
        return [row["comment-body"] for row in csv.DictReader(file)
                if row["moderated"] != "-1" and row["comment-body"].strip()]


def synthetic_notes(count: int, texts: Sequence[str], seed: int = 0) -> list[dict]:
    """``count`` note dicts as the app stores them: about 8 notes per person, 6 people a table."""
    rng = random.Random(seed)
    people = max(6, count // 8)
    tables = max(2, people // 6)
    group_of = {person: rng.choices(GROUPS, weights=(60, 12, 10, 8, 6, 1))[0] for person in range(people)}
    notes = []
    for i in range(count):
        person = rng.randrange(people)
        table = person % tables + 1
        notes.append({
            "id": i + 1, "author": person, "group": group_of[person],
            "table": f"Table {table} ({COLOURS[table % len(COLOURS)]})", "round": rng.randint(1, 3),
            "theme": rng.choice(THEMES), "votes": rng.choice((0, 0, 0, 1, 1, 2, 3, 5, 8)),
            "text": texts[i % len(texts)],
        })
    return notes


def report_from_notes(notes: Sequence[dict], *, wordcloud_png: bytes | None = None) -> tuple[dict, list[dict]]:
    """The report dict and the CSV rows for a café whose notes are ``notes``."""
    tables = sorted({n["table"] for n in notes})
    rounds = sorted({n["round"] for n in notes})
    people_by_group = Counter()
    for _author, group in {(n["author"], n["group"]) for n in notes}:
        people_by_group[group] += 1
    notes_by_group = Counter(n["group"] for n in notes)
    people = sum(people_by_group.values())
    shown_people = suppress_small_counts(people_by_group, total=people)
    shown_notes = suppress_small_counts(notes_by_group, total=len(notes))

    by_theme: dict[str, list[dict]] = defaultdict(list)
    for note in notes:
        by_theme[note["theme"]].append(note)
    ranked = sorted(by_theme.items(), key=lambda item: -sum(n["votes"] for n in item[1]))
    priorities = []
    for rank, (theme, theme_notes) in enumerate(ranked, 1):
        best = sorted(theme_notes, key=lambda n: -n["votes"])[:3]
        priorities.append({
            "rank": rank, "label": theme, "votes": sum(n["votes"] for n in theme_notes),
            "tables": len({n["table"] for n in theme_notes}), "table_total": len(tables),
            "rounds": len({n["round"] for n in theme_notes}), "round_total": len(rounds),
            "quotes": [n["text"] for n in best],
        })
    by_table: dict[str, list[dict]] = defaultdict(list)
    for note in notes:
        by_table[note["table"]].append(note)
    report = {
        "title": "Bowling Green & Warren County café", "date": "2026-11-23",
        "questions": ["What do you believe should change in Bowling Green/Warren County in order to make "
                      "it a better place to live, work and spend time?"],
        "participation": {
            "people": people, "tables": len(tables), "rounds": len(rounds), "notes": len(notes),
            "by_group": [{"group": g, "people": shown_people[g], "notes": shown_notes[g]} for g in people_by_group],
        },
        "priorities": priorities,
        "wordcloud_png": wordcloud_png,
        "votes_chart_png": None,
        "table_highlights": [{"table": table, "quotes": [n["text"] for n in sorted(by_table[table],
                                                                                     key=lambda n: -n["votes"])[:2]]}
                             for table in tables],
        "actions": [{"priority": p["label"], "next_steps": "Bring the notes to the partners' meeting and agree "
                     "one change we can make by spring.", "partner": "Warren County", "due": "2027-03-31"}
                    for p in priorities[:5]],
    }
    rows = [{**note, "group": note["group"] if people_by_group[note["group"]] >= 5 else ""} for note in notes]
    return report, rows


def draw_wordcloud(texts: Sequence[str]) -> bytes | None:
    """A word cloud PNG like the app's, or None without the wordcloud package (not timed)."""
    try:
        from wordcloud import WordCloud
    except ImportError:
        return None
    cloud = WordCloud(width=1200, height=600, background_color="white", random_state=0)
    image = cloud.generate(" ".join(texts))
    buffer = io.BytesIO()
    image.to_image().save(buffer, format="PNG")
    return buffer.getvalue()


def median_seconds(action, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def app_cafe(size: int, texts: Sequence[str]):
    """A finished café in a fresh app on a temporary SQLite file, through the real services:
    `size` notes over 3 rounds at 8 tables, a harvest, and every person's 3 dots cast.
    Returns (app, cafe id)."""
    import tempfile

    from cafe import create_app, services
    from cafe.services import harvest
    folder = tempfile.mkdtemp(prefix="cafe-bench-export-")
    app = create_app({"SECRET_KEY": "bench", "FACILITATOR_TOKEN": "bench-token-0123456789",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3"})
    rng = random.Random(size)
    with app.app_context():
        cafe = services.create_cafe(
            title="Bowling Green (export benchmark)", questions=["What should change?"],
            tables=[services.TableSpec(name=str(i + 1), colour="") for i in range(8)],
            round_minutes=20, num_rounds=3, groups=list(services.DEFAULT_GROUPS))
        cafe = services.open_cafe(cafe.id, cafe.version)
        people = [services.join_cafe(cafe.join_code, name="", language="en", can_host=False,
                                     languages={"en": "English"},
                                     group=rng.choices(services.DEFAULT_GROUPS, (60, 15, 20, 5))[0])
                  for _ in range(max(16, size // 8))]
        for round_no in range(1, 4):
            cafe = services.start_round(cafe.id, services.get_cafe(cafe.id).version)
            for i in range(round_no - 1, size, 3):
                services.submit_note(people[i % len(people)], f"bench-{i:06d}",
                                     texts[i % len(texts)][:500], round_no)
            cafe = services.end_round(cafe.id, services.get_cafe(cafe.id).version)
            if round_no < 3:
                cafe = services.rotate(cafe.id, cafe.version)
        cafe = harvest.run_harvest(cafe.id, services.get_cafe(cafe.id).version)
        cafe = harvest.open_voting(cafe.id, services.get_cafe(cafe.id).version, 3)
        cafe = services.get_cafe(cafe.id)
        theme_ids = [t["id"] for t in harvest.harvest_view(cafe)["themes"]]
        assert theme_ids, "the harvest found no themes to vote on"
        for person in people:
            harvest.cast_votes(person, {str(rng.choice(theme_ids)): 3}
                                       if theme_ids else {})
        cafe = harvest.close_voting(cafe.id, services.get_cafe(cafe.id).version)
        assert sum(p["votes"] for p in harvest.ranked_priorities(cafe)) == 3 * len(people)
        return app, cafe.id


def app_export_seconds(app, cafe_id: int, repeat: int) -> tuple[float, int]:
    """Median seconds for the report PDF plus the notes CSV as the download pages make them."""
    from cafe import services
    from cafe.services import exports
    with app.app_context():
        def both():
            cafe = services.get_cafe(cafe_id)
            return exports.report_pdf(cafe), exports.notes_csv(cafe)
        seconds, (pdf, _) = median_seconds(both, repeat)
        return seconds, len(pdf)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (median is shown)")
    args = parser.parse_args(argv)
    if not (DATA / "comments.csv").exists():
        print(f"export: skipped, no comments at {DATA} (the shared data folder is absent)")
        return 0
    texts = load_comments()
    wordcloud_png = draw_wordcloud(texts)
    headings = ("notes", "pages", "chart s", "pdf s", "csv s", "pdf+csv s", "pdf KB", "csv KB",
                "app s")
    print(" ".join(f"{h:>{w}}" for h, w in zip(headings, (7, 6, 8, 7, 7, 10, 7, 7, 7), strict=True)))
    summary = {}
    for size in SIZES:
        report, rows = report_from_notes(synthetic_notes(size, texts), wordcloud_png=wordcloud_png)
        chart_s, chart = median_seconds(functools.partial(votes_chart_png, report["priorities"]), args.repeat)
        report["votes_chart_png"] = chart
        pdf_s, pdf = median_seconds(functools.partial(build_report_pdf, report), args.repeat)
        csv_s, data = median_seconds(functools.partial(notes_csv, rows, CSV_COLUMNS), args.repeat)
        pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")
        app, cafe_id = app_cafe(size, texts)
        app_s, _ = app_export_seconds(app, cafe_id, args.repeat)
        summary[size] = app_s
        print(f"{size:>7} {pages:>6} {chart_s:>8.3f} {pdf_s:>7.3f} {csv_s:>7.3f} {pdf_s + csv_s:>10.3f} "
              f"{len(pdf) / 1024:>7.0f} {len(data) / 1024:>7.0f} {app_s:>7.3f}")
    print("(layout columns: cafe.domain.report on prepared data; app s: the real app's report PDF + notes CSV,")
    print(" from the database, with harvest themes, votes and the word cloud drawn, as a download makes them)")
    print(f"export: seconds_2000={summary[2000]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
