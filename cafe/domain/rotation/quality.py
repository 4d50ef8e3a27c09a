"""Quality figures of a round and of a plan: new people met, repeats, table sizes, group balance."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from cafe.domain.rotation.languages import language_misfits
from cafe.domain.rotation.problem import Person, Seating, Table


@dataclass(frozen=True)
class RoundQuality:
    """Figures for one round, shown to the facilitator before a rotation is confirmed."""

    min_new: int
    mean_new: float
    bound: int
    repeated_pairs: int
    max_group_deviation: float
    groups_balanced: bool
    table_sizes: tuple[int, ...]
    wrong_language: int = 0  # people seated where the language they need is not spoken


def _encounters(history: Sequence[Seating]) -> set[frozenset]:
    met: set[frozenset] = set()
    for seating in history:
        for members in _by_table(seating).values():
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    met.add(frozenset((a, b)))
    return met


def _by_table(seating: Seating) -> dict:
    tabs: dict = {}
    for pid, T in seating.items():
        tabs.setdefault(T, []).append(pid)
    return tabs


def _group_deviation(people: Sequence[Person], seating: Seating) -> float:
    groups = {p.id: p.group for p in people}
    present = [pid for pid in seating if pid in groups]
    n = len(present)
    totals: dict = {}
    for pid in present:
        if groups[pid] is not None:
            totals[groups[pid]] = totals.get(groups[pid], 0) + 1
    worst = 0.0
    for members in _by_table({pid: seating[pid] for pid in present}).values():
        for g, total in totals.items():
            count = sum(groups[pid] == g for pid in members)
            worst = max(worst, abs(count - len(members) * total / n))
    return worst


def assess_round(people, tables, history: Sequence[Seating], seating: Seating) -> RoundQuality:
    """Figures for the coming round: new people met, repeats, group balance, table sizes."""
    met = _encounters(history)
    tabs = _by_table(seating)
    new_counts = []
    repeated = 0
    for members in tabs.values():
        for a in members:
            new_counts.append(sum(1 for b in members if b != a and frozenset((a, b)) not in met))
        for i, a in enumerate(members):
            repeated += sum(1 for b in members[i + 1 :] if frozenset((a, b)) in met)
    sizes = tuple(len(tabs.get(T, ())) for T in range(len(tables)))
    occupied = [s for s in sizes if s] or [len(m) for m in tabs.values()] or [0]
    dev = _group_deviation(people, seating)
    return RoundQuality(
        min_new=min(new_counts) if new_counts else 0,
        mean_new=sum(new_counts) / len(new_counts) if new_counts else 0.0,
        bound=max(0, min(occupied) - 1),
        repeated_pairs=repeated,
        max_group_deviation=round(dev, 3),
        groups_balanced=dev <= 1 + 1e-9,
        table_sizes=sizes,
        wrong_language=len(language_misfits(people, tables, seating)),
    )


@dataclass(frozen=True)
class PlanQuality:
    """Figures for a whole plan (history plus planned rounds)."""

    repeated_pairs: int  # extra meetings of pairs who already met, summed over all pairs
    worst_person_repeats: int  # the same, for the person with the most
    mean_met: float  # different people met per person
    min_met: int
    bound: int  # min(r·(k-1), n-1) with k the smallest table size
    at_bound: bool  # everyone met as many different people as their tables allowed
    revisits: int  # traveller visits to a table they had already sat at
    size_spread: int  # largest minus smallest table size in any round
    max_group_deviation: float
    groups_balanced: bool
    seconds: float = 0.0
    wrong_language: int = 0  # seats, over all rounds, where the person's language is not spoken


def assess_plan(people: Sequence[Person], tables: Sequence[Table], seatings: Sequence[Seating], seconds: float = 0.0) -> PlanQuality:
    """Quality figures of a whole plan: repeats, people met against the bound, revisits, balance."""
    ids = [p.id for p in people]
    hosts = {p.id for p in people if p.host_of is not None}
    meet: dict = {pid: {} for pid in ids}
    visits: dict = {pid: {} for pid in ids}
    potential = {pid: 0 for pid in ids}
    spread = 0
    dev = 0.0
    min_size = None
    for seating in seatings:
        tabs = _by_table(seating)
        sizes = [len(tabs.get(T, ())) for T in range(len(tables))]
        spread = max(spread, max(sizes) - min(sizes) if sizes else 0)
        occupied = [s for s in sizes if s]
        if occupied:
            min_size = min(occupied) if min_size is None else min(min_size, min(occupied))
        dev = max(dev, _group_deviation(people, seating))
        for T, members in tabs.items():
            for a in members:
                if a not in meet:
                    continue
                potential[a] += len(members) - 1
                visits[a][T] = visits[a].get(T, 0) + 1
                for b in members:
                    if b != a:
                        meet[a][b] = meet[a].get(b, 0) + 1
    n = len(ids)
    per_rep = {a: sum(c - 1 for c in meet[a].values()) for a in ids}
    met = [len(meet[a]) for a in ids]
    revisits = sum(c - 1 for a in ids if a not in hosts for c in visits[a].values())
    k = min_size or 0
    bound = min(len(seatings) * max(k - 1, 0), max(n - 1, 0))
    at_bound = all(len(meet[a]) >= min(potential[a], n - 1) for a in ids)
    return PlanQuality(
        repeated_pairs=sum(per_rep.values()) // 2,
        worst_person_repeats=max(per_rep.values(), default=0),
        mean_met=sum(met) / n if n else 0.0,
        min_met=min(met, default=0),
        bound=bound,
        at_bound=at_bound,
        revisits=revisits,
        size_spread=spread,
        max_group_deviation=round(dev, 3),
        groups_balanced=dev <= 1 + 1e-9,
        seconds=seconds,
        wrong_language=sum(len(language_misfits(people, tables, s)) for s in seatings),
    )
