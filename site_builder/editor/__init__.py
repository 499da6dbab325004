"""The editor's tools: take a project and an editor's request, give search results or safe edits of its files.

``find.py`` (search and ready-to-paste citations), ``register.py`` (``add-source``, ``sources accept``),
``intake.py``/``fetch.py`` (what ``add-source`` takes in, the one HTTP request), ``refresh.py`` (``sources
refresh``), ``yaml_roundtrip.py`` (round-trip, verified, atomic edits of YAML files).
"""
