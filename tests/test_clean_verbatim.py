"""Unit tests of the blocks that are no prose (pipeline/clean/verbatim.py): code and commands kept
line by line, small tables under their caption, table-of-contents entries without their leaders."""

from __future__ import annotations

import pytest
from clean_checks import block_tuples, unaccounted

from pipeline.clean import clean
from pipeline.clean.notes import note_mark
from pipeline.clean.verbatim import TocEntry, is_code_line, toc_entry

FULL = "全面推进乡村振兴，加快建设农业强国，扎实推动乡村产业、人才、文化、生态、组织振兴。"
#: Two full lines first: they show the cleaner the measure.
BODY = f"{FULL}\n{FULL}\n"


def typed(raw: str) -> list[tuple[str, str]]:
    result = clean(raw)
    assert unaccounted(raw, result) == {}
    blocks = result.document.blocks
    again = clean("\n\n".join(block.text for block in blocks)).document.blocks
    assert block_tuples(again) == block_tuples(blocks)  # the cleaner reads its own output back
    return [(block.type, block.text) for block in blocks]


# --- code and commands -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "$ pip install pipeline",
        "# apt-get install poppler-utils",
        ">>> import pipeline",
        "C:\\> dir",
        "git clone https-less-repo.git",
        "xelatex main.tex",
        "\\documentclass{article}",
        "value = load(path);",
        "print(value)",
        "}",
        "<div class=main>",
        "$ echo \u201dOriginal Content\u201d > foo",  # curly quotes a typesetter put for straight ones
        'print("你好，世界")',  # text in any script inside a string literal
        "title = {论动体的电动力学},",  # or a brace group
        "= {阿尔伯特・爱因斯坦},",  # an assignment's value, its key aligned apart on the line above
    ],
)
def test_code_lines_by_their_convention(line: str) -> None:
    assert is_code_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "若 a = b，则 b = a。",  # Chinese prose mentioning code
        "http://www.gov.cn/zwgk/index.htm?id=5&x=3",  # an address: its '=' is no assignment
        "h ttp ://w w w .gov .cn/a?id=5",  # pypdf's spaced-out address
        "The Not So Short Introduction to LaTeX is a book;",  # English prose
        "make sure the values are right",
        "Made in China",
        "2024-01-01",
        '使用"你好"作为问候语',  # Chinese outside the literal: prose
        "命令\\section{引言}生成一节",
    ],
)
def test_prose_addresses_and_english_are_no_code(line: str) -> None:
    assert not is_code_line(line)


def test_commands_are_kept_line_by_line_with_their_output() -> None:
    raw = (
        BODY
        + "安装方法如下：\n$ pip install pipeline\n$ python -m pipeline build\nSuccessfully installed\n以上。\n"
    )
    assert typed(raw)[-3:] == [
        ("paragraph", "安装方法如下："),
        ("preformatted", "$ pip install pipeline\n$ python -m pipeline build\nSuccessfully installed"),
        ("paragraph", "以上。"),
    ]


@pytest.mark.parametrize(
    ("lead", "listing", "after"),
    [
        # A shell session whose commands a typesetter set curly quotes in (DBLaTeX with a CJK font).
        (
            "請參閱下面的示例。",
            "$ umask 002\n$ echo \u201dOriginal Content\u201d > foo\n$ cat foo\nOriginal Content",
            "硬連結可以在同一個檔案系統內建立。",
        ),
        # A listing commented in Chinese: pdftotext -layout keeps a comment beside its code; one may
        # stand on a line of its own; a meta-variable in its angle brackets.
        (
            "源代码如下：",
            "\\documentclass{book}\n% 导言区，加载宏包和各项设置\n"
            "\\usepackage{makeidx}      % 调用 makeidx 宏包\n\\section{\u27e8title\u27e9}",
            "以上是文档结构的示例。",
        ),
        # Lines of dots where the listing leaves lines out, and a line of plain words inside it.
        (
            "也可以使用verbatim宏包提供的comment环境：",
            "...\n\\usepackage{verbatim}\n...\n\\begin{comment}\nThis is comment.\n\\end{comment}\n...",
            "这样注释的内容不做编译。",
        ),
        # Comments on lines of their own outnumber the commands: they are the listing's still.
        (
            "可以通过命令行工具安装和更新宏包：",
            "% TeX Live 命令行工具 tlmgr 的使用示例\n% 安装/卸载宏包\ntlmgr install <package-name>\n"
            "% 更新所有宏包\ntlmgr update --all --self",
            "以上是命令的示例。",
        ),
    ],
    ids=["curly-quotes", "chinese-comments", "elided-lines", "comment-lines"],
)
def test_a_manual_s_listing_is_one_block(lead: str, listing: str, after: str) -> None:
    raw = BODY + lead + "\n" + listing + "\n" + after + "\n"
    assert typed(raw)[-3:] == [("paragraph", lead), ("preformatted", listing), ("paragraph", after)]


