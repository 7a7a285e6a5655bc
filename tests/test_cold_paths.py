"""The work a cold render skips (issue 21, `make bench`): each shortcut gives what the long way gives."""

import os
import re
import shutil
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contractkit import cache
from contractkit.model import types
from contractkit.render import glyphs
from tests.conftest import EXAMPLES, NO_CLOCK, ROOT


def _verdict(value: str):
    try:
        return types._email(value)
    except ValueError as exc:
        return ("refused", str(exc))


def _both(value: str, monkeypatch) -> tuple:
    """(_email's verdict, the verdict of the email package alone, the shortcut switched off)."""
    quick = _verdict(value)
    with monkeypatch.context() as m:
        m.setattr(types, "PLAIN_ADDRESS", re.compile(r"(?!)"))
        return quick, _verdict(value)


NEAR = ["a..b@x.com", ".a@x.com", "a.@x.com", "a@x..com", "a@.x.com", "a@x.com.", "a@x", "a@-x.com",
        "a@x-.com", "a+b@x.co", "a%b@x.co", "_@x.co", "A.B@EXAMPLE.RU", "1@2.3", "a@b@c.de", "@x.com",
        "a@", "a@x.c_m", "a_b@x_y.com", "=?utf-8?q?x?=@x.com", "a!b@x.com", "a#b@x.com", "a'b@x.com",
        "a/b@x.com", "a@[127.0.0.1]", "a(b)@x.com", "a\\b@x.com", "ä@x.com", "a@ä.com", "a@x.com\u00a0",
        "x" * 64 + "@" + "y" * 185 + ".com", "x" * 64 + "@" + "y" * 186 + ".com"]


@pytest.mark.parametrize("value", NEAR)
def test_near_miss_addresses_get_the_email_packages_verdict(value, monkeypatch):
    quick, slow = _both(value, monkeypatch)
    assert quick == slow


@settings(max_examples=300, **NO_CLOCK)
@given(st.from_regex(types.PLAIN_ADDRESS, fullmatch=True) | st.text("ab.-_+%@", min_size=1, max_size=12))
def test_a_plain_address_is_one_the_email_package_accepts_unchanged(value):
    """model/types.PLAIN_ADDRESS takes an address without loading the email package (9 ms of every
    validation after an edit): whatever it takes, the package's Address parses to itself."""
    with pytest.MonkeyPatch.context() as m:
        quick, slow = _both(value, m)
    assert quick == slow
    if types.PLAIN_ADDRESS.fullmatch(value) and len(value) <= 254:
        assert slow == value


def _python(code: str, tmp_path, *args: str) -> str:
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
                            timeout=120, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg"),
                                              "CONTRACTKIT_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_validation_after_an_edit_leaves_the_email_package_unloaded_and_still_refuses(tmp_path):
    code = """
import sys
from contractkit.load import parse_document
from contractkit.errors import ProjectFileError
text = open(sys.argv[1], encoding="utf-8").read()
project = parse_document(text).project
print(project.contractor.email, "email.headerregistry" in sys.modules)
try:
    parse_document(text.replace(project.contractor.email, "ivan..petrov@example.ru"))
except ProjectFileError as exc:
    print("refused", "email.headerregistry" in sys.modules, "contractor.email" in str(exc.lines()))
"""
    out = _python(code, tmp_path, str(EXAMPLES / "romashka-site" / "project.yaml")).split()
    assert out[1:] == ["False", "refused", "True", "True"] and "@" in out[0]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_render_of_an_unsigned_project_loads_no_history_deal_state_or_word_template_code(
        tmp_path, fmt):
    """flows/output.render_project asks store/heads (one git process) whether the contract may be
    signed; the history, the signed schedule's deal state, the Word-template module and the
    cross-language checks load only when needed (~10 ms of a cold render before its document is
    handed to the engine; the command's unrecorded-edits warning is looked up after that, while
    the engine works). With no engine here, this process makes the whole document itself."""
    project = tmp_path / "p"
    shutil.copytree(EXAMPLES / "romashka-site", project)
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    code = f"""
import sys
from pathlib import Path
from contractkit.flows.output import render_project
paths = render_project(Path({str(project)!r}), ['contract'], [{fmt!r}])
heavy = [m for m in ('contractkit.store.history', 'contractkit.render.schedule', 'contractkit.state',
                     'contractkit.render.userdocx', 'contractkit.lint_en', 'contractkit.store.repo')
         if m in sys.modules]
print(len(paths), 'contractkit.store.heads' in sys.modules, heavy or 'none', paths[0].read_bytes()[:4])
"""
    magic = "b'%PDF'" if fmt == "pdf" else "b'PK\\x03\\x04'"
    first = _python(code, tmp_path).split()  # validates the project (lint_en's checks) and caches it
    assert first[:2] == ["1", "True"] and first[2] in ("none", "['contractkit.lint_en']") and first[3] == magic
    assert _python(code, tmp_path).split() == ["1", "True", "none", magic]  # the cached project


