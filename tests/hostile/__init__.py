"""Hostile and broken inputs (issue 5): the corpus in cases.py, run by tests/e2e/test_hostile.py."""
