"""Loading: takes a project's files, gives model objects (sources, paragraphs, pages) and located diagnostics.

``yamlfile.py`` (YAML with positions), ``schema.py`` (the JSON Schemas), ``facts.py`` and ``sources.py`` (pages and
sources), ``split.py`` (anchored paragraphs), ``document.py``/``formats.py``/``html.py``/``pdf.py`` (saved pages and
PDFs read as article text), ``project.py`` (which files a project has).
"""
