"""Scoped speed-ups around one WeasyPrint render: the same PDF bytes, less work.

Each context manager below removes a cost that WeasyPrint (70) and pydyf (0.13) pay on a book of a
few hundred tagged pages and restores everything it changed on exit. None changes what is written:
`tests/test_pdf_export.py` checks the bytes with and without them. The two that replace pydyf
methods engage only on the pydyf versions they were verified on (`verified.VERIFIED`); on another
they stay off, with a warning.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from pipeline.export.verified import verified

#: Allocations between young-generation collections while rendering (CPython's default is 700).
RENDER_GC_THRESHOLD = 50_000


@contextmanager
def faster_rendering() -> Iterator[None]:
    """All of the speed-ups below, for one render (layout and writing)."""
    with fewer_collections(), cached_page_references(), objects_serialised_once():
        yield


@contextmanager
def fewer_collections() -> Iterator[None]:
    """While rendering, collect cycles less often and never re-scan the objects that existed before.

    WeasyPrint allocates millions of objects, and at CPython's default thresholds the cycle collector
    ran about 20 full collections per 200-page book over every live object, loaded fonts and modules
    included: 1.1-1.4 s of its render. Here the objects alive at the start are frozen (after one
    collection, so no garbage is frozen) and young collections come every `RENDER_GC_THRESHOLD`
    allocations: about 0.4 s. On the way out, one collection clears the render's garbage (export_pdf
    drops the laid-out document first, so it is freed, not walked alive) before the thresholds return,
    so that a build worker's next artifact does not stack on it: a worker's peak (VmHWM) 244-253 MB,
    against 255-276 MB with freezing alone, which took 0.8 s.
    """
    thresholds = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(RENDER_GC_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.collect()
        gc.set_threshold(*thresholds)
        gc.unfreeze()


@contextmanager
def cached_page_references() -> Iterator[None]:
    """While rendering, let pydyf build its tuple of page references once per page count, not per call.

    `pydyf.PDF.page_references` formats a fresh tuple of every page's reference on each access, and
    WeasyPrint's tagging reads it once per tagged box: quadratic in pages × boxes, a quarter of the
    PDF writing time of a 200-page book. pydyf only ever appends to the page list (`add_page`), so
    the tuple is kept while the number of pages is unchanged; the value is always the one the
    original property would return.
    """
    if not verified("pydyf"):
        yield
        return
    import pydyf

    original = pydyf.PDF.__dict__["page_references"]
    compute = original.fget

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        count = len(pdf.pages["Kids"])
        cached = pdf.__dict__.get("_pipeline_page_references")
        if cached is None or cached[0] != count:
            cached = (count, compute(pdf))
            pdf.__dict__["_pipeline_page_references"] = cached
        references: tuple[bytes, ...] = cached[1]
        return references

    pydyf.PDF.page_references = property(page_references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original


@contextmanager
def objects_serialised_once() -> Iterator[None]:
    """While pydyf writes a PDF, serialise (and compress) each numbered object once, not twice.

    With an identifier (`pdf_identifier=True`, which keeps builds reproducible) `pydyf.PDF.write`
    serialises every object a second time to hash the file: every content stream, font and the
    object stream of a tagged book is compressed again at zlib level 9, a sixth of the writing time.
    During `write` only, the bytes of each numbered object (those in `pdf.objects`, complete by then)
    are kept and reused; unnumbered temporaries are always serialised afresh.
    """
    if not verified("pydyf"):
        yield
        return
    import pydyf

    classes = (pydyf.Dictionary, pydyf.Array, pydyf.Stream)
    originals: dict[Any, Any] = {cls: cls.__dict__["data"] for cls in classes}
    write = pydyf.PDF.__dict__["write"]

    def memoised(compute: Callable[[Any], bytes], memo: dict[int, tuple[Any, bytes]]) -> property:
        def data(obj: Any) -> bytes:
            if obj.number is None:
                return compute(obj)
            kept = memo.get(id(obj))
            if kept is None:
                kept = memo[id(obj)] = (obj, compute(obj))  # the object is held: its id stays its own
            return kept[1]

        return property(data)

    def write_once(pdf: Any, *args: Any, **kwargs: Any) -> Any:
        memo: dict[int, tuple[Any, bytes]] = {}
        for cls, prop in originals.items():
            cls.data = memoised(prop.fget, memo)
        try:
            return write(pdf, *args, **kwargs)
        finally:
            for cls, prop in originals.items():
                cls.data = prop

    pydyf.PDF.write = write_once
    try:
        yield
    finally:
        pydyf.PDF.write = write
