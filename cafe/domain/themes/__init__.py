"""Cluster short café notes into labelled themes (pure domain code: no Flask, no database).

Method, in one paragraph (docs/THEMES.md has the details and the figures):
notes are tokenised in any script (character bigrams where a script writes no spaces),
English and Spanish stop words and bare replies ("yes", "+1", "ok") are removed, and exact
duplicates after that normalisation are folded into one weighted point. Words seen in a single
note cannot make two notes alike, so they are dropped; the rest are weighted with sublinear
TF-IDF, reduced with LSA (truncated SVD) and L2-normalised, then grouped by k-means with
several seeded greedy k-means++ starts. When k is not given it is chosen in
``[2, round(sqrt(n / 2))]`` (capped at 30) by cosine silhouette with the one-standard-error rule. Notes left without a
content word shared with any other note are unassigned (-1) rather than forced into a theme.

Modules: `pipeline` (cluster_notes), `kmeans`, `labels`, `cli`; the words themselves come from
`cafe.domain.text`, shared with the word clouds.
"""
from cafe.domain.text import STOP_WORDS, content_words
from cafe.domain.themes.cli import main
from cafe.domain.themes.labels import label_for
from cafe.domain.themes.pipeline import (
    MAX_AUTO_K,
    Theme,
    ThemeResult,
    auto_k_range,
    cluster_notes,
)

__all__ = [
    "STOP_WORDS",
    "Theme",
    "ThemeResult",
    "auto_k_range",
    "cluster_notes",
    "content_words",
    "label_for",
    "MAX_AUTO_K",
    "main",
]
