"""The cache folder stays under its cap (CONTRACTKIT_CACHE_MAX_MB): filled beyond it, the least
recently used entries go, the rest still read back, and a render with a tiny cap is unchanged."""

import os
import subprocess
import sys

import pytest

from contractkit import cache, cachecap
from tests.conftest import ROOT, run

MB = 1024 * 1024


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    path = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(path))
    monkeypatch.delenv("CONTRACTKIT_NO_CACHE", raising=False)
    monkeypatch.delenv("CONTRACTKIT_CACHE_MAX_MB", raising=False)
    return path / "contractkit"


def _size(folder) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.name != cachecap.LEDGER)


def _age(kind: str, name: str, seconds: float) -> None:
    path = cache._path(kind, name)
    os.utime(path, (seconds, seconds))


def test_filled_beyond_the_cap_the_oldest_entries_go_and_the_rest_still_read(cache_dir, monkeypatch):
    monkeypatch.setenv("CONTRACTKIT_CACHE_MAX_MB", "1")
    payload = os.urandom(40_000)
    names = [cache.key("entry", i) for i in range(100)]  # 4 MB in all, four times the cap
    for i, name in enumerate(names):
        cache.write("test", name, payload + bytes([i]))
        _age("test", name, 1_700_000_000 + i)  # written one second apart, in order
        assert _size(cache_dir) <= MB + MB // 8 + 50_000  # never far past the cap
    kept = [i for i, name in enumerate(names) if cache.read("test", name) is not None]
    assert kept and kept == list(range(kept[0], 100))  # the newest, none of the oldest
    assert len(kept) < 30
    assert cache.read("test", names[-1]) == payload + bytes([99])


def test_an_entry_read_lately_outlives_one_written_later(cache_dir, monkeypatch):
    monkeypatch.setenv("CONTRACTKIT_CACHE_MAX_MB", "100")
    for i in range(3):
        cache.write("test", f"{i:02d}" * 32, b"x" * 300_000)
    _age("test", "00" * 32, 1_700_000_300)  # the first written, read last
    _age("test", "01" * 32, 1_700_000_100)
    _age("test", "02" * 32, 1_700_000_200)
    assert cachecap.trim(cache.root(), 500_000) <= 500_000 * 0.9  # two of the three go, the least recently used first
    assert [cache.read("test", f"{i:02d}" * 32) is not None for i in range(3)] == [True, False, False]


def test_trimming_is_rare_a_write_only_appends_to_the_ledger(cache_dir, monkeypatch):
    """No walk of the folder for most writes: the ledger grows a byte per entry and per 4 KiB
    until an eighth of the cap was written, then one trim empties it."""
    walks = []
    monkeypatch.setattr(cachecap, "trim", lambda root, cap=None: walks.append(cap))
    monkeypatch.setenv("CONTRACTKIT_CACHE_MAX_MB", "8")  # a trim every 256 small entries or 1 MB
    for i in range(255):
        cache.write("test", cache.key(i), b"small")
    assert walks == [] and (cache_dir / cachecap.LEDGER).read_bytes() == b"." * 255
    cache.write("test", cache.key("last"), b"small")
    assert walks == [8 * MB] and (cache_dir / cachecap.LEDGER).read_bytes() == b""
    cache.write("test", cache.key("big"), b"x" * MB)  # an eighth of the cap at once
    assert walks == [8 * MB, 8 * MB]
    monkeypatch.delenv("CONTRACTKIT_CACHE_MAX_MB")
    cache.write("test", cache.key("big"), b"x" * MB)  # the default cap: 200 MB
    assert walks == [8 * MB, 8 * MB] and len((cache_dir / cachecap.LEDGER).read_bytes()) == 1 + 256


