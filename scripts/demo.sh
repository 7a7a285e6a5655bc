#!/usr/bin/env bash
# The main job on the bundled examples, in a scratch workspace under ./demo/:
# kickoff documents, the signed contract, a change request with its estimate, the addendum, and
# getting paid (invoices, payments, acceptance acts), letters to the client (Friday updates, a delay
# notice), as PDF, DOCX and .eml; then a bank statement imported, the deadlines as a calendar and
# the studio's week. Run through `make demo`.
set -euo pipefail
DEMO=${1:-demo}
ROOT="$(pwd)"
CK="$ROOT/.venv/bin/contractkit"
rm -rf "$DEMO" && mkdir -p "$DEMO"
export CONTRACTKIT_HOME="$(cd "$DEMO" && pwd)"
# The story plays out over winter 2026-27: its payments and acts are dated ahead of the calendar,
# which contractkit refuses unless told what day it is (contractkit/clock.py).
export CONTRACTKIT_TODAY="${CONTRACTKIT_TODAY:-2027-06-30}"
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

# 2a. Getting paid starts: the prepayment invoice (with the payment QR code), the money, the first act.
step invoice romashka prepayment --date 2026-12-01
step paid romashka prepayment --date 2026-12-01 --ref "п/п 101"   # on the start day: no deadline moves (clause 2.1)
step accept romashka prototypes --date 2026-12-07

# 2b. Keeping the client informed: what was asked of the client, the Friday update, and a delay
#     notice sent before the deadline passes (a timeline change request, the new dates computed).
step asked romashka "Тексты и фотографии для 20 страниц" --date 2026-12-08
step update romashka --date 2026-12-11
step notice delay romashka design --days 2 --client-caused \
  --reason "Заказчик не предоставил тексты и фотографии в срок" --date 2026-12-17
step received romashka R-001 --date 2026-12-18
step update romashka --date 2026-12-18

# 3. The client asks for a blog and 30 pages of content instead of 20: edit, record, price it.
"$(dirname "$CK")/python" "$ROOT/scripts/scenario_edit.py" ru1 romashka/project.yaml  # blog + 30 pages
step status romashka --date 2026-12-18
step change romashka -m "Блог и 30 страниц контента" --reason "Заказчик решил вести блог" \
  --requested-on 2026-12-10 --estimate
step addendum romashka --date 2026-12-18   # after the delay notice of 12-17, which it also records
step sign romashka --date 2026-12-18
step log romashka
step verify romashka romashka/out/addendum-1-2026-031.pdf

# 4. Getting paid, continued: the addendum's extra prepayment, acts per stage (one with remarks),
#    the final invoice and payment, then the act transferring the exclusive rights.
step invoice romashka addendum-1 --date 2026-12-18
step paid romashka addendum-1 --date 2026-12-18
step accept romashka design development --date 2027-01-20
step accept romashka content blog --date 2027-02-05 --remark "Поиск не находит статьи по тегам" --fix-by 2027-02-09
step accept romashka all --date 2027-02-09
step invoice romashka final --date 2027-02-09
step paid romashka final --date 2027-02-12
step accept romashka --rights --date 2027-02-12 --licensed "шрифт Montserrat — на условиях лицензии SIL Open Font License 1.1"
step log romashka
step verify romashka romashka/out/invoice-2027-001-2026-031.pdf

# 5. The same in English: kickoff documents, then a Factur-X invoice and an acceptance certificate.
step new harbor --from-example blue-harbor-shop
step render harbor
step sign harbor --date 2026-11-30 --by "Priya Shah" --by "Alex Morgan"
step invoice harbor prepayment --date 2026-11-30
step paid harbor prepayment --date 2026-12-02 --ref "wire 88"
step accept harbor discovery design --date 2026-12-15
step invoice harbor 2 --date 2026-12-15

# 6. An English change order (EN-1 change request 1): online ordering, 24 hours at the hourly rate.
"$(dirname "$CK")/python" "$ROOT/scripts/scenario_edit.py" en1 harbor/project.yaml  # + milestone 5
step change harbor -m "Online ordering integration" --reason "The bakery wants orders online" \
  --requested-on 2026-12-08 --estimate
step addendum harbor --date 2026-12-16
step sign harbor --date 2026-12-16 --by "Priya Shah" --by "Alex Morgan"

# 7. Money in, dates out: the bank's camt.053 statement pays invoice 2026-002 (a second import adds
#    nothing), every deadline goes to a calendar file, and the studio's week across both projects.
cat > statement-camt053.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>FHBK-20261222-000205</MsgId><CreDtTm>2026-12-22T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>000123456789-2026-12-21</Id>
      <CreDtTm>2026-12-22T06:00:00</CreDtTm>
      <Acct><Id><Othr><Id>000123456789</Id></Othr></Id><Ccy>USD</Ccy></Acct>
      <Ntry>
        <Amt Ccy="USD">3660.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-12-21</Dt></BookgDt><AcctSvcrRef>FH2612210002231</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <RltdPties><Dbtr><Nm>Blue Harbor Bakery Inc.</Nm></Dbtr></RltdPties>
          <RmtInf><Ustrd>Invoice 2026-002 design milestone</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>
      <Ntry>
        <Amt Ccy="USD">175.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-12-21</Dt></BookgDt><AcctSvcrRef>FH2612210000112</AcctSvcrRef>
        <NtryDtls><TxDtls><RmtInf><Ustrd>Hosting renewal 2027</Ustrd></RmtInf></TxDtls></NtryDtls>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
XML
step paid --import statement-camt053.xml --dry-run
step paid --import statement-camt053.xml --yes
step paid --import statement-camt053.xml --yes
step calendar --out deadlines.ics --date 2026-12-21
step agenda --date 2026-12-21

printf '\nDocuments to look at:\n'
ls -1 "$CONTRACTKIT_HOME"/romashka/out "$CONTRACTKIT_HOME"/harbor/out | sed 's/^/  /'
