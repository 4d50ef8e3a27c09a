"""Helpers shared by the browser tests: a server on a chosen database, and axe-core checks."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(database_url: str, token: str, *, extra_env: dict | None = None):
    """`python wsgi.py` (eventlet, as at a venue) on `database_url`; yields its base URL.

    `extra_env` adds or overrides settings; a None value removes one from the environment.
    """
    port = free_port()
    env = dict(os.environ, CAFE_PORT=str(port), CAFE_HOST="127.0.0.1", DATABASE_URL=database_url,
               CAFE_FACILITATOR_TOKEN=token, CAFE_PUBLIC_URL=f"http://127.0.0.1:{port}",
               CAFE_SECRET_KEY="browser-secret")
    env.update(extra_env or {})
    env = {key: value for key, value in env.items() if value is not None}
    proc = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 90    # a busy machine may take a while to import everything
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(proc.stdout.read()) from None
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not start within 90 s") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


_axe = None


def assert_accessible(page, where: str) -> None:
    """axe-core (bundled by axe-playwright-python, offline) finds no violation of any impact."""
    global _axe
    if _axe is None:
        from axe_playwright_python.sync_playwright import Axe
        _axe = Axe()
    results = _axe.run(page, options={"resultTypes": ["violations"]})
    assert results.violations_count == 0, f"{where}:\n{results.generate_report()}"
