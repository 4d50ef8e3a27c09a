"""Theme clustering: pure domain tests, no app."""

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cafe.domain.themes import (
    Theme,
    ThemeResult,
    auto_k_range,
    cluster_notes,
    content_words,
    label_for,
)

ROOT = Path(__file__).resolve().parents[2]
BOWLING_GREEN = ROOT.parent / "shared" / "data" / "polis-bowling-green" / "comments.csv"

from sample_notes import LIBRARY, PARKS, THREE_TOPICS, TRANSPORT  # noqa: E402,F401


def test_three_clear_topics_are_recovered_exactly():
    """Thirty notes on buses, parks and the library come back as those three themes."""
    result = cluster_notes(THREE_TOPICS, k=3)
    found = sorted(sorted(t.notes) for t in result.themes)
    assert found == [list(range(10)), list(range(10, 20)), list(range(20, 30))]
    labels = " ".join(t.label for t in result.themes)
    assert "bus" in labels and "park" in labels and "library" in labels


def test_three_clear_topics_automatic_k():
    """With k chosen automatically the same three themes come back."""
    result = cluster_notes(THREE_TOPICS)
    assert sorted(sorted(t.notes) for t in result.themes) == [
        list(range(10)),
        list(range(10, 20)),
        list(range(20, 30)),
    ]


def test_same_notes_give_same_themes():
    """Running twice with the same seed gives identical results."""
    notes = THREE_TOPICS + ["yes", "+1", "parks parks", "bus bus"]
    assert cluster_notes(notes) == cluster_notes(notes)
    assert cluster_notes(notes, 4, seed=7) == cluster_notes(notes, 4, seed=7)


def test_result_shape_is_consistent():
    """Themes are ordered by size, notes partition the assigned notes, representatives belong."""
    notes = THREE_TOPICS + TRANSPORT[:3] + ["ok", "", "👍"]
    result = cluster_notes(notes)
    assert isinstance(result, ThemeResult) and all(isinstance(t, Theme) for t in result.themes)
    assert len(result.assignment) == len(notes)
    sizes = [len(t.notes) for t in result.themes]
    assert sizes == sorted(sizes, reverse=True)
    for index, theme in enumerate(result.themes):
        assert theme.label
        assert all(result.assignment[i] == index for i in theme.notes)
        assert 1 <= len(theme.representatives) <= 3
        assert set(theme.representatives) <= set(theme.notes)
    assigned = sorted(i for t in result.themes for i in t.notes)
    assert assigned == [i for i, a in enumerate(result.assignment) if a != -1]


def test_short_replies_are_unassigned():
    """Bare replies carry no topic, so they stay out of every theme."""
    replies = ["yes", "+1", "ok", "Yes!", "I agree", "sí", "", "   ", "...", "no"]
    result = cluster_notes(THREE_TOPICS + replies)
    assert result.assignment[30:] == [-1] * len(replies)
    assert all(content_words(r) == [] for r in replies)


def test_duplicates_share_a_theme_and_representatives_differ():
    """Copies of a note land together, and the representatives shown are not copies."""
    notes = THREE_TOPICS + ["Clean up the litter in the parks!"] * 5
    result = cluster_notes(notes, k=3)
    copies = {result.assignment[i] for i in [13, *range(30, 35)]}
    assert len(copies) == 1
    for theme in result.themes:
        words = [frozenset(content_words(notes[i])) for i in theme.representatives]
        assert len(set(words)) == len(words)


@pytest.mark.parametrize(
    "notes",
    [
        [],
        [""],
        ["yes"],
        ["+1", "+1", "+1"],
        ["👍", "👍👍", "🎉 🎉", "❤️"],
        ["the and of", "y de la que", "el la los"],
        ["公共交通需要改善", "我们需要更多的公园", "公园需要更多的树", "公共交通太慢了"],
        ["نحتاج إلى المزيد من الحدائق", "الحدائق تحتاج إلى أشجار", "الحافلات بطيئة جدا"],
        ["Necesitamos más parques", "Los parques necesitan árboles", "El autobús es muy lento"],
        ["बच्चों के लिए पार्क", "पार्क में पेड़", "बस बहुत धीमी है"],
        ["same note"] * 12,
        ["parks"] * 3 + ["buses"] * 3,
        ["a" * 5000, "b" * 5000],
    ],
)
def test_unusual_inputs_never_crash(notes):
    """Any language, emoji, stop words only, copies or nothing at all give a valid result."""
    for k in (None, 1, 3):
        result = cluster_notes(notes, k)
        assert len(result.assignment) == len(notes)
        assert all(-1 <= a < len(result.themes) for a in result.assignment)
        for theme in result.themes:
            assert set(theme.representatives) <= set(theme.notes)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=25), st.one_of(st.none(), st.integers(1, 6)))
