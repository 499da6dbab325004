"""Run `site-builder ARGS` as real processes, forked from one process that has imported everything already.

Each run is its own child process, with its own memory limit, exit status, peak memory and wall time, as a
fresh `python -m site_builder` would be; what it does not pay again is Python's and the libraries' start-up
(about a second each time). The server that forks is started with ``subprocess`` and runs no threads, so
forking it is safe (forking the test process, which may hold browser threads, would not be).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

#: The server: imports the command line, then for each request line forks a child that sets its limits,
#: sends its output to the given files and runs the command line's main; the server waits for the child
#: and answers with its exit code, wall time and peak memory.
_SERVER = r"""
import json, os, resource, signal, sys, time, traceback

sys.argv[0] = "site-builder"
from site_builder.cli.main import main

answers = os.fdopen(os.dup(1), "w", encoding="utf-8")  # fd 1 itself is each child's stdout
for line in sys.stdin:
    req = json.loads(line)
    if req.get("warm"):  # run once in the server itself: what it imports (and caches) every child inherits
        os.chdir(req["cwd"])
        saved = os.dup(1), os.dup(2)
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        try:
            code = main(req["args"])
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
        answers.write(json.dumps({"code": code, "seconds": 0.0, "cpu_seconds": 0.0, "max_rss_mb": 0.0}) + "\n")
        answers.flush()
        continue
    sys.stdout.flush()
    sys.stderr.flush()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            out = os.open(req["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            err = os.open(req["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(out, 1)
            os.dup2(err, 2)
            devnull = os.open(os.devnull, os.O_RDONLY)
            os.dup2(devnull, 0)  # the child never reads the server's requests
            os.chdir(req["cwd"])
            os.environ.update(req["env"])
            if req["limit"]:
                resource.setrlimit(resource.RLIMIT_AS, (req["limit"], req["limit"]))
            signal.alarm(max(1, int(req["timeout"])))  # SIGALRM ends a run that hangs
            try:
                code = main(req["args"])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status, usage = os.wait4(pid, 0)
    answers.write(json.dumps({"code": os.waitstatus_to_exitcode(status), "seconds": time.perf_counter() - start,
                              "cpu_seconds": usage.ru_utime + usage.ru_stime,
                              "max_rss_mb": usage.ru_maxrss / 1024}) + "\n")
    answers.flush()
"""


@dataclass(frozen=True)
class Run:
    """The outcome of one run: exit code (negative: killed by that signal), output, wall and CPU time, peak memory."""

    code: int
    out: str
    err: str
    seconds: float
    cpu_seconds: float
    max_rss_mb: float


class ForkedCli:
    """A running fork server; ``run(args, cwd)`` returns each child's Run. Close it with ``close()``."""

    def __init__(self, scratch: Path, env: dict[str, str] | None = None) -> None:
        self.scratch = scratch
        self.env = dict(os.environ, **(env or {}))
        self._server = subprocess.Popen([sys.executable, "-c", _SERVER], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, env=self.env, text=True, encoding="utf-8")
        self._count = 0

    def warm(self, args: list[str], cwd: Path) -> int:
        """Run `site-builder ARGS` once in the server itself (output discarded); return its exit code.

        Whatever that run imports and caches, every later child starts with: a build of a small project
        loads MkDocs, the theme and the libraries once instead of in each child."""
        return int(self._ask({"warm": True, "args": args, "cwd": str(cwd)})["code"])

    def run(self, args: list[str], cwd: Path, *, limit: int = 0, timeout: float = 60,
            env: dict[str, str] | None = None) -> Run:
        """Return the outcome of `site-builder ARGS` in ``cwd``, under an address-space ``limit`` (bytes, 0: none)."""
        self._count += 1
        out, err = self.scratch / f"run{self._count}.out", self.scratch / f"run{self._count}.err"
        result = self._ask({"args": args, "cwd": str(cwd), "out": str(out), "err": str(err), "limit": limit,
                            "timeout": timeout, "env": env or {}})
        texts = [p.read_bytes().decode("utf-8", "replace") for p in (out, err)]
        out.unlink()
        err.unlink()
        return Run(result["code"], texts[0], texts[1], result["seconds"], result["cpu_seconds"], result["max_rss_mb"])

    def _ask(self, request: dict[str, object]) -> dict[str, float]:
        assert self._server.stdin is not None and self._server.stdout is not None
        self._server.stdin.write(json.dumps(request) + "\n")
        self._server.stdin.flush()
        answer = self._server.stdout.readline()
        if not answer:
            raise RuntimeError(f"the fork server stopped (exit {self._server.poll()})")
        result: dict[str, float] = json.loads(answer)
        return result

    def close(self) -> None:
        """Stop the server (it ends when its input does)."""
        if self._server.stdin is not None:
            self._server.stdin.close()
        try:
            self._server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._server.kill()
            self._server.wait()
        if self._server.stdout is not None:
            self._server.stdout.close()
