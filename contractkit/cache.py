"""Content-keyed caches on disk under the user's cache dir, so a cold command skips repeated work.

Every entry is named by a hash of everything its value depends on and carries a checksum of
itself: a stale, corrupt or foreign entry is ignored and recomputed, never trusted. Nothing is
ever written into a project's tree. CONTRACTKIT_NO_CACHE=1 turns every cache off;
CONTRACTKIT_NO_CACHE=jinja,glyphs turns off those kinds only (benchmarks measure each).

The folder stays under a size cap (CONTRACTKIT_CACHE_MAX_MB, default 200): each write counts
itself in a small ledger (one byte per entry and per 4 KiB), and once an eighth of the cap was
written since the last look, the writer walks the folder and removes the least recently used
entries (by access time, else modification time) until it holds 90% of the cap. No other
command walks it; a command that only reads pays nothing.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
from pathlib import Path

VERSION = "1"
"""Bumped when the format of any entry changes."""

_MAGIC = b"contractkit-cache " + VERSION.encode() + b"\n"

CAP_MB = 200
"""The default size cap of the whole cache folder, in megabytes (CONTRACTKIT_CACHE_MAX_MB)."""
LEDGER = ".written"
"""The file at the cache's root whose length counts what was written since the last trim."""
UNIT = 4096


def enabled(kind: str = "") -> bool:
    off = os.environ.get("CONTRACTKIT_NO_CACHE", "")
    if off in ("1", "all", "yes", "true"):
        return False
    return kind.split("/")[0] not in off.split(",") if off and kind else True


