"""Reading a PDF: its bytes → the text of every page, line by line, with the geometry of each line.

The cleaner decides from a PDF's geometry what extracted text can only guess: where a line stops
short of the right margin, how far it is indented, which text is larger or set in another face,
what sits in the page margins. So each `PdfLine` keeps its page, its left and right edges, its
baseline and band, its body size, its dominant face (bold or not) and its colour.

PDFium (pypdfium2, BSD/Apache) reads the file: it was the fastest and most faithful of the readers
measured on the real corpus (docs/pdf.md, "Choice of library, measured"). Characters come with
their loose boxes (the font's advance × ascent/descent) and origins; lines are rebuilt from them,
not taken from PDFium's own order:

- characters are grouped into rows by baseline; a row of smaller characters inside a row's band
  (a superscript note mark, the raised A of the TeX logo) joins that row;
- a row splits where a gap of several ems separates its pieces (a left and a right running head,
  the two items of a form line, two columns), unless it is one line letter-spaced over the measure;
- a page whose pieces fall on either side of one clear gutter is read column by column; a page
  whose rows are split without one clear gutter is read row by row, with a warning naming it;
- spaces are rebuilt from the gaps between Latin letters and digits (a PDF often has no space
  glyphs); space glyphs the PDF has are kept; no space is put between Han characters (letter-spacing).

Reading runs in a child process with a memory limit and a time limit per page, so a damaged file
or a decompression bomb ends in one clear `PdfError`, never in a crash or an exhausted machine.
"""

from __future__ import annotations

import ctypes
import hashlib
import itertools
import math
import multiprocessing
import os
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pipeline.errors import SourceError
from pipeline.sources.pdf_lines import Glyph, PdfLine, Style, build_lines, numbers_set_apart
from pipeline.sources.pdf_tounicode import ToUnicodeMaps

#: The line a PDF's text is given to the cleaner in: lines joined with LF, a form feed before every
#: page after the first (as pdftotext writes it).
FORM_FEED = "\f"

#: Memory a reading child may use beyond what it inherits (PDFium decompresses whole streams).
MEMORY_BUDGET = 1536 * 1024 * 1024
MEMORY_VARIABLE = "PIPELINE_PDF_MEMORY"
#: Seconds one page may take to read: a page of text takes milliseconds.
PAGE_SECONDS = 30.0
#: Characters one page may hold: a dense A3 page has about 10,000; more is no page of text.
PAGE_CHARACTERS = 200_000

#: Share of a page's characters that may lack a Unicode mapping before the page is mojibake.
_MOJIBAKE_SHARE = 0.3


#: What PDFium reports for a hyphen it found at the end of a line (its "soft hyphen" marker, U+0002,
#: written U+FFFE in its text ranges): the page shows a hyphen, which may break a word ("Lan-" +
#: "guage") or be part of it ("AMS-" + "LaTeX"); reading it as nothing loses the hyphen and joins
#: the pieces as two words.
_LINE_END_HYPHEN = 0x02


class PdfError(SourceError):
    """A PDF that cannot be read as text: encrypted, scanned, damaged, empty, mojibake, a bomb."""

    exit_status = 2


@dataclass(frozen=True, slots=True)
class PdfPage:
    """A page's size (points) and its lines in reading order."""

    number: int
    width: float
    height: float
    lines: tuple[PdfLine, ...]
    columns: int = 1


@dataclass(frozen=True)
class PdfSource:
    """A PDF read for the cleaner: its pages and lines, what to warn about, and its bytes' sha256."""

    path: Path
    pages: tuple[PdfPage, ...]
    sha256: str
    warnings: tuple[str, ...] = ()

    @property
    def lines(self) -> list[PdfLine]:
        """Every line in reading order, the way `text` numbers them (line n is `lines[n - 1]`)."""
        return [line for page in self.pages for line in page.lines]

    @property
    def text(self) -> str:
        """The lines joined with LF, a form feed starting each page after the first."""
        pieces: list[str] = []
        pending_breaks = 0
        for page in self.pages:
            if page.number > 1:
                pending_breaks += 1
            for line in page.lines:
                pieces.append(FORM_FEED * pending_breaks + line.text)
                pending_breaks = 0
        return "\n".join(pieces)


def is_pdf(data: bytes) -> bool:
    """Whether bytes are a PDF (the header may follow some junk, as readers allow)."""
    return b"%PDF-" in data[:1024]


