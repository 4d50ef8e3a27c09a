"""Word clouds: pure domain tests, no app."""

import io

import pytest
from PIL import Image

from cafe.domain.wordclouds import render_wordcloud, word_frequencies

NOTES = [
    "More bus routes to the east side",
    "Buses should run later in the evening",
    "We need more parks for kids",
    "Parks with trees and shade",
    "Necesitamos más parques para los niños",
]


def test_renders_a_png_of_the_requested_size():
    """The cloud is a real PNG image of the size the projector asked for."""
    png = render_wordcloud(NOTES, width=800, height=400)
    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (800, 400)


def test_same_notes_give_the_same_picture():
    """Rendering is deterministic, whatever order the notes arrived in."""
    assert render_wordcloud(NOTES) == render_wordcloud(list(reversed(NOTES)))


@pytest.mark.parametrize(
    "notes",
    [[], [""], ["yes", "+1", "ok"], ["the and of", "y de la que"], ["👍👍", "🎉"], ["نحتاج إلى المزيد من الحدائق"]],
)
def test_no_drawable_words_gives_none(notes):
    """Nothing to draw (no notes, stop words, replies, emoji, undrawable script) gives None."""
    assert render_wordcloud(notes) is None


def test_english_and_spanish_stop_words_are_removed():
    """Function words of both languages never reach the cloud; content words do, once per note."""
    words = word_frequencies(NOTES + ["the the the", "los las de"])
    assert not {"the", "to", "more", "los", "para", "más"} & set(words)
    assert words["parks"] == 2 and words["parques"] == 1
    assert word_frequencies(["parks parks parks parks"]) == {"parks": 1}


def test_mixed_scripts_do_not_crash():
    """Notes in scripts the font lacks are skipped, the rest still render."""
    png = render_wordcloud(NOTES + ["公共交通需要改善", "الحافلات بطيئة", "Привет парк"])
    assert png is not None


def test_clouds_leave_out_the_question_the_place_and_topicless_words():
    """The demo's cloud was 'need, city, bowling, green': none of these say what people want."""
    question = "What should the city of Bowling Green change?"
    notes = [f"We need {x} in Bowling Green" for x in ("more buses", "bus shelters", "parks",
                                                         "cleaner parks", "cheaper rent")]
    notes += ["Bowling Green needs more trees", "I think Bowling Green should listen"]
    words = {w.lower() for w in word_frequencies(notes, ignore=[question], ignore_words=["rent"])}
    assert any(w.startswith("bus") for w in words) and any(w.startswith("park") for w in words)
    assert not words & {"need", "needs", "think", "city", "bowling", "green", "rent"}
