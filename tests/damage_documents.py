"""Random clean documents (hypothesis strategies) → blocks as the cleaner should give them back.

A document is a title, then paragraphs, run-in items "（一）…。" and nested numbered headings
一、/（一）/1., sometimes a book's epigraph (a quotation, "—鲁迅" under it) after its first heading;
paragraph text is made of two- and three-character slices of the seed's paragraphs,
with numbers, Latin words, quotes, book titles, document numbers, addresses (URL, e-mail) at a
sentence's end, and every paragraph ends in
sentence-final punctuation. tests/damage.py turns such blocks into extracted text.
"""

from __future__ import annotations

import functools
import json
import random
import re
import unicodedata
from pathlib import Path

from hypothesis import assume
from hypothesis import strategies as st

from pipeline.clean.markers import QUANTITY_UNITS
from pipeline.document import Block

#: The project's own gold document (the real corpus is not always there: examples must not depend on it).
SEED_GOLD = Path(__file__).parent / "corpus" / "000_94766af0f6a420c9.gold.json"
NUMERALS = "〇一二三四五六七八九十"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def display_width(text: str) -> int:
    """Width in display units: wide and ambiguous (CJK) characters 2, the rest 1."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


def _corpus_words() -> tuple[str, ...]:
    """Two- and three-character slices of the Han runs in the seed's paragraphs: realistic vocabulary."""
    words: set[str] = set()
    for block in json.loads(SEED_GOLD.read_text(encoding="utf-8"))["blocks"]:
        if block["type"] != "paragraph":
            continue
        for run in re.findall(r"[\u4e00-\u9fff]+", block["text"]):
            words.update(run[i : i + 3] for i in range(0, len(run) - 1, 3) if len(run[i : i + 3]) >= 2)
    return tuple(sorted(w for w in words if w.strip(NUMERALS)))


WORDS = _corpus_words()
UNITS = ("年", "个", "亿元", "万元", "项", "家", "万人", "倍", "次", "亩")
LATIN = (
    "REITs",
    "GDP",
    "CPI",
    "5G",
    "AI",
    "PM2.5",
    "App",
    "Internet",
    "software",
    "blockchain",
    "Open Source",
    "Artificial Intelligence",
    "Made in China",
)

#: Punctuation between clauses (a comma most often), and before a quotation.
CLAUSE_JOINERS = "，，，、；："
QUOTE_INTRO = "："


@functools.cache
def _han(min_words: int, max_words: int) -> st.SearchStrategy[str]:
    """A run of corpus words. The words come from one drawn seed: which words they are matters
    little to the cleaner, and a draw per word made generation several times slower."""
    return st.tuples(st.integers(min_words, max_words), st.integers(0, 2**16)).map(
        lambda t: "".join(random.Random(t[1]).choices(WORDS, k=t[0]))
    )


@st.composite
def _number(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["int", "decimal", "percent", "year", "date"]))
    if kind == "int":
        return f"{draw(st.integers(1, 9999))}{draw(st.sampled_from(UNITS))}"
    if kind == "decimal":
        return f"{draw(st.integers(0, 999))}.{draw(st.integers(1, 9))}{draw(st.sampled_from(UNITS))}"
    if kind == "percent":
        return f"{draw(st.integers(1, 99))}.{draw(st.integers(0, 9))}%"
    if kind == "year":
        return f"{draw(st.integers(1990, 2030))}年"
    return f"{draw(st.integers(1990, 2030))}年{draw(st.integers(1, 12))}月{draw(st.integers(1, 28))}日"


def _wrapped(opening: str, closing: str) -> st.SearchStrategy[str]:
    return _han(1, 3).map(lambda inner: f"{opening}{inner}{closing}")


#: What introduces an address at a sentence's end.
ADDRESS_LEADS = ("详见", "下载地址：", "联系邮箱：", "网址为")
#: Addresses as Chinese documents print them: a URL or an e-mail address, never broken by a line.
_HOSTS = ("www.gov", "zwfw", "data", "service", "news", "info")
address: st.SearchStrategy[str] = st.one_of(
    st.tuples(
        st.sampled_from(["http://", "https://"]),
        st.sampled_from(_HOSTS),
        st.sampled_from([".gov.cn", ".org.cn", ".com"]),
        st.sampled_from(["/", "/zwgk/", "/index.html", ""]),
    ).map("".join),
    st.tuples(st.sampled_from(["office", "contact", "service"]), st.sampled_from(_HOSTS)).map(
        lambda t: f"{t[0]}@{t[1]}.gov.cn"
    ),
)

