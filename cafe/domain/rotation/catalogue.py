"""Zero-repeat seating designs the live planner cannot construct or find in a second.

A *design* for n people at t tables over r rounds lists, for every round, the table of each
point 0..n-1.  In a design here no two points share a table twice, every table seats n / t
points every round, and - when r <= t - no point sits at the same table twice.  With hosts,
points 0..t-1 host tables 0..t-1 in every round.  The planner (``cafe.domain.rotation``) maps people
onto points when a café has exactly such a shape.

Most shapes need no entry: the planner's constructive start (GF(t) lines, or searched shifts in
Z_t) already gives zero repeats.  The catalogue holds the rest; ``tests/domain/test_designs.py`` checks
every entry.  The search that finds such designs (and improves the planner's) is in ``tabu``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["CATALOGUE", "designs", "verify", "encode", "decode", "entry"]

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
