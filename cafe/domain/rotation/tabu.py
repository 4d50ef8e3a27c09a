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


def _tabu(seat, t, movable, rng, iterations, w_rev, groups=None, frac=None,
          perturb=2000, w_groups=1):
    R, n = seat.shape
    st = _SwapState(seat, t, movable, w_rev, groups, frac, w_groups)
    cur = st.cost()
    best, best_seat = cur, seat.copy()
    tabu = np.zeros((R, n, t), dtype=np.int64)
    stall = 0
    for it in range(1, iterations + 1):
        if cur == 0:
            return seat, 0
        d, ok = st.deltas()
        allowed = ok & (~_tabu_swaps(tabu, it, seat) | (cur + d < best))
        if not allowed.any():
            if not ok.any():
                break  # no swap can help at all (one table, or only hosts in conflict)
            stall += 1
            continue
        dm = np.where(allowed, d, 1 << 30)
        low = int(dm.min())
        moves = [divmod(int(k), n * n) for k in np.flatnonzero(dm == low)]
        x, k = moves[rng.randrange(len(moves))]
        p, q = divmod(k, n)
        A, B = st.swap(x, p, q)
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
            cur = st.perturb(rng)
            tabu[:] = 0
            stall = 0
    return best_seat, best


def _tabu_swaps(tabu: np.ndarray, it: int, S: np.ndarray) -> np.ndarray:
    """is_tabu[x, p, q]: swapping p and q in round x is tabu.

    tabu[x, p, T] > it: p may not move to table T in round x (few entries are live).
    """
    R, n = S.shape
    is_tabu = np.zeros((R, n, n), dtype=bool)
    for y, p, T in zip(*np.nonzero(tabu > it)):
        at_T = S[y] == T
        is_tabu[y, p, at_T] = True  # p would join T in a swap with anyone sitting there
        is_tabu[y, at_T, p] = True
    return is_tabu


