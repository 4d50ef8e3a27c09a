"""Theme quality and speed, for both backends: ``python -m bench.themes``.

1. StackOverflow titles (20 tags, 1,000 titles each): ``cafe.domain.themes.cluster_notes`` by shared
   words (TF-IDF, the default) with k given and automatic, against plain ``TfidfVectorizer()`` +
   ``KMeans(n_clusters=20)`` on the same 20,000 titles, by NMI and by accuracy under the best
   one-to-one (Hungarian) matching of clusters to tags. The semantic backend embeds a seeded
   stratified sample (100 titles per tag by default): embedding all 20,000 on a 2-core machine
   takes about twenty minutes. The baseline and TF-IDF run on that sample too, side by side.
2. The bilingual set (bench/data/bilingual_notes.tsv, written for this project): NMI for the
   English notes, the Spanish notes and both mixed, by each backend.
3. Time to cluster 500, 2,000 and 20,000 notes with automatic k (the app's path); for the
   semantic backend once the notes are embedded (the 20,000 reuse the sample's vectors, with
   seeded noise, since only the clustering is timed).
4. Embedding throughput: notes a second embedded in batches (a harvest of notes not embedded
   yet) and one at a time (notes as they arrive).

Data: Xu et al., "Short Text Clustering via Convolutional Neural Networks" (2015), from a
Kaggle challenge; read from ../shared/data/stackoverflow-titles.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score

from cafe.domain.themes import cluster_notes, embeddings

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "stackoverflow-titles"
BILINGUAL = Path(__file__).resolve().parent / "data" / "bilingual_notes.tsv"
TARGET_RATIO = 1.25          # TF-IDF, k given, against the plain baseline
TARGET_SEMANTIC = 1.5        # semantic, k given, against the plain baseline on the same sample
TARGET_AUTO = 0.90           # TF-IDF automatic k against k given
TARGET_MIXED = 0.90          # semantic mixed-language NMI against its English-only NMI
TARGET_SECONDS = {2000: 2.0, 20000: 15.0}
TARGET_RATE = 25.0           # notes a second embedded


def load(data: Path = DATA) -> tuple[list[str], np.ndarray]:
    """The titles and their integer tags."""
    titles = (data / "titles.txt").read_text(encoding="utf-8").splitlines()
    labels = np.array((data / "labels.txt").read_text().split(), dtype=int)
    if len(titles) != len(labels):
        raise ValueError(f"{len(titles)} titles but {len(labels)} labels")
    return titles, labels


def load_bilingual(path: Path = BILINGUAL) -> list[tuple[str, str, str]]:
    """(topic, language, note) rows of the bilingual set."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            topic, language, text = line.split("\t")
            rows.append((topic, language, text))
    return rows


def accuracy(truth: np.ndarray, predicted: np.ndarray) -> float:
    """Share of items whose cluster maps to their tag under the best one-to-one matching."""
    t_ids, t = np.unique(truth, return_inverse=True)
    p_ids, p = np.unique(predicted, return_inverse=True)
    table = np.zeros((len(p_ids), len(t_ids)), dtype=int)
    np.add.at(table, (p, t), 1)
    rows, cols = linear_sum_assignment(-table)
    return float(table[rows, cols].sum() / len(truth))


