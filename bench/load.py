"""Load: ``python -m bench.load --phones N [--workers W] [--database URL] [--queue URL]``.

Starts the app as users do (``python wsgi.py``, eventlet unless ``--mode``) on free local ports,
creates and opens a café over HTTP as a facilitator, joins N simulated phones (HTTP join, then a
python-socketio AsyncClient each, polling then WebSocket as a browser does) and runs three phases:

* **café**: each phone posts a note every ~20 s (±25 %) while the facilitator starts a round,
  ends it half-way, rotates and starts the next one. Phones behave as static/js/participant.js:
  three clock_syncs on connect, the new table read from `seating_changed` (no request after a
  rotation), an outbox resent until acked.
* **burst**: every phone posts at the same moment.
* **storm**: every phone drops, reconnects at a random moment within 5 s, and posts one note.

Then it waits for every outbox to empty and counts notes lost (sent, not in the facilitator's
final snapshot, which reads the database) and duplicated. The same clients then run the café and
the burst against ``bench/_floor.py``, a bare python-socketio server in the same async mode with
the same fan-out and no app: the floor. All clients live in this one process, so the table shows
its CPU and event-loop lag: when the loop lags, client-side latencies include that lag.

The last line is ``load: phones=<N> p95_ms=<x> floor_p95_ms=<y> ratio=<x/y> lost=<n> duplicates=<n>``
(p95 of note acks in the café phase).
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import io
import logging
import math
import os
import pty
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import psutil
import socketio

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "bench-load-facilitator-token-0123456789"
SECRET = "bench-load-secret"
GROUPS = ("Resident", "Community organization", "Health or social service staff")
PERIOD = 20.0           # seconds between one phone's notes
STORM_WINDOW = 5.0      # every phone reconnects within this many seconds
ACK_TIMEOUT = 15.0      # as participant.js
PERMANENT = {"empty", "too_long", "wrong_type", "control_characters", "bad_id", "wrong_round",
             "bad_encoding"}
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
WORDS = ("more shade at the bus stops", "a bench every 200 m on Main Street",
         "free swimming lessons for kids", "walking groups that start at the library",
         "fresh food at the corner shop", "safer crossings near the school",
         "evening hours at the clinic", "someone to call when I feel alone")


def now() -> float:
    return time.monotonic()


def pct(values, q) -> float | None:
    """Nearest-rank percentile (q in 0..100) of `values`, or None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- servers ------------------------------------------------------------------------------------

