"""Rate limits on socket events, with the `limits` library that Flask-Limiter uses for pages.

Notes are counted per seat (a venue's phones share one address behind NAT, and a reconnect must
not reset the count); every other event per connection, and a participant's connections together
as one (their seat), so reconnecting resets nothing either. Over a limit the event changes nothing
and is answered `rate_limited` with `retry_after`, the seconds until it would be accepted.
The counters live in this process, or in the message queue's Redis when there is one, so a
limit holds across processes (RATELIMIT_STORAGE_URI, shared with Flask-Limiter).
"""
from __future__ import annotations

import logging
import math
import time

from limits import parse_many, strategies
from limits.storage import MemoryStorage, storage_from_string

log = logging.getLogger(__name__)


class SweepingMemoryStorage(MemoryStorage):
    """limits' in-memory storage, expiring old counters on a hit at most every few seconds.

    The parent arms a timer 10 ms after any hit that walks every counter: with 500 phones that
    cost 0.5 ms of CPU per note, more than storing the note. Expired counters are ignored when
    read either way; the sweep only frees their memory, so doing it every 5 s is as correct.
    """

    STORAGE_SCHEME = ["cafe-memory"]
    SWEEP_SECONDS = 5.0
    _last_sweep = 0.0

    def _MemoryStorage__schedule_expiry(self) -> None:     # the parent's private hook
        now = time.time()
        if now - self._last_sweep >= self.SWEEP_SECONDS:
            self._last_sweep = now
            self._MemoryStorage__expire_events()


class SocketLimits:
    """The socket events' limits of one app: `note(seat)` and `event(sid)` say how long to wait."""

    def __init__(self, storage_uri: str, prefix: str, note_rate: str, event_rate: str,
                 ignored_rate: str = "20 per 10 seconds"):
        self.storage = storage_from_string(storage_uri)
        self.limiter = strategies.MovingWindowRateLimiter(self.storage)
        self.prefix = prefix
        self.note_limits = parse_many(note_rate)
        self.event_limits = parse_many(event_rate)
        self.ignored_limits = parse_many(ignored_rate)

    def _wait(self, rules, *key: str) -> int | None:
        """None if allowed (and counted), else whole seconds until it would be."""
        try:
            for rule in rules:
                if not self.limiter.hit(rule, self.prefix, *key):
                    reset_at, _ = self.limiter.get_window_stats(rule, self.prefix, *key)
                    return max(1, math.ceil(reset_at - time.time()))
        except Exception:       # the counters' Redis is down: serve rather than refuse everyone
            log.warning("rate limit storage unavailable", exc_info=True)
        return None

    def note(self, participant_id: int) -> int | None:
        """Count a note from this seat; the seconds to wait when over the limit."""
        return self._wait(self.note_limits, "note", str(participant_id))

    def table_note(self, table_id: int) -> int | None:
        """Count a note from a table's shared device, at a seat's rate; the seconds to wait."""
        return self._wait(self.note_limits, "note", f"table-{table_id}")

    def event(self, key: str) -> int | None:
        """Count any other event from this sender; the seconds to wait when over the limit."""
        return self._wait(self.event_limits, "event", key)

    def ignores_refusals(self, key: str) -> bool:
        """Count a refusal; True once the connection keeps sending after being told to wait.

        A phone waits `retry_after`, so it collects a few refusals at most (an outbox sent
        at once). A script that does not wait is disconnected: answering each of its messages,
        even with a refusal, would still take the server's time from everyone else.
        """
        return self._wait(self.ignored_limits, "ignored", key) is not None

    def ignoring(self, key: str) -> bool:
        """Whether this sender was lately cut off for ignoring refusals (without counting)."""
        try:
            return not all(self.limiter.test(rule, self.prefix, "ignored", key)
                           for rule in self.ignored_limits)
        except Exception:
            return False


def init_app(app) -> SocketLimits:
    """Build the app's socket limits from its settings (app.extensions['cafe_limits'])."""
    limits = SocketLimits(app.config["RATELIMIT_STORAGE_URI"],
                          app.config["RATELIMIT_KEY_PREFIX"],
                          app.config["NOTE_RATE"], app.config["EVENT_RATE"])
    app.extensions["cafe_limits"] = limits
    return limits
