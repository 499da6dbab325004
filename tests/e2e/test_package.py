"""The package as a newsroom gets it: the sdist and wheel built, the wheel installed outside the repository.

One fresh venv in a temporary folder gets the runtime dependencies from requirements.lock (hashes
checked) and then only the wheel (--no-deps), so nothing of this repository is importable there. In it:
`site-builder init`, `check`, `build`, `mkdocs build --strict`; the init-made repository's own CI
workflow steps, run locally; its pre-commit hook under real pre-commit; actionlint and zizmor on its
workflows.
"""

from __future__ import annotations

import email
import fcntl
import os
import shlex
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
import yaml

from support import REPO

BIN = Path(sys.executable).parent
ACTIONLINT = BIN / "actionlint"
ZIZMOR = BIN / "zizmor"
PRE_COMMIT = BIN / "pre-commit"

#: What init, build, serve and the editors' page read from the installed package.
PACKAGE_DATA = [
    "site_builder/py.typed",
    "site_builder/theme/__init__.py",
    "site_builder/theme/mkdocs_theme.yml",
    "site_builder/theme/main.html",
    "site_builder/theme/404.html",
    "site_builder/theme/partials/footer.html",
    "site_builder/theme/assets/site.css",
    "site_builder/theme/assets/site.js",
    "site_builder/theme/factsheet/explainer.html",
    "site_builder/theme/factsheet/source.html",
    "site_builder/theme/factsheet/sources_index.html",
    "site_builder/theme/factsheet/home.html",
    "site_builder/theme/factsheet/errors.html",
    "site_builder/theme/factsheet/report.html",
    "site_builder/theme/factsheet/_citations.html",
    "site_builder/theme/factsheet/_charts.html",
    "site_builder/schemas/facts.schema.json",
    "site_builder/schemas/sources.schema.json",
    "site_builder/schemas/facts-json.schema.json",
    "site_builder/scaffold/project/mkdocs.yml",
    "site_builder/scaffold/project/README.md",
    "site_builder/scaffold/project/dot-gitignore",
    "site_builder/scaffold/project/dot-pre-commit-config.yaml",
    "site_builder/scaffold/project/dot-github/workflows/check.yml",
    "site_builder/scaffold/project/dot-github/workflows/publish.yml",
    "site_builder/scaffold/project/facts/bridge.yaml",
    "site_builder/scaffold/project/facts/sources.yaml",
    "site_builder/scaffold/project/seeds/example.md",
    "site_builder/scaffold/project/docs/about.md",
]


