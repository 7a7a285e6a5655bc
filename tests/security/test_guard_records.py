"""`contractkit guard` reads what a pushed invoice, act, payment or approval record says, not only
that it is new: a hand-written invoice or act record whose hashes are not its documents rendered
again, a payment that pays more than is due (or is negative, or reverses nothing, or predates the
contract), and an approval whose mail is DKIM-signed by another domain or says "no" are refused
on the server; the records `invoice`, `accept`, `paid` and `approve` write pass. The server here
is a bare repository of this machine pushed to with plain git (its pre-receive hook runs too)."""

from __future__ import annotations

import hashlib
import subprocess
from decimal import Decimal

import git
import pytest

from contractkit.flows.approval import ApprovalRecord
from contractkit.store import records
from contractkit.store.payments import PaymentRecord
from tests.conftest import run
from tests.security.gitfixtures import ck, git_in, head
from tests.test_approval import CLIENT, RU_CONTENT, RU_CONTENT_30, Dns, reply

pytestmark = pytest.mark.security("forgery")

INVOICE = ".contractkit/invoices/2026-001.yaml"
ACT = ".contractkit/acts/ACT-001.yaml"


@pytest.fixture
def server(ws):
    """RU-1 signed on 2026-12-01 and synced to a bare repository that runs the guard."""
    project, bare = ws / "romashka", ws / "origin.git"
    run("new", "romashka", "--from-example", "romashka-site")
    run("sign", project, "--date", "2026-12-01")
    git.Repo.init(bare, bare=True, initial_branch="main").close()
    git_in(project, "remote", "add", "origin", str(bare))
    run("sync", project)
    installed = ck("guard", "--install", bare)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return project, bare


def push(path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(path), "push", "origin", "HEAD:refs/heads/main"], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, check=False)


def refused(result, bare, before: str, *words: str) -> str:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "contractkit guard: refused:" in output, output
    assert all(w in output for w in words), output
    assert "Traceback" not in output and "could not check" not in output, output
    assert git_in(bare, "rev-parse", "refs/heads/main").strip() == before
    return output


def passes(project, bare) -> None:
    synced = ck("sync", project)
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert git_in(bare, "rev-parse", "refs/heads/main").strip() == head(project)


def _amend(project, name: str, old: str, new: str) -> None:
    text = (project / name).read_text()
    assert old in text, text
    (project / name).write_text(text.replace(old, new, 1))
    git_in(project, "commit", "-q", "--amend", "--no-edit", "-a")


def _forge_hash(project, name: str) -> None:
    """Keep the record, point its first file hash at other bytes."""
    text = (project / name).read_text()
    sha = next(w for w in text.split() if len(w) == 64)
    _amend(project, name, sha, hashlib.sha256(b"another file").hexdigest())


def test_invoice_act_and_payment_made_by_the_commands_pass(server):
    project, bare = server
    run("invoice", project, "prepayment", "--date", "2026-12-02")
    run("paid", project, "prepayment", "--date", "2026-12-03", "--ref", "п/п 101")
    run("accept", project, "1", "--date", "2026-12-20")
    passes(project, bare)


def test_a_forged_invoice_record_is_refused(server):
    project, bare = server
    before = head(project)
    run("invoice", project, "prepayment", "--date", "2026-12-02")
    _forge_hash(project, INVOICE)
    refused(push(project), bare, before, f"{INVOICE}): the hashes in the record do not match its documents "
                                         "rendered again")


def test_an_invoice_for_another_amount_is_refused(server):
    project, bare = server
    before = head(project)
    run("invoice", project, "prepayment", "--date", "2026-12-02")
    _amend(project, INVOICE, "amount: '121750.00'", "amount: '1217500.00'")
    refused(push(project), bare, before, f"invoice 2026-001 ({INVOICE})")


def test_a_forged_act_record_is_refused(server):
    project, bare = server
    before = head(project)
    run("accept", project, "1", "--date", "2026-12-20")
    _forge_hash(project, ACT)
    refused(push(project), bare, before, f"act ACT-001 ({ACT}): the hashes in the record do not match")


def _payment(project, **fields) -> None:
    record = PaymentRecord(**{"id": "P-001", "date": "2026-12-03", "amount": Decimal("121750.00"),
                              "allocations": {"1": Decimal("121750.00")}, **fields})
    name = f".contractkit/payments/{record.id}.yaml"
    (project / name).parent.mkdir(parents=True, exist_ok=True)
    (project / name).write_bytes(records.dump(record))
    git_in(project, "add", name)
    git_in(project, "commit", "-qm", f"{record.id}: by hand")


@pytest.mark.parametrize("fields, words", [
    ({"amount": Decimal("9121750.00"), "allocations": {"1": Decimal("9121750.00")}},
     "installment 1: 9121750.00 is recorded as paid, more than its 121750.00"),
    ({"amount": Decimal("-500.00"), "allocations": {"1": Decimal("-500.00")}},
     "a negative or zero amount that reverses nothing"),
    ({"amount": Decimal("-121750.00"), "allocations": {"1": Decimal("-121750.00")}, "reverses": "P-007"},
     "it reverses P-007, which does not exist"),
    ({"date": "2026-11-20"}, "dated 2026-11-20, before the contract was signed (2026-12-01)"),
    ({"allocations": {"9": Decimal("121750.00")}}, "installments '9' are not in the signed schedule"),
], ids=["more than due", "negative", "reverses nothing", "before the contract", "unknown installment"])
def test_an_impossible_payment_is_refused(server, fields, words):
    project, bare = server
    before = head(project)
    _payment(project, **fields)
    refused(push(project), bare, before, "payment P-001 (.contractkit/payments/P-001.yaml", words)


def test_a_payment_the_paid_command_would_write_passes_by_hand(server):
    project, bare = server
    _payment(project)
    passes(project, bare)


