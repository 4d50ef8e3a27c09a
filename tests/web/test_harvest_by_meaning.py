"""The harvest panel's choices over sockets: group by meaning (when installed), words to ignore,
more or fewer themes; notes embedded as they arrive. A stand-in encoder replaces the model."""
from __future__ import annotations

import time

import numpy as np
import pytest
from helpers import Cafe, connect, join, make_cafe
from test_harvest import harvested, write_notes

from cafe.config import run_inline
from cafe.domain.themes import embeddings


def _encode(texts):
    """Vectors by topic word: bus/buses, park, light, school notes point four ways (plus noise)."""
    words = ("bus", "park", "light", "school")
    rng = np.random.default_rng(len(texts))
    rows = []
    for text in texts:
        low = text.lower()
        row = np.array([1.0 if w in low else 0.0 for w in words] + [0.0] * 12)
        rows.append(row + rng.normal(0, 0.05, 16))
    return np.array(rows, dtype=np.float32)


@pytest.fixture
def encoder():
    embeddings.use_encoder(_encode)
    yield
    embeddings.use_encoder(None)


@pytest.fixture
def no_model(monkeypatch):
    monkeypatch.setattr(embeddings, "available", lambda: False)


@pytest.fixture
def ended(app, facilitator):
    """A one-round café that has ended with the shared 32 notes."""
    running = Cafe(app, facilitator, make_cafe(facilitator, rounds=1))
    running.act("open_cafe")
    running.phones = [(connect(app, join(app, running.code), running.id, "participant"), None)
                      for _ in range(4)]
    running.act("start_round")
    write_notes(running.phones)
    running.act("end_round")
    return running


def test_dashboard_offers_grouping_by_meaning_only_when_installed(app, facilitator, monkeypatch):
    cafe_id = make_cafe(facilitator)
    monkeypatch.setattr(embeddings, "available", lambda: True)
    assert 'data-semantic="yes"' in facilitator.get(f"/facilitator/cafes/{cafe_id}").get_data(as_text=True)
    monkeypatch.setattr(embeddings, "available", lambda: False)
    assert 'data-semantic="no"' in facilitator.get(f"/facilitator/cafes/{cafe_id}").get_data(as_text=True)


def test_harvest_by_meaning(app, ended, encoder):
    """The chosen backend groups by the vectors; embedding goes through the CPU runner too."""
    used = []

    def recording_runner(function, *args, **kwargs):
        used.append(function.__name__)
        return run_inline(function, *args, **kwargs)

    app.config["CPU_RUNNER"] = recording_runner
    harvest = harvested_with(ended, backend="semantic", themes=4)
    assert used == ["_encode", "cluster_notes"]       # the model, then the clustering
    assert len(harvest["themes"]) == 4
    for theme in harvest["themes"]:
        words = {w for w in ("bus", "park", "light", "school") if any(w in r.lower() for r in theme["representatives"])}
        assert len(words) == 1, theme["representatives"]


def harvested_with(cafe, **data):
    ack = cafe.act("run_harvest", **data)
    assert ack["ok"], ack
    return cafe.snapshot()["harvest"]


def test_semantic_without_the_package_is_refused_kindly(app, ended, no_model):
    before = ended.snapshot()
    ack = ended.act("run_harvest", backend="semantic")
    assert ack["ok"] is False and ack["error"] == "semantic_unavailable"
    assert "shared words" in ack["message"] and "Traceback" not in ack["message"]
    assert ended.snapshot()["harvest"] == before["harvest"]


@pytest.mark.parametrize("data,error", [
    ({"backend": "magic"}, "unknown_backend"),
    ({"backend": 3}, "unknown_backend"),
    ({"ignore_words": 5}, "wrong_type"),
    ({"ignore_words": "x" * 301}, "too_long"),
    ({"ignore_words": " ".join(f"w{i}" for i in range(31))}, "too_many"),
    ({"themes": 0}, "out_of_range"),
    ({"themes": "4"}, "wrong_type"),
])
def test_bad_harvest_choices_change_nothing(app, ended, data, error):
    before = ended.snapshot()
    ack = ended.act("run_harvest", **data)
    assert ack["ok"] is False and ack["error"] == error, ack
    assert ended.snapshot()["harvest"] == before["harvest"]


def test_words_to_ignore_are_kept_and_never_name_a_theme(app, ended, facilitator):
    harvest = harvested_with(ended, ignore_words="park, Lights")
    assert harvest["ignore_words"] == ["park", "lights"]
    labels = " ".join(t["label"].lower() for t in harvest["themes"])
    assert "park" not in labels and "light" not in labels
    # "Harvest again" without the field keeps the café's list.
    assert harvested(ended)["ignore_words"] == ["park", "lights"]
    # The word clouds leave them out too (a different picture from the one with them).
    with_words = facilitator.get(f"/facilitator/cafes/{ended.id}/wordcloud.png").data
    assert harvested_with(ended, ignore_words="")["ignore_words"] == []
    assert facilitator.get(f"/facilitator/cafes/{ended.id}/wordcloud.png").data != with_words


def test_more_or_fewer_themes_in_one_click(app, ended):
    first = len(harvested(ended)["themes"])
    assert len(harvested_with(ended, themes=first + 1)["themes"]) == first + 1
    assert len(harvested_with(ended, themes=2)["themes"]) == 2


def test_the_default_backend_comes_from_the_settings(app, ended, encoder):
    calls = []
    app.config["THEMES_BACKEND"] = "semantic"
    app.config["CPU_RUNNER"] = lambda f, *a, **k: calls.append(f.__name__) or run_inline(f, *a, **k)
    harvested(ended)
    assert calls == ["_encode", "cluster_notes"]


def test_notes_are_embedded_as_they_arrive(app, facilitator, encoder):
    """With EMBED_NOTES on, each saved note is embedded in the background, off the handler,
    without the place's name (as the harvest will ask for it)."""
    app.config["EMBED_NOTES"] = True
    cafe = Cafe(app, facilitator, make_cafe(facilitator, questions="What should change in Springfield?"))
    cafe.act("open_cafe")
    sio = connect(app, join(app, cafe.code), cafe.id, "participant")
    cafe.act("start_round")
    ack = sio.emit("submit_note", {"id": "note-live-0001", "text": "Springfield needs a bus shelter",
                                   "round": 1}, callback=True)
    assert ack["ok"], ack
    deadline = time.monotonic() + 30          # generous: only a hung thread would take this long
    while embeddings.cached_count(["needs a bus shelter"]) == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert embeddings.cached_count(["needs a bus shelter"]) == 1


def test_notes_are_not_embedded_when_turned_off(app, cafe, encoder):
    app.config["EMBED_NOTES"] = False
    sio = connect(app, join(app, cafe.code), cafe.id, "participant")
    cafe.act("start_round")
    assert sio.emit("submit_note", {"id": "note-off-0001", "text": "A bus", "round": 1}, callback=True)["ok"]
    time.sleep(0.2)
    assert embeddings.cached_count(["A bus"]) == 0


def test_theme_backend_setting_from_the_environment(monkeypatch, tmp_path):
    from cafe.config import load_config
    monkeypatch.setenv("CAFE_THEMES_BACKEND", "Semantic")
    monkeypatch.setenv("CAFE_EMBED_NOTES", "0")
    settings = load_config(str(tmp_path), {})
    assert settings["THEMES_BACKEND"] == "semantic" and settings["EMBED_NOTES"] is False
    monkeypatch.delenv("CAFE_EMBED_NOTES")
    assert load_config(str(tmp_path), {})["EMBED_NOTES"] is None
