"""Weighted k-means with greedy k-means++ starts, and the choice of k by cosine silhouette (one-standard-error rule)."""
from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

_SEARCH_N_INIT = 2
_SEARCH_SAMPLE = 1000
_MAX_ITER = 100


def _kmeans_pp(z: np.ndarray, w: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Greedy weighted k-means++ seeding: of 2 + log k candidates, keep the one that helps most."""
    n = z.shape[0]
    trials = 2 + int(math.log(k))
    first = int(rng.choice(n, p=w / w.sum(dtype=np.float64)))
    centres = [first]
    # For unit vectors the squared Euclidean distance is 2 - 2 cos, so cosine is enough.
    dist = np.maximum(1.0 - z @ z[first], 0.0)
    for _ in range(1, k):
        mass = (w * dist).astype(np.float64)
        total = mass.sum()
        if total <= 1e-12:  # fewer distinct points than k: any point will do
            candidates = rng.integers(n, size=trials)
        else:
            candidates = rng.choice(n, size=trials, p=mass / total)
        trial_dist = np.minimum(dist[None, :], np.maximum(1.0 - z[candidates] @ z.T, 0.0))
        best = int(np.argmin(trial_dist @ w))
        centres.append(int(candidates[best]))
        dist = trial_dist[best]
    return z[centres].copy()


def _kmeans(z: np.ndarray, w: np.ndarray, k: int, rng: np.random.Generator, n_init: int,
            tol: float = 0.0) -> np.ndarray:
    """Weighted k-means on unit-length rows (LSA + k-means): best of n_init seeded starts.

    A start stops when no note changes theme, or when at most ``tol`` of the notes do (sentence
    embeddings keep a few notes swapping between neighbouring themes for many rounds).
    """
    n = z.shape[0]
    rows = np.arange(n)
    best_labels, best_sse = np.zeros(n, dtype=int), np.inf
    for _ in range(n_init):
        centres = _kmeans_pp(z, w, k, rng)
        labels = None
        for _ in range(_MAX_ITER):
            # argmin |z - c|^2 = argmax 2 z.c - |c|^2 for unit-length z
            score = 2.0 * (z @ centres.T) - (centres * centres).sum(axis=1)
            new = score.argmax(axis=1)
            changed = n if labels is None else int(np.count_nonzero(new != labels))
            labels = new
            if changed == 0 or changed <= tol * n:
                break
            onehot = sp.csr_matrix((w, (labels, rows)), shape=(k, n))
            mass = np.asarray(onehot.sum(axis=1)).ravel().astype(z.dtype)
            sums = np.asarray(onehot @ z, dtype=z.dtype)
            empty = mass <= 0
            if empty.any():
                # Re-seed an empty theme with the notes worst served by their current centre.
                worst = np.argsort(score[rows, labels], kind="stable")[: int(empty.sum())]
                sums[empty], mass[empty] = z[worst], 1.0
            centres = sums / mass[:, None]
        sse = float(w @ ((z - centres[labels]) ** 2).sum(axis=1))
        if sse < best_sse - 1e-9:
            best_labels, best_sse = labels, sse
    return best_labels


def _silhouette(x, w: np.ndarray, labels: np.ndarray, k: int) -> tuple[float, float]:
    """Weighted mean cosine silhouette and its standard error, in O(n·k·d) for unit-length rows.

    ``x`` may be dense or sparse; the sum of cosine distances from a note to all notes of a
    theme is the theme's mass minus the note's dot product with the theme's summed rows.
    """
    n = x.shape[0]
    onehot = sp.csr_matrix((w, (labels, np.arange(n))), shape=(k, n))
    mass = np.asarray(onehot.sum(axis=1)).ravel()
    dots = x @ (onehot @ x).T
    dist_sums = mass[None, :] - (dots.toarray() if sp.issparse(dots) else dots)
    own_mass = mass[labels]
    own = dist_sums[np.arange(n), labels]
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(own_mass > 1, own / (own_mass - 1), 0.0)
        other = dist_sums / mass[None, :]
    other[np.arange(n), labels] = np.inf
    other[:, mass == 0] = np.inf
    b = other.min(axis=1)
    s = np.where(own_mass > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0.0)
    total = float(w.sum())
    mean = float((w * s).sum() / total)
    spread = float((w * (s - mean) ** 2).sum() / total)
    return mean, math.sqrt(spread / total)


def _neighbour_graph(z: np.ndarray) -> sp.csr_matrix:
    """The notes' symmetric nearest-neighbour graph: each note links to its m most similar.

    m = sqrt(n)/2, between 5 and 15.
    """
    n = z.shape[0]
    m = min(n - 1, max(5, min(15, round(math.sqrt(n) / 2))))
    sims = z @ z.T
    np.fill_diagonal(sims, -np.inf)
    neighbours = np.argpartition(-sims, m - 1, axis=1)[:, :m]
    adjacency = sp.csr_matrix((np.ones(n * m), (np.repeat(np.arange(n), m), neighbours.ravel())), shape=(n, n))
    return adjacency.maximum(adjacency.T).tocsr()


def _modularity(adjacency: sp.csr_matrix, labels: np.ndarray) -> tuple[float, float]:
    """Newman's modularity of a partition on the nearest-neighbour graph.

    Unlike the silhouette, which in a 384-dimensional embedding space barely changes with k
    (every distance is nearly the same there), modularity only asks whether neighbours share a
    theme. Returned with a zero standard error, so the best k wins outright.
    """
    n = adjacency.shape[0]
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    total = degree.sum()
    onehot = sp.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(int(labels.max()) + 1, n))
    inside = np.asarray((onehot @ adjacency).multiply(onehot).sum(axis=1)).ravel()
    return float((inside / total - (onehot @ degree / total) ** 2).sum()), 0.0


def _choose_k(x, z: np.ndarray, w: np.ndarray, k_range: tuple[int, int], rng: np.random.Generator,
              *, by_meaning: bool = False, tol: float = 0.0) -> int:
    """The k in k_range chosen by cosine silhouette with the one-standard-error rule.

    Partitions are found in the LSA space ``z`` but judged in the TF-IDF space ``x`` of the
    notes' own words: judged in the reduced space, the silhouette keeps creeping up with k.
    As with the gap statistic, the smallest k whose mean silhouette is within one standard
    error of the best one wins. Sentence embeddings (``by_meaning``) are judged by the
    modularity of the partition on their nearest-neighbour graph instead.
    """
    lo, hi = k_range
    hi = min(hi, z.shape[0])
    if hi <= lo:
        return max(1, hi)
    if z.shape[0] > _SEARCH_SAMPLE:
        # k is a property of the distribution, so a seeded sample chooses it as well as all notes.
        pick = np.sort(rng.choice(z.shape[0], _SEARCH_SAMPLE, replace=False))
        x, z, w = x[pick], z[pick], w[pick]
    graph = _neighbour_graph(z) if by_meaning else None
    curve = {}
    for k in range(lo, hi + 1):
        labels = _kmeans(z, w, k, rng, _SEARCH_N_INIT, tol)
        curve[k] = _modularity(graph, labels) if by_meaning else _silhouette(x, w, labels, k)
    best_mean, best_se = max(curve.values())
    return min(k for k, (mean, _) in curve.items() if mean >= best_mean - best_se)
