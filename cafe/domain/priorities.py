"""Dot voting and community priorities (pure domain code: no Flask, no database).

A ballot is `{theme id: dots}`; ranking orders themes by votes with ties broken by spread (a theme
raised at more tables, then in more rounds, is more of a community pattern than a local idea);
stakeholder groups smaller than MIN_GROUP_SIZE are never shown, so no count points at a person.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence

from cafe.domain.limits import PRIVACY_THRESHOLD
from cafe.domain.validation import Invalid, clean_int

MIN_GROUP_SIZE = PRIVACY_THRESHOLD   # the same rule as the report's small-count suppression
MAX_PAPER_VOTERS = 10_000       # more than any room holds: a typo, not a café


def clean_ballot(votes, *, theme_ids: Collection[int], dots: int) -> dict[int, int]:
    """A person's dots as {theme id: count > 0}, or Invalid: unknown theme, bad count, too many dots.

    Theme ids may come as JSON object keys, that is as strings of digits.
    """
    if not isinstance(votes, dict):
        raise Invalid("wrong_type", "votes")
    ballot: dict[int, int] = {}
    for key, count in votes.items():
        if isinstance(key, str) and key.isascii() and key.isdigit() and len(key) < 19:
            key = int(key)
        if isinstance(key, bool) or not isinstance(key, int):
            raise Invalid("wrong_type", "votes")
        if key not in theme_ids:
            raise Invalid("not_found", "votes")
        if isinstance(count, int) and not isinstance(count, bool) and count > dots:
            raise Invalid("too_many_dots", "votes", dots=dots)    # as docs/PROTOCOL.md promises
        count = clean_int(count, field="votes", low=0, high=dots)
        if count:
            ballot[key] = ballot.get(key, 0) + count
    if sum(ballot.values()) > dots:
        raise Invalid("too_many_dots", "votes", dots=dots)
    return ballot


def clean_paper_tallies(entries, *, theme_ids: Collection[int], groups: Collection[str],
                        voters, dots: int) -> tuple[int, dict[tuple[int, str | None], int]]:
    """Dots counted on paper: (voters, {(theme id, group or None): count > 0}), or Invalid.

    `entries` is a list of {"theme": id, "group": name or None, "count": n}. No count may be
    negative, a theme and group come once, and the dots can't outnumber what `voters` people had.
    """
    voters = clean_int(voters, field="voters", low=0, high=MAX_PAPER_VOTERS)
    if not isinstance(entries, list):
        raise Invalid("wrong_type", "tallies")
    if len(entries) > len(theme_ids) * (len(groups) + 1):
        raise Invalid("too_many", "tallies", max=len(theme_ids) * (len(groups) + 1))
    limit = voters * dots
    counts: dict[tuple[int, str | None], int] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            raise Invalid("wrong_type", "tallies")
        theme, group, count = entry.get("theme"), entry.get("group"), entry.get("count")
        if isinstance(theme, bool) or not isinstance(theme, int):
            raise Invalid("wrong_type", "tallies")
        if theme not in theme_ids:
            raise Invalid("not_found", "tallies")
        if group is not None and group not in groups:
            raise Invalid("unknown_group", "tallies")
        if isinstance(count, int) and not isinstance(count, bool) and count < 0:
            raise Invalid("negative_count", "tallies")
        count = clean_int(count, field="tallies", low=0, high=MAX_PAPER_VOTERS * max(dots, 1))
        if (theme, group) in counts:
            raise Invalid("duplicate", "tallies")
        counts[(theme, group)] = count
    if sum(counts.values()) > limit:
        raise Invalid("too_many_paper_dots", "tallies", voters=voters, dots=limit)
    return voters, {key: count for key, count in counts.items() if count}


def tally(ballots: Iterable[Mapping[int, int]]) -> Counter:
    """Votes per theme id over every ballot."""
    total: Counter = Counter()
    for ballot in ballots:
        total.update(ballot)
    return total


def rank_priorities(themes: Sequence[Mapping]) -> list[Mapping]:
    """Themes (mappings with votes, tables, rounds, position) most voted first.

    Ties go to the wider spread: more tables, then more rounds; then the order the harvest found them.
    """
    return sorted(themes, key=lambda t: (-t["votes"], -t["tables"], -t["rounds"], t["position"]))


def shown_group_counts(counts: Mapping[str | None, int], group_sizes: Mapping[str | None, int],
                       minimum: int = MIN_GROUP_SIZE) -> dict[str, int]:
    """`counts` for the named groups with at least `minimum` people; the others are left out."""
    return {group: count for group, count in counts.items()
            if group is not None and group_sizes.get(group, 0) >= minimum}


def rank_by_group(ballots: Iterable[tuple[str | None, Mapping[int, int]]], themes: Sequence[Mapping],
                  minimum: int = MIN_GROUP_SIZE,
                  paper: Mapping[str, Mapping[int, int]] | None = None) -> dict[str, list[dict]]:
    """For each group with at least `minimum` voters, the themes ranked by that group's votes alone.

    `ballots` holds (voter's group, ballot) pairs; `themes` is as rank_priorities takes it. Each
    entry is the theme's mapping with `votes` replaced by the group's votes. `paper` adds the
    dots counted on paper for a group ({group: {theme id: dots}}) to the groups shown.
    """
    by_group: dict[str, list[Mapping[int, int]]] = {}
    for group, ballot in ballots:
        if group is not None and ballot:
            by_group.setdefault(group, []).append(ballot)
    ranked = {}
    for group, group_ballots in by_group.items():
        if len(group_ballots) < minimum:
            continue
        votes = tally(group_ballots) + Counter((paper or {}).get(group, {}))
        ranked[group] = rank_priorities([dict(t, votes=votes.get(t["theme_id"], 0)) for t in themes])
    return ranked