def root() -> Path:
    """$XDG_CACHE_HOME/contractkit (default ~/.cache/contractkit)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "contractkit"


def key(*parts: object) -> str:
    """A hex digest of the parts (bytes hashed as they are, anything else as its repr)."""
    return _hashed(hashlib.sha256(), parts).hexdigest()


def keys(*first: object):
    """key(*first, *rest) as a function of rest, the first parts hashed once: for a thousand
    names that share their first parts (`log`'s figures of each version)."""
    start = _hashed(hashlib.sha256(), first)
    return lambda *rest: _hashed(start.copy(), rest).hexdigest()


def _hashed(digest, parts):
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest


def _path(kind: str, name: str) -> Path:
    return root() / kind / name[:2] / name


def read(kind: str, name: str) -> bytes | None:
    """The entry's payload, or None when absent, unreadable or failing its checksum."""
    if not enabled(kind):
        return None
    try:
        data = _path(kind, name).read_bytes()
    except OSError:
        return None
    body = data[len(_MAGIC):]
    if not data.startswith(_MAGIC) or len(body) < 65:
        return None
    checksum, payload = body[:64], body[65:]
    if body[64:65] != b"\n" or hashlib.sha256(payload).hexdigest().encode() != checksum:
        return None
    return payload


def write(kind: str, name: str, payload: bytes) -> None:
    """Store an entry atomically; a cache that cannot be written is simply not kept."""
    if not enabled(kind):
        return
    try:
        cap = cap_bytes()
    except ValueError:  # the CLI reported it before any command ran (cli/base.py)
        cap = CAP_MB * 1024 * 1024
    if not cap:
        return
    data = _MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    path = _path(kind, name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile

        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)  # a reader sees no entry or a whole one (and checks it anyway)
        _account(len(data), cap)
    except OSError:
        return


def cap_bytes() -> int:
    """The size cap of the cache folder: CONTRACTKIT_CACHE_MAX_MB megabytes, default CAP_MB;
    ValueError for a value that is no size."""
    given = os.environ.get("CONTRACTKIT_CACHE_MAX_MB", "").strip()
    if not given:
        return CAP_MB * 1024 * 1024
    try:
        megabytes = float(given)
    except ValueError:
        megabytes = -1.0
    if not 0 <= megabytes < 1 << 40:
        raise ValueError(f"CONTRACTKIT_CACHE_MAX_MB: {given!r} is not a size in megabytes")
    return int(megabytes * 1024 * 1024)


_ledger: tuple[str, int, tuple[int, int]] | None = None
"""The ledger this process appends to, open for its whole life: (path, descriptor, the file's
(device, inode) as opened)."""


def _account(size: int, cap: int) -> None:
    """Add a write to the ledger (a byte for the entry and one per UNIT of it, so its length
    says how much was written without reading it); trim the folder past an eighth of the cap."""
    global _ledger
    path = str(root() / LEDGER)
    fd = _ledger_fd(path)
    if fd is None:
        return
    os.write(fd, b"." * (1 + size // UNIT))
    if os.fstat(fd).st_size * UNIT * 8 < cap:
        return
    os.ftruncate(fd, 0)
    trim(cap)


def _ledger_fd(path: str) -> int | None:
    """The descriptor of the ledger at `path`, opened once. A descriptor is only ever written to
    or closed while it is still the file it was opened on: one closed elsewhere and its number
    given to another file (a Word package being read, a document being written) is forgotten,
    never written to, truncated or closed. None: the ledger cannot be opened (that write goes
    unaccounted, as a write to a cache that cannot be changed is not made at all)."""
    global _ledger
    if _ledger is not None:
        old_path, old_fd, identity = _ledger
        try:
            info = os.fstat(old_fd)
            same = (info.st_dev, info.st_ino) == identity
        except OSError:
            same = False
        if same and old_path == path:
            return old_fd
        _ledger = None  # before closing: never a number this process no longer owns
        if same:
            os.close(old_fd)
    try:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError:
        return None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        return None
    _ledger = (path, fd, (info.st_dev, info.st_ino))
    return fd


def trim(cap: int | None = None) -> int:
    """Remove the least recently used entries until the folder holds 90% of `cap` (default: the
    configured cap), and writes of killed processes older than an hour; the bytes it holds after."""
    import time

    cap = cap_bytes() if cap is None else cap
    entries, total, stale = [], 0, time.time() - 3600
    for folder, _, names in os.walk(root()):
        for name in names:
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            if name.startswith(".tmp-") and info.st_mtime < stale:
                _remove(path)
            elif name != LEDGER or folder != str(root()):
                entries.append((max(info.st_atime, info.st_mtime), info.st_size, path))
                total += info.st_size
    if total <= cap:
        return total
    entries.sort()
    for _, size, path in entries:
        if total <= cap * 0.9:
            break
        if _remove(path):
            total -= size
    return total


def _remove(path: str) -> bool:
    try:
        os.unlink(path)
    except OSError:
        return False
    try:
        os.rmdir(os.path.dirname(path))  # a prefix folder left empty
    except OSError:
        pass
    return True


def drop(kind: str, name: str) -> None:
    """Remove an entry (one found wrong in use); a cache that cannot be changed is left alone."""
    try:
        _path(kind, name).unlink()
    except OSError:
        return


def read_json(kind: str, name: str):
    payload = read(kind, name)
    if payload is None:
        return None
    try:
        return json.loads(payload)
    except ValueError:
        return None


def write_json(kind: str, name: str, value) -> None:
    write(kind, name, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


_PLAIN = {("decimal", "Decimal"), ("datetime", "date"), ("datetime", "datetime"), ("builtins", "set"),
          ("builtins", "frozenset")}
"""The only callables besides the named modules' own classes a cached object may be built with."""


def read_objects(kind: str, name: str, modules: tuple[str, ...]):
    """A pickled entry, rebuilt only from classes defined in `modules` (a prefix ending in "."
    takes a package) and plain values (Decimal, date, set); None for anything else or a bad
    entry. No function, no module and nothing reached through an attribute path is callable."""
    import io
    import pickle

    payload = read(kind, name)
    if payload is None:
        return None

    class Plain(pickle.Unpickler):
        def find_class(self, module: str, qualname: str):
            if (module, qualname) in _PLAIN:
                return super().find_class(module, qualname)
            if "." not in qualname and any(module == m or m.endswith(".") and module.startswith(m)
                                           for m in modules):
                found = super().find_class(module, qualname)
                if isinstance(found, type) and found.__module__ == module:
                    return found
            raise pickle.UnpicklingError(f"{module}.{qualname} is not allowed")

    try:
        stored, value = Plain(io.BytesIO(payload)).load()
    except Exception:  # noqa: BLE001 - a bad entry is a miss, whatever it does
        return None
    return value if stored == name else None  # an entry copied under another name is a miss


def write_objects(kind: str, name: str, value) -> None:
    """Pickle `value` under `name`, which the entry carries too (read_objects checks it)."""
    import pickle

    write(kind, name, pickle.dumps((name, value), protocol=pickle.HIGHEST_PROTOCOL))


@functools.cache
def code_key() -> str:
    """contractkit's own source and the calendar data: what turns a project file into figures.
    An entry keyed by it misses after an upgrade or an edit of either."""
    import sys

    package = Path(__file__).resolve().parent
    return key(sys.version, package_key("holidays"),
               *[item for stamp in _source_stamps(str(package)) for item in stamp])


def _source_stamps(package: str) -> list[tuple[str, int, int]]:
    """(path in the package, size, modification time) of every .py file under it, in the order of
    their paths' parts: a source as Python's own bytecode cache tells it has changed. Read with
    os.scandir, whose entries carry their type (Path.rglob and a stat each took 14-20 ms of every
    command that reads a project; this takes under 2)."""
    found: list[tuple[list[str], str, int, int]] = []
    folders = [""]
    while folders:
        folder = folders.pop()
        with os.scandir(os.path.join(package, folder)) as entries:
            for entry in entries:
                name = os.path.join(folder, entry.name) if folder else entry.name
                if entry.is_dir():
                    folders.append(name)
                elif entry.name.endswith(".py") and entry.is_file():
                    info = entry.stat()
                    found.append((name.split(os.sep), name, info.st_size, info.st_mtime_ns))
    found.sort()
    return [(name, size, mtime) for _, name, size, mtime in found]


def stamps_key(paths) -> str:
    """A key over these files' names, sizes and modification times: a file changed as Python's
    bytecode cache tells a source has (code_key), without reading it. For big files read on
    every command (the bundled fonts: 3.3 MB, 6 ms to hash)."""
    stamps = []
    for p in sorted(paths):
        info = p.stat()
        stamps += [p.name, info.st_size, info.st_mtime_ns]
    return key(*stamps)


def package_key(*distributions: str) -> str | None:
    """A hash of these installed packages' RECORD files (every file's hash), or None if unknown."""
    import sys

    def normal(name: str) -> str:
        return name.lower().replace("-", "_").replace(".", "_")

    parts = []
    for dist in distributions:
        found = [p / "RECORD" for entry in sys.path if entry for p in _listing(entry).get(normal(dist), ())]
        if len(found) != 1:
            return None
        parts += [found[0].parent.name, found[0].read_bytes()]
    return key(*parts)


@functools.cache
def _listing(entry: str) -> dict[str, list[Path]]:
    """{normalised distribution name: its .dist-info folders} in one sys.path entry (read once:
    a render asks for a dozen packages' keys)."""
    found: dict[str, list[Path]] = {}
    try:
        names = os.listdir(entry)
    except OSError:
        return found
    for n in names:
        if n.endswith(".dist-info"):
            found.setdefault(n.split("-", 1)[0].lower().replace("-", "_").replace(".", "_"), []).append(
                Path(entry) / n)
    return found


def memo(kind: str, *distributions: str, source: str | None = None, valid=None):
    """Keep a pure function's JSON results on disk, keyed by its arguments, its module's source
    (or `source`) and the installed `distributions` it relies on. valid(value, *args): whether a
    stored value has the shape the function returns (else it is computed again)."""
    def decorate(fn):
        @functools.cache
        def base() -> str | None:
            import inspect

            libraries = package_key(*distributions)
            if libraries is None:
                return None
            code = Path(source or inspect.getsourcefile(fn)).read_bytes()
            return key(fn.__module__, fn.__qualname__, code, libraries)

        @functools.lru_cache(maxsize=256)
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            prefix = base()
            name = key(prefix, args, sorted(kwargs.items())) if prefix else None
            entry = read_json(kind, name) if name else None
            stored = isinstance(entry, dict) and "value" in entry
            if stored and (valid is None or valid(entry["value"], *args)):
                return entry["value"]
            value = fn(*args, **kwargs)
            if name:
                write_json(kind, name, {"value": value})
            return value
        return wrapper
    return decorate


_jinja = None


def jinja_bytecode_cache():
    """Jinja's compiled templates, checksummed here and checked by Jinja against the source."""
    global _jinja
    if not enabled("jinja"):
        return None
    if _jinja is None:
        import jinja2
        from jinja2.bccache import BytecodeCache

        # Compiled code depends on Jinja and on the environment's options (sandbox.py).
        options = (Path(__file__).parent / "render" / "sandbox.py").read_bytes()
        kind = "jinja/" + key(jinja2.__version__, options)[:16]

        class Checked(BytecodeCache):
            def load_bytecode(self, bucket) -> None:
                payload = read(kind, bucket.key)
                if payload is not None:
                    bucket.bytecode_from_string(payload)  # Jinja resets it on a source mismatch

            def dump_bytecode(self, bucket) -> None:
                write(kind, bucket.key, bucket.bytecode_to_string())

        _jinja = Checked()
    return _jinja
