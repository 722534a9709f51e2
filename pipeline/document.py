"""The one intermediate model: a cleaned document as metadata plus blocks in reading order.

Every stage after cleaning reads a `Document`; nothing downstream re-parses text (like pandoc's
AST). `to_json`/`from_json` round-trip and carry `SCHEMA_VERSION`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1

BLOCK_TYPES: tuple[str, ...] = ("title", "heading", "paragraph", "meta")

#: Roles of the parts of an official document (GB/T 9704-2012), in the order they appear.
META_ROLES: tuple[str, ...] = (
    "doc_id",
    "issuer",
    "doc_number",
    "addressee",
    "signature",
    "date",
    "disclosure",
    "cc",
    "printed_by",
    "printed",
)


@dataclass(frozen=True)
class Block:
    """One block of reading text: a title, a heading (level 1-3), a paragraph or an official-document part."""

    type: str
    text: str
    level: int | None = None
    role: str | None = None

    def __post_init__(self) -> None:
        if self.type not in BLOCK_TYPES:
            raise ValueError(f"unknown block type {self.type!r}")
        if self.type == "heading" and self.level not in (1, 2, 3):
            raise ValueError(f"heading level must be 1-3, not {self.level!r}")
        if self.type == "meta" and self.role not in META_ROLES:
            raise ValueError(f"unknown meta role {self.role!r}")

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type, "text": self.text}
        if self.level is not None:
            data["level"] = self.level
        if self.role is not None:
            data["role"] = self.role
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Block:
        return cls(type=data["type"], text=data["text"], level=data.get("level"), role=data.get("role"))

    def with_text(self, text: str) -> Block:
        return dataclasses.replace(self, text=text)


@dataclass(frozen=True)
class Meta:
    """Document metadata. Values from `seeds/NAME.toml` override what the cleaner detects."""

    title: str = ""
    subtitle: str = ""
    author: str = ""
    date: str = ""
    source: str = ""
    language: str = "zh-Hans"
    slug: str = ""

    def to_dict(self) -> dict[str, str]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Meta:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in names})


@dataclass(frozen=True)
class Document:
    """A cleaned document: metadata, blocks in reading order, and the text the cleaner removed."""

    meta: Meta
    blocks: tuple[Block, ...]
    removed: tuple[str, ...] = field(default=())

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def language(self) -> str:
        return self.meta.language

    def text(self) -> str:
        """All block text in reading order, one block a line (what a reader of the PDF/EPUB sees)."""
        return "\n".join(block.text for block in self.blocks)

    def to_json(self) -> dict[str, Any]:
        """The JSON contract of `python -m pipeline clean FILE --json` (see DESIGN.md)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "meta": self.meta.to_dict(),
            "title": self.meta.title,
            "blocks": [block.to_dict() for block in self.blocks],
            "removed": list(self.removed),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        version = data.get("schema_version", SCHEMA_VERSION)
        if version != SCHEMA_VERSION:
            raise ValueError(f"unsupported document schema_version {version}")
        meta = Meta.from_dict(data.get("meta", {}))
        if not meta.title and data.get("title"):
            meta = dataclasses.replace(meta, title=data["title"])
        return cls(
            meta=meta,
            blocks=tuple(Block.from_dict(b) for b in data["blocks"]),
            removed=tuple(data.get("removed", ())),
        )

    def replace(self, **changes: Any) -> Document:
        return dataclasses.replace(self, **changes)
