"""Theme clustering: pure domain tests, no app."""

import csv
from pathlib import Path

import numpy as np
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
from cafe.domain.themes.catchall import _dissolve_catch_alls
from cafe.domain.wordlists import note_language

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


@pytest.mark.parametrize("n, low, high", [(4, 1, 1), (8, 2, 2), (30, 3, 6), (100, 3, 7), (300, 4, 9),
                                           (2000, 4, 11), (20000, 4, 14), (10**6, 4, 19)])
def test_auto_k_range_fits_a_cafe(n, low, high):
    """3-6 themes for 30 notes, about 4-12 for hundreds to 2,000, and slow growth beyond."""
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
    question = ("What do you believe should change in Bowling Green/Warren County in order to make "
                "it a better place to live, work and spend time?")
    result = cluster_notes(notes, ignore=[question])
    low, high = auto_k_range(len(notes))
    assert low <= len(result.themes) <= high
    assert all(t.label for t in result.themes)
    # Notes fitting no theme go to "other", but most notes have a theme and no theme is a
    # catch-all holding a quarter of the café.
    assert result.assignment.count(-1) < len(notes) * 0.2
    assert max(len(t.notes) for t in result.themes) < len(notes) * 0.25
    topicless = {"think", "need", "people", "feel", "bowling", "green", "warren", "county"}
    assert not any(topicless & set(t.label.replace(",", " ").split()) for t in result.themes)


# --- a café-sized number of themes, no catch-alls ----------------------------------------------

THIRTY_VARIED = [
    "More buses on Sunday", "The bus is always late", "Cheaper bus tickets for students",
    "A bus shelter at the library stop", "Night buses after concerts",
    "Fix the potholes on Mill Road", "Speed bumps near the school",
    "Traffic lights at the bridge are too slow", "A crossing on the high street",
    "Too much traffic in the town centre",
    "Rents are far too high", "Affordable homes for young families", "Landlords must fix damp homes",
    "Empty homes should be used", "Cap rents for tenants",
    "More trees in the park", "A new playground in the park", "Keep the park clean",
    "Benches and toilets in the park", "A dog area in the park",
    "Street lights on dark corners", "More police at night", "Cameras near the station",
    "I don't feel safe at night", "Brighter lights in the underpass",
    "Free school meals", "Smaller classes at school", "Homework club after school",
    "Better school buildings", "More teachers at school",
]


def test_thirty_varied_notes_give_three_to_six_themes_and_no_giant():
    """30 notes on six topics: 3-6 themes, none holding most of the café (it once gave 2: 21+9)."""
    result = cluster_notes(THIRTY_VARIED)
    assert 3 <= len(result.themes) <= 6
    assert max(len(t.notes) for t in result.themes) <= 12


def test_many_notes_do_not_ride_the_cap():
    """Three topics in 300 notes give a handful of themes, not the most the range allows."""
    names = [f"{a}{b}" for a in ("Al", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ivy", "Jo")
             for b in ("bert", "nita", "ssa", "rian", "dley", "rence", "tavo", "vard", "onne", "seph")]
    notes = [f"{note}, says {name}" for name in names[:10] for note in THREE_TOPICS]
    result = cluster_notes(notes)
    assert 3 <= len(result.themes) < auto_k_range(len(notes))[1]


def test_small_vocabulary_keeps_notes_that_share_a_word():
    """Three shared words: the SVD once kept two dimensions and left the 'bus' notes unassigned."""
    notes = ["bus late", "bus cold", "park trees", "park dogs", "rent high", "rent rising"]
    result = cluster_notes(notes, k=3)
    assert -1 not in result.assignment
    assert sorted(sorted(t.notes) for t in result.themes) == [[0, 1], [2, 3], [4, 5]]
    assert {t.label.split(",")[0].split()[0] for t in result.themes} == {"bus", "park", "rent"}


def test_topicless_words_do_not_make_a_theme():
    """'I think we need...' in every note glues nothing together, in English or Spanish."""
    notes = [f"I think we really need {x}" for x in ("more buses", "bus shelters", "later buses",
                                                     "a bus to the hospital")]
    notes += [f"I feel people need {x}" for x in ("more parks", "park benches", "parks with trees",
                                                  "a dog park")]
    notes += [f"Creo que la gente necesita {x}" for x in ("más parques", "parques limpios",
                                                           "bancos en el parque")]
    notes += ["I think we need that", "people feel the same, we need it", "creo que sí, lo necesitamos"]
    result = cluster_notes(notes, k=2)
    labels = " ".join(t.label for t in result.themes)
    for word in ("think", "need", "people", "feel", "creo", "gente", "necesita"):
        assert word not in labels
    assert result.assignment[-3:] == [-1, -1, -1]          # topicless notes: "other"
    bus = {result.assignment[i] for i in range(4)}
    assert len(bus) == 1 and -1 not in bus and bus.isdisjoint(result.assignment[4:8])


def test_the_place_name_does_not_define_a_theme():
    """A name in many notes (where the café is held) never builds or names a theme."""
    notes = [f"Springfield needs {x}" for x in ("more buses", "later buses", "bus shelters")]
    notes += [f"In Springfield the {x}" for x in ("parks are dirty", "parks lack trees", "park benches broke")]
    notes += [f"{x} in Springfield" for x in ("Rent is too high", "Rents keep rising", "Cheaper rent")]
    result = cluster_notes(notes, k=3)
    assert all("springfield" not in t.label.lower() for t in result.themes)
    assert sorted(sorted(t.notes) for t in result.themes) == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]


