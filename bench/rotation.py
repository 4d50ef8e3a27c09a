"""Benchmark of the rotation planner against random shuffling and the "shift" rule.

Run as ``python -m bench.rotation``.  Grid: n in {12, 30, 60, 100, 300}, tables of 4 to 6
(t = n // k tables), 3 to 6 rounds, without/with hosts and groups, plus the classic 32 people
at 8 tables of 4 for 10 rounds.  The column ``zero?`` says whether a zero-repeat plan exists:
``yes`` found here; ``known`` exists (see ``_zero_possible``) but the planner missed it;
``no`` ruled out (by counting, or by the proof cited there); ``open`` nobody here knows.  Groups never constrain who may
meet whom, so an instance with groups has a zero-repeat plan exactly when it has one without.
For every café it also times a re-plan after one more person arrives during the first round.
"""

from __future__ import annotations

import random
import time

from cafe.domain.rotation import Person, assess_plan, build_cafe, plan_rounds


def _groups(n: int) -> str:
    res, org = round(n * 0.6), round(n * 0.2)
    return f"resident:{res},org:{org},staff:{n - res - org}"


def _random_plan(people, t: int, rounds: int, seed: int = 0):
    """Baseline: travellers shuffled into balanced tables every round; hosts stay."""
    rng = random.Random(seed)
    hosts = {p.id: p.host_of for p in people if p.host_of is not None}
    travellers = [p.id for p in people if p.host_of is None]
    plan = []
    for _ in range(rounds):
        rng.shuffle(travellers)
        size = [0] * t
        for T in hosts.values():
            size[T] += 1
        seating = dict(hosts)
        for pid in travellers:
            T = min(range(t), key=lambda T: (size[T], rng.random()))
            seating[pid] = T
            size[T] += 1
        plan.append(seating)
    return plan


def _shift_plan(people, t: int, rounds: int):
    """Baseline: traveller i starts at table i mod t and moves i tables on each round."""
    hosts = {p.id: p.host_of for p in people if p.host_of is not None}
    travellers = [p.id for p in people if p.host_of is None]
    return [{**hosts, **{pid: (i * (j + 1)) % t for i, pid in enumerate(travellers)}}
            for j in range(rounds)]


def _late_arrival_seconds(people, tables, plan, groups: bool) -> float:
    """Time to re-plan the rounds after the first when one more person arrives during it."""
    newcomer = Person(id=len(people), group="resident" if groups else None)
    start = time.perf_counter()
    plan_rounds(people + [newcomer], tables, len(plan), history=plan[:1], previous=plan[1:])
    return time.perf_counter() - start


