#!/usr/bin/env bash
# Runs a test command with TMPDIR pointed at a fresh folder under the user's TMPDIR, and removes that
# folder afterwards (also on failure or Ctrl-C), so pytest's pytest-of-$USER, the temporary folders
# of commands a test kills on purpose and weasyprint's font subsets never stay behind. pytest's
# --basetemp goes inside it too. The commands' own cleanup is still tested: tests/test_litter.py
# gives each command a TMPDIR of its own and fails on anything left in it.
set -uo pipefail
parent="${TMPDIR:-/tmp}"
folder="$(mktemp -d "$parent/contractkit-tests.XXXXXX")" || exit 1
trap 'rm -rf "$folder"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export TMPDIR="$folder"
"$@" --basetemp="$folder/pytest"