@pytest.fixture
def approval_server(server, tmp_path):
    """A change request pushed with its sheet; the server holds the client's DKIM key offline."""
    project, bare = server
    yaml = project / "project.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace(RU_CONTENT, RU_CONTENT_30), encoding="utf-8")
    run("change", project, "-m", "30 страниц", "--requested-on", "2026-12-10", "--estimate")
    passes(project, bare)
    dns, keys = server_keys(tmp_path)
    git_in(bare, "config", "contractkit.dkimKeys", str(keys))
    sha = hashlib.sha256((project / "out" / "cr-001-2026-031.pdf").read_bytes()).hexdigest()
    return project, bare, dns, sha


def server_keys(tmp_path):
    """The client's and another domain's DKIM keys, and a folder of their TXT records, one file
    per `selector._domainkey.domain`, as a server's administrator keeps them."""
    dns = Dns()
    dns.add("romashka.example")
    dns.add("evil.example")
    keys = tmp_path / "dkim-keys"
    keys.mkdir()
    for name, record in dns.records.items():
        (keys / name.decode().rstrip(".")).write_bytes(record + b"\n")
    return dns, keys


def _approval_by_hand(project, eml: bytes, sha: str, domain: str) -> None:
    folder = project / ".contractkit" / "approvals"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "CR-001.eml").write_bytes(eml)
    record = ApprovalRecord(change="CR-001", document="cr-001-2026-031.pdf", sha256=sha, sender=CLIENT,
                            dkim_domain=domain, recorded_on="2026-12-11")
    (folder / "CR-001.yaml").write_bytes(records.dump(record))
    git_in(project, "add", ".contractkit/approvals")
    git_in(project, "commit", "-qm", "CR-001 approved by email")


def test_an_approval_approve_records_passes(approval_server, tmp_path):
    project, bare, dns, sha = approval_server
    eml, key = tmp_path / "reply.eml", tmp_path / "key.txt"
    eml.write_bytes(reply(CLIENT, f"Согласовываю. SHA-256: {sha}\n", dns))
    key.write_bytes(dns.records[b"ck._domainkey.romashka.example."])
    run("approve", project, "--eml", eml, "--dkim-key", key)
    passes(project, bare)


@pytest.mark.parametrize("body, domain, words", [
    ("Согласовываю. SHA-256: {sha}\n", "evil.example",
     "bad DKIM: no DKIM signature is from the sender's domain romashka.example"),
    ("Нет, я НЕ согласовываю этот документ.\nSHA-256: {sha}\n", "romashka.example", "the reply says «нет»"),
    ("Согласовываю.\n", "romashka.example", "wrong hash"),
], ids=["DKIM of another domain", "a no", "no hash"])
def test_a_forged_approval_is_refused(approval_server, body, domain, words):
    project, bare, dns, sha = approval_server
    before = head(project)
    _approval_by_hand(project, reply(CLIENT, body.format(sha=sha), dns, domain=domain), sha, domain)
    refused(push(project), bare, before, ".contractkit/approvals/CR-001.yaml: not an approval", words)


def test_without_a_key_or_dns_the_refusal_says_how_to_configure_the_server(approval_server):
    project, bare, dns, sha = approval_server
    git_in(bare, "config", "--unset", "contractkit.dkimKeys")
    before = head(project)
    _approval_by_hand(project, reply(CLIENT, f"Согласовываю. SHA-256: {sha}\n", dns), sha, "romashka.example")
    out = refused(push(project), bare, before, "DKIM key lookup failed",
                  "'git config contractkit.dkimKeys DIR' in the server's repository and a file "
                  "DIR/ck._domainkey.romashka.example")
    assert len([x for x in out.splitlines() if "refused:" in x]) == 1


def test_a_key_name_from_the_mail_never_leaves_the_keys_folder(approval_server, tmp_path):
    """The selector and domain come from the pushed mail: '../' in them reads no file elsewhere."""
    from contractkit.flows.guard_records import ServerKeys

    project, bare, dns, sha = approval_server
    (tmp_path / "secret").write_bytes(dns.records[b"ck._domainkey.romashka.example."])
    keys = ServerKeys(tmp_path / "dkim-keys", dns=lambda name, timeout=5: None)
    assert keys(b"../secret._domainkey.x.") is None
    assert keys(b"ck._domainkey.romashka.example.").startswith(b"v=DKIM1")


def test_two_payments_that_each_fit_but_not_together_are_refused_at_their_merge(server):
    project, bare = server
    before = head(project)
    part = {"amount": Decimal("100000.00"), "allocations": {"1": Decimal("100000.00")}}
    git_in(project, "checkout", "-q", "-b", "side")
    _payment(project, **part)
    git_in(project, "checkout", "-q", "main")
    _payment(project, id="P-002", **part)
    git_in(project, "merge", "-q", "--no-ff", "-m", "Merge side", "side")
    refused(push(project), bare, before, "installment 1: 200000.00 is recorded as paid, more than its 121750.00")
    git_in(project, "reset", "-q", "--hard", "HEAD~1")
    passes(project, bare)  # each on its own fits


def test_an_addendum_signed_and_invoiced_syncs_in_one_push(server):
    """The new tag is rendered again first; the invoice on it is then checked against it."""
    project, bare = server
    yaml = project / "project.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace(RU_CONTENT, RU_CONTENT_30), encoding="utf-8")
    run("change", project, "-m", "30 страниц", "--requested-on", "2026-12-10")
    run("addendum", project)
    run("sign", project, "--date", "2026-12-12")
    run("invoice", project, "final", "--date", "2026-12-13")  # its figure is the addendum's
    passes(project, bare)
    assert "addendum-1" in git_in(bare, "tag")