inline: st.SearchStrategy[str] = st.one_of(
    _number(),
    st.sampled_from(LATIN),
    _wrapped("“", "”"),
    _wrapped("《", "》"),
    _wrapped("（", "）"),
    st.tuples(_han(1, 1), st.integers(2000, 2030), st.integers(1, 99)).map(
        lambda t: f"{t[0]}〔{t[1]}〕{t[2]}号"
    ),
)


@st.composite
def clause(draw: st.DrawFn) -> str:
    """A run of words with at most one inline element (a number, a Latin word, a quote …) inside."""
    if not draw(st.booleans()):
        return draw(_han(1, 4))
    # Words are Han, so an inline element never touches another: no space can be lost between them.
    head, item = draw(_han(0, 2)), draw(inline)
    if not head and item.startswith("（"):
        # A block opening with a parenthesis is a note ("（此件公开发布）", "（责任单位：…）"), not prose.
        head = draw(_han(1, 1))
    return head + item + draw(_han(0, 2))


_CLAUSES = st.lists(clause(), min_size=1, max_size=4)
_SENTENCE_ENDS = st.sampled_from("。。。。。！？")


@st.composite
def sentence(draw: st.DrawFn) -> str:
    """Clauses joined by ，、；：, ended by 。！？ — or a quotation ending in 。”."""
    clauses = draw(_CLAUSES)
    text = clauses[0]
    for part in clauses[1:]:
        text += draw(st.sampled_from(CLAUSE_JOINERS)) + part
    if draw(st.integers(0, 9)) == 0:
        return f"{draw(_han(1, 2))}{QUOTE_INTRO}“{text}。”"
    if draw(st.integers(0, 9)) == 0:  # an address ends its sentence, as documents print them
        text += f"，{draw(st.sampled_from(ADDRESS_LEADS))}{draw(address)}"
    return text + draw(_SENTENCE_ENDS)


@st.composite
def long_paragraph_text(draw: st.DrawFn, min_width: int = 340) -> str:
    """A paragraph long enough for four full lines at the widest measure: the lines a reader (and the
    cleaner) learns the measure from."""
    text = ""
    while display_width(text) < min_width:
        text += draw(_SENTENCE)
    return text


_SENTENCE = sentence()
_BODY = st.lists(_SENTENCE, min_size=1, max_size=5).map("".join)


def paragraph_text(run_in: str = "") -> st.SearchStrategy[str]:
    """A paragraph: one to five sentences, optionally opened by a run-in item marker "（一）…。"."""
    if not run_in:
        return _BODY
    return st.tuples(_han(2, 4), _BODY).map(lambda t: f"{run_in}{t[0]}。{t[1]}")


@st.composite
def title_text(draw: st.DrawFn) -> str:
    """A document title: no final punctuation; sometimes "关于…的通知", a colon, or a space between halves."""
    kind = draw(st.sampled_from(["about", "colon", "space", "plain"]))
    if kind == "about":
        return (
            f"关于{draw(_han(1, 4))}的{draw(st.sampled_from(['通知', '意见', '决定', '报告', '若干政策']))}"
        )
    joint = {"colon": "：", "space": " ", "plain": ""}[kind]
    title = f"{draw(_han(1, 3))}{joint}{draw(_han(1, 4))}"
    # A first line ending in 文件 is an issuer's line (GB/T 9704: 发文机关标志); as a title it would
    # be a document no reader could tell from an official one.
    assume(not title.endswith("文件"))
    return title


def _heading_text(marker: str) -> st.SearchStrategy[str]:
    tail = st.one_of(st.just(""), _wrapped("（", "）"))
    return (
        st.tuples(_han(1, 4), tail)
        .map(lambda t: marker + t[0] + t[1])
        .filter(lambda text: display_width(text) <= 36)
    )


#: Who an epigraph quotes: an attribution is a dash and a name or a work, a block of its own.
ATTRIBUTIONS = ("—鲁迅", "—卡尔·马克思", "—杨慎《临江仙》", "——《论语·学而》", "—卖油翁")


