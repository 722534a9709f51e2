"""A document that holds every hard case of issue 16, shared by the PDF and EPUB tests."""

from __future__ import annotations

from pipeline.document import Block, Document, Meta

#: One ideograph of each block: URO, Ext A, B, C, D, E, F, G, H, I, compatibility, compatibility sup.
EVERY_BLOCK = "中㐀𠀀𪜀𫝀𫠠𬺰𰀀𱍐\U0002ebf0豈丽"
#: Extension I came with Unicode 15.1: no font Debian ships has it, the placeholder draws it.
NO_FONT_HAS = "\U0002ebf0"

STRESS = Document(
    Meta(title="关于做好张𠀀同志与李𪚥同志先进事迹学习宣传和推广应用工作的通知", language="zh-Hans"),
    (
        Block("title", "关于做好张𠀀同志与李𪚥同志先进事迹学习宣传和推广应用工作的通知"),
        Block("heading", "一、进一步加强国际性综合交通枢纽城市和交通强国示范城市建设工作", level=1),
        Block("paragraph", f"每个汉字区块各取一字：{EVERY_BLOCK}，人名用字如𠀀、𪚥、𰻝、𱁬均须印出。"),
        Block("paragraph", "表情符号👍、国旗🇨🇳、家庭👨‍👩‍👧、肤色👍🏽与🧑🏽‍🚀、笑脸😀与☺️、红心❤️与❤︎均用项目字体，"
              "按键1️⃣、#️⃣与*️⃣，彩虹旗🏳️‍🌈、燃烧的心❤️‍🔥、对话框中的眼睛👁️‍🗨️、摇头🙂‍↔️与版权©️亦然；"
              "组合符号如café与e\u0301，异体字选择符如葛\U000e0100与辻\U000e0101。"),
        Block("paragraph", "本文的最新版随时都可以在https://www.example.com/maint-guide/zh-cn/index.html"
              "上找到，问题请发送至debian-devel-chinese@lists.example.org，配置文件位于"
              "/etc/pipeline/settings/default-configuration.toml，示例代码见config.__class__与identifier_name。"),
        Block("paragraph", "版本v1.2.3-beta.4已于2024年发布，登记号为1234567890123456789012，"
              "另见supercalifragilisticexpialidocious和Pneumonoultramicroscopicsilicovolcanoconiosis两个长词，"
              "以及https://example.org/search?query=typesetting&lang=zh-Hans&page=2的查询。"),
    ),
)  # fmt: skip