def test_the_glyph_coverage_is_kept_by_the_fonts_stamps_and_follows_a_changed_font(tmp_path, monkeypatch):
    """glyphs.covered reads the fonts' cmaps once per font set, keyed by their names, sizes and
    times (cache.stamps_key) instead of hashing 3.3 MB each render; a font changed is read again."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CONTRACTKIT_NO_CACHE", raising=False)
    fonts = tmp_path / "templates" / "fonts"
    shutil.copytree(glyphs.TEMPLATES / "fonts", fonts)
    monkeypatch.setattr(glyphs, "TEMPLATES", tmp_path / "templates")
    reads = []
    real = glyphs._read_cmaps
    monkeypatch.setattr(glyphs, "_read_cmaps", lambda paths: reads.append(len(paths)) or real(paths))
    glyphs.covered.cache_clear()
    first = glyphs.covered()
    glyphs.covered.cache_clear()
    assert glyphs.covered() == first and reads == [len(list(fonts.glob("*.ttf")))]  # the second from disk
    assert ord("Ж") in first and ord("₽") in first
    font = sorted(fonts.glob("*.ttf"))[0]
    info = font.stat()
    os.utime(font, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    glyphs.covered.cache_clear()
    assert glyphs.covered() == first and len(reads) == 2  # a new stamp: the cmaps are read again
    glyphs.covered.cache_clear()


def test_the_stamps_key_follows_a_files_size_and_time_and_nothing_else(tmp_path):
    a, b = tmp_path / "a.ttf", tmp_path / "b.ttf"
    a.write_bytes(b"one"), b.write_bytes(b"two")
    os.utime(a, ns=(10**18, 10**18)), os.utime(b, ns=(10**18, 10**18))
    first = cache.stamps_key([b, a])
    assert cache.stamps_key([a, b]) == first
    a.write_bytes(b"ONE")  # same size, then the same time again: the stamp cannot tell
    os.utime(a, ns=(10**18, 10**18))
    assert cache.stamps_key([a, b]) == first
    os.utime(a, ns=(10**18, 10**18 + 1))
    assert cache.stamps_key([a, b]) != first
    os.utime(a, ns=(10**18, 10**18))
    a.write_bytes(b"ONE!")
    os.utime(a, ns=(10**18, 10**18))
    assert cache.stamps_key([a, b]) != first


def test_the_letterhead_is_compiled_ahead_once_and_the_docx_is_the_same(tmp_path):
    """render/docx.warm renders a copy of the bundled letterhead, so its parts' templates are
    compiled (sandbox.letterhead_environment keeps each part's once) before the first DOCX; a
    DOCX made then, or made again with the kept templates, has the bytes of one made cold."""
    code = """
import datetime as dt, hashlib, sys
from contractkit.render import docx, sandbox
from contractkit.resources import TEMPLATES
job = dict(html='<html lang="ru"><body><p>Договор № 1 от «1» декабря 2026 г.</p></body></html>',
           skeleton=TEMPLATES / "letterhead.docx", stamp=dt.datetime(2026, 12, 1),
           fields={"running_head": "Договор", "page_label": "Страница", "of_label": "из"},
           meta={"title": "T", "author": "A", "language": "ru-RU"})
env = sandbox.letterhead_environment()
if sys.argv[1] == "warm":
    for _ in docx.warm():
        pass
compiles = []
real = type(env).compile
type(env).compile = lambda self, *a, **k: compiles.append(1) or real(self, *a, **k)
first = hashlib.sha256(docx.html_to_docx(**job)).hexdigest()
made = len(compiles)
again = hashlib.sha256(docx.html_to_docx(**job)).hexdigest()
made_again = len(compiles) - made
same = len({id(env.from_string(s)) for s in ("<w:t>{{ x }}</w:t>", "<w:t>{{ x }}</w:t>")})
print(first, again, made, made_again, same)
"""
    warm = _python(code, tmp_path, "warm").split()
    cold = _python(code, tmp_path, "cold").split()
    assert warm[0] == warm[1] == cold[0] == cold[1]  # the same bytes, compiled ahead, kept or cold
    assert warm[2:] == ["0", "0", "1"]  # warm() compiled every part; the second DOCX compiles none
    assert int(cold[2]) > 0 and cold[3:] == ["0", "1"]


SUMS = ["0", "0.00", "-0.00", "-0", "0.01", "-0.01", "0.5", "-5.10", "5", "1E+3", "1000000.01", "999.995", "12.345",
        "0.0001", "-1234567.5", "100000000000000000000.10", "1E-7", "NaN", "Infinity", "-Infinity"]


def _oracle(kind: str, value, lang: str, extra=None) -> str:
    """What babel itself says (the functions' long way)."""
    from contractkit.words import fmt

    if kind == "money":
        return fmt._babel_money(value, extra, lang)
    if kind == "number":
        return fmt._babel_number(value, lang, extra)
    return fmt._babel_decimal(value, lang)


def _checked(value, lang: str, currency: str, places: int) -> None:
    from contractkit.words import fmt

    fmt._MONEY.clear()
    try:
        expected = _oracle("money", value, lang, currency)
    except Exception as exc:  # noqa: BLE001 - babel refuses it: so must the short way
        with pytest.raises(type(exc)):
            fmt.money(value, currency, lang)
    else:
        assert fmt.money(value, currency, lang) == expected
    for kind, call, extra in (("number", lambda v: fmt.number(v, lang, places), places),
                              ("percent", lambda v: fmt.percent(v, lang), None)):
        try:
            expected = _oracle(kind, value, lang, extra)
        except Exception as exc:  # noqa: BLE001
            with pytest.raises(type(exc)):
                call(value)
            continue
        got = call(value)
        assert (got if kind == "number" else got.removesuffix("%").removesuffix("\u00a0")) == expected


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("currency", ["RUB", "USD", "EUR", "GBP", "JPY", "KZT"])
def test_sums_worked_out_without_babel_are_what_babel_writes(lang, currency):
    """words/fmt: money, number and percent of the usual sums (ru/en; RUB, USD, EUR, GBP; at most
    the decimals shown) are worked out without babel's locale data (20 ms of a render after an
    edit); every other sum goes to babel. Each equals babel's own text, edge cases included."""
    from decimal import Decimal

    for text in SUMS:
        for places in (0, 2):
            _checked(Decimal(text), lang, currency, places)
    for value in (0, 7, -7, 1000, 243500, -10**12):
        _checked(value, lang, currency, 0)


@settings(max_examples=300, **NO_CLOCK)
@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**15, max_value=10**15) | st.integers(-10**15, 10**15),
       st.sampled_from(["ru", "en"]), st.sampled_from(["RUB", "USD", "EUR", "GBP"]), st.sampled_from([0, 2]))
def test_any_sum_is_written_as_babel_writes_it(value, lang, currency, places):
    _checked(value, lang, currency, places)


def test_a_render_after_an_edit_leaves_babels_locale_data_unloaded(tmp_path):
    code = """
import sys
from decimal import Decimal
from contractkit.words import fmt
print(fmt.money(Decimal("243500.00"), "RUB", "ru"), fmt.number(Decimal("1234.5"), "en", 2), fmt.percent(Decimal("0.1"), "ru"),
      fmt.integer(243500, "ru"), "babel.numbers" in sys.modules, "babel.localedata" in sys.modules, sep="|")
"""
    assert _python(code, tmp_path).strip().split("|") == ["243\u00a0500,00\u00a0₽", "1,234.50", "0,1\u00a0%", "243\u00a0500",
                                               "False", "False"]
