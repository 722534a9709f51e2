"""Script variants: a Document in one Chinese script → the same Document in the other (OpenCC).

Simplified → Traditional uses an OpenCC configuration (`s2tw` by default; `s2twp`, `s2hk`, `s2t`
selectable); a source that is already Traditional goes the other way with the matching reverse
configuration, so every document yields both scripts. On top of OpenCC this module

- protects phrases OpenCC is known to get wrong (`EXCEPTIONS`: the surname 范 made 範, 子丑 made
  子醜, 分区 made 分割槽 under `s2twp`, …): the text is split at each match, the match gets its
  fixed form and only the pieces between go through OpenCC;
- converts quotation marks, which OpenCC leaves alone: “ ” ‘ ’ (GB/T 15834) ↔ 「 」 『 』 (the
  Taiwan and Hong Kong convention), by nesting depth rather than by glyph.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from pipeline.document import Block, Document
from pipeline.errors import VariantError

HANS = "zh-Hans"
HANT = "zh-Hant"
#: The scripts every document is published in (BCP 47 tags, also the documents' `language`).
VARIANTS: tuple[str, ...] = (HANS, HANT)

#: Simplified → Traditional configuration → its reverse, used when the source is Traditional.
REVERSE_CONFIGS: dict[str, str] = {"s2tw": "tw2s", "s2twp": "tw2sp", "s2hk": "hk2s", "s2t": "t2s"}
#: The Simplified → Traditional configuration of a seed that names none (Taiwan standard).
DEFAULT_OPENCC = "s2tw"

_TO_HANT = tuple(REVERSE_CONFIGS)
_TO_HANS = tuple(REVERSE_CONFIGS.values())
_SURNAME_TITLES = (
    "先生|女士|小姐|老师|教授|同志|书记|主任|局长|部长|市长|县长|校长|总理|医生|大夫|律师|经理|总|氏"
)


@dataclass(frozen=True)
class ConversionException:
    """A phrase OpenCC converts wrongly: where `pattern` (a regex) matches, write `fixed` instead."""

    pattern: str
    fixed: str
    configs: tuple[str, ...]
    note: str


#: Known OpenCC mis-conversions. Add a row (and a case in tests/test_variants.py) for each new one;
#: patterns are matched longest-first against the source text, before OpenCC sees it.
EXCEPTIONS: tuple[ConversionException, ...] = (
    ConversionException(
        f"(?<![模典规示防就风])范(?=(?:{_SURNAME_TITLES}))",
        "范",
        _TO_HANT,
        "范 as a surname stays 范 (範 is 'model')",
    ),
    ConversionException(f"余(?=(?:{_SURNAME_TITLES}))", "余", _TO_HANT, "余 as a surname stays 余, not 餘"),
    ConversionException(
        f"(?<![对关属终由至])于(?=(?:{_SURNAME_TITLES}))", "于", _TO_HANT, "于 as a surname stays 于, not 於"
    ),
    ConversionException("范仲淹|范蠡|范晔|范成大|范曾", "", _TO_HANT, "famous bearers of the surname 范"),
    ConversionException("子丑", "子丑", _TO_HANT, "丑 the earthly branch (子丑寅卯) is not 醜 'ugly'"),
    ConversionException("[甲乙丙丁戊己庚辛壬癸]丑", "", _TO_HANT, "sexagenary years such as 乙丑, 辛丑"),
    ConversionException("加强制造", "加強製造", _TO_HANT, "OpenCC reads 強制|造: 加強制造業 for 加強製造業"),
    ConversionException("分[区區]", "分區", ("s2twp",), "s2twp's 分區 → 分割槽 fits disk partitions only"),
    ConversionException("文件", "文件", ("s2twp",), "official 文件 are documents, not 檔案 files"),
    ConversionException("文件", "文件", ("tw2sp",), "tw2sp turns 文件 into 文档"),
    ConversionException("甚麼", "什么", _TO_HANS, "OpenCC gives 甚么; standard Simplified is 什么"),
)

#: Quotation marks per script, outermost first: (opening, closing) for depth 0, 1, 2, …
QUOTES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    HANS: (("\u201c", "\u201d"), ("\u2018", "\u2019")),
    HANT: (("\u300c", "\u300d"), ("\u300e", "\u300f")),
}
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


class Converter(Protocol):
    """What this module needs of `opencc.OpenCC`."""

    def convert(self, text: str) -> str: ...


@cache
def converter(config: str) -> Converter:
    """The OpenCC converter for a configuration, built once per process (loading takes ~50 ms)."""
    import opencc

    if config not in _TO_HANT + _TO_HANS:
        raise VariantError(
            f"unknown OpenCC configuration {config!r}", hint=f"use one of {', '.join(_TO_HANT)}"
        )
    result: Converter = opencc.OpenCC(f"{config}.json")
    return result


@cache
def _exception_pattern(config: str) -> tuple[re.Pattern[str], tuple[str, ...]] | None:
    """One alternation of the exceptions for `config`, longer patterns first, each in group `e<index>`."""
    rows = sorted((e for e in EXCEPTIONS if config in e.configs), key=lambda e: -len(e.pattern))
    if not rows:
        return None
    combined = re.compile("|".join(f"(?P<e{i}>{e.pattern})" for i, e in enumerate(rows)))
    return combined, tuple(e.fixed for e in rows)


def convert_text(text: str, config: str) -> str:
    """Convert text with OpenCC `config`, protecting the `EXCEPTIONS`, then convert the quotes."""
    opencc = converter(config)
    patterns = _exception_pattern(config)
    pieces: list[str] = []
    position = 0
    if patterns is not None:
        combined, fixes = patterns
        for match in combined.finditer(text):
            pieces.append(opencc.convert(text[position : match.start()]))
            group = next(name for name, value in match.groupdict().items() if value is not None)
            fixed = fixes[int(group[1:])]
            pieces.append(fixed or match.group())  # an empty `fixed` keeps the source as written
            position = match.end()
    pieces.append(opencc.convert(text[position:]))
    return convert_quotes("".join(pieces), HANT if config in _TO_HANT else HANS)


def convert_quotes(text: str, target: str) -> str:
    """Rewrite “ ” ‘ ’ / 「 」 『 』 as the target script's quotes, alternating by nesting depth.

    Depth, not glyph, decides: “a ‘b’ c” and a source that nests “ inside “ both come out as
    「a『b』c」. A ’ between Latin letters is an apostrophe and stays.
    """
    openers = {q[0]: i for pair in QUOTES.values() for i, q in enumerate(pair)}
    closers = {q[1]: i for pair in QUOTES.values() for i, q in enumerate(pair)}
    levels = QUOTES[target]
    out: list[str] = []
    depth = 0
    for index, char in enumerate(text):
        if char == "\u2019" and _is_apostrophe(text, index):
            out.append(char)
        elif char in openers:
            out.append(levels[depth % 2][0])
            depth += 1
        elif char in closers:
            if depth == 0:  # unbalanced: keep the level the glyph itself says
                out.append(levels[closers[char]][1])
            else:
                depth -= 1
                out.append(levels[depth % 2][1])
        else:
            out.append(char)
    return "".join(out)


def _is_apostrophe(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    return bool(_LATIN_LETTER.match(before) and _LATIN_LETTER.match(after))


def _each_converted(chars: list[str], config: str) -> list[str]:
    """Each character converted alone: one call for all of them, a character a line (one call each
    only if the conversion changed the lines)."""
    to = _character_converter(config)
    converted = to.convert("\n".join(chars)).split("\n")
    return converted if len(converted) == len(chars) else [to.convert(char) for char in chars]


#: What reading OpenCC's configuration and tables raises where they are laid out otherwise than
#: `_character_converter` reads them (a file missing, another JSON shape, a table not found).
_UNEXPECTED_LAYOUT = (OSError, RuntimeError, ValueError, KeyError)


@cache
def _character_converter(config: str) -> Converter:
    """OpenCC's `config` without its phrase tables, built once per process.

    A character converted alone goes through the character tables only (no phrase is one character
    long), so this converts it as the whole configuration does (tests/test_variants.py compares the
    two on every letter past ASCII); it loads in milliseconds where the phrase tables of `s2t` take a
    quarter of a second, which the first cleaning in a process would otherwise pay to read its
    script. Where OpenCC's data is not where this looks, the whole configuration does the work."""
    import opencc

    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    try:
        settings = json.loads((share / f"{config}.json").read_text(encoding="utf-8"))
        for step in ("normalization", "conversion_chain"):
            settings[step] = [
                {"dict": table}
                for entry in settings.get(step, ())
                if (table := _without_phrases(entry["dict"], share))
            ]
        if settings["conversion_chain"]:
            # OpenCC reads a configuration from a file only; its tables are named by absolute path.
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"{config}-characters.json"
                path.write_text(json.dumps(settings), encoding="utf-8")
                result: Converter = opencc.OpenCC(str(path))
            return result
    except _UNEXPECTED_LAYOUT:
        pass
    return converter(config)


