#!/usr/bin/env bash
# The main job on the bundled examples, in a scratch workspace under ./demo/:
# kickoff documents, the signed contract, a change request with its estimate, and the addendum,
# as PDF and DOCX. Run through `make demo`.
set -euo pipefail
DEMO=${1:-demo}
ROOT="$(pwd)"
CK="$ROOT/.venv/bin/contractkit"
rm -rf "$DEMO" && mkdir -p "$DEMO"
export CONTRACTKIT_HOME="$(cd "$DEMO" && pwd)"
cd "$DEMO"
export GIT_AUTHOR_NAME="${GIT_AUTHOR_NAME:-Demo Studio}" GIT_AUTHOR_EMAIL="${GIT_AUTHOR_EMAIL:-demo@example.com}"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"

step() { printf '\n\033[1m$ contractkit %s\033[0m\n' "$*"; "$CK" "$@"; }

# 1. Kickoff: a project from the Russian example, checked, shown and rendered.
step new romashka --from-example romashka-site
step check romashka
step show romashka
step render romashka
step render romashka --blank --format pdf

# 2. Both sides sign the contract: documents hashed, tag `contract`.
step sign romashka --date 2026-12-01 --by "Кузнецова М. С." --by "Соколов А. В."

# 3. The client asks for a blog and 30 pages of content instead of 20: edit, record, price it.
"$(dirname "$CK")/python" "$ROOT/scripts/scenario_edit.py" ru1 romashka/project.yaml  # blog + 30 pages
step status romashka
step change romashka -m "Блог и 30 страниц контента" --reason "Заказчик решил вести блог" \
  --requested-on 2026-12-10 --estimate
step addendum romashka --date 2026-12-15
step sign romashka --date 2026-12-15
step log romashka
step verify romashka romashka/out/addendum-1-2026-031.pdf

# 4. The same in English, kickoff documents only.
step new harbor --from-example blue-harbor-shop
step render harbor

printf '\nDocuments to look at:\n'
ls -1 "$CONTRACTKIT_HOME"/romashka/out "$CONTRACTKIT_HOME"/harbor/out | sed 's/^/  /'
