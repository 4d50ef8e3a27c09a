"""Word clouds of café notes for the projector (pure domain code: no Flask, no database).

Words come from the same tokeniser as the themes (each note's stop words, topicless words and
bare replies removed by its language, plurals folded to a singular that also occurs; the
question's words and the place's name left out) and are sized by how many
notes use them, so one person repeating a word does not dominate. The cloud is drawn in bold
DejaVu Sans on a near-black background in the Okabe–Ito palette, which stays distinct for
colour-blind viewers and bright enough for a washed-out projector; colour carries no meaning,
size does. Words the font cannot draw, or would draw wrongly (right-to-left and joined
scripts such as Arabic, which PIL does not shape), are left out rather than shown as boxes.
"""

from __future__ import annotations

import io
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from cafe.domain.text import _drop_set, _ignored, _normalise, content_words, place_names

__all__ = ["render_wordcloud", "word_frequencies"]

BACKGROUND = "#111111"
# Okabe & Ito (2008), minus the dark blue and vermillion that sink into a dark background.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#CC79A7", "#FFFFFF")
MAX_WORDS = 80


@lru_cache(maxsize=1)
def _font() -> tuple[str, frozenset[int]]:
    """Path of matplotlib's bundled DejaVu Sans Bold and the code points it can draw."""
    import matplotlib
    from matplotlib.ft2font import FT2Font

    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf"
    return str(path), frozenset(FT2Font(str(path)).get_charmap())


def _drawable(word: str, charmap: frozenset[int]) -> bool:
    """True when every character has a glyph and none needs right-to-left shaping."""
    return all(ord(ch) in charmap and unicodedata.bidirectional(ch) not in ("R", "AL") for ch in word)


def word_frequencies(texts: Sequence[str], *, ignore: Sequence[str] = (),
                     ignore_words: Sequence[str] = ()) -> dict[str, int]:
    """How many notes use each drawable content word, in its most common written form.

    As for themes, the words of the ``ignore`` texts (the café question), ``ignore_words`` and
    names a tenth of the notes use (the place) are left out: they would fill every cloud.
    """
    drop = _drop_set(ignore, ignore_words) | place_names(texts)
    surface = [_ignored(content_words(t), drop) for t in texts]
    norm = _normalise(surface)
    counts: Counter = Counter()
    forms: dict[str, Counter] = {}
    for n_toks, s_toks in zip(norm, surface):
        for word, form in dict(zip(n_toks, s_toks)).items():
            counts[word] += 1
            forms.setdefault(word, Counter())[form] += 1
    _, charmap = _font()
    result = {}
    for word, count in counts.items():
        # Ties between written forms go to the alphabetically first, so output never varies.
        form = min(forms[word].items(), key=lambda item: (-item[1], item[0]))[0]
        if _drawable(form, charmap):
            result[form] = result.get(form, 0) + count
    return result


def render_wordcloud(texts: Sequence[str], *, width: int = 1200, height: int = 600, seed: int = 0,
                     ignore: Sequence[str] = (), ignore_words: Sequence[str] = ()) -> bytes | None:
    """PNG bytes of a word cloud of the notes' topic words, None when there are none."""
    frequencies = word_frequencies(texts, ignore=ignore, ignore_words=ignore_words)
    if not frequencies:
        return None
    # Sort so the layout depends only on the words, never on the order the notes arrived in.
    top = dict(sorted(frequencies.items(), key=lambda item: (-item[1], item[0]))[:MAX_WORDS])
    from wordcloud import WordCloud

    def colour(word, font_size, position, orientation, random_state=None, **kwargs):
        """A palette colour chosen from the word itself, so a word keeps its colour between clouds."""
        return PALETTE[sum(word.encode("utf-8")) % len(PALETTE)]

    path, _ = _font()
    cloud = WordCloud(
        font_path=path,
        width=width,
        height=height,
        background_color=BACKGROUND,
        color_func=colour,
        prefer_horizontal=1.0,  # horizontal words read fastest from the back of a room
        min_font_size=max(12, height // 40),
        max_words=MAX_WORDS,
        margin=max(4, height // 100),
        relative_scaling=0.5,
        random_state=seed,
        collocations=False,
    ).generate_from_frequencies(top)
    buffer = io.BytesIO()
    cloud.to_image().save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
