"""The rules a facilitator lives by: a café's phases, which step is allowed from which phase,
and the round clock's arithmetic. Plain values in and out, so the rules test without an app.
"""
from __future__ import annotations

# The phases a café moves through; transitions are compare-and-set on Cafe.version.
DRAFT = "draft"          # created, join code not yet valid
LOBBY = "lobby"          # open: people join and are seated for round 1
RUNNING = "running"      # a round's clock is counting down
PAUSED = "paused"        # a round's clock is stopped
REVIEW = "review"        # a round ended; the next seating is planned but not yet shown
BREAK = "break"          # people move to their next table; the round has not started
FINISHED = "finished"    # the last round ended
PHASES = (DRAFT, LOBBY, RUNNING, PAUSED, REVIEW, BREAK, FINISHED)

# The harvest has its own state beside the phase, so an interim harvest between rounds leaves the
# round phase alone: clustering notes into themes never stops, starts or rotates a round.
NO_HARVEST = "none"      # no themes yet
HARVEST = "harvest"      # themes shown; the facilitator curates them (and may run it again)
VOTING = "voting"        # phones place their dots on the themes
RESULTS = "results"      # voting closed; themes ranked as the community's priorities
HARVEST_STATES = (NO_HARVEST, HARVEST, VOTING, RESULTS)

# People may join from the café's opening until voting closes, so a latecomer can still vote.
JOINABLE = (LOBBY, RUNNING, PAUSED, REVIEW, BREAK, FINISHED)
VISIBLE = JOINABLE      # a seated participant may still open a finished café
# Harvest states in which no note is taken any more: once voting opens, a note would be missing
# from every ballot.
RECORD_CLOSED = (VOTING, RESULTS)
# A round has been (or is being) run: its seats record who met whom.
ROUND_UNDER_WAY = (RUNNING, PAUSED, REVIEW, FINISHED)

# Which step the facilitator may take from which phase.
ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    "open_cafe": (DRAFT,),
    "start_round": (LOBBY, BREAK),
    "pause_round": (RUNNING,),
    "resume_round": (PAUSED,),
    "add_minutes": (RUNNING, PAUSED),
    "end_round": (RUNNING, PAUSED),
    "rotate": (REVIEW,),
    "move_person": (LOBBY, BREAK),
    "set_host": (DRAFT, LOBBY, BREAK),
    "run_harvest": (REVIEW, BREAK, FINISHED),     # between rounds, and after the last one
    "open_voting": (FINISHED,),
    "close_voting": (FINISHED,),
}

# Which harvest states each harvest step may start from.
HARVEST_ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    "run_harvest": (NO_HARVEST, HARVEST),
    "curate": (HARVEST,),
    "hide_theme": (HARVEST, VOTING, RESULTS),
    "open_voting": (HARVEST, RESULTS),
    "close_voting": (VOTING,),
    "cast_votes": (VOTING,),
}


def joining_open(phase: str, harvest_state: str) -> bool:
    """Whether people may join now: from the café's opening until voting closes."""
    return phase in JOINABLE and harvest_state != RESULTS


def record_open(harvest_state: str) -> bool:
    """Whether notes are still taken (of rounds that were played): until voting opens."""
    return harvest_state not in RECORD_CLOSED


def allowed(step: str, phase: str) -> bool:
    """Whether the facilitator may take `step` while the café is in `phase`."""
    return phase in ALLOWED_FROM[step]


def harvest_allowed(step: str, state: str) -> bool:
    """Whether harvest `step` may be taken while the harvest is in `state`."""
    return state in HARVEST_ALLOWED_FROM[step]


# --- the round clock: absolute `ends_at` while running, `remaining` seconds while paused -------

def remaining(phase: str, ends_at: float | None, left: float | None, now: float) -> float | None:
    """Seconds left in the round at `now`; None when no round clock is running or paused."""
    if phase == RUNNING and ends_at is not None:
        return max(0.0, ends_at - now)
    if phase == PAUSED and left is not None:
        return max(0.0, left)
    return None


def started(now: float, round_seconds: float) -> float:
    """`ends_at` of a round started at `now`."""
    return now + round_seconds


def paused(ends_at: float, now: float) -> float:
    """`remaining` of a round paused at `now`: the time it had left, never below zero."""
    return max(0.0, ends_at - now)


def resumed(left: float, now: float) -> float:
    """`ends_at` of a paused round resumed at `now` with `left` seconds."""
    return now + left


def added_minutes(phase: str, ends_at: float | None, left: float | None, minutes: int,
                  now: float) -> tuple[float | None, float | None]:
    """(ends_at, remaining) after giving the round `minutes` more (negative: fewer, never below 0).

    A running round whose time is already up gains the minutes from now, not from when it ended.
    """
    if phase == RUNNING:
        return max(now, max(now, ends_at) + minutes * 60), left
    return ends_at, max(0.0, left + minutes * 60)
