"""Error types of the pipeline: one base class, a subclass per stage, each with its exit status.

Messages are written for the person running the tool: they name the file (and line where there is
one), say what is wrong, and say what to do about it.
"""

from __future__ import annotations

from pathlib import Path

#: What an internal error (a bug, not a problem of the input) adds when no traceback is shown.
DEBUG_HINT = "run with --debug for the traceback"


class PipelineError(Exception):
    """Base of every error the pipeline reports to a user instead of a traceback."""

    exit_status = 1

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        """One line: `file:line: message (hint)`."""
        where = ""
        if self.path is not None:
            where = printable(str(self.path))
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


def printable(text: str) -> str:
    """`text` with control characters escaped (a file name may hold a newline): messages stay one line."""
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode() for char in text)


class UsageError(PipelineError):
    """The command line was wrong."""

    exit_status = 2


class SourceError(PipelineError):
    """A source file cannot be read as text (empty, binary, undecodable, too large)."""


class SettingsError(PipelineError):
    """A seed's TOML settings or the project defaults are invalid."""


class CleanError(PipelineError):
    """The cleaner could not make a document of the text."""


class VariantError(PipelineError):
    """A script variant cannot be made: an unknown variant or OpenCC configuration."""


class LayoutError(PipelineError):
    """Layout failed (missing template, font, or an unfixable typesetting problem)."""


class ExportError(PipelineError):
    """Writing a PDF or EPUB failed, or the produced file failed its own verification."""
