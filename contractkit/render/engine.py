"""The document engine in a second process, started as a command begins, so that importing
weasyprint (a third of a cold render) or python-docx runs on another core while this process reads
the project and builds the HTML; PDFs (or, when a command makes no PDF, DOCX files) are then made
there while this process goes on with the next document.

The child is a fork of the command: the same code and inputs, so the same bytes
(render/pdf.py `render_pdf`, render/docx.py `html_to_docx`). It lives only as long as the
command: it exits when the command closes its end of the pipe or dies (end of file), and the
command waits for it at exit. Whatever goes wrong in it (a crash, a kill, an unpicklable answer),
the command makes the document itself, so the engine can make a command faster and never
different. Started only from a real command process (cli.main) on Linux with more than one usable
core; `CONTRACTKIT_ENGINE=0` switches it off.
"""

from __future__ import annotations

import os
import sys

_engine: _Engine | None = None
allowed = False
"""Set by cli.main(): a test calling commands in its own process never forks."""


class _Gone(Exception):
    """The engine process is no longer there to answer."""


WORK = {"pdf": ("contractkit.render.pdf", "render_pdf"), "docx": ("contractkit.render.docx", "html_to_docx"),
        "page": ("contractkit.render.docx", "page_to_docx")}
"""What the engine can make: the function doing it, here and there alike. A kind's module has a
warm() that loads, in steps it yields between, what its first job would; "page" is "docx" from a
template and its data."""


def _work(kind: str):
    import importlib

    module, name = WORK[kind]
    return getattr(importlib.import_module(module), name)