def test_zero_keeps_nothing_and_stale_partial_writes_go(cache_dir, monkeypatch):
    monkeypatch.setenv("CONTRACTKIT_CACHE_MAX_MB", "0")
    cache.write("test", cache.key(1), b"value")
    assert not cache_dir.exists()
    monkeypatch.delenv("CONTRACTKIT_CACHE_MAX_MB")
    cache.write("test", cache.key(1), b"value")
    left = cache._path("test", cache.key(1)).parent / ".tmp-killed"
    left.write_bytes(b"half")
    os.utime(left, (1_700_000_000, 1_700_000_000))
    cachecap.trim(cache.root())
    assert not left.exists() and cache.read("test", cache.key(1)) == b"value"


def test_a_render_with_a_tiny_cap_is_unchanged_and_the_cache_stays_small(ru_project, cache_dir, monkeypatch):
    monkeypatch.setenv("CONTRACTKIT_CACHE_MAX_MB", "0.2")
    first = ru_project.parent / "first"
    run("render", ru_project, "--format", "pdf", "--out", first)
    cachecap.trim(cache.root())  # what the next write past the ledger's threshold would do
    assert _size(cache_dir) <= 0.2 * MB
    second = ru_project.parent / "second"
    run("render", ru_project, "--format", "pdf", "--out", second)
    assert {p.name: p.read_bytes() for p in first.iterdir()} == {p.name: p.read_bytes() for p in second.iterdir()}


def test_a_cap_that_is_no_size_is_one_clear_error(tmp_path):
    env = {**os.environ, "CONTRACTKIT_CACHE_MAX_MB": "lots", "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("CONTRACTKIT_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "contractkit", "list", str(tmp_path)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0] == "error: CONTRACTKIT_CACHE_MAX_MB: 'lots' is not a size in megabytes"


def test_a_ledger_that_could_not_be_opened_never_closes_another_files_descriptor(tmp_path, monkeypatch):
    """The CI failure of stop 36: the ledger was closed for a new cache folder whose ledger then
    could not be opened, its number was given to a Word package being read, and the next write
    elsewhere closed that package's descriptor and opened its own ledger on the same number, so
    the package read dots ("Truncated file header")."""
    monkeypatch.delenv("CONTRACTKIT_NO_CACHE", raising=False)
    monkeypatch.delenv("CONTRACTKIT_CACHE_MAX_MB", raising=False)
    for name in ("a", "b", "c"):
        (tmp_path / name / "contractkit").mkdir(parents=True)
    (tmp_path / "b" / "contractkit" / cachecap.LEDGER).mkdir()  # this folder's ledger cannot be opened
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a"))
    cache.write("test", cache.key("one"), b"one")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "b"))
    cache.write("test", cache.key("two"), b"two")
    assert cache.read("test", cache.key("two")) == b"two"  # the entry is kept, unaccounted
    other = tmp_path / "package.bin"
    other.write_bytes(b"PK" + bytes(range(200)))
    with open(other, "rb") as handle:  # the lowest free number: the ledger's old one, if closed
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
        cache.write("test", cache.key("three"), b"three")
        assert handle.read() == b"PK" + bytes(range(200))
    assert (tmp_path / "c" / "contractkit" / cachecap.LEDGER).read_bytes().startswith(b".")


def test_a_ledger_descriptor_closed_elsewhere_is_not_written_through(tmp_path, monkeypatch):
    """A descriptor whose number now names another file is never written to, truncated or closed."""
    monkeypatch.delenv("CONTRACTKIT_NO_CACHE", raising=False)
    monkeypatch.delenv("CONTRACTKIT_CACHE_MAX_MB", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cache.write("test", cache.key("one"), b"one")
    fd = cachecap._ledger[1]
    os.close(fd)  # someone else's bug
    victim = tmp_path / "victim.txt"
    reused = os.open(victim, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.write(reused, b"the user's text")
        cache.write("test", cache.key("two"), b"two")
        os.fstat(reused)  # still open
    finally:
        os.close(reused)
    assert victim.read_bytes() == b"the user's text"
