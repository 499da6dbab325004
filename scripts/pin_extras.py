"""Pin, in each lock file, the dependencies other packages require with an extra, under that extra's spelling too.

    python scripts/pin_extras.py requirements.lock requirements-dev.lock

``make lock`` runs it after pip-compile. pip-compile writes ``lxml==6.1.3`` (``--strip-extras``), and justext asks
for ``lxml[html_clean]``. lxml names that extra ``html-clean``; pip before 23.3 (Python 3.11's own is 23.2.1) does
not match the two spellings, so with ``--require-hashes`` it looks for another lxml that "provides" the extra,
takes the newest release (not pinned, not hashed) and fails. A second entry ``lxml[html_clean]==6.1.3`` with the
same hashes is the same pin in the words that pip matches; newer pips treat both entries as one.

pip 23.2.1 does the same for an extra spelled alike: pytest-cov asks for ``coverage[toml]``, and once coverage
7.18.0 was published the dev lock (``coverage==7.17.5``) stopped installing ("all requirements must have their
versions pinned with =="). Each extra any locked package asks for belongs in EXTRAS.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

#: (package, the extra as a dependent spells it, who asks for it)
EXTRAS = (("lxml", "html_clean", "justext"), ("coverage", "toml", "pytest-cov"))


def pin_extras(text: str) -> str:
    """Return the lock ``text`` with an entry for each of EXTRAS whose package it pins (added once)."""
    for name, extra, asker in EXTRAS:
        if re.search(rf"^{re.escape(name)}\[{re.escape(extra)}\]==", text, re.M):
            continue
        block = re.search(rf"^{re.escape(name)}==(\S+) \\\n(?:    --hash=\S+ \\\n)*    --hash=\S+\n", text, re.M)
        if block is None:
            continue
        pinned = block.group(0).replace(f"{name}==", f"{name}[{extra}]==", 1)
        note = f"    # via {asker}: pip before 23.3 needs the extra spelled as {asker} does (scripts/pin_extras.py)\n"
        end = block.end()
        while text.startswith("    #", end):  # after the entry's own "# via" lines
            end = text.index("\n", end) + 1
        text = text[:end] + pinned + note + text[end:]
    return text


def main(argv: list[str]) -> int:
    for name in argv:
        path = Path(name)
        path.write_text(pin_extras(path.read_text("utf-8")), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