def _chinese_number(n: int) -> str:
    """1–99 as 一 … 九十九, for heading markers."""
    tens, ones = divmod(n, 10)
    text = ("" if tens < 2 else NUMERALS[tens]) + ("十" if tens else "") + (NUMERALS[ones] if ones else "")
    return text or NUMERALS[0]


@st.composite
def documents(draw: st.DrawFn, max_blocks: int = 10) -> tuple[Block, ...]:
    """A clean document: a title, then paragraphs, run-in items and nested numbered headings; it ends
    with a paragraph."""
    blocks = [Block("title", draw(title_text()))]
    counters = [0, 0, 0]
    kinds = draw(
        st.lists(
            st.sampled_from(["p", "p", "p", "run-in", "h1", "h2", "h3"]), min_size=0, max_size=max_blocks - 2
        )
    )
    kinds.insert(draw(st.integers(0, len(kinds))), "long")
    for kind in [*kinds, "p"]:
        if kind in ("p", "long"):
            blocks.append(
                Block("paragraph", draw(long_paragraph_text() if kind == "long" else paragraph_text()))
            )
            continue
        level = 2 if kind == "run-in" else int(kind[1])
        # Levels nest as in real documents: no （一） before a 一、, no 1. before a （一）.
        while level > 1 and not counters[level - 2]:
            level -= 1
        counters[level - 1] += 1
        counters[level:] = [0] * (3 - level)
        n = counters[level - 1]
        marker = {1: f"{_chinese_number(n)}、", 2: f"（{_chinese_number(n)}）", 3: f"{n}."}[level]
        if kind == "run-in" and level == 2:
            blocks.append(Block("paragraph", draw(paragraph_text(run_in=marker))))
            continue
        if level == 3 and blocks[-1].type == "heading" and blocks[-1].level == 3:
            # 1. headings side by side would be a list: a section under a heading has text.
            blocks.append(Block("paragraph", draw(paragraph_text())))
        blocks.append(Block("heading", draw(_heading_text(marker)), level=level))
    if draw(st.integers(0, 3)) == 0:  # a book's epigraph under its first heading, or its title
        at = next((i + 1 for i, block in enumerate(blocks) if block.type == "heading"), 1)
        epigraph = [
            Block("paragraph", draw(_SENTENCE)),
            Block("paragraph", draw(st.sampled_from(ATTRIBUTIONS))),
        ]
        blocks[at:at] = epigraph
    return tuple(blocks)


# ---------------------------------------------------------------------------------------------
# Documents of other structures: lists, laws, books and manuals, minutes (issue 14)

#: The least width of a structured document's long paragraph: its lists, headers and short
#: articles set many short lines, so its body needs more full lines to show the measure.
STRUCTURED_MIN_WIDTH = 640

_LIST_MARKERS = {
    "arabic": lambda n: f"{n}.",
    "paren_arabic": lambda n: f"（{n}）",
    "arabic_paren": lambda n: f"{n})",
    "bullet": lambda n: "•",
    "dash": lambda n: "– ",  # a bullet only with its blank, which the cleaned text keeps
}
_NESTED_MARKERS = {
    "latin": lambda n: f"{'abcdefgh'[n - 1]})",
    "paren_cn": lambda n: f"（{_chinese_number(n)}）",
    # Bullets nest by their glyph (• then ◦, as Word and HTML set them; LaTeX's • then –).
    "circle": lambda n: "◦",
}
#: How a list is introduced: a sentence that ends with a colon.
LIST_LEADS = ("有下列情形之一的：", "应当提交下列材料：", "主要包括：", "具体如下：")


def _item_text(marker: str, last: bool) -> st.SearchStrategy[str]:
    """A list item: its marker and a clause or two, ending with ； (the last with 。)."""
    end = "。" if last else "；"
    return (
        st.lists(clause(), min_size=1, max_size=2)
        .map(lambda clauses: marker + "，".join(clauses) + end)
        .filter(lambda text: not _reads_as_decimal(marker, text))
    )