@dataclass
class Servers:
    """Processes under test, their URLs and where their output goes."""
    procs: list[subprocess.Popen]
    urls: list[str]
    logs: list[Path]
    ttys: list[int] = field(default_factory=list)

    def stop(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        for fd in self.ttys:
            os.close(fd)


def start_servers(kind: str, args, log_dir: Path) -> Servers:
    """Start `args.workers` app processes (`python wsgi.py`) or floor servers; wait for their ports."""
    procs, urls, logs, ttys = [], [], [], []
    for i in range(args.workers):
        port = free_port()
        log = log_dir / f"{kind}-{i}.log"
        # Every simulated phone joins from 127.0.0.1, hundreds a second: far faster than people
        # scanning a QR code, so the per-address join limit is raised for the benchmark.
        env = dict(os.environ, CAFE_PORT=str(port), CAFE_HOST="127.0.0.1",
                   DATABASE_URL=args.database, CAFE_FACILITATOR_TOKEN=TOKEN,
                   CAFE_SECRET_KEY=SECRET, CAFE_ASYNC_MODE=args.mode,
                   CAFE_PUBLIC_URL=f"http://127.0.0.1:{port}",
                   CAFE_JOIN_RATE="100000 per minute")
        env.pop("CAFE_MESSAGE_QUEUE", None)
        if args.queue:
            env["CAFE_MESSAGE_QUEUE"] = args.queue
        if kind == "app":
            command = [sys.executable, "wsgi.py"]
        else:
            command = [sys.executable, "-m", "bench._floor", "--port", str(port), "--mode", args.mode]
            if args.queue:
                command += ["--queue", args.queue]
        stdin = subprocess.DEVNULL
        if args.mode == "threading":
            # Flask-SocketIO refuses Werkzeug without a terminal; a user starting it has one.
            master, stdin = pty.openpty()
            ttys += [master, stdin]
        with open(log, "w") as out:
            procs.append(subprocess.Popen(command, cwd=ROOT, env=env, stdin=stdin, stdout=out,
                                          stderr=subprocess.STDOUT))
        urls.append(f"http://127.0.0.1:{port}")
        logs.append(log)
    servers = Servers(procs, urls, logs, ttys)
    deadline = now() + 60
    for proc, url, log in zip(procs, urls, logs):
        while True:
            try:
                with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])), 0.2):
                    break
            except OSError:
                if proc.poll() is not None or now() > deadline:
                    servers.stop()
                    raise SystemExit(f"{kind} server did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.1)
    return servers


class Monitor:
    """Samples the servers' and this process's CPU and memory; marks split them into phases."""

    def __init__(self, pids: list[int]):
        self.servers = [psutil.Process(pid) for pid in pids]
        self.me = psutil.Process()
        self.peak_rss = 0
        self.marks: dict[str, tuple[float, float, float]] = {}
        self.lags: list[float] = []
        self.cpu: dict[str, tuple[float, float]] = {}

    def _cpu(self) -> tuple[float, float]:
        server = sum(sum(p.cpu_times()[:2]) for p in self.servers)
        me = sum(self.me.cpu_times()[:2])
        return server, me

    def start(self, phase: str) -> None:
        self.marks[phase] = (now(), *self._cpu())

    def end(self, phase: str) -> None:
        t0, server0, me0 = self.marks[phase]
        server1, me1 = self._cpu()
        wall = max(1e-6, now() - t0)
        self.cpu[phase] = (100 * (server1 - server0) / wall, 100 * (me1 - me0) / wall)

    def rss(self) -> int:
        return sum(p.memory_info().rss for p in self.servers)

    async def sample(self) -> None:
        """Peak memory, and how late this event loop wakes up (the load generator's own delay)."""
        while True:
            t = now()
            await asyncio.sleep(0.05)
            self.lags.append(now() - t - 0.05)
            if len(self.lags) % 10 == 0:
                self.peak_rss = max(self.peak_rss, self.rss())


# --- simulated screens --------------------------------------------------------------------------

class Run:
    """What one target (app or floor) measured."""

    def __init__(self, name: str):
        self.name = name
        self.phase = "setup"
        self.acks: dict[str, list[float]] = defaultdict(list)
        self.first_sent: dict[str, float] = {}
        self.note_phase: dict[str, str] = {}
        self.acked: set[str] = set()
        self.refused: Counter = Counter()
        self.refused_ids: set[str] = set()
        self.failures: Counter = Counter()
        self.to_table: dict[str, list[float]] = defaultdict(list)
        self.to_staff: dict[str, list[float]] = defaultdict(list)
        self.figures: dict[str, object] = {}


def token_of(text: str) -> str | None:
    return text[6:38] if text.startswith("bench ") else None


class Phone:
    """One resident's phone, doing what participant.js does."""

    def __init__(self, run: Run, index: int, url: str, auth: dict, cookie: str | None):
        self.run, self.index, self.url, self.auth = run, index, url, auth
        self.headers = {"Cookie": cookie} if cookie else {}
        self.table = auth.get("table")
        self.round = 1
        self.outbox: dict[str, tuple[str, int]] = {}
        self.in_flight: set[str] = set()
        self.snapshot_at = 0.0
        self.seating_at = 0.0
        self.me = None
        self.started_at: dict[int, float] = {}
        self.tasks: set[asyncio.Task] = set()
        self.got_snapshot = asyncio.Event()
        self.sio = None

    def spawn(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def _client(self) -> socketio.AsyncClient:
        sio = socketio.AsyncClient(reconnection=True, reconnection_delay=1,
                                   reconnection_delay_max=3, request_timeout=20)
        sio.on("connect", lambda: self.spawn(self.clock_syncs(sio)))
        sio.on("snapshot", self.on_snapshot)
        sio.on("note_added", self.on_note)
        sio.on("cafe_changed", self.on_cafe_changed)
        sio.on("seating_changed", self.on_seating)
        return sio

    async def connect(self) -> None:
        """Connect (a fresh client each time, as a reloaded page would) and wait for the snapshot."""
        self.got_snapshot.clear()
        self.sio = self._client()
        # The client takes the Cookie header out of the dict it is given, and an automatic
        # reconnect reuses that emptied dict: a callable hands it a fresh copy every time.
        await self.sio.connect(self.url, headers=lambda: dict(self.headers), auth=dict(self.auth),
                               wait_timeout=30)
        await asyncio.wait_for(self.got_snapshot.wait(), 30)

    async def clock_syncs(self, sio) -> None:
        for delay in (0, 0.7, 1.3):
            await asyncio.sleep(delay)
            try:
                await sio.emit("clock_sync", {"t": time.time() * 1000}, callback=lambda *a: None)
            except socketio.exceptions.SocketIOError:
                return

    def apply(self, snap: dict) -> None:
        self.me = snap["me"].get("id")       # the floor has no ids
        self.table = snap["me"]["table"]
        self.round = snap["cafe"]["round"]

    async def on_snapshot(self, snap) -> None:
        self.apply(snap)
        self.snapshot_at = now()
        self.got_snapshot.set()
        self.flush()

    async def on_note(self, note) -> None:
        token = token_of(note["text"])
        if token in self.run.first_sent:
            self.run.to_table[self.run.note_phase[token]].append(now() - self.run.first_sent[token])

    async def on_cafe_changed(self, state) -> None:
        self.started_at.setdefault(state["version"], now())
        self.round = state["round"]

    async def on_seating(self, seating) -> None:
        """As participant.js does: the new table comes in the event itself; nothing to ask for."""
        mine = seating["seats"].get(str(self.me))
        if mine is not None:
            self.table = mine
        self.seating_at = now()

    def post(self, phase: str) -> str:
        """Type a note and send it (it stays in the outbox until acked)."""
        cid = uuid.uuid4().hex
        text = f"bench {cid} {random.choice(WORDS)}"
        self.outbox[cid] = (text, self.round)
        self.run.first_sent[cid] = now()
        self.run.note_phase[cid] = phase
        self.spawn(self.send(cid))
        return cid

    def flush(self) -> None:
        for cid in list(self.outbox):
            self.spawn(self.send(cid))

    async def send(self, cid: str) -> None:
        if cid in self.in_flight or cid not in self.outbox or self.sio is None \
                or not self.sio.connected:
            return
        text, round_no = self.outbox[cid]
        self.in_flight.add(cid)
        t0 = now()
        try:
            ack = await self.sio.call("submit_note", {"id": cid, "text": text, "round": round_no},
                                      timeout=ACK_TIMEOUT)
        except socketio.exceptions.SocketIOError as exc:
            self.run.failures[type(exc).__name__] += 1
            return        # kept in the outbox, sent again on reconnect
        finally:
            self.in_flight.discard(cid)
        if ack.get("ok"):
            self.run.acks[self.run.note_phase[cid]].append(now() - t0)
            self.run.acked.add(cid)
            self.outbox.pop(cid, None)
        elif ack.get("error") == "rate_limited":       # kept, sent when the server said
            self.run.failures["rate_limited"] += 1
            await asyncio.sleep(ack.get("retry_after", 5))
            await self.send(cid)
        elif ack.get("error") in PERMANENT:
            self.run.refused[ack["error"]] += 1
            self.run.refused_ids.add(cid)
            self.outbox.pop(cid, None)
        else:
            self.run.failures[ack.get("error", "?")] += 1
            await asyncio.sleep(3)
            await self.send(cid)


class Facilitator:
    """The facilitator's dashboard: transitions with the last version seen, notes arriving."""

    def __init__(self, run: Run, url: str, cookie: str | None, cafe_id: int):
        self.run, self.url, self.cafe_id = run, url, cafe_id
        self.headers = {"Cookie": cookie} if cookie else {}
        self.version = 1
        self.sio = socketio.AsyncClient(reconnection=True, request_timeout=30)
        self.sio.on("snapshot", self.on_snapshot)
        self.sio.on("note_added", self.on_note)
        self.sio.on("cafe_changed", self.on_cafe_changed)
        self.ready = asyncio.Event()
        self.started = now()
        self.log: list[str] = []    # the connection's ups and downs, told if it never comes back
        self.sio.on("connect", lambda: self.note_event("connected"))
        self.sio.on("disconnect", lambda *reason: self.note_event(f"disconnected {reason}"))
        self.sio.on("connect_error", lambda data: self.note_event(f"refused {data}"))

    def note_event(self, what: str) -> None:
        self.log.append(f"{now() - self.started:.1f}s ({self.run.phase}): {what}")

    async def connect(self) -> None:
        # A fresh dict on every (re)connect: the client empties the one it gets (see Phone).
        # Before this, a dashboard dropped by the overloaded server came back without its
        # session cookie, was refused, and the 2,000-phone run stopped before counting.
        await self.sio.connect(self.url, headers=lambda: dict(self.headers), wait_timeout=30,
                               auth={"cafe": self.cafe_id, "role": "facilitator"})
        await asyncio.wait_for(self.ready.wait(), 30)

    async def on_snapshot(self, snap) -> None:
        self.version = snap["cafe"]["version"]
        self.ready.set()

    async def on_cafe_changed(self, state) -> None:
        self.version = max(self.version, state["version"])

    async def on_note(self, note) -> None:
        token = token_of(note["text"])
        if token in self.run.first_sent:
            self.run.to_staff[self.run.note_phase[token]].append(now() - self.run.first_sent[token])

    async def act(self, event: str) -> tuple[dict, float]:
        t0 = now()
        ack = await self.sio.call(event, {"version": self.version}, timeout=60)
        if not ack.get("ok"):
            raise RuntimeError(f"{event} refused: {ack}")
        self.version = ack["cafe"]["version"]
        return ack, now() - t0

    async def final_notes(self) -> list[dict]:
        """Every note the server holds, from the dashboard's sync, as the facilitator's screen shows.

        If the overloaded server dropped the dashboard and it is not back within a minute (seen
        with 2,000 phones on two cores), the count comes from the notes download instead (the
        same database), and the connection's log is kept for the report.
        """
        for _ in range(30):
            if self.sio.connected:
                try:
                    ack = await self.sio.call("sync", {}, timeout=60)
                    return ack["snapshot"]["notes"]
                except socketio.exceptions.SocketIOError as exc:
                    self.note_event(f"sync failed: {exc!r}")
            await asyncio.sleep(2)
        self.run.figures["staff_not_back"] = "; ".join(self.log[-6:])
        url = f"{self.url}/facilitator/cafes/{self.cafe_id}/downloads/notes.csv"
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar(),
                                         timeout=aiohttp.ClientTimeout(total=300)) as http:
            async with http.get(url, headers=self.headers) as response:
                response.raise_for_status()
                body = (await response.read()).decode("utf-8-sig")
        return [{"text": row["text"]} for row in csv.DictReader(io.StringIO(body))]


# --- setting up a café --------------------------------------------------------------------------

async def create_cafe(base: str, tables: int, phones: int) -> tuple[int, str]:
    """Sign in with the facilitator link and create a café through the form; (id, session cookie)."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        async with http.get(f"{base}/facilitator/?token={TOKEN}", allow_redirects=False) as r:
            assert r.status == 302, r.status
            cookie = f"session={r.cookies['session'].value}"
        async with http.get(f"{base}/facilitator/cafes/new", headers={"Cookie": cookie}) as r:
            csrf = CSRF_FIELD.search(await r.text())
            cookie = f"session={r.cookies['session'].value}" if "session" in r.cookies else cookie
        form = {"title": "Load test café", "questions": "What would make it easier to stay healthy here?",
                "num_rounds": "3", "round_minutes": "20", "num_tables": str(tables),
                "groups": "\n".join(GROUPS), "max_participants": str(max(phones, 1)),
                **({"csrf_token": csrf.group(1)} if csrf else {})}
        async with http.post(f"{base}/facilitator/cafes/new", data=form, headers={"Cookie": cookie},
                             allow_redirects=False) as r:
            assert r.status == 302, await r.text()
            return int(r.headers["Location"].rstrip("/").split("/")[-1]), cookie


async def join_phones(urls: list[str], code: str, cafe_id: int, n: int) -> list[str]:
    """HTTP joins, a few at a time as people scan the QR code; returns each phone's seat cookie."""
    seat = f"cafe_seat_{cafe_id}"
    cookies: list[str] = [""] * n
    limit = asyncio.Semaphore(8)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar(),
                                     timeout=aiohttp.ClientTimeout(total=60)) as http:
        async def one(i):
            async with limit:
                data = {"name": f"Phone {i}", "group": GROUPS[i % len(GROUPS)], "language": "en"}
                async with http.post(f"{urls[i % len(urls)]}/j/{code}", data=data,
                                     allow_redirects=False) as r:
                    assert r.status == 302, await r.text()
                    cookies[i] = f"{seat}={r.cookies[seat].value}"
        await asyncio.gather(*(one(i) for i in range(n)))
    return cookies