def _without_phrases(table: dict[str, Any], share: Path) -> dict[str, Any] | None:
    """An OpenCC dictionary setting with its phrase tables (`…Phrases….ocd2`) left out and every
    table file named by absolute path; None where nothing is left."""
    if table.get("type") == "group":
        kept = [member for each in table["dicts"] if (member := _without_phrases(each, share))]
        return {**table, "dicts": kept} if kept else None
    if "Phrases" in table["file"]:
        return None
    return {**table, "file": str(share / table["file"])}


#: The characters whose script OpenCC was asked (letters past ASCII), and those of them only one
#: script writes, as OpenCC converts each alone. A fact of the character, so it is asked of OpenCC
#: once per process: documents write the same few thousand characters, and each cleaning reads its
#: script. (And the characters past ASCII seen that are no letters: marks, symbols; none is asked.)
_LEARNED: set[str] = set()
_SIMPLIFIED_ONLY: set[str] = set()
_TRADITIONAL_ONLY: set[str] = set()
_NO_LETTERS: set[str] = set()


def _learn_scripts(unknown: list[str]) -> None:
    """Ask OpenCC the script of these characters, not known yet (see `_LEARNED`): one call each way."""
    if unknown:
        as_hant, as_hans = _each_converted(unknown, "s2t"), _each_converted(unknown, "t2s")
        for char, hant, hans in zip(unknown, as_hant, as_hans, strict=True):
            if hant != char and hans == char:
                _SIMPLIFIED_ONLY.add(char)
            elif hans != char and hant == char:
                _TRADITIONAL_ONLY.add(char)
        _LEARNED.update(unknown)