def test_a_code_line_among_more_lines_of_words_stands_apart_as_code() -> None:
    """As it does when the cleaned text is read again: a block of its own, then a run of one line."""
    raw = BODY + "Alphabet and letters\n\\raggedright\nLeft aligned text\nRight aligned text\n以上。\n"
    assert ("preformatted", "\\raggedright") in typed(raw)


def test_chinese_lines_opening_with_a_comment_sign_alone_are_no_code() -> None:
    assert "preformatted" not in [kind for kind, _ in typed(BODY + "% 这一行像注释。\n# 这一行也像。\n")]


def test_a_contents_entry_is_measured_without_its_leader() -> None:
    # DBLaTeX draws its leaders as spaced dots over the whole measure: the line is wider than any entry.
    line = "6.3.5安装过程" + ". " * 48 + "15"
    assert toc_entry(line) == TocEntry("6.3.5安装过程", ". " * 48, "15")
    assert toc_entry("各" * 41 + ". . . 15") is None  # an entry wider than a long heading is none


def test_code_keeps_its_indent_and_punctuation_beside_chinese() -> None:
    # -layout: the block indented as a whole, a line indented inside it; the ';' and '()' at the
    # ends of code lines stay ASCII although Chinese follows on the next line.
    raw = BODY + "      if (ready) {\n          run(value);\n      }\n下一步：\n      print(value)\n编译。\n"
    assert typed(raw)[2:] == [
        ("preformatted", "if (ready) {\n    run(value);\n}"),
        ("paragraph", "下一步："),
        ("preformatted", "print(value)"),
        ("paragraph", "编译。"),
    ]


def test_code_over_a_page_whose_columns_are_set_deeper_keeps_the_documents_indent() -> None:
    # `pdftotext -layout` sets each page's columns by its own character width: the second page
    # indents its paragraphs, and the code that goes on there, two columns deeper than the first.
    paragraph = f"{FULL}\n{FULL}\n以上。\n"
    first = ("    " + paragraph) * 3 + "安装方法如下：\n    $ pip install tool\n"
    second = "      git clone repo.git\n      print(value)\n" + ("      " + paragraph) * 3
    code = "$ pip install tool\ngit clone repo.git\nprint(value)"
    assert ("preformatted", code) in typed(first + "\f" + second)


def test_prose_with_latin_and_an_address_stays_prose() -> None:
    raw = BODY + "若 a = b，则 b = a。详见\nhttp://www.gov.cn/zwgk/index.htm?id=5\n以上。\n"
    assert [kind for kind, _ in typed(raw)] == ["paragraph"] * len(typed(raw))


# --- small tables ------------------------------------------------------------------------------

TABLE = (
    "            操作系统         发行版        编辑器\n"
    "            Windows      MikTeX     TeXnicCenter、WinEdt\n"
    "            Mac OS       MacTeX     TeXShop\n"
)
ROWS = (
    ("操作系统", "发行版", "编辑器"),
    ("Windows", "MikTeX", "TeXnicCenter、WinEdt"),
    ("Mac OS", "MacTeX", "TeXShop"),
)


@pytest.mark.parametrize("caption_above", [True, False])
def test_a_small_table_by_its_caption(caption_above: bool) -> None:
    caption = "                      表 1.1: 发行版与编辑器\n"
    raw = BODY + (caption + "\n" + TABLE if caption_above else TABLE + "\n" + caption) + "\n" + FULL + "\n"
    result = clean(raw)
    tables = [block for block in result.document.blocks if block.type == "table"]
    assert [table.rows for table in tables] == [ROWS]
    assert ("caption", "表1.1：发行版与编辑器") in typed(raw)


