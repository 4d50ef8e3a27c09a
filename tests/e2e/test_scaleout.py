"""Several app processes serving one café, on PostgreSQL and a Redis message queue.

Two real servers (`python wsgi.py`, eventlet) share a fresh PostgreSQL database and Redis; real
python-socketio clients talk to each. Skipped when PostgreSQL or Redis is unreachable, except in
CI (the CI variable is set), where that is a failure.
"""
from __future__ import annotations

import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
import socketio
from helpers import fresh_postgres, unavailable

from cafe.database import head_revision

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "scaleout-test-token-0123456789abcdef"
SECRET = "scaleout-test-secret"
REDIS = os.environ.get("CAFE_TEST_REDIS", "redis://127.0.0.1:6379/0")
WAIT = 8.0


@pytest.fixture(scope="module")
def database_url():
    """A fresh PostgreSQL database for this test run, dropped afterwards."""
    with fresh_postgres("cafe_scaleout") as url:
        yield url


@pytest.fixture(scope="module")
def redis_url():
    """The Redis message queue, checked to answer."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        unavailable(f"Redis unreachable at {REDIS} ({exc})")
    return REDIS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_servers(count, database_url, redis_url, log_dir):
    """Start `count` app processes at the same moment, as a process manager would; returns (procs, urls)."""
    procs, urls = [], []
    for i in range(count):
        port = free_port()
        env = dict(os.environ, CAFE_PORT=str(port), CAFE_HOST="127.0.0.1",
                   DATABASE_URL=database_url, CAFE_MESSAGE_QUEUE=redis_url,
                   CAFE_FACILITATOR_TOKEN=TOKEN, CAFE_SECRET_KEY=SECRET,
                   CAFE_ASYNC_MODE="eventlet", CAFE_PUBLIC_URL="http://cafe.test")
        with open(log_dir / f"server-{i}.log", "w") as log:
            procs.append(subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=env,
                                          stdout=log, stderr=subprocess.STDOUT))
        urls.append(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 30
    for proc, url, i in zip(procs, urls, range(count)):
        port = int(url.rsplit(":", 1)[1])
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    stop(procs)
                    raise RuntimeError((log_dir / f"server-{i}.log").read_text())
                time.sleep(0.1)
    return procs, urls


def stop(procs):
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def servers(database_url, redis_url, tmp_path_factory):
    """Process A and process B, started together on the same database and queue."""
    procs, urls = start_servers(2, database_url, redis_url, tmp_path_factory.mktemp("scaleout"))
    yield urls
    stop(procs)


# --- clients ------------------------------------------------------------------------------------

class Screen:
    """A real Socket.IO client that keeps every event it receives."""

    def __init__(self, url, cafe_id, role, cookies):
        self.events: queue.Queue = queue.Queue()
        self.seen: list[tuple[str, dict]] = []
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("*", lambda event, data=None: self.events.put((event, data)))
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        self.sio.connect(url, headers={"Cookie": cookie}, auth={"cafe": cafe_id, "role": role},
                         transports=["websocket"], wait_timeout=WAIT)
        self.snapshot = self.wait_for("snapshot")

    def wait_for(self, name, where=lambda data: True, timeout=WAIT):
        """The next `name` event matching `where` (earlier ones are kept in `seen`)."""
        deadline = time.monotonic() + timeout
        for event, data in self.seen:
            if event == name and where(data):
                self.seen.remove((event, data))
                return data
        while True:
            try:
                event, data = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {name} within {timeout}s; saw {[e for e, _ in self.seen]}")
            if event == name and where(data):
                return data
            self.seen.append((event, data))

    def call(self, event, data):
        return self.sio.call(event, data, timeout=WAIT)

    def close(self):
        self.sio.disconnect()


def facilitator_cookies(url):
    response = requests.get(f"{url}/facilitator/?token={TOKEN}", allow_redirects=False, timeout=WAIT)
    assert response.status_code == 302
    return {"session": response.cookies["session"]}


def create_cafe(url, cookies, *, tables=3, rounds=3):
    form = {"title": "Scale-out café", "questions": "What matters most here?",
            "num_rounds": str(rounds), "round_minutes": "20", "num_tables": str(tables),
            "groups": "Resident\nCommunity organization"}
    page = requests.get(f"{url}/facilitator/cafes/new", cookies=cookies, timeout=WAIT)
    form["csrf_token"] = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    cookies = {**cookies, **page.cookies.get_dict()}
    response = requests.post(f"{url}/facilitator/cafes/new", data=form, cookies=cookies,
                             allow_redirects=False, timeout=WAIT)
    assert response.status_code == 302, response.text
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def join(url, code, cafe_id, name):
    response = requests.post(f"{url}/j/{code}", data={"name": name, "language": "en"},
                             allow_redirects=False, timeout=WAIT)
    assert response.status_code == 302, response.text
    seat = f"cafe_seat_{cafe_id}"
    return {seat: response.cookies[seat]}


@pytest.fixture
def open_cafe(servers):
    """An open café made on process B; returns (cafe id, join code, B's facilitator screen)."""
    _, b = servers
    cookies = facilitator_cookies(b)
    cafe_id = create_cafe(b, cookies)
    staff = Screen(b, cafe_id, "facilitator", cookies)
    ack = staff.call("open_cafe", {"version": staff.snapshot["cafe"]["version"]})
    assert ack["ok"], ack
    yield cafe_id, staff.snapshot["join_code"], staff, cookies
    staff.close()


# --- tests --------------------------------------------------------------------------------------

def test_workers_started_together_on_an_empty_database_all_come_up(database_url, tmp_path):
    """Four processes creating the schema at the same moment must not trip over each other."""
    with fresh_postgres("cafe_schema") as fresh:
        start_at = time.time() + 4          # after every interpreter has imported the app
        code = ("import time\nfrom cafe import create_app\n"
                f"time.sleep(max(0, {start_at} - time.time() - 0.05))\n"
                f"while time.time() < {start_at}: pass\n"
                f"create_app({{'SQLALCHEMY_DATABASE_URI': {fresh!r}, 'SECRET_KEY': 'x', "
                "'FACILITATOR_TOKEN': 'y'}); print('up')")
        procs = [subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                 for _ in range(4)]
        outputs = [proc.communicate(timeout=40)[0] for proc in procs]
        assert [out.strip().splitlines()[-1] for out in outputs] == ["up"] * 4, outputs
        from sqlalchemy import create_engine, text
        engine = create_engine(fresh)
        with engine.connect() as connection:
            stamped = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        engine.dispose()
        assert stamped == [head_revision()]            # stamped once, at the newest migration


def test_a_phone_on_a_and_the_facilitator_on_b_see_each_other(servers, open_cafe):
    a, _ = servers
    cafe_id, code, staff, _ = open_cafe
    phone = Screen(a, cafe_id, "participant", join(a, code, cafe_id, "Rosa"))
    try:
        assert staff.wait_for("person_joined")["name"] == "Rosa"     # HTTP join on A, heard on B
        version = phone.snapshot["cafe"]["version"]
        assert staff.call("start_round", {"version": version})["ok"]
        assert phone.wait_for("cafe_changed")["phase"] == "running"

        ack = phone.call("submit_note", {"id": uuid.uuid4().hex, "text": "Shade at bus stops",
                                         "round": 1})
        assert ack["ok"], ack
        assert staff.wait_for("note_added")["text"] == "Shade at bus stops"

        state = phone.call("sync", {})["snapshot"]["cafe"]
        assert staff.call("end_round", {"version": state["version"]})["ok"]
        review = phone.wait_for("cafe_changed", lambda d: d["phase"] == "review")
        assert staff.call("rotate", {"version": review["version"]})["ok"]
        seating = phone.wait_for("seating_changed")
        assert seating["round"] == 2 and str(phone.snapshot["me"]["id"]) in seating["seats"]
    finally:
        phone.close()


def test_a_note_on_b_reaches_a_tablemate_on_a(servers):
    a, b = servers
    # One table only, so both phones sit together whatever the seating plan says.
    cookies = facilitator_cookies(b)
    one_table = create_cafe(b, cookies, tables=1)
    owner = Screen(b, one_table, "facilitator", cookies)
    try:
        assert owner.call("open_cafe", {"version": owner.snapshot["cafe"]["version"]})["ok"]
        code = owner.snapshot["join_code"]
        on_a = Screen(a, one_table, "participant", join(a, code, one_table, "Ana"))
        on_b = Screen(b, one_table, "participant", join(b, code, one_table, "Ben"))
        version = on_b.snapshot["cafe"]["version"]
        assert owner.call("start_round", {"version": version})["ok"]
        on_b.wait_for("cafe_changed")
        assert on_b.call("submit_note", {"id": uuid.uuid4().hex, "text": "More benches",
                                         "round": 1})["ok"]
        assert on_a.wait_for("note_added")["text"] == "More benches"
        # The same note resent through the other process (a phone that reconnected elsewhere)
        # is stored once and gets the same answer: PostgreSQL's unique key catches it.
        note_id = uuid.uuid4().hex
        first = on_b.call("submit_note", {"id": note_id, "text": "Shade", "round": 1})
        again = on_b.call("submit_note", {"id": note_id, "text": "Shade", "round": 1})
        assert first["ok"] and again["ok"] and again["note"]["id"] == first["note"]["id"]
        notes = owner.call("sync", {})["snapshot"]["notes"]
        assert sorted(n["text"] for n in notes) == ["More benches", "Shade"]
        on_a.close(), on_b.close()
    finally:
        owner.close()


def _click_together(screens, event, version):
    """Every screen sends the same transition at the same moment; returns their acks."""
    barrier = threading.Barrier(len(screens))
    acks = [None] * len(screens)

    def click(i):
        barrier.wait()
        acks[i] = screens[i].call(event, {"version": version})
    threads = [threading.Thread(target=click, args=(i,)) for i in range(len(screens))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT * 2)
    return acks


def test_two_facilitators_clicking_on_a_and_b_make_one_transition_and_one_clock(servers, open_cafe):
    a, b = servers
    cafe_id, code, staff_b, cookies = open_cafe
    staff_a = Screen(a, cafe_id, "facilitator", cookies)
    phone = Screen(a, cafe_id, "participant", join(b, code, cafe_id, "Chen"))
    try:
        version = staff_a.snapshot["cafe"]["version"]
        acks = _click_together([staff_a, staff_b], "start_round", version)
        assert sorted(ack.get("error", "ok") for ack in acks) == ["already_advanced", "ok"], acks
        running = phone.wait_for("cafe_changed")
        assert running["version"] == version + 1
        with pytest.raises(AssertionError):      # no second start reaches the phone
            phone.wait_for("cafe_changed", lambda d: d["version"] > version + 1, timeout=1.0)

        clock_a = staff_a.call("sync", {})["snapshot"]["cafe"]
        clock_b = staff_b.call("sync", {})["snapshot"]["cafe"]
        assert clock_a["ends_at"] == clock_b["ends_at"] == running["ends_at"]
        assert abs(clock_a["server_now"] - clock_b["server_now"]) < 2.0

        assert staff_a.call("end_round", {"version": running["version"]})["ok"]
        review = phone.wait_for("cafe_changed", lambda d: d["phase"] == "review")
        acks = _click_together([staff_a, staff_b], "rotate", review["version"])
        assert sorted(ack.get("error", "ok") for ack in acks) == ["already_advanced", "ok"], acks
        assert phone.wait_for("seating_changed")["round"] == 2
        assert staff_b.call("sync", {})["snapshot"]["cafe"]["round"] == 2   # rotated once, not twice
    finally:
        phone.close()
        staff_a.close()
