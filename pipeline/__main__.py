"""`python -m pipeline …` → pipeline.cli.main (the guard keeps worker processes from running it again)."""

from pipeline.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
