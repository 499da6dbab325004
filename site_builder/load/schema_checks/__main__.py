"""Regenerate the compiled schema validators next to this file."""

from pathlib import Path

from . import NAMES, generate

for name in NAMES:
    Path(__file__).with_name(f"{name}.py").write_text(generate(name), "utf-8")
    print(f"wrote {name}.py")