async def connect_all(phones: list[Phone]) -> None:
    limit = asyncio.Semaphore(50)

    async def one(phone):
        async with limit:
            for attempt in range(4):       # a browser retries too (reconnectionDelayMax 3 s)
                try:
                    return await phone.connect()
                except (socketio.exceptions.SocketIOError, TimeoutError):
                    if attempt == 3:
                        raise SystemExit(f"phone {phone.index} could not connect in 4 tries")
                    await asyncio.sleep(random.uniform(1, 3))
    await asyncio.gather(*(one(p) for p in phones))


# --- the phases ---------------------------------------------------------------------------------

async def wait_until(condition, timeout: float) -> bool:
    deadline = now() + timeout
    while now() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.02)
    return condition()


async def cafe_phase(run: Run, phones: list[Phone], staff: Facilitator, duration: float) -> None:
    """Notes every ~20 s; the round starts, ends half-way, the facilitator rotates and starts again."""
    run.phase = "cafe"
    start = now()

    async def phone_loop(phone):
        await asyncio.sleep(random.uniform(0, PERIOD))
        while now() - start < duration:
            phone.post("cafe")
            await asyncio.sleep(PERIOD * random.uniform(0.75, 1.25))

    async def facilitator():
        t0 = now()        # before the click: a phone may hear of the round before its ack returns
        ack, _ = await staff.act("start_round")
        v = ack["cafe"]["version"]
        await wait_until(lambda: all(v in p.started_at for p in phones), 10)
        run.figures["start_all_s"] = max(p.started_at.get(v, math.inf) for p in phones) - t0
        await asyncio.sleep(max(0.0, start + duration / 2 - now()))
        _, run.figures["end_round_ack_s"] = await staff.act("end_round")
        t0 = now()
        _, run.figures["rotate_ack_s"] = await staff.act("rotate")
        ok = await wait_until(lambda: all(p.seating_at >= t0 for p in phones), 10)
        run.figures["rotation_all_s"] = max(p.seating_at for p in phones) - t0 if ok else math.inf
        run.figures["rotation_missing"] = sum(p.seating_at < t0 for p in phones)
        await asyncio.sleep(2)        # people walk to their new table
        await staff.act("start_round")

    await asyncio.gather(facilitator(), *(phone_loop(p) for p in phones))
    await wait_until(lambda: not any(p.in_flight for p in phones), ACK_TIMEOUT + 5)