def _reads_as_decimal(marker: str, text: str) -> bool:
    """Whether "4." and the number after it read as one number ("4.1年"), as any reader takes them;
    a year after the marker is an item's date ("1.2014年3月…")."""
    rest = text[len(marker) :]
    return marker.endswith(".") and rest[:1].isdigit() and re.match(r"(?:1[89]|20)\d\d年", rest) is None


@st.composite
def list_blocks(draw: st.DrawFn) -> list[Block]:
    """An introduction ending with a colon and the list it opens, set on lines of its own; an item
    that ends with a colon opens a list one level deeper."""
    kind = draw(st.sampled_from(sorted(_LIST_MARKERS)))
    blocks = [Block("paragraph", draw(_han(2, 5)) + draw(st.sampled_from(LIST_LEADS)))]
    count = draw(st.integers(2, 4))
    nested_at = draw(st.integers(0, count)) if kind not in ("bullet", "dash") else count  # count: none
    for n in range(1, count + 1):
        marker = _LIST_MARKERS[kind](n)
        if n == nested_at:
            blocks.append(Block("list_item", marker + draw(_han(2, 4)) + "：", level=1))
            inner = draw(st.sampled_from(sorted(_NESTED_MARKERS)))
            size = draw(st.integers(2, 3))
            for m in range(1, size + 1):
                text = draw(_item_text(_NESTED_MARKERS[inner](m), m == size and n == count))
                blocks.append(Block("list_item", text, level=2))
        else:
            blocks.append(Block("list_item", draw(_item_text(marker, n == count)), level=1))
    return blocks


@st.composite
def official_with_lists(draw: st.DrawFn) -> tuple[Block, ...]:
    """An official document whose sections hold lists: title, 一、 headings, paragraphs and lists."""
    blocks = [
        Block("title", draw(title_text())),
        Block("paragraph", draw(long_paragraph_text(STRUCTURED_MIN_WIDTH))),
    ]
    for n in range(1, draw(st.integers(1, 3)) + 1):
        blocks.append(Block("heading", draw(_heading_text(f"{_chinese_number(n)}、")), level=1))
        blocks += draw(list_blocks())
        blocks.append(Block("paragraph", draw(paragraph_text())))
    return tuple(blocks)


_LAW_UNITS = ("章", "节")


@st.composite
def law(draw: st.DrawFn) -> tuple[Block, ...]:
    """A law or regulation: 第X章 (and 第X节) headings; articles either standing alone as headings
    with their text below (paragraphs numbered 1 2 3 where there are several, items 一 二 三) or run
    into their first paragraph ("第一条为了…。"), with items （一） after a colon."""
    standalone = draw(st.booleans())
    blocks = [
        Block("title", draw(_han(2, 4)) + draw(st.sampled_from(["条例", "办法", "法"]))),
        Block("paragraph", draw(long_paragraph_text(STRUCTURED_MIN_WIDTH))),  # a preamble
    ]
    article = 0
    chapters = draw(st.integers(1, 3))
    for chapter in range(1, chapters + 1):
        blocks.append(Block("heading", f"第{_chinese_number(chapter)}章 {draw(_han(1, 3))}", level=1))
        # A law has three articles at least (a text with fewer is no law to the cleaner).
        for _ in range(draw(st.integers(max(1, 3 - article - 2 * (chapters - chapter)), 3))):
            article += 1
            number = f"第{_chinese_number(article)}条"
            shape = draw(st.sampled_from(["plain", "items", "paragraphs"]))
            if not standalone:
                lead = draw(st.sampled_from(LIST_LEADS)) if shape == "items" else draw(_BODY)
                blocks.append(Block("paragraph", number + draw(_han(1, 3)) + lead))
                if shape == "items":
                    size = draw(st.integers(2, 3))
                    for m in range(1, size + 1):
                        text = draw(_item_text(f"（{_chinese_number(m)}）", m == size))
                        blocks.append(Block("list_item", text, level=1))
                continue
            blocks.append(Block("heading", number, level=3))
            if shape == "plain":
                blocks.append(Block("paragraph", draw(_BODY)))
            elif shape == "paragraphs":
                for m in range(1, draw(st.integers(2, 3)) + 1):
                    blocks.append(Block("list_item", f"{m} " + draw(_BODY), level=1))
            else:
                blocks.append(Block("paragraph", draw(_han(2, 4)) + "如左："))
                size = draw(st.integers(2, 4))
                for m in range(1, size + 1):
                    blocks.append(
                        Block("list_item", draw(_item_text(f"{_chinese_number(m)} ", m == size)), level=1)
                    )
    return tuple(blocks)


