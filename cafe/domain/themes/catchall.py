"""Catch-all themes: k-means on short texts gathers the notes that share nothing into one junk
theme; this finds it by its low cohesion and re-files its notes, or sends them to "other"."""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from cafe.domain.themes.kmeans import _SEARCH_N_INIT, _kmeans

# A theme whose notes hang together less than half as well as a typical theme's is a catch-all.
_CATCH_ALL = 0.5

# A loose note joins a theme when it is as close to it as this percentile of its own members.
_REJOIN_PERCENTILE = 5


def _cohesion(z: np.ndarray, w: np.ndarray, labels: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each theme's summed unit vectors and cohesion (the length of its members' mean vector)."""
    onehot = sp.csr_matrix((w, (labels, np.arange(len(labels)))), shape=(k, len(labels)))
    mass = np.asarray(onehot.sum(axis=1)).ravel()
    sums = np.asarray(onehot @ z)
    return sums, np.linalg.norm(sums, axis=1) / np.maximum(mass, 1e-12)


def _dissolve_catch_alls(z: np.ndarray, w: np.ndarray, labels: np.ndarray, k: int,
                         rng: np.random.Generator) -> np.ndarray:
    """Labels with each catch-all theme dissolved: its notes form tighter themes, join one, or -1.

    A theme's cohesion is the length of its members' mean unit vector (the square root of
    their mean pairwise cosine). A theme less than half as cohesive as the median theme holds
    notes that share no topic. Its notes are clustered again (as many themes as were
    dissolved, plus one) and the sub-themes as cohesive as a typical theme are kept, so the
    number of themes never grows. Each note left over joins its nearest theme when it is at
    least as close to that theme's centre as that theme's least typical member (its
    fifth-percentile one); otherwise it goes to "other" (-1).
    """
    present = np.flatnonzero(np.bincount(labels, minlength=k) > 0)
    if len(present) < 3:
        return labels          # with one or two themes there is no typical theme to compare with
    sums, cohesion = _cohesion(z, w, labels, k)
    typical = float(np.median(cohesion[present]))
    junk = np.zeros(k, bool)
    junk[present] = cohesion[present] < _CATCH_ALL * typical
    if not junk.any():
        return labels
    out = labels.copy()
    loose = np.flatnonzero(junk[labels])
    out[loose] = -1
    n_junk = int(junk.sum())
    if len(loose) > 2 * (n_junk + 1):
        sub = _kmeans(z[loose], w[loose], n_junk + 1, rng, _SEARCH_N_INIT)
        _, sub_cohesion = _cohesion(z[loose], w[loose], sub, n_junk + 1)
        good = [s for s in np.argsort(-sub_cohesion) if sub_cohesion[s] >= _CATCH_ALL * typical]
        for s, theme in zip(good[:n_junk], np.flatnonzero(junk)):
            out[loose[sub == s]] = theme
    themes = np.flatnonzero(np.bincount(out[out >= 0], minlength=k) > 0)
    sums, _ = _cohesion(z[out >= 0], w[out >= 0], out[out >= 0], k)
    centres = sums[themes] / np.maximum(np.linalg.norm(sums[themes], axis=1, keepdims=True), 1e-12)
    left = np.flatnonzero(out < 0)
    sims = z @ centres.T
    floor = np.array([np.percentile(sims[out == t, j], _REJOIN_PERCENTILE) for j, t in enumerate(themes)])
    for i in left:
        j = int(np.argmax(sims[i]))
        if sims[i, j] >= floor[j]:
            out[i] = themes[j]
    return out
