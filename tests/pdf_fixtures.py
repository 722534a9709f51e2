"""Small PDFs written byte by byte for the reader's tests: pages of Helvetica text placed where a test
wants it, and the bad files a user may hand the tool (no pages, no text, encrypted, damaged, a bomb).

Written here rather than rendered, so that each is exact, tiny and made in milliseconds.
"""

from __future__ import annotations

import io
import zlib

#: A text line on a page: (x, y from the page top, text), Helvetica 10 pt.
Placed = tuple[float, float, str]

PAGE_WIDTH, PAGE_HEIGHT = 595, 842


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def content(lines: list[Placed], size: float = 10) -> bytes:
    """A content stream drawing the lines in Helvetica."""
    ops = [f"BT /F1 {size} Tf"]
    for x, y, text in lines:
        ops.append(f"1 0 0 1 {x} {PAGE_HEIGHT - y} Tm ({_escape(text)}) Tj")
    ops.append("ET")
    return "\n".join(ops).encode("latin-1")


#: A Type3 font (as TeX's bitmap fonts are embedded) with no ToUnicode map: code 0x88 draws a
#: bullet — a square 0.3 em wide standing 0.25–0.55 em above the baseline — and code 0x0C a letter's
#: stem (TeX's fonts put "fi" there), object `{ligature}` (after the pages).
TYPE3_BULLET_FONT = (
    "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] "
    "/CharProcs << /x88 5 0 R /x0c {ligature} 0 R >> "
    "/Encoding << /Type /Encoding /Differences [12 /x0c 136 /x88] >> "
    "/FirstChar 12 /LastChar 136 /Widths [500 {unused}500] /Resources << >> >>"
)
_BULLET_GLYPH = b"500 0 100 250 400 550 d1\n100 250 300 300 re f"
_STEM_GLYPH = b"500 0 100 0 200 700 d1\n100 0 100 700 re f"


def bullet_item(x: float, y: float, text: str, size: float = 10) -> bytes:
    """Content drawing a Type3 bullet (font /F2) at (x, y from the top) and the text after it."""
    return (
        f"BT /F2 {size} Tf 1 0 0 1 {x} {PAGE_HEIGHT - y} Tm <88> Tj "
        f"/F1 {size} Tf 1 0 0 1 {x + size} {PAGE_HEIGHT - y} Tm ({_escape(text)}) Tj ET"
    ).encode("latin-1")


def pdf(pages: list[bytes], *, count: int | None = None, compress: bool = False) -> bytes:
    """A PDF whose pages draw the given content streams (`count` overrides /Count: 0 pages); the
    pages' fonts are /F1 (Helvetica) and /F2 (`TYPE3_BULLET_FONT`)."""
    objects: list[bytes] = []
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{6 + 2 * i} 0 R" for i in range(len(pages)))
    total = len(pages) if count is None else count
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {total} >>".encode())
    objects.append(font)
    ligature = 6 + 2 * len(pages)  # (the stem's glyph, after the pages)
    objects.append(TYPE3_BULLET_FONT.format(ligature=ligature, unused="0 " * (136 - 12 - 1)).encode())
    objects.append(b"<< /Length %d >>\nstream\n" % len(_BULLET_GLYPH) + _BULLET_GLYPH + b"\nendstream")
    for index, stream in enumerate(pages):
        page = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {7 + 2 * index} 0 R >>"
        ).encode()
        objects.append(page)
        data = zlib.compress(stream, 9) if compress else stream
        flate = b" /Filter /FlateDecode" if compress else b""
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(data), flate) + data + b"\nendstream")
    objects.append(b"<< /Length %d >>\nstream\n" % len(_STEM_GLYPH) + _STEM_GLYPH + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def text_pdf(pages: list[list[Placed]]) -> bytes:
    """A PDF with these lines on its pages."""
    return pdf([content(lines) for lines in pages])


def bomb(decompressed_mb: int) -> bytes:
    """A one-page PDF whose content stream inflates from a few hundred KB to `decompressed_mb` MB."""
    spaces = b" " * (decompressed_mb * 1024 * 1024)
    return pdf([spaces + content([(72, 72, "boom")])], compress=True)


def encrypted(data: bytes, user_password: str, owner_password: str = "owner") -> bytes:
    """The PDF encrypted with pypdf (AES-128)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def circle(x: float, y: float, radius: float) -> bytes:
    """Content drawing a circle (four Bézier curves) centred at (x, y from the top), stroked."""
    k = 0.5523 * radius
    cy = PAGE_HEIGHT - y
    return (
        f"{x + radius} {cy} m "
        f"{x + radius} {cy + k} {x + k} {cy + radius} {x} {cy + radius} c "
        f"{x - k} {cy + radius} {x - radius} {cy + k} {x - radius} {cy} c "
        f"{x - radius} {cy - k} {x - k} {cy - radius} {x} {cy - radius} c "
        f"{x + k} {cy - radius} {x + radius} {cy - k} {x + radius} {cy} c S"
    ).encode("latin-1")