class _SwapState:
    """Seats, encounters, visits and group counts of the designs' search, and the cost of every swap."""

    def __init__(self, seat, t, movable, w_rev, groups, frac, w_groups):
        self.seat, self.t, self.movable = seat, t, movable
        self.w_rev, self.w_groups, self.groups = w_rev, w_groups, groups
        self.R, self.n = R, n = seat.shape
        self.hosts = not movable.all()
        self.ar = np.arange(n)
        self.xr = np.arange(R)
        self.M = np.zeros((n, n), dtype=np.int64)
        self.V = np.zeros((n, t), dtype=np.int64)
        self.tally()
        self.G = 0 if groups is None or not len(frac) else len(frac)
        if self.G:
            self._group_bounds(frac)
            self.count()

    def _group_bounds(self, frac) -> None:
        """Each group's allowed count at each table (share ± 1); sizes never change."""
        seat, t, G = self.seat, self.t, self.G
        sizes = np.array([np.bincount(seat[x], minlength=t) for x in range(self.R)])
        share = sizes[:, :, None] * np.append(frac, 0.0)[None, None, :]
        self.lo = np.ceil(share - 1 - 1e-9).astype(np.int64)
        self.hi = np.floor(share + 1 + 1e-9).astype(np.int64)
        self.hi[:, :, G] = self.n
        self.cnt = np.zeros((self.R, t, G + 1), dtype=np.int64)
        self.group_hot = np.zeros((self.n, G + 1))
        self.group_hot[self.ar, self.groups] = 1

    def tally(self) -> None:
        M, V, seat = self.M, self.V, self.seat
        M[:] = 0
        V[:] = 0
        for y in range(self.R):
            M[:] += seat[y][:, None] == seat[y][None, :]
            np.add.at(V, (self.ar, seat[y]), 1)
        np.fill_diagonal(M, 0)
        V[~self.movable] = 1  # hosts "visit" their table once for the revisit count

    def count(self) -> None:
        self.cnt[:] = 0
        for y in range(self.R):
            np.add.at(self.cnt[y], (self.seat[y], self.groups), 1)

    def gcost(self, c, y):
        return np.maximum(0, np.maximum(self.lo[y] - c, c - self.hi[y]))

    def cost(self) -> int:
        M, V = self.M, self.V
        c = int(np.maximum(M - 1, 0).sum() // 2 + self.w_rev * np.maximum(V[self.movable] - 1, 0).sum())
        if self.G:
            c += self.w_groups * int(sum(self.gcost(self.cnt[y], y).sum() for y in range(self.R)))
        return c

    def deltas(self) -> tuple[np.ndarray, np.ndarray]:
        """d[x, p, q]: the change of cost of every swap of two people in every round at once,
        and which swaps are worth weighing (two movable people, one of them in conflict)."""
        M, S, ar, xr = self.M, self.seat, self.ar, self.xr
        n, t = self.n, self.t
        M1 = (M >= 1).astype(np.float64)
        M2 = (M >= 2).astype(np.float64)
        onehot = np.zeros((self.R, n, t))
        onehot[xr[:, None], ar[None, :], S] = 1
        at = onehot.transpose(0, 2, 1)
        C1 = M1 @ onehot  # [x, p, T]: p's acquaintances at table T in round x
        R2 = (M2 @ onehot * onehot).sum(axis=2)  # [x, p]: p's acquaintances at p's own table
        gain = C1 @ at - M1  # [x, p, q]: p's acquaintances at q's table (q excluded)
        d = gain + gain.transpose(0, 2, 1) - R2[:, :, None] - R2[:, None, :]
        conflict = R2 > 0
        if self.w_rev:
            here = (self.V[ar[None, :], S] >= 2)
            rv = (self.V >= 1).astype(np.float64) @ at - here[:, :, None]
            d += self.w_rev * (rv + rv.transpose(0, 2, 1))
            conflict |= here
        if self.G:
            dg, unbalanced = self._group_deltas(onehot)
            d += dg
            conflict |= unbalanced
        movable = self.movable
        ok = (S[:, :, None] < S[:, None, :]) & (movable[:, None] & movable[None, :])[None]
        ok &= conflict[:, :, None] | conflict[:, None, :]
        return d, ok

    def _group_deltas(self, onehot: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The groups' part of every swap's cost change, and who sits at an unbalanced table."""
        cnt, lo, hi, groups, S = self.cnt, self.lo, self.hi, self.groups, self.seat
        xr = self.xr
        now = np.maximum(0, np.maximum(lo - cnt, cnt - hi))
        plus = np.maximum(0, np.maximum(lo - cnt - 1, cnt + 1 - hi)) - now
        minus = np.maximum(0, np.maximum(lo - cnt + 1, cnt - 1 - hi)) - now
        leave = minus[xr[:, None], S, groups[None, :]]
        join = onehot @ plus @ self.group_hot.T  # [x, p, q]: q's group joins p's table
        dg = leave[:, :, None] + leave[:, None, :] + join + join.transpose(0, 2, 1)
        return (self.w_groups * np.where(groups[:, None] == groups[None, :], 0, dg),
                now.sum(axis=2)[xr[:, None], S] > 0)

    def swap(self, x: int, p: int, q: int) -> tuple[int, int]:
        """p and q trade tables in round x; returns their old tables."""
        s = self.seat[x]
        A, B = int(s[p]), int(s[q])
        _swap(self.seat, self.M, self.V, x, p, q, A, B)
        if self.G:
            cnt, groups = self.cnt, self.groups
            cnt[x, A, groups[p]] -= 1
            cnt[x, B, groups[p]] += 1
            cnt[x, B, groups[q]] -= 1
            cnt[x, A, groups[q]] += 1
        return A, B

    def perturb(self, rng) -> int:
        """A few random swaps (hosts stay) from the seats as they are now; returns the new cost."""
        seat, n = self.seat, self.n
        self.tally()
        for _ in range(2 + rng.randrange(n // 4)):
            y = rng.randrange(self.R)
            p, q = rng.sample(range(self.t if self.hosts else 0, n), 2)
            if seat[y, p] != seat[y, q]:
                _swap(seat, self.M, self.V, y, p, q, int(seat[y, p]), int(seat[y, q]))
        if self.G:
            self.count()
        return self.cost()


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