def scores(truth: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    """(NMI, accuracy); unassigned items (-1, "other") count as one more cluster."""
    return float(normalized_mutual_info_score(truth, predicted)), accuracy(truth, predicted)


def baseline(texts: list[str], k: int, seed: int) -> np.ndarray:
    """Plain TfidfVectorizer() + KMeans(n_clusters=k), sklearn defaults."""
    return KMeans(n_clusters=k, random_state=seed).fit_predict(TfidfVectorizer().fit_transform(texts))


def timed(texts: list[str], k: int | None, seed: int, vectors=None) -> tuple[np.ndarray, float, int]:
    """Assignments, wall-clock seconds and the number of themes found."""
    start = time.perf_counter()
    result = cluster_notes(texts, k, seed=seed, vectors=vectors)
    return np.array(result.assignment), time.perf_counter() - start, len(result.themes)


def stratified(truth: np.ndarray, per_tag: int, seed: int) -> np.ndarray:
    """Sorted indices of per_tag items of every tag, seeded."""
    rng = np.random.default_rng(seed)
    return np.sort(np.concatenate([rng.choice(np.flatnonzero(truth == t), per_tag, replace=False)
                                   for t in np.unique(truth)]))


def _row(rows: list, name: str, truth, pred, secs: float, themes: int) -> None:
    rows.append((name, themes, *scores(truth, pred), secs, int((np.asarray(pred) == -1).sum())))


def _print_rows(rows: list) -> None:
    print(f"{'method':<50} {'themes':>6} {'NMI':>7} {'acc':>7} {'seconds':>8} {'other':>6}")
    for name, k, nmi, acc, secs, other in rows:
        print(f"{name:<50} {k:>6} {nmi:>7.4f} {acc:>7.4f} {secs:>8.2f} {other:>6}")


def bilingual_scores(seed: int, semantic: bool) -> dict[str, float]:
    """Print NMI on the bilingual set per language and mixed; return the semantic k-given NMIs."""
    bilingual = load_bilingual()
    topics = sorted({t for t, _, _ in bilingual})
    bil_vectors = embeddings.vectors([n for _, _, n in bilingual]) if semantic else None
    print(f"\nBilingual set: {len(bilingual)} notes on {len(topics)} topics "
          f"(NMI, k given {len(topics)} / automatic)")
    print(f"{'notes':<10} {'tfidf':>15} {'semantic':>15}")
    bilingual_nmi: dict[str, float] = {}
    for name, wanted in (("English", {"en"}), ("Spanish", {"es"}), ("mixed", {"en", "es"})):
        idx = [i for i, (_, lang, _) in enumerate(bilingual) if lang in wanted]
        notes = [bilingual[i][2] for i in idx]
        labels = np.array([bilingual[i][0] for i in idx])
        cells = []
        for vecs in (None, None if bil_vectors is None else bil_vectors[idx]):
            if vecs is None and cells:
                cells.append(f"{'-':>15}")
                continue
            given = normalized_mutual_info_score(labels, timed(notes, len(topics), seed, vecs)[0])
            auto = normalized_mutual_info_score(labels, timed(notes, None, seed, vecs)[0])
            cells.append(f"{given:>7.3f} /{auto:>6.3f}")
            if vecs is not None:
                bilingual_nmi[name] = given
        print(f"{name:<10} {cells[0]:>15} {cells[1]:>15}")

    return bilingual_nmi


def harvest_seconds(texts: list[str], vectors, seed: int) -> dict[tuple[str, int], float]:
    """Print and return the seconds to cluster 500, 2,000 and 20,000 notes with automatic k."""
    rng = np.random.default_rng(seed)
    seconds: dict[tuple[str, int], float] = {}
    print("\nSeconds with automatic k, wall-clock (CPU time of this process in brackets: the machine is shared)")
    print(f"{'notes':>6} {'tfidf s':>14} {'themes':>7} {'semantic s':>14} {'themes':>7} {'target':>8}")
    for n in (500, 2000, 20000):
        chosen = np.sort(rng.choice(len(texts), n, replace=False)) if n < len(texts) else np.arange(len(texts))
        subset = [texts[i] for i in chosen]
        cluster_notes(subset[:50], seed=seed)  # warm caches and imports outside the clock
        cpu = time.process_time()
        _, secs, found = timed(subset, None, seed)
        seconds[("tfidf", n)] = secs
        tfidf_cell = f"{secs:.2f} ({time.process_time() - cpu:.2f})"
        cell = f"{'-':>14} {'-':>7}"
        if vectors is not None:
            # Only the clustering is timed here: borrow the sample's vectors, with seeded noise.
            borrowed = vectors[np.arange(n) % len(vectors)]
            borrowed = borrowed + rng.normal(0, 0.01, borrowed.shape).astype(np.float32)
            cpu = time.process_time()
            _, secs, found_s = timed(subset, None, seed, borrowed)
            seconds[("semantic", n)] = secs
            cell = f"{f'{secs:.2f} ({time.process_time() - cpu:.2f})':>14} {found_s:>7}"
        target = TARGET_SECONDS.get(n)
        print(f"{n:>6} {tfidf_cell:>14} {found:>7} {cell} {f'< {target:g}s' if target else '':>8}")

    return seconds


def embedding_rates(texts: list[str], sample_size: int, embed_seconds: float) -> tuple[float, float, float]:
    """Notes a second embedded in batches and one at a time, and per CPU-second."""
    rate_batch = rate_live = per_cpu_second = float("nan")
    if embeddings.available():
        rate_batch = sample_size / embed_seconds
        fresh = [f"{title} ({i})" for i, title in enumerate(texts[:60])]   # not cached yet
        start, cpu = time.perf_counter(), time.process_time()
        for note in fresh:
            embeddings.embed([note])
        rate_live = len(fresh) / (time.perf_counter() - start)
        per_cpu_second = len(fresh) / max(time.process_time() - cpu, 1e-9)
        print(f"\nEmbedding ({embeddings.MODEL_NAME}, {embeddings.threads()} threads): "
              f"{rate_batch:.1f} notes/s in batches, {rate_live:.1f} notes/s one at a time, "
              f"{per_cpu_second:.1f} notes per CPU-second (what a core of its own gives)")
    else:
        print("\nsemantic backend not installed (pip install -r requirements-semantic.txt): its rows are skipped")

    return rate_batch, rate_live, per_cpu_second


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the tables and the summary line."""
    parser = argparse.ArgumentParser(prog="python -m bench.themes", description=main.__doc__)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--per-tag", type=int, default=100,
                        help="titles per tag embedded for the semantic backend (default 100)")
    args = parser.parse_args(argv)
    if not (args.data / "titles.txt").exists():
        print(f"skipped: {args.data} is absent (needs ../shared/data/stackoverflow-titles)")
        return 0
    semantic = embeddings.available()
    load_average = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    texts, truth = load(args.data)
    k_true = len(np.unique(truth))
    print(f"StackOverflow titles: {len(texts)} notes, {k_true} tags, seed {args.seed}; "
          f"load average {load_average:.1f} on {os.cpu_count()} cores\n")

    # 1. TF-IDF on all titles.
    rows: list = []
    start = time.perf_counter()
    pred = baseline(texts, k_true, args.seed)
    _row(rows, "baseline TfidfVectorizer+KMeans, k given", truth, pred, time.perf_counter() - start, k_true)
    pred, secs, found = timed(texts, k_true, args.seed)
    _row(rows, "tfidf, k given", truth, pred, secs, found)
    pred, secs, found = timed(texts, None, args.seed)
    _row(rows, "tfidf, k automatic", truth, pred, secs, found)
    _print_rows(rows)
    base_nmi, tfidf_nmi, auto_nmi = rows[0][2], rows[1][2], rows[2][2]

    # 1b. Both backends on a stratified sample the semantic backend can embed in minutes.
    pick = stratified(truth, args.per_tag, args.seed)
    sample, sample_truth = [texts[i] for i in pick], truth[pick]
    sample_rows: list = []
    vectors, embed_seconds = None, float("nan")
    start = time.perf_counter()
    pred = baseline(sample, k_true, args.seed)
    _row(sample_rows, "baseline TfidfVectorizer+KMeans, k given", sample_truth, pred,
         time.perf_counter() - start, k_true)
    for k in (k_true, None):
        pred, secs, found = timed(sample, k, args.seed)
        _row(sample_rows, f"tfidf, k {'given' if k else 'automatic'}", sample_truth, pred, secs, found)
    if semantic:
        start = time.perf_counter()
        vectors = embeddings.vectors(sample)
        embed_seconds = time.perf_counter() - start
        for k in (k_true, None):
            pred, secs, found = timed(sample, k, args.seed, vectors)
            _row(sample_rows, f"semantic, k {'given' if k else 'automatic'}", sample_truth, pred, secs, found)
    print(f"\nSample of {len(sample)} titles ({args.per_tag} per tag), both backends:")
    _print_rows(sample_rows)
    sample_base = sample_rows[0][2]
    semantic_nmi = next((r[2] for r in sample_rows if r[0] == "semantic, k given"), float("nan"))

    bilingual_nmi = bilingual_scores(args.seed, semantic)
    seconds = harvest_seconds(texts, vectors, args.seed)
    rate_batch, rate_live, per_cpu_second = embedding_rates(texts, len(sample), embed_seconds)

    checks = [
        (f"tfidf k given NMI >= {TARGET_RATIO}x baseline ({tfidf_nmi / base_nmi:.2f}x)", tfidf_nmi >= TARGET_RATIO * base_nmi),
        (f"tfidf auto-k NMI within 10% of k given ({auto_nmi / tfidf_nmi:.1%})", auto_nmi >= TARGET_AUTO * tfidf_nmi),
        *((f"tfidf {n} notes under {t:g} s ({seconds[('tfidf', n)]:.2f} s)", seconds[("tfidf", n)] < t)
          for n, t in TARGET_SECONDS.items()),
    ]
    if semantic:
        mixed, english = bilingual_nmi["mixed"], bilingual_nmi["English"]
        checks += [
            (f"semantic NMI >= {TARGET_SEMANTIC}x baseline on the sample ({semantic_nmi / sample_base:.2f}x)",
             semantic_nmi >= TARGET_SEMANTIC * sample_base),
            (f"semantic mixed-language NMI >= 90% of English-only ({mixed / english:.1%})", mixed >= TARGET_MIXED * english),
            (f"semantic 2000 embedded notes under 2 s ({seconds[('semantic', 2000)]:.2f} s)", seconds[("semantic", 2000)] < 2.0),
            ((f"embedding >= {TARGET_RATE:g} notes/s ({max(rate_batch, rate_live):.1f} wall, "
              f"{per_cpu_second:.1f} per CPU-second)"), max(rate_batch, rate_live) >= TARGET_RATE),
        ]
    print(f"\ntargets (load average {load_average:.1f} at the start):")
    for text, ok in checks:
        print(f"  {'met   ' if ok else 'MISSED'} {text}")
    print(
        f"themes: nmi={tfidf_nmi:.4f} baseline_nmi={base_nmi:.4f} auto_k_nmi={auto_nmi:.4f} "
        f"semantic_nmi={semantic_nmi:.4f} bilingual_nmi={bilingual_nmi.get('mixed', float('nan')):.4f} "
        f"seconds_2000={seconds[('tfidf', 2000)]:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
