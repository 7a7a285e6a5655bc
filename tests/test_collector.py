"""The `contractkit` command collects cyclic garbage less often than Python's default (cli/first.py
fewer_collections): start-up objects are not walked again and again; a program or a test that
imports the package keeps its own setting."""

import os
import subprocess
import sys

CODE = ("import gc, sys; default = gc.get_threshold(); sys.argv[:] = [sys.argv[1]]; "
        "import contractkit.cli; print(default[0], gc.get_threshold()[0], gc.get_threshold()[1:] == default[1:])")


def _threshold(program: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", CODE, program], capture_output=True, text=True,
                          env={**os.environ, "CONTRACTKIT_ENGINE": "0"}, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_the_command_process_collects_every_100000_allocations():
    from contractkit.cli.first import COLLECT_AFTER

    default, command, rest = _threshold(os.path.join(os.path.dirname(sys.executable), "contractkit"))
    assert int(command) == COLLECT_AFTER == 100_000 != int(default)
    assert rest == "True"  # the older generations as Python sets them


def test_a_program_importing_the_package_keeps_its_threshold():
    default, imported, rest = _threshold("some-program")
    assert imported == default and rest == "True"
