"""Proof: 30 people at 6 tables of 5, with hosts, cannot have 6 rounds without a repeated encounter.

Run as ``python -m tools.proof_30_6_6`` (needs ``python-sat``, in requirements-dev.txt).

With a host at each of the 6 tables, every table seats its host and 4 of the 24 travellers each
round. For 6 rounds at 6 tables a traveller may not revisit a table (a hard rule of the planner),
so each traveller's tables, round by round, are a permutation of the 6 tables. Two travellers
share a table in at most one round exactly when their permutations agree in at most one place.
A zero-repeat plan is therefore a set of 24 permutations of 6 symbols, pairwise agreeing in at
most one place, with each table taken by exactly 4 of them in each round. Relabelling the tables
makes one traveller's permutation the identity. A SAT solver shows no such set exists (about 3 s),
so the 30/6/6 rows with hosts in ``bench.rotation`` are "no". (Permutation codes of length 6 and
minimum distance 5 are known to have at most 18 words, which says the same without the count
per table.)

The last line is ``proof_30_6_6: zero_repeat_plan_exists=False``.
"""
from __future__ import annotations

import itertools

from pysat.card import CardEnc, EncType
from pysat.solvers import Cadical153


def zero_repeat_plan_exists(tables: int = 6) -> bool:
    """For t(t-1) people at t tables with hosts over t rounds (t = 6: 30 people, 6 rounds).

    Each table seats its host and t - 2 travellers; with t = 5 (20 people) such a plan exists,
    which the tests use to check that this encoding can say yes.
    """
    per_table = tables - 2          # travellers at a table in a round, besides its host
    perms = list(itertools.permutations(range(tables)))
    var = {p: i + 1 for i, p in enumerate(perms)}          # var: this permutation is used
    clauses, top = [], len(perms)
    for a, b in itertools.combinations(perms, 2):
        if sum(x == y for x, y in zip(a, b)) >= 2:           # they would meet twice
            clauses.append([-var[a], -var[b]])
    for x in range(tables):                                  # round x
        for table in range(tables):
            used = [var[p] for p in perms if p[x] == table]
            card = CardEnc.equals(used, per_table, top_id=top, encoding=EncType.seqcounter)
            top = max(top, card.nv)
            clauses.extend(card.clauses)
    clauses.append([var[tuple(range(tables))]])
    with Cadical153(bootstrap_with=clauses) as solver:
        return solver.solve()


def main() -> None:
    exists = zero_repeat_plan_exists()
    print(f"24 travellers, 6 tables of 4 + host, 6 rounds, no revisits, no pair twice: "
          f"{'a plan exists' if exists else 'no plan exists'}")
    print(f"proof_30_6_6: zero_repeat_plan_exists={exists}")


if __name__ == "__main__":
    main()
