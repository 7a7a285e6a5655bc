#!/usr/bin/env bash
# The first page of every document type in both languages, as PNG under docs/gallery/
# (run through `make gallery`): the RU-1 and EN-1 examples taken through sign -> change ->
# estimate -> addendum in a scratch workspace, every document rendered, page 1 rasterised.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CK="$ROOT/.venv/bin/contractkit"
OUT="$ROOT/docs/gallery"
if [ -n "${GALLERY_WORK:-}" ]; then  # keep the rendered documents there for a closer look
  WORK="$GALLERY_WORK"; rm -rf "$WORK"; mkdir -p "$WORK"
else
  WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
fi
export CONTRACTKIT_HOME="$WORK"
export CONTRACTKIT_TODAY="${CONTRACTKIT_TODAY:-2027-06-30}"  # the story's acts and payments (clock.py)
export GIT_AUTHOR_NAME="Gallery" GIT_AUTHOR_EMAIL="gallery@example.com"
export GIT_COMMITTER_NAME="Gallery" GIT_COMMITTER_EMAIL="gallery@example.com"
cd "$WORK"
ck() { "$CK" "$@" >/dev/null; }

# Russian: RU-1 with change request 1 (blog, 30 pages) as in scripts/demo.sh.
ck new romashka --from-example romashka-site
ck render romashka
ck render romashka --blank --format pdf,docx
ck sign romashka --date 2026-12-01
"$ROOT/.venv/bin/python" "$ROOT/scripts/scenario_edit.py" ru1 romashka/project.yaml
ck change romashka -m "Блог и 30 страниц контента" --reason "Заказчик решил вести блог" \
  --requested-on 2026-12-10 --estimate
ck addendum romashka --date 2026-12-15
# The running project: the addendum signed, an invoice, acts, a Friday update, the claim, a redline.
ck sign romashka --date 2026-12-15
ck invoice romashka prepayment --date 2026-12-01
ck accept romashka prototypes --date 2026-12-07
ck update romashka --date 2026-12-11
ck accept romashka all --date 2027-02-05
ck claim romashka --date 2027-03-15
ck redline romashka contract addendum-1 --doc contract

# English: EN-1 with change request 1 (online ordering).
ck new harbor --from-example blue-harbor-shop
ck render harbor
ck render harbor --blank --format pdf,docx
ck sign harbor --date 2026-11-30
"$ROOT/.venv/bin/python" "$ROOT/scripts/scenario_edit.py" en1 harbor/project.yaml
ck change harbor -m "Online ordering" --requested-on 2026-12-08 --estimate
ck addendum harbor --date 2026-12-09
ck sign harbor --date 2026-12-09
ck invoice harbor prepayment --date 2026-11-30
ck accept harbor discovery design --date 2026-12-15
ck update harbor --date 2026-12-18
ck claim harbor --date 2027-01-22
ck redline harbor contract addendum-1 --doc contract

mkdir -p "$OUT"
rm -f "$OUT"/*.png
for lang in ru en; do
  dir=$([ "$lang" = ru ] && echo romashka || echo harbor)
  for pdf in "$WORK/$dir/out"/*.pdf; do
    name=$(basename "$pdf" .pdf)
    case "$name" in
      addendum-*) kind=addendum ;;
      cr-*|change-request-*) kind=change-request ;;
      brief-blank*) kind=brief-blank ;;
      letter-*) kind=$(echo "$name" | cut -d- -f3) ;;
      redline-*) kind=redline ;;
      *) kind=${name%%-*} ;;
    esac
    pdftoppm -r 60 -png -f 1 -l 1 -singlefile "$pdf" "$OUT/$lang-$kind"
  done
done
ls -1 "$OUT"
