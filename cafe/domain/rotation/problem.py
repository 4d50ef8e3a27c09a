"""The planning problem: people, tables, the weights of the soft goals, and the arrays the search works on."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable, Sequence

import numpy as np


@dataclass(frozen=True)
class Person:
    """A participant as the planner sees them."""

    id: Hashable
    group: str | None = None
    host_of: int | None = None
    together: Hashable | None = None
    language: str | None = None


@dataclass(frozen=True)
class Table:
    """A table: an optional seat limit and the languages spoken there (None: any)."""

    capacity: int | None = None
    languages: frozenset[str] | None = None


Seating = dict  # person id -> table index

# Weights of the soft goals, in the priority order.  A repeated encounter costs more
# than anything else; a revisit (only soft when r > t or languages leave no choice) next; then
# group balance; moving a person relative to the previous plan is cheapest but not free.
W_REPEAT = 10.0
W_REVISIT = 6.0
W_GROUP_OFF = 1.0  # per person outside [floor(share), ceil(share)] of a group at a table
W_GROUP_VIOLATION = 4.0  # extra when a group is more than one person off its share
W_CHANGE = 3.0  # per person and round seated elsewhere than in the previous plan
W_LANGUAGE = 1e5  # a person seated where their language is not spoken: only ever inherited
W_LEXICOGRAPHIC = 1000.0  # a repeat outweighs any group imbalance when repeats reached zero
_FORBIDDEN = 1e7
_MANDATORY = -1e5
_FORBIDDEN_REVISIT = 1e4
# --------------------------------------------------------------------------------------------
# Problem set-up


def _size_bounds(n: int, caps: Sequence[int | None]) -> tuple[list[int], list[int]]:
    """Per-table (lo, hi) sizes: balanced to within one person, never above a capacity."""
    t = len(caps)
    eff = [n if c is None else max(0, int(c)) for c in caps]
    if sum(eff) < n:
        raise ValueError(f"{n} people but only {sum(eff)} seats")
    level = max(1, -(-n // t)) if t else 0
    while level > 0 and sum(min(c, level - 1) for c in eff) >= n:
        level -= 1
    while sum(min(c, level) for c in eff) < n:
        level += 1
    return [min(c, max(level - 1, 0)) for c in eff], [min(c, level) for c in eff]


class _Problem:
    """Indices, masks and the encounters of earlier rounds for one planning call."""

    def __init__(self, people, tables, rounds, history):
        self.people = list(people)
        self.ids = [p.id for p in self.people]
        self.index = {pid: i for i, pid in enumerate(self.ids)}
        if len(self.index) != len(self.ids):
            raise ValueError("duplicate person id")
        self.tables = list(tables)
        n = self.n = len(self.people)
        t = self.t = len(self.tables)
        if n and not t:
            raise ValueError("no tables")
        self.R0 = len(history)
        self.R = max(0, rounds - self.R0)
        self.lo, self.hi = _size_bounds(n, [tb.capacity for tb in self.tables]) if t else ([], [])
        self._set_groups()
        self._set_units()
        self._set_languages()
        present = self._set_history(history)
        # a traveller must not revisit a table while unvisited suitable tables remain
        unvisited = (self.allow & (self.V == 0)).sum(axis=1)
        self.hard_norev = (self.fixed < 0) & (self.R <= unvisited)
        self.w_rev = np.where(self.fixed < 0, W_REVISIT, 0.0)
        self.min_revisits = np.maximum(0, present + self.R - self.allow.sum(axis=1))

    def _set_groups(self) -> None:
        """Group index of each person; people without a group form the last column, which never costs anything."""
        names: list[str] = []
        for p in self.people:
            if p.group is not None and p.group not in names:
                names.append(p.group)
        self.group_names = names
        self.G = len(names)
        gi = {g: k for k, g in enumerate(names)}
        self.grp = np.array([gi.get(p.group, self.G) for p in self.people], dtype=np.int64)
        counts = np.bincount(self.grp, minlength=self.G + 1)
        self.group_frac = counts[: self.G] / max(self.n, 1)

    def _set_units(self) -> None:
        """Keep-together units, and the table of hosts and their companions."""
        by_key: dict = {}
        self.units: list[list[int]] = []
        for i, p in enumerate(self.people):
            if p.together is None:
                self.units.append([i])
            elif p.together in by_key:
                self.units[by_key[p.together]].append(i)
            else:
                by_key[p.together] = len(self.units)
                self.units.append([i])
        self.unit_of = np.zeros(self.n, dtype=np.int64)
        for u, members in enumerate(self.units):
            self.unit_of[members] = u
        self.fixed = np.full(self.n, -1, dtype=np.int64)
        for members in self.units:
            hosts = [self.people[i].host_of for i in members if self.people[i].host_of is not None]
            hosts = [h for h in hosts if 0 <= h < self.t]
            if hosts:
                self.fixed[members] = hosts[0]

    def _set_languages(self) -> None:
        """Where each person is understood: a unit may only sit where all its members are."""
        allow = np.ones((self.n, self.t), dtype=bool)
        for T, tb in enumerate(self.tables):
            if tb.languages is not None:
                for i, p in enumerate(self.people):
                    if p.language is not None and p.language not in tb.languages:
                        allow[i, T] = False
        for members in self.units:
            if len(members) > 1:
                allow[members] = allow[members].all(axis=0)
        self.allow = allow

    def _set_history(self, history) -> np.ndarray:
        """Encounters (also with people who left) and table visits of earlier rounds; returns
        how many of them each person was present at."""
        n, t = self.n, self.t
        self.M = np.zeros((n, n), dtype=np.int32)
        self.V = np.zeros((n, t), dtype=np.int32)
        present = np.zeros(n, dtype=np.int32)
        for seating in history:
            tabs: dict = {}
            for pid, T in seating.items():
                i = self.index.get(pid)
                if i is not None:
                    tabs.setdefault(T, []).append(i)
                    present[i] += 1
                    if isinstance(T, (int, np.integer)) and 0 <= T < t:
                        self.V[i, T] += 1
            for members in tabs.values():
                a = np.array(members)
                self.M[np.ix_(a, a)] += 1
        np.fill_diagonal(self.M, 0)
        return present

    def can_sit(self, V: np.ndarray) -> np.ndarray:
        """(n, t) mask of tables each person may take given visits V."""
        return self.allow & (~self.hard_norev[:, None] | (V == 0))