async def burst_phase(run: Run, phones: list[Phone]) -> None:
    """Every phone posts at the same moment."""
    run.phase = "burst"
    t0 = now()
    ids = [p.post("burst") for p in phones]
    await wait_until(lambda: all(cid in run.acked or cid in run.refused_ids for cid in ids),
                     ACK_TIMEOUT + 5)
    run.figures["burst_all_acked_s"] = now() - t0


async def storm_phase(run: Run, phones: list[Phone]) -> None:
    """Every phone drops; each reconnects within STORM_WINDOW seconds and posts a note."""
    run.phase = "storm"
    await asyncio.gather(*(p.sio.disconnect() for p in phones), return_exceptions=True)
    t0 = now()
    failures = Counter()

    async def back(phone):
        await asyncio.sleep(random.uniform(0, STORM_WINDOW))
        for _attempt in range(5):
            try:
                await phone.connect()
                break
            except (socketio.exceptions.SocketIOError, TimeoutError) as exc:
                failures[type(exc).__name__] += 1
                await asyncio.sleep(random.uniform(1, 3))
        phone.post("storm")
    await asyncio.gather(*(back(p) for p in phones))
    ok = all(p.snapshot_at >= t0 for p in phones)
    run.figures["storm_recovered_s"] = (max(p.snapshot_at for p in phones) - t0) if ok else math.inf
    run.figures["storm_connect_failures"] = sum(failures.values())
    await wait_until(lambda: not any(p.in_flight for p in phones), ACK_TIMEOUT + 5)


