"""Under eventlet (wsgi.py, in a subprocess): a report downloaded mid-round leaves the clock ticking."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Run in a fresh process as the venue runs (wsgi.py: eventlet, CPU_RUNNER = its thread pool). A
# green thread ticks every 20 ms while the report of a 2,000-note café is downloaded mid-round.
# What it measures is the event loop's own work between ticks: the CPU time of the loop's OS
# thread (time.thread_time). A report made on the loop would add seconds of it between two ticks;
# a busy machine that merely pauses the whole process adds none, so contention can't fail it.
CLOCK_DURING_REPORT = """
import random, time
import wsgi                                   # eventlet, monkey-patched, as at a venue
import eventlet
from cafe import services
from cafe.extensions import db
app = wsgi.app
words = "bus park light school tree road safe clean shop youth music food health water art".split()
rng = random.Random(0)
with app.app_context():
    cafe = services.create_cafe(title="Big café", questions=["What matters?"],
        tables=[services.TableSpec(name=str(i + 1), colour="") for i in range(10)],
        round_minutes=20, num_rounds=3, groups=["Resident"])
    cafe = services.open_cafe(cafe.id, cafe.version)
    people = [services.join_cafe(cafe.join_code, name="", group="Resident", can_host=False,
                                 language="en", languages={"en": "English"}) for _ in range(40)]
    cafe = services.start_round(cafe.id, cafe.version)
    for i in range(2000):
        text = " ".join(rng.choice(words) for _ in range(6)) + f" idea {i}"
        services.submit_note(people[i % 40], f"big-note-{i:05d}", text, 1)
    cafe_id = cafe.id
client = app.test_client()
client.get("/facilitator/?token=" + app.config["FACILITATOR_TOKEN"])
gaps, done = [], []
def clock():                                  # stands in for the café's timers and sockets
    last_cpu = time.thread_time()
    while not done:
        eventlet.sleep(0.02)
        cpu = time.thread_time()
        gaps.append(cpu - last_cpu)
        last_cpu = cpu
ticking = eventlet.spawn(clock)
eventlet.sleep(0.1)
work = time.process_time()
loop = time.thread_time()
response = client.get(f"/facilitator/cafes/{cafe_id}/downloads/report.pdf")
elsewhere = (time.process_time() - work) - (time.thread_time() - loop)
done.append(True)
ticking.wait()
assert response.status_code == 200 and response.data.startswith(b"%PDF"), response.status_code
print(f"{elsewhere:.3f} {max(gaps):.3f} {len(gaps)}")
"""


def test_the_clock_keeps_ticking_while_a_report_downloads_mid_round(tmp_path):
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, CAFE_ASYNC_MODE="eventlet", DATABASE_URL=f"sqlite:///{tmp_path / 'c.sqlite3'}",
               CAFE_SECRET_KEY="x", CAFE_FACILITATOR_TOKEN="y" * 20)
    out = subprocess.run([sys.executable, "-c", CLOCK_DURING_REPORT], cwd=root, env=env,
                         capture_output=True, text=True, timeout=300, check=True)
    elsewhere, longest, ticks = out.stdout.split()[-3:]
    assert float(elsewhere) > 0.25, out.stdout       # real work was done, off the loop's thread
    assert int(ticks) >= 3
    assert float(longest) < 0.25, out.stdout          # the loop itself never worked 250 ms at once
