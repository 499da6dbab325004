"""Static fact-sheet site generator: verified, source-linked explainers built with MkDocs."""

__version__ = "0.1.0"
