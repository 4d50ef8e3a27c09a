"""plan_rounds: the constructive start, the catalogue or the search, then the groups mixed by relabelling."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from cafe.domain.rotation.construction import _initial_plan
from cafe.domain.rotation.problem import Person, Seating, Table, _Problem
from cafe.domain.rotation.mixing import _balance_by_relabelling, _repair_groups
from cafe.domain.rotation.search import _search


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
    """Seatings for rounds len(history) .. rounds-1; see the package docstring for how.

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
    seat = _constructive_start(prob, previous, seed)
    previous_seat = _previous_seats(prob, previous)
    budget = max(1, int(_budget(prob, previous is not None) * effort))
    designed = _catalogue_plan(prob) if previous is None else None
    if designed is not None:
        balanced_start, seat = seat, designed  # zero repeats, no revisits by construction (tests)
    else:
        seat, balanced_start = _searched(prob, seat, previous, previous_seat, seed, budget, effort)
    if _hard_violations(prob, seat):
        # the hard constraints hold at any effort: solve them exactly, then polish (every swap
        # of the search keeps them)
        exact = _exact_hard(prob, seat)
        if exact is not None and _hard_violations(prob, exact) < _hard_violations(prob, seat):
            seat = _search(prob, exact, previous_seat, seed, budget)
    if prob.G and previous is None:
        seat = _mix_groups(prob, seat, balanced_start, designed is not None, seed, budget, effort)
    return [{prob.ids[i]: int(seat[x, i]) for i in range(prob.n)} for x in range(prob.R)]


def _constructive_start(prob: _Problem, previous, seed: int) -> np.ndarray:
    """The design's start, retried for keep-together units, or the plain shift if it revisits less."""
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
    return seat


def _previous_seats(prob: _Problem, previous) -> np.ndarray | None:
    """The plan made before a live change as an (R, n) array of tables, -1 where unknown."""
    if previous is None:
        return None
    previous_seat = np.full((prob.R, prob.n), -1, dtype=np.int64)
    for x in range(min(prob.R, len(previous))):
        for pid, T in previous[x].items():
            i = prob.index.get(pid)
            if i is not None and isinstance(T, (int, np.integer)) and 0 <= T < prob.t:
                previous_seat[x, i] = T
    return previous_seat


def _searched(prob: _Problem, seat, previous, previous_seat, seed: int, budget: int,
              effort: float) -> tuple[np.ndarray, np.ndarray]:
    """The searched plan, and the group-balanced start it came from."""
    if prob.G and previous is None:
        # start from groups mixed as well as relabelling can: the design's rounds are
        # built without regard to groups (one of them seats whole rows together)
        seat = _balance_by_relabelling(prob, seat, _relabel_steps(prob))
    balanced_start = seat.copy()
    tabu_seat = None
    if previous is None and _free_seating(prob) and prob.R <= prob.t and _repeats(prob, seat) > 0:
        # anyone may take anyone's seat: the designs' search (every swap of every round
        # weighed at once) removes repeats far better than the general one below
        from cafe.domain.rotation.tabu import improve

        steps = max(1, int(min(2000, max(50, 2e7 / (prob.R * prob.n**2))) * effort))
        alt, _ = improve(seat, prob.t, prob.fixed < 0, None, None, steps, seed)
        if not _hard_violations(prob, alt):
            tabu_seat = alt
    if tabu_seat is not None:
        return tabu_seat, balanced_start
    return _search(prob, seat, previous_seat, seed, budget), balanced_start


