"""The output folder: ours, or refused.

``build`` replaces its output folder whole. It does so only when the folder is absent, empty, or carries
the marker file every site it builds holds (:data:`MARKER`); any other folder is refused, naming what it
holds, so an editor's notes, a ``.git`` or a folder given by mistake are never deleted. When a marked site
is replaced, what MkDocs itself keeps in a site folder carries over to the new one: every top-level entry
whose name starts with a dot (``.git``, ``.nojekyll``) and ``CNAME`` (GitHub Pages' custom domain), unless
the new site brings its own.

Scratch folders beside the output are named ``.<out>.build-<pid>-<random>`` (and ``.<out>.old-<pid>``),
so a build removes only its own, or those whose process has died (a killed build's).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

#: The file that marks a folder as a site site-builder made (and may replace).
MARKER = ".site-builder-site"
MARKER_TEXT = ("This folder is a site built by `site-builder build`, which replaces it whole on the next build\n"
               "(keeping dotfiles such as .git and .nojekyll, and CNAME). Delete this file to stop that.\n")
#: Top-level names a replaced site hands on to the new one, beside every dotfile.
KEPT_NAMES = ("CNAME",)
#: At most this many entries are named when a folder is refused.
SHOWN_ENTRIES = 8
_SCRATCH = re.compile(r"^\.(?P<out>.+)\.(?:build|old)-(?P<pid>\d+)(?:-.*)?$")


class OutputRefused(Exception):
    """The output folder is not one ``build`` may replace (exit 2: choose another --out)."""


@dataclass(frozen=True)
class Carried:
    """What a replaced site handed on to the new one."""

    names: tuple[str, ...]


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:SHOWN_ENTRIES])
    more = len(names) - SHOWN_ENTRIES
    return shown + (f" and {more} more" if more > 0 else "")


def check_replaceable(target: Path, shown: str) -> None:
    """Raise OutputRefused unless ``target`` is absent, an empty folder, or a site ``build`` made."""
    try:
        st = target.lstat()
    except FileNotFoundError:
        parent = target.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if parent.exists() and not parent.is_dir():
            raise OutputRefused(f"refusing to build into {shown}: '{parent}' is a file, not a folder") from None
        return
    except NotADirectoryError:
        raise OutputRefused(f"refusing to build into {shown}: a part of its path is a file, not a folder") from None
    if not stat.S_ISDIR(st.st_mode):
        raise OutputRefused(f"refusing to build into {shown}: it is a file, not a folder; choose another --out")
    if os.path.ismount(target):
        raise OutputRefused(f"refusing to build into {shown}: it is a mount point, and the site is swapped in "
                            f"with a rename, which cannot replace a mount point; build into a folder inside it "
                            f"(--out {shown}/site)")
    entries = sorted(os.listdir(target))
    if not entries or MARKER in entries:
        return
    raise OutputRefused(f"refusing to build into {shown}: it is not empty and was not made by 'site-builder build' "
                        f"(no {MARKER} file), and building would replace what it holds: {_listing(entries)}. "
                        f"Choose another --out, empty the folder, or add an empty file {shown}/{MARKER} to let "
                        "build replace it (dotfiles and CNAME are kept)")


def mark(site: Path) -> None:
    """Write the marker into a freshly built site."""
    (site / MARKER).write_text(MARKER_TEXT, "utf-8")


def publishable_modes(site: Path) -> None:
    """Give every folder of ``site`` mode 755 and every file 644, whatever the umask: a web server must read it."""
    os.chmod(site, 0o755)
    for folder, dirs, files in os.walk(site):
        for d in dirs:
            p = os.path.join(folder, d)
            if not os.path.islink(p):
                os.chmod(p, 0o755)
        for f in files:
            p = os.path.join(folder, f)
            if not os.path.islink(p):
                os.chmod(p, 0o644)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)  # same file system (the scratch folder is a sibling): instant, no extra space
    except OSError:
        shutil.copy2(src, dst)


def carry_over(old: Path, new: Path) -> Carried:
    """Hand the kept entries of the site ``old`` (dotfiles, CNAME) to the new site ``new``; return their names.

    Entries are hard-linked (copied across file systems), never moved, so a build killed at any moment
    leaves them where they were.
    """
    if not old.is_dir():
        return Carried(())
    names = []
    for name in sorted(os.listdir(old)):
        if name == MARKER or not (name.startswith(".") or name in KEPT_NAMES):
            continue
        if os.path.lexists(new / name):
            continue  # the new site brings its own (e.g. docs/CNAME)
        src = old / name
        if src.is_symlink():
            os.symlink(os.readlink(src), new / name)
        elif src.is_dir():
            shutil.copytree(src, new / name, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(src), str(new / name))
        names.append(name)
    return Carried(tuple(names))


def scratch_prefix(target: Path) -> str:
    """Return the name prefix of this process's scratch folders beside ``target``."""
    return f".{target.name}.build-{os.getpid()}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def clean_leftovers(target: Path) -> list[str]:
    """Remove scratch folders beside ``target`` whose build process has died; return their names.

    Called with the output lock held, so no live build of this folder can own one, but a folder whose
    process still runs is left alone anyway (it may be a build that does not take the lock).
    """
    removed = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        m = _SCRATCH.match(name)
        if not m or m.group("out") != target.name:
            continue
        if int(m.group("pid")) != os.getpid() and _alive(int(m.group("pid"))):
            continue
        p = target.parent / name
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
            removed.append(name)
    return removed


def describe_os_error(exc: OSError) -> str:
    """Return an OSError as words an editor can act on (its errno name kept for searching)."""
    code = errno.errorcode.get(exc.errno or 0, "")
    words = {
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted",
        errno.EROFS: "the file system is read-only",
        errno.ENOSPC: "no space left on the device",
        errno.EDQUOT: "the disk quota is exhausted",
        errno.ENAMETOOLONG: "a file name is too long (at most 255 bytes per name)",
        errno.EEXIST: "a file of that name already exists",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.EISDIR: "it is a folder",
        errno.ENOENT: "no such file or folder",
        errno.EXDEV: "it is on another file system",
        errno.EBUSY: "it is busy (a mount point?)",
        errno.ELOOP: "too many levels of symbolic links",
        errno.EMFILE: "too many open files",
        errno.EIO: "input/output error",
    }.get(exc.errno or 0, exc.strerror or str(exc))
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{words}{where}" + (f" [{code}]" if code else "")
