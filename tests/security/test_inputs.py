"""Class 6, inputs that crash or mislead: every input bounded before use, one located line each.

Project-file values get a line naming file, line and field; command-line options get a line naming
the option, before anything is recorded; what is printed carries no terminal escape; one broken
project stops neither `list` nor `render --all`; `verify` hashes a file of any size in chunks.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.security.attack import one_line_error, output_texts, run, written


@pytest.fixture
def project(ws):
    run("new", "p", "--lang", "en")
    return ws / "p"


def edit(project, old, new):
    path = project / "project.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check_fails(project) -> str:
    result = run("check", project, ok=False)
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 1 and "Traceback" not in result.output, result.output
    assert lines[0].startswith("project.yaml:"), lines[0]
    return lines[0]


def git_log(project) -> str:
    return subprocess.run(["git", "-C", str(project), "log", "--all", "--format=%H %s"],
                          capture_output=True, text=True, check=True).stdout


# --- nesting, checked on the raw text before the C parser sees it -----------------------------

@pytest.mark.security("inputs")
@pytest.mark.parametrize("text", [
    "a: " + "[" * 50_000 + "]" * 50_000,
    "a: " + "{b: " * 50_000 + "c" + "}" * 50_000,
    "a: " + "[" * 50_000,
    "a:\n" + "".join(" " * i + "- \n" for i in range(1, 3000)),
    "a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 3000)),
    "a:\n" + "- " * 20_000 + "x",
])
def test_deep_nesting_is_refused_before_parsing_without_a_crash(project, text):
    """50,000 nested brackets crashed libyaml with a segmentation fault: run as a real process."""
    (project / "project.yaml").write_text(text)
    result = subprocess.run([sys.executable, "-m", "contractkit", "check", str(project)],
                            capture_output=True, text=True, env={**os.environ, "CONTRACTKIT_DEBUG": ""})
    assert result.returncode == 1, (result.returncode, result.stderr[-500:])
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("project.yaml:") and "nesting deeper than" in line


# --- money, durations, dates ------------------------------------------------------------------

@pytest.mark.security("inputs")
@pytest.mark.parametrize(("value", "words"), [
    ("99999999999999999999.99", "is too large"),
    ("1e30", "is too large"),
    ("'1e30'", "is too large"),
    ("1E+1000000", "is too large"),
    ("'1e-999999999'", "decimal places"),
    ("1000000000000", "is too large"),
    ("0.000000001", "decimal places"),
    ("1200.001", "more than two decimal places"),
    (".inf", "finite"),
    (".nan", "finite"),
    ("'Infinity'", "finite"),
    ("'NaN'", "finite"),
    ("-1e30", "is too large"),
    ("45,000", "'45,000' is ambiguous: 45000 (comma as a thousands separator) or 45.000 (decimal comma)"),
    ("'1,200'", "ambiguous"),
    ("true", "must be a number"),
])
def test_money_is_exact_and_bounded(project, value, words):
    edit(project, "    price: 1200", f"    price: {value}")
    line = check_fails(project)
    assert "deliverables[0].price: " in line and words in line, line


@pytest.mark.security("inputs")
@pytest.mark.parametrize(("value", "expected"), [("1200,50", "1,200.50"), ("999999999999.99", "999,999,999,999.99"),
                                                 ("'1 200.5'", "1,200.50"), ("1_200", "1,200.00")])
def test_money_written_plainly_keeps_every_digit(project, value, expected):
    edit(project, "    price: 1200", f"    price: {value}")
    assert "valid" in run("check", project).output
    (html,) = written(run("render", project, "--doc", "scope", "--format", "html"))
    assert expected in output_texts([html])


@pytest.mark.security("inputs")
@pytest.mark.parametrize(("old", "new", "field", "words"), [
    ("    days: 3\n", "    days: 100000000\n", "deliverables[0].days", "100,000,000 is too large: at most 3,650"),
    ("    days: 3\n", "    days: 99999999999999999999999\n", "deliverables[0].days", "too large"),
    ("    revisions: 1\n", "    revisions: 1000000000\n", "deliverables[0].revisions", "too large"),
    ("      within_days: 5\n", "      within_days: 5000\n", "brief.materials[0].within_days", "too large"),
    ("  date: 2026-11-30\n", "  date: 9999-12-31\n", "contract.date", "9999-12-31 is out of range"),
    ("  date: 2026-11-30\n", "  date: 1900-01-01\n", "contract.date", "out of range"),
    ("  date: 2026-11-30\n", "  date: '9999-12-31'\n", "contract.date", "out of range"),
    ("  date: 2026-11-30\n", "  date: 2026-02-30\n", "contract.date", "'2026-02-30' is not a date"),
    ("  date: 2026-11-30\n", "  date: '2026-02-30'\n", "contract.date", "is not a date"),
    ("  start: 2026-12-01 ", "  start: 2026-13-01 ", "contract.start", "is not a date"),
    ("  date: 2026-11-30\n", "  date: 2026-11-30T25:00:00\n", "contract.date", "not"),
])
def test_durations_and_dates_are_bounded_and_located(project, old, new, field, words):
    edit(project, old, new)
    line = check_fails(project)
    assert f" {field}: " in line and words in line, line


@pytest.mark.security("inputs")
def test_many_long_durations_together_are_bounded(project):
    text = (project / "project.yaml").read_text()
    head, _, tail = text.partition("deliverables:\n")
    _, _, tail = tail.partition("\npayment:")
    items = "".join(f"  - id: d{i}\n    title: Work {i}\n    acceptance: [done]\n    revisions: 1\n"
                    f"    price: 100\n    days: 3000\n    after: [{'d' + str(i - 1) if i else ''}]\n"
                    .replace("    after: []\n", "") for i in range(10))
    (project / "project.yaml").write_text(head + "deliverables:\n" + items + "\npayment:" + tail)
    assert "durations of the project add up to over 20,000 days" in check_fails(project)


# --- invisible and control characters in every text field -------------------------------------

BAD_CHARACTERS = {
    "\u202e": "bidirectional control U+202E", "\u202a": "bidirectional control U+202A",
    "\u2066": "bidirectional control U+2066", "\u2069": "bidirectional control U+2069",
    "\u200e": "bidirectional control U+200E", "\u200f": "bidirectional control U+200F",
    "\u061c": "bidirectional control U+061C", "\u200b": "invisible format character U+200B",
    "\u200d": "zero-width character U+200D", "\u200c": "zero-width character U+200C",
    "\u2060": "invisible format character U+2060", "\ufeff": "invisible format character U+FEFF",
    "\u00ad": "invisible format character U+00AD", "\u2028": "invisible separator U+2028",
    "\U000e0041": "invisible format character U+E0041", "\x1b": "U+001B", "\x00": "U+0000",
    "\x7f": "U+007F", "\x85": "U+0085", "\x08": "U+0008",
}


@pytest.mark.security("inputs")
@pytest.mark.parametrize("char", BAD_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(("old", "field"), [
    ("  name: Blue Harbor Bakery Inc.", "client.name"),
    ("    title: Visual design", "deliverables[1].title"),
    ("    - Product photography", "brief.out_of_scope[0]"),
    ("    name: Priya Shah", "client.signatory.name"),
])
def test_invisible_and_control_characters_are_refused_in_every_text_field(project, char, old, field):
    key, _, value = old.partition(": ")
    new = f"{key}: \"{value[:4]}{char.encode('unicode_escape').decode() if ord(char) < 0xa0 else char}{value[4:]}\"" \
        if ":" in old else f"    - \"Product{char.encode('unicode_escape').decode() if ord(char) < 0xa0 else char} photography\""
    edit(project, old, new)
    line = check_fails(project)
    assert BAD_CHARACTERS[char] in line and (f" {field}: " in line or "control character" in line), line


@pytest.mark.security("inputs")
def test_a_bidi_override_never_reaches_a_document(project):
    """U+202E in a party's name reversed the contract text and the registration digits in the PDF."""
    edit(project, "  name: Blue Harbor Bakery Inc.", "  name: \"Blue \u202eHarbor\"")
    result = run("render", project, "--format", "pdf,docx,html", ok=False)
    assert "client.name: bidirectional control U+202E" in result.output
    assert not (project / "out").exists()


