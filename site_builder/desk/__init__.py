"""A desk of explainers: the home page's list of every explainer, and the offline search across them.

:mod:`.listing` says what the home page lists (plain data for the template); :mod:`.search` turns the verified
facts into search records and writes the Pagefind index into the built site. Neither knows MkDocs.
"""

from __future__ import annotations

from .listing import DeskEntry, desk_entries
from .search import SEARCH_CSP_EXTRA, SearchRecord, SearchUnavailable, search_records, write_index

__all__ = ["SEARCH_CSP_EXTRA", "DeskEntry", "SearchRecord", "SearchUnavailable", "desk_entries", "search_records",
           "write_index"]
