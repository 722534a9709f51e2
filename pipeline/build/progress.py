"""Build progress for people: build events → a live line per document and artifact, then a summary table.

`QuietReporter` prints only failures (for CI logs); `ConsoleReporter` adds a rich live display on a
terminal (plain lines elsewhere) and a summary table (artifact, pages, size, time). rich is imported
only when there is something to show, to keep a build with nothing to do fast.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from pipeline.build.plan import Artifact, Status, Unit
from pipeline.errors import DEBUG_HINT

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.live import Live


class Reporter(Protocol):
    """What the build tells whoever watches it."""

    def waiting(self) -> None:
        """Another build holds the output folder; this one waits for it."""

    def planned(self, units: list[Unit]) -> None:
        """Every artifact's status is known: current, cached, or pending."""

    def warned(self, warnings: list[str]) -> None:
        """What the build warns about this machine (library versions, the font subsetter), once."""

    def prepared(self, unit: Unit, report: str | None, warnings: tuple[str, ...] = ()) -> None:
        """A document was cleaned; `report` is the cleaner's report if it was asked for, `warnings`
        what its reader and the cleaner found doubtful (one line each, to be shown after the seed)."""

    def progress(self, unit: Unit, artifact: Artifact) -> None:
        """A worker has laid out more of an artifact: `artifact.progress` pages so far."""

    def artifact_done(self, unit: Unit, artifact: Artifact) -> None:
        """An artifact was rendered and is in place; `artifact.entry.warnings`: what was warned of
        while its document was cleaned and while it was rendered."""

    def failed(self, unit: Unit) -> None:
        """A document failed (`unit.error`); called once per document."""

    def removed(self, removed: list[tuple[str, str]]) -> None:
        """Artifacts that were taken out of DIR (name, why): no longer true."""

    def finished(self, units: list[Unit]) -> None:
        """The build is over."""

    def aborted(self) -> None:
        """The build stopped early (interrupted, or this process failed): leave the terminal tidy."""


class QuietReporter:
    """Failures only, one line each on stderr (with the traceback under `--debug`)."""

    def __init__(self, *, debug: bool = False, err: TextIO | None = None) -> None:
        self.debug = debug
        self.err = err or sys.stderr
        self._warned: set[str] = set()

    def warn(self, warning: str) -> None:
        """Show a warning once: the same one from two editions of a document is one line."""
        if warning not in self._warned:
            self._warned.add(warning)
            self._show_warning(f"warning: {warning}")

    def _show_warning(self, line: str) -> None:
        print(line, file=self.err, flush=True)

    def waiting(self) -> None:
        print("waiting for another build into the same folder to finish…", file=self.err, flush=True)

    def planned(self, units: list[Unit]) -> None:
        for unit in units:
            if unit.error is not None:
                self.failed(unit)

    def warned(self, warnings: list[str]) -> None:
        for warning in warnings:
            self.warn(warning)

    def prepared(self, unit: Unit, report: str | None, warnings: tuple[str, ...] = ()) -> None:
        for warning in warnings:
            self.warn(f"{unit.seed}: {warning}")

    def progress(self, unit: Unit, artifact: Artifact) -> None:
        pass

    def artifact_done(self, unit: Unit, artifact: Artifact) -> None:
        for warning in artifact.entry.warnings if artifact.entry else ():
            self.warn(f"{unit.seed}: {warning}")

    def failed(self, unit: Unit) -> None:
        if self.debug and unit.traceback:
            print(unit.traceback.rstrip(), file=self.err)
        hint = f" ({DEBUG_HINT})" if unit.internal and not self.debug else ""
        print(f"error: {unit.error}{hint}", file=self.err, flush=True)

    def removed(self, removed: list[tuple[str, str]]) -> None:
        pass

    def finished(self, units: list[Unit]) -> None:
        pass

    def aborted(self) -> None:
        pass


