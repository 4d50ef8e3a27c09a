"""The phase rules and the round clock, as plain values: no app, no database."""
from __future__ import annotations

import pytest

from cafe.domain import phases
from cafe.domain.phases import (
    BREAK,
    DRAFT,
    FINISHED,
    HARVEST,
    LOBBY,
    NO_HARVEST,
    PAUSED,
    PHASES,
    RESULTS,
    REVIEW,
    RUNNING,
    VOTING,
)


@pytest.mark.parametrize("step, phase, expected", [
    ("open_cafe", DRAFT, True), ("open_cafe", LOBBY, False),
    ("start_round", LOBBY, True), ("start_round", BREAK, True), ("start_round", RUNNING, False),
    ("pause_round", RUNNING, True), ("pause_round", PAUSED, False),
    ("resume_round", PAUSED, True), ("resume_round", RUNNING, False),
    ("add_minutes", RUNNING, True), ("add_minutes", PAUSED, True), ("add_minutes", BREAK, False),
    ("end_round", RUNNING, True), ("end_round", PAUSED, True), ("end_round", REVIEW, False),
    ("rotate", REVIEW, True), ("rotate", BREAK, False),
    ("move_person", LOBBY, True), ("move_person", RUNNING, False),
    ("set_host", DRAFT, True), ("set_host", REVIEW, False),
    ("run_harvest", REVIEW, True), ("run_harvest", FINISHED, True), ("run_harvest", RUNNING, False),
    ("open_voting", FINISHED, True), ("open_voting", BREAK, False),
])
def test_each_step_is_allowed_only_from_its_phases(step, phase, expected):
    assert phases.allowed(step, phase) is expected


def test_every_step_names_only_real_phases():
    for step, allowed_from in phases.ALLOWED_FROM.items():
        assert set(allowed_from) <= set(PHASES), step
    for step, states in phases.HARVEST_ALLOWED_FROM.items():
        assert set(states) <= set(phases.HARVEST_STATES), step


def test_a_finished_cafe_takes_no_round_step():
    round_steps = ("start_round", "pause_round", "resume_round", "add_minutes", "end_round",
                   "rotate", "move_person", "set_host")
    assert not any(phases.allowed(step, FINISHED) for step in round_steps)


@pytest.mark.parametrize("step, state, expected", [
    ("run_harvest", NO_HARVEST, True), ("run_harvest", HARVEST, True),
    ("run_harvest", VOTING, False), ("open_voting", HARVEST, True),
    ("open_voting", RESULTS, True), ("open_voting", VOTING, False),
    ("close_voting", VOTING, True), ("close_voting", RESULTS, False),
    ("cast_votes", VOTING, True), ("cast_votes", RESULTS, False),
])
def test_harvest_steps_follow_the_harvest_state(step, state, expected):
    assert phases.harvest_allowed(step, state) is expected


def test_remaining_time_counts_down_while_running_and_stands_while_paused():
    assert phases.remaining(RUNNING, ends_at=1_100.0, left=None, now=1_000.0) == 100.0
    assert phases.remaining(RUNNING, ends_at=1_100.0, left=None, now=1_200.0) == 0.0
    assert phases.remaining(PAUSED, ends_at=None, left=42.0, now=9_999.0) == 42.0
    assert phases.remaining(BREAK, ends_at=None, left=None, now=1_000.0) is None


def test_pause_then_resume_keeps_the_time_left():
    ends_at = phases.started(now=1_000.0, round_seconds=1_200)
    assert ends_at == 2_200.0
    left = phases.paused(ends_at, now=1_500.0)
    assert left == 700.0
    assert phases.resumed(left, now=5_000.0) == 5_700.0
    assert phases.paused(ends_at, now=9_000.0) == 0.0      # paused after time was up


def test_adding_minutes_to_a_running_round_moves_its_end():
    assert phases.added_minutes(RUNNING, 2_000.0, None, 5, now=1_000.0) == (2_300.0, None)
    # time already up: the minutes count from now
    assert phases.added_minutes(RUNNING, 500.0, None, 2, now=1_000.0) == (1_120.0, None)
    # taking time back never ends the round in the past
    assert phases.added_minutes(RUNNING, 1_100.0, None, -30, now=1_000.0) == (1_000.0, None)


def test_adding_minutes_to_a_paused_round_changes_the_time_left():
    assert phases.added_minutes(PAUSED, None, 100.0, 1, now=1_000.0) == (None, 160.0)
    assert phases.added_minutes(PAUSED, None, 100.0, -5, now=1_000.0) == (None, 0.0)
