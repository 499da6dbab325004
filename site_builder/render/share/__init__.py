"""Share cards: the link-preview data of each page and the 1200×630 PNG of each explainer and fact.

Plain data in, plain data out: nothing here knows HTML, templates or MkDocs (render/cards.py makes the data). ``image`` draws a
:class:`~site_builder.render.share.image.CardImage` with the fonts shipped in ``fonts/`` (DejaVu Sans, licence in
``fonts/LICENSE``); ``meta`` turns a page's share data into Open Graph and Twitter tag values.
"""
