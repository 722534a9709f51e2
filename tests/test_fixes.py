"""Corrections (`[[fix]]` in a seed's TOML): how they are read, how each applies, and how they fail.

The rules of each action are tested on hand-made blocks and reports (pipeline/clean/correct.py
sees only those), so they hold whatever the cleaner decides; the command line and the real
document show the whole path, and tests/test_fixes_e2e.py follows every kind into the PDF and EPUB.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from clean_checks import unaccounted
from conftest import HANGZHOU, source_path

from pipeline.clean import CleanResult, clean
from pipeline.clean.correct import apply_fixes
from pipeline.clean.report import CleanReport
from pipeline.cli import main
from pipeline.document import Block, Document, Meta, NoteRef
from pipeline.errors import SettingsError
from pipeline.fixes import Fix, parse_fixes
from pipeline.settings import load_seed_settings, project_defaults

TOML = Path("seed.toml")


def fixes(*tables: dict[str, object]) -> tuple[Fix, ...]:
    return parse_fixes(list(tables), TOML)


# -- reading -----------------------------------------------------------------------------------


def test_each_action_reads_with_its_argument() -> None:
    read = fixes(
        {"at": "贫困人口", "do": "break-before"},
        {"line": 3, "do": "join"},
        {"line": 4, "do": "heading:2"},
        {"line": 5, "do": "paragraph"},
        {"line": 6, "do": "meta:addressee"},
        {"line": 7, "do": "list_item"},
        {"line": 8, "do": "list_item:2"},
        {"line": 9, "do": "drop"},
        {"line": 10, "do": "keep"},
    )
    assert [(f.number, f.action, f.level, f.role) for f in read] == [
        (1, "break-before", None, None),
        (2, "join", None, None),
        (3, "heading", 2, None),
        (4, "paragraph", None, None),
        (5, "meta", None, "addressee"),
        (6, "list_item", 1, None),
        (7, "list_item", 2, None),
        (8, "drop", None, None),
        (9, "keep", None, None),
    ]
    assert read[2].do == "heading:2" and read[4].do == "meta:addressee"
    assert read[0].describe() == 'fix 1 (at = "贫困人口", do = "break-before")'


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"at": "x"}, "fix 1: do must say what to do"),
        ({"do": "join"}, "fix 1: give either at"),
        ({"at": "x", "line": 2, "do": "join"}, "fix 1: give either at"),
        ({"at": "  ", "do": "join"}, "fix 1: at must be text"),
        ({"line": 0, "do": "join"}, "fix 1: line must be a line number"),
        ({"line": True, "do": "join"}, "fix 1: line must be a line number"),
        ({"line": 2, "do": "merge"}, "fix 1: do = 'merge' is not a correction"),
        ({"line": 2, "do": "heading"}, "fix 1: do = 'heading' needs a level"),
        ({"line": 2, "do": "heading:5"}, "fix 1: do = 'heading:5' needs a level"),
        ({"line": 2, "do": "list_item:3"}, "fix 1: do = 'list_item:3' needs a level"),
        ({"line": 2, "do": "meta:boss"}, "fix 1: do = 'meta:boss' needs a role"),
        ({"line": 2, "do": "join:2"}, "fix 1: do = 'join:2': join takes no argument"),
        ({"line": 2, "do": "join", "why": "x"}, "fix 1: unknown key(s) why"),
    ],
)
def test_a_wrong_fix_is_an_error_naming_it_and_its_file(value: dict[str, object], message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        parse_fixes([value], TOML)
    assert message in str(caught.value) and str(TOML) in str(caught.value)


def test_fix_must_be_an_array_of_tables(tmp_path: Path) -> None:
    seed = tmp_path / "notice.txt"
    seed.write_text("正文。\n", "utf-8")
    seed.with_suffix(".toml").write_text('fix = "join"\n', "utf-8")
    with pytest.raises(SettingsError, match="'fix' must be an array of tables"):
        load_seed_settings(seed)


def test_the_project_defaults_take_no_fixes(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[[tool.pipeline.fix]]\nline = 2\ndo = "join"\n', "utf-8")
    project_defaults.cache_clear()
    with pytest.raises(SettingsError, match="corrections belong to one document"):
        project_defaults(tmp_path)
    project_defaults.cache_clear()


# -- applying, on hand-made blocks ----------------------------------------------------------------

#: Two paragraphs over five lines, a page number between (line 3) that the cleaner removed.
SOURCE = "甲乙丙丁\n戊己 庚辛\n— 2 —\n壬癸子丑\n寅卯辰巳\n"
BLOCKS = (
    Block("paragraph", "甲乙丙丁戊己庚辛壬癸子丑", lines=(1, 4)),
    Block("paragraph", "寅卯辰巳", lines=(5, 5)),
)


def corrected(*tables: dict[str, object]) -> tuple[tuple[Block, ...], tuple[str, ...], CleanReport]:
    report = CleanReport()
    report.add("page-marker", 3, "— 2 —")
    blocks, removed = apply_fixes(SOURCE, BLOCKS, ("— 2 —",), report, fixes(*tables))
    return blocks, removed, report


def shape(blocks: tuple[Block, ...]) -> list[tuple[str, int | None, str | None, str, tuple[int, int] | None]]:
    return [(b.type, b.level, b.role, b.text, b.lines) for b in blocks]


def test_break_before_starts_a_paragraph_at_the_line() -> None:
    blocks, _, report = corrected({"at": "戊己", "do": "break-before"})
    assert shape(blocks) == [
        ("paragraph", None, None, "甲乙丙丁", (1, 1)),
        ("paragraph", None, None, "戊己庚辛壬癸子丑", (2, 4)),
        ("paragraph", None, None, "寅卯辰巳", (5, 5)),
    ]
    [applied] = report.fixes
    assert (applied.line, applied.changed) == (2, True)


def test_join_continues_the_block_before() -> None:
    blocks, _, _ = corrected({"at": "寅卯", "do": "join"})
    assert shape(blocks) == [("paragraph", None, None, "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳", (1, 5))]


@pytest.mark.parametrize(
    ("do", "kind"),
    [
        ("heading:2", ("heading", 2, None)),
        ("meta:signature", ("meta", None, "signature")),
        ("list_item", ("list_item", 1, None)),
        ("list_item:2", ("list_item", 2, None)),
    ],
)
def test_a_type_fix_retypes_the_block_of_the_line(do: str, kind: tuple[str, int | None, str | None]) -> None:
    blocks, _, _ = corrected({"at": "寅卯辰巳", "do": do})
    assert shape(blocks)[1] == (*kind, "寅卯辰巳", (5, 5))
    assert blocks[0] == BLOCKS[0]


def test_paragraph_undoes_a_heading() -> None:
    report = CleanReport()
    heading = (Block("heading", "一、总则", level=1, lines=(1, 1)),)
    blocks, _ = apply_fixes("一、总则\n", heading, (), report, fixes({"line": 1, "do": "paragraph"}))
    assert shape(blocks) == [("paragraph", None, None, "一、总则", (1, 1))]


def test_drop_leaves_the_line_out_and_reports_it() -> None:
    blocks, removed, report = corrected({"at": "戊己庚辛", "do": "drop"})
    assert shape(blocks)[0] == ("paragraph", None, None, "甲乙丙丁壬癸子丑", (1, 4))
    assert removed == ("— 2 —", "戊己庚辛")  # the text as it was in the document
    assert [(f.code, f.line, f.original) for f in report.findings][-1] == ("fix-drop", 2, "戊己庚辛")


def test_drop_of_a_whole_block_removes_it() -> None:
    blocks, _, _ = corrected({"line": 5, "do": "drop"})
    assert shape(blocks) == shape(BLOCKS[:1])


def test_keep_puts_a_page_marker_back_where_it_stood() -> None:
    blocks, removed, report = corrected({"at": "— 2 —", "do": "keep"})
    assert shape(blocks)[0] == ("paragraph", None, None, "甲乙丙丁戊己庚辛—2—壬癸子丑", (1, 4))
    assert removed == () and not any(f.code == "page-marker" for f in report.findings)


def test_keep_between_blocks_makes_a_paragraph_a_later_fix_can_retype() -> None:
    report = CleanReport()
    report.add("running-header", 2, "内部资料")
    source = "第一段。\n内部资料\n第二段。\n"
    blocks = (Block("paragraph", "第一段。", lines=(1, 1)), Block("paragraph", "第二段。", lines=(3, 3)))
    kept, _ = apply_fixes(
        source,
        blocks,
        ("内部资料",),
        report,
        fixes({"line": 2, "do": "heading:1"}, {"line": 2, "do": "keep"}),
    )
    assert [b.text for b in kept] == ["第一段。", "内部资料", "第二段。"]
    assert (kept[1].type, kept[1].level) == ("heading", 1)


def test_boundary_and_type_fixes_on_one_line_apply_in_rounds_whatever_their_order() -> None:
    blocks, _, _ = corrected({"at": "戊己", "do": "heading:3"}, {"at": "戊己", "do": "break-before"})
    assert shape(blocks)[:2] == [
        ("paragraph", None, None, "甲乙丙丁", (1, 1)),
        ("heading", 3, None, "戊己庚辛壬癸子丑", (2, 4)),
    ]


@pytest.mark.parametrize(
    ("table", "outcome"),
    [
        ({"line": 1, "do": "break-before"}, "line 1 already starts a paragraph"),
        ({"line": 4, "do": "join"}, "line 4 already continues its paragraph"),
        ({"line": 5, "do": "paragraph"}, "line 5 is already in a paragraph"),
        ({"line": 1, "do": "keep"}, "line 1 is not page furniture"),
        ({"line": 3, "do": "drop"}, "line 3 is not in the document"),
    ],
)
def test_a_fix_that_finds_nothing_to_do_says_so(table: dict[str, object], outcome: str) -> None:
    blocks, _, report = corrected(table)
    assert shape(blocks) == shape(BLOCKS)
    [applied] = report.fixes
    assert not applied.changed and outcome in applied.outcome
    assert "changed nothing" in report.summary()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            {"at": "不在这里", "do": "join"},
            'fix 1 (at = "不在这里", do = "join"): no source line holds this text',
        ),
        (
            {"at": "乙丙", "do": "join"},
            'fix 1 (at = "乙丙", do = "join"): 2 source lines hold this text (lines 1, 6)',
        ),
        ({"line": 99, "do": "join"}, 'fix 1 (line = 99, do = "join"): the source has only 6 lines'),
        ({"line": 1, "do": "join"}, "cannot join line 1: no block comes before it"),
        ({"line": 3, "do": "heading:1"}, "line 3 was removed as page furniture (page-marker)"),
        ({"line": 3, "do": "break-before"}, 'add a fix with do = "keep" for it first'),
    ],
)
def test_a_fix_that_cannot_apply_is_an_error_naming_it(table: dict[str, object], message: str) -> None:
    source = SOURCE + "乙 丙\n"  # 乙丙 (whitespace aside) is on lines 1 and 6
    report = CleanReport()
    report.add("page-marker", 3, "— 2 —")
    with pytest.raises(SettingsError) as caught:
        apply_fixes(source, BLOCKS, ("— 2 —",), report, fixes(table))
    assert message in str(caught.value) and str(TOML) in str(caught.value)


def test_an_anchor_may_quote_the_repaired_text() -> None:
    report = CleanReport()
    report.add("kangxi-radical", 1, "⽅", "方")
    blocks = (Block("paragraph", "工作方案", lines=(1, 1)), Block("paragraph", "正文。", lines=(2, 2)))
    fixed, _ = apply_fixes(
        "工作⽅案\n正文。", blocks, (), report, fixes({"at": "工作方案", "do": "heading:1"})
    )
    assert fixed[0].type == "heading"


def test_a_table_is_not_split() -> None:
    table = (Block.table((("甲", "乙"), ("丙", "丁")), lines=(1, 2)),)
    with pytest.raises(SettingsError, match="cannot split a table"):
        apply_fixes("甲  乙\n丙  丁\n", table, (), CleanReport(), fixes({"line": 2, "do": "break-before"}))


def test_footnote_marks_move_with_their_text() -> None:
    source = "甲乙①丙\n丁戊②己\n"
    blocks = (Block("paragraph", "甲乙①丙丁戊②己", notes=(NoteRef(2, "①"), NoteRef(6, "②")), lines=(1, 2)),)
    fixed, _ = apply_fixes(source, blocks, (), CleanReport(), fixes({"line": 2, "do": "break-before"}))
    assert [(b.text, b.notes) for b in fixed] == [
        ("甲乙①丙", (NoteRef(2, "①"),)),
        ("丁戊②己", (NoteRef(2, "②"),)),
    ]


def test_latin_words_rejoin_with_a_space() -> None:
    source = "Open source\nsoftware matters\n"
    blocks = (
        Block("paragraph", "Open source", lines=(1, 1)),
        Block("paragraph", "software matters", lines=(2, 2)),
    )
    fixed, _ = apply_fixes(source, blocks, (), CleanReport(), fixes({"line": 2, "do": "join"}))
    assert fixed[0].text == "Open source software matters"


# -- through the cleaner and the command line ----------------------------------------------------


def test_every_character_is_still_accounted_for_after_drop_and_keep() -> None:
    raw = source_path(HANGZHOU, "pdftotext").read_text("utf-8")
    result = clean(raw, fixes=fixes({"at": "— 2 —", "do": "keep"}, {"line": 30, "do": "drop"}))
    assert unaccounted(raw, result) == {}
    assert "— 2 —" not in result.document.removed


def test_fixes_keyed_by_text_survive_another_extraction() -> None:
    """The same fixes, by text, on pdftotext's plain and -layout output (other line numbers, other
    spacing) correct the document the same way."""
    corrections = fixes(
        {"at": "推动《杭州市政府投资项目管理条例》出台", "do": "heading:2"},
        {"at": "目 120 个左右，完成投资 800 亿元以上", "do": "break-before"},
        {"at": "一、扩大有效投资政策", "do": "paragraph"},
    )
    plain, layout = (
        clean(source_path(HANGZHOU, name).read_text("utf-8"), fixes=corrections).document.blocks
        for name in ("pdftotext", "layout")
    )
    assert [(b.type, b.level, b.text) for b in plain] == [(b.type, b.level, b.text) for b in layout]
    at = next(i for i, block in enumerate(plain) if block.text.startswith("一、扩大有效投资政策"))
    assert [(b.type, b.level, b.text[:10]) for b in plain[at : at + 3]] == [
        ("paragraph", None, "一、扩大有效投资政策"),
        ("heading", 2, "推动《杭州市政府投资"),
        ("paragraph", None, "目120个左右，完成"),
    ]


def test_clean_applies_the_fixes_and_reports_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = tmp_path / "notice.txt"
    seed.write_text("第一段正文，到此为止。\n\n寅卯辰巳\n\n第三段正文，到此为止。\n", "utf-8")
    seed.with_suffix(".toml").write_text('[[fix]]\nat = "寅卯"\ndo = "heading:1"\n', "utf-8")
    assert main(["clean", str(seed), "--json"]) == 0
    document = Document.from_json(json.loads(capsys.readouterr().out))
    assert ("heading", "寅卯辰巳") in [(b.type, b.text) for b in document.blocks]
    assert main(["clean", str(seed)]) == 0
    assert 'notice.txt:3: fix 1 (at = "寅卯", do = "heading:1"): made the ' in capsys.readouterr().out


def test_a_bad_anchor_fails_the_command_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(Path(__file__).parent / "corpus" / "000_94766af0f6a420c9.txt", tmp_path / "seed.txt")
    (tmp_path / "seed.toml").write_text('[[fix]]\nat = "的"\ndo = "join"\n', "utf-8")
    assert main(["clean", str(tmp_path / "seed.txt")]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f'error: {tmp_path / "seed.toml"}: fix 1 (at = "的", do = "join"): ')
    assert "source lines hold this text" in line


def test_meta_follows_the_corrected_blocks() -> None:
    """The title, author and date a document reports are read after the fixes."""
    result = clean(
        "关于开展工作的通知\n\n各单位：\n\n请按要求开展工作。\n\n某某局\n\n2024年3月1日\n",
        fixes=fixes({"at": "某某局", "do": "meta:signature"}),
    )
    meta: Meta = result.document.meta
    assert meta.author == "某某局"
    assert isinstance(result, CleanResult)
