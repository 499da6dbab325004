"""The version of site-builder: in caches, pins, the User-Agent and ``--version`` (a leaf every stage may import)."""

__version__ = "0.1.0"
