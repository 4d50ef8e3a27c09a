"""The printed table cards and poster scanned as a phone would: rendered to PNG with Debian's
pdftoppm, their QR codes read with zbarimg, and the link followed to the café's join page."""
from __future__ import annotations

import io
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest

pypdf = pytest.importorskip("pypdf")
NEEDS_TOOLS = pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
                                 reason="needs Debian's poppler-utils and zbar-tools")


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def page_size_mm(data: bytes) -> tuple[int, int]:
    box = pypdf.PdfReader(io.BytesIO(data)).pages[0].mediabox
    return round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)


def scan_qr_codes(pdf: bytes, tmp_path) -> list[list[str]]:
    """The QR codes a reader finds on each page, rendered to PNG at a printer-like resolution."""
    (tmp_path / "cards.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(tmp_path / "cards.pdf"),
                    str(tmp_path / "page")], check=True, timeout=120)
    found = []
    for png in sorted(tmp_path.glob("page-*.png")):
        result = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                                 str(png)], capture_output=True, text=True, timeout=60,
                                check=False)      # no code on a page: zbarimg exits 4
        found.append(result.stdout.split())
    return found


@NEEDS_TOOLS
@pytest.mark.parametrize("size, mm", [("", (210, 297)), ("letter", (216, 279))])
def test_table_cards_scan_to_the_cafes_join_page(app, facilitator, cafe, tmp_path, size, mm):
    url = f"/facilitator/cafes/{cafe.id}/print/table-cards.pdf" + (f"?size={size}" if size else "")
    response = facilitator.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert page_size_mm(response.data) == mm
    pages = pdf_text(response.data)
    assert len(pages) == 3                                  # one card per table
    for number, (text, colour) in enumerate(zip(pages, ("Blue", "Orange", "Green")), start=1):
        assert f"Table {number}" in text and colour in text
        assert "What matters most here?" in text
        assert cafe.code in text and "host" in text.lower()
    scanned = scan_qr_codes(response.data, tmp_path)
    assert scanned == [[f"http://cafe.test/j/{cafe.code}"]] * 3
    # The scanned link opens the café's join page on a phone.
    phone = app.test_client()
    page = phone.get(urlsplit(scanned[0][0]).path)
    assert page.status_code == 200 and "Test café" in page.get_data(as_text=True)


@NEEDS_TOOLS
def test_the_poster_shows_the_join_code_and_a_working_qr_code(app, facilitator, cafe, tmp_path):
    response = facilitator.get(f"/facilitator/cafes/{cafe.id}/print/poster.pdf")
    assert response.status_code == 200
    assert cafe.code in pdf_text(response.data)[0]
    assert scan_qr_codes(response.data, tmp_path) == [[f"http://cafe.test/j/{cafe.code}"]]
