"""The rotation command line starts without Flask and plans a small café in well under a second."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_rotation_command_line_imports_no_flask():
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "cafe.domain.rotation",
                          "--people", "24", "--tables", "6", "--rounds", "3", "--json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    imported = {line.split("|")[-1].strip().split(".")[0] for line in out.stderr.splitlines()
                if line.startswith("import time:")}
    assert not imported & {"flask", "sqlalchemy", "flask_sqlalchemy", "flask_socketio"}
    assert '"rounds"' in out.stdout


def test_the_rotation_command_line_does_not_import_all_of_scipy_optimize():
    """scipy.optimize's package imports its whole toolbox (about a second); planning needs one solver."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "cafe.domain.rotation",
                          "--people", "24", "--tables", "6", "--rounds", "3"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    imported = {line.split("|")[-1].strip() for line in out.stderr.splitlines()
                if line.startswith("import time:")}
    assert "scipy.optimize" not in imported
    assert "scipy.linalg" not in imported
    assert "repeated pairs: 0" in out.stdout


def test_planning_24_people_from_the_command_line_is_quick():
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cafe.domain.rotation", "--people", "24", "--tables", "6",
                    "--rounds", "3"], cwd=ROOT, capture_output=True, timeout=120, check=True)
    # 1 s on a quiet machine (the target); generous here so a busy CI box does not flake
    assert time.perf_counter() - start < 5
