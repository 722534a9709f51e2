"""Sources: a seed file → what the cleaner reads.

`text` reads extracted text (any encoding → one LF-normalised str).
"""

from pipeline.sources.text import DEFAULT_MAX_BYTES, Source, decode_source, read_source

__all__ = ["DEFAULT_MAX_BYTES", "Source", "decode_source", "read_source"]
