"""Content-keyed caches on disk under the user's cache dir, so a cold command skips repeated work.

Every entry is named by a hash of everything its value depends on and carries a checksum of
itself: a stale, corrupt or foreign entry is ignored and recomputed, never trusted. Nothing is
ever written into a project's tree. CONTRACTKIT_NO_CACHE=1 turns every cache off;
CONTRACTKIT_NO_CACHE=jinja,glyphs turns off those kinds only (benchmarks measure each).

The folder stays under a size cap (CONTRACTKIT_CACHE_MAX_MB, default 200; cachecap.py).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

VERSION = "1"
"""Bumped when the format of any entry changes."""

_MAGIC = b"contractkit-cache " + VERSION.encode() + b"\n"



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
    from contractkit import cachecap

    try:
        cap = cachecap.cap_bytes()
    except ValueError:  # the CLI reported it before any command ran (cli/base.py)
        cap = cachecap.CAP_MB * 1024 * 1024
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
        cachecap.account(len(data), cap, root())
    except OSError:
        return


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
