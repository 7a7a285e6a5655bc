"""Red team round 7, findings 9 to 11 (issue 22): a stamp whose name carries a clause, a project's own
.git/config that sends `sync` pushes elsewhere, a bank statement missing its list of transactions."""

from __future__ import annotations

import re
from pathlib import Path

import git
import pytest
from hypothesis import given
from hypothesis import strategies as st

from contractkit.flows.bank import StatementError, parse_statement
from contractkit.mail.text import not_a_name, person_words
from tests.conftest import copy_example, run
from tests.security.attack import one_line_error
from tests.test_signing import PASSWORD, make_ca, make_user

BANK = Path(__file__).parent.parent / "data" / "bank"


# --- Finding 11: a statement without its list of transactions or a required section ----------------

def _without(text: str, pattern: str) -> str:
    """`text` with the first match of `pattern` (a block or a line) removed; it must be there."""
    out, n = re.subn(pattern, "", text, count=1, flags=re.S | re.M)
    assert n == 1, pattern
    return out


def _ofx(pattern: str) -> bytes:
    return _without((BANK / "harbor.ofx").read_text(), pattern).encode()


def _mt940(pattern: str) -> bytes:
    return _without((BANK / "harbor.mt940").read_text(), pattern).encode()


def _onec(pattern: str) -> bytes:
    text = (BANK / "vector-1c-cp1251.txt").read_bytes().decode("cp1251")
    return _without(text, pattern).encode("cp1251")


def _camt(pattern: str) -> bytes:
    return _without((BANK / "harbor-camt053.xml").read_text(), pattern).encode()


MISSING = [
    # (file name, statement bytes, what the one line must say)
    ("nolist.ofx", lambda: _ofx(r"<BANKTRANLIST>.*?</BANKTRANLIST>\n"),
     "nolist.ofx:23: STMTRS without BANKTRANLIST"),
    ("nostmt.ofx", lambda: _ofx(r"<STMTRS>.*?</STMTRS>\n"), "nostmt.ofx: no bank statement in the file"),
    ("nobank.ofx", lambda: _ofx(r"<BANKMSGSRSV1>.*?</BANKMSGSRSV1>\n"),
     "nobank.ofx: no bank statement in the file"),
    ("noacct.mt940", lambda: _mt940(r"^:25:[^\n]*\n"), "noacct.mt940:1: MT940 statement without :25:"),
    ("noopen.mt940", lambda: _mt940(r"^:60F:[^\n]*\n"), "noopen.mt940:1: MT940 statement without :60F:"),
    ("noclose.mt940", lambda: _mt940(r"^:62F:[^\n]*\n"), "noclose.mt940:1: MT940 statement without :62F:"),
    ("nonum.mt940", lambda: _mt940(r"^:28C:[^\n]*\n"), "nonum.mt940:1: MT940 statement without :28C:"),
    ("nosection.txt", lambda: _onec(r"^СекцияРасчСчет.*?^КонецРасчСчет\r?\n"),
     "nosection.txt: no СекцияРасчСчет with РасчСчет="),
    ("noend.txt", lambda: _onec(r"^КонецРасчСчет\r?\n"), "noend.txt:12: СекцияРасчСчет without КонецРасчСчет"),
    ("nobegin.txt", lambda: _onec(r"^СекцияРасчСчет\r?\n"), "nobegin.txt:19: КонецРасчСчет without СекцияРасчСчет"),
    ("nostmt.xml", lambda: _camt(r"<Stmt>.*</Stmt>\n"), "nostmt.xml:3: BkToCstmrStmt without Stmt"),
    ("nohdr.xml", lambda: _camt(r"<GrpHdr>.*?</GrpHdr>\n"), "nohdr.xml:3: GrpHdr/MsgId missing"),
    ("noacct.xml", lambda: _camt(r"<Acct>.*?</Acct>\n"), "noacct.xml:8: Acct missing in Stmt"),
]


