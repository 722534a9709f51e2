"""The cleaner's view of characters: controls, blanks and display widths.

Han, Chinese context and the punctuation classes live with the layout's in `pipeline.unicode`.

Display width follows the convention of the cleaner's statistics: a Han character or a full-width
punctuation mark counts 2, ASCII counts 1 (UAX #11 East Asian Width, with the "ambiguous" marks
that Chinese fonts set full-width — “ ” ‘ ’ … — · — counted as 2).
"""

from __future__ import annotations

import itertools
import re

from pipeline.unicode import SENTENCE_END, TRAILING_CLOSERS

#: Characters the cleaner removes wherever they are: C0/C1 controls (but tab, newline, form feed),
#: surrogates, BMP noncharacters, and the invisible ones that only get in the way — bidi controls,
#: zero-width spaces, BOMs, soft hyphens, word joiners. ZWJ (U+200D) stays: emoji sequences need it.
CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0d-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\u00ad\u061c\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\ufff9-\ufffb]"
)

#: Paragraph-end mark some extractors leave at the end of a paragraph (EM SPACE).
PARAGRAPH_MARK = "\u2003"
IDEOGRAPHIC_SPACE = "\u3000"
FORM_FEED = "\f"
#: Blank characters around a source line's text (its indentation, a trailing paragraph mark).
EDGE_SPACE = " \t" + IDEOGRAPHIC_SPACE + PARAGRAPH_MARK


def source_lines(text: str) -> list[str]:
    """The lines of decoded source text (LF newlines). A form feed ends a page, so it ends the line
    it follows too: pdfplumber, pypdfium2 and pypdf write a page's text without a final line end,
    and their pages joined with form feeds (pdftotext's page separator) put a page's last line and
    the next page's first on one line ("…已退休。\f2    第一章 简介"). Such a form feed is counted
    a line end (as Unicode's line breaking, UAX #14, makes it a mandatory break); pdftotext's, at a
    line's start, adds no line. (Split at the form feeds, not searched: a text holds few pages.)"""
    if FORM_FEED in text:
        pages = text.split(FORM_FEED)
        text = pages[0] + "".join(
            (FORM_FEED if not before or before[-1] == "\n" else "\n" + FORM_FEED) + page
            for before, page in itertools.pairwise(pages)
        )
    return text.split("\n")


#: Characters set full-width: UAX #11 Wide/Fullwidth ranges (CJK, Hangul, Yi, full-width forms,
#: emoji) plus the "ambiguous" marks Chinese fonts set full-width.
WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6"
    "\U0001f300-\U0001f64f\U0001f900-\U0001f9ff\U00020000-\U0003fffd“”‘’…—·※§]"
)


#: The narrow characters beyond ASCII (accented Latin, most general punctuation, …): few texts hold
#: any. The ASCII ones are counted apart, by encoding: a pattern's search makes a match per character
#: it finds, and Chinese text holds many ASCII digits and letters ("2023年", "FLEX 协议").
_NARROW_BEYOND_ASCII = re.compile("[^\x00-\x7f" + WIDE.pattern[1:])


def display_width(text: str) -> int:
    """Display width of a string: two per character, less one for every narrow one (its ASCII
    characters, the bytes of its ASCII encoding, and the few others)."""
    if text.isascii():
        return len(text)
    return 2 * len(text) - len(text.encode("ascii", "ignore")) - len(_NARROW_BEYOND_ASCII.findall(text))


def fits_width(text: str, limit: int) -> bool:
    """Whether `text` is at most `limit` display units wide. Every character takes one unit at
    least and two at most, so a text of more characters than `limit` is too wide unmeasured (the
    width tests of long paragraphs: is it short enough for a caption, a name, a heading?), and one
    of half as many or fewer fits unmeasured (most table cells, headings, running heads)."""
    length = len(text)
    if length > limit:
        return False
    if 2 * length <= limit:
        return True
    return text.isascii() or display_width(text) <= limit  # (ASCII: its width is its length)


def measured_width(text: str) -> int:
    """Display width as printed: spaces an extractor put next to Chinese characters take no room.
    (ASCII text has no wide characters: told first, its width is its length.)"""
    if text.isascii():
        return len(text)
    width = display_width(text)
    return width - len(_SPACE_BY_WIDE.findall(text)) if " " in text else width


#: A space after or before a wide character. (The space first: a search skips from space to space,
#: where a pattern that opens with a lookbehind is tried at every position.)
_SPACE_BY_WIDE = re.compile(f" (?:(?<={WIDE.pattern} )|(?={WIDE.pattern}))")


#: The punctuation of a sentence (its commas and ends): text holding it is prose, no heading, name,
#: running head or contents entry.
SENTENCE_PUNCTUATION = re.compile("[，。；！？]")


def ends_sentence(text: str) -> bool:
    """Whether `text` ends with sentence-final punctuation, allowing closing quotes/brackets after it."""
    last = text[-1:]
    if last and last not in TRAILING_CLOSERS and not last.isspace():
        return last in SENTENCE_END  # nothing to strip: most lines are read from their last character
    stripped = text.rstrip().rstrip(TRAILING_CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def leading_width(line: str) -> int:
    """Display width of a line's leading whitespace (U+3000 counts 2)."""
    return display_width(line[: len(line) - len(line.lstrip())].replace("\t", "    "))
