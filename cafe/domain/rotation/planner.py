"""Rotation planner for a World Café: who sits at which table in each round.

Pure domain code (no Flask, no database).  The plan is built in two steps:

1. A constructive start.  Travellers are laid out in a grid (row ``a``, column ``b``) and in
   round ``j`` sit at "line" ``b + f(a)·j`` computed in the finite field GF(t) when the
   number of tables t is a prime power, or at ``b + s[j][a]`` in Z_t otherwise, with shifts
   found by a small backtracking search (``_difference_rows``).  Two travellers then share a
   line in at most one round: this is the affine-plane / resolvable design construction of
   the Social Golfer problem, and it alone gives zero repeats on most cafés.  Lines are
   mapped to tables and people to seats by assignment problems that enforce the hard
   constraints (sizes, capacities, hosts, languages, no revisits, keep-together).
2. A tabu local search over swaps of two people within a round, with vectorised move
   evaluation (numpy), that removes repeated encounters, revisits, group imbalance and - when
   re-planning after a live change - needless moves relative to the previous plan.  Every move
   it makes keeps the hard constraints.

For a fresh plan where anyone may take any seat (no language needs, nobody kept together)
and r <= t, step 2 is instead the search of ``cafe.domain.rotation.catalogue``: conflict-directed tabu over
every swap of every round at once (after Dotú and Van Hentenryck), which removes far more
repeats in the same time.  Where a café has exactly the shape of a catalogued design
(zero-repeat schedules found offline: 32 people at 8 tables for 10 rounds), people are mapped
onto its points instead.

Groups are then mixed by *relabelling*: two travellers exchange their whole seat sequences,
which leaves who-meets-whom (and so repeats and revisits) exactly as it was.  A group more
than one person off its share at a table counts as the worst mixing there is; when
relabelling cannot remove it, the search runs again from a balanced start with balance
weighted above repeats - unless that would cost a plan its zero repeats.

Everything is deterministic for a given ``seed``: the search is bounded by iteration counts,
never by wall-clock time.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import random
import sys
import time
from dataclasses import dataclass
from typing import Hashable, Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp
from scipy.sparse import coo_matrix

__all__ = [
    "Person",
    "Table",
    "Seating",
    "plan_rounds",
    "seat_late_arrival",
    "RoundQuality",
    "assess_round",
    "PlanQuality",
    "assess_plan",
]


@dataclass(frozen=True)
class Person:
    """A participant as the planner sees them."""

    id: Hashable
    group: str | None = None
    host_of: int | None = None
    together: Hashable | None = None
    language: str | None = None


@dataclass(frozen=True)
class Table:
    """A table: an optional seat limit and the languages spoken there (None: any)."""

    capacity: int | None = None
    languages: frozenset[str] | None = None


Seating = dict  # person id -> table index

# Weights of the soft goals, in the priority order.  A repeated encounter costs more
# than anything else; a revisit (only soft when r > t or languages leave no choice) next; then
# group balance; moving a person relative to the previous plan is cheapest but not free.
W_REPEAT = 10.0
W_REVISIT = 6.0
W_GROUP_OFF = 1.0  # per person outside [floor(share), ceil(share)] of a group at a table
W_GROUP_VIOLATION = 4.0  # extra when a group is more than one person off its share
W_CHANGE = 3.0  # per person and round seated elsewhere than in the previous plan
W_LANGUAGE = 1e5  # a person seated where their language is not spoken: only ever inherited
W_LEXICOGRAPHIC = 1000.0  # a repeat outweighs any group imbalance when repeats reached zero
_FORBIDDEN = 1e7
_MANDATORY = -1e5
_FORBIDDEN_REVISIT = 1e4


# --------------------------------------------------------------------------------------------
# Finite fields and the constructive design


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


# --------------------------------------------------------------------------------------------
# Problem set-up


def _size_bounds(n: int, caps: Sequence[int | None]) -> tuple[list[int], list[int]]:
    """Per-table (lo, hi) sizes: balanced to within one person, never above a capacity."""
    t = len(caps)
    eff = [n if c is None else max(0, int(c)) for c in caps]
    if sum(eff) < n:
        raise ValueError(f"{n} people but only {sum(eff)} seats")
    level = max(1, -(-n // t)) if t else 0
    while level > 0 and sum(min(c, level - 1) for c in eff) >= n:
        level -= 1
    while sum(min(c, level) for c in eff) < n:
        level += 1
    return [min(c, max(level - 1, 0)) for c in eff], [min(c, level) for c in eff]


class _Problem:
    """Indices, masks and the encounters of earlier rounds for one planning call."""

    def __init__(self, people, tables, rounds, history):
        self.people = list(people)
        self.ids = [p.id for p in self.people]
        self.index = {pid: i for i, pid in enumerate(self.ids)}
        if len(self.index) != len(self.ids):
            raise ValueError("duplicate person id")
        self.tables = list(tables)
        n = self.n = len(self.people)
        t = self.t = len(self.tables)
        if n and not t:
            raise ValueError("no tables")
        self.R0 = len(history)
        self.R = max(0, rounds - self.R0)
        self.lo, self.hi = _size_bounds(n, [tb.capacity for tb in self.tables]) if t else ([], [])

        # groups; people without a group form the last column, which never costs anything
        names: list[str] = []
        for p in self.people:
            if p.group is not None and p.group not in names:
                names.append(p.group)
        self.group_names = names
        self.G = len(names)
        gi = {g: k for k, g in enumerate(names)}
        self.grp = np.array([gi.get(p.group, self.G) for p in self.people], dtype=np.int64)
        counts = np.bincount(self.grp, minlength=self.G + 1)
        self.group_frac = counts[: self.G] / max(n, 1)

        # keep-together units and hosts
        by_key: dict = {}
        self.units: list[list[int]] = []
        for i, p in enumerate(self.people):
            if p.together is None:
                self.units.append([i])
            elif p.together in by_key:
                self.units[by_key[p.together]].append(i)
            else:
                by_key[p.together] = len(self.units)
                self.units.append([i])
        self.unit_of = np.zeros(n, dtype=np.int64)
        for u, members in enumerate(self.units):
            self.unit_of[members] = u
        self.fixed = np.full(n, -1, dtype=np.int64)  # table of hosts and their companions
        for members in self.units:
            hosts = [self.people[i].host_of for i in members if self.people[i].host_of is not None]
            hosts = [h for h in hosts if 0 <= h < t]
            if hosts:
                self.fixed[members] = hosts[0]

        # languages: a unit may only sit where all its members are understood
        allow = np.ones((n, t), dtype=bool)
        for T, tb in enumerate(self.tables):
            if tb.languages is not None:
                for i, p in enumerate(self.people):
                    if p.language is not None and p.language not in tb.languages:
                        allow[i, T] = False
        for members in self.units:
            if len(members) > 1:
                allow[members] = allow[members].all(axis=0)
        self.allow = allow

        # earlier rounds: encounters (also with people who left) and table visits
        self.M = np.zeros((n, n), dtype=np.int32)
        self.V = np.zeros((n, t), dtype=np.int32)
        present = np.zeros(n, dtype=np.int32)
        for seating in history:
            tabs: dict = {}
            for pid, T in seating.items():
                i = self.index.get(pid)
                if i is not None:
                    tabs.setdefault(T, []).append(i)
                    present[i] += 1
                    if isinstance(T, (int, np.integer)) and 0 <= T < t:
                        self.V[i, T] += 1
            for members in tabs.values():
                a = np.array(members)
                self.M[np.ix_(a, a)] += 1
        np.fill_diagonal(self.M, 0)
        # a traveller must not revisit a table while unvisited suitable tables remain
        unvisited = (allow & (self.V == 0)).sum(axis=1)
        self.hard_norev = (self.fixed < 0) & (self.R <= unvisited)
        self.w_rev = np.where(self.fixed < 0, W_REVISIT, 0.0)
        self.min_revisits = np.maximum(0, present + self.R - allow.sum(axis=1))

    def can_sit(self, V: np.ndarray) -> np.ndarray:
        """(n, t) mask of tables each person may take given visits V."""
        return self.allow & (~self.hard_norev[:, None] | (V == 0))


# --------------------------------------------------------------------------------------------
# Constructive start


def _design_lines(prob: _Problem) -> tuple[np.ndarray, np.ndarray]:
    """Line of each person in each future round, and whether the line is pinned to a table."""
    n, t, R = prob.n, prob.t, prob.R
    rounds = prob.R0 + R
    add, mul, field = _arithmetic(t)
    hosts = [i for i in range(n) if prob.fixed[i] >= 0 and prob.people[i].host_of is not None]
    host_cols = {}
    for i in hosts:
        host_cols.setdefault(int(prob.fixed[i]), i)
    travellers = [i for i in range(n) if prob.fixed[i] < 0]
    # a row sends one person to every line, so a row of one group adds exactly one of it to
    # every table: fill whole rows with one group each, then the rows left with what remains
    # of each group (a table then gets its group's whole rows plus at most one per such row)
    rank = np.zeros(prob.n, dtype=np.int64)  # 1: left over after the group's whole rows
    for g in range(prob.G + 1):
        members = [i for i in travellers if prob.grp[i] == g]
        rank[members[len(members) // t * t:]] = 1
    travellers.sort(key=lambda i: (rank[i], prob.grp[i], i))
    has_host_row = bool(host_cols)
    rows = -(-len(travellers) // t) if travellers else 0
    full_square = (not has_host_row) and rows == t and len(travellers) == t * t
    f = _multipliers(t, rows + has_host_row, rounds, field, has_host_row or full_square)
    if full_square:
        f = list(range(t))
    row_f = f[1:] if has_host_row else f
    shift = None if field else _difference_rows(t, rows + has_host_row, rounds, has_host_row)
    lines = np.zeros((R, n), dtype=np.int64)
    for x in range(R):
        j = prob.R0 + x
        for k, i in enumerate(travellers):
            a, b = divmod(k, t)
            if full_square and j == t:
                lines[x, i] = a  # the "vertical" parallel class of the affine plane
            elif j == t and field and not has_host_row:
                # after all t slopes only people of the same row are still strangers
                lines[x, i] = (k * t) // len(travellers)
            elif j == t + 1 and field and not has_host_row and rows * t == len(travellers) and t % rows == 0:
                # one more round: split each row (t people, whole tables) again, evens apart
                # from odds, so a table repeats few pairs of the previous split (2 of 6 for 4)
                k2 = a * t + (b % 2) * ((t + 1) // 2) + b // 2
                lines[x, i] = (k2 * t) // len(travellers)
            elif shift is not None:
                lines[x, i] = (b + shift[j][a + has_host_row]) % t
            else:
                lines[x, i] = add[b, mul[row_f[a], j % t]]
        for i in range(n):
            if prob.fixed[i] >= 0:
                lines[x, i] = prob.fixed[i]
    pinned = np.zeros((R, t), dtype=bool)
    if has_host_row:
        pinned[:, sorted(host_cols)] = True
    return lines, pinned


def _label_lines(prob: _Problem, lines: np.ndarray, pinned: np.ndarray, x: int, V) -> np.ndarray:
    """Map the lines of round x to tables, avoiding revisits and unsuitable tables."""
    t = prob.t
    can = prob.can_sit(V)
    cost = np.zeros((t, t))
    for i in range(prob.n):
        L = lines[x, i]
        if prob.fixed[i] >= 0:
            continue
        cost[L] += np.where(can[i], np.where(V[i] > 0, W_REVISIT, 0.0), 100.0)
    for L in range(t):
        if pinned[x, L]:
            cost[L] = _FORBIDDEN
            cost[L, L] = 0.0
    rows, cols = linear_sum_assignment(cost)
    label = np.arange(t)
    label[rows] = cols
    return label


def _initial_plan(prob: _Problem, previous, seed: int, attempt: int = 0) -> np.ndarray:
    """Seat everyone for every future round, honouring the hard constraints.

    `attempt` > 0 seats keep-together units on randomly chosen suitable tables instead of
    their design tables: a retry when the round-by-round start painted itself into a corner.
    """
    n, t, R = prob.n, prob.t, prob.R
    seat = np.zeros((R, n), dtype=np.int64)
    V = prob.V.copy()
    if previous is not None:
        desired = np.full((R, n), -1, dtype=np.int64)
        for x in range(min(R, len(previous))):
            for pid, T in previous[x].items():
                i = prob.index.get(pid)
                if i is not None and isinstance(T, (int, np.integer)) and 0 <= T < t:
                    desired[x, i] = T
        lines = pinned = None
    else:
        lines, pinned = _design_lines(prob)
    rng = random.Random(seed * 1009 + attempt)
    blocks = [u for u in prob.units if len(u) > 1 and prob.fixed[u[0]] < 0]
    blocks.sort(key=lambda u: -len(u))
    for x in range(R):
        if lines is not None:
            label = _label_lines(prob, lines, pinned, x, V)
            want = label[lines[x]]
        else:
            want = desired[x]
        can = prob.can_sit(V)
        count = np.zeros(t, dtype=np.int64)
        placed = np.zeros(n, dtype=bool)
        for i in range(n):
            if prob.fixed[i] >= 0:
                seat[x, i] = prob.fixed[i]
                count[prob.fixed[i]] += 1
                placed[i] = True
        hi = np.array(prob.hi)
        lo = np.array(prob.lo)
        # tables that people with a language need and have not yet visited are scarce: a
        # keep-together unit taking one could force such a person to revisit a table
        restricted = [i for i in range(n) if prob.fixed[i] < 0 and not prob.allow[i].all()
                      and len(prob.units[prob.unit_of[i]]) == 1]
        scarce = np.zeros(t)
        for i in restricted:
            scarce += can[i] / max(1, can[i].sum())
        for u in blocks:
            room = hi - count
            ok = can[u].all(axis=0) & (room >= len(u))
            first = want[u[0]]
            if ok.any() and (scarce.any() or attempt):
                noise = np.array([rng.random() for _ in range(t)]) * 0.3 * attempt
                T = int(np.argmin(np.where(ok, scarce + noise - 1e-3 * (np.arange(t) == first), np.inf)))
            elif first >= 0 and ok[first]:
                T = first
            elif ok.any():
                T = int(np.argmax(np.where(ok, room * 1000 - prob.M[u][:, :].sum() * 0, -1e9)))
            else:
                T = int(np.argmax(room))
            seat[x, u] = T
            count[T] += len(u)
            placed[u] = True
        free = np.flatnonzero(~placed)
        if free.size:
            seats_T = []
            seat_cost = []
            for T in range(t):
                extra = max(0, hi[T] - count[T])
                mandatory = max(0, lo[T] - count[T])
                for s in range(extra):
                    seats_T.append(T)
                    seat_cost.append(_MANDATORY if s < mandatory else 0.0)
            seats_T = np.array(seats_T, dtype=np.int64)
            if seats_T.size < free.size:  # capacities exhausted by blocks: let it overflow
                more = np.repeat(np.arange(t), -(-(free.size - seats_T.size) // t) + 1)
                seats_T = np.concatenate([seats_T, more])
                seat_cost = seat_cost + [1e5] * more.size
            # priorities when they cannot all hold: language, then sizes, then no revisit
            c = np.where(prob.allow[free][:, seats_T], 0.0, _FORBIDDEN)
            c += np.where(can[free][:, seats_T], 0.0, _FORBIDDEN_REVISIT)
            # leaving the wanted table costs more than a soft revisit: the design (or the
            # previous plan) already weighed revisits, and breaking it costs repeats
            c += np.where(want[free][:, None] == seats_T[None, :], 0.0, 2 * W_REVISIT)
            c += np.where(V[free][:, seats_T] > 0, W_REVISIT, 0.0)
            c += np.array(seat_cost)[None, :]
            # a little noise so that ties between equivalent seats depend on the seed
            c += np.array([rng.random() * 1e-3 for _ in range(c.size)]).reshape(c.shape)
            r_ind, c_ind = linear_sum_assignment(c)
            seat[x, free[r_ind]] = seats_T[c_ind]
        np.add.at(V, (np.arange(n), seat[x]), 1)
    return seat


# --------------------------------------------------------------------------------------------
# Local search


def _group_cost_table(prob: _Problem, max_size: int, w_off: float = W_GROUP_OFF) -> np.ndarray:
    """CC[size, group, count]: the cost of `count` members of a group at a table of `size`."""
    G = prob.G
    CC = np.zeros((max_size + 2, G + 1, max_size + 3))
    for s in range(max_size + 2):
        for g in range(G):
            share = s * prob.group_frac[g]
            lo, hi = math.floor(share + 1e-9), math.ceil(share - 1e-9)
            for c in range(max_size + 3):
                off = max(0, lo - c, c - hi)
                CC[s, g, c] = w_off * off + W_GROUP_VIOLATION * (abs(c - share) > 1 + 1e-9)
    return CC


class _Search:
    """State of the tabu search: seats, encounters, visits and group counts, kept in step."""

    def __init__(self, prob: _Problem, seat: np.ndarray, previous_seat: np.ndarray | None,
                 w_repeat: float = W_REPEAT, w_groups: float = 1.0, w_off: float = W_GROUP_OFF):
        self.prob = prob
        self.w_repeat = w_repeat
        n, t, R = prob.n, prob.t, prob.R
        self.seat = seat
        self.M = prob.M.copy()
        self.V = prob.V.copy()
        self.members: list[list[list[int]]] = []
        for x in range(R):
            mem = [[] for _ in range(t)]
            for i in range(n):
                mem[seat[x, i]].append(i)
            self.members.append(mem)
            for m in mem:
                if len(m) > 1:
                    a = np.array(m)
                    self.M[np.ix_(a, a)] += 1
            np.add.at(self.V, (np.arange(n), seat[x]), 1)
        np.fill_diagonal(self.M, 0)
        self.size = np.array([[len(m) for m in mem] for mem in self.members], dtype=np.int64)
        # repeated tablemates per person and round
        self.R2 = np.zeros((R, n), dtype=np.int64)
        for x in range(R):
            for m in self.members[x]:
                if len(m) > 1:
                    a = np.array(m)
                    self.R2[x, a] = (self.M[np.ix_(a, a)] >= 2).sum(axis=1)
        self.rep = int(np.maximum(self.M - 1, 0).sum() // 2)
        Vt = self.V[:, :]
        self.rev = float((prob.w_rev[:, None] * np.maximum(Vt - 1, 0)).sum())
        # groups
        G = prob.G
        max_size = int(self.size.max()) if self.size.size else 0
        self.CC = _group_cost_table(prob, max_size, w_off) * w_groups
        self.gc = np.zeros((R, t, G + 1), dtype=np.int64)
        for x in range(R):
            np.add.at(self.gc[x], (seat[x], prob.grp), 1)
        self.gcur = np.zeros((R, t, G + 1))
        self.gplus = np.zeros((R, t, G + 1))
        self.gminus = np.zeros((R, t, G + 1))
        for x in range(R):
            for T in range(t):
                self._refresh_group(x, T)
        self.grp_cost = float(self.gcur.sum())
        self.CCrow = [[self.CC[min(int(self.size[x, T]), self.CC.shape[0] - 1)].tolist() for T in range(t)]
                      for x in range(R)]
        self.pseat = seat.T.tolist()
        self.grp = prob.grp.tolist()
        self.w_rev = prob.w_rev.tolist()
        # moves relative to the previous plan
        self.prev = previous_seat
        self.chg = 0 if previous_seat is None else int(((previous_seat >= 0) & (previous_seat != seat)).sum())
        self.single = np.array([len(prob.units[prob.unit_of[i]]) == 1 for i in range(n)]) & (prob.fixed < 0)
        # people seated where their language is not spoken (only when the start had no choice)
        self.lang = int(sum((~prob.allow[np.arange(n), seat[x]]).sum() for x in range(R)))
        self.movable = prob.fixed < 0

    def _refresh_group(self, x: int, T: int) -> None:
        s = min(int(self.size[x, T]), self.CC.shape[0] - 1)
        c = np.minimum(self.gc[x, T], self.CC.shape[2] - 2)
        cc = self.CC[s]
        g = np.arange(cc.shape[0])
        self.gcur[x, T] = cc[g, c]
        self.gplus[x, T] = cc[g, c + 1] - cc[g, c]
        self.gminus[x, T] = cc[g, np.maximum(c - 1, 0)] - cc[g, c]

    def cost(self) -> float:
        return self.w_repeat * self.rep + W_LANGUAGE * self.lang + self.rev + self.grp_cost + W_CHANGE * self.chg

    def move(self, x: int, p: int, B: int) -> None:
        """Move person p to table B in future round x, keeping every tally in step."""
        seat, M, R2 = self.seat, self.M, self.R2
        A = int(seat[x, p])
        if A == B:
            return
        pseat = self.pseat
        ps = pseat[p]
        Mp = M[p]
        R2x = R2[x]
        memA = self.members[x][A]
        memA.remove(p)
        for u in memA:
            old = int(Mp[u])
            Mp[u] = M[u, p] = old - 1
            if old >= 2:
                self.rep -= 1
                R2x[p] -= 1
                R2x[u] -= 1
                if old == 2:  # no longer a repeat in the other rounds they share
                    us = pseat[u]
                    for y in range(self.prob.R):
                        if y != x and ps[y] == us[y]:
                            R2[y, p] -= 1
                            R2[y, u] -= 1
        memB = self.members[x][B]
        for u in memB:
            old = int(Mp[u])
            Mp[u] = M[u, p] = old + 1
            if old >= 1:
                self.rep += 1
                R2x[p] += 1
                R2x[u] += 1
                if old == 1:  # now a repeat in the other rounds they share
                    us = pseat[u]
                    for y in range(self.prob.R):
                        if y != x and ps[y] == us[y]:
                            R2[y, p] += 1
                            R2[y, u] += 1
        memB.append(p)
        seat[x, p] = B
        ps[x] = B
        allow_p = self.prob.allow[p]
        self.lang += int(not allow_p[B]) - int(not allow_p[A])
        w = self.w_rev[p]
        if w:
            Vp = self.V[p]
            if Vp[A] >= 2:
                self.rev -= w
            Vp[A] -= 1
            if Vp[B] >= 1:
                self.rev += w
            Vp[B] += 1
        g = self.grp[p]
        if g < self.prob.G:
            self._count(x, A, g, -1)
            self._count(x, B, g, +1)
        if self.prev is not None:
            pv = self.prev[x, p]
            if pv >= 0:
                self.chg += int(B != pv) - int(A != pv)

    def _count(self, x: int, T: int, g: int, step: int) -> None:
        c = int(self.gc[x, T, g]) + step
        self.gc[x, T, g] = c
        cc = self.CCrow[x][T][g]
        top = len(cc) - 1
        new = cc[min(c, top)]
        self.grp_cost += new - self.gcur[x, T, g]
        self.gcur[x, T, g] = new
        self.gplus[x, T, g] = cc[min(c + 1, top)] - new
        self.gminus[x, T, g] = cc[max(c - 1, 0)] - new

    def conflicts(self) -> np.ndarray:
        """Flat (round, person) indices of movable people whose seat costs something."""
        prob = self.prob
        bad = self.R2 > 0
        if prob.G:
            x_idx = np.arange(prob.R)[:, None]
            # everyone at an unbalanced table: a missing group has nobody to move
            bad |= self.gcur.sum(axis=2)[x_idx, self.seat] > 0
        # revisits beyond the unavoidable ones (more rounds than suitable tables)
        excess = np.maximum(self.V - 1, 0).sum(axis=1) > prob.min_revisits
        revisit = self.V[np.arange(prob.n)[None, :], self.seat] >= 2
        bad |= revisit & (excess & (prob.w_rev > 0))[None, :]
        if self.lang:
            bad |= ~prob.allow[np.arange(prob.n)[None, :], self.seat]
        bad &= self.movable[None, :]
        return np.flatnonzero(bad)

    def swap_deltas(self, x: int, p: int, can: np.ndarray) -> np.ndarray:
        """Cost change of swapping p with each person q in round x (inf where not allowed)."""
        prob = self.prob
        sx = self.seat[x]
        A = int(sx[p])
        M = self.M
        m1p = (M[p] >= 1).astype(np.float64)
        c1 = np.bincount(sx, weights=m1p, minlength=prob.t)
        memA = self.members[x][A]
        colA1 = (M[:, memA] >= 1).sum(axis=1)
        drep = (c1[sx] - m1p) - self.R2[x, p] + (colA1 - m1p) - self.R2[x]
        d = self.w_repeat * drep
        w = prob.w_rev
        V = self.V
        ar = np.arange(prob.n)
        d += w[p] * ((V[p, sx] >= 1).astype(np.float64) - (V[p, A] >= 2))
        d += w * ((V[:, A] >= 1).astype(np.float64) - (V[ar, sx] >= 2))
        if prob.G:
            g = prob.grp[p]
            h = prob.grp
            dg = (self.gminus[x, A, g] + self.gplus[x, sx, g] + self.gplus[x, A, h] + self.gminus[x, sx, h])
            d += np.where(h == g, 0.0, dg)
        if self.prev is not None:
            pv = self.prev[x]
            if pv[p] >= 0:
                d += W_CHANGE * ((sx != pv[p]).astype(np.float64) - (A != pv[p]))
            d += W_CHANGE * np.where(pv >= 0, (A != pv).astype(np.float64) - (sx != pv), 0.0)
        if self.lang:
            allow = prob.allow
            ar = np.arange(prob.n)
            d += W_LANGUAGE * (~allow[p, sx] - float(not allow[p, A]))
            d += W_LANGUAGE * (~allow[:, A] - (~allow[ar, sx]).astype(np.float64))
        ok = self.single & (sx != A) & can[:, A] & can[p, sx]
        return np.where(ok, d, np.inf)


def _search(prob: _Problem, seat: np.ndarray, previous_seat, seed: int, budget: int,
            w_repeat: float = W_REPEAT, w_groups: float = 1.0) -> np.ndarray:
    """Tabu search over swaps; returns the best plan found."""
    if prob.R == 0 or prob.n < 2 or prob.t < 2:
        return seat
    st = _Search(prob, seat, previous_seat, w_repeat, w_groups)
    rng = random.Random(seed)
    n, t = prob.n, prob.t
    best = st.cost()
    best_seat = st.seat.copy()
    tabu = np.zeros((prob.R, n, t), dtype=np.int64)
    stall_limit = max(150, min(1500, budget // 6))
    stall = 0
    for it in range(1, budget + 1):
        conf = st.conflicts()
        if conf.size == 0:
            break
        x, p = divmod(int(conf[rng.randrange(conf.size)]), n)
        # hard no-revisit is judged on visits outside this round
        can = prob.allow & (~prob.hard_norev[:, None] | (st.V - _onehot_round(st.seat[x], t) == 0))
        if stall > stall_limit:
            # stuck: kick the search with a few random allowed swaps around the conflicts
            for _ in range(2 + rng.randrange(4)):
                x, p = divmod(int(conf[rng.randrange(conf.size)]), n)
                can = prob.allow & (~prob.hard_norev[:, None] | (st.V - _onehot_round(st.seat[x], t) == 0))
                if st.single[p]:
                    ok = np.flatnonzero(np.isfinite(st.swap_deltas(x, p, can)))
                    if ok.size:
                        q = int(ok[rng.randrange(ok.size)])
                        A, B = int(st.seat[x, p]), int(st.seat[x, q])
                        st.move(x, p, B)
                        st.move(x, q, A)
            stall = 0
            tabu[:] = 0
            continue
        if not st.single[p]:
            _block_move(st, x, p, can, rng)
            stall += 1
            continue
        d = st.swap_deltas(x, p, can)
        A = int(st.seat[x, p])
        sx = st.seat[x]
        cur = st.cost()
        is_tabu = (tabu[x, p, sx] > it) | (tabu[x, np.arange(n), A] > it)
        d = np.where(is_tabu & (cur + d >= best - 1e-9), np.inf, d)
        dmin = d.min()
        cands = np.flatnonzero(d <= dmin + 1e-9) if np.isfinite(dmin) else []
        # double swaps: p and q trade tables in two rounds at once, which keeps both their
        # table sequences free of revisits when single swaps cannot (r close to t)
        doubles = []
        if prob.hard_norev[p] and prob.R > 1:
            dbest = dmin
            for y in range(prob.R):
                if y == x:
                    continue
                B = int(st.seat[y, p])
                qs = np.flatnonzero((sx == B) & (st.seat[y] == A) & st.single)
                for q in qs:
                    q = int(q)
                    if not (prob.allow[q, A] and prob.allow[p, B]):
                        continue
                    st.move(x, p, B), st.move(x, q, A), st.move(y, p, A), st.move(y, q, B)
                    dd = st.cost() - cur
                    st.move(y, q, A), st.move(y, p, B), st.move(x, q, B), st.move(x, p, A)
                    tabu_move = (tabu[x, p, B] > it or tabu[x, q, A] > it or tabu[y, p, A] > it
                                 or tabu[y, q, B] > it)
                    if tabu_move and cur + dd >= best - 1e-9:
                        continue
                    if dd < dbest - 1e-9:
                        dbest, doubles = dd, [(y, q)]
                    elif dd <= dbest + 1e-9:
                        doubles.append((y, q))
            if doubles and dbest < dmin - 1e-9:
                cands = []
            elif not np.isfinite(dmin) or dbest > dmin + 1e-9:
                doubles = []
        total = len(cands) + len(doubles)
        if total == 0:
            stall += 1
            continue
        pick = rng.randrange(total)
        tenure = 3 + rng.randrange(max(4, t))
        if pick >= len(cands):
            y, q = doubles[pick - len(cands)]
            B = int(sx[q])
            st.move(x, p, B), st.move(x, q, A), st.move(y, p, A), st.move(y, q, B)
            tabu[x, p, A] = tabu[y, p, B] = tabu[x, q, B] = tabu[y, q, A] = it + tenure
        else:
            q = int(cands[pick])
            B = int(sx[q])
            st.move(x, p, B)
            st.move(x, q, A)
            tabu[x, p, A] = it + tenure
            tabu[x, q, B] = it + tenure
        cost = st.cost()
        if cost < best - 1e-9:
            best = cost
            best_seat = st.seat.copy()
            stall = 0
        else:
            stall += 1
    return best_seat


def _repair_groups(prob: _Problem, seat: np.ndarray, max_steps: int) -> np.ndarray:
    """Balance groups by the best swaps that add no repeat and no revisit (steepest descent).

    The tabu search weighs every move, so on a tight zero-repeat plan it keeps stepping into
    repeats and back; here every swap of two people in a round is scored at once and only
    those that keep the encounters as they are may be made.
    """
    st = _Search(prob, seat.copy(), None, W_LEXICOGRAPHIC)
    n, t = prob.n, prob.t
    grp = prob.grp
    for _ in range(max_steps):
        if st.grp_cost <= 0:
            break
        m1 = (st.M >= 1).astype(np.int32)
        best = (-1e-9, None)
        for x in range(prob.R):
            sx = st.seat[x]
            onehot = _onehot_round(sx, t)
            met_at = (m1 @ onehot)[:, sx]  # [p, q]: people p has met at q's table
            fresh = (met_at == m1) & (met_at.T == m1.T)  # neither meets anyone again
            other_visits = st.V - onehot
            no_revisit = ~prob.hard_norev[:, None] | (other_visits[:, sx] == 0)
            ok = (fresh & no_revisit & no_revisit.T & prob.allow[:, sx] & prob.allow[:, sx].T
                  & (sx[:, None] != sx[None, :]) & (grp[:, None] != grp[None, :])
                  & st.single[:, None] & st.single[None, :])
            if not ok.any():
                continue
            # p leaves A (gminus of p's group at A) and joins B; q the other way
            gain = (st.gminus[x, sx, grp][:, None] + st.gplus[x, sx[None, :], grp[:, None]]
                    + st.gplus[x, sx[:, None], grp[None, :]] + st.gminus[x, sx, grp][None, :])
            gain = np.where(ok, gain, np.inf)
            k = int(np.argmin(gain))
            if gain.flat[k] < best[0]:
                best = (gain.flat[k], (x, *divmod(k, n)))
        if best[1] is None:
            break
        x, p, q = best[1]
        A, B = int(st.seat[x, p]), int(st.seat[x, q])
        st.move(x, p, B)
        st.move(x, q, A)
    return st.seat


def _balance_by_relabelling(prob: _Problem, seat: np.ndarray, max_steps: int) -> np.ndarray:
    """Balance groups by exchanging the whole seat sequences of two travellers (steepest descent).

    Two single travellers who may sit at the same tables (same language needs, no history)
    can trade their seats in every round at once: who meets whom is only relabelled, so the
    repeated encounters and revisits stay exactly as they are, while the group counts change.
    This is how a zero-repeat plan (or a catalogued design) gets its groups mixed.
    """
    if prob.R0 or not prob.G:
        return seat
    # a group more than one person off its share counts far more than one outside
    # [floor, ceil] of it: the first is the target, the second only polish
    st = _Search(prob, seat.copy(), None, w_off=0.1)
    n, R = prob.n, prob.R
    grp = prob.grp
    free = st.single.copy()
    same_allow = (prob.allow[:, None, :] == prob.allow[None, :, :]).all(axis=2)
    ok = free[:, None] & free[None, :] & same_allow & (grp[:, None] != grp[None, :])
    ok &= (grp[:, None] < prob.G) | (grp[None, :] < prob.G)
    if not ok.any():
        return seat
    best, best_seat = st.grp_cost, st.seat.copy()
    tabu = np.zeros(n, dtype=np.int64)
    rng = random.Random(n * 31 + R)
    stall = 0
    for step in range(1, max_steps + 1):
        if st.grp_cost <= 1e-9:
            break
        # only travellers at a table whose mix costs something, in some round, are worth moving
        costly = np.zeros(n, dtype=bool)
        for x in range(R):
            costly |= st.gcur[x].sum(axis=1)[st.seat[x]] > 0
        P = np.flatnonzero(costly & free)
        if P.size == 0:
            break
        d = np.zeros((P.size, n))
        for x in range(R):
            sx = st.seat[x]
            t1 = st.gminus[x, sx, grp]  # each leaves their table
            join_p = st.gplus[x][sx[P][:, None], grp[None, :]]  # q's group joins p's table
            join_q = st.gplus[x][sx[None, :], grp[P][:, None]]  # p's group joins q's table
            dx = t1[P][:, None] + t1[None, :] + join_p + join_q
            d += np.where(sx[P][:, None] != sx[None, :], dx, 0.0)
        # tabu: a traveller just exchanged waits a few steps, unless that finds a new best
        free_now = tabu < step
        allowed = ok[P] & ((free_now[P][:, None] & free_now[None, :]) | (st.grp_cost + d < best - 1e-9))
        if stall > 300 or (stall > 60 and best < W_GROUP_VIOLATION):
            break  # no progress for a while, or nobody is more than one off and little more to gain
        if stall and stall % 100 == 0:  # stuck: one random exchange
            d = np.where(allowed, rng.random(), np.inf)
        d = np.where(allowed, d, np.inf)
        low = d.min()
        if not np.isfinite(low):
            break
        cands = np.flatnonzero(d <= low + 1e-9)
        i, q = divmod(int(cands[rng.randrange(cands.size)]), n)
        p = int(P[i])
        for x in range(R):
            A, B = int(st.seat[x, p]), int(st.seat[x, q])
            if A != B:
                st.move(x, p, B)
                st.move(x, q, A)
        tabu[[p, q]] = step + 2 + rng.randrange(max(3, n // 8))
        if st.grp_cost < best - 1e-9:
            best, best_seat, stall = st.grp_cost, st.seat.copy(), 0
        else:
            stall += 1
    return best_seat


def _free_seating(prob: _Problem) -> bool:
    """A fresh plan where every table suits everyone and nobody is kept together."""
    return prob.R0 == 0 and prob.t >= 2 and bool(prob.allow.all()) and len(prob.units) == prob.n


def _relabel_steps(prob: _Problem) -> int:
    """Steps of the relabelling search: each costs about R·n² operations; stay well under 0.1 s."""
    return int(min(100 * prob.t * prob.R, max(20, 4e7 / max(1, prob.R * prob.n**2))))


def _catalogue_plan(prob: _Problem) -> np.ndarray | None:
    """A catalogued zero-repeat design (``cafe.domain.rotation.catalogue``) when the café has exactly its shape.

    With groups, of several designs of the shape the one whose relabelling mixes them best.

    Only for a fresh plan of equal tables where every table or none has a host, nobody is
    kept together and every table suits everyone: then any person can take any point of the
    design.  Hosts take the design's host points; groups are mixed afterwards by relabelling.
    """
    from cafe.domain.rotation.catalogue import designs

    n, t = prob.n, prob.t
    if prob.R0 or not prob.R or n % t or not prob.allow.all() or len(prob.units) != n:
        return None
    if (np.array(prob.hi) != n // t).any():  # then every table seats exactly n / t
        return None
    hosted = prob.fixed >= 0
    if hosted.any() and sorted(prob.fixed[hosted].tolist()) != list(range(t)):
        return None
    order = np.zeros(n, dtype=np.int64)  # design point of each person
    if hosted.any():
        order[hosted] = prob.fixed[hosted]
    order[~hosted] = np.arange(t if hosted.any() else 0, n)
    best = None
    for points in designs(n, t, prob.R, bool(hosted.any())):
        seat = points[:, order]
        if not prob.G:
            return seat
        seat = _balance_by_relabelling(prob, seat, _relabel_steps(prob))
        off = _group_violations(prob, seat)
        if best is None or off < best[0]:
            best = (off, seat)
        if off == 0:
            break
    return None if best is None else best[1]


def _onehot_round(sx: np.ndarray, t: int) -> np.ndarray:
    oh = np.zeros((sx.size, t), dtype=np.int32)
    oh[np.arange(sx.size), sx] = 1
    return oh


def _block_move(st: _Search, x: int, p: int, can: np.ndarray, rng: random.Random) -> None:
    """Try swapping p's keep-together unit with as many single travellers at another table."""
    prob = st.prob
    unit = prob.units[prob.unit_of[p]]
    A = int(st.seat[x, p])
    targets = [T for T in range(prob.t) if T != A and can[unit, T].all()]
    rng.shuffle(targets)
    for B in targets[:4]:
        partners = [q for q in st.members[x][B] if st.single[q] and can[q, A]]
        if len(partners) < len(unit):
            continue
        chosen = rng.sample(partners, len(unit))
        before = st.cost()
        for u in unit:
            st.move(x, u, B)
        for q in chosen:
            st.move(x, q, A)
        if st.cost() <= before + 1e-9:
            return
        for q in chosen:
            st.move(x, q, B)
        for u in unit:
            st.move(x, u, A)


