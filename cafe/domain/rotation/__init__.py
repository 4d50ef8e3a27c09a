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

Modules, one idea each: `problem` (people, tables, weights, the arrays searched), `fields`
(finite-field arithmetic), `construction` (the constructive start), `search` (tabu over
swaps), `mixing` (group repair and relabelling), `catalogue` and `tabu` (zero-repeat designs found offline, and the search that
finds them), `planner` (plan_rounds), `late_arrival`, `quality`, `languages` (who sits where
their language is not spoken, and languages the tables cannot seat), `cli` (the command line).
"""
from cafe.domain.rotation.cli import build_cafe, main
from cafe.domain.rotation.languages import (
    language_misfits,
    language_shortfalls,
    speaks,
    unspoken_languages,
)
from cafe.domain.rotation.late_arrival import seat_late_arrival
from cafe.domain.rotation.planner import plan_rounds
from cafe.domain.rotation.problem import Person, Seating, Table
from cafe.domain.rotation.quality import (
    PlanQuality,
    RoundQuality,
    assess_plan,
    assess_round,
)

__all__ = [
    "Person",
    "Table",
    "Seating",
    "plan_rounds",
    "seat_late_arrival",
    "speaks",
    "language_misfits",
    "language_shortfalls",
    "unspoken_languages",
    "RoundQuality",
    "assess_round",
    "PlanQuality",
    "assess_plan",
    "build_cafe",
    "main",
]