def test_columns_without_a_caption_are_no_table() -> None:
    assert "table" not in [kind for kind, _ in typed(BODY + TABLE + FULL + "\n")]


def test_a_wide_gap_heading_is_no_table() -> None:
    # -layout letter-spaces and centres a law's headings: "第 一 章          总     则".
    raw = "      第 一 章          总     则\n      第 二 节          要     求\n表 1 结果\n" + BODY
    assert typed(raw)[:2] == [("heading", "第一章 总则"), ("heading", "第二节 要求")]


def test_a_table_as_the_cleaner_writes_it_reads_back() -> None:
    raw = BODY + "表 1 名单\n\n操作系统 | 发行版\nWindows | MikTeX\n"
    result = clean(raw)
    assert result.document.blocks[-1].rows == (("操作系统", "发行版"), ("Windows", "MikTeX"))
    assert [f.original for f in result.report.findings if f.code == "table-rule"] == ["|", "|"]
    assert unaccounted(raw, result) == {}


CELLS = ("操作系统", "发行版", "编辑器", "Windows", "MikTeX", "TeXnicCenter、WinEdt", "Mac OS", "12.5")
#: The table as plain pdftotext writes it: each cell a text block, a blank line after it; the first
#: cell one block with the caption above it.
CELLS_APART = "表 1.1: 发行版与编辑器\n" + "".join(cell + "\n\n" for cell in CELLS)


def test_a_table_plain_pdftotext_wrote_a_cell_a_block_is_one_table_a_cell_a_row() -> None:
    raw = BODY + CELLS_APART + FULL + "\n" + FULL + "\n"
    assert typed(raw)[1:] == [
        ("caption", "表1.1：发行版与编辑器"),
        ("table", "\n".join(CELLS)),  # its columns are nowhere in the text: a row a cell, as read
        ("paragraph", FULL + FULL),
    ]


def test_short_blocks_without_a_table_caption_above_are_no_table() -> None:
    raw = BODY + "图 1.1 发行版与编辑器\n\n" + "".join(cell + "\n\n" for cell in CELLS) + FULL + "\n"
    assert "table" not in [kind for kind, _ in typed(raw)]
    below = BODY + "".join(cell + "\n\n" for cell in CELLS) + "表 1.1 发行版与编辑器\n\n" + FULL + "\n"
    assert "table" not in [kind for kind, _ in typed(below)]  # a table's caption stands above it


def test_three_cells_under_a_caption_are_too_few_for_a_table() -> None:
    raw = BODY + "表 1 结果\n甲\n\n乙\n\n丙\n\n" + FULL + "\n"
    assert "table" not in [kind for kind, _ in typed(raw)]


def test_the_first_line_of_the_paragraph_after_the_cells_is_no_cell() -> None:
    # A short first line whose sentence goes on in the next line is the text's, not the table's.
    raw = BODY + CELLS_APART + "如表所示各地区各部门\n要坚定不移落实好。\n"
    blocks = typed(raw)
    assert ("table", "\n".join(CELLS)) in blocks
    assert not any("如表所示" in text for kind, text in blocks if kind == "table")


# --- tables of contents ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "entry", "leader", "page"),
    [
        ("第一章 总则 .................... 1", "第一章 总则", ".................... ", "1"),
        ("1.1 背景. . . . . . . . 12", "1.1 背景", ". . . . . . . . ", "12"),
        ("第二章 组织机构 ·················· 5", "第二章 组织机构", "·················· ", "5"),
        ("附则……………………123", "附则", "……………………", "123"),
        ("前言．．．．．．iii", "前言", "．．．．．．", "iii"),
        ("Preface ______ XIV", "Preface", "______ ", "XIV"),
    ],
)
def test_contents_entries_with_each_leader_and_page_number(
    line: str, entry: str, leader: str, page: str
) -> None:
    found = toc_entry(line)
    assert found is not None
    assert (found.entry, found.leader.strip(), found.page) == (entry, leader.strip(), page)
    assert found.text == f"{entry} {page}"


