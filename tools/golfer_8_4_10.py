"""Find a plan for 32 people at 8 tables of 4 for 10 rounds in which no two people meet twice.

Run as ``python -m tools.golfer_8_4_10`` (needs ``python-sat``, in requirements-dev.txt). It
prints the ``cafe.domain.rotation.catalogue`` catalogue entry, which the planner uses for cafés of this shape.

This is the original Social Golfer instance (CSPLib problem 10). Each person meets 3 people a
round, 30 in all, so everyone misses exactly one other person: the pairs that never meet pair
everybody off. Tabu search from our planner stalls at 16 repeats, and the affine constructions
stop at 9 rounds, so the plan comes from a SAT solver instead.

The model has one variable per round and pair, "p and q share a table in round r". Every person
has exactly 3 tablemates a round, sharing a table is transitive (so tables have 4 people), the
pairs (2i, 2i+1) never meet and every other pair meets in exactly one round. To make it small we
ask for a plan with a symmetry of order 8. People form four cycles of 8: A = 0..7, B = 8..15,
C = 16..23, D = 24..31, where A_x never meets B_x and C_x never meets D_x. Moving everyone one step
along their cycle turns round r into round (0 1 2 3)(4 5 6 7)(8 9)(r), so variables the symmetry
maps onto each other are merged: 640 variables, and CaDiCaL finds a plan in under a second. The
search over which symmetry to use was part of this work; in the same model, two cycles of 16 and
Z_15 with a fixed pair have no such plan.

The last line is ``golfer_8_4_10: found=True rounds=10 repeats=0``.
"""
from __future__ import annotations

import itertools

import numpy as np
from pysat.card import CardEnc, EncType
from pysat.solvers import Cadical153

from cafe.domain.rotation.catalogue import entry, verify

PEOPLE, TABLES, ROUNDS = 32, 8, 10
ROUND_CYCLES = ((0, 1, 2, 3), (4, 5, 6, 7), (8, 9))


def _symmetry() -> tuple[list[int], list[int], list[int]]:
    """The people permutation, the round permutation and each person's never-met partner."""
    step = [8 * (p // 8) + (p % 8 + 1) % 8 for p in range(PEOPLE)]
    turn = list(range(ROUNDS))
    for cycle in ROUND_CYCLES:
        for a, b in zip(cycle, cycle[1:] + cycle[:1]):
            turn[a] = b
    partner = [p + 8 if (p // 8) % 2 == 0 else p - 8 for p in range(PEOPLE)]
    return step, turn, partner


def find_plan() -> np.ndarray | None:
    """Seat of person p in round r, or None if the solver finds none (it does, in < 1 s)."""
    var, top = _variables()
    clauses = _clauses(var, top)
    with Cadical153(bootstrap_with=clauses) as solver:
        if not solver.solve():
            return None
        true = {x for x in solver.get_model() if x > 0}
    return _seats(var, true)


def _variables() -> tuple[dict, int]:
    """var[r, p, q]: the solver variable of "p and q share a table in round r", images under the
    symmetry merged; and the number of variables."""
    step, turn, _ = _symmetry()
    pairs = list(itertools.combinations(range(PEOPLE), 2))
    # merge (r, p, q) with its image under the symmetry (union-find over the 8 powers)
    parent: dict = {}

    def root(k):
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    for r in range(ROUNDS):
        for p, q in pairs:
            image = (turn[r],) + tuple(sorted((step[p], step[q])))
            a, b = root((r, p, q)), root(image)
            if a != b:
                parent[a] = b
    ids: dict = {}
    var = {}
    for r in range(ROUNDS):
        for p, q in pairs:
            var[r, p, q] = var[r, q, p] = ids.setdefault(root((r, p, q)), len(ids) + 1)
    return var, len(ids)


def _clauses(var: dict, top: int) -> list[list[int]]:
    """Partners never meet, every other pair exactly once, tables are cliques of 4."""
    _, _, partner = _symmetry()
    clauses: list[list[int]] = []
    for p, q in itertools.combinations(range(PEOPLE), 2):
        rounds = [var[r, p, q] for r in range(ROUNDS)]
        if partner[p] == q:
            clauses += [[-v] for v in rounds]
            continue
        clauses.append(sorted(set(rounds)))             # they meet at least once ...
        clauses += [[-a, -b] for a, b in itertools.combinations(rounds, 2)]  # ... and at most once
    for r in range(ROUNDS):
        for p, q, s in itertools.combinations(range(PEOPLE), 3):
            a, b, c = var[r, p, q], var[r, q, s], var[r, p, s]
            clauses += [[-a, -b, c], [-a, -c, b], [-b, -c, a]]   # a table is a clique
    for r in range(ROUNDS):
        for p in range(PEOPLE):
            mates = [var[r, p, q] for q in range(PEOPLE) if q != p]
            card = CardEnc.equals(lits=mates, bound=TABLES // 2 - 1, top_id=top,
                                  encoding=EncType.seqcounter)
            top = max(top, card.nv)
            clauses += card.clauses
    # a clause holding x and -x (a variable merged with itself) is always true: drop it
    return [c for c in clauses if not any(-x in c for x in c)]


def _seats(var: dict, true: set[int]) -> np.ndarray:
    """The plan the solver's model describes: each person's table in each round."""
    seat = np.full((ROUNDS, PEOPLE), -1, dtype=np.int64)
    for r in range(ROUNDS):
        table = 0
        for p in range(PEOPLE):
            if seat[r, p] < 0:
                seat[r, [p] + [q for q in range(PEOPLE) if q != p and var[r, p, q] in true]] = table
                table += 1
    return seat


def main() -> None:
    seat = find_plan()
    problems = ["not found"] if seat is None else verify(seat, TABLES, hosts=False)
    if seat is not None:
        print(entry(PEOPLE, TABLES, ROUNDS, False, seat))
    for problem in problems:
        print("problem:", problem)
    print(f"golfer_8_4_10: found={seat is not None and not problems} rounds={ROUNDS} "
          f"repeats={0 if not problems else 'unknown'}")


if __name__ == "__main__":
    main()
