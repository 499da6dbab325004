"""The command's way out: the exit code, the output and the exit handlers kept, Python's teardown skipped."""

from __future__ import annotations

import shlex
import subprocess
import sys

import pytest

# A child that writes to a pipe (so stdout is block-buffered), registers an exit handler, then ends by _exit.
_CHILD = """
import atexit, sys, threading, time
from site_builder.__main__ import _exit
atexit.register(lambda: sys.stdout.write(" handler ran"))
sys.stdout.write("{text}")
if {thread}:
    threading.Thread(target=lambda: (time.sleep(0.3), sys.stdout.write(" thread done"))).start()
_exit({code})
"""


@pytest.mark.parametrize(("code", "thread", "out"), [
    (0, False, "output handler ran"),
    (3, False, "output handler ran"),
    # a thread still running gets the ordinary exit, which waits for it
    (1, True, "output thread done handler ran"),
])
def test_exit_keeps_the_code_the_output_and_the_exit_handlers(code: int, thread: bool, out: str) -> None:
    proc = subprocess.run([sys.executable, "-c", _CHILD.format(text="output", thread=thread, code=code)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert (proc.returncode, proc.stdout, proc.stderr) == (code, out, "")


def test_exit_with_stdout_closed_is_quiet() -> None:
    # `site-builder check >&-`: Python starts with no sys.stdout at all
    child = f"{shlex.quote(sys.executable)} -c 'from site_builder.__main__ import _exit; _exit(0)' >&-"
    proc = subprocess.run(["sh", "-c", child], capture_output=True, text=True, timeout=60, check=False)
    assert (proc.returncode, proc.stderr) == (0, "")
