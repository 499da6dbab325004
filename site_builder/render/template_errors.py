"""Template mistakes as located errors: which template, which line, which name."""

from __future__ import annotations

import os
import traceback
from pathlib import Path


def _shown(filename: str, templates: Path) -> str:
    path = Path(filename)
    root = templates.resolve().parent
    try:
        return path.resolve().relative_to(root).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    # Jinja rewrites tracebacks so that template code shows as frames of the template file at its own line.
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".html", ".htm", ".xml", ".txt", ".j2", ".jinja")) and frame.lineno:
            found = (frame.filename, frame.lineno)
    return found


def template_error_message(exc: BaseException, templates: Path) -> str | None:
    """Return a Jinja error as 'template:line:column: error: …' naming the template, line and name; None if not one."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = _shown(exc.filename, templates) if exc.filename else (exc.name or "a template")
        return f"{where}:{exc.lineno or 1}:1: error: template syntax error: {exc.message}"
    if isinstance(exc, jinja2.TemplateNotFound):
        names = ", ".join(f"'{n}'" for n in (getattr(exc, "templates", None) or [exc.name]))
        frame = _template_frame(exc)
        where = f"{_shown(frame[0], templates)}:{frame[1]}:1: " if frame else ""
        return (f"{where}error: template {names} not found in {os.path.basename(templates)}/ or the built-in theme; "
                "restore it, or delete the override so the theme's own template is used")
    if isinstance(exc, jinja2.UndefinedError):
        frame = _template_frame(exc)
        where = f"{_shown(frame[0], templates)}:{frame[1]}:1: " if frame else ""
        return f"{where}error: undefined name in a template: {exc.message}"
    if isinstance(exc, jinja2.TemplateError):
        frame = _template_frame(exc)
        where = f"{_shown(frame[0], templates)}:{frame[1]}:1: " if frame else ""
        return f"{where}error: template error: {exc}"
    return None
