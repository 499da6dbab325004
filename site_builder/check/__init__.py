"""Checking: takes sources and pages (model/), gives diagnostics and, per citation, where its words are.

``verifier.py`` (every quote in its source, every figure in its quotes), ``citations.py`` (rules for one quote),
``claims.py`` (what the reader's text states, and what backs it), ``ids.py`` (one HTML anchor per id),
``markers.py`` (footnote markers in claims), ``drift.py`` (a changed source: re-anchor its citations),
``reviewed.py`` (a changed source's reviewed version and its warning), ``warm.py`` (check from remembered verdicts),
``explain.py`` (what backs each claim, for ``site-builder explain``), ``project.py`` (load and check a project).
No HTML, no MkDocs, no templates.
"""