class _Engine:
    def __init__(self, pid: int, jobs: int, answers: int, kinds: tuple[str, ...]):
        self.pid, self.jobs, self.answers, self.kinds = pid, jobs, answers, kinds
        self.sent = self.received = 0
        self.ready: dict[int, tuple] = {}
        self.sender = None

    def submit(self, job: dict) -> int:
        """Queue a job; the pipe is written by a thread, so a big HTML never blocks this one."""
        import pickle
        import queue
        import threading

        if self.sender is None:
            self.queue: queue.SimpleQueue = queue.SimpleQueue()
            self.sender = threading.Thread(target=self._send_all, name="contractkit-engine",
                                           daemon=True)
            self.sender.start()
        self.queue.put(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
        self.sent += 1
        return self.sent - 1

    def _send_all(self) -> None:
        while True:
            data = self.queue.get()
            if data is None:
                return
            try:
                _write_frame(self.jobs, data)
            except OSError:
                return

    def answer(self, number: int) -> tuple:
        import pickle

        while number not in self.ready:
            frame = _read_frame(self.answers)
            if frame is None:
                raise _Gone
            self.ready[self.received] = pickle.loads(frame)
            self.received += 1
        return self.ready.pop(number)

    def close(self) -> None:
        """An engine with nothing left to answer exits at the end of its pipe; one still loading
        weasyprint or making a document nobody will read is killed rather than waited for."""
        if self.sender is None or self.received < self.sent:
            import signal

            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.sender is not None:
            self.queue.put(None)
            self.sender.join()
        for fd in (self.jobs, self.answers):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def start(kinds: tuple[str, ...] = ("pdf",)) -> None:
    """Fork the engine now to make `kinds` of documents, if this process may and it would help;
    otherwise do nothing."""
    global _engine
    if _engine is not None or not kinds or not _worthwhile():
        return
    try:
        for stream in (sys.stdout, sys.stderr):  # or the child would print them again
            stream.flush()
    except (OSError, ValueError):
        return
    jobs_r, jobs_w = os.pipe()
    answers_r, answers_w = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the engine: never returns
        from contractkit.children import die_with_parent

        die_with_parent(parent)
        os.close(jobs_w)
        os.close(answers_r)
        _serve(jobs_r, answers_w, kinds)
    os.close(jobs_r)
    os.close(answers_w)
    _engine = _Engine(pid, jobs_w, answers_r, kinds)
    import atexit

    atexit.register(stop)


def stop() -> None:
    """Close the pipe and wait for the engine to exit."""
    global _engine
    engine, _engine = _engine, None
    if engine is not None:
        engine.close()


def _worthwhile() -> bool:
    if not allowed or os.environ.get("CONTRACTKIT_ENGINE") == "0" or "weasyprint" in sys.modules:
        return False
    if not sys.platform.startswith("linux") or "threading" in sys.modules and _threads() > 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return False


def _threads() -> int:
    import threading

    return threading.active_count()


def serves(kind: str) -> bool:
    """Whether an engine is running that was started to make `kind` (see start)."""
    return _engine is not None and kind in _engine.kinds


def pdf(**job) -> bytes:
    """render_pdf(**job), by the engine when one is running, else here."""
    return result(submit("pdf", **job))


def submit(kind: str, **job):
    """Start WORK[kind](**job) in the engine and return a handle for result(); without an engine
    the document is made here and now, and the handle is its bytes."""
    import pickle

    if _engine is not None:
        try:
            return (_engine.submit((kind, job)), kind, job)
        except (OSError, pickle.PicklingError, RuntimeError):
            stop()
    return _work(kind)(**job)


def result(handle) -> bytes:
    """The bytes of a submitted job. An engine error (RenderError) is raised here as if made
    here; anything else the engine did wrong falls back to making it here."""
    import pickle

    if isinstance(handle, bytes):
        return handle
    number, kind, job = handle
    if _engine is not None:
        try:
            answer, value = _engine.answer(number)
        except (_Gone, OSError, pickle.UnpicklingError, EOFError):
            stop()
        else:
            if answer == "made":
                return value
            if answer == "error":
                from contractkit.errors import RenderError

                raise RenderError(value[0], hint=value[1])
    return _work(kind)(**job)


def _serve(jobs: int, answers: int, kinds: tuple[str, ...]) -> None:
    """The engine's whole life: import what `kinds` need, then answer jobs until the pipe closes."""
    code = 0
    try:
        import importlib
        import pickle
        import signal

        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it with the command
        _settle()  # what the command had loaded when it forked
        _quiet_stdio()
        from contractkit.errors import RenderError

        for module in dict.fromkeys(WORK[kind][0] for kind in kinds):
            for _ in importlib.import_module(module).warm():
                _settle()  # what this step loaded (weasyprint, fonts) stays to the end
                if _waiting(jobs):  # the job matters more than what it might have used
                    break
        while (frame := _read_frame(jobs)) is not None:
            try:
                kind, job = pickle.loads(frame)
                answer = ("made", _work(kind)(**job))
            except RenderError as exc:
                answer = ("error", (exc.message, exc.hint))
            except Exception:  # noqa: BLE001 - the command renders it again and reports it itself
                answer = ("failed", None)
            _write_frame(answers, pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException:  # noqa: BLE001 - the command carries on without the engine
        code = 1
    finally:
        _release()
        os._exit(code)


def _settle() -> None:
    """Keep the cycle collector off what the engine holds by now, which lives as long as it does:
    the command's objects it was forked with, then the code and fonts each warm-up step loads
    (gc.freeze). Otherwise every full collection during a layout walks all of them (some 30 ms of
    a contract's PDF) and writes to each, copying every page the engine still shared with the
    command. The documents' own garbage is collected as before."""
    import gc

    gc.freeze()


def _release() -> None:
    """What the engine's libraries keep in temporary files goes with it (the command removes its
    temporary folder too, scratch.py, but a library caller may have none)."""
    try:
        if "contractkit.render.pdf" in sys.modules:
            sys.modules["contractkit.render.pdf"].release()
    except BaseException:  # noqa: BLE001 - exiting anyway
        pass


def _waiting(fd: int) -> bool:
    """Whether the command has written to the pipe (a job, or its end)."""
    import select

    return bool(select.select([fd], [], [], 0)[0])


def _quiet_stdio() -> None:
    """The engine prints nothing on the command's output: stdin and stdout go to /dev/null
    (stderr stays, for what weasyprint itself would have printed)."""
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)


def _write_frame(fd: int, data: bytes) -> None:
    view = memoryview(len(data).to_bytes(8, "little") + data)
    while view:
        view = view[os.write(fd, view):]


def _read_frame(fd: int) -> bytes | None:
    header = _read_exactly(fd, 8)
    if header is None:
        return None
    return _read_exactly(fd, int.from_bytes(header, "little"))


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