def test_the_facilitators_ignore_words_are_ignored():
    notes = [f"Council should fix {x}" for x in ("the buses", "bus stops", "bus fares")]
    notes += [f"Council must clean {x}" for x in ("the parks", "park paths", "park toilets")]
    result = cluster_notes(notes, k=2, ignore_words=["council"])
    assert all("council" not in t.label.lower() for t in result.themes)
    assert "council" not in label_for(notes[:3], notes, ignore_words=["Council"]).lower()


def test_a_catch_all_theme_is_dissolved():
    """Notes sharing nothing with each other leave k-means' junk theme for 'other'."""
    rng = np.random.default_rng(1)
    centres = np.eye(32)[:3] * 5
    tight = np.vstack([c + rng.normal(0, 0.3, (20, 32)) for c in centres])
    loose = rng.normal(0, 1, (20, 32))
    loose[:, :3] = 0                           # nothing in common with the three topics
    z = np.vstack([tight, loose])
    z /= np.linalg.norm(z, axis=1, keepdims=True)
    labels = np.repeat([0, 1, 2, 3], 20)
    out = _dissolve_catch_alls(z.astype(np.float32), np.ones(80, np.float32), labels, 4,
                               np.random.default_rng(0))
    assert list(out[:60]) == list(labels[:60])           # the real themes keep their notes
    assert (out[60:] == 3).sum() < 10                    # the junk theme is gone or a fraction
    assert (out[60:] == -1).sum() > 10                   # most of its notes are "other"


# --- stop words by each note's language -----------------------------------------------------------

def test_stop_words_follow_each_notes_language():
    """'son' and 'era' are Spanish function words but English content words."""
    assert "son" in content_words("My son has nowhere to play")
    assert "era" in content_words("A new era for the town library")
    assert "son" not in content_words("Los parques son pequeños")
    assert "era" not in content_words("La plaza era más bonita antes")
    assert note_language("the parks are too small") == "en"
    assert note_language("los parques son pequeños") == "es"
    assert note_language("bus stop") is None
    # Too short to tell: every language's lists apply.
    assert content_words("con") == [] and content_words("the") == []


def test_labels_are_given_in_each_language_from_its_own_notes():
    notes = ["More buses at night", "Buses on Sundays please", "Cheaper buses for students",
             "Más autobuses por la noche", "Autobuses los domingos", "Autobuses baratos para estudiantes"]
    vectors = np.random.default_rng(0).normal(0, 1, (6, 16)).astype(np.float32)
    result = cluster_notes(notes, k=1, vectors=vectors)
    (theme,) = result.themes
    assert set(theme.labels) == {"en", "es"}
    assert "buses" in theme.labels["en"] and "autobuses" in theme.labels["es"]
    assert theme.label == f"{theme.labels['en']} / {theme.labels['es']}"
    assert "autobuses" in label_for(notes[3:]) and "buses" in label_for(notes)
