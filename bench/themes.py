"""Theme quality and speed on StackOverflow titles: ``python -m bench.themes``.

Compares ``cafe.domain.themes.cluster_notes`` (k given and k automatic) with plain
``TfidfVectorizer()`` + ``KMeans(n_clusters=20)`` on the same 20,000 titles, by NMI and by
accuracy under the best one-to-one (Hungarian) matching of clusters to tags, and times
clustering 500, 2,000 and 20,000 notes with automatic k (the app's path).

Data: Xu et al., "Short Text Clustering via Convolutional Neural Networks" (2015), from a
Kaggle challenge; read from ../shared/data/stackoverflow-titles.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score

from cafe.domain.themes import cluster_notes

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "stackoverflow-titles"
TARGET_RATIO = 1.25
TARGET_AUTO = 0.90
TARGET_SECONDS = {2000: 1.0, 20000: 15.0}


def load(data: Path = DATA) -> tuple[list[str], np.ndarray]:
    """The titles and their integer tags."""
    titles = (data / "titles.txt").read_text(encoding="utf-8").splitlines()
    labels = np.array((data / "labels.txt").read_text().split(), dtype=int)
    if len(titles) != len(labels):
        raise ValueError(f"{len(titles)} titles but {len(labels)} labels")
    return titles, labels


def accuracy(truth: np.ndarray, predicted: np.ndarray) -> float:
    """Share of items whose cluster maps to their tag under the best one-to-one matching."""
    t_ids, t = np.unique(truth, return_inverse=True)
    p_ids, p = np.unique(predicted, return_inverse=True)
    table = np.zeros((len(p_ids), len(t_ids)), dtype=int)
    np.add.at(table, (p, t), 1)
    rows, cols = linear_sum_assignment(-table)
    return float(table[rows, cols].sum() / len(truth))


def scores(truth: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    """(NMI, accuracy); unassigned items (-1) count as one more cluster, so they are penalised."""
    return float(normalized_mutual_info_score(truth, predicted)), accuracy(truth, predicted)


def baseline(texts: list[str], k: int, seed: int) -> np.ndarray:
    """Plain TfidfVectorizer() + KMeans(n_clusters=k), sklearn defaults."""
    return KMeans(n_clusters=k, random_state=seed).fit_predict(TfidfVectorizer().fit_transform(texts))


def timed(texts: list[str], k: int | None, seed: int) -> tuple[np.ndarray, float, int]:
    """Assignments, wall-clock seconds and the number of themes found."""
    start = time.perf_counter()
    result = cluster_notes(texts, k, seed=seed)
    return np.array(result.assignment), time.perf_counter() - start, len(result.themes)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table and the summary line."""
    parser = argparse.ArgumentParser(prog="python -m bench.themes", description=main.__doc__)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    if not (args.data / "titles.txt").exists():
        print(f"skipped: {args.data} is absent (needs ../shared/data/stackoverflow-titles)")
        return 0
    texts, truth = load(args.data)
    k_true = len(np.unique(truth))

    print(f"StackOverflow titles: {len(texts)} notes, {k_true} tags, seed {args.seed}\n")
    rows = []
    start = time.perf_counter()
    pred = baseline(texts, k_true, args.seed)
    rows.append(("baseline TfidfVectorizer+KMeans, k given", k_true, *scores(truth, pred), time.perf_counter() - start))
    pred, secs, found = timed(texts, k_true, args.seed)
    rows.append(("ours, k given", found, *scores(truth, pred), secs))
    pred, secs_auto, found = timed(texts, None, args.seed)
    rows.append(("ours, k automatic", found, *scores(truth, pred), secs_auto))
    unassigned = int((pred == -1).sum())

    print(f"{'method':<42} {'themes':>6} {'NMI':>7} {'acc':>7} {'seconds':>8}")
    for name, k, nmi, acc, secs in rows:
        print(f"{name:<42} {k:>6} {nmi:>7.4f} {acc:>7.4f} {secs:>8.2f}")
    print(f"(unassigned notes, k automatic: {unassigned})")

    # Timing on seeded random subsets, with automatic k as the app runs it.
    rng = np.random.default_rng(args.seed)
    seconds = {}
    print(f"\n{'notes':>6} {'seconds (auto k)':>17} {'themes':>7} {'target':>8}")
    for n in (500, 2000, 20000):
        subset = [texts[i] for i in np.sort(rng.choice(len(texts), n, replace=False))] if n < len(texts) else texts
        cluster_notes(subset[:50], seed=args.seed)  # warm caches and imports outside the clock
        _, secs, found = timed(subset, None, args.seed)
        seconds[n] = secs
        target = TARGET_SECONDS.get(n)
        print(f"{n:>6} {secs:>17.2f} {found:>7} {f'< {target:g}s' if target else '':>8}")

    base_nmi, ours_nmi, auto_nmi = rows[0][2], rows[1][2], rows[2][2]
    checks = [
        (f"k given NMI >= {TARGET_RATIO}x baseline ({ours_nmi / base_nmi:.2f}x)", ours_nmi >= TARGET_RATIO * base_nmi),
        (f"auto-k NMI within 10% of k given ({auto_nmi / ours_nmi:.1%})", auto_nmi >= TARGET_AUTO * ours_nmi),
        *((f"{n} notes under {t:g} s ({seconds[n]:.2f} s)", seconds[n] < t) for n, t in TARGET_SECONDS.items()),
    ]
    print("\ntargets:")
    for text, ok in checks:
        print(f"  {'met   ' if ok else 'MISSED'} {text}")
    print(
        f"themes: nmi={ours_nmi:.4f} baseline_nmi={base_nmi:.4f} auto_k_nmi={auto_nmi:.4f} "
        f"seconds_2000={seconds[2000]:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
