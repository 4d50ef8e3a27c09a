"""Exports organizers asked for, made without stalling the room.

The JSON gives each note's theme and each theme's votes, the CSV each note's question; the report,
the word cloud and the votes chart are made through the CPU_RUNNER and kept while unchanged
(tests/e2e/test_eventlet_report.py shows the event loop ticking meanwhile under eventlet).
"""
from __future__ import annotations

import csv
import io
import json

from helpers import Cafe, connect, join, make_cafe
from test_harvest import finished, voting  # noqa: F401

from cafe.config import run_inline


def cast(finished, votes):  # noqa: F811
    """Phones put their dots: {phone index: {theme id: dots}}."""
    for index, ballot in votes.items():
        ack = finished.phones[index][0].emit("cast_votes", {"votes": ballot}, callback=True)
        assert ack["ok"], ack


def test_json_gives_each_notes_theme_and_each_themes_votes(app, finished, facilitator):  # noqa: F811
    harvest = voting(finished)
    bus = next(t for t in harvest["themes"] if any("bus" in r.lower() for r in t["representatives"]))
    cast(finished, {0: {str(bus["theme_id"]): 3}, 1: {str(bus["theme_id"]): 1}})
    finished.act("close_voting")

    data = json.loads(facilitator.get(f"/facilitator/cafes/{finished.id}/downloads/cafe.json").data)
    themes = {t["label"]: t for t in data["themes"]}
    assert themes[bus["label"]]["votes"] == 4
    bus_notes = [n for n in data["notes"] if n["theme"] == bus["label"]]
    assert bus_notes and all("bus" in n["text"].lower() for n in bus_notes)
    assert {n["id"] for n in bus_notes} == set(themes[bus["label"]]["notes"])
    assert all(n["question"] == "What matters most here?" for n in data["notes"])


def test_csv_gives_each_notes_question(app, facilitator):
    cafe = Cafe(app, facilitator, make_cafe(facilitator, rounds=2, tables=1,
                                            questions="What works well here?\nWhat should change?"))
    cafe.act("open_cafe")
    phone = connect(app, join(app, cafe.code), cafe.id, "participant")
    cafe.act("start_round")
    phone.emit("submit_note", {"id": "q-note-0001", "text": "The library", "round": 1}, callback=True)
    cafe.act("end_round")
    cafe.act("rotate")
    cafe.act("start_round")
    phone.emit("submit_note", {"id": "q-note-0002", "text": "More buses", "round": 2}, callback=True)
    rows = list(csv.DictReader(io.StringIO(facilitator.get(
        f"/facilitator/cafes/{cafe.id}/downloads/notes.csv").data.decode("utf-8-sig"))))
    questions = {row["text"]: (row["round"], row["question"]) for row in rows}
    assert questions == {"The library": ("1", "What works well here?"),
                         "More buses": ("2", "What should change?")}


def test_report_pictures_go_through_the_cpu_runner_and_are_kept_while_unchanged(app, finished, facilitator):  # noqa: F811
    harvest = voting(finished)
    cast(finished, {0: {str(harvest["themes"][0]["theme_id"]): 2}})
    finished.act("close_voting")
    used = []

    def recording_runner(function, *args, **kwargs):
        used.append(function.__name__)
        return run_inline(function, *args, **kwargs)

    app.config["CPU_RUNNER"] = recording_runner
    base = f"/facilitator/cafes/{finished.id}/downloads"
    first = facilitator.get(f"{base}/report.pdf")
    assert first.status_code == 200 and first.data.startswith(b"%PDF")
    assert used == ["_report_pdf_from_inputs"]
    assert facilitator.get(f"{base}/report.pdf").data == first.data
    assert used == ["_report_pdf_from_inputs"]                     # kept: nothing changed
    chart = facilitator.get(f"{base}/votes.png")
    cloud = facilitator.get(f"{base}/wordcloud.png")
    assert chart.data.startswith(b"\x89PNG") and cloud.data.startswith(b"\x89PNG")
    assert used[1:] in (["_votes_chart", "render_wordcloud"], ["_votes_chart"])   # the cloud may be the projector's
    facilitator.get(f"{base}/votes.png")
    assert used.count("_votes_chart") == 1

    # The action plan changes the report: it is made again.
    facilitator.post(f"/facilitator/cafes/{finished.id}/actions",
                     data={"priority_0": "X", "theme_0": "", "next_steps_0": "Meet the council",
                           "partner_0": "", "due_0": ""})
    facilitator.get(f"{base}/report.pdf")
    assert used.count("_report_pdf_from_inputs") == 2