@st.composite
def manual(draw: st.DrawFn, subfigures: bool = False, words_in_cells: bool = False) -> tuple[Block, ...]:
    """A book chapter or manual: its contents (目录) perhaps, 1 / 1.1 / 1.1.1 headings, paragraphs,
    bulleted lists, captions, code and commands, small tables under their captions; with
    `subfigures`, each figure's caption under a row of sub-figure labels ("（a）甲（b）乙"); with
    `words_in_cells`, tables of drawn words and numbers only (no fixed word that recurs from table to
    table: a cell alone on its line recurring at a steady interval reads as a running line)."""
    chapter = draw(st.integers(1, 9))
    blocks = draw(contents_blocks(chapter)) if draw(st.booleans()) else []
    blocks += [
        Block("heading", f"{chapter}.{draw(_han(1, 3))}", level=1),
        Block("paragraph", draw(long_paragraph_text(STRUCTURED_MIN_WIDTH))),
    ]
    for section in range(1, draw(st.integers(1, 3)) + 1):
        # A section's title never opens with a unit: "6.1 年…" reads as a quantity (markers.QUANTITY_UNITS).
        title = draw(_han(1, 3).filter(lambda text: text[0] not in QUANTITY_UNITS))
        blocks.append(Block("heading", f"{chapter}.{section} {title}", level=2))
        text = draw(paragraph_text())
        # Technical writing that mixes scripts may stop its sentences so (after Chinese: after a
        # Latin word, a full stop may be an abbreviation's, and the cleaner takes it for one).
        if not text[-2].isascii() and draw(st.booleans()):
            text = text.removesuffix("。") + "."
        blocks.append(Block("paragraph", text))
        if draw(st.booleans()):
            blocks.append(Block("heading", f"{chapter}.{section}.1 {draw(_han(1, 3))}", level=3))
            blocks.append(Block("paragraph", draw(paragraph_text())))
        if draw(st.booleans()):
            if subfigures:
                labels = "".join(
                    f"（{letter}）{draw(_han(1, 2))}" for letter in "abc"[: draw(st.integers(2, 3))]
                )
                blocks.append(Block("caption", labels))
            blocks.append(Block("caption", f"图{chapter}.{section}{draw(_han(1, 3))}"))
            blocks.append(Block("paragraph", draw(paragraph_text())))
        if draw(st.booleans()):
            blocks += draw(list_blocks())
            blocks.append(Block("paragraph", draw(paragraph_text())))
        if draw(st.booleans()):
            blocks.append(draw(code_block()))
            blocks.append(Block("paragraph", draw(paragraph_text())))
        if draw(st.booleans()):
            blocks += draw(table_blocks(f"{chapter}.{section}", words_in_cells))
            blocks.append(Block("paragraph", draw(paragraph_text())))
    return tuple(blocks)


#: Lines of code and commands as manuals print them: each is code by itself (a prompt, a tool's
#: name, a TeX control word, a call, a statement), ASCII only but the curly quotes a typesetter sets.
CODE_LINES = (
    "$ pip install tool{n}",
    "$ python -m tool{n} build --out dist",
    "git clone repo{n}.git",
    "\\documentclass{{article}}",
    "\\begin{{document}}",
    "print(value{n})",
    "value{n} = load(path);",
    "return value{n};",
    ">>> import tool{n}",
    "$ echo \u201dhello{n}\u201d > out{n}.txt",  # curly quotes a typesetter set for straight ones
)


@st.composite
def code_block(draw: st.DrawFn) -> Block:
    """A block of code or commands, kept line by line."""
    lines = draw(st.lists(st.sampled_from(CODE_LINES), min_size=1, max_size=4))
    return Block("preformatted", "\n".join(line.format(n=draw(st.integers(1, 99))) for line in lines))


