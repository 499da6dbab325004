"""Issue 13: nothing lost, nothing crashes — the output folder, concurrent writers, OS errors, every traceback.

Everything runs the real CLI as a subprocess on real files. File-system failures are real ones: a tiny
tmpfs for a full disk, a read-only tmpfs for EROFS (mounted as root; skipped where `mount` is refused), a
name over 255 bytes for ENAMETOOLONG, an existing file for ENOTDIR/EEXIST, a bound port for EADDRINUSE.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from collections.abc import Callable, Iterator

import pytest

from support import REPO, copy_project, run_process

MARKER = ".site-builder-site"
SDE = {"SOURCE_DATE_EPOCH": "1694563200"}


def tree(root: Path) -> dict[str, str]:
    """Return the files under ``root`` and their hashes, leaving out site-builder's cache (.cache/).

    The cache is git-ignored and safe to delete: what it holds is no editor's file and no output, and any
    command may write it (a refused build has read the project first)."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.relative_to(root).parts[0] != ".cache"}


def assert_clean(proc: subprocess.CompletedProcess[str], codes: tuple[int, ...] = (1, 2)) -> None:
    """One clear error: the expected exit code, no traceback, no internal error."""
    assert proc.returncode in codes, (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr[-3000:]
    assert "internal error" not in proc.stderr, proc.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "p")


# --------------------------------------------------------------------------------------------- output folder


def _prepare_notes(out: Path) -> None:
    out.mkdir()
    (out / "notes.txt").write_text("an editor's notes", "utf-8")


