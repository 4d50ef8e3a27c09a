"""The constructive start: lay travellers out on the lines of a resolvable design, then map lines to tables."""
from __future__ import annotations

import random

import numpy as np

from cafe.domain.rotation.assignment import linear_sum_assignment
from cafe.domain.rotation.fields import _arithmetic, _difference_rows, _multipliers
from cafe.domain.rotation.problem import (
    _FORBIDDEN,
    _FORBIDDEN_REVISIT,
    _MANDATORY,
    W_REVISIT,
    _Problem,
)


def _host_columns(prob: _Problem) -> dict[int, int]:
    """Table of each hosted table's (first) host."""
    host_cols: dict[int, int] = {}
    for i in range(prob.n):
        if prob.fixed[i] >= 0 and prob.people[i].host_of is not None:
            host_cols.setdefault(int(prob.fixed[i]), i)
    return host_cols


def _travellers_in_rows(prob: _Problem) -> list[int]:
    """Travellers in the order they fill the rows of the design grid.

    A row sends one person to every line, so a row of one group adds exactly one of it to
    every table: fill whole rows with one group each, then the rows left with what remains
    of each group (a table then gets its group's whole rows plus at most one per such row).
    """
    t = prob.t
    travellers = [i for i in range(prob.n) if prob.fixed[i] < 0]
    rank = np.zeros(prob.n, dtype=np.int64)  # 1: left over after the group's whole rows
    for g in range(prob.G + 1):
        members = [i for i in travellers if prob.grp[i] == g]
        rank[members[len(members) // t * t:]] = 1
    travellers.sort(key=lambda i: (rank[i], prob.grp[i], i))
    return travellers


def _design_lines(prob: _Problem) -> tuple[np.ndarray, np.ndarray]:
    """Line of each person in each future round, and whether the line is pinned to a table."""
    n, t, R = prob.n, prob.t, prob.R
    rounds = prob.R0 + R
    add, mul, field = _arithmetic(t)
    host_cols = _host_columns(prob)
    travellers = _travellers_in_rows(prob)
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
        desired = _desired_seats(prob, previous)
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
        scarce = _scarce_tables(prob, can)
        for u in blocks:
            T = _block_table(prob, u, can, count, want, scarce, attempt, rng)
            seat[x, u] = T
            count[T] += len(u)
            placed[u] = True
        free = np.flatnonzero(~placed)
        if free.size:
            seat[x, free] = _seat_singles(prob, free, can, count, want, V, rng)
        np.add.at(V, (np.arange(n), seat[x]), 1)
    return seat


def _desired_seats(prob: _Problem, previous) -> np.ndarray:
    """Each person's table in the previous plan, round by round (-1: none)."""
    t = prob.t
    desired = np.full((prob.R, prob.n), -1, dtype=np.int64)
    for x in range(min(prob.R, len(previous))):
        for pid, T in previous[x].items():
            i = prob.index.get(pid)
            if i is not None and isinstance(T, (int, np.integer)) and 0 <= T < t:
                desired[x, i] = T
    return desired


def _scarce_tables(prob: _Problem, can: np.ndarray) -> np.ndarray:
    """How much people with a language need rely on each table they have not yet visited.

    Such tables are scarce: a keep-together unit taking one could force such a person to
    revisit a table.
    """
    restricted = [i for i in range(prob.n) if prob.fixed[i] < 0 and not prob.allow[i].all()
                  and len(prob.units[prob.unit_of[i]]) == 1]
    scarce = np.zeros(prob.t)
    for i in restricted:
        scarce += can[i] / max(1, can[i].sum())
    return scarce


def _block_table(prob: _Problem, u: list[int], can: np.ndarray, count: np.ndarray, want: np.ndarray,
                 scarce: np.ndarray, attempt: int, rng: random.Random) -> int:
    """The table for keep-together unit u in this round."""
    t = prob.t
    room = np.array(prob.hi) - count
    ok = can[u].all(axis=0) & (room >= len(u))
    first = want[u[0]]
    if ok.any() and (scarce.any() or attempt):
        noise = np.array([rng.random() for _ in range(t)]) * 0.3 * attempt
        return int(np.argmin(np.where(ok, scarce + noise - 1e-3 * (np.arange(t) == first), np.inf)))
    if first >= 0 and ok[first]:
        return first
    if ok.any():
        return int(np.argmax(np.where(ok, room * 1000 - prob.M[u][:, :].sum() * 0, -1e9)))
    return int(np.argmax(room))


def _seat_singles(prob: _Problem, free: np.ndarray, can: np.ndarray, count: np.ndarray, want: np.ndarray,
                  V: np.ndarray, rng: random.Random) -> np.ndarray:
    """Tables of the people not yet placed in this round, by one assignment problem."""
    seats_T, seat_cost = _open_seats(prob, count, free.size)
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
    out = np.empty(free.size, dtype=np.int64)
    out[r_ind] = seats_T[c_ind]
    return out


def _open_seats(prob: _Problem, count: np.ndarray, needed: int) -> tuple[np.ndarray, list[float]]:
    """The seats left at each table and what leaving them empty costs (mandatory seats first)."""
    t = prob.t
    seats_T = []
    seat_cost = []
    for T in range(t):
        extra = max(0, prob.hi[T] - count[T])
        mandatory = max(0, prob.lo[T] - count[T])
        for s in range(extra):
            seats_T.append(T)
            seat_cost.append(_MANDATORY if s < mandatory else 0.0)
    seats_T = np.array(seats_T, dtype=np.int64)
    if seats_T.size < needed:  # capacities exhausted by blocks: let it overflow
        more = np.repeat(np.arange(t), -(-(needed - seats_T.size) // t) + 1)
        seats_T = np.concatenate([seats_T, more])
        seat_cost = seat_cost + [1e5] * more.size
    return seats_T, seat_cost
