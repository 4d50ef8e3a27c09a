"""The themes command line (python -m cafe.domain.themes), run as a subprocess."""

import json
import subprocess
import sys
from pathlib import Path

from sample_notes import THREE_TOPICS, TRANSPORT

from cafe.domain.themes import cluster_notes, label_for

ROOT = Path(__file__).resolve().parents[2]


def _run_cli(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "cafe.domain.themes", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=True,
    )


def test_cli_json_format(tmp_path):
    """--json prints exactly themes (label, notes, representatives) and assignment."""
    notes = THREE_TOPICS + ["yes"]
    path = tmp_path / "notes.txt"
    path.write_text("\n".join(notes) + "\n", encoding="utf-8")
    out = json.loads(_run_cli(str(path), "--k", "3", "--seed", "1", "--json").stdout)
    assert set(out) == {"themes", "assignment"}
    assert len(out["assignment"]) == len(notes) and out["assignment"][-1] == -1
    for theme in out["themes"]:
        assert set(theme) == {"label", "labels", "notes", "representatives"}
        assert isinstance(theme["label"], str) and set(theme["labels"]) <= {"en", "es", ""}
        assert all(isinstance(i, int) for i in theme["notes"] + theme["representatives"])
    assert out == cluster_notes(notes, 3, seed=1).to_dict()


def test_cli_listing_is_readable(tmp_path):
    """Without --json the command prints each theme with its representative notes."""
    path = tmp_path / "notes.txt"
    path.write_text("\n".join(THREE_TOPICS), encoding="utf-8")
    out = _run_cli(str(path), "--k", "3").stdout
    assert "3 themes from 30 notes" in out
    assert TRANSPORT[0].split()[0] in out or "bus" in out


def test_words_of_the_question_are_ignored():
    """The café question's words, present in every answer, never make or name a theme."""
    question = "How should the city change its parks and buses?"
    notes = [f"City parks need {w} trees" for w in ("tall", "old", "shady", "more")]
    notes += [f"City buses need {w} drivers" for w in ("friendly", "paid", "trained", "more")]
    result = cluster_notes(notes, k=2, ignore=[question])
    assert sorted(sorted(t.notes) for t in result.themes) == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert all("city" not in t.label and "park" not in t.label for t in result.themes)
    assert "city" not in label_for(notes[:3], notes, ignore=[question])
    out = _run_cli("-", "--json", "--ignore", question, stdin="\n".join(notes))
    assert json.loads(out.stdout) == result.to_dict()