def _prepare_git(out: Path) -> None:
    (out / ".git").mkdir(parents=True)
    (out / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", "utf-8")
    (out / "CNAME").write_text("facts.example.org\n", "utf-8")


def _prepare_only_git(out: Path) -> None:
    (out / ".git").mkdir(parents=True)
    (out / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", "utf-8")


REFUSED_FOLDERS: list[tuple[str, Callable[[Path], None], tuple[str, ...]]] = [
    ("notes", _prepare_notes, ("notes.txt",)),
    ("git-and-cname", _prepare_git, (".git", "CNAME")),
    ("only-git", _prepare_only_git, (".git",)),
]


@pytest.mark.parametrize("name,prepare,named", REFUSED_FOLDERS, ids=[r[0] for r in REFUSED_FOLDERS])
@pytest.mark.parametrize("via_symlink", [False, True], ids=["direct", "symlink"])
def test_build_refuses_a_folder_it_did_not_make(project: Path, name: str, prepare: Callable[[Path], None],
                                                named: tuple[str, ...], via_symlink: bool) -> None:
    real = project / "real-out"
    prepare(real)
    before = tree(real)
    out = "real-out"
    if via_symlink:
        (project / "link-out").symlink_to("real-out")
        out = "link-out"
    proc = run_process("-C", str(project), "build", "--out", out, env=SDE)
    assert_clean(proc, (2,))
    assert "refusing to build into" in proc.stderr and "was not made by 'site-builder build'" in proc.stderr
    for entry in named:
        assert entry in proc.stderr
    assert tree(real) == before, "a refused build changed the folder"
    assert [p.name for p in project.iterdir() if ".build-" in p.name] == []


def test_build_replaces_its_own_site_keeping_dotfiles_and_cname(project: Path) -> None:
    assert run_process("-C", str(project), "build", "--out", "out", env=SDE).returncode == 0
    out = project / "out"
    assert (out / MARKER).is_file()
    _prepare_git(out)
    (out / ".nojekyll").write_text("", "utf-8")
    (out / "stale.html").write_text("from an older build", "utf-8")
    proc = run_process("-C", str(project), "build", "--out", "out", env=SDE)
    assert proc.returncode == 0, proc.stderr
    assert (out / ".git" / "HEAD").read_text("utf-8") == "ref: refs/heads/gh-pages\n"
    assert (out / "CNAME").read_text("utf-8") == "facts.example.org\n"
    assert (out / ".nojekyll").exists() and (out / MARKER).exists()
    assert not (out / "stale.html").exists(), "the old site was not replaced"


def test_build_through_a_symlink_replaces_the_target_and_keeps_the_link(project: Path) -> None:
    (project / "real").mkdir()
    (project / "link").symlink_to("real")
    assert run_process("-C", str(project), "build", "--out", "link", env=SDE).returncode == 0
    assert (project / "link").is_symlink() and (project / "real" / "index.html").is_file()
    assert run_process("-C", str(project), "build", "--out", "link", env=SDE).returncode == 0


def test_build_into_an_empty_folder_is_allowed(project: Path) -> None:
    (project / "out").mkdir()
    assert run_process("-C", str(project), "build", "--out", "out", env=SDE).returncode == 0


def test_site_modes_are_publishable_under_umask_077(project: Path) -> None:
    proc = subprocess.run(["sh", "-c", f"umask 077 && exec {sys.executable} -m site_builder -C {project} build --out out"],
                          env=dict(os.environ, **SDE), capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    modes = {(p.is_dir(), p.stat().st_mode & 0o777) for p in (project / "out").rglob("*")}
    assert modes == {(True, 0o755), (False, 0o644)}, modes
    assert (project / "out").stat().st_mode & 0o777 == 0o755


# --------------------------------------------------------------------------------------------- OS errors


def _mount_tmpfs(where: Path, options: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True, check=False)
    return proc.returncode == 0


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """Factory: a fresh tmpfs mounted with ``options`` (needs root; skips otherwise), unmounted after."""
    mounts: list[Path] = []

    def mount(options: str) -> Path:
        where = tmp_path / f"mnt{len(mounts)}"
        if os.geteuid() != 0 or not _mount_tmpfs(where, options):
            pytest.skip("mounting a tmpfs needs root (and mount(8)); the case cannot be made real here")
        mounts.append(where)
        return where

    yield mount
    for where in reversed(mounts):
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def test_full_disk_fails_cleanly_and_leaves_nothing(project: Path, mounted: Callable[[str], Path]) -> None:
    disk = mounted("size=48k")
    proc = run_process("-C", str(project), "build", "--out", str(disk / "site"), env=SDE)
    assert_clean(proc, (1,))
    assert "no space left on the device" in proc.stderr and "ENOSPC" in proc.stderr
    assert list(disk.iterdir()) == [], "a scratch folder was left on the full disk"


def test_read_only_file_system_fails_cleanly(project: Path, mounted: Callable[[str], Path]) -> None:
    ro = mounted("ro,size=1m")
    for args in (("build", "--out", str(ro / "site")), ("init", str(ro / "new"))):
        proc = run_process("-C", str(project), *args, env=SDE)
        assert_clean(proc, (1,))
        assert "read-only" in proc.stderr and "EROFS" in proc.stderr, proc.stderr


def test_mount_point_as_output_is_refused_and_leaves_nothing(project: Path, mounted: Callable[[str], Path]) -> None:
    mnt = mounted("size=4m")
    proc = run_process("-C", str(project), "build", "--out", str(mnt), env=SDE)
    assert_clean(proc, (2,))
    assert "mount point" in proc.stderr
    assert [p.name for p in mnt.parent.iterdir() if ".build-" in p.name] == []


OUT_PROBLEMS = [
    # (id, how to make it, --out, exit code, words)
    ("existing-file", lambda p: (p / "afile").write_text("x", "utf-8"), "afile", 2, "is a file, not a folder"),
    ("under-a-file", lambda p: (p / "afile").write_text("x", "utf-8"), "afile/site", 2, "is a file, not a folder"),
    ("name-too-long", lambda p: None, "n" * 300, 1, "ENAMETOOLONG"),
    ("dangling-symlink-into-file", lambda p: ((p / "afile").write_text("x", "utf-8"),
                                              (p / "dl").symlink_to("afile/x")), "dl", 2, "is a file, not a folder"),
]


@pytest.mark.parametrize("case", OUT_PROBLEMS, ids=[c[0] for c in OUT_PROBLEMS])
def test_unusable_output_paths_fail_cleanly(project: Path, case: tuple) -> None:
    _id, make, out, code, words = case
    make(project)
    before = tree(project)
    proc = run_process("-C", str(project), "build", "--out", out, env=SDE)
    assert_clean(proc, (code,))
    assert words in proc.stderr, proc.stderr
    assert tree(project) == before
    assert [p.name for p in project.iterdir() if ".build-" in p.name] == []


def test_unwritable_parent_fails_cleanly(project: Path, tmp_path: Path) -> None:
    # Root ignores permission bits, so a folder without write permission only stops non-root users; a
    # read-only mount (above) is the real EROFS case. What root cannot do either: write under /proc.
    proc = run_process("-C", str(project), "build", "--out", "/proc/site-builder-out", env=SDE)
    assert_clean(proc, (1,))
    assert "cannot write the site" in proc.stderr or "cannot build into" in proc.stderr, proc.stderr


# --------------------------------------------------------------------------------------------- concurrency


def _popen(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "site_builder", *args], env=dict(os.environ, **SDE),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


ROUNDS = 20


# 20 rounds of two real processes: about 160 s on a loaded machine, more while another worker runs beside it.
@pytest.mark.timeout(900)
def test_concurrent_add_source_loses_no_registration(project: Path, tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    ids = []
    for r in range(ROUNDS):
        pair = []
        for k in range(2):
            sid = f"article-{r}-{k}"
            (articles / f"{sid}.txt").write_text(f"Article {r}-{k}.\n\nIt says {r * 10 + k} things.\n", "utf-8")
            pair.append(_popen("-C", str(project), "add-source", str(articles / f"{sid}.txt"), "--id", sid))
            ids.append(sid)
        for proc in pair:
            _out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            assert "Traceback" not in err
    import yaml

    registered = [s["id"] for s in yaml.safe_load((project / "facts" / "sources.yaml").read_text("utf-8"))["sources"]]
    assert set(ids) <= set(registered), f"lost: {sorted(set(ids) - set(registered))}"
    for sid in ids:
        assert (project / "seeds" / f"{sid}.txt").is_file()
    print(f"\n{ROUNDS} rounds of two concurrent add-source runs: {len(ids)} of {len(ids)} registered")
    check = run_process("-C", str(project), "check", env=SDE)
    assert check.returncode == 0, check.stderr


def test_concurrent_builds_into_one_folder_both_succeed(project: Path) -> None:
    assert run_process("-C", str(project), "build", "--out", "out", env=SDE).returncode == 0
    complete = tree(project / "out")
    for _ in range(3):
        procs = [_popen("-C", str(project), "build", "--out", "out") for _ in range(2)]
        for proc in procs:
            _out, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err
            assert "Traceback" not in err
        assert tree(project / "out") == complete
    assert [p.name for p in project.iterdir() if p.name.startswith(".out.")] == []


def test_a_second_writer_waits_then_gives_up_cleanly(project: Path) -> None:
    # Hold the project lock from this test process, as another writer would.
    import fcntl

    fd = os.open(project, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        article = project / "new.txt"
        article.write_text("A new article.\n\nIt says 3 things.\n", "utf-8")
        before = (project / "facts" / "sources.yaml").read_bytes()
        proc = run_process("-C", str(project), "add-source", str(article), "--id", "new",
                       env={**SDE, "SITE_BUILDER_LOCK_TIMEOUT": "1"})
        assert_clean(proc, (1,))
        assert "waiting for another site-builder command" in proc.stderr
        assert "nothing was changed" in proc.stderr
        assert (project / "facts" / "sources.yaml").read_bytes() == before
        assert not (project / "seeds" / "new.txt").exists()
    finally:
        os.close(fd)


def test_scratch_folders_of_live_processes_are_left_alone(project: Path) -> None:
    # A scratch folder whose process still runs (this one) belongs to it; a dead one's is swept.
    live = project / f".out.build-{os.getpid()}-keepme"
    live.mkdir()
    dead = project / ".out.build-999999999-gone"
    dead.mkdir()
    assert run_process("-C", str(project), "build", "--out", "out", env=SDE).returncode == 0
    assert live.is_dir() and not dead.exists()


# --------------------------------------------------------------------------------------------- paths and names


NAMES = ["../../x.txt", "../x.txt", "a/b.txt", "a\\b.txt", "x.txt\n", ".hidden.txt", "x\u202etxt.md",
         "x\x00.txt", "n" * 300 + ".txt", "x.html"]


@pytest.mark.parametrize("name", NAMES, ids=[repr(n)[:30] for n in NAMES])
def test_add_source_name_stays_inside_seeds(project: Path, tmp_path: Path, name: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text("An article.\n\nIt says 3 things.\n", "utf-8")
    before = tree(project)
    try:
        proc = run_process("-C", str(project), "add-source", str(article), "--id", "a", "--name", name, env=SDE)
    except ValueError:  # a NUL cannot be passed as an argument at all
        return
    assert_clean(proc, (2,))
    assert "--name" in proc.stderr or "not a usable file name" in proc.stderr, proc.stderr
    assert tree(project) == before
    assert not (tmp_path / "x.txt").exists() and not (project / "x.txt").exists()


@pytest.mark.parametrize("source_id", ["evil\n", "ok-id\n", "a b", "../x"])
def test_add_source_id_with_a_trailing_newline_is_refused(project: Path, tmp_path: Path, source_id: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text("An article.\n\nIt says 3 things.\n", "utf-8")
    proc = run_process("-C", str(project), "add-source", str(article), "--id", source_id, env=SDE)
    assert_clean(proc, (2,))
    assert "is not valid" in proc.stderr


def test_schema_patterns_refuse_a_trailing_newline() -> None:
    """Both validators: jsonschema's re.search lets '$' match before a final newline; the patterns must not."""
    import json
    import re

    import fastjsonschema
    from jsonschema import Draft202012Validator

    for name in ("facts", "sources"):
        schema = json.loads((REPO / "site_builder" / "schemas" / f"{name}.schema.json").read_text("utf-8"))
        patterns: list[str] = []

        def walk(node: object, patterns: list[str]) -> None:
            if isinstance(node, dict):
                if isinstance(node.get("pattern"), str):
                    patterns.append(node["pattern"])
                for v in node.values():
                    walk(v, patterns)
            elif isinstance(node, list):
                for v in node:
                    walk(v, patterns)

        walk(schema, patterns)
        assert patterns
        for pattern in patterns:
            sub = {"type": "string", "pattern": pattern}
            example = {"^[a-z0-9][a-z0-9-]*$(?!\\n)": "evil", "^[^\\x00-\\x1f]+\\.(txt|md|html|htm|pdf)$(?!\\n)": "seeds/a.txt",
                       "^https?://[^\\s<>\"']+$(?!\\n)": "https://example.org/",
                       "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$(?!\\n)": "en", "^[0-9a-f]{64}$(?!\\n)": "a" * 64,
                       "^[0-9]+-[0-9]+$(?!\\n)": "1-2"}.get(pattern, "2016")
            assert re.search(pattern, example), pattern
            assert Draft202012Validator(sub).is_valid(example)
            assert not Draft202012Validator(sub).is_valid(example + "\n"), pattern
            with pytest.raises(fastjsonschema.JsonSchemaException):
                fastjsonschema.compile(sub)(example + "\n")


# --------------------------------------------------------------------------------------------- init


def test_init_never_deletes_a_sibling_it_did_not_make(tmp_path: Path) -> None:
    sibling = tmp_path / ".new.init-tmp"
    sibling.mkdir()
    (sibling / "keep.txt").write_text("someone else's", "utf-8")
    proc = run_process("init", str(tmp_path / "new"), env=SDE)
    assert proc.returncode == 0, proc.stderr
    assert (sibling / "keep.txt").read_text("utf-8") == "someone else's"
    assert {p.name for p in tmp_path.iterdir()} == {".new.init-tmp", "new"}


INIT_PROBLEMS = [
    # (id, setup returning the DIR argument and the cwd, exit code, words)
    ("dot-in-a-non-empty-folder", lambda t: (".", t / "full"), 2, "not empty"),
    ("dangling-symlink", lambda t: (str(t / "dangling"), t), 2, "symbolic link"),
    ("existing-file", lambda t: (str(t / "afile"), t), 2, "is a file"),
    ("missing-parent", lambda t: (str(t / "no" / "such" / "dir"), t), 2, "does not exist"),
    ("under-a-file", lambda t: (str(t / "afile" / "x"), t), 2, "not a folder"),
    ("name-too-long", lambda t: ("n" * 300, t), 1, "ENAMETOOLONG"),
]


@pytest.mark.parametrize("case", INIT_PROBLEMS, ids=[c[0] for c in INIT_PROBLEMS])
def test_failing_inits_are_clean(tmp_path: Path, case: tuple) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("x", "utf-8")
    (tmp_path / "dangling").symlink_to("nowhere")
    (tmp_path / "afile").write_text("x", "utf-8")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    _id, setup, code, words = case
    target, cwd = setup(tmp_path)
    proc = run_process("init", target, cwd=cwd, env=SDE)
    assert_clean(proc, (code,))
    assert words in proc.stderr, proc.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == before, "init left something behind"


def test_init_dot_fills_an_empty_current_folder(tmp_path: Path) -> None:
    here = tmp_path / "here"
    here.mkdir()
    proc = run_process("init", ".", cwd=here, env=SDE)
    assert proc.returncode == 0, proc.stderr
    assert (here / "mkdocs.yml").is_file()
    assert run_process("-C", str(here), "check", env=SDE).returncode == 0


# --------------------------------------------------------------------------------------------- serve


def test_serve_on_a_busy_port_or_an_impossible_one(project: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = run_process("-C", str(project), "serve", "-a", f"127.0.0.1:{port}", env=SDE, timeout=120)
        assert_clean(proc, (1,))
        assert "already in use" in proc.stderr, proc.stderr
    for addr in ("127.0.0.1:99999", "127.0.0.1:0", "127.0.0.1:http", "nohost"):
        proc = run_process("-C", str(project), "serve", "-a", addr, env=SDE, timeout=60)
        assert_clean(proc, (2,))
        assert "HOST:PORT" in proc.stderr


# --------------------------------------------------------------------------------------------- templates


TEMPLATE_MISTAKES = [
    # (id, file, old, new, words that must appear)
    ("undefined-variable", "templates/factsheet/explainer.html", None, "{{ no_such_thing.attr }}\n",
     ("templates/factsheet/explainer.html:1:1", "no_such_thing", "undefined")),
    ("syntax-error", "templates/factsheet/source.html", None, "{% if %}\n",
     ("templates/factsheet/source.html:1:1", "syntax")),
    ("missing-include", "templates/factsheet/explainer.html", None, "{% include 'factsheet/nope.html' %}\n",
     ("templates/factsheet/explainer.html:1:1", "nope.html", "not found")),
    ("missing-parent", "templates/factsheet/explainer.html", "REPLACE", "{% extends 'factsheet/gone.html' %}\n",
     ("factsheet/gone.html", "not found")),
]


@pytest.mark.parametrize("case", TEMPLATE_MISTAKES, ids=[c[0] for c in TEMPLATE_MISTAKES])
def test_template_mistakes_are_located(project: Path, case: tuple) -> None:
    _id, rel, old, new, words = case
    path = project / rel
    if not path.exists():
        # The project overrides one of the theme's templates in its custom_dir (templates/) and gets it wrong.
        from site_builder.theme import THEME_DIR
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((THEME_DIR / Path(rel).relative_to("templates")).read_text("utf-8"), "utf-8")
    if old == "REPLACE":
        path.write_text(new, "utf-8")
    else:
        path.write_text(new + path.read_text("utf-8"), "utf-8")
    assert run_process("-C", str(project), "build", "--out", "out", env=SDE).returncode in (0, 1)
    proc = run_process("-C", str(project), "build", "--out", "out2", env=SDE)
    assert_clean(proc, (1,))
    for w in words:
        assert w in proc.stderr, proc.stderr
    assert not (project / "out2").exists()


# --------------------------------------------------------------------------------------------- output streams


BIDI_PAGE_EDIT = ("claim: It came into service in 2016.", "claim: It came into service in 2016 \u202eevil.")


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "latin-1"}, {"LC_ALL": "C", "PYTHONIOENCODING": ""},
                                 {"PYTHONIOENCODING": "ascii"}], ids=["latin-1", "LC_ALL=C", "ascii"])
def test_output_survives_any_locale(project: Path, env: dict[str, str]) -> None:
    facts = project / "facts" / "vostochny.yaml"
    text = facts.read_text("utf-8")
    facts.write_text(text.replace("title: The Vostochny Cosmodrome", "title: Восточный «космодром» ✓", 1), "utf-8")
    env = {**env, "PYTHONUTF8": "0"}
    for args in (("check",), ("find", "космодром"), ("report",), ("build", "--out", "out"), ("sources", "list")):
        proc = subprocess.run([sys.executable, "-m", "site_builder", "-C", str(project), *args],
                              env={**os.environ, **SDE, **env}, capture_output=True, timeout=300, check=False)
        err = proc.stderr.decode("latin-1")
        assert "Traceback" not in err and "UnicodeEncodeError" not in err, err[-2000:]
        assert proc.returncode in (0, 1), (args, proc.returncode, err[-2000:])


def test_broken_pipe_exits_quietly(project: Path) -> None:
    # `site-builder find ... | head -c 1`: the reader takes one byte and goes away.
    writer = subprocess.Popen([sys.executable, "-m", "site_builder", "-C", str(project), "find", "--value", "2016",
                               "--limit", "500"], env=dict(os.environ, **SDE), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    assert writer.stdout is not None and writer.stderr is not None
    head = subprocess.run(["head", "-c", "1"], stdin=writer.stdout, capture_output=True, timeout=120, check=True)
    writer.stdout.close()  # only `head` holds the read end now, as in a shell pipeline
    err = writer.stderr.read().decode("utf-8", "replace")
    assert writer.wait(timeout=120) in (0, 141), err
    assert len(head.stdout) == 1
    assert err == "", err


#: A traceback frame in the package's own files (not the interpreter's start-up machinery).
OUR_FRAME = re.compile(r'File "[^"]*[/\\\\]site_builder[/\\\\][^"]*"')


@pytest.mark.parametrize("delay", [0.0, 0.02, 0.05, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.8, 1.2])
def test_sigint_at_any_moment_exits_130_with_one_line(project: Path, delay: float) -> None:
    before = tree(project)
    proc = subprocess.Popen([sys.executable, "-m", "site_builder", "-C", str(project), "build", "--out", "out"],
                            env=dict(os.environ, **SDE), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    if err.startswith("Fatal Python error: init_") or (err.startswith("Traceback") and not OUR_FRAME.search(err)):
        # Ctrl-C while the interpreter itself starts (its io or site module, the .pth files of site-packages,
        # runpy finding the module: before any code of ours runs): Python reports it, and nothing was done.
        # The README says so; once our code runs, the outcome must be clean.
        assert proc.returncode != 0 and tree(project) == before
        return
    assert "Traceback" not in err, err
    if proc.returncode == 0:
        return  # it had finished
    assert proc.returncode in (130, -signal.SIGINT), (proc.returncode, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines in ([], ["site-builder: interrupted"]) or lines[-1] == "site-builder: interrupted", err
    after = {k: v for k, v in tree(project).items() if not k.startswith("out/")}
    assert after == before, "an interrupted build changed the project"
    assert [p.name for p in project.iterdir() if p.name.startswith(".out.")] == [], "scratch folder left behind"


def test_a_ctrl_c_after_the_build_said_built_leaves_it_a_success(project: Path) -> None:
    # The site is swapped in and reported: a late Ctrl-C (the shell's, while Python shuts down) must not
    # turn "built ..." into exit code 130 or a death by the signal.
    proc = subprocess.Popen([sys.executable, "-m", "site_builder", "-C", str(project), "build", "--out", "out"],
                            env=dict(os.environ, **SDE), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    lines = []
    for line in proc.stderr:
        lines.append(line)
        if line.startswith("built "):
            break
    for _ in range(20):
        if proc.poll() is not None:
            break
        proc.send_signal(signal.SIGINT)
        time.sleep(0.001)
    lines += proc.stderr.readlines()
    assert proc.wait(timeout=120) == 0, "".join(lines)
    assert lines[-1].startswith("built "), "".join(lines)
    assert (project / "out" / "index.html").is_file()


def test_a_build_in_this_process_leaves_its_signal_mask_as_it_was(project: Path) -> None:
    # The swap holds Ctrl-C until the build's clean-up is done; a caller in the same process (the API, a test
    # runner whose later subprocesses inherit the mask) gets its Ctrl-C back.
    from site_builder.cli.main import main

    before = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    assert main(["-C", str(project), "build", "--out", "out"]) == 0
    assert (project / "out" / "index.html").is_file()
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == before
    assert signal.SIGINT not in before


# --------------------------------------------------------------------------------------------- bounded output


def test_a_facts_file_of_empty_items_shows_at_most_50_errors(project: Path) -> None:
    (project / "facts" / "empty.yaml").write_text("page: {title: Empty}\nfacts:\n" + "  - {}\n" * 280_000, "utf-8")
    size = (project / "facts" / "empty.yaml").stat().st_size
    assert 1_900_000 < size < 2_000_000
    code = ("import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30)); "
            "sys.argv[0] = 'site_builder'; runpy.run_module('site_builder', run_name='__main__', alter_sys=True)")
    proc = subprocess.run([sys.executable, "-c", code, "-C", str(project), "check"], env=dict(os.environ, **SDE),
                          capture_output=True, text=True, timeout=600, check=False)
    assert_clean(proc, (1,))
    lines = [line for line in proc.stderr.splitlines() if line.startswith("facts/empty.yaml:")]
    assert 50 <= len(lines) <= 51, len(lines)
    assert "more errors in this file not shown" in lines[-1]


def test_many_unrecorded_sources_give_one_summary_and_accept_all_fixes_them(project: Path) -> None:
    sources = project / "facts" / "sources.yaml"
    text = sources.read_text("utf-8")
    import re

    text = re.sub(r"\n\s*sha256: [0-9a-f]{64}", "", text)
    for k in range(40):
        (project / "seeds" / f"extra-{k}.txt").write_text(f"Extra article {k}.\n\nIt says {k} things.\n", "utf-8")
        text += f"  - id: extra-{k}\n    file: seeds/extra-{k}.txt\n"
    sources.write_text(text, "utf-8")
    proc = run_process("-C", str(project), "check", env=SDE)
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if ": warning: " in line]
    assert len(warnings) <= 4, warnings
    assert "sources accept --all" in proc.stderr
    accept = run_process("-C", str(project), "sources", "accept", "--all", env=SDE)
    assert accept.returncode == 0, accept.stderr
    after = run_process("-C", str(project), "check", env=SDE)
    assert ": warning: " not in after.stderr, after.stderr
    both = run_process("-C", str(project), "sources", "accept", "--all", "reuters", env=SDE)
    assert_clean(both, (2,))
    none = run_process("-C", str(project), "sources", "accept", env=SDE)
    assert_clean(none, (2,))


# --------------------------------------------------------------------------------------------- invisible characters


def test_invisible_format_characters_are_all_refused() -> None:
    """The hard-coded set covers every format character (Cf) this Python knows, but the two joiners."""
    import unicodedata

    from site_builder.text import invisible

    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        if unicodedata.category(ch) == "Cf":
            assert (invisible.find(ch) is None) == (ch in invisible.ALLOWED), f"U+{cp:04X}"


# --------------------------------------------------------------------------------------------- layout


LONG_URL = "https://example.org/" + "a" * 200
LONG_WORD = "Supercalifragilistic" * 10


@pytest.mark.browser
def test_long_words_and_urls_wrap_on_a_360px_phone(browser, serve_directory, tmp_path: Path) -> None:
    """A 200-character URL or word in an article or a claim never makes a page scroll sideways."""
    from hostile.cases import with_extra

    root = copy_project(tmp_path / "p")
    files = with_extra(f"The extra article.\n\nSee {LONG_URL} and {LONG_WORD} here.\n".encode(), quote="extra article",
                       claim=f"The extra article says {LONG_WORD}.")
    from e2e.test_hostile import write  # the corpus' own writer (BASE_PAGE/BASE_SOURCES line numbers)
    from hostile.cases import BASE_PAGE, BASE_SOURCES, PAGE, SOURCES

    write(root, PAGE, BASE_PAGE)
    write(root, SOURCES, BASE_SOURCES)
    for rel, content in files.items():
        write(root, rel, content)
    proc = run_process("-C", str(root), "build", "--out", "out", env=SDE)
    assert proc.returncode == 0, proc.stderr
    site = serve_directory(root / "out")
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, device_scale_factor=2)
    try:
        page = context.new_page()
        for path in ("", "sources/extra/"):
            page.goto(site + path)
            assert LONG_WORD in page.content()
            width = page.evaluate("document.scrollingElement.scrollWidth")
            assert width <= 360, f"/{path}: {width} px wide on a 360 px phone"
    finally:
        context.close()