@pytest.mark.security("inputs")
def test_paid_import_of_an_ofx_without_banktranlist_is_one_line_and_records_nothing(ws, tmp_path):
    """The red team's notranlist.ofx (harbor.ofx without BANKTRANLIST) stopped with "internal error:
    TypeError: 'NoneType' object is not iterable"; with or without --dry-run it is now one line
    naming the file, its line and what is missing, exit 1, and the signed project gets no commit."""
    harbor = ws / "harbor"
    copy_example("blue-harbor-shop", harbor)
    with git.Repo.init(harbor, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("EN-1")
    run("sign", harbor, "--date", "2026-11-30")
    with git.Repo(harbor) as repo:
        before = repo.head.commit.hexsha
    statement = tmp_path / "notranlist.ofx"
    statement.write_bytes(_ofx(r"<BANKTRANLIST>.*?</BANKTRANLIST>\n"))
    for options in (["--dry-run"], ["--yes"]):
        result = run("paid", "--import", statement, *options, ok=False)
        assert one_line_error(result) == ("error: notranlist.ofx:23: STMTRS without BANKTRANLIST: the "
                                          "statement lists no transactions")
        assert result.exit_code == 1
    with git.Repo(harbor) as repo:
        assert repo.head.commit.hexsha == before


@pytest.mark.security("inputs")
@pytest.mark.parametrize(("name", "data", "message"), MISSING, ids=[m[0] for m in MISSING])
def test_a_statement_missing_a_section_is_one_line_naming_the_file_and_the_section(ws, tmp_path, name,
                                                                                   data, message):
    statement = tmp_path / name
    statement.write_bytes(data())
    with pytest.raises(StatementError) as caught:
        parse_statement(statement.read_bytes(), name)
    assert str(caught.value.message).startswith(message), caught.value.message
    result = run("paid", "--import", statement, "--dry-run", ok=False)
    assert one_line_error(result) == f"error: {caught.value.message}" and result.exit_code == 1


@pytest.mark.security("inputs")
def test_an_ofx_with_an_empty_list_and_a_1c_file_without_documents_read_as_no_payments():
    """The list is there but empty (a day without movements): nothing to import, no error."""
    assert parse_statement(_ofx(r"<STMTTRN>.*</STMTTRN>\n"), "empty.ofx") == []
    assert parse_statement(_onec(r"^СекцияДокумент.*^КонецДокумента\r?\n"), "empty.txt") == []


TOKENS = [b"", b"\x00", b"-", b"9" * 40, b"NaN", b"\xff\xfe", b"<", b">", b"&amp;", b"\n", b":61:", b"0",
          b"2026-13-45", b",", b".", b"\r", b"\xd0", b"<![CDATA[", b"<!--", b"<?xml", b"</STMTRS>",
          b"</BANKTRANLIST>", b"<BANKTRANLIST>", "КонецРасчСчет\n".encode("cp1251"), b":20:"]
EDITS = st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.sampled_from(["put", "insert", "cut"]),
                           st.sampled_from(TOKENS), st.integers(1, 40)), min_size=1, max_size=4)
FILES = ["harbor-camt053.xml", "harbor.mt940", "harbor.ofx", "vector-1c-cp1251.txt",
         "vector-1c-duplicate-utf8.txt"]


@pytest.mark.security("inputs")
@pytest.mark.parametrize("file", FILES)
@given(edits=EDITS)
def test_a_mutated_statement_is_read_or_refused_with_a_statement_error(file, edits):
    """The red team's fuzz_bank.py as a property: any mix of replaced, inserted and cut bytes
    gives statement lines or one StatementError, never another exception."""
    data = bytearray((BANK / file).read_bytes())
    for where, op, token, size in edits:
        at = int(where * len(data))
        if op == "put":
            data[at:at + min(size, 6)] = token
        elif op == "insert":
            data[at:at] = token
        else:
            del data[at:at + size]
    try:
        lines = parse_statement(bytes(data), file)
    except StatementError:
        return
    assert all(line.amount >= 0 for line in lines)


# --- Finding 10: a project's own .git/config that sends sync's pushes elsewhere ---------------------

def _git(path: Path, *args: str) -> str:
    with git.Repo(path) as repo:
        return repo.git.execute(["git", *args])


@pytest.fixture
def copied(ws):
    """A project as it comes in an archive: origin is the studio's (path) server, which has its
    history, and a local edit (the user's notes) waits to be synced."""
    run("new", "p", "--lang", "en")
    project, studio = ws / "p", ws / "studio.git"
    git.Repo.init(studio, bare=True, initial_branch="main").close()
    _git(project, "remote", "add", "origin", str(studio))
    run("sync", project)
    with (project / "project.yaml").open("a", encoding="utf-8") as f:
        f.write("notes:\n  budget: SECRET-NOTE client limit is 400k\n")
    _git(project, "commit", "-qam", "my notes")
    return project, studio


def _refs(bare: Path) -> str:
    with git.Repo(bare) as repo:
        return repo.git.execute(["git", "for-each-ref"])


