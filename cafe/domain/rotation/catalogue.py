"""Zero-repeat seating designs the live planner cannot construct or find in a second.

A *design* for n people at t tables over r rounds lists, for every round, the table of each
point 0..n-1.  In a design here no two points share a table twice, every table seats n / t
points every round, and - when r <= t - no point sits at the same table twice.  With hosts,
points 0..t-1 host tables 0..t-1 in every round.  The planner (``cafe.domain.rotation``) maps people
onto points when a café has exactly such a shape.

Most shapes need no entry: the planner's constructive start (GF(t) lines, or searched shifts in
Z_t) already gives zero repeats.  The catalogue holds the rest; ``tests/test_designs.py`` checks
every entry.  This module also holds :func:`improve`, the conflict-directed tabu search over swaps
of two points within a round (after I. Dotú and P. Van Hentenryck, "Scheduling social golfers
locally", CPAIOR 2005) that the planner runs when its start leaves repeats.
"""

from __future__ import annotations

import random

import numpy as np

__all__ = ["CATALOGUE", "designs", "verify", "improve", "encode", "decode", "entry"]

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"

# (people, tables, rounds, hosts, variant) -> rounds separated by "/", one base-36 table digit
# a point.  Several variants of a shape would give the planner a choice when it mixes a café's
# groups (which points form the groups is all that differs per café).
CATALOGUE: dict[tuple[int, int, int, bool, int], str] = {
    # 8 tables of 4 for 10 rounds, the original Social Golfer instance: printed by
    # ``python -m tools.golfer_8_4_10`` (a SAT model with a symmetry of order 8; see there)
    (32, 8, 10, False, 0): (
        "01203453106143746027735621655472"
        "/01231045421624076613770533265547"
        "/01234215653273510772466164437005"
        "/01234532260437402177356606554711"
        "/00123345665477217140641335260257"
        "/01123445266057734725165274036130"
        "/01223455436610773573026017514624"
        "/01233450654772161406413752602573"
        "/01213141354505256364606270727374"
        "/01020304535451522636461647172737"
    ),
}


def encode(seat: np.ndarray) -> str:
    return "/".join("".join(_DIGITS[int(T)] for T in row) for row in seat)


def entry(n: int, t: int, R: int, hosts: bool, seat: np.ndarray, variant: int = 0) -> str:
    """The catalogue line of a design: one string a round, "/" between rounds."""
    rows = encode(seat).split("/")
    body = "\n".join(f'        "{"/" if x else ""}{row}"' for x, row in enumerate(rows))
    return f"    ({n}, {t}, {R}, {hosts}, {variant}): (\n{body}\n    ),"


def decode(text: str) -> np.ndarray:
    return np.array([[_DIGITS.index(c) for c in row] for row in text.split("/")], dtype=np.int64)


