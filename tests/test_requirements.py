"""Every machine installs what CI tested: the pinned files match the ranges in the .in files."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PAIRS = [("requirements.in", "requirements.txt"), ("requirements-dev.in", "requirements-dev.txt"),
         ("requirements-semantic.in", "requirements-semantic.txt")]
REFRESH = "run the refresh command in the README (Updating the pinned packages)"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def ranges(in_file: str) -> dict[str, Requirement]:
    """The requirements an .in file asks for, with those of the .in files it includes (-r)."""
    wanted = {}
    for line in (ROOT / in_file).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r"):
            wanted.update(ranges(line[2:].strip()))
        elif line and not line.startswith("-"):
            requirement = Requirement(line)
            wanted[canonicalize_name(requirement.name)] = requirement
    return wanted


def pins(txt_file: str) -> dict[str, tuple[str, int, str]]:
    """Each package a generated file installs: (version, number of hashes, its 'via' comment)."""
    found, name = {}, None
    for line in (ROOT / txt_file).read_text().splitlines():
        match = PIN.match(line)
        if match:
            name = canonicalize_name(match.group(1))
            found[name] = (match.group(2), 0, "")
        elif name and line.strip().startswith("--hash=sha256:"):
            version, hashes, via = found[name]
            found[name] = (version, hashes + 1, via)
        elif name and line.strip().startswith("#"):
            version, hashes, via = found[name]
            found[name] = (version, hashes, via + line)
        elif line.strip() and not line.startswith((" ", "#")):
            pytest.fail(f"{txt_file}: {line!r} is not an exact pin: {REFRESH}")
    return found


@pytest.mark.parametrize("in_file, txt_file", PAIRS)
def test_every_range_is_pinned_to_a_version_it_allows(in_file, txt_file):
    pinned = pins(txt_file)
    for name, requirement in ranges(in_file).items():
        assert name in pinned, f"{name} is in {in_file} but not in {txt_file}: {REFRESH}"
        version = pinned[name][0]
        assert requirement.specifier.contains(version, prereleases=True), \
            f"{txt_file} pins {name}=={version}, outside {requirement} in {in_file}: {REFRESH}"


@pytest.mark.parametrize("in_file, txt_file", PAIRS)
def test_every_pin_has_hashes_and_comes_from_the_in_file(in_file, txt_file):
    wanted = ranges(in_file)
    for name, (version, hashes, via) in pins(txt_file).items():
        assert hashes, f"{name}=={version} in {txt_file} has no hash: {REFRESH}"
        # pip-compile notes "-r requirements.in" beside each package an .in file asked for by
        # name; one still noted so but gone from the .in files was removed without a refresh.
        if re.search(r"-r requirements(-dev|-semantic)?\.in", via):
            assert name in wanted, f"{name} left {in_file} but not {txt_file}: {REFRESH}"


def test_the_dev_file_installs_the_same_versions_as_the_app_file():
    app, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    differ = {name: (app[name][0], dev[name][0]) for name in app if dev.get(name, app[name])[0] != app[name][0]}
    assert set(app) <= set(dev) and not differ, (set(app) - set(dev), differ)


def test_the_optional_backend_keeps_the_app_s_versions():
    """Installing the semantic themes on top of the app changes none of the app's packages."""
    app, semantic = pins("requirements.txt"), pins("requirements-semantic.txt")
    assert {name: version for name, (version, _, _) in semantic.items() if name in app} == \
        {name: app[name][0] for name in semantic if name in app}


def test_socketio_is_at_least_the_safe_release():
    """Older python-socketio pickled Redis queue messages, and a Redis error killed the listener."""
    version = tuple(int(part) for part in pins("requirements.txt")["python-socketio"][0].split(".")[:3])
    assert version >= (5, 16, 3)