@pytest.mark.security("gitconfig")
def test_a_pushurl_other_than_the_url_stops_sync_before_anything_is_sent(copied, ws):
    """The red team's repro: remote.origin.pushurl names another repository. sync fetched from the
    studio and pushed the notes there; now it refuses with one line naming the key and both
    addresses, the other repository gets nothing, and doctor reports it."""
    project, studio = copied
    evil = ws / "evil.git"
    git.Repo.init(evil, bare=True, initial_branch="main").close()
    _git(project, "config", "remote.origin.pushurl", str(evil))
    before = _refs(studio)
    result = run("sync", project, ok=False)
    message = one_line_error(result)
    assert message.startswith(f"error: {project}/.git/config sets remote.origin.pushurl='{evil}', which "
                              f"is not remote.origin.url='{studio}'"), message
    assert result.exit_code == 1
    assert _refs(evil) == "" and _refs(studio) == before
    doctor = run("doctor", project, ok=None).output
    assert f"error: {project}/.git/config sets remote.origin.pushurl='{evil}'" in doctor, doctor
    assert "'contractkit sync' refuses to push" in doctor
    assert "remote.origin.pushurl" not in run("check", project).output  # other commands still work

    _git(project, "config", "remote.origin.pushurl", str(studio))  # the same address: used
    run("sync", project)
    assert "SECRET-NOTE" in _git(studio, "show", "main:project.yaml") and _refs(evil) == ""
    assert "pushurl" not in run("doctor", project, ok=None).output


@pytest.mark.security("gitconfig")
def test_a_second_pushurl_or_a_second_url_is_refused_too(copied, ws):
    """git pushes to every pushurl (or, without one, every url) of a remote: a second address
    that is not the url is refused the same way, whether pushurl or url."""
    project, studio = copied
    evil = ws / "evil.git"
    git.Repo.init(evil, bare=True, initial_branch="main").close()
    _git(project, "config", "--add", "remote.origin.pushurl", str(studio))
    _git(project, "config", "--add", "remote.origin.pushurl", str(evil))
    assert f"remote.origin.pushurl='{evil}'" in one_line_error(run("sync", project, ok=False))
    _git(project, "config", "--unset-all", "remote.origin.pushurl")
    _git(project, "config", "--add", "remote.origin.url", str(evil))
    message = one_line_error(run("sync", project, ok=False))
    assert f"sets remote.origin.url 2 times ('{studio}', '{evil}'): git would push to each" in message
    assert _refs(evil) == ""


@pytest.mark.security("gitconfig")
def test_the_users_own_push_address_rewrite_is_trusted(copied, ws):
    """A push address the user chose in their global config (url.<x>.pushInsteadOf) is theirs."""
    project, studio = copied
    mirror = ws / "mine.git"
    git.Repo.init(mirror, bare=True, initial_branch="main").close()
    _git(project, "config", "--global", f"url.{mirror}.pushInsteadOf", str(studio))
    run("sync", project)
    assert "SECRET-NOTE" in _git(mirror, "show", "main:project.yaml")


@pytest.mark.security("gitconfig")
def test_remote_mirror_in_the_projects_config_is_refused_with_one_line(copied):
    """remote.origin.mirror made every sync fail with git's "--mirror can't be combined with
    refspecs"; it is off the allow-list: one line naming it and how to remove it; doctor says so."""
    project, studio = copied
    before = _refs(studio)
    _git(project, "config", "remote.origin.mirror", "true")
    result = run("sync", project, ok=False)
    message = one_line_error(result)
    assert "sets remote.origin.mirror, which contractkit does not accept" in message, message
    assert "replace the server's branches and tags" in message
    assert f"git -C {project} config --unset-all remote.origin.mirror" in result.output
    assert _refs(studio) == before
    assert "remote.origin.mirror" in run("doctor", project, ok=None).output


# --- Finding 9: a visible stamp whose name is a clause --------------------------------------------

ROMASHKA = person_words("Кузнецова Марина Сергеевна", "Петрова Ольга Николаевна, менеджер проекта",
                        "Соколов Андрей Викторович")
NAMES = ["Кузнецова М.С.", "Кузнецова М. С.", "М.С. Кузнецова", "Marina Kuznetsova", "M. S. Kuznetsova",
         "Кузнецова Марина Сергеевна", "Петрова О.Н.", "Sokolov Andrey", "KUZNETSOVA Marina"]
CLAUSES = {"Кузнецова М.С. Цена 1000 руб, срок 2027-12-31": "Цена", "Кузнецова М.С. 1000": "1000",
           "Кузнецова ₽": "₽", "Kuznetsova $1": "$1", "Кузнецова 31.12.2027": "31",
           "Кузнецова М.С. оплата": "оплата", "Иванов И.И.": "Иванов", "Kuznetsova USD": "USD",
           "Кузнецова М.С. (директор)": "(директор)", "Kuznetsova Marina Z.": "Z"}


