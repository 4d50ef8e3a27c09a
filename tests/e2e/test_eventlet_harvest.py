"""Under eventlet (wsgi.py, in a subprocess): CPU-heavy harvest work leaves the event loop ticking."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("mode,runner", [("eventlet", "eventlet.tpool.execute"),
                                         ("threading", "cafe.config.run_inline")])
def test_wsgi_picks_the_cpu_runner_for_its_async_mode(tmp_path, mode, runner):
    """Only wsgi.py knows eventlet: it hands clustering and clouds to eventlet's thread pool."""
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, CAFE_ASYNC_MODE=mode, DATABASE_URL=f"sqlite:///{tmp_path / 'c.sqlite3'}",
               CAFE_SECRET_KEY="x", CAFE_FACILITATOR_TOKEN="y" * 20)
    code = "import wsgi; r = wsgi.app.config['CPU_RUNNER']; print(r.__module__ + '.' + r.__name__)"
    out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True,
                         text=True, timeout=60, check=True)
    assert out.stdout.strip().splitlines()[-1] == runner, out.stderr


CLOCK_DURING_HARVEST = """
import random, time
import wsgi                                   # eventlet, monkey-patched, as at a venue
import eventlet
from cafe.domain.themes import cluster_notes
from cafe.domain.wordclouds import render_wordcloud
run = wsgi.app.config["CPU_RUNNER"]
words = "bus park light school tree road safe clean shop youth music food health water art".split()
rng = random.Random(0)
notes = [" ".join(rng.choice(words) for _ in range(6)) + f" idea {i}" for i in range(2000)]
gaps, done = [], []
# The loop's own work between ticks: CPU time of its OS thread. Work done on the loop would add it;
# a busy machine pausing the whole process adds none, so contention can't fail the test.
def clock():                                  # stands in for the café's timers and sockets
    last = time.thread_time()
    while not done:
        eventlet.sleep(0.02)
        now = time.thread_time()
        gaps.append(now - last)
        last = now
ticking = eventlet.spawn(clock)
eventlet.sleep(0.1)
work, loop = time.process_time(), time.thread_time()
run(cluster_notes, notes, seed=0)
run(render_wordcloud, notes, width=1200, height=600, seed=0)
took = (time.process_time() - work) - (time.thread_time() - loop)     # CPU spent off the loop
done.append(True)
ticking.wait()
print(f"{took:.3f} {max(gaps):.3f}")
"""


def test_the_event_loop_keeps_ticking_while_2000_notes_are_clustered(tmp_path):
    """Under eventlet the clustering and the word cloud run in real threads: the loop never stalls."""
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, CAFE_ASYNC_MODE="eventlet", DATABASE_URL=f"sqlite:///{tmp_path / 'c.sqlite3'}",
               CAFE_SECRET_KEY="x", CAFE_FACILITATOR_TOKEN="y" * 20)
    out = subprocess.run([sys.executable, "-c", CLOCK_DURING_HARVEST], cwd=root, env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    took, longest_gap = map(float, out.stdout.split()[-2:])
    assert took > 0.3                 # real work, done off the loop's thread
    assert longest_gap < min(0.3, took / 2), (took, longest_gap)