def _zero_possible(n: int, t: int, rounds: int, hosts: bool, found: bool, found_plain: bool) -> str:
    """yes / known / no / open: does a plan without repeated encounters exist?

    A zero-repeat plan without hosts is a code: each person is the word of their tables, one
    letter a round, and two words agree in at most one place (Social Golfer problem, CSPLib 10).
    """
    if found or found_plain:  # groups play no part in who may meet whom
        return "yes" if found else "known"
    k_max, k_min = -(-n // t), n // t
    # a table larger than the number of tables forces two of its people to meet again in the
    # next round (pigeonhole); everyone meeting r(k-1) different people needs r(k-1) <= n-1
    if (rounds >= 2 and k_max > t) or rounds * (k_min - 1) > n - 1:
        return "no"
    if not hosts and n == t * (t - 1) and t == 6 and 4 <= rounds <= t:
        # 30 travellers at 6 tables of 5 who never revisit a table: add 6 stay-put "ghost
        # hosts", one a table.  Each traveller meets each ghost at most once, ghosts never
        # meet, so a zero-repeat plan would be r partitions of 36 points into 6 blocks of 6
        # with no pair twice.  Two blocks of different rounds then share exactly one point
        # (6 points spread over 6 disjoint blocks, at most one each): the rounds form an
        # r-net of order 6, i.e. r - 2 mutually orthogonal Latin squares of order 6, and
        # not even 2 exist (Tarry 1900).  So r >= 4 forces a repeat.
        return "no"
    if hosts and (n, t, rounds) == (30, 6, 6):
        # 24 travellers whose tables are permutations of the 6 tables (no revisits), pairwise
        # agreeing in at most one round, 4 a table a round: a SAT solver shows there are none
        # (python -m tools.proof_30_6_6, checked by tests/e2e/test_design_proofs.py).
        return "no"
    if (n, t, rounds) == (32, 8, 10) and not hosts:
        # 8 groups of 4 for 10 weeks: the original Social Golfer instance (CSPLib problem 10),
        # solved by A. Aguado (2004).  Affine constructions reach 9 rounds only (at most 9 lines
        # of PG(4,2) are pairwise disjoint); cafe.domain.rotation.catalogue holds a plan found by a SAT solver
        # (python -m tools.golfer_8_4_10).
        return "known"
    if (n, t) == (60, 10) and rounds <= 3 and not hosts:
        # cyclic Latin square L(i, j) = i + j mod 10 restricted to the 60 cells with
        # j - i mod 10 in 0..5: rows, columns and symbols each used 6 times, any two cells
        # share at most one coordinate.
        return "known"
    # Nothing in the grid is open today: 60 at 10 tables for 6 rounds (no 4 mutually orthogonal
    # Latin squares of order 10 are known) has zero-repeat plans from shifts in Z_10
    # (cafe.domain.rotation._difference_rows).
    return "open"


def _grid():
    seen = set()
    for n in (12, 30, 60, 100, 300):
        for k in (4, 5, 6):
            for rounds in (3, 4, 5, 6):
                for hosts, groups in ((False, False), (True, False), (False, True), (True, True)):
                    case = (n, n // k, rounds, hosts, groups)
                    if case not in seen:  # 12 people at tables of 5 or 6 are both 2 tables
                        seen.add(case)
                        yield case
    yield 32, 8, 10, False, False


def main() -> None:
    """Run the grid, print one row per instance and the summary line."""
    header = (f"{'n':>4} {'t':>3} {'r':>2} {'hosts':>5} {'groups':>6} | {'rep':>4} {'worst':>5} "
              f"{'met':>6} {'min':>4} {'bnd':>4} {'rev':>4} {'dev':>5} {'sec':>6} {'zero?':>5} | "
              f"{'rand rep':>8} {'shift rep':>9} {'shift spread':>12}")
    print(header)
    print("-" * len(header))
    total_rep = at_bound = count = 0
    slowest = 0.0
    unbalanced_traded = unbalanced_stuck = 0
    unbalanced = revisits = rand_total = shift_total = 0
    misses, open_cases = [], []
    found_plain = set()
    late: list[float] = []
    for n, t, rounds, hosts, groups in _grid():
        people, tables = build_cafe(n, t, hosts, _groups(n) if groups else None)
        start = time.perf_counter()
        plan = plan_rounds(people, tables, rounds)
        seconds = time.perf_counter() - start
        q = assess_plan(people, tables, plan, seconds)
        late.append(_late_arrival_seconds(people, tables, plan, groups))
        rq = assess_plan(people, tables, _random_plan(people, t, rounds))
        sq = assess_plan(people, tables, _shift_plan(people, t, rounds))
        if not groups and q.repeated_pairs == 0:
            found_plain.add((n, t, rounds, hosts))
        zero = _zero_possible(n, t, rounds, hosts, q.repeated_pairs == 0, (n, t, rounds, hosts) in found_plain)
        count += 1
        total_rep += q.repeated_pairs
        at_bound += q.at_bound
        slowest = max(slowest, seconds)
        unbalanced += groups and not q.groups_balanced
        if groups and not q.groups_balanced:
            if q.repeated_pairs:
                unbalanced_traded += 1
            else:
                unbalanced_stuck += 1
        revisits += q.revisits if rounds <= t else 0
        rand_total += rq.repeated_pairs
        shift_total += sq.repeated_pairs
        name = f"{n}/{t}/{rounds}{'h' if hosts else ''}{'g' if groups else ''}"
        if zero == "known":
            misses.append(name)
        elif zero == "open":
            open_cases.append(name)
        print(f"{n:>4} {t:>3} {rounds:>2} {'yes' if hosts else '-':>5} {'yes' if groups else '-':>6} | "
              f"{q.repeated_pairs:>4} {q.worst_person_repeats:>5} {q.mean_met:>6.2f} {q.min_met:>4} "
              f"{q.bound:>4} {q.revisits:>4} {q.max_group_deviation:>5.2f} {seconds:>6.3f} {zero:>5} | "
              f"{rq.repeated_pairs:>8} {sq.repeated_pairs:>9} {sq.size_spread:>12}", flush=True)
    print()
    print(f"baselines, repeated pairs over the grid: random {rand_total}, shift {shift_total}; planner {total_rep}")
    print(f"revisits where r <= t: {revisits}; instances with groups off by more than one person: {unbalanced}")
    print(f"  of which {unbalanced_traded} have repeats, which rank above balance (priority 2 before 3) "
          f"in the search; {unbalanced_stuck} have none: no swap found keeps zero repeats and no revisits")
    late.sort()
    print(f"late-arrival re-plan (one newcomer during round 1, the later rounds planned again): "
          f"median {1000 * late[len(late) // 2]:.0f} ms, slowest {1000 * late[-1]:.0f} ms")
    print(f"zero-repeat plan known to exist but missed: {len(misses)} {' '.join(misses)}")
    print(f"repeats where nobody here knows whether zero is possible (open): {len(open_cases)} "
          f"{' '.join(open_cases)}")
    print(f"rotation: repeated_pairs={total_rep} bound_met={at_bound}/{count} max_seconds={slowest:.3f}")


if __name__ == "__main__":
    main()
