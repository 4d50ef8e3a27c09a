"""The votes chart (PNG): one bar per priority, labels in a font that has their script."""
from __future__ import annotations

import functools
import io
import os
import textwrap
from collections.abc import Iterable, Mapping, Sequence

from cafe.domain.report.fonts import (
    DEFAULT_FALLBACK_FONTS,
    _choose_fallback_fonts,
    _dejavu_paths,
    _expand_font_paths,
    _font_coverage,
    clean_text,
)

# Okabe & Ito's palette, distinguishable with every common colour-vision deficiency.
BAR_COLOUR = "#0072B2"
TEXT_COLOUR = "#222222"



def _wrap_label(label: str, width: int = 28, max_lines: int = 3) -> str:
    lines = textwrap.wrap(label, width=width, break_long_words=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "\u2026"
    return "\n".join(lines)


@functools.lru_cache(maxsize=64)
def _matplotlib_family(path: str) -> str:
    """Register a font file with matplotlib once; its family name."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def _chart_fonts(text: str, fallback_fonts: Iterable[str | os.PathLike]) -> tuple[list[str], frozenset[int]]:
    """Font families for matplotlib (DejaVu, then fallbacks ``text`` needs) and what they cover."""
    families = ["DejaVu Sans"]
    base = _font_coverage(_dejavu_paths()[""])
    covered = set(base)
    # matplotlib reads only single fonts reliably, not collections (.ttc)
    singles = [p for p in _expand_font_paths(fallback_fonts) if not p.lower().endswith(".ttc")]
    for path, coverage in _choose_fallback_fonts(set(map(ord, text)), base, singles):
        try:
            families.append(_matplotlib_family(path))
        except Exception:
            continue
        covered |= coverage
    return families, frozenset(covered)


def votes_chart_png(
    priorities: Sequence[Mapping],
    *,
    width_px: int = 1200,
    fallback_fonts: Sequence[str | os.PathLike] | None = None,
    axis_label: str = "Votes",
    empty_text: str = "No votes yet",
) -> bytes:
    """Horizontal bar chart of votes per priority as PNG, highest rank on top; ``axis_label``
    and ``empty_text`` in the reader's language.

    Uses matplotlib's Agg canvas directly (no pyplot, no global backend), one colour-blind-safe
    colour and the count written at the end of each bar so colour carries no meaning.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    candidates = DEFAULT_FALLBACK_FONTS if fallback_fonts is None else fallback_fonts
    ordered = sorted(priorities, key=lambda p: (p.get("rank") is None, p.get("rank") or 0))
    families, covered = _chart_fonts("".join(str(p.get("label", "")) for p in ordered), candidates)
    labels = [
        _wrap_label(clean_text(p.get("label", "") if p.get("rank") is None else f"{p['rank']}. {p.get('label', '')}",
                               covered))
        for p in ordered
    ]
    votes = [max(int(p.get("votes") or 0), 0) for p in ordered]

    # A fixed 8-inch figure keeps text the same size relative to the bars at any resolution,
    # readable both as a download and scaled to a page's width in the PDF.
    width_in = 8.0
    dpi = max(width_px, 200) / width_in
    line_count = sum(label.count("\n") + 1 for label in labels)
    height_in = max(2.0, 0.8 + 0.2 * line_count + 0.16 * len(labels))
    figure = Figure(figsize=(width_in, height_in), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    font = {"family": families, "size": 11, "color": TEXT_COLOUR}
    if not ordered:
        axes.axis("off")
        axes.text(0.5, 0.5, empty_text, ha="center", va="center", fontdict=font)
    else:
        positions = list(range(len(ordered)))
        bars = axes.barh(positions, votes, color=BAR_COLOUR, height=0.65)
        axes.set_yticks(positions, labels, fontfamily=families, fontsize=10, color=TEXT_COLOUR)
        axes.invert_yaxis()
        axes.bar_label(bars, labels=[str(v) for v in votes], padding=3, fontsize=10, color=TEXT_COLOUR)
        axes.set_xlabel(axis_label, fontdict=font)
        axes.set_xlim(0, max(max(votes), 1) * 1.12)
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.spines[["top", "right"]].set_visible(False)
        axes.tick_params(axis="x", labelsize=9, colors=TEXT_COLOUR)
        axes.grid(axis="x", color="#DDDDDD", linewidth=0.8)
        axes.set_axisbelow(True)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white", metadata={"Software": None})
    return buffer.getvalue()