async def drain(phones: list[Phone], timeout: float) -> int:
    """Resend whatever is still in outboxes until they are empty; returns how many notes remain."""
    deadline = now() + timeout
    while now() < deadline and any(p.outbox for p in phones):
        for p in phones:
            p.flush()
        await asyncio.sleep(1)
    return sum(len(p.outbox) for p in phones)


def count_losses(run: Run, notes: list[dict]) -> None:
    stored = Counter(token_of(n["text"]) for n in notes)
    sent = set(run.first_sent)
    run.figures["notes_sent"] = len(sent)
    run.figures["notes_stored"] = sum(stored[t] > 0 for t in sent)
    run.figures["lost"] = sum(stored[t] == 0 for t in sent)
    run.figures["lost_after_ack"] = sum(stored[t] == 0 for t in run.acked)
    run.figures["duplicates"] = sum(c - 1 for t, c in stored.items() if t in sent and c > 1)


# --- one target ---------------------------------------------------------------------------------

async def run_target(kind: str, args, log_dir: Path) -> Run:
    """Start the app (or the floor), run the phases against it, stop it."""
    servers = start_servers(kind, args, log_dir)
    run = Run(kind)
    monitor = Monitor([p.pid for p in servers.procs])
    sampler = asyncio.ensure_future(monitor.sample())
    phones: list[Phone] = []
    staff = None
    try:
        tables = max(1, min(60, math.ceil(args.phones / 8)))
        monitor.start("setup")
        t0 = now()
        if kind == "app":
            cafe_id, staff_cookie = await create_cafe(servers.urls[0], tables, args.phones)
            staff = Facilitator(run, servers.urls[0], staff_cookie, cafe_id)
            await staff.connect()
            await staff.act("open_cafe")
            code = (await staff.sio.call("sync", {}, timeout=30))["snapshot"]["join_code"]
            cookies = await join_phones(servers.urls, code, cafe_id, args.phones)
            run.figures["join_s"] = now() - t0
            auths = [{"cafe": cafe_id, "role": "participant"}] * args.phones
        else:
            staff = Facilitator(run, servers.urls[0], None, 1)
            await staff.connect()
            cookies = [None] * args.phones
            auths = [{"cafe": 1, "role": "participant", "table": i % tables}
                     for i in range(args.phones)]
        phones = [Phone(run, i, servers.urls[i % len(servers.urls)], auths[i], cookies[i])
                  for i in range(args.phones)]
        t1 = now()
        await connect_all(phones)
        run.figures["connect_s"] = now() - t1
        monitor.end("setup")
        monitor.lags.clear()

        phases = [("cafe", lambda: cafe_phase(run, phones, staff, args.duration)),
                  ("burst", lambda: burst_phase(run, phones))]
        if kind == "app" or args.floor_storm:
            phases.append(("storm", lambda: storm_phase(run, phones)))
        for name, phase in phases:
            monitor.start(name)
            lag_from = len(monitor.lags)
            await phase()
            monitor.end(name)
            run.figures[f"lag_{name}"] = monitor.lags[lag_from:]
            await asyncio.sleep(1)
        if kind == "app":
            run.figures["left_in_outboxes"] = await drain(phones, 20)
            count_losses(run, await staff.final_notes())
        run.figures["rss_peak"] = max(monitor.peak_rss, monitor.rss())
        run.figures["cpu"] = dict(monitor.cpu)
    finally:
        sampler.cancel()
        await asyncio.gather(*(p.sio.disconnect() for p in phones if p.sio),
                             return_exceptions=True)
        if staff is not None:
            await asyncio.gather(staff.sio.disconnect(), return_exceptions=True)
        servers.stop()
    return run