@pytest.mark.security("inputs")
@pytest.mark.parametrize("text", ["Café 👨\u200d👩\u200d👧 team", "Gift 🏴\U000e0067\U000e0062\U000e0065"
                                  "\U000e006e\U000e0067\U000e007f", "मक्\u200dखन", "می\u200cخواهم"])
def test_joiners_where_they_belong_are_text(project, text):
    edit(project, "    title: Visual design", f"    title: \"{text}\"")
    assert "valid" in run("check", project).output


# --- command-line options that get recorded ----------------------------------------------------

@pytest.mark.security("inputs")
@pytest.mark.parametrize(("args", "option"), [
    (("change", "-m", "Extra page\x1b]0;pwned\x07"), "-m"),
    (("change", "-m", "Extra\npage"), "-m"),
    (("change", "-m", "Extra page", "--reason", "client \u202easked"), "--reason"),
    (("change", "-m", "Extra \u200bpage"), "-m"),
    (("change", "-m", "Extra page\x00"), "-m"),
    (("sign", "--date", "2026-12-01", "--by", "Alex\x1b[2K Morgan"), "--by"),
    (("sign", "--date", "2026-12-01", "--by", "Alex \u2066Morgan"), "--by"),
    (("reject", "CR-1", "--reason", "no\x07"), "--reason"),
    (("change", "-m", "x" * 2001), "-m"),
])
def test_text_options_are_checked_before_anything_is_recorded(project, args, option):
    edit(project, "    price: 1200", "    price: 1300")
    before = git_log(project)
    result = run(args[0], project, *args[1:], ok=False)
    line = one_line_error(result)
    assert line.startswith(f"error: {option}: ") and ("remove it" in line or "the limit is 2,000" in line), line
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert git_log(project) == before
    assert not (project / ".contractkit").exists() or not list((project / ".contractkit").rglob("*.yaml"))


