"""MkDocs: takes mkdocs.yml and a project, gives the built site (the plugin, its config, atomic builds, serve).

``plugin.py`` (MkDocs events -> the stages below), ``config.py`` (mkdocs.yml through MkDocs' own validation),
``engine.py`` (MkDocs or ProperDocs), ``build.py`` (atomic, reproducible builds and serve), ``output.py`` (the
output folder, replaced whole or refused), ``lock.py`` (one writer per folder).
"""
