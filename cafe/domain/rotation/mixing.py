"""Group mixing that keeps who meets whom: repair by swaps that add no repeat, and relabelling."""
from __future__ import annotations

import random

import numpy as np

from cafe.domain.rotation.problem import W_GROUP_VIOLATION, W_LEXICOGRAPHIC, _Problem
from cafe.domain.rotation.search import _onehot_round, _Search


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
        P = np.flatnonzero(_costly(st) & free)
        if P.size == 0:
            break
        d = _relabel_deltas(st, P)
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
        _exchange_sequences(st, p, q)
        tabu[[p, q]] = step + 2 + rng.randrange(max(3, n // 8))
        if st.grp_cost < best - 1e-9:
            best, best_seat, stall = st.grp_cost, st.seat.copy(), 0
        else:
            stall += 1
    return best_seat


def _costly(st: _Search) -> np.ndarray:
    """Travellers at a table whose mix costs something, in some round: the ones worth moving."""
    costly = np.zeros(st.prob.n, dtype=bool)
    for x in range(st.prob.R):
        costly |= st.gcur[x].sum(axis=1)[st.seat[x]] > 0
    return costly


def _relabel_deltas(st: _Search, P: np.ndarray) -> np.ndarray:
    """d[i, q]: the change of group cost if P[i] and q exchanged their whole seat sequences."""
    grp = st.prob.grp
    d = np.zeros((P.size, st.prob.n))
    for x in range(st.prob.R):
        sx = st.seat[x]
        t1 = st.gminus[x, sx, grp]  # each leaves their table
        join_p = st.gplus[x][sx[P][:, None], grp[None, :]]  # q's group joins p's table
        join_q = st.gplus[x][sx[None, :], grp[P][:, None]]  # p's group joins q's table
        dx = t1[P][:, None] + t1[None, :] + join_p + join_q
        d += np.where(sx[P][:, None] != sx[None, :], dx, 0.0)
    return d


def _exchange_sequences(st: _Search, p: int, q: int) -> None:
    """p and q trade seats in every round."""
    for x in range(st.prob.R):
        A, B = int(st.seat[x, p]), int(st.seat[x, q])
        if A != B:
            st.move(x, p, B)
            st.move(x, q, A)