@pytest.mark.security("inputs")
@pytest.mark.parametrize(("args", "words"), [
    (("sign", "--date", "2027-02-30"), "error: --date: 2027-02-30 is not a date: day is out of range for month"),
    (("sign", "--date", "9999-01-01"), "error: --date: 9999-01-01 is out of range"),
    (("sign", "--date", "1970-01-01"), "error: --date: 1970-01-01 is out of range"),
    (("sign", "--date", "tomorrow"), "error: --date: 'tomorrow' is not a date: write YYYY-MM-DD"),
    (("sign", "--date", "2027-2-3"), "is not a date: write YYYY-MM-DD"),
    (("change", "-m", "x", "--requested-on", "2027-02-29"), "error: --requested-on: 2027-02-29 is not a date"),
    (("addendum", "--date", "2027-04-31"), "error: --date: 2027-04-31 is not a date"),
])
def test_dates_on_the_command_line_get_our_own_one_line_message(project, args, words):
    before = git_log(project)
    result = run(args[0], project, *args[1:], ok=False)
    assert words in one_line_error(result), result.output
    assert "Usage:" not in result.output and "Invalid value" not in result.output
    assert git_log(project) == before


# --- what is printed ------------------------------------------------------------------------------

@pytest.mark.security("inputs")
def test_printed_names_carry_no_terminal_escapes(project, tmp_path):
    hostile = tmp_path / "doc\x1b]0;pwned\x07\x1b[2J\u202efdp.pdf"
    hostile.write_bytes(b"%PDF-1.7 not signed")
    result = run("verify", project, hostile, ok=False)
    assert "NOT a signed document" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output
    assert "docfdp.pdf" in result.output.replace("0;pwned", "")


@pytest.mark.security("inputs")
def test_a_teammates_record_with_escapes_prints_none(project):
    run("sign", project, "--date", "2026-11-30")
    edit(project, "    price: 1200", "    price: 1300")
    run("change", project, "-m", "Extra page")
    record = next((project / ".contractkit" / "changes").glob("*.yaml"))
    text = record.read_text()
    assert "title: Extra page\n" in text
    record.write_text(text.replace("title: Extra page\n", 'title: "Extra page\\e]0;pwned\\a\\e[1A\\e[2K"\n'))
    subprocess.run(["git", "-C", str(project), "commit", "-qam", "teammate"], check=True)
    for command in ("log", "status"):
        result = run(command, project, ok=None)
        assert "\x1b" not in result.output and "\x07" not in result.output
        assert "Extra page" in result.output or result.exit_code


