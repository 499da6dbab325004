"""Rendering: takes a verified project, gives page views, HTML page bodies and the site's data files.

``urls.py`` (addresses), ``views.py`` (what each page shows), ``markup.py`` (claims and cited words as HTML),
``data.py`` (facts.json, facts.csv, JSON-LD), ``charts.py`` (timeline and distance diagram), ``env.py`` (the one
Jinja environment and the renderer), ``report.py`` (the coverage report), ``edit_links.py`` ("edit this fact"
links), ``template_errors.py`` (template mistakes as located messages). No MkDocs.
"""