class ConsoleReporter(QuietReporter):
    """A live line per document and artifact on a terminal, plain lines elsewhere, then a summary."""

    def __init__(self, *, debug: bool = False, out: TextIO | None = None, err: TextIO | None = None) -> None:
        super().__init__(debug=debug, err=err)
        self.out = out or sys.stdout
        self.started = time.perf_counter()
        self.units: list[Unit] = []
        self.prepared_seeds: set[str] = set()
        self.furniture_listed = False  # the cleaner's reports (--verbose) listed the lines
        self._console: Console | None = None
        self._live: Live | None = None

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(file=self.out, highlight=False)
        return self._console

    def planned(self, units: list[Unit]) -> None:
        self.units = units
        super().planned(units)
        for unit in units:
            if unit.nothing_to_build is not None:
                print(f"warning: {unit.nothing_to_build}", file=self.err, flush=True)
        if any(unit.todo for unit in units if unit.error is None) and self.console.is_terminal:
            from rich.live import Live

            self._live = Live(
                get_renderable=self._progress,
                console=self.console,
                transient=True,
                refresh_per_second=8,
                redirect_stderr=self.err is sys.stderr,
            )
            self._live.start()

    def prepared(self, unit: Unit, report: str | None, warnings: tuple[str, ...] = ()) -> None:
        self.prepared_seeds.add(str(unit.seed))
        for warning in warnings:
            self.warn(f"{unit.seed}: {warning}")
        if report:
            self.console.print(
                f"[bold]{unit.seed}[/bold]: what the cleaner changed", markup=True, soft_wrap=True
            )
            self.console.print(report, markup=False, soft_wrap=True)
            self.furniture_listed = True
            if unit.furniture:
                self.console.print(
                    f"{unit.seed}: {_furniture(len(unit.furniture))}:", markup=False, soft_wrap=True
                )
                self.console.print(
                    "\n".join(f"  {line}" for line in unit.furniture), markup=False, soft_wrap=True
                )

    def progress(self, unit: Unit, artifact: Artifact) -> None:
        """The live display shows it by itself; a log gets a line every `PROGRESS_STEP` pages."""
        if self._live is None and artifact.progress % PROGRESS_STEP == 0:
            self.console.print(f"rendering {artifact.name}: {artifact.progress} pages…", markup=False)

    def _show_warning(self, line: str) -> None:
        self.console.print(line, markup=False, soft_wrap=True)

    def artifact_done(self, unit: Unit, artifact: Artifact) -> None:
        super().artifact_done(unit, artifact)
        if self._live is None:
            self.console.print(f"built {artifact.name}  {_describe(artifact)}", markup=False)

    def failed(self, unit: Unit) -> None:
        if self._live is not None:
            self._live.refresh()
        super().failed(unit)

    def removed(self, removed: list[tuple[str, str]]) -> None:
        for name, reason in removed:
            print(f"removed {name} ({reason})", file=self.out, flush=True)

    def finished(self, units: list[Unit]) -> None:
        if self._live is not None:
            self._live.stop()
        artifacts = [a for unit in units for a in unit.outputs]
        if any(
            a.status is not Status.CURRENT for a in artifacts
        ):  # when all are up to date, one line says it
            self.console.print(self._summary(units))
        counts = {status: sum(a.status == status for a in artifacts) for status in _MARKS}
        failures = sum(unit.error is not None for unit in units)
        line = (
            f"{_count(len(artifacts), 'artifact')}: {counts[Status.BUILT]} built, "
            f"{counts[Status.CACHED]} from the cache, {counts[Status.CURRENT]} up to date"
        )
        if failures:
            line += f"; {_count(failures, 'document')} failed"
        furniture = sum(len(unit.furniture) for unit in units)
        if furniture:
            listed = "" if self.furniture_listed else " (--verbose lists them)"
            line += f"; {_furniture(furniture)}{listed}"
        warned = sum(bool(a.entry and a.entry.warnings) for a in artifacts if a.status.published)
        if warned:
            line += f"; {_count(warned, 'artifact')} with warnings (manifest.json lists them)"
        print(f"{line} ({time.perf_counter() - self.started:.2f} s)", file=self.out, flush=True)

    def aborted(self) -> None:
        if self._live is not None:
            self._live.stop()

    def _progress(self) -> RenderableType:
        from rich.spinner import Spinner
        from rich.table import Table

        grid = Table.grid(padding=(0, 2))
        for unit in self.units:
            if unit.error is not None:
                grid.add_row("✗", str(unit.seed), "failed")
                continue
            pending = unit.pending
            busy = pending and str(unit.seed) not in self.prepared_seeds
            grid.add_row(Spinner("dots") if busy else "", str(unit.seed), "cleaning…" if busy else "")
            for artifact in unit.outputs:
                rendering = artifact.status is Status.RENDERING
                mark: Any = Spinner("dots") if rendering else _MARKS.get(artifact.status, "·")
                grid.add_row(mark, f"  {artifact.name}", _describe(artifact))
        return grid

    def _summary(self, units: list[Unit]) -> RenderableType:
        from rich.table import Table

        table = Table(title="Build summary", title_justify="left")
        outputs = [(unit, artifact) for unit in units for artifact in unit.outputs]
        warned = any(artifact.entry and artifact.entry.warnings for _, artifact in outputs)
        columns = ("Artifact", "Pages", "Size", "Time", "Status", *(("Warnings",) if warned else ()))
        for column in columns:
            table.add_column(column, justify="left" if column in ("Artifact", "Status") else "right")
        for _, artifact in outputs:
            entry = artifact.entry
            row = [
                artifact.name,
                str(entry.pages) if entry and entry.pages is not None else "–",
                _size(entry.bytes) if entry else "–",
                f"{artifact.seconds:.1f} s" if artifact.seconds is not None else "–",
                _STATUS[artifact.status],
            ]
            if warned:
                row.append(str(len(entry.warnings)) if entry and entry.warnings else "–")
            table.add_row(*row)
        return table


#: Pages between two progress lines of a long PDF where there is no live display (a CI log).
PROGRESS_STEP = 500

_MARKS = {Status.BUILT: "✓", Status.CACHED: "✓", Status.CURRENT: "✓", Status.FAILED: "✗"}
_STATUS = {
    Status.BUILT: "built",
    Status.CACHED: "from cache",
    Status.CURRENT: "up to date",
    Status.FAILED: "failed",
    Status.PENDING: "not built",
    Status.QUEUED: "not built",
    Status.RENDERING: "not built",
}


def _describe(artifact: Artifact) -> str:
    entry = artifact.entry
    if artifact.status is Status.QUEUED:
        return "queued"
    if artifact.status is Status.RENDERING:
        return f"rendering… {artifact.progress} pages" if artifact.progress else "rendering…"
    if entry is None or artifact.status in (Status.PENDING, Status.FAILED):
        return _STATUS[artifact.status]
    pages = f"{entry.pages} pages, " if entry.pages is not None else ""
    took = f", {artifact.seconds:.1f} s" if artifact.seconds is not None else ""
    return f"{pages}{_size(entry.bytes)}{took} ({_STATUS[artifact.status]})"


def _furniture(count: int) -> str:
    return f"{_count(count, 'line')} removed as running heads or footers"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _size(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f} MB"
    return f"{count / 1000:.0f} kB"
