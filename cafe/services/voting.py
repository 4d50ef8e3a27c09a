"""Dot voting: each person's ballot from their phone, and the dots counted on paper ballots.

Service layer: combines the models with the pure `cafe.domain.priorities`; it never touches
`request` or emits. The harvest's views (`cafe.services.harvest`) rank the themes from these
tallies, phones' and paper's together.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, select

from cafe.domain.errors import Refused
from cafe.domain.priorities import clean_ballot, clean_paper_tallies, tally
from cafe.extensions import db
from cafe.models import RESULTS, VOTING, Cafe, PaperTally, Participant, Theme, Vote
from cafe.services.cafes import get_cafe
from cafe.services.transaction import lock_cafe


def _locked_cafe(cafe_id) -> Cafe:
    """The café, with its write lock taken and its row freshly read (the caller commits)."""
    cafe = get_cafe(cafe_id)
    lock_cafe(cafe.id)
    db.session.refresh(cafe)
    return cafe


def cast_votes(person: Participant, votes) -> dict[int, int]:
    """Replace this person's dots with `votes` ({theme id: dots}); returns the ballot as stored.

    The whole ballot is replaced, so sending it again (after a reload or reconnect) counts once.
    """
    if person.left_at is not None:
        raise Refused("person_left")      # they left the café: their dots are not theirs to place
    cafe = _locked_cafe(person.cafe_id)
    if cafe.harvest_state != VOTING:
        db.session.rollback()
        raise Refused("voting_closed")
    open_themes = set(db.session.scalars(select(Theme.id).where(
        Theme.cafe_id == cafe.id, Theme.hidden.is_(False))))
    ballot = clean_ballot(votes, theme_ids=open_themes, dots=cafe.dots)
    db.session.execute(delete(Vote).where(Vote.participant_id == person.id))
    db.session.add_all(Vote(cafe_id=cafe.id, participant_id=person.id, theme_id=theme_id,
                            count=count) for theme_id, count in ballot.items())
    db.session.commit()           # the café's lock made ballots from two tabs take turns
    return ballot


def set_paper_tallies(cafe_id, voters, entries) -> Cafe:
    """Replace the dots counted on paper: how many people voted on paper, and their dots per
    theme ({"theme", "group" or None, "count"}); added to the phones' votes in the ranking."""
    cafe = _locked_cafe(cafe_id)
    if cafe.harvest_state not in (VOTING, RESULTS):
        db.session.rollback()
        raise Refused("wrong_phase")
    open_themes = set(db.session.scalars(select(Theme.id).where(
        Theme.cafe_id == cafe.id, Theme.hidden.is_(False))))
    voters, counts = clean_paper_tallies(entries, theme_ids=open_themes, groups=cafe.groups,
                                         voters=voters, dots=cafe.dots)
    db.session.execute(delete(PaperTally).where(PaperTally.cafe_id == cafe.id))
    db.session.add_all(PaperTally(cafe_id=cafe.id, theme_id=theme_id, group=group, count=count)
                       for (theme_id, group), count in counts.items())
    cafe.paper_voters = voters
    db.session.commit()
    return cafe


def paper_tallies(cafe: Cafe) -> list[dict]:
    """The dots counted on paper as entered: [{theme, group, count}], for the dashboard's form."""
    return [{"theme": theme_id, "group": group, "count": count}
            for theme_id, group, count in db.session.execute(
                select(PaperTally.theme_id, PaperTally.group, PaperTally.count)
                .where(PaperTally.cafe_id == cafe.id).order_by(PaperTally.id))]


def my_votes(person: Participant) -> dict[int, int]:
    """This person's ballot as stored."""
    return dict(db.session.execute(select(Vote.theme_id, Vote.count)
                                   .where(Vote.participant_id == person.id)).all())


def phone_ballots(cafe: Cafe) -> dict[int, dict[int, int]]:
    """participant id -> ballot, for the café's visible themes."""
    ballots: dict[int, dict[int, int]] = defaultdict(dict)
    for pid, theme_id, count in db.session.execute(
            select(Vote.participant_id, Vote.theme_id, Vote.count)
            .join(Theme, Theme.id == Vote.theme_id)
            .where(Vote.cafe_id == cafe.id, Theme.hidden.is_(False))):
        ballots[pid][theme_id] = count
    return ballots


@dataclass
class PaperDots:
    """The dots counted on paper for a café's visible themes."""
    voters: int
    by_theme: Counter                     # theme id -> dots
    by_group: dict[str, Counter]          # group -> theme id -> dots (when the group was noted)


def paper_dots(cafe: Cafe) -> PaperDots:
    by_theme: Counter = Counter()
    by_group: dict[str, Counter] = defaultdict(Counter)
    for theme_id, group, count in db.session.execute(
            select(PaperTally.theme_id, PaperTally.group, PaperTally.count)
            .join(Theme, Theme.id == PaperTally.theme_id)
            .where(PaperTally.cafe_id == cafe.id, Theme.hidden.is_(False))):
        by_theme[theme_id] += count
        if group is not None:
            by_group[group][theme_id] += count
    return PaperDots(cafe.paper_voters, by_theme, dict(by_group))


def tally_view(ballots: dict[int, dict[int, int]], paper: PaperDots) -> dict:
    """Votes per theme, phones' and paper's together, and how many people voted each way."""
    return {"tallies": {str(k): v for k, v in (tally(ballots.values()) + paper.by_theme).items()},
            "voters": sum(1 for b in ballots.values() if b) + paper.voters,
            "paper": {str(k): v for k, v in paper.by_theme.items()},
            "paper_voters": paper.voters}


def tallies(cafe: Cafe) -> dict:
    """Votes per theme so far (paper dots included) and how many people voted:
    {tallies: {id: votes}, voters, paper: {id: paper dots}, paper_voters}."""
    return tally_view(phone_ballots(cafe), paper_dots(cafe))
