"""A hand-made Document holding every block type and meta role of Document model v2, for the
layout, PDF and EPUB tests (the cleaner that finds these blocks in real text is tested apart)."""

from __future__ import annotations

from functools import cache

from pipeline.document import Block, Document, Meta, NoteRef
from pipeline.variants import make_variant


def noted(text: str, *marks: str) -> Block:
    """A paragraph whose text calls the footnotes `marks` (each mark's first occurrence after the last)."""
    notes: list[NoteRef] = []
    at = 0
    for mark in marks:
        at = text.index(mark, at)
        notes.append(NoteRef(at, mark))
        at += len(mark)
    return Block("paragraph", text, notes=tuple(notes))


def footnote(mark: str, text: str) -> Block:
    return Block("footnote", f"{mark}{text}", mark=mark)


BODY = (
    "中文排版要求每一行的文字都与版心的左右两边对齐，只有段落的最后一行例外。西文排版依靠词间空格的伸缩来对齐，"
    "而中文没有词间空格，只能在字与字之间平均分配剩余的空间。这样排出的版面疏密一致，行与行之间的字符上下对齐，"
    "读者的视线可以沿着整齐的网格移动。"
)
RULES = (
    "行首禁则规定句号、逗号、顿号、冒号、分号、问号、叹号以及后引号、后括号等标点不能出现在一行的开头；"
    "行尾禁则规定前引号、前括号等标点不能出现在一行的末尾。遇到这种情况，排版软件要么把上一行的最后一个字"
    "挤进来，要么把本行的一个字推到下一行，然后重新计算字距。"
)

BLOCKS: tuple[Block, ...] = (
    Block("title", "中文书刊排版的常见结构"),
    Block("meta", "本书编写组　执笔：张明远", role="byline"),
    Block("meta", "时间：2024年5月20日（星期一）下午2:30", role="meeting"),
    Block("meta", "地点：北京市海淀区学院路37号编辑部第二会议室", role="meeting"),
    Block("meta", "主持：王建国", role="meeting"),
    Block(
        "meta",
        "出席：张明远、李晓东、赵文静、孙立群、周海燕、吴国华、郑秀英、冯志强、陈思远、褚红梅、卫东升、蒋丽华",
        role="meeting",
    ),
    Block("meta", "（请假）沈建平、韩雪", role="meeting"),
    Block("meta", "记录：钱小红", role="meeting"),
    Block("toc", "第一章 排版的基本要求 1"),
    Block("toc", "第二章 列表、表格与代码 4"),
    Block("toc", "第三章 一个相当长的目录条目，用来检验目录行折行以后怎样与引导点和页码对齐 12"),
    Block("toc", "附录"),
    Block("heading", "第一章 排版的基本要求", level=1),
    Block("meta", "本报北京5月20日电", role="dateline"),
    noted(BODY + "这一要求来自铅字排版的传统①，今天的排版软件仍然遵守。", "①"),
    footnote("①", "铅字排版时，每个汉字占一个正方形的字身，字与字之间用铅条或空铅调整距离。"),
    Block("heading", "1.1 行首行尾禁则", level=2),
    noted(RULES + "W3C的《中文排版需求》1对这些规则有详细的说明，GB/T 15834也有相应的规定2。", "1", "2"),
    footnote("1", " Requirements for Chinese Text Layout，W3C工作组备注，简称clreq。"),
    footnote("2", " 《标点符号用法》，国家标准，2011年发布。"),
    Block("heading", "1.1.1 标点的挤压", level=3),
    Block("paragraph", BODY + RULES),
    Block("heading", "（1）相邻标点", level=4),
    Block("paragraph", RULES + BODY),
    footnote("*", "这条脚注没有对应的引用标记，它排在所在页结束的那个段落之后。"),
    Block("heading", "第二章 列表、表格与代码", level=1),
    Block("paragraph", "排版软件一般有以下优点："),
    Block("list_item", "• 高质量 它制作的版面看起来更专业，数学公式尤其赏心悦目。", level=1),
    Block("list_item", "• 结构化 它的文档结构清晰，章节、列表、表格和脚注都有明确的标记。", level=1),
    Block(
        "list_item",
        "1.申请人向所在地县级烟草专卖局递交申请材料，材料不齐全的，应当一次告知需要补正的全部内容。",
        level=1,
    ),
    Block(
        "list_item",
        "a)学生于本科期间在核心期刊上发表文章的情况，所发表文章的研究内容应与其所学专业基本一致；",
        level=2,
    ),
    Block("list_item", "b)学生参加学科竞赛并获得省部级三等奖以上奖项的情况。", level=2),
    Block("list_item", "（2）个体工商户经营者、法定代表人或企业负责人的身份证明信息。", level=1),
    Block("caption", "表1.1 常用发行版与编辑器"),
    Block.table(
        (
            ("操作系统", "发行版", "编辑器"),
            ("Windows", "MiKTeX", "TeXnicCenter、WinEdt"),
            ("Unix/Linux", "TeX Live", "Emacs、vim、Kile，以及许多通用的文本编辑器，它们都能编辑源文件"),
            ("macOS", "MacTeX", "TeXShop"),
        )
    ),
    Block("paragraph", "下面的命令把文档排成PDF，注释说明每一步做什么："),
    Block(
        "preformatted",
        "def typeset(document):\n"
        "    # 先断行，再按行设置字距\n"
        "    for block in document.blocks:\n"
        "        lines = break_lines(block.text, metrics, measure)\n"
        '        print(f"{len(lines)} lines", "and a long argument that overruns the measure of the page")',
    ),
    Block("caption", "图2.1 断行与对齐的流程"),
    Block("paragraph", BODY),
    Block("meta", "附件：1. 常用排版术语对照表", role="attachment"),
    Block(
        "meta",
        "2. 一个名称很长的附件，用来检验附件名称较长需要回行时与上一行附件名称的首字对齐",
        role="attachment",
    ),
    Block("meta", "中文排版研究组", role="signature"),
    Block("meta", "2024年5月20日", role="date"),
)


@cache
def every_block_document(language: str = "zh-Hans") -> Document:
    """The document in Simplified, or made Traditional by OpenCC as a build makes it."""
    document = Document(Meta(title=BLOCKS[0].text, language="zh-Hans"), BLOCKS)
    return document if language == "zh-Hans" else make_variant(document, language)
