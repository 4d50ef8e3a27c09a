"""Local search: tabu over swaps within a round (every move keeps the hard constraints)."""
from __future__ import annotations

import math
import random

import numpy as np

from cafe.domain.rotation.problem import (
    W_CHANGE,
    W_GROUP_OFF,
    W_GROUP_VIOLATION,
    W_LANGUAGE,
    W_REPEAT,
    _Problem,
)


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
        """Move person p to table B in future round x, keeping every tally in step.

        The hottest code of the planner: encounters are updated inline (leaving A, then
        joining B); the other tallies in _retally.
        """
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
        self._retally(x, p, A, B)

    def _retally(self, x: int, p: int, A: int, B: int) -> None:
        """Languages, revisits, group counts and changes after p moved from A to B in round x."""
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
        if stall > stall_limit:
            _kick(st, conf, rng)
            stall = 0
            tabu[:] = 0
            continue
        can = _can_sit_in_round(st, x)
        if not st.single[p]:
            _block_move(st, x, p, can, rng)
            stall += 1
            continue
        if not _tabu_step(st, tabu, it, x, p, can, best, rng):
            stall += 1
            continue
        cost = st.cost()
        if cost < best - 1e-9:
            best = cost
            best_seat = st.seat.copy()
            stall = 0
        else:
            stall += 1
    return best_seat


def _can_sit_in_round(st: _Search, x: int) -> np.ndarray:
    """(n, t) mask of tables each person may take in round x (hard no-revisit judged on the other rounds)."""
    prob = st.prob
    return prob.allow & (~prob.hard_norev[:, None] | (st.V - _onehot_round(st.seat[x], prob.t) == 0))


def _kick(st: _Search, conf: np.ndarray, rng: random.Random) -> None:
    """Stuck: a few random allowed swaps around the conflicts."""
    n = st.prob.n
    for _ in range(2 + rng.randrange(4)):
        x, p = divmod(int(conf[rng.randrange(conf.size)]), n)
        can = _can_sit_in_round(st, x)
        if st.single[p]:
            ok = np.flatnonzero(np.isfinite(st.swap_deltas(x, p, can)))
            if ok.size:
                q = int(ok[rng.randrange(ok.size)])
                A, B = int(st.seat[x, p]), int(st.seat[x, q])
                st.move(x, p, B)
                st.move(x, q, A)


def _tabu_step(st: _Search, tabu: np.ndarray, it: int, x: int, p: int, can: np.ndarray,
               best: float, rng: random.Random) -> bool:
    """Make the best swap (or double swap) of p in round x not tabu; False when there is none."""
    prob = st.prob
    n, t = prob.n, prob.t
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
        dbest, doubles = _double_swaps(st, tabu, it, x, p, cur, best, dmin)
        if doubles and dbest < dmin - 1e-9:
            cands = []
        elif not np.isfinite(dmin) or dbest > dmin + 1e-9:
            doubles = []
    total = len(cands) + len(doubles)
    if total == 0:
        return False
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
    return True


def _double_swaps(st: _Search, tabu: np.ndarray, it: int, x: int, p: int, cur: float, best: float,
                  dbest: float) -> tuple[float, list[tuple[int, int]]]:
    """The best double swaps of p (with q, in rounds x and y) not tabu, and their cost change."""
    prob = st.prob
    A = int(st.seat[x, p])
    sx = st.seat[x]
    doubles: list[tuple[int, int]] = []
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
    return dbest, doubles


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