def verify(seat: np.ndarray, t: int, hosts: bool) -> list[str]:
    """Everything wrong with a design (empty when it is a zero-repeat design)."""
    problems = []
    R, n = seat.shape
    if n % t:
        problems.append("tables of unequal size")
    for x in range(R):
        sizes = np.bincount(seat[x], minlength=t)
        if len(sizes) != t or (sizes != n // t).any():
            problems.append(f"round {x}: table sizes {sizes.tolist()}")
        if hosts and (seat[x, :t] != np.arange(t)).any():
            problems.append(f"round {x}: a host left their table")
    meet = np.zeros((n, n), dtype=np.int64)
    for x in range(R):
        meet += seat[x][:, None] == seat[x][None, :]
    np.fill_diagonal(meet, 0)
    if (meet > 1).any():
        problems.append(f"{int((meet > 1).sum()) // 2} pairs meet twice")
    if R <= t:
        travellers = range(t if hosts else 0, n)
        if any(len(set(seat[:, i].tolist())) < R for i in travellers):
            problems.append("a traveller revisits a table")
    return problems


def designs(n: int, t: int, rounds: int, hosts: bool) -> list[np.ndarray]:
    """Catalogued designs with at least `rounds` rounds (their first `rounds`), shortest first.

    Only those whose first rounds are a design themselves: with rounds <= t nobody may revisit a
    table, which a longer design (where revisits are unavoidable) need not respect early on.
    """
    fits = sorted((r2, v) for (n2, t2, r2, h2, v) in CATALOGUE
                  if (n2, t2, h2) == (n, t, hosts) and r2 >= rounds)
    found = [decode(CATALOGUE[(n, t, r2, hosts, v)])[:rounds] for r2, v in fits]
    return [seat for seat in found if not verify(seat, t, hosts)]


# --------------------------------------------------------------------------------------------
# The search


def improve(seat: np.ndarray, t: int, movable: np.ndarray, groups: np.ndarray | None,
            frac: np.ndarray | None, iterations: int, seed: int = 0,
            w_groups: int = 1) -> tuple[np.ndarray, int]:
    """Remove repeats (and revisits, and groups off their share) by swaps within rounds.

    Every swap of two movable people in every round is weighed at once (numpy); the best one
    not tabu is made, with a random perturbation when the cost stalls.  Hosts stay.
    `groups[i]` is person i's group index (len(frac) for none) and `frac` each group's share
    of the room; a table then also costs how far each group's count falls outside share ± 1,
    times `w_groups`.
    Returns the best plan found and its cost (0: no repeat, no revisit, groups within one).
    """
    rng = random.Random(seed)
    R = seat.shape[0]
    # a revisit weighs more than a repeat here: the planner must not return one (when r > t
    # some are unavoidable, and the planner only weighs them)
    return _tabu(seat.copy(), t, movable, rng, iterations, 3 if R <= t else 1, groups=groups,
                 frac=frac, perturb=1000, w_groups=w_groups)


def _tabu(seat, t, movable, rng, iterations, w_rev, groups=None, frac=None,
          perturb=2000, w_groups=1):
    R, n = seat.shape
    hosts = not movable.all()
    ar = np.arange(n)
    M = np.zeros((n, n), dtype=np.int64)
    V = np.zeros((n, t), dtype=np.int64)

    def tally():
        M[:] = 0
        V[:] = 0
        for y in range(R):
            M[:] += seat[y][:, None] == seat[y][None, :]
            np.add.at(V, (ar, seat[y]), 1)
        np.fill_diagonal(M, 0)
        V[~movable] = 1  # hosts "visit" their table once for the revisit count

    tally()
    G = 0 if groups is None or not len(frac) else len(frac)
    if G:
        sizes = np.array([np.bincount(seat[x], minlength=t) for x in range(R)])  # never change
        share = sizes[:, :, None] * np.append(frac, 0.0)[None, None, :]
        lo = np.ceil(share - 1 - 1e-9).astype(np.int64)
        hi = np.floor(share + 1 + 1e-9).astype(np.int64)
        hi[:, :, G] = n
        cnt = np.zeros((R, t, G + 1), dtype=np.int64)
        group_hot = np.zeros((n, G + 1))
        group_hot[ar, groups] = 1

        def count():
            cnt[:] = 0
            for y in range(R):
                np.add.at(cnt[y], (seat[y], groups), 1)

        def gcost(c, y):
            return np.maximum(0, np.maximum(lo[y] - c, c - hi[y]))

        count()

    def cost() -> int:
        c = int(np.maximum(M - 1, 0).sum() // 2 + w_rev * np.maximum(V[movable] - 1, 0).sum())
        if G:
            c += w_groups * int(sum(gcost(cnt[y], y).sum() for y in range(R)))
        return c

    cur = cost()
    best, best_seat = cur, seat.copy()
    tabu = np.zeros((R, n, t), dtype=np.int64)
    stall = 0
    xr = np.arange(R)
    for it in range(1, iterations + 1):
        if cur == 0:
            return seat, 0
        # every swap of two people in every round at once: d[x, p, q] is the change of cost
        M1 = (M >= 1).astype(np.float64)
        M2 = (M >= 2).astype(np.float64)
        S = seat
        onehot = np.zeros((R, n, t))
        onehot[xr[:, None], ar[None, :], S] = 1
        at = onehot.transpose(0, 2, 1)
        C1 = M1 @ onehot  # [x, p, T]: p's acquaintances at table T in round x
        R2 = (M2 @ onehot * onehot).sum(axis=2)  # [x, p]: p's acquaintances at p's own table
        gain = C1 @ at - M1  # [x, p, q]: p's acquaintances at q's table (q excluded)
        d = gain + gain.transpose(0, 2, 1) - R2[:, :, None] - R2[:, None, :]
        conflict = R2 > 0
        if w_rev:
            here = (V[ar[None, :], S] >= 2)
            rv = (V >= 1).astype(np.float64) @ at - here[:, :, None]
            d += w_rev * (rv + rv.transpose(0, 2, 1))
            conflict |= here
        if G:
            now = np.maximum(0, np.maximum(lo - cnt, cnt - hi))
            plus = np.maximum(0, np.maximum(lo - cnt - 1, cnt + 1 - hi)) - now
            minus = np.maximum(0, np.maximum(lo - cnt + 1, cnt - 1 - hi)) - now
            leave = minus[xr[:, None], S, groups[None, :]]
            join = onehot @ plus @ group_hot.T  # [x, p, q]: q's group joins p's table
            dg = leave[:, :, None] + leave[:, None, :] + join + join.transpose(0, 2, 1)
            d += w_groups * np.where(groups[:, None] == groups[None, :], 0, dg)
            conflict |= now.sum(axis=2)[xr[:, None], S] > 0
        ok = (S[:, :, None] < S[:, None, :]) & (movable[:, None] & movable[None, :])[None]
        ok &= conflict[:, :, None] | conflict[:, None, :]
        # tabu[x, p, T] > it: p may not move to table T in round x (few entries are live)
        is_tabu = np.zeros((R, n, n), dtype=bool)
        for y, p, T in zip(*np.nonzero(tabu > it)):
            at_T = S[y] == T
            is_tabu[y, p, at_T] = True  # p would join T in a swap with anyone sitting there
            is_tabu[y, at_T, p] = True
        allowed = ok & (~is_tabu | (cur + d < best))
        if not allowed.any():
            if not ok.any():
                break  # no swap can help at all (one table, or only hosts in conflict)
            stall += 1
            continue
        dm = np.where(allowed, d, 1 << 30)
        low = int(dm.min())
        moves = [divmod(int(k), n * n) for k in np.flatnonzero(dm == low)]
        x, k = moves[rng.randrange(len(moves))]
        s = seat[x]
        p, q = divmod(k, n)
        A, B = int(s[p]), int(s[q])
        _swap(seat, M, V, x, p, q, A, B)
        if G:
            cnt[x, A, groups[p]] -= 1
            cnt[x, B, groups[p]] += 1
            cnt[x, B, groups[q]] -= 1
            cnt[x, A, groups[q]] += 1
        tenure = 4 + rng.randrange(8)
        tabu[x, p, A] = it + tenure
        tabu[x, q, B] = it + tenure
        cur += int(low)
        if cur < best:
            best, best_seat, stall = cur, seat.copy(), 0
        else:
            stall += 1
        if stall > perturb:
            # perturb: a few random swaps of conflicting points, from the best plan so far
            seat[:] = best_seat
            tally()
            for _ in range(2 + rng.randrange(n // 4)):
                y = rng.randrange(R)
                p, q = rng.sample(range(t if hosts else 0, n), 2)
                if seat[y, p] != seat[y, q]:
                    _swap(seat, M, V, y, p, q, int(seat[y, p]), int(seat[y, q]))
            if G:
                count()
            cur = cost()
            tabu[:] = 0
            stall = 0
    return best_seat, best


def _swap(seat, M, V, x, p, q, A, B) -> None:
    s = seat[x]
    memA = np.flatnonzero(s == A)
    memB = np.flatnonzero(s == B)
    memA = memA[memA != p]
    memB = memB[memB != q]
    M[p, memA] -= 1
    M[memA, p] -= 1
    M[q, memB] -= 1
    M[memB, q] -= 1
    M[p, memB] += 1
    M[memB, p] += 1
    M[q, memA] += 1
    M[memA, q] += 1
    s[p], s[q] = B, A
    V[p, A] -= 1
    V[p, B] += 1
    V[q, B] -= 1
    V[q, A] += 1