@pytest.mark.security("forgery")
def test_a_stamp_name_is_only_the_names_and_initials_of_who_may_sign():
    assert [n for n in NAMES if not_a_name(n, ROMASHKA)] == []
    assert {n: not_a_name(n, ROMASHKA) for n in CLAUSES} == CLAUSES


@pytest.fixture
def countersigned(ru_project, tmp_path, monkeypatch):
    """The signed contract, and a function: its copy countersigned by a certificate named `cn`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import NameOID

    from tests import test_signing

    # openssl writes a CN of any length; the cryptography package checks its 64 bytes unless told not to
    monkeypatch.setattr(test_signing, "_name", lambda cn: x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, cn, _validate=False)]))
    run("sign", ru_project, "--date", "2026-12-01")
    pdf = ru_project / "out" / "contract-2026-031.pdf"
    ca = make_ca("Some CA")
    (tmp_path / "ca.pem").write_bytes(ca[1].public_bytes(serialization.Encoding.PEM))
    monkeypatch.setenv("CK_P12_PASSWORD", PASSWORD)

    def copy(cn: str, n: int = 0) -> Path:
        p12, out = tmp_path / f"c{n}.p12", tmp_path / f"countersigned-{n}.pdf"
        p12.write_bytes(make_user(ca, cn, PASSWORD))
        run("sign-pdf", pdf, "--certificate", p12, "--password-env", "CK_P12_PASSWORD", "--out", out)
        return out

    return ru_project, copy


@pytest.mark.security("forgery")
@pytest.mark.filterwarnings("ignore:Attribute's length")
def test_verify_refuses_a_stamp_whose_certificate_name_carries_a_clause(countersigned):
    """The red team's repro: CN «Кузнецова М.С. Цена 1000 руб, срок 2027-12-31» on the client's
    countersignature. verify said "matches", exit 0; now it says why not and exits 1, trusted
    certificate or not. The client's page serves the contract rendered again instead of that copy."""
    project, copy = countersigned
    bad = copy("Кузнецова М.С. Цена 1000 руб, срок 2027-12-31")
    result = run("verify", project, bad, ok=False)
    first = result.output.splitlines()[0]
    assert result.exit_code == 1
    assert first.startswith(f"{bad}: matches contract-2026-031.pdf signed as contract on 2026-12-01, but "
                            'the visible stamp of signature Signature1 reads "Подписано ЭП: Кузнецова М.С. '
                            'Цена 1000 руб, срок 2027-12-31 '), first
    assert ('": "Цена" is no part of the name of anyone who may sign this document (the client\'s '
            "signatory or contact person, the contractor): look at page 8") in first, first
    good = copy("Кузнецова М.С.", 1)
    out = run("verify", project, good).output
    assert "with digital signatures:" in out.splitlines()[0]
    assert 'its visible stamp on page 8 reads: "Подписано ЭП: Кузнецова М.С. 20' in out

    from contractkit.flows.site.build import publish

    served = {}
    for case, data in (("bad", bad.read_bytes()), ("good", good.read_bytes())):
        (project / "out" / "contract-2026-031.pdf").write_bytes(data)
        publish(project, project.parent / case)
        served[case] = (project.parent / case / "documents" / "contract-2026-031.pdf").read_bytes()
    assert served["good"] == good.read_bytes()
    assert served["bad"] != bad.read_bytes() and b"/ByteRange" not in served["bad"]  # rendered again


@pytest.mark.security("forgery")
def test_stamp_names_are_checked_against_the_signed_version(countersigned):
    """Each name of the signed version's people passes (Cyrillic, Latin, initials, the company,
    the contractor); digits, currency, dates, other words or another person refuse."""
    from contractkit.flows.signing.check import check_stamp_names, examine
    from contractkit.flows.workflow import signer_words

    project, copy = countersigned
    words = signer_words(project, "contract")
    for n, cn in enumerate(["Marina Kuznetsova", "М. С. Кузнецова", "ООО «Ромашка»", "Соколов Андрей Викторович",
                            "Кузнецова М.С. 1000 ₽", "Kuznetsova, due 2027-12-31", "Иванов Иван"], 2):
        result = examine(copy(cn, n).read_bytes())
        assert result.drawn_over is None and result.stamps, (cn, result.drawn_reason)
        check_stamp_names(result, words)
        refused = n >= 6
        assert (result.drawn_over == 8) is refused and result.ok is not refused, (cn, result.drawn_reason)
        if refused:
            assert "is no part of the name of anyone who may sign" in result.drawn_reason, cn