@pytest.mark.parametrize("line", ["他说......还有3", "一是加强领导，二是......12", "第一章 总则 12"])
def test_sentences_and_entries_without_leaders_are_no_entries(line: str) -> None:
    assert toc_entry(line) is None


def test_a_table_of_contents_drops_its_leaders_and_reports_them() -> None:
    raw = "目录\n第一章 总则 .......... 1\n第二章 组织机构 ·········· 5\n前言 …… iii\n" + BODY
    result = clean(raw)
    assert typed(raw)[:4] == [
        ("heading", "目录"),
        ("toc", "第一章 总则 1"),
        ("toc", "第二章 组织机构 5"),
        ("toc", "前言 iii"),
    ]
    assert [f.original.strip() for f in result.report.findings if f.code == "toc-leader"] == [
        "..........",
        "··········",
        "……",
    ]


def test_chapter_entries_without_leaders_and_titles_with_commas_are_entries_among_entries() -> None:
    # LaTeX's book class (and DBLaTeX) sets a chapter's entry without a leader, as -layout writes it.
    raw = (
        "Contents\n"
        "7 开始                                                       50\n"
        "   7.1   开始的最少步骤 . . . . . . . . . . . . . . . .       50\n"
        "   7.2   搜索，修改和删除用户 . . . . . . . . . . . . .       53\n"
        "8 打印机管理                                                 61\n"
        "   8.1   网络打印机 . . . . . . . . . . . . . . . . . .       62\n"
        "9 时钟同步                                                   62\n"
        "\f" + BODY
    )
    assert typed(raw)[:7] == [
        ("heading", "Contents"),
        ("toc", "7 开始 50"),
        ("toc", "7.1 开始的最少步骤 50"),
        ("toc", "7.2 搜索，修改和删除用户 53"),
        ("toc", "8 打印机管理 61"),
        ("toc", "8.1 网络打印机 62"),
        ("toc", "9 时钟同步 62"),
    ]


def test_entries_as_the_cleaner_writes_them_read_back_without_their_heading() -> None:
    # A contents page that goes on from the last, no heading over it: three entries in a row, each
    # a block, page numbers rising. An index's list of pages, or numbers falling, is no such run.
    entries = "1.1 背景 1\n\n1.2 目标和任务 3\n\n2 组织实施 5\n\n"
    assert [kind for kind, _ in typed(BODY + "\n" + entries + BODY)][1:4] == ["toc"] * 3
    index = "\\cite, 26, 28\n\n\\caption, 22, 29\n\n\\centering, 23, 30\n\n"
    falling = "1.1 背景 9\n\n1.2 目标和任务 3\n\n2 组织实施 1\n\n"
    for lines in (index, falling):
        assert "toc" not in [kind for kind, _ in typed(BODY + "\n" + lines + BODY)]


def test_one_dotted_line_is_no_table_of_contents() -> None:
    raw = BODY + "他说得好........ 3\n" + FULL + "\n"
    assert "toc" not in [kind for kind, _ in typed(raw)]


# --- a footnote's mark is no quantity ----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "mark"), [("1 在寫這份文檔時", "1"), ("1 月 27 日召开", None), ("3 年来", None)]
)
def test_a_number_before_a_unit_is_no_notes_mark(line: str, mark: str | None) -> None:
    assert note_mark(line) == mark


def test_a_contents_entry_holds_no_reference_to_a_note() -> None:
    # "1 概述" under the contents is a chapter's number, not the note "1" the entry "… 1" refers to.
    raw = "目录\n概述 .......... 1\n附录 .......... 9\n\n1 概述\n\n" + BODY
    assert "footnote" not in [kind for kind, _ in typed(raw)]


def test_a_row_of_single_digits_is_a_row() -> None:
    raw = BODY + "表 2 名单\n\n    名称        数量\n    3           1\n    区经济      2\n\n" + FULL + "\n"
    tables = [block for block in clean(raw).document.blocks if block.type == "table"]
    assert [table.rows for table in tables] == [(("名称", "数量"), ("3", "1"), ("区经济", "2"))]