@pytest.mark.security("inputs")
def test_printable_strips_every_kind_of_escape():
    from contractkit.plaintext import printable

    for hostile in ("\x1b[31mred\x1b[0m", "\x1b]0;title\x07", "\x1b]52;c;Y2xpcA==\x1b\\", "\x1bP1;2|x\x1b\\",
                    "\x9b2J", "\x1bc", "\r\x1b[1A\x1b[2K", "a\u202eb", "\x08\x7f\x85"):
        out = printable("<" + hostile + ">")
        assert out.startswith("<") and out.endswith(">")
        assert not any(ord(c) < 32 or 0x7f <= ord(c) < 0xa0 or c == "\u202e" for c in out), repr(out)
    assert printable("Ромашка — «сайт»\n\tok") == "Ромашка — «сайт»\n\tok"


# --- one broken project stops nothing -------------------------------------------------------------

@pytest.mark.security("inputs")
def test_one_broken_project_stops_neither_list_nor_render_all(ws):
    for name in ("a", "deep", "z"):
        run("new", name, "--lang", "en")
    (ws / "deep" / "project.yaml").write_text("a: " + "[" * 50_000 + "]" * 50_000)
    listing = run("list", ws).output
    assert "a" in listing and "z" in listing and "nesting deeper than" in listing
    result = run("render", "--all", "--doc", "contract", "--format", "html", "--jobs", "2", ok=False)
    assert "deep: project.yaml:1: nesting deeper than" in result.output
    assert "rendered 2 of 3 project(s)" in result.output


@pytest.mark.security("inputs")
def test_a_worker_that_dies_is_one_line_and_the_rest_proceed(ws, monkeypatch):
    from contractkit.flows import batch

    for name in ("a", "b"):
        run("new", name, "--lang", "en")
    outcomes = batch.render_all([ws / "a", ws / "gone-missing", ws / "b"], ["contract"], ["html"], jobs=1)
    assert [bool(o.error) for o in outcomes] == [False, True, False]
    assert outcomes[1].error.startswith("error:") and "\n" not in outcomes[1].error


# --- files that are hashed are streamed ------------------------------------------------------------

@pytest.mark.security("inputs")
def test_verify_hashes_a_large_file_in_little_memory(project, tmp_path):
    big = tmp_path / "big.pdf"
    with open(big, "wb") as handle:
        handle.truncate(768 * 1024 * 1024)  # sparse: 768 MiB of zeros
    # The peak is VmHWM, the high-water mark of this process's own address space. getrusage's
    # ru_maxrss is not: Linux carries the parent's mark over vfork and exec, so a child of a large
    # pytest process would report pytest's memory (CI saw 416 MiB for a command that used 80).
    code = ("import atexit, sys\nfrom contractkit.cli import main\nsys.argv = ['contractkit', 'verify', "
            f"{str(project)!r}, {str(big)!r}]\n"
            "def peak():\n"
            "    line = next(l for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
            "    print('VMHWM', line.split()[1])\n"
            "atexit.register(peak)\n"
            "main()\n")  # the command ends in os._exit once the atexit handlers have run
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "NOT a signed document" in result.stdout, result.stdout + result.stderr
    peak_kib = int(result.stdout.split("VMHWM")[1])
    assert peak_kib < 400 * 1024, f"verify of a 768 MiB file peaked at {peak_kib // 1024} MiB"


@pytest.mark.security("inputs")
def test_sha256_file_equals_hashlib(tmp_path):
    import hashlib

    from contractkit.store.files import sha256_file

    data = os.urandom(3 * (1 << 20) + 17)
    (tmp_path / "f").write_bytes(data)
    assert sha256_file(tmp_path / "f") == (hashlib.sha256(data).hexdigest(), len(data))


@pytest.mark.security("inputs")
def test_a_crashing_worker_is_one_projects_line(ws, monkeypatch):
    """A library crash (a segfault kills the worker process) costs only the project that caused it."""
    from contractkit.flows import batch

    for name in ("a", "crash", "b"):
        run("new", name, "--lang", "en")
    (ws / "crash" / "CRASH").write_text("")
    monkeypatch.setenv("CONTRACTKIT_TEST_CRASH", "CRASH")
    real = batch.render_one
    monkeypatch.setattr(batch, "render_one", _crash_if_marked)
    outcomes = batch.render_all([ws / "a", ws / "crash", ws / "b"], ["contract"], ["html"], jobs=2)
    monkeypatch.setattr(batch, "render_one", real)
    assert [o.project.name for o in outcomes] == ["a", "crash", "b"]
    assert not outcomes[0].error and not outcomes[2].error
    assert outcomes[1].error.startswith("error: the renderer stopped on this project")


