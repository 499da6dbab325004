"""Hostile and broken inputs (issue 5): the corpus in cases.py, run by tests/test_hostile.py."""
