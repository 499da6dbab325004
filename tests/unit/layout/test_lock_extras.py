"""Every extra an installed package asks for is pinned in the locks under its own spelling (scripts/pin_extras.py).

pip 23.2.1, Python 3.11's own, installs ``--require-hashes`` locks. When a locked package asks for another with
an extra (``coverage[toml]``) and the lock pins only the bare name, that pip looks past the pin for the newest
release and refuses it as unpinned: the dev lock stopped installing on the day coverage 7.18.0 was published.
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO / "scripts"))

import pin_extras  # noqa: E402


def _asked_extras() -> set[tuple[str, str, str]]:
    """(package, extra, asker) for each extra an installed distribution requires unconditionally."""
    asked = set()
    for dist in importlib.metadata.distributions():
        for line in dist.requires or []:
            req = Requirement(line)
            if req.extras and (req.marker is None or req.marker.evaluate({"extra": ""})):
                for extra in req.extras:
                    asked.add((req.name.lower(), extra, dist.metadata["Name"]))
    return asked


def _pins(text: str) -> dict[str, tuple[str, list[str]]]:
    """name (with any extra) -> (version, hashes) of each entry of a hashed lock."""
    pins = {}
    for m in re.finditer(r"^(\S+)==(\S+) \\\n((?:    --hash=\S+(?: \\)?\n)+)", text, re.M):
        pins[m.group(1).lower()] = (m.group(2), re.findall(r"--hash=(\S+)", m.group(3)))
    return pins


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_each_asked_extra_is_pinned_with_the_same_version_and_hashes(lock: str) -> None:
    pins = _pins((REPO / lock).read_text("utf-8"))
    assert pins, lock
    checked = 0
    for name, extra, asker in sorted(_asked_extras()):
        if name not in pins:
            continue  # the asker is a dev tool, not in this lock
        assert f"{name}[{extra}]" in pins, f"{lock}: {asker} asks for {name}[{extra}]; add it to pin_extras.EXTRAS"
        assert pins[f"{name}[{extra}]"] == pins[name], f"{lock}: {name}[{extra}] differs from {name}"
        checked += 1
    assert checked, f"{lock}: no extra asked for (the test venv should hold justext at least)"


def test_pin_extras_adds_one_entry_with_the_same_hashes_once() -> None:
    text = ("coverage==7.17.5 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\n    # via pytest-cov\n"
            "idna==3.10 \\\n    --hash=sha256:cc\n")
    once = pin_extras.pin_extras(text)
    assert pin_extras.pin_extras(once) == once
    pins = _pins(once)
    assert pins["coverage[toml]"] == pins["coverage"] == ("7.17.5", ["sha256:aa", "sha256:bb"])
    assert once.index("coverage[toml]") < once.index("idna==")
