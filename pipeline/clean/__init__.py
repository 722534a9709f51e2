"""Cleaning: raw PDF-extracted text → `Document` + `CleanReport` (stub; being written)."""