def run(cmd: list[str | os.PathLike[str]], *, cwd: Path, env: dict[str, str] | None = None,
        timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, f"{result.args}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder holding the sdist and the wheel (the wheel built from the sdist, as `build` does)."""
    out = tmp_path_factory.mktemp("dist")
    # `build` writes its scratch folders into the repository: two test processes building at once would
    # trip over each other's (xdist's workers share the parent of their temporary folders).
    with open(tmp_path_factory.getbasetemp().parent / "site-builder-dist.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        ok(run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out, REPO], cwd=REPO))
    return out


def _wheel(dist: Path) -> Path:
    [wheel] = dist.glob("site_builder-*.whl")
    return wheel


@pytest.fixture(scope="module")
def venv(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the bin/ folder of a fresh venv outside the repository with only the wheel and its locked deps."""
    where = tmp_path_factory.mktemp("newsroom") / "venv"
    ok(run([sys.executable, "-m", "venv", where], cwd=where.parent))
    pip = [where / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    ok(run([*pip, "--require-hashes", "-r", REPO / "requirements.lock"], cwd=where.parent))
    ok(run([*pip, "--no-deps", _wheel(dist)], cwd=where.parent))
    return where / "bin"


def newsroom_env(venv: Path, home: Path) -> dict[str, str]:
    """Return an environment where only the venv's commands are found and nothing of this repository."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv}{os.pathsep}/usr/bin:/bin"
    env["HOME"] = str(home)
    env.setdefault("SOURCE_DATE_EPOCH", "1694563200")
    return env


def test_wheel_and_sdist_hold_the_theme_and_metadata(dist: Path) -> None:
    wheel = zipfile.ZipFile(_wheel(dist))
    names = set(wheel.namelist())
    missing = [p for p in PACKAGE_DATA if p not in names]
    assert not missing, f"not in the wheel: {missing}"
    for info in wheel.infolist():  # a symlink would be stored as a tiny file holding its target
        assert (info.external_attr >> 16) & 0o170000 != 0o120000, f"{info.filename} is a symlink"
    for name in ("facts", "sources"):  # the contract editors' tools validate against, byte for byte
        shipped = f"site_builder/schemas/{name}.schema.json"
        assert wheel.read(shipped) == (REPO / shipped).read_bytes(), f"{shipped} in the wheel differs"
    [meta_name] = [n for n in names if n.endswith(".dist-info/METADATA")]
    meta = email.message_from_bytes(wheel.read(meta_name))
    assert meta["License-Expression"] == "MIT"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "Framework :: MkDocs" in meta.get_all("Classifier")
    assert "Typing :: Typed" in meta.get_all("Classifier")
    assert meta.get_all("Project-URL")
    [ep_name] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    entry_points = wheel.read(ep_name).decode()
    assert "[mkdocs.themes]\nfactsheet = site_builder.theme" in entry_points
    assert "[mkdocs.plugins]\nfactsheet = site_builder.mkdocs.plugin:FactSheetPlugin" in entry_points
    [sdist] = dist.glob("site_builder-*.tar.gz")
    with tarfile.open(sdist) as tar:
        top = tar.getnames()[0].split("/")[0]
        sdist_names = {n.removeprefix(top + "/") for n in tar.getnames()}
    assert not [p for p in PACKAGE_DATA if p not in sdist_names]
    assert "LICENSE" in sdist_names


def test_installed_wheel_inits_checks_and_builds_outside_the_repository(venv: Path, tmp_path: Path) -> None:
    env = newsroom_env(venv, tmp_path)
    probe = ok(run([venv / "python", "-c", "import site_builder, sys; print(site_builder.__file__)"], cwd=tmp_path,
                   env=env))
    assert not Path(probe.stdout.strip()).is_relative_to(REPO)
    assert ok(run([venv / "site-builder", "--version"], cwd=tmp_path, env=env)).stdout.startswith("site-builder 0.1.0")
    ok(run([venv / "site-builder", "init", "desk"], cwd=tmp_path, env=env))
    desk = tmp_path / "desk"
    assert not (desk / "templates").exists()
    ok(run([venv / "site-builder", "check", "--strict"], cwd=desk, env=env))
    ok(run([venv / "site-builder", "build"], cwd=desk, env=env))
    assert (desk / "site" / "index.html").is_file() and (desk / "site" / "editors" / "index.html").is_file()
    html = (desk / "site" / "index.html").read_text("utf-8")
    assert '<article class="explainer">' in html and 'href="sources/example-news/#' in html
    ok(run([venv / "mkdocs", "build", "--strict", "--site-dir", tmp_path / "plain"], cwd=desk, env=env))
    assert (tmp_path / "plain" / "assets" / "site.css").is_file()
    assert (tmp_path / "plain" / "schemas" / "facts.schema.json").is_file()
    # The schema line works in any clone: a relative path to the copy init wrote.
    first = (desk / "facts" / "bridge.yaml").read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/facts.schema.json"
    assert (desk / "facts" / "../schemas/facts.schema.json").resolve().is_file()


def _git(desk: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run(["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.invalid", "-c",
                "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args], cwd=desk, env=env)


def test_init_repository_passes_its_own_workflow_steps(venv: Path, dist: Path, tmp_path: Path) -> None:
    """Every `run:` step of the init-made workflows, run locally as the runner would (bash -e)."""
    env = newsroom_env(venv, tmp_path)
    ok(run([venv / "site-builder", "init", "desk"], cwd=tmp_path, env=env))
    desk = tmp_path / "desk"
    ok(_git(desk, env, "init", "-q"))
    ok(_git(desk, env, "add", "-A"))
    ok(_git(desk, env, "commit", "-q", "-m", "start"))
    # requirements.txt pins site-builder: offline, pip finds the wheel built here (and the rest installed).
    env.update(PIP_NO_INDEX="1", PIP_FIND_LINKS=str(dist), GITHUB_ENV=str(tmp_path / "github_env"))
    ran = 0
    for workflow in ("check.yml", "publish.yml"):
        doc = yaml.safe_load((desk / ".github" / "workflows" / workflow).read_text("utf-8"))
        for job in doc["jobs"].values():
            for step in job["steps"]:
                if "run" in step:
                    result = ok(run(["bash", "-e", "-c", step["run"]], cwd=desk, env=env))
                    assert "::error" not in result.stdout, (step["run"], result.stdout)
                    ran += 1
    assert ran == 7  # check.yml: install, check, build; publish.yml: the same and SOURCE_DATE_EPOCH
    assert "SOURCE_DATE_EPOCH=" in (tmp_path / "github_env").read_text("utf-8")
    assert (desk / "site" / "index.html").is_file()  # what upload-pages-artifact takes (path: site)


def test_init_workflows_pass_actionlint_and_zizmor(venv: Path, tmp_path: Path) -> None:
    env = newsroom_env(venv, tmp_path)
    ok(run([venv / "site-builder", "init", "desk"], cwd=tmp_path, env=env))
    workflows = sorted((tmp_path / "desk" / ".github" / "workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["check.yml", "publish.yml"]
    lint = run([ACTIONLINT, "-no-color", "-oneline", *workflows], cwd=tmp_path)
    assert lint.returncode == 0 and not lint.stdout.strip(), lint.stdout + lint.stderr
    audit = run([ZIZMOR, "--offline", "--no-progress", tmp_path / "desk" / ".github" / "workflows"], cwd=tmp_path)
    assert audit.returncode == 0, audit.stdout + audit.stderr
    for w in workflows:
        text = w.read_text("utf-8")
        for line in text.splitlines():
            if "uses:" in line:  # pinned by a full commit SHA, with the tag as a comment
                ref = line.split("@", 1)[1]
                assert len(ref.split()[0]) == 40 and "# v" in ref, line
    publish = yaml.safe_load(workflows[1].read_text("utf-8"))
    assert publish["permissions"] == {} and publish["concurrency"]["group"] == "pages"
    assert publish["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_zizmor_catches_an_unpinned_action(tmp_path: Path) -> None:
    """Guards against an auditor that passes everything."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - uses: actions/checkout@v7\n        with:\n          persist-credentials: false\n", "utf-8")
    audit = run([ZIZMOR, "--offline", "--no-progress", bad.parent], cwd=tmp_path)
    assert audit.returncode != 0 and "unpinned-uses" in audit.stdout + audit.stderr


def test_pre_commit_hook_blocks_a_broken_fact(venv: Path, tmp_path: Path) -> None:
    env = newsroom_env(venv, tmp_path)
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-cache")
    ok(run([venv / "site-builder", "init", "desk"], cwd=tmp_path, env=env))
    desk = tmp_path / "desk"
    ok(_git(desk, env, "init", "-q"))
    ok(run([PRE_COMMIT, "install"], cwd=desk, env=env))
    ok(_git(desk, env, "add", "-A"))
    first = _git(desk, env, "commit", "-q", "-m", "start")
    assert first.returncode == 0, first.stdout + first.stderr  # the hook ran and passed
    facts = desk / "facts" / "bridge.yaml"
    facts.write_text(facts.read_text("utf-8").replace("value: 120\n", "value: 125\n"), "utf-8")
    ok(_git(desk, env, "add", "-A"))
    blocked = _git(desk, env, "commit", "-q", "-m", "wrong length")
    out = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, out
    assert "facts/bridge.yaml:" in out and "value 125 m is not supported" in out, out
    assert ok(_git(desk, env, "rev-list", "--count", "HEAD")).stdout.strip() == "1"
    # mkdocs.yml is covered too: a typo in the plugin's options blocks the commit.
    facts.write_text(facts.read_text("utf-8").replace("value: 125\n", "value: 120\n"), "utf-8")
    config = desk / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("seeds_dir: seeds", "seeds_dirr: seeds"), "utf-8")
    ok(_git(desk, env, "add", "-A"))
    blocked = _git(desk, env, "commit", "-q", "-m", "typo")
    assert blocked.returncode != 0 and "seeds_dirr" in blocked.stdout + blocked.stderr
    hook = yaml.safe_load((desk / ".pre-commit-config.yaml").read_text("utf-8"))["repos"][0]["hooks"][0]
    assert shlex.split(hook["entry"])[:2] == ["site-builder", "check"]
