"""The Document model: what each block type may carry, the JSON contract (version 2, version 1 still
read), and changes of text that keep footnote marks and table cells in place."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from pipeline.document import SCHEMA_VERSION, Block, Document, Meta, NoteRef


def test_every_v2_block_type_round_trips_through_json() -> None:
    blocks = (
        Block("title", "总则"),
        Block("heading", "第一条", level=4),
        Block("paragraph", "见注1。", notes=(NoteRef(2, "1"),)),
        Block("list_item", "• 一项", level=2),
        Block("footnote", "1注释。", mark="1"),
        Block("preformatted", "ls -l\ncd /tmp"),
        Block.table((("名称", "值"), ("甲", "1"))),
        Block("caption", "图1 流程"),
        Block("toc", "第一章 总则 1"),
        Block("meta", "时间：2013年1月19日", role="meeting"),
        Block("meta", "附件：1.名单", role="attachment"),
        Block("meta", "新华社北京1月1日电", role="dateline"),
        Block("meta", "记者 张三", role="byline"),
    )
    document = Document(Meta(title="总则"), blocks)
    data = document.to_json()
    assert data["schema_version"] == SCHEMA_VERSION == 2
    assert Document.from_json(data) == document
    assert data["blocks"][6] == {
        "type": "table",
        "text": "名称 | 值\n甲 | 1",
        "rows": [["名称", "值"], ["甲", "1"]],
    }
    assert data["blocks"][2]["notes"] == [{"at": 2, "mark": "1"}]


def test_version_1_json_still_reads() -> None:
    data = {
        "meta": {"title": "通知"},
        "title": "通知",
        "blocks": [
            {"type": "title", "text": "通知"},
            {"type": "heading", "text": "一、总体要求", "level": 1},
        ],
        "removed": ["— 1 —"],
        "schema_version": 1,
    }
    document = Document.from_json(data)
    assert [b.type for b in document.blocks] == ["title", "heading"]
    with pytest.raises(ValueError, match="schema_version 3"):
        Document.from_json({**data, "schema_version": 3})


def test_source_lines_are_no_part_of_equality_or_of_the_json() -> None:
    block = Block("paragraph", "正文。", lines=(3, 5))
    assert block == Block("paragraph", "正文。")
    assert "lines" not in block.to_dict()


def test_a_block_is_made_from_exactly_its_declared_fields_and_stays_frozen() -> None:
    # Block writes its __init__ out (a generated frozen one is twice as dear): it must take the
    # declared fields, in their order, with their defaults, and leave the block immutable.
    parameters = list(inspect.signature(Block.__init__).parameters.values())[1:]
    fields = dataclasses.fields(Block)
    assert [p.name for p in parameters] == [f.name for f in fields]
    assert [p.default for p in parameters] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields
    ]
    block = Block("heading", "一、总则", level=1, lines=(1, 1))
    assert dataclasses.replace(block, text="二、附则") == Block("heading", "二、附则", level=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        block.text = "改"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"type": "heading", "text": "x", "level": 5}, "heading level must be 1-4"),
        ({"type": "list_item", "text": "x", "level": 3}, "list_item level must be 1-2"),
        ({"type": "paragraph", "text": "x", "level": 1}, "has no level"),
        ({"type": "meta", "text": "x", "role": "author"}, "cannot have role"),
        ({"type": "paragraph", "text": "x", "role": "byline"}, "cannot have role"),
        ({"type": "footnote", "text": "注", "mark": "1"}, "starts with it"),
        ({"type": "paragraph", "text": "正文1", "notes": (NoteRef(0, "1"),)}, "not at offset 0"),
        ({"type": "table", "text": "a | b"}, "a table has rows"),
        ({"type": "table", "text": "a|b", "rows": (("a", "b"),)}, "rows joined"),
        ({"type": "sidebar", "text": "x"}, "unknown block type"),
    ],
)
def test_a_block_that_breaks_its_type_s_rules_is_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Block(**kwargs)  # type: ignore[arg-type]


def test_map_text_finds_each_note_mark_again_after_a_change_of_length() -> None:
    block = Block("paragraph", "内存1和内存2。", notes=(NoteRef(2, "1"), NoteRef(6, "2")))
    converted = block.map_text(lambda text: text.replace("内存", "記憶體"))
    assert converted.text == "記憶體1和記憶體2。"
    assert converted.notes == (NoteRef(3, "1"), NoteRef(8, "2"))


def test_map_text_converts_a_table_cell_by_cell() -> None:
    table = Block.table((("内存", "说明"),))
    converted = table.map_text(lambda text: text.replace("内存", "記憶體").replace("说明", "說明"))
    assert converted.rows == (("記憶體", "說明"),)
    assert converted.text == "記憶體 | 說明"