def read_pdf(
    path: Path,
    *,
    max_bytes: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PdfSource:
    """Read a PDF file into lines with geometry; `progress(done, total)` is called as pages are read."""
    from pipeline.sources.text import _too_large, size_limit

    limit = max_bytes if max_bytes is not None else size_limit()
    try:
        size = path.stat().st_size
        if size > limit:
            raise _too_large(path, size, limit)
        data = path.read_bytes()
    except OSError as exc:
        raise PdfError(f"cannot read the file: {exc.strerror or type(exc).__name__}", path=path) from None
    return decode_pdf(data, path, progress=progress)


def decode_pdf(data: bytes, path: Path, *, progress: Callable[[int, int], None] | None = None) -> PdfSource:
    """Read a PDF's bytes (in a child process with bounded memory and time; see the module doc)."""
    digest = hashlib.sha256(data).hexdigest()
    warnings: list[str] = []
    pages = _with_numbers_set_apart(list(_read_in_child(data, path, progress, warnings)))
    return _checked(PdfSource(path=path, pages=tuple(pages), sha256=digest, warnings=tuple(warnings)))


def _with_numbers_set_apart(pages: list[PdfPage]) -> list[PdfPage]:
    """The pages with the spaces `numbers_set_apart` reads in the whole document's lines."""
    spaced = iter(numbers_set_apart([line for page in pages for line in page.lines]))
    return [replace(page, lines=tuple(itertools.islice(spaced, len(page.lines)))) for page in pages]


def _checked(source: PdfSource) -> PdfSource:
    """Refuse what has no usable text; warn about pages read row by row and pages without text."""
    path = source.path
    if not source.pages:
        raise PdfError("has no pages", path=path, hint="the file holds no page to read")
    empty = [page.number for page in source.pages if not page.lines]
    if len(empty) == len(source.pages):
        raise PdfError("scanned: no page has a text layer", path=path, hint="run OCR first, e.g. ocrmypdf")
    warnings = list(source.warnings)
    if empty:
        warnings.append(
            f"{path}: no text on page {page_list(empty)} (images or scans?): nothing to read there"
        )
    return PdfSource(path=path, pages=source.pages, sha256=source.sha256, warnings=tuple(warnings))


def page_list(numbers: list[int]) -> str:
    """[1, 2, 3, 7] → "1-3, 7" (pages named in messages)."""
    ranges: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        ranges.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return ", ".join(ranges)


# --- The child process -------------------------------------------------------------------------


def _read_in_child(
    data: bytes, path: Path, progress: Callable[[int, int], None] | None, warnings: list[str]
) -> Iterator[PdfPage]:
    """Run `_read_pages` in a child process and yield its pages as they come (its warnings are
    added to `warnings`, each naming the file).

    The child has an address-space limit (the parent's size plus `MEMORY_BUDGET`) and each page a
    time limit; a child that dies or overruns becomes a `PdfError` naming the page it was on.
    """
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(  # type: ignore[attr-defined]
        target=_child_main, args=(data, str(path), sender, _memory_budget()), daemon=True
    )
    child.start()
    sender.close()
    total = 0
    page = 0
    try:
        while True:
            if not receiver.poll(PAGE_SECONDS):
                raise PdfError(
                    f"page {page + 1} takes over {PAGE_SECONDS:.0f} s to read",
                    path=path,
                    hint="the PDF may be damaged or a decompression bomb",
                )
            try:
                kind, payload = receiver.recv()
            except (EOFError, OSError):
                raise _died(child, path, page) from None
            if kind == "pages":
                total = payload
            elif kind == "page":
                page = payload.number
                if progress is not None:
                    progress(page, total)
                yield payload
            elif kind == "warning":
                warnings.append(f"{path}: {payload}")
            elif kind == "error":
                message, hint = payload
                raise PdfError(message, path=path, hint=hint)
            elif kind == "failed":
                raise PdfError(
                    f"cannot read page {page + 1}: the reader failed ({payload})",
                    path=path,
                    hint="a fault of this tool's, not necessarily the file's: please report it with the PDF",
                )
            else:
                return
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()


def _died(child: Any, path: Path, page: int) -> PdfError:
    """The error for a reading child that ended without a word: out of memory, or a crash."""
    child.join()
    budget = _memory_budget() // (1024 * 1024)
    return PdfError(
        f"cannot read page {page + 1}: the reader stopped "
        f"(over its {budget} MB of memory, or the file is damaged)",
        path=path,
        hint=f"the PDF may be a decompression bomb; if it is genuine, raise {MEMORY_VARIABLE} (bytes)",
    )


def _memory_budget() -> int:
    value = os.environ.get(MEMORY_VARIABLE, "")
    return int(value) if value.isdigit() and int(value) > 0 else MEMORY_BUDGET


def _child_main(data: bytes, path: str, sender: Connection, budget: int) -> None:
    """The child: limit memory, read, send ("pages", n), ("page", PdfPage)…, then ("done", None)."""
    import faulthandler

    faulthandler.disable()  # a child PDFium aborts (out of memory) is reported by the parent, in one line
    _limit_memory(budget)
    try:
        for message in _read_pages(data):
            sender.send(message)
        sender.send(("done", None))
    except _Refusal as refusal:
        sender.send(("error", (refusal.message, refusal.hint)))
    except MemoryError:
        sender.send(("error", ("reading it needs more memory than allowed", _BOMB_HINT)))
    except Exception as exc:  # a fault of the reader's: said so, not taken for memory or damage
        sender.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        sender.close()


_BOMB_HINT = "the PDF may be a decompression bomb; raise PIPELINE_PDF_MEMORY (bytes) if it is genuine"


def _limit_memory(budget: int) -> None:
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = used + budget
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, OSError, ValueError):
        pass  # no /proc or no resource module: the time limit still holds


