"""Addresses (URLs, e-mail addresses) an extractor shattered, and the line breaks around them."""

from __future__ import annotations

import pytest

from pipeline.clean import clean
from pipeline.clean.fragments import join_address


def texts(raw: str) -> list[str]:
    return [block.text for block in clean(raw).document.blocks]


def test_an_address_written_a_fragment_a_line_is_one_word_again() -> None:
    # pdftotext on a Word document whose justified line stretched the unbreakable address.
    raw = "3.监督投诉邮箱：cl\ny\nczmj\nb@si\nna.\ncom\n4.办理时限：20个工作日。\n"
    assert texts(raw) == ["3.监督投诉邮箱：clyczmjb@sina.com", "4.办理时限：20个工作日。"]


def test_an_address_written_a_fragment_a_line_in_double_spaced_text_is_one_word_again() -> None:
    # A blank line after every line, the fragments' too, parts no fragment from the next: after a
    # page break, the address goes on the sentence the page ended in (found by fresh draws of manuals).
    full = "各地区各部门要坚定不移把党中央决策部署落实好，确保如期完成各项"
    lines = [full, full, "目标任务，下载地址：", "\fht", "tp:/", "/", "da", "t", "a.o", "r", "g.c", "n", "。"]
    raw = "".join(line + "\n\n" for line in [*lines, full, "目标任务。"])
    assert texts(raw) == [full + full + "目标任务，下载地址：http://data.org.cn。", full + "目标任务。"]


def test_a_url_pushed_to_lines_of_its_own_stays_in_its_item() -> None:
    raw = (
        "2.网上提交地址：\nht\nt\nps:\n/\n/\nzwf\nwdt\n.\nt\nobacco.\ngov\n.\ncn/\n3.邮寄地址：会堂路235号\n"
    )
    assert texts(raw) == ["2.网上提交地址：https://zwfwdt.tobacco.gov.cn/", "3.邮寄地址：会堂路235号"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # pypdf writes the stretched address with spaces where the glyphs stand apart.
        ("下载地址：h ttp ://w w w .fjyc w .c o m /N e w s", "下载地址：http://www.fjycw.com/News"),
        ("邮箱：c lyc zm jb @ s in a .c o m", "邮箱：clyczmjb@sina.com"),
        # Words written apart stay apart: a whole address among them, or pieces too long.
        ("please write to bob@mail.gov.cn today", "please write to bob@mail.gov.cn today"),
        ("see www.gov.cn or www.ctex.org now", "see www.gov.cn or www.ctex.org now"),
        ("Comprehensive TeX Archive Network", "Comprehensive TeX Archive Network"),
    ],
)
def test_spaces_inside_a_shattered_address_go(raw: str, expected: str) -> None:
    assert join_address(raw) == expected


def test_a_column_of_addresses_is_no_shattered_address() -> None:
    raw = "联系方式如下。\na@b.cn\nc@d.cn\ne@f.cn\n"
    assert "a@b.cnc@d.cn" not in "".join(texts(raw))