@st.composite
def table_blocks(draw: st.DrawFn, label: str, words_in_cells: bool = False) -> list[Block]:
    """A small table under its caption: a head row and rows of short cells (words, numbers, and
    unless `words_in_cells` a few fixed Latin names)."""
    columns = draw(st.integers(2, 4))
    head = tuple(draw(_han(1, 2)) for _ in range(columns))
    names = st.sampled_from(("TeX Live", "Windows", "AI"))
    cell = (
        st.one_of(_han(1, 2), st.integers(1, 9999).map(str))
        if words_in_cells
        else st.one_of(_han(1, 2), st.integers(1, 9999).map(str), names)
    )
    rows = [head] + [tuple(draw(cell) for _ in range(columns)) for _ in range(draw(st.integers(1, 4)))]
    return [Block("caption", f"表{label}{draw(_han(1, 3))}"), Block.table(tuple(rows))]


@st.composite
def contents_blocks(draw: st.DrawFn, chapter: int) -> list[Block]:
    """A table of contents under its heading 目录: entries with their page numbers, rising; each
    chapter's entry ("3 总则 1", printed without a leader, as LaTeX's book class sets it) before its
    sections, a second chapter perhaps, and titles with a comma ("搜索，修改")."""
    page = draw(st.integers(1, 20))
    entries = [Block("heading", "目录", level=1)]
    for number in [chapter, chapter + 1] if draw(st.booleans()) else [chapter]:
        entries.append(Block("toc", f"{number} {draw(_han(1, 3))} {page}"))
        for section in range(1, draw(st.integers(2, 4)) + 1):
            title = draw(_han(1, 3)) + (f"，{draw(_han(1, 2))}" if draw(st.booleans()) else "")
            entries.append(Block("toc", f"{number}.{section} {title} {page}"))
            page += draw(st.integers(0, 9))
    return entries


MEETING_HEADER = ("时间：", "地点：", "主持：", "出席：", "记录：")


@st.composite
def minutes(draw: st.DrawFn) -> tuple[Block, ...]:
    """Minutes: a title, the header's labelled lines (meeting), numbered items of the agenda with
    their decisions as lists, and the closing 散会 line."""
    blocks = [Block("title", draw(_han(2, 4)) + "会议纪要")]
    for label in MEETING_HEADER[: draw(st.integers(2, len(MEETING_HEADER)))]:
        value = draw(st.one_of(st.just("2024年3月5日"), _han(1, 3)))
        blocks.append(Block("meta", label + value, role="meeting"))
    for n in range(1, draw(st.integers(1, 3)) + 1):
        blocks.append(Block("heading", draw(_heading_text(f"{_chinese_number(n)}、")), level=1))
        # The first item's discussion long enough to show the measure (as any real minutes' are).
        blocks.append(
            Block(
                "paragraph", draw(long_paragraph_text(STRUCTURED_MIN_WIDTH) if n == 1 else paragraph_text())
            )
        )
        blocks += draw(list_blocks())
    blocks.append(Block("meta", "散会：16:00。", role="meeting"))
    return tuple(blocks)


def structured_documents() -> st.SearchStrategy[tuple[Block, ...]]:
    """A document of one of the structures besides the plain official document."""
    return st.one_of(official_with_lists(), law(), manual(), minutes())


#: Roles in an attendees' table of minutes, each set in brackets before the names.
ROLES = ("理事长", "常务理事", "理事", "监事", "秘书长")


@st.composite
def minutes_header(draw: st.DrawFn) -> tuple[Block, ...]:
    """The header of minutes (meta `meeting`): when, where, who attended — a label line and a row a
    role ("（理事长）张三、李四") — who was present besides, who took the minutes. A row fits a line
    of the narrowest measure with room to spare (36 units), as a table's row does."""
    names = st.lists(_han(1, 1), min_size=1, max_size=3).map("、".join)
    roles = draw(st.lists(st.sampled_from(ROLES), min_size=1, max_size=4, unique=True))
    when = f"{draw(st.integers(1990, 2030))}年{draw(st.integers(1, 12))}月{draw(st.integers(1, 28))}日"
    lines = [
        f"时间：{when}",
        f"地点：{draw(_han(1, 4))}",
        "出席：",
        *(f"（{role}）{draw(names)}" for role in roles),
        f"列席：{draw(names)}",
        f"记录：{draw(names)}",
    ]
    return tuple(Block("meta", line, role="meeting") for line in lines)
