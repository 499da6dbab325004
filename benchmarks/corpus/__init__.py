"""Generate a synthetic but realistic fact-sheet project for benchmarking.

    python3 benchmarks/make_corpus.py --sources 100 --facts 1000 --pages 10 --seed 1 --out /tmp/corpus-m

writes a complete project in ``--out``:

* ``mkdocs.yml`` shaped like the repository's own (same theme, the ``factsheet`` plugin);
* ``templates/`` (the repository's overrides of the factsheet theme) copied from the repository;
* ``docs/about.md``, one hand-written page;
* ``seeds/NNNN_<hash>.txt``: news-style articles with a headline line, photo captions (some repeated, as
  wire pages repeat them), "Published …"/"Share"/"Reporting by …" furniture, paragraphs of varied length,
  curly quotes and apostrophes, en dashes, figures written the ways the press writes them ("1 500km",
  "1,500 km", "930 miles (1,500km)", "$115m", "115 million roubles", "Sep 13, 2023", "13 September 2023");
  about a quarter are stored one paragraph per line without blank lines;
* ``facts/sources.yaml`` registering every article (metadata, exclusions of the furniture);
* ``facts/page-NNN.yaml`` explainer pages whose citations quote the articles exactly: some facts carry a
  ``value`` (+ ``unit``) or ``date`` that the quote states, about a fifth are corroborated by 2–3 sources that
  carry the same sentence (wire copy) or a reworded one, and quotes from repeated captions name their
  ``paragraph:``.

With ``--baseline DIR`` it also writes a plain MkDocs project with the same pages as ordinary Markdown files
(explainers, source pages, list of sources, about page), the same theme and no plugin: the benchmark's baseline.

The output depends only on the arguments: the same seed gives byte-identical files. Every citation is
checked while generating (quote in exactly one article paragraph of its source, else ``paragraph:``; value
and date supported by a quote), using the project's own matching functions, so ``site-builder check``
passes on every generated corpus.

Run it as ``python3 benchmarks/make_corpus.py ...`` (or ``python3 -m corpus ...`` from ``benchmarks/``).
Modules: ``words`` (vocabulary), ``figures`` (how the press writes numbers), ``sentences`` (fact sentences,
filler, captions), ``generate`` (the corpus in memory, each citation checked), ``project`` (the project on disk),
``baseline`` (the plain-MkDocs twin), ``rules`` (the project's own functions it checks with).
"""
