#!/usr/bin/env bash
# The main job on a bundled example, in a scratch workspace: kickoff documents, a change
# request and its addendum, as PDF and DOCX. Everything lands under ./demo/.
set -euo pipefail
DEMO=${1:-demo}
CK="$(pwd)/.venv/bin/contractkit"
rm -rf "$DEMO" && mkdir -p "$DEMO"
export CONTRACTKIT_HOME="$(cd "$DEMO" && pwd)"
cd "$DEMO"
export GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-Demo Studio}" GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-demo@example.com}"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

step "$CK" new romashka --from-example romashka-site
step "$CK" check romashka
step "$CK" show romashka
