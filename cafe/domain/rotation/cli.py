"""The command line of the planner (python -m cafe.domain.rotation)."""
from __future__ import annotations

import argparse
import json
import time
from typing import Sequence

from cafe.domain.rotation.planner import plan_rounds
from cafe.domain.rotation.problem import Person, Table
from cafe.domain.rotation.quality import _by_table, assess_plan


def _parse_groups(spec: str | None, n: int) -> list[str | None]:
    groups: list[str | None] = []
    if spec:
        for part in spec.split(","):
            name, _, count = part.partition(":")
            groups.extend([name.strip()] * int(count))
    return (groups + [None] * n)[:n]


def build_cafe(n: int, t: int, hosts: bool = False, groups: str | None = None) -> tuple[list[Person], list[Table]]:
    """People and tables as the command line describes them: hosts 0..t-1, groups in order."""
    names = _parse_groups(groups, n)
    people = [Person(id=i, group=names[i], host_of=i if hosts and i < t else None) for i in range(n)]
    return people, [Table() for _ in range(t)]


def main(argv: Sequence[str] | None = None) -> int:
    """Plan a café on paper: print the seating chart and its quality figures (or JSON)."""
    ap = argparse.ArgumentParser(prog="python -m cafe.domain.rotation", description=main.__doc__)
    ap.add_argument("--people", type=int, required=True)
    ap.add_argument("--tables", type=int, required=True)
    ap.add_argument("--rounds", type=int, required=True)
    ap.add_argument("--hosts", action="store_true", help="persons 0..t-1 host tables 0..t-1")
    ap.add_argument("--groups", help="name:count,... assigned to persons in order")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    people, tables = build_cafe(args.people, args.tables, args.hosts, args.groups)
    start = time.perf_counter()
    plan = plan_rounds(people, tables, args.rounds, seed=args.seed)
    seconds = time.perf_counter() - start
    if args.json:
        out = {
            "rounds": [[s[p.id] for p in people] for s in plan],
            "hosts": [next((p.id for p in people if p.host_of == T), None) for T in range(args.tables)],
            "groups": [p.group for p in people],
        }
        print(json.dumps(out))
        return 0
    label = {p.id: f"{p.id}{'*' if p.host_of is not None else ''}{'/' + p.group[:3] if p.group else ''}" for p in people}
    for r, seating in enumerate(plan):
        print(f"Round {r + 1}")
        tabs = _by_table(seating)
        for T in range(args.tables):
            print(f"  table {T:>2}: " + " ".join(label[pid] for pid in sorted(tabs.get(T, []))))
    q = assess_plan(people, tables, plan, seconds)
    print()
    print("* host" if args.hosts else "", end="\n" if args.hosts else "")
    print(f"repeated pairs: {q.repeated_pairs} (worst-off person: {q.worst_person_repeats})")
    print(f"different people met: mean {q.mean_met:.2f}, min {q.min_met}, bound {q.bound}"
          f"{' (at the bound)' if q.at_bound else ''}")
    print(f"table revisits: {q.revisits}")
    print(f"table size spread: {q.size_spread}")
    print(f"worst group deviation: {q.max_group_deviation:.2f} person"
          f"{' (balanced)' if q.groups_balanced else ' (NOT within one person)'}")
    print(f"seconds: {q.seconds:.3f}")
    return 0
