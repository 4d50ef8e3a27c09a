"""Cluster short café notes into labelled themes (pure domain code: no Flask, no database).

Method, in one paragraph (docs/THEMES.md has the details and the figures): notes are tokenised
in any script; each note's language is guessed and its stop words, topicless words ("think",
"need", "gente") and bare replies removed, with the café's question, title, place names and
the facilitator's words to ignore. Duplicates fold into one weighted point. Notes become
TF-IDF + LSA vectors (words in at least two notes) or, for grouping by meaning, sentence
embeddings centred per language; weighted k-means groups them, with k chosen in a café-sized
range (silhouette with the one-standard-error rule, or modularity of the nearest-neighbour
graph for embeddings). A catch-all theme is dissolved and notes that fit no theme are "other"
(-1). Labels come per language from that language's notes.

Modules: `pipeline` (cluster_notes), `kmeans`, `catchall`, `labels`, `embeddings` (the optional
model), `cli`; the words themselves come from
`cafe.domain.text`, shared with the word clouds.
"""
from cafe.domain.text import STOP_WORDS, content_words, names_in, place_names, without_names
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
    "names_in",
    "place_names",
    "without_names",
    "main",
]