def test_arbitrary_text_never_crashes(notes, k):
    """Random unicode notes always give a well-formed result."""
    result = cluster_notes(notes, k)
    assert len(result.assignment) == len(notes)
    assert sorted(i for t in result.themes for i in t.notes) == [i for i, a in enumerate(result.assignment) if a >= 0]


def test_spanish_and_chinese_notes_cluster_by_topic():
    """Spanish stop words are ignored and Chinese is split into character pairs."""
    notes = [
        "Necesitamos más parques para los niños",
        "Los parques necesitan más árboles",
        "Parques limpios y seguros",
        "El autobús pasa muy poco",
        "Más rutas de autobús al centro",
        "El autobús es caro",
        "公共交通需要改善",
        "公共交通太慢",
        "公共交通应该免费",
    ]
    result = cluster_notes(notes, k=3)
    assert sorted(sorted(t.notes) for t in result.themes) == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    assert "los" not in content_words(notes[1]) and "交通" in content_words(notes[6])


def test_k_is_capped_by_distinct_notes():
    """Asking for more themes than there are distinct notes gives at most one per note."""
    result = cluster_notes(["bus stop", "bus route", "park bench", "park trees"], k=10)
    assert 1 <= len(result.themes) <= 4


def test_k_must_be_positive():
    with pytest.raises(ValueError):
        cluster_notes(["a note"], k=0)


@pytest.mark.parametrize("n, low, high", [(4, 1, 1), (30, 2, 4), (100, 2, 7), (300, 2, 12), (20000, 2, 30)])
def test_auto_k_range_grows_with_the_number_of_notes(n, low, high):
    assert auto_k_range(n) == (low, high)


def test_auto_k_for_a_cafe_sized_input():
    """A café of about 150 notes gets a handful of themes, within the documented range."""
    notes = [f"{topic} {detail}" for topic in ("bus routes", "park trees", "library hours", "housing rent",
                                                "school lunch", "police patrols")
             for detail in ("need work", "downtown", "for families", "at night", "on weekends", "too expensive",
                            "for seniors", "near the river", "on the east side", "are a problem", "matter most",
                            "should improve", "getting worse", "for students", "this year", "please",
                            "more of it", "less of it", "in winter", "in summer", "for everyone", "volunteers",
                            "funding", "survey", "plans")]
    result = cluster_notes(notes)
    _low, high = auto_k_range(len(notes))
    assert 4 <= len(result.themes) <= high
    assert result.assignment.count(-1) == 0


def test_few_notes_give_few_themes():
    """A handful of notes gives one theme rather than a theme per note."""
    result = cluster_notes(TRANSPORT[:4])
    assert len(result.themes) <= 1


def test_label_for_uses_distinctive_words():
    """A hand-made group is labelled by what sets it apart from the rest of the café."""
    assert "library" in label_for(LIBRARY, THREE_TOPICS)
    assert "bus" in label_for(TRANSPORT)
    assert label_for(["yes", "+1"]) == ""
    assert label_for([]) == ""


@pytest.mark.skipif(not BOWLING_GREEN.exists(), reason="needs ../shared/data/polis-bowling-green (shared data absent)")
def test_bowling_green_comments_give_labelled_themes():
    """Real residents' comments give labelled themes with most notes assigned."""
    with BOWLING_GREEN.open(encoding="utf-8") as fh:
        notes = [row["comment-body"] for row in csv.DictReader(fh) if row["moderated"] != "-1"]
    result = cluster_notes(notes)
    low, high = auto_k_range(len(notes))
    assert low <= len(result.themes) <= high
    assert all(t.label for t in result.themes)
    assert result.assignment.count(-1) < len(notes) * 0.05