class _Refusal(Exception):
    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def _read_pages(data: bytes) -> Iterator[tuple[str, Any]]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = pdfium_c.FPDF_GetLastError()
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise _Refusal(
                "encrypted: it needs a password to open (the empty password does not open it)",
                "decrypt it first, e.g. qpdf --decrypt --password=PASSWORD in.pdf out.pdf",
            ) from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise _Refusal("encrypted with an unsupported security handler", "decrypt it first") from None
        if code == pdfium_c.FPDF_ERR_SUCCESS and _page_count(data) == 0:
            raise _Refusal("has no pages", "the file holds no page to read") from None
        raise _Refusal(
            f"damaged: not a readable PDF ({exc})", "repair it, e.g. qpdf in.pdf out.pdf, or export it again"
        ) from None
    count = len(document)
    yield "pages", count
    mojibake: list[int] = []
    unclear: list[int] = []
    reader = _PageReader(pdfium_c, ToUnicodeMaps(data))
    for index in range(count):
        try:
            page = document[index]
        except pdfium.PdfiumError:
            raise _Refusal(
                f"damaged: page {index + 1} cannot be loaded", "repair it, e.g. qpdf in.pdf out.pdf"
            ) from None
        width, height = page.get_size()
        textpage = page.get_textpage()
        glyphs, unmapped = reader.glyphs(textpage.raw, height)
        if glyphs and unmapped > _MOJIBAKE_SHARE * len(glyphs):
            mojibake.append(index + 1)
        layout = build_lines(index + 1, glyphs, reader.styles)
        if layout.unclear:
            unclear.append(index + 1)
        drawings = reader.drawings(page.raw, height)
        lines = [replace(line, in_figure=True) if _inside(line, drawings) else line for line in layout.lines]
        textpage.close()
        page.close()
        yield "page", PdfPage(index + 1, width, height, tuple(lines), layout.columns)
    if unclear:
        yield (
            "warning",
            f"text side by side without one clear gutter on page {page_list(unclear)} "
            "(tables or forms?): read row by row",
        )
    if mojibake:
        raise _Refusal(
            f"mojibake: a font without a usable ToUnicode map on page {page_list(mojibake)}",
            "the text cannot be recovered from this PDF: export it again with embedded fonts, or OCR it",
        )


