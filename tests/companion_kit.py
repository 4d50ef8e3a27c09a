"""Helpers for tests of people kept together: scan a phone's "Join with me" QR code as another
phone would (the SVG drawn to a PNG, read with zbarimg), join from the link, and read who sits where."""
from __future__ import annotations

import re
import shutil
import subprocess
from urllib.parse import urlsplit

from helpers import unavailable
from PIL import Image, ImageDraw

_PATH = re.compile(r'class="qrline"[^>]*\bd="([^"]+)"')
_STEP = re.compile(r"([MmHh])\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?")


def svg_to_png(svg: str, path, pixels: int = 8) -> None:
    """Draw a segno QR code (an SVG of horizontal strokes) as a PNG a scanner can read."""
    size = int(re.search(r'width="(\d+)"', svg).group(1)) // 10      # modules (scale 10)
    image = Image.new("L", (size * pixels, size * pixels), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, a, b in _STEP.findall(_PATH.search(svg).group(1)):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:                                    # h: a dark run `a` modules long
            top = int(y - 0.5) * pixels
            draw.rectangle([int(x) * pixels, top, int(x + float(a)) * pixels - 1,
                            top + pixels - 1], fill=0)
            x += float(a)
    image.save(path)


def scan(svg: str, tmp_path) -> str:
    """The text of a QR code, read the way a phone's camera app would."""
    if not shutil.which("zbarimg"):
        unavailable("needs zbarimg (Debian's zbar-tools) to read QR codes")
    png = tmp_path / "qr.png"
    svg_to_png(svg, png)
    result = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                             str(png)], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def with_me_link(phone_http, code, tmp_path) -> str:
    """The link in the "Join with me" QR code a seated phone shows (path and query)."""
    response = phone_http.get(f"/c/{code}/with-me.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "no-store"
    url = urlsplit(scan(response.get_data(as_text=True), tmp_path))
    return f"{url.path}?{url.query}"


def join_from(app, link, *, name="", group="", language="en"):
    """A new phone opens `link` (a scanned "Join with me" link) and joins; returns (client, page)."""
    phone = app.test_client()
    page = phone.get(link)
    assert page.status_code == 200, page.get_data(as_text=True)
    response = phone.post(link, data={"name": name, "group": group, "language": language})
    assert response.status_code == 302, response.get_data(as_text=True)
    return phone, page.get_data(as_text=True)


def tables_of(seats: dict, people) -> set:
    """The tables these people sit at in `seats` ({person id (int or str): table})."""
    return {seats.get(pid, seats.get(str(pid))) for pid in people}