@dataclass(frozen=True)
class _Sieves:
    """Patterns over the characters known when they were built (`detect_script`): a search in C
    passes over a text where the set of its characters makes a string of each of them. They hold
    characters of the Basic Multilingual Plane only (a pattern looks those up in a table, and reads
    through a list of the others at each character): any other is found by `candidates`."""

    known: int  # how many characters past ASCII were known (learned or no letters) then
    #: Finds the characters past ASCII but those then known to be in both scripts, in Simplified
    #: only or no letters: Traditional-only ones, and those learned since (few) or unknown.
    candidates: re.Pattern[str]
    simplified: re.Pattern[str]  # finds the characters then known to be Simplified-only


def _class_of(chars: set[str]) -> str:
    """These characters, those of the Basic Multilingual Plane only, as a pattern's class holds them."""
    return "".join(re.escape(char) for char in sorted(chars) if char <= "\uffff")


_sieves = _Sieves(0, re.compile(r"[^\x00-\x7f]"), re.compile("(?!)"))


def _current_sieves() -> _Sieves:
    """The sieves, built again once half as many characters again are known as when they were:
    building them takes about a millisecond a thousand characters, and a character known since
    costs only its own occurrences (documents write the same few thousand characters: a few builds
    a process)."""
    global _sieves
    known = len(_LEARNED) + len(_NO_LETTERS)
    if 2 * known > 3 * _sieves.known:
        held_back = _class_of((_LEARNED - _TRADITIONAL_ONLY) | _NO_LETTERS)
        simplified = _class_of(_SIMPLIFIED_ONLY)
        _sieves = _Sieves(
            known,
            re.compile(f"[^\\x00-\\x7f{held_back}]"),
            re.compile(f"[{simplified}]" if simplified else "(?!)"),  # (never matches where none)
        )
    return _sieves


