"""Review: a source and what the cleaner and the corrections made of it → one self-contained HTML page.

The page shows the source as it came and the Document side by side, scrolling in step: every removal,
repair, joined line end and removed space marked on the source, every block with its type and its
source lines, and a summary on top (pipeline/review/page.py; styles/review/ holds its template,
CSS and script). `python -m pipeline review SEED` writes one; `build --review` writes one next to
each document's artifacts.
"""

from pipeline.review.page import review_page

__all__ = ["review_page"]
