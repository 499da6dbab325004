"""The ``factsheet`` MkDocs theme: the page shell and the templates of every page body.

MkDocs finds it through the ``mkdocs.themes`` entry point (``theme: {name: factsheet}``) and reads
``mkdocs_theme.yml`` beside this file. A project overrides single files through MkDocs' own
``theme.custom_dir`` (the same relative path, e.g. ``partials/footer.html`` or ``factsheet/source.html``).
The variables each template receives are listed in the README ("The template contract").
"""

from pathlib import Path

#: The folder holding main.html, 404.html, partials/, factsheet/ and assets/.
THEME_DIR = Path(__file__).resolve().parent
