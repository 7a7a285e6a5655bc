"""weasyprint's C declarations, parsed once and kept on disk.

weasyprint declares Pango, HarfBuzz and fontconfig to cffi as C source when it is imported; cffi
parses that with pycparser (a fifth of the import), and parses every type string again the
first time a render uses it. cffi's own "out-of-line ABI" form does the same job from tables made
once: `prebuilt()` makes those tables from the very declarations weasyprint passes (cffi's
recompiler, no C compiler), keeps them in the cache keyed by the declarations and cffi's
version, and builds cffi's FFI object from them. The tables are read back as literals
(ast.literal_eval), never executed as Python; cffi trusts them as type descriptions, as Python
trusts its own __pycache__, so the entry is only ever read from the user's own cache folder and
checksummed. Libraries are opened by the same names in the same order, so the same libraries are
loaded and the output is the same; if anything about this fails (cffi refuses the tables, or
weasyprint's import fails with them), weasyprint's own parsing runs instead and the entry is
dropped.
"""

from __future__ import annotations

import ast
import sys
from contextlib import contextmanager

from contractkit import cache


class _Declared:
    """Stands for `cffi.FFI()` while weasyprint is imported: cdef() builds the prebuilt FFI."""

    def __init__(self, *args, **kwargs):
        if args or kwargs:
            raise NotOurs
        self._ffi = None

    def cdef(self, source: str, **options) -> None:
        if options or self._ffi is not None:
            raise NotOurs
        self._ffi = prebuilt(source)

    def __getattr__(self, name: str):
        if self.__dict__.get("_ffi") is None:
            raise NotOurs
        return getattr(self._ffi, name)


class NotOurs(Exception):
    """weasyprint used cffi in a way this module does not cover: import it the usual way."""


@contextmanager
def declarations():
    """While active, `cffi.FFI()` gives prebuilt FFIs; afterwards each module that kept one
    holds cffi's own object, so calls go straight to cffi."""
    import cffi

    original = cffi.FFI
    cffi.FFI = _Declared
    try:
        yield
    finally:
        cffi.FFI = original
    for name, module in list(sys.modules.items()):
        if name.startswith("weasyprint") and isinstance(getattr(module, "ffi", None), _Declared):
            module.ffi = module.ffi._ffi


def prebuilt(source: str):
    """cffi's FFI for these declarations, from the cache or made now."""
    import _cffi_backend
    import cffi

    name = cache.key("cffi", cffi.__version__, sys.version, source)
    entry = cache.read_json("cffi", name)
    module = entry.get("module") if isinstance(entry, dict) else None
    tables = _tables(module) if isinstance(module, str) else None
    if tables is not None:
        try:
            ffi = _cffi_backend.FFI(*tables[0], **tables[1])
        except Exception:  # noqa: BLE001 - tables cffi refuses: made again below
            pass
        else:
            served.append(name)
            return ffi
    module = _module(source)
    tables = _tables(module)
    if tables is None:
        raise NotOurs
    try:
        ffi = _cffi_backend.FFI(*tables[0], **tables[1])
    except Exception as exc:  # noqa: BLE001 - whatever cffi says, weasyprint parses instead
        raise NotOurs from exc
    cache.write_json("cffi", name, {"module": module})
    served.append(name)
    return ffi


served: list[str] = []
"""The entries this process's FFIs came from: forget() drops them if weasyprint then fails."""


def forget() -> None:
    """Drop the entries served in this process: importing weasyprint with them failed, so the
    next process makes them again rather than failing the same way."""
    while served:
        cache.drop("cffi", served.pop())


def _module(source: str) -> str:
    """The out-of-line module cffi's recompiler writes for these declarations (Python source)."""
    import io

    from cffi import recompiler
    from cffi.api import FFI  # cffi's own class, even while declarations() stands in for it

    ffi = FFI()
    ffi.cdef(source)
    out = io.StringIO()
    recompiler.make_py_source(ffi, "_contractkit_weasyprint", out)
    return out.getvalue()


def _tables(module: str):
    """The arguments of the one `_cffi_backend.FFI(...)` call in `module`, as literals; None
    when the module is not of that shape."""
    try:
        tree = ast.parse(module)
        calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
        if len(calls) != 1 or ast.unparse(calls[0].func) != "_cffi_backend.FFI":
            return None
        args = [ast.literal_eval(arg) for arg in calls[0].args]
        kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in calls[0].keywords if kw.arg}
    except (SyntaxError, ValueError, TypeError, RecursionError, MemoryError):
        return None
    return args, kwargs