def _crash_if_marked(project, docs, formats):
    from contractkit.flows.batch import Outcome

    if (project / os.environ["CONTRACTKIT_TEST_CRASH"]).exists():
        os.kill(os.getpid(), 11)
    return Outcome(project, [project / "out"])


@pytest.mark.security("inputs")
def test_a_deeply_nested_record_from_a_teammate_is_refused_without_a_crash(project):
    run("sign", project, "--date", "2026-11-30")
    edit(project, "    price: 1200", "    price: 1300")
    run("change", project, "-m", "Extra page")
    record = next((project / ".contractkit" / "changes").glob("*.yaml"))
    record.write_text("title: " + "[" * 50_000 + "]" * 50_000 + "\n")
    subprocess.run(["git", "-C", str(project), "commit", "-qam", "teammate"], check=True)
    result = subprocess.run([sys.executable, "-m", "contractkit", "log", str(project)],
                            capture_output=True, text=True, env={**os.environ, "CONTRACTKIT_DEBUG": ""})
    assert result.returncode == 1, (result.returncode, result.stderr[-300:])
    assert "nesting deeper than 1000 levels" in result.stderr.strip().splitlines()[0]


@pytest.mark.security("inputs")
@pytest.mark.parametrize("escaped", ["\\u202e", "\\e[2J", "\\u200b", "\\0"])
def test_a_teammates_record_with_invisible_characters_is_refused(project, escaped):
    """A bidi override in a change title would reverse the addendum's text: the record is damaged."""
    run("sign", project, "--date", "2026-11-30")
    edit(project, "    price: 1200", "    price: 1300")
    run("change", project, "-m", "Extra page")
    record = next((project / ".contractkit" / "changes").glob("*.yaml"))
    record.write_text(record.read_text().replace("title: Extra page\n", f'title: "Extra {escaped}page"\n'))
    subprocess.run(["git", "-C", str(project), "commit", "-qam", "teammate"], check=True)
    for command in ("log", "addendum"):
        line = one_line_error(run(command, project, ok=False))
        assert "CR-001" in line and "damaged record" in line, line


@pytest.mark.parametrize("commands", [("check",), ("status",), ("doctor",), ("render", "--doc", "brief")])
def test_an_alias_of_a_private_note_is_refused_where_it_stands(project, commands):
    """Red team round 2, F5: `notes: {secret: &n …}` and `title: *n` printed the note (and the
    owner's later edits of it) in the brief. Anchors and aliases are refused with their line."""
    text = (project / "project.yaml").read_text(encoding="utf-8")
    title = next(x for x in text.splitlines() if x.startswith("title: "))
    edit(project, title, "notes:\n  secret: &n SECRETNOTE_42\ntitle: *n")
    number = (project / "project.yaml").read_text(encoding="utf-8").splitlines().index("  secret: &n SECRETNOTE_42") + 1
    line = next(x for x in run(commands[0], project, *commands[1:], ok=False).output.splitlines() if x.strip())
    assert "anchor &n: anchors and aliases are not allowed" in line and "SECRETNOTE_42" not in line, line
    assert f"project.yaml:{number}:" in line, line
    assert not list(project.glob("out/brief*"))


@pytest.mark.security("inputs")
def test_ofx_statement_with_unclosed_cdata_is_refused_at_once(ws, tmp_path):
    """Red team round 4: ofxtools rescans a line for every unclosed CDATA opening (400 KB took
    129 s of CPU); the line is named and nothing is recorded."""
    statement = tmp_path / "bank.ofx"
    statement.write_text("OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\n"
                         "CHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"
                         "<OFX>" + "<A><![CDATA[" * 30_000 + "\n")
    result = run("paid", "--import", statement, "--dry-run", ws, ok=False)
    assert result.output.strip().splitlines()[-1].endswith("bank.ofx:11: a CDATA section is not closed on its line")
    assert "Traceback" not in result.output
