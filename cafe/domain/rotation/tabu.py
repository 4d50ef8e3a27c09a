"""The search that finds zero-repeat designs: conflict-directed tabu over swaps of two points within a round
(after I. Dotú and P. Van Hentenryck, "Scheduling social golfers locally", CPAIOR 2005); the
planner runs it (:func:`improve`) when its start leaves repeats.
"""
from __future__ import annotations

import random

import numpy as np


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


def _tabu(seat, t, movable, rng, iterations, w_rev, groups=None, frac=None,  # noqa: C901  (numeric kernel)
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
