"""The starter project: takes an empty folder, gives a project that checks, builds and publishes (``init``).

``init.py`` writes it; ``project/`` holds its files (``dot-`` names become dotfiles).
"""