# --- report -------------------------------------------------------------------------------------

def ms(seconds) -> str:
    if seconds is None:
        return "-"
    if seconds == math.inf:
        return "never"
    return f"{seconds * 1000:.0f}" if seconds >= 0.1 else f"{seconds * 1000:.1f}"


def print_report(args, app: Run, floor: Run | None) -> None:
    rows: list[tuple[str, str, str]] = []

    def row(label, f):
        rows.append((label, f(app), f(floor) if floor is not None else "-"))

    def safe(f):
        def wrapped(run):
            try:
                return f(run)
            except (KeyError, TypeError, ValueError):
                return "-"
        return wrapped

    for phase in ("cafe", "burst", "storm"):
        row(f"{phase}: notes acked", safe(lambda r, p=phase: str(len(r.acks[p]))))
        for q in (50, 95, 99):
            row(f"{phase}: ack p{q} ms", safe(lambda r, p=phase, q=q: ms(pct(r.acks[p], q))))
        row(f"{phase}: ack max ms", safe(lambda r, p=phase: ms(max(r.acks[p]) if r.acks[p] else None)))
        row(f"{phase}: to tablemates p95 ms", safe(lambda r, p=phase: ms(pct(r.to_table[p], 95))))
        row(f"{phase}: to facilitator p95 ms", safe(lambda r, p=phase: ms(pct(r.to_staff[p], 95))))
    row("round start reaches every phone ms", safe(lambda r: ms(r.figures["start_all_s"])))
    row("end_round ack ms (plans the rotation)", safe(lambda r: ms(r.figures["end_round_ack_s"])))
    row("rotation: every phone shows its new table ms", safe(lambda r: ms(r.figures["rotation_all_s"])))
    row("burst: last of N notes acked ms", safe(lambda r: ms(r.figures["burst_all_acked_s"])))
    row("storm: every phone has its snapshot ms", safe(lambda r: ms(r.figures["storm_recovered_s"])))
    row("storm: failed connect attempts", safe(lambda r: str(r.figures["storm_connect_failures"])))
    row("facilitator's dashboard at the end", safe(
        lambda r: "-" if r.name != "app" else "dropped, counted notes.csv"
        if "staff_not_back" in r.figures else "connected"))
    row("notes sent / stored", safe(lambda r: f"{r.figures['notes_sent']} / {r.figures['notes_stored']}"))
    row("notes lost (of which acked) / duplicated", safe(
        lambda r: f"{r.figures['lost']} ({r.figures['lost_after_ack']}) / {r.figures['duplicates']}"))
    row("refused / send failures", safe(lambda r: f"{dict(r.refused) or 0} / {dict(r.failures) or 0}"))
    row("setup: HTTP joins s / socket connects s", safe(
        lambda r: f"{r.figures.get('join_s', 0):.1f} / {r.figures['connect_s']:.1f}"))
    for phase in ("cafe", "burst", "storm"):
        row(f"server CPU % of one core ({phase})", safe(lambda r, p=phase: f"{r.figures['cpu'][p][0]:.0f}"))
    row("server RSS peak MB", safe(lambda r: f"{r.figures['rss_peak'] / 2**20:.0f}"))
    for phase in ("cafe", "burst", "storm"):
        row(f"load generator CPU % ({phase})", safe(lambda r, p=phase: f"{r.figures['cpu'][p][1]:.0f}"))
        row(f"load generator loop lag p95/max ms ({phase})", safe(
            lambda r, p=phase: f"{ms(pct(r.figures[f'lag_{p}'], 95))} / {ms(max(r.figures[f'lag_{p}']))}"))

    width = max(len(r[0]) for r in rows)
    print(f"\nbench.load: {args.phones} phones, {args.workers} {args.mode} worker(s), "
          f"database {args.database.split('://')[0]}, queue {args.queue or 'none'}, "
          f"café phase {args.duration:.0f} s, {os.cpu_count()} cores")
    print(f"{'':{width}}  {'app':>12}  {'floor':>12}")
    for label, a, f in rows:
        print(f"{label:{width}}  {a:>12}  {f:>12}")

    if "staff_not_back" in app.figures:
        print(f"\nnote: the facilitator's dashboard was dropped and not back within a minute "
              f"({app.figures['staff_not_back']}); notes were counted from notes.csv.")
    gen_cpu = app.figures.get("cpu", {}).get("cafe", (0, 0))[1]
    lag95 = pct(app.figures.get("lag_cafe", []), 95) or 0
    if gen_cpu > 80 or lag95 > 0.02:
        print(f"\nnote: the load generator was busy (CPU {gen_cpu:.0f} %, loop lag p95 {ms(lag95)} ms): "
              "client-side latencies include its own delay.")
    p95 = pct(app.acks["cafe"], 95)
    floor95 = pct(floor.acks["cafe"], 95) if floor is not None else None
    ratio = (p95 / floor95) if p95 and floor95 else float("nan")
    print(f"load: phones={args.phones} p95_ms={ms(p95)} floor_p95_ms={ms(floor95)} "
          f"ratio={ratio:.2f} lost={app.figures.get('lost', '?')} "
          f"duplicates={app.figures.get('duplicates', '?')}")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, default=500)
    parser.add_argument("--workers", type=int, default=1,
                        help="app processes; phones are spread over them (sticky by construction)")
    parser.add_argument("--database", default=None,
                        help="DATABASE_URL for the app (default: a fresh SQLite file, as on a laptop)")
    parser.add_argument("--queue", default=None, help="CAFE_MESSAGE_QUEUE (needed with --workers > 1)")
    parser.add_argument("--mode", choices=("eventlet", "gevent", "threading"), default="eventlet")
    # 120 s: each phone posts about 6 notes, 3,000 in all, so the p95 (and the ratio to the floor)
    # moves less from run to run than over 40 s and 1,000 notes (docs/LOAD.md)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of the café phase")
    parser.add_argument("--no-floor", dest="floor", action="store_false",
                        help="skip the bare python-socketio floor")
    parser.add_argument("--floor-storm", action="store_true", help="run the storm on the floor too")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.workers > 1 and not args.queue:
        parser.error("several workers need a message queue: --queue redis://127.0.0.1:6379/0")
    return args


async def main_async(args) -> None:
    with tempfile.TemporaryDirectory(prefix="cafe-load-") as tmp:
        log_dir = Path(tmp)
        if args.database is None:
            args.database = f"sqlite:///{log_dir / 'cafe.sqlite3'}"
        app = await run_target("app", args, log_dir)
        floor = await run_target("floor", args, log_dir) if args.floor else None
    print_report(args, app, floor)


def main(argv=None) -> None:
    args = parse_args(argv)
    random.seed(args.seed)
    logging.basicConfig(level=logging.ERROR if os.environ.get("BENCH_DEBUG") else logging.CRITICAL)
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