def _mix_groups(prob: _Problem, seat, balanced_start, designed: bool, seed: int, budget: int,
                effort: float) -> np.ndarray:
    """Groups mixed at every table, repeats first (the issue's priorities 2 and 3)."""
    # The weighted search can trade a repeat for balance; when it leaves repeats, search again
    # ignoring groups, and balance those by swaps that add no repeat if that reaches zero
    free = _free_seating(prob)
    if (not free and 0 < _repeats(prob, seat) <= prob.n // 2
            and _zero_repeats_possible(prob)):
        alt = _search(prob, seat.copy(), None, seed + 1, budget // 2, w_groups=0.0)
        if _repeats(prob, alt) == 0:
            seat = alt
    seat = _balance_by_relabelling(prob, seat, _relabel_steps(prob))
    if _group_violations(prob, seat) and free:
        seat = _balance_freely(prob, seat, balanced_start, seed, effort)
    if _group_violations(prob, seat) and not free:
        # a group more than one person off its share is as bad as it gets for mixing
        # (the target): search again with balance weighted above repeats
        start = seat if designed else balanced_start
        alt = _search(prob, start.copy(), None, seed + 2, budget // 2, w_groups=25.0)
        alt = _balance_by_relabelling(prob, alt, _relabel_steps(prob))
        # ... but never at the price of a plan that had no repeat at all
        zero_kept = _repeats(prob, alt) == 0 or _repeats(prob, seat) > 0
        if zero_kept and _group_violations(prob, alt) < _group_violations(prob, seat):
            seat = alt
    if _repeats(prob, seat) == 0:
        seat = _repair_groups(prob, seat, 20 * prob.t * prob.R)
    return seat


def _balance_freely(prob: _Problem, seat, balanced_start, seed: int, effort: float) -> np.ndarray:
    """Where anyone may sit anywhere: swaps within rounds that weigh a group off its share like repeats.

    A plan without repeats keeps them: balance only where that costs none.  Otherwise balance
    comes first (the issue's target): search again from the balanced start with a group off its
    share weighing three repeats (the designs' search).
    """
    from cafe.domain.rotation.tabu import improve

    # about 0.4 s at most
    steps = max(1, int(min(2500, max(20, 2.5e7 / (prob.R * prob.n**2))) * effort))
    movable = prob.fixed < 0
    if _repeats(prob, seat) == 0:
        alt, _ = improve(seat, prob.t, movable, prob.grp, prob.group_frac, steps, seed)
        if (_repeats(prob, alt) == 0 and not _hard_violations(prob, alt)
                and _group_violations(prob, alt) < _group_violations(prob, seat)):
            return alt
        return seat
    alt, _ = improve(balanced_start, prob.t, movable, prob.grp, prob.group_frac,
                     steps, seed + 1, w_groups=3)
    if not _hard_violations(prob, alt) and (
            (_group_violations(prob, alt), _repeats(prob, alt))
            < (_group_violations(prob, seat), _repeats(prob, seat))):
        return alt
    return seat


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
    # imported here: only the rare café that needs it pays for scipy.optimize's milp
    from scipy.optimize import Bounds, LinearConstraint, milp

    units = [u for u in prob.units if prob.fixed[u[0]] < 0]
    var = _unit_table_round_vars(prob, units)
    if not var or len(var) > 20000:
        return None
    A, lo, hi = _hard_constraint_rows(prob, units, var)
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


def _unit_table_round_vars(prob: _Problem, units: list[list[int]]) -> list[tuple[int, int, int]]:
    """The 0/1 variables "unit k sits at table T in round x", for the tables each unit may take."""
    var = []  # (unit index, table, round)
    for k, u in enumerate(units):
        allowed = prob.allow[u].all(axis=0)
        if prob.hard_norev[u[0]]:
            allowed &= prob.V[u[0]] == 0
        var += [(k, T, x) for x in range(prob.R) for T in np.flatnonzero(allowed)]
    return var


def _hard_constraint_rows(prob: _Problem, units: list[list[int]], var: list[tuple[int, int, int]]):
    """Sparse matrix and bounds: each unit at one table a round, table sizes, no revisits."""
    from scipy.sparse import coo_matrix

    t, R = prob.t, prob.R
    fixed_load = np.zeros((R, t))
    for i in np.flatnonzero(prob.fixed >= 0):
        fixed_load[:, prob.fixed[i]] += 1
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
    return coo_matrix((vals, (rows, cols)), shape=(len(lo), len(var))), lo, hi


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