def detect_script(source: Document | str) -> str:
    """`zh-Hant` if the text has more Traditional-only than Simplified-only characters, else `zh-Hans`.

    Characters are counted only where both scripts' own characters are there: a text holding one
    script's alone (nearly every document) is told by which of them it holds. Those are found by
    the sieves' patterns, the ones learned since they were built among their `candidates`."""
    text = source if isinstance(source, str) else _document_text(source)
    sieves = _current_sieves()
    candidates = set(sieves.candidates.findall(text))
    # (Letters only, in a stable order: the unknown ones asked of OpenCC at once.)
    _learn_scripts(sorted(char for char in candidates - _LEARNED if char.isalpha()))
    _NO_LETTERS.update(char for char in candidates if not char.isalpha())
    traditional = candidates & _TRADITIONAL_ONLY
    if not traditional:
        return HANS
    simplified = candidates & _SIMPLIFIED_ONLY | set(sieves.simplified.findall(text))
    if not simplified:
        return HANT
    return HANT if _more_often(traditional, simplified, text) else HANS


def _more_often(these: set[str], those: set[str], text: str) -> bool:
    """Whether the characters of `these` occur more often in `text` than those of `those`. Each
    character of a set occurs once at least: the fewer ones are counted first, and the others only
    where as many of them as there are could fall short of that count (a Traditional text with a
    few characters OpenCC counts Simplified is told without counting its hundreds of others)."""
    if len(these) <= len(those):
        counted = sum(map(text.count, these))
        return counted > len(those) and counted > sum(map(text.count, those))
    counted = sum(map(text.count, those))
    return len(these) > counted or sum(map(text.count, these)) > counted


def make_variant(document: Document, target: str, opencc_config: str = DEFAULT_OPENCC) -> Document:
    """The document in `target` script; itself when it is already in that script.

    `opencc_config` names the Simplified → Traditional direction; a Traditional source converted
    to Simplified uses its reverse (`s2tw` → `tw2s`, …). Title, subtitle and author are converted
    with the text; date, source and slug are not text.
    """
    if target not in VARIANTS:
        raise VariantError(f"unknown variant {target!r}", hint=f"use {' or '.join(VARIANTS)}")
    if opencc_config not in REVERSE_CONFIGS:
        raise VariantError(
            f"unknown OpenCC configuration {opencc_config!r}", hint=f"use one of {', '.join(_TO_HANT)}"
        )
    source = detect_script(document)
    if source == target:
        if document.meta.language == target:
            return document
        return document.replace(meta=dataclasses.replace(document.meta, language=target))
    config = opencc_config if target == HANT else REVERSE_CONFIGS[opencc_config]
    meta = dataclasses.replace(
        document.meta,
        title=convert_text(document.meta.title, config),
        subtitle=convert_text(document.meta.subtitle, config),
        author=convert_text(document.meta.author, config),
        language=target,
    )
    blocks = tuple(_convert_block(block, config) for block in document.blocks)
    return document.replace(meta=meta, blocks=blocks)


def _convert_block(block: Block, config: str) -> Block:
    return block.map_text(lambda text: convert_text(text, config))


def _document_text(document: Document) -> str:
    return "\n".join((document.meta.title, document.meta.subtitle, document.meta.author, document.text()))
