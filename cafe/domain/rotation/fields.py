"""Finite fields GF(q) and difference rows in Z_t: the arithmetic of the constructive design."""
from __future__ import annotations

import functools
import random

import numpy as np


def _prime_power(q: int) -> tuple[int, int] | None:
    """(p, e) with p**e == q for a prime p, else None."""
    if q < 2:
        return None
    for p in range(2, q + 1):
        if q % p == 0:
            e, r = 0, q
            while r % p == 0:
                r //= p
                e += 1
            return (p, e) if r == 1 else None
    return None


def _poly_mulmod(a: list[int], b: list[int], mod: list[int], p: int) -> list[int]:
    prod = [0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        if x:
            for j, y in enumerate(b):
                prod[i + j] = (prod[i + j] + x * y) % p
    e = len(mod) - 1  # mod is monic, lowest degree first
    for i in range(len(prod) - 1, e - 1, -1):
        c = prod[i]
        if c:
            for j in range(e + 1):
                prod[i - e + j] = (prod[i - e + j] - c * mod[j]) % p
    return (prod + [0] * e)[:e]


def _irreducible(p: int, e: int) -> list[int]:
    """A monic irreducible polynomial of degree e over Z_p (coefficients, lowest first)."""
    for code in range(p**e):
        coeffs = [(code // p**i) % p for i in range(e)] + [1]
        if coeffs[0] == 0:
            continue
        if all(_has_no_factor(coeffs, d, p) for d in range(1, e // 2 + 1)):
            return coeffs
    raise AssertionError("no irreducible polynomial")  # pragma: no cover


def _has_no_factor(poly: list[int], d: int, p: int) -> bool:
    for code in range(p**d):
        div = [(code // p**i) % p for i in range(d)] + [1]
        rem = list(poly)
        for i in range(len(rem) - 1, d - 1, -1):
            c = rem[i]
            if c:
                for j in range(d + 1):
                    rem[i - d + j] = (rem[i - d + j] - c * div[j]) % p
        if not any(rem[:d]):
            return False
    return True


def _arithmetic(t: int) -> tuple[np.ndarray, np.ndarray, bool]:
    """Addition and multiplication tables on t symbols: GF(t) if possible, else Z_t."""
    pe = _prime_power(t) if t <= 256 else None
    idx = np.arange(t)
    if pe is None or pe[1] == 1:
        add = (idx[:, None] + idx[None, :]) % t
        mul = (idx[:, None] * idx[None, :]) % t
        return add, mul, pe is not None
    p, e = pe
    digits = [[(x // p**i) % p for i in range(e)] for x in range(t)]
    add = np.zeros((t, t), dtype=np.int64)
    mul = np.zeros((t, t), dtype=np.int64)
    mod = _irreducible(p, e)
    for x in range(t):
        for y in range(t):
            add[x, y] = sum(((digits[x][i] + digits[y][i]) % p) * p**i for i in range(e))
            prod = _poly_mulmod(digits[x], digits[y], mod, p)
            mul[x, y] = sum(c * p**i for i, c in enumerate(prod))
    return add, mul, True


def _multipliers(t: int, rows: int, rounds: int, field: bool, with_zero: bool) -> list[int]:
    """Row multipliers f(a) such that rows share a line in at most one round where possible.

    In a field any distinct values work.  In Z_t two rows with multipliers f, f' meet twice
    when (f - f')·d ≡ 0 (mod t) for a round gap d < rounds, and a row revisits a table when
    f·d ≡ 0; choose greedily a set avoiding both.
    """
    span = range(1, min(rounds, t))

    def ok(f: int, g: int) -> bool:
        return field or all(((f - g) * d) % t for d in span)

    chosen = [0] if with_zero else []
    for f in range(1, t):
        if len(chosen) >= rows:
            break
        if ok(f, 0) and all(ok(f, g) for g in chosen):
            chosen.append(f)
    rest = [f for f in range(t) if f not in chosen]
    rest.sort(key=lambda f: (sum(not ok(f, g) for g in chosen + [0]), f))
    while len(chosen) < rows:
        chosen.append(rest[len(chosen) % len(rest)] if rest else 0)
    return chosen[:rows]


_MAX_CELLS = 500  # recursion depth of _difference_rows (Python's default limit is 1,000)


@functools.lru_cache(maxsize=64)
def _difference_rows(t: int, rows: int, rounds: int, with_zero: bool,
                     budget: int = 5_000) -> tuple[tuple[int, ...], ...] | None:
    """Shifts s[j][a] in Z_t for row a in round j with no repeat and no revisit, or None.

    Row a's traveller b sits at line b + s[j][a] in round j, so two rows meet in round j along
    the difference s[j][a'] - s[j][a]: every pair of rows needs distinct differences over the
    rounds (nobody meets twice), and every row distinct shifts (nobody revisits a line).  With
    `with_zero` row 0 is the hosts' row, shift 0 throughout.  Multiples f(a)·j (the field
    construction) rarely manage this in Z_t for t not a prime power, for example t = 10; a small
    backtracking search usually does (60 people at 10 tables for 6 rounds: a few hundred
    nodes).  Bounded by `budget` nodes (a few tenths of a second at most, for the largest
    shapes) and cached, so a shape that has none costs once.
    """
    # In round 1 the travelling rows need distinct non-zero shifts (round 0 is all zeros): at
    # most t - 1 of them.  The search recurses once per cell: keep it far from Python's limit.
    travelling = rows - with_zero
    cells = [(j, a) for j in range(1, rounds) for a in range(rows) if not (with_zero and a == 0)]
    if rounds > t or rows < 1 or (rounds > 1 and travelling > t - 1) or len(cells) > _MAX_CELLS:
        return None
    shift = [[0] * rows for _ in range(rounds)]
    seen = [{0} for _ in range(rows)]  # shifts row a has had
    diffs = [[{0} for _ in range(rows)] for _ in range(rows)]  # differences rows a < b have had
    values = list(range(1, t))
    random.Random(t * 1000 + rows).shuffle(values)
    nodes = 0

    def place(c: int) -> bool:
        nonlocal nodes
        if c == len(cells):
            return True
        nodes += 1
        if nodes > budget:
            return False
        j, a = cells[c]
        for v in values:
            if v in seen[a] or any((v - shift[j][b]) % t in diffs[b][a] for b in range(a)):
                continue
            shift[j][a] = v
            seen[a].add(v)
            for b in range(a):
                diffs[b][a].add((v - shift[j][b]) % t)
            if place(c + 1):
                return True
            seen[a].discard(v)
            for b in range(a):
                diffs[b][a].discard((v - shift[j][b]) % t)
            if nodes > budget:
                return False
        return False

    return tuple(map(tuple, shift)) if place(0) else None
