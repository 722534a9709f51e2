"""Turn raw PDF-extracted Chinese text into typeset publications (PDF, EPUB; Simplified and Traditional)."""

__version__ = "0.1.0"