def _page_count(data: bytes) -> int | None:
    """The page count pypdf reads (PDFium refuses an empty page tree with no error code)."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return len(PdfReader(io.BytesIO(data)).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


# --- Characters ---------------------------------------------------------------------------------


#: Characters PDFium generates (not drawn) or that are whitespace between words.
_WHITESPACE = frozenset(" \t\r\n\u00a0\u2002\u2003\u2009")
_FILL_STROKE = 2  # text render mode: fill, then stroke (a simulated bold)
#: How many segments of a path are looked at for a curve (a diagram's shape has a few dozen).
_PATH_SEGMENTS = 64
#: A box on a page: left, top, right, bottom (points, y from the top).
Box = tuple[float, float, float, float]


def _merged(boxes: list[Box]) -> list[Box]:
    """Overlapping boxes joined into one (a diagram drawn as several shapes)."""
    merged = list(boxes)
    joined = True
    while joined:
        joined = False
        for a, b in itertools.combinations(range(len(merged)), 2):
            (l1, t1, r1, b1), (l2, t2, r2, b2) = merged[a], merged[b]
            if l1 <= r2 and l2 <= r1 and t1 <= b2 and t2 <= b1:
                merged[a] = (min(l1, l2), min(t1, t2), max(r1, r2), max(b1, b2))
                del merged[b]
                joined = True
                break
    return merged


def _inside(line: PdfLine, boxes: list[Box]) -> bool:
    """Whether a line lies within one of the boxes (a quarter em of slack)."""
    slack = 0.25 * line.size
    return any(
        line.x0 >= left - slack
        and line.x1 <= right + slack
        and line.top >= top - slack
        and line.bottom <= bottom + slack
        for left, top, right, bottom in boxes
    )


#: A bullet's ink: its width in ems (a middle dot is narrower), and where its middle stands above
#: the baseline in ems (on the middle of the x-height).
_BULLET_SIZE = (0.2, 0.6)
_BULLET_HEIGHT = (0.15, 0.55)
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demibold", "-b", ",b", "medium")


class _PageReader:
    """Reads the characters of a page through PDFium's C API (one call per property: the Python
    helpers cost more than the reading), remembering each text object's style."""

    def __init__(self, c: Any, tounicode: ToUnicodeMaps) -> None:
        self.c = c
        self.tounicode = tounicode
        self.styles: list[Style] = []
        self._style_index: dict[Style, int] = {}
        self._box = c.FS_RECTF()
        self._matrix = c.FS_MATRIX()
        self._x = ctypes.c_double()
        self._y = ctypes.c_double()
        self._name = ctypes.create_string_buffer(256)
        self._size = ctypes.c_float()
        self._rgba = [ctypes.c_uint() for _ in range(4)]
        self._ink = [ctypes.c_double() for _ in range(4)]
        self._bounds = [ctypes.c_float() for _ in range(4)]

    def glyphs(self, textpage: Any, page_height: float) -> tuple[list[Glyph], int]:
        """The page's drawn characters, and how many of them have no Unicode mapping."""
        c = self.c
        count = c.FPDFText_CountChars(textpage)
        if count > PAGE_CHARACTERS:
            raise _Refusal(f"a page holds {count} characters, more than any page of text", _BOMB_HINT)
        box, x, y = self._box, self._x, self._y
        glyphs: list[Glyph] = []
        unmapped = 0
        objects: dict[int, tuple[int, float, str]] = {}
        drawn = None  # the previous character's text object, origin and box
        shared = 1  # how many characters in a row that one glyph gives (a ligature)
        low = -1  # the index of a low surrogate already read with its high one
        for index in range(count):
            if index == low:
                continue
            code = c.FPDFText_GetUnicode(textpage, index)
            if 0xD800 <= code < 0xDC00 and index + 1 < count:
                # PDFium gives a character past the BMP (𠀀, 𝑃, 😀) as its UTF-16 surrogate pair
                following = c.FPDFText_GetUnicode(textpage, index + 1)
                if 0xDC00 <= following < 0xE000:
                    code, low = 0x10000 + ((code - 0xD800) << 10) + (following - 0xDC00), index + 1
            char = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"
            if code == _LINE_END_HYPHEN:
                char = "-"  # a hyphen as printed: the cleaner tells a word's break from a real hyphen
            if char in _WHITESPACE:
                if glyphs and char not in "\r\n" and not c.FPDFText_IsGenerated(textpage, index):
                    glyphs[-1].space_after = True
                continue
            obj = c.FPDFText_GetTextObject(textpage, index)
            key = ctypes.cast(obj, ctypes.c_void_p).value or 0
            known = objects.get(key)
            if known is None:
                known = objects[key] = self._object_style(textpage, index, obj)
            style, scale, font = known
            control = unicodedata.category(char) == "Cc"  # a glyph code passed through as text
            c.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
            size = c.FPDFText_GetFontSize(textpage, index) * scale
            if control or c.FPDFText_HasUnicodeMapError(textpage, index) == 1 or char == "\ufffd":
                # PDFium found no mapping and gives the character code: try the font's own map,
                # then the glyph's shape (a bullet drawn from a symbol font without a map)
                mapped = self.tounicode.lookup(font, code) or self._bullet(textpage, index, y.value, size)
                if mapped:
                    char = mapped
                else:
                    unmapped += 1
                    if char == FORM_FEED:  # (a TeX font's code 12, "fi": passed through, it would end a page)
                        char = "\ufffd"
            c.FPDFText_GetLooseCharBox(textpage, index, ctypes.byref(box))
            if not size > 0 or not math.isfinite(size):
                size = max(box.top - box.bottom, 1.0)
            left, right = min(box.left, box.right), max(box.left, box.right)
            # The origin is where the pen stood; a loose box may reach left of it (a bold glyph's ink)
            origin = x.value if left <= x.value < right else left
            here = (key, x.value, y.value, left, right)
            if here == drawn:
                # One glyph giving several characters (a ligature: the 2-em dash of ——, ﬀ, ﬁ), as
                # its ToUnicode says: PDFium puts each at the whole glyph's place, where a character
                # drawn twice (simulated bold) would be dropped; the glyph's width is shared out.
                shared += 1
                run = glyphs[len(glyphs) - shared + 1 :]
                width = (right - run[0].x0) / shared
                for number, glyph in enumerate(run):
                    glyph.x0, glyph.x1 = run[0].x0 + number * width, run[0].x0 + (number + 1) * width
                origin = run[-1].x1
            else:
                shared = 1
            drawn = here
            glyphs.append(
                Glyph(
                    char,
                    origin,
                    right,
                    page_height - box.top,
                    page_height - box.bottom,
                    page_height - y.value,
                    size,
                    style,
                )
            )
        return glyphs, unmapped

    def drawings(self, page: Any, page_height: float) -> list[Box]:
        """The boxes of the page's drawings of curves (circles, arrows, a diagram's shapes: a path
        with a Bézier segment), overlapping ones merged; rules and rectangles (tables, frames) are
        none. Forms are looked into one level deep."""
        c = self.c
        boxes: list[Box] = []
        objects = [c.FPDFPage_GetObject(page, i) for i in range(c.FPDFPage_CountObjects(page))]
        for obj in objects:
            kind = c.FPDFPageObj_GetType(obj)
            if kind == c.FPDF_PAGEOBJ_FORM:
                objects.extend(
                    c.FPDFFormObj_GetObject(obj, i) for i in range(c.FPDFFormObj_CountObjects(obj))
                )
                continue
            if kind != c.FPDF_PAGEOBJ_PATH or not self._curved(obj):
                continue
            edges = self._bounds
            if c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in edges)):
                left, bottom, right, top = (v.value for v in edges)
                boxes.append((left, page_height - top, right, page_height - bottom))
        return _merged(boxes)

    def _curved(self, path: Any) -> bool:
        c = self.c
        return any(
            c.FPDFPathSegment_GetType(c.FPDFPath_GetPathSegment(path, i)) == c.FPDF_SEGMENT_BEZIERTO
            for i in range(min(c.FPDFPath_CountSegments(path), _PATH_SEGMENTS))
        )

    def _bullet(self, textpage: Any, index: int, baseline: float, size: float) -> str:
        """ "•" where an unmapped glyph's ink is a bullet's: a small round mark standing on the
        middle of the x-height (a middle dot is smaller, a letter taller); else ""."""
        ink = self._ink
        if not size > 0 or not self.c.FPDFText_GetCharBox(textpage, index, *(ctypes.byref(v) for v in ink)):
            return ""
        left, right, bottom, top = (v.value for v in ink)
        width, height = (right - left) / size, (top - bottom) / size
        middle = ((top + bottom) / 2 - baseline) / size  # PDF user space: y grows upwards
        round_mark = _BULLET_SIZE[0] <= width <= _BULLET_SIZE[1] and 0.7 <= height / max(width, 1e-6) <= 1.4
        return "•" if round_mark and _BULLET_HEIGHT[0] <= middle <= _BULLET_HEIGHT[1] else ""

    def _object_style(self, textpage: Any, index: int, obj: Any) -> tuple[int, float, str]:
        """(style index, matrix scale, font base name) of the text object drawing character `index`."""
        c = self.c
        c.FPDFText_GetMatrix(textpage, index, ctypes.byref(self._matrix))
        m = self._matrix
        scale = math.sqrt(abs(m.a * m.d - m.b * m.c)) or 1.0
        full_name, name, bold, colour = "", "", False, 0
        if obj:
            font = c.FPDFTextObj_GetFont(obj)
            if font:
                c.FPDFFont_GetBaseFontName(font, self._name, len(self._name))
                full_name = self._name.value.decode("latin-1")
                name = full_name.split("+", 1)[-1]
                bold = c.FPDFFont_GetWeight(font) >= 600 or name.lower().endswith(_BOLD_NAMES)
            bold = bold or c.FPDFTextObj_GetTextRenderMode(obj) == _FILL_STROKE
            r, g, b, _ = self._rgba
            if c.FPDFPageObj_GetFillColor(obj, *(ctypes.byref(v) for v in self._rgba)):
                colour = (r.value << 16) | (g.value << 8) | b.value
        style = Style(name, bold, colour)
        known = self._style_index.get(style)
        if known is None:
            known = self._style_index[style] = len(self.styles)
            self.styles.append(style)
        return known, scale, full_name