# --------------------------------------------------------------------------------------------
# Public interface


def plan_rounds(
    people: Sequence[Person],
    tables: Sequence[Table],
    rounds: int,
    *,
    history: Sequence[Seating] = (),
    previous: Sequence[Seating] | None = None,
    seed: int = 0,
    effort: float = 1.0,
) -> list[Seating]:
    """Seatings for rounds len(history) .. rounds-1; see the module docstring for how.

    `history`: seatings of the rounds already run (kept; departed people's encounters with
    those still present still count).  `previous`: the plan made before a live change for the
    same future rounds; unaffected people keep their seats where possible.  `effort` scales
    the search budget (the hard constraints hold at any effort).  Deterministic per `seed`.
    Raises ValueError when there are more people than seats.
    """
    if len(history) >= rounds:
        return []
    prob = _Problem(people, tables, rounds, history)
    if prob.n == 0:
        return [{} for _ in range(prob.R)]
    seat = _initial_plan(prob, previous, seed)
    for attempt in range(1, 9):
        if not _hard_violations(prob, seat) or not any(len(u) > 1 for u in prob.units):
            break
        retry = _initial_plan(prob, previous, seed, attempt)
        if _hard_violations(prob, retry) < _hard_violations(prob, seat):
            seat = retry
    if _hard_revisits(prob, seat):
        # the round-by-round start can paint itself into a corner (uneven tables, r = t);
        # the plain cyclic shift never does when every or no table has a host
        safe = _shift_plan(prob)
        if safe is not None and _hard_revisits(prob, safe) < _hard_revisits(prob, seat):
            seat = safe
    previous_seat = None
    if previous is not None:
        previous_seat = np.full((prob.R, prob.n), -1, dtype=np.int64)
        for x in range(min(prob.R, len(previous))):
            for pid, T in previous[x].items():
                i = prob.index.get(pid)
                if i is not None and isinstance(T, (int, np.integer)) and 0 <= T < prob.t:
                    previous_seat[x, i] = T
    budget = max(1, int(_budget(prob, previous is not None) * effort))
    designed = _catalogue_plan(prob) if previous is None else None
    balanced_start = seat
    if designed is not None:
        seat = designed  # zero repeats and no revisits by construction (checked in tests)
    else:
        if prob.G and previous is None:
            # start from groups mixed as well as relabelling can: the design's rounds are
            # built without regard to groups (one of them seats whole rows together)
            seat = _balance_by_relabelling(prob, seat, _relabel_steps(prob))
        balanced_start = seat.copy()
        tabu_seat = None
        if previous is None and _free_seating(prob) and prob.R <= prob.t and _repeats(prob, seat) > 0:
            # anyone may take anyone's seat: the designs' search (every swap of every round
            # weighed at once) removes repeats far better than the general one below
            from cafe.domain.rotation.catalogue import improve

            steps = max(1, int(min(2000, max(50, 2e7 / (prob.R * prob.n**2))) * effort))
            alt, _ = improve(seat, prob.t, prob.fixed < 0, None, None, steps, seed)
            if not _hard_violations(prob, alt):
                tabu_seat = alt
        if tabu_seat is not None:
            seat = tabu_seat
        else:
            seat = _search(prob, seat, previous_seat, seed, budget)
    if _hard_violations(prob, seat):
        # the hard constraints hold at any effort: solve them exactly, then polish (every swap
        # of the search keeps them)
        exact = _exact_hard(prob, seat)
        if exact is not None and _hard_violations(prob, exact) < _hard_violations(prob, seat):
            seat = _search(prob, exact, previous_seat, seed, budget)
    if prob.G and previous is None:
        # repeats come before groups (the priorities 2 and 3).  The weighted search
        # can trade a repeat for balance; when it leaves repeats, search again ignoring
        # groups, and balance those by swaps that add no repeat if that reaches zero
        free = _free_seating(prob)
        if (not free and 0 < _repeats(prob, seat) <= prob.n // 2
                and _zero_repeats_possible(prob)):
            alt = _search(prob, seat.copy(), None, seed + 1, budget // 2, w_groups=0.0)
            if _repeats(prob, alt) == 0:
                seat = alt
        seat = _balance_by_relabelling(prob, seat, _relabel_steps(prob))
        if _group_violations(prob, seat) and free:
            # swaps within rounds that weigh a group off its share like repeats (the designs'
            # search).  A plan without repeats keeps them: balance only where that costs
            # none.  Otherwise balance comes first (the target): search again from
            # the balanced start with a group off its share weighing three repeats
            from cafe.domain.rotation.catalogue import improve

            # about 0.4 s at most
            steps = max(1, int(min(2500, max(20, 2.5e7 / (prob.R * prob.n**2))) * effort))
            movable = prob.fixed < 0
            if _repeats(prob, seat) == 0:
                alt, _ = improve(seat, prob.t, movable, prob.grp, prob.group_frac, steps, seed)
                if (_repeats(prob, alt) == 0 and not _hard_violations(prob, alt)
                        and _group_violations(prob, alt) < _group_violations(prob, seat)):
                    seat = alt
            else:
                alt, _ = improve(balanced_start, prob.t, movable, prob.grp, prob.group_frac,
                                 steps, seed + 1, w_groups=3)
                if not _hard_violations(prob, alt) and (
                        (_group_violations(prob, alt), _repeats(prob, alt))
                        < (_group_violations(prob, seat), _repeats(prob, seat))):
                    seat = alt
        if _group_violations(prob, seat) and not free:
            # a group more than one person off its share is as bad as it gets for mixing
            # (the target): search again with balance weighted above repeats
            start = seat if designed is not None else balanced_start
            alt = _search(prob, start.copy(), None, seed + 2, budget // 2, w_groups=25.0)
            alt = _balance_by_relabelling(prob, alt, _relabel_steps(prob))
            # ... but never at the price of a plan that had no repeat at all
            zero_kept = _repeats(prob, alt) == 0 or _repeats(prob, seat) > 0
            if zero_kept and _group_violations(prob, alt) < _group_violations(prob, seat):
                seat = alt
        if _repeats(prob, seat) == 0:
            seat = _repair_groups(prob, seat, 20 * prob.t * prob.R)
    return [{prob.ids[i]: int(seat[x, i]) for i in range(prob.n)} for x in range(prob.R)]


def _zero_repeats_possible(prob: _Problem) -> bool:
    """False when counting alone forces a repeat: more seats at a table than tables (from the
    second round on), or more people to meet than there are others."""
    rounds = prob.R0 + prob.R
    if rounds >= 2 and max(prob.hi) > prob.t:
        return False
    return rounds * (min(prob.lo) - 1) <= prob.n - 1


def _group_violations(prob: _Problem, seat: np.ndarray) -> int:
    """(round, table, group) triples where a group is more than one person off its share."""
    bad = 0
    for x in range(prob.R):
        sizes = np.bincount(seat[x], minlength=prob.t)
        counts = np.zeros((prob.t, prob.G + 1))
        np.add.at(counts, (seat[x], prob.grp), 1)
        share = sizes[:, None] * prob.group_frac[None, :]
        bad += int((np.abs(counts[:, : prob.G] - share) > 1 + 1e-9).sum())
    return bad


def _repeats(prob: _Problem, seat: np.ndarray) -> int:
    """Repeated encounters of a plan, history included."""
    M = prob.M.copy()
    for x in range(prob.R):
        same = seat[x][:, None] == seat[x][None, :]
        np.fill_diagonal(same, False)
        M += same
    return int(np.maximum(M - 1, 0).sum() // 2)


def _exact_hard(prob: _Problem, seat: np.ndarray) -> np.ndarray | None:
    """A plan meeting every hard constraint, as close to `seat` as possible, by integer programming.

    The fallback for small cafés where languages, keep-together units and the no-revisit rule
    leave so little room that the round-by-round start and the swaps cannot find a way.
    None when no such plan exists (or the solver gives up).
    """
    t, R = prob.t, prob.R
    units = [u for u in prob.units if prob.fixed[u[0]] < 0]
    fixed_load = np.zeros((R, t))
    for i in np.flatnonzero(prob.fixed >= 0):
        fixed_load[:, prob.fixed[i]] += 1
    var = []  # (unit index, table, round)
    for k, u in enumerate(units):
        allowed = prob.allow[u].all(axis=0)
        if prob.hard_norev[u[0]]:
            allowed &= prob.V[u[0]] == 0
        var += [(k, T, x) for x in range(R) for T in np.flatnonzero(allowed)]
    if not var or len(var) > 20000:
        return None
    rows, cols, vals, lo, hi = [], [], [], [], []

    def constraint(entries, low, high):
        for col, val in entries:
            rows.append(len(lo))
            cols.append(col)
            vals.append(val)
        lo.append(low)
        hi.append(high)

    by_unit_round: dict = {}
    by_table_round: dict = {}
    by_unit_table: dict = {}
    for col, (k, T, x) in enumerate(var):
        by_unit_round.setdefault((k, x), []).append((col, 1))
        by_table_round.setdefault((T, x), []).append((col, len(units[k])))
        by_unit_table.setdefault((k, T), []).append((col, 1))
    for k in range(len(units)):
        for x in range(R):
            constraint(by_unit_round.get((k, x), []), 1, 1)
    for T in range(t):
        for x in range(R):
            constraint(by_table_round.get((T, x), []), prob.lo[T] - fixed_load[x, T], prob.hi[T] - fixed_load[x, T])
    for (k, T), entries in by_unit_table.items():
        if prob.hard_norev[units[k][0]]:
            constraint(entries, 0, 1)
    A = coo_matrix((vals, (rows, cols)), shape=(len(lo), len(var)))
    stay = np.array([-1.0 if seat[x, units[k][0]] == T else 0.0 for k, T, x in var])
    res = milp(stay, constraints=LinearConstraint(A, lo, hi), integrality=np.ones(len(var)),
               bounds=Bounds(0, 1), options={"time_limit": 2.0})
    if res.x is None:
        return None
    out = seat.copy()
    for col in np.flatnonzero(res.x > 0.5):
        k, T, x = var[col]
        out[x, units[k]] = T
    return out


def _hard_violations(prob: _Problem, seat: np.ndarray) -> int:
    """Forced revisits plus people seated where their language is not spoken."""
    wrong_language = sum(int((~prob.allow[np.arange(prob.n), seat[x]]).sum()) for x in range(prob.R))
    return _hard_revisits(prob, seat) + wrong_language


def _hard_revisits(prob: _Problem, seat: np.ndarray) -> int:
    V = prob.V.copy()
    for x in range(prob.R):
        np.add.at(V, (np.arange(prob.n), seat[x]), 1)
    return int((np.maximum(V - 1, 0).sum(axis=1) * prob.hard_norev).sum())


def _shift_plan(prob: _Problem) -> np.ndarray | None:
    """Every unit moves one table on per round from a balanced column; None if unsuitable."""
    n, t = prob.n, prob.t
    if not prob.allow.all():
        return None
    load = np.zeros(t, dtype=np.int64)
    for i in range(n):
        if prob.fixed[i] >= 0:
            load[prob.fixed[i]] += 1
    col = np.full(n, -1, dtype=np.int64)
    units = sorted((u for u in prob.units if prob.fixed[u[0]] < 0), key=lambda u: -len(u))
    for u in units:
        c = int(np.argmin(load))
        col[u] = c
        load[c] += len(u)
    seat = np.zeros((prob.R, n), dtype=np.int64)
    for x in range(prob.R):
        j = prob.R0 + x
        seat[x] = np.where(prob.fixed >= 0, prob.fixed, (col + j) % t)
        sizes = np.bincount(seat[x], minlength=t)
        if (sizes > np.array(prob.hi)).any() or (sizes < np.array(prob.lo)).any():
            return None
    return seat


def _budget(prob: _Problem, replan: bool) -> int:
    """Search iterations: enough for the hard grid cases, bounded to stay well under a second."""
    work = prob.n * max(prob.R, 1)
    # (3000 iterations on small cafés used to cost over a second for repeats within noise)
    base = int(min(1500, max(800, 300_000 / max(work, 1))))
    return max(150, base // 20) if replan else base


def seat_late_arrival(
    person: Person,
    people: Sequence[Person],
    tables: Sequence[Table],
    seating: Seating,
    history: Sequence[Seating] = (),
) -> int:
    """Table index for a newcomer: the emptiest suitable table, preferring strangers and mixing."""
    if not tables:
        raise ValueError("no tables")
    if person.host_of is not None and 0 <= person.host_of < len(tables):
        return person.host_of
    by_id = {p.id: p for p in people}
    size = [0] * len(tables)
    known = [0] * len(tables)
    same_group = [0] * len(tables)
    together_at = None
    met = set()
    for past in history:
        mine = past.get(person.id)
        if mine is not None:
            met.update(pid for pid, T in past.items() if T == mine and pid != person.id)
    for pid, T in seating.items():
        if pid == person.id or not (isinstance(T, (int, np.integer)) and 0 <= T < len(tables)):
            continue
        size[T] += 1
        known[T] += pid in met
        other = by_id.get(pid)
        if other is not None:
            if person.group is not None and other.group == person.group:
                same_group[T] += 1
            if person.together is not None and other.together == person.together:
                together_at = T
    if together_at is not None:
        return together_at

    def suitable(T: int) -> bool:
        tb = tables[T]
        lang_ok = tb.languages is None or person.language is None or person.language in tb.languages
        return lang_ok and (tb.capacity is None or size[T] < tb.capacity)

    candidates = [T for T in range(len(tables)) if suitable(T)]
    if not candidates:
        candidates = [T for T in range(len(tables)) if tables[T].capacity is None or size[T] < tables[T].capacity]
    if not candidates:
        raise ValueError("no free seat for the newcomer")
    return min(candidates, key=lambda T: (size[T], known[T], same_group[T], T))


@dataclass(frozen=True)
class RoundQuality:
    """Figures for one round, shown to the facilitator before a rotation is confirmed."""

    min_new: int
    mean_new: float
    bound: int
    repeated_pairs: int
    max_group_deviation: float
    groups_balanced: bool
    table_sizes: tuple[int, ...]


def _encounters(history: Sequence[Seating]) -> set[frozenset]:
    met: set[frozenset] = set()
    for seating in history:
        for members in _by_table(seating).values():
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    met.add(frozenset((a, b)))
    return met


def _by_table(seating: Seating) -> dict:
    tabs: dict = {}
    for pid, T in seating.items():
        tabs.setdefault(T, []).append(pid)
    return tabs


def _group_deviation(people: Sequence[Person], seating: Seating) -> float:
    groups = {p.id: p.group for p in people}
    present = [pid for pid in seating if pid in groups]
    n = len(present)
    totals: dict = {}
    for pid in present:
        if groups[pid] is not None:
            totals[groups[pid]] = totals.get(groups[pid], 0) + 1
    worst = 0.0
    for members in _by_table({pid: seating[pid] for pid in present}).values():
        for g, total in totals.items():
            count = sum(groups[pid] == g for pid in members)
            worst = max(worst, abs(count - len(members) * total / n))
    return worst


def assess_round(people, tables, history: Sequence[Seating], seating: Seating) -> RoundQuality:
    """Figures for the coming round: new people met, repeats, group balance, table sizes."""
    met = _encounters(history)
    tabs = _by_table(seating)
    new_counts = []
    repeated = 0
    for members in tabs.values():
        for a in members:
            new_counts.append(sum(1 for b in members if b != a and frozenset((a, b)) not in met))
        for i, a in enumerate(members):
            repeated += sum(1 for b in members[i + 1 :] if frozenset((a, b)) in met)
    sizes = tuple(len(tabs.get(T, ())) for T in range(len(tables)))
    occupied = [s for s in sizes if s] or [len(m) for m in tabs.values()] or [0]
    dev = _group_deviation(people, seating)
    return RoundQuality(
        min_new=min(new_counts) if new_counts else 0,
        mean_new=sum(new_counts) / len(new_counts) if new_counts else 0.0,
        bound=max(0, min(occupied) - 1),
        repeated_pairs=repeated,
        max_group_deviation=round(dev, 3),
        groups_balanced=dev <= 1 + 1e-9,
        table_sizes=sizes,
    )


@dataclass(frozen=True)
class PlanQuality:
    """Figures for a whole plan (history plus planned rounds)."""

    repeated_pairs: int  # extra meetings of pairs who already met, summed over all pairs
    worst_person_repeats: int  # the same, for the person with the most
    mean_met: float  # different people met per person
    min_met: int
    bound: int  # min(r·(k-1), n-1) with k the smallest table size
    at_bound: bool  # everyone met as many different people as their tables allowed
    revisits: int  # traveller visits to a table they had already sat at
    size_spread: int  # largest minus smallest table size in any round
    max_group_deviation: float
    groups_balanced: bool
    seconds: float = 0.0


def assess_plan(people: Sequence[Person], tables: Sequence[Table], seatings: Sequence[Seating], seconds: float = 0.0) -> PlanQuality:
    """Quality figures of a whole plan: repeats, people met against the bound, revisits, balance."""
    ids = [p.id for p in people]
    hosts = {p.id for p in people if p.host_of is not None}
    meet: dict = {pid: {} for pid in ids}
    visits: dict = {pid: {} for pid in ids}
    potential = {pid: 0 for pid in ids}
    spread = 0
    dev = 0.0
    min_size = None
    for seating in seatings:
        tabs = _by_table(seating)
        sizes = [len(tabs.get(T, ())) for T in range(len(tables))]
        spread = max(spread, max(sizes) - min(sizes) if sizes else 0)
        occupied = [s for s in sizes if s]
        if occupied:
            min_size = min(occupied) if min_size is None else min(min_size, min(occupied))
        dev = max(dev, _group_deviation(people, seating))
        for T, members in tabs.items():
            for a in members:
                if a not in meet:
                    continue
                potential[a] += len(members) - 1
                visits[a][T] = visits[a].get(T, 0) + 1
                for b in members:
                    if b != a:
                        meet[a][b] = meet[a].get(b, 0) + 1
    n = len(ids)
    per_rep = {a: sum(c - 1 for c in meet[a].values()) for a in ids}
    met = [len(meet[a]) for a in ids]
    revisits = sum(c - 1 for a in ids if a not in hosts for c in visits[a].values())
    k = min_size or 0
    bound = min(len(seatings) * max(k - 1, 0), max(n - 1, 0))
    at_bound = all(len(meet[a]) >= min(potential[a], n - 1) for a in ids)
    return PlanQuality(
        repeated_pairs=sum(per_rep.values()) // 2,
        worst_person_repeats=max(per_rep.values(), default=0),
        mean_met=sum(met) / n if n else 0.0,
        min_met=min(met, default=0),
        bound=bound,
        at_bound=at_bound,
        revisits=revisits,
        size_spread=spread,
        max_group_deviation=round(dev, 3),
        groups_balanced=dev <= 1 + 1e-9,
        seconds=seconds,
    )


# --------------------------------------------------------------------------------------------
# Command line


def _parse_groups(spec: str | None, n: int) -> list[str | None]:
    groups: list[str | None] = []
    if spec:
        for part in spec.split(","):
            name, _, count = part.partition(":")
            groups.extend([name.strip()] * int(count))
    return (groups + [None] * n)[:n]


def build_cafe(n: int, t: int, hosts: bool = False, groups: str | None = None) -> tuple[list[Person], list[Table]]:
    """People and tables as the command line describes them: hosts 0..t-1, groups in order."""
    names = _parse_groups(groups, n)
    people = [Person(id=i, group=names[i], host_of=i if hosts and i < t else None) for i in range(n)]
    return people, [Table() for _ in range(t)]


def main(argv: Sequence[str] | None = None) -> int:
    """Plan a café on paper: print the seating chart and its quality figures (or JSON)."""
    ap = argparse.ArgumentParser(prog="python -m cafe.domain.rotation", description=main.__doc__)
    ap.add_argument("--people", type=int, required=True)
    ap.add_argument("--tables", type=int, required=True)
    ap.add_argument("--rounds", type=int, required=True)
    ap.add_argument("--hosts", action="store_true", help="persons 0..t-1 host tables 0..t-1")
    ap.add_argument("--groups", help="name:count,... assigned to persons in order")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    people, tables = build_cafe(args.people, args.tables, args.hosts, args.groups)
    start = time.perf_counter()
    plan = plan_rounds(people, tables, args.rounds, seed=args.seed)
    seconds = time.perf_counter() - start
    if args.json:
        out = {
            "rounds": [[s[p.id] for p in people] for s in plan],
            "hosts": [next((p.id for p in people if p.host_of == T), None) for T in range(args.tables)],
            "groups": [p.group for p in people],
        }
        print(json.dumps(out))
        return 0
    label = {p.id: f"{p.id}{'*' if p.host_of is not None else ''}{'/' + p.group[:3] if p.group else ''}" for p in people}
    for r, seating in enumerate(plan):
        print(f"Round {r + 1}")
        tabs = _by_table(seating)
        for T in range(args.tables):
            print(f"  table {T:>2}: " + " ".join(label[pid] for pid in sorted(tabs.get(T, []))))
    q = assess_plan(people, tables, plan, seconds)
    print()
    print("* host" if args.hosts else "", end="\n" if args.hosts else "")
    print(f"repeated pairs: {q.repeated_pairs} (worst-off person: {q.worst_person_repeats})")
    print(f"different people met: mean {q.mean_met:.2f}, min {q.min_met}, bound {q.bound}"
          f"{' (at the bound)' if q.at_bound else ''}")
    print(f"table revisits: {q.revisits}")
    print(f"table size spread: {q.size_spread}")
    print(f"worst group deviation: {q.max_group_deviation:.2f} person"
          f"{' (balanced)' if q.groups_balanced else ' (NOT within one person)'}")
    print(f"seconds: {q.seconds:.3f}")
    return 0

