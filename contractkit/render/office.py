"""LibreOffice started ahead of its conversion, so its start-up overlaps the command's own work.

A command that will lay out a Word template as PDF starts LibreOffice first (`ahead`): headless,
no document, in a private throw-away profile. When the DOCX is filled, the conversion is handed to
that instance the way LibreOffice forwards a second start on the same profile: a `soffice
--convert-to` that finds the first instance's pipe passes its request over and waits until the
file is written. The instance serves one conversion (`take`); a second document is converted cold.

The instance runs in a session of its own and is ended with its whole process group as soon as
its conversion returns, and in any case at exit: on success, on an error, on Ctrl-C, and on
SIGTERM or SIGHUP (scratch.py unwinds those as an exception). Those three signals kill it first,
whenever they come, even while it is being started (render/officesignals.py). Only a SIGKILL of
the command itself can leave it running, idle, until it is killed.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import stat
import subprocess
import tempfile
import time
from pathlib import Path

from contractkit.render import officesignals, officework

WORD_DOCX = re.compile(r"(?:^|[{,])[ \t]*(contract|scope|payments|support)[ \t]*:[ \t]*"
                       r"(?:'[^'\n]+\.docx'|\"[^\"\n]+\.docx\"|[^\s'\"#,}]+\.docx\b)", re.M | re.I)
"""A Word template named in project.yaml's `templates:` (a hint: read before the file is parsed)."""
PIPE_WAIT = 30.0
"""Seconds to wait for the instance to listen on its pipe (a new profile takes seconds on a busy
machine, and a restart); without an answer the document is converted cold."""


class Office:
    """LibreOffice started ahead: its process (the head of its process group), its folder, and
    whether its profile is a new one (to be cached once it exits by itself). A plain class: the
    dataclasses module (and inspect, which it loads) would be imported before LibreOffice starts.
    `clearing`: the thread reaping it and removing its folder once its conversion is done (_clear)."""

    def __init__(self, process: subprocess.Popen, work: str, fresh: bool = False):
        self.process, self.work, self.fresh = process, work, fresh
        self.clearing = None

    @property
    def profile(self) -> str:
        return Path(self.work, "profile").as_uri()


_ahead: list[Office] = []
_owner: list[int] = []
"""The process that started it: a process forked from the command (the engine) never ends it."""


def environment(work: str, program: str) -> dict:
    """LibreOffice's environment: its HOME the throw-away folder, its clock in UTC, file locking
    on (as its start-up script sets it), and, when oosplash is run, PATH its own program folder
    and the one program it asks for by name while converting (paperconf, the default paper size):
    on loading a document, LibreOffice's signature support has gpgme look GnuPG up on PATH and
    run it for its folders and versions (gpgconf three times, gpg, gpgsm, each forked from a
    large process: tens of ms of every conversion). A conversion checks no signature; the PDF is
    the same bytes (tests/test_office_ahead.py)."""
    import shutil

    env = {**os.environ, "HOME": work, "TZ": "UTC", "SAL_ENABLE_FILE_LOCKING": "1"}
    run = Path(launcher(program))
    if run.name != "oosplash":  # a start-up script needs the usual PATH for its tools
        return env
    folders = [str(run.parent)]
    paperconf = shutil.which("paperconf")
    if paperconf:
        tools = Path(work, "bin")
        tools.mkdir(exist_ok=True)
        link = tools / "paperconf"
        if not link.is_symlink():
            link.symlink_to(os.path.realpath(paperconf))
        folders.append(str(tools))
    env["PATH"] = os.pathsep.join(folders)
    return env


def program() -> str | None:
    """The LibreOffice program (CONTRACTKIT_SOFFICE, else soffice or libreoffice on PATH), or None."""
    import shutil

    return os.environ.get("CONTRACTKIT_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def launcher(program: str) -> str:
    """What the `soffice` script runs in the end, LibreOffice's oosplash, when it is there: the
    script's probe for Java (javaldx, which laying out a DOCX does not use) takes a second on a
    busy machine. A program with no oosplash beside it is run as it is."""
    found = Path(os.path.realpath(program)).with_name("oosplash")
    return str(found) if found.is_file() and os.access(found, os.X_OK) else program


def arguments(profile: str) -> list[str]:
    return [f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck"]


def ahead(program: str) -> None:
    """Start LibreOffice now for a conversion later in this command (once per command). A signal
    that comes meanwhile is acted on once the process is recorded (render/officesignals.py);
    in a thread other than the main one, where that cannot be arranged, nothing is started."""
    if _ahead or not officesignals.guard(_kill_all):
        return
    import atexit

    with officesignals.held():
        work = tempfile.mkdtemp(prefix=officework.prefix(), dir=officework.parent())
        profile = Path(work, "profile").as_uri()
        fresh = not prepare(work, program)
        try:
            process = subprocess.Popen([launcher(program), *arguments(profile)], stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                       env=environment(work, program), start_new_session=True)
        except OSError:
            _remove(work)
            officesignals.unguard()
            return
        _ahead.append(Office(process, work, fresh))
        _owner[:] = [os.getpid()]
        atexit.register(stop)


def word_documents(project_text: str, template: Path | None) -> set[str]:
    """The documents a render will lay out from a Word template, as far as a glance at the
    project's text and --template tells (the one `--doc` names is "*")."""
    if template is not None:
        return {"*"} if template.suffix.lower() == ".docx" and _word_template_at_a_glance(template) else set()
    return {m.group(1).lower() for m in WORD_DOCX.finditer(project_text)}


GLANCE = 4_000_000
"""Bytes of word/document.xml read at a glance (a contract's is well under 1 MB)."""


def _word_template_at_a_glance(path: Path) -> bool:
    """userdocx.is_word_template's answer without its package checks (which load lxml and
    python-docx's part checks: tens of ms before LibreOffice could start): a hint only, since
    the command checks the package in full before it fills or converts anything. Wrong either way,
    LibreOffice is started for nothing (and ended with the command) or the PDF is laid out cold."""
    import zipfile

    from contractkit.render.wordtags import JINJA_TAG, LETTERHEAD_BODY

    try:
        with zipfile.ZipFile(path) as package:
            with package.open("word/document.xml") as part:
                xml = part.read(GLANCE)
    except (OSError, KeyError, ValueError, RuntimeError, NotImplementedError, zipfile.BadZipFile, EOFError):
        return False
    text = re.sub(r"<[^>]+>", "", xml.decode("utf-8", "replace"))
    return bool(JINJA_TAG.search(text)) and not LETTERHEAD_BODY.search(text)


def take() -> Office | None:
    """The instance started ahead, still running, for one conversion (None: convert cold)."""
    office = _ahead[0] if _ahead else None
    if office is None or office.process.poll() is not None or getattr(office, "taken", False):
        return None
    office.taken = True  # type: ignore[attr-defined]
    return office


def request(office: Office, args: list[str], timeout: float) -> bool:
    """Hand `args` (a --convert-to) to the instance over its pipe, as a second `soffice` would
    (desktop/source/app/officeipcthread.cxx: it says SendArguments once it is ready, takes
    "InternalIPC::Arguments" + "1" + the working folder's URL + ","-joined escaped arguments + NUL,
    and says ProcessingDone once the request is carried out); False if it does not answer so.
    An instance making a new profile starts again once (its pipe closes unanswered): it is asked
    again while it runs, up to PIPE_WAIT seconds."""
    import socket

    message = "InternalIPC::Arguments1" + _escaped(Path(office.work).as_uri())
    message = (message + "".join("," + _escaped(arg) for arg in args)).encode("utf-8") + b"\0"
    deadline = time.monotonic() + PIPE_WAIT
    while time.monotonic() < deadline and office.process.poll() is None:
        path = next((p for p in pipe_path(office.profile) if os.path.exists(p)), None)
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as pipe:
                if path is None:
                    raise ConnectionRefusedError
                pipe.settimeout(timeout)
                pipe.connect(path)
                if _said(pipe) == b"InternalIPC::SendArguments":
                    pipe.sendall(message)
                    return _said(pipe) == b"InternalIPC::ProcessingDone"
        except (ConnectionRefusedError, FileNotFoundError):
            pass
        except OSError:  # a timeout too
            return False
        time.sleep(0.005)  # each wait adds half of itself, on average, to the command
    return False


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace("\0", "\\0")


def _said(pipe) -> bytes:
    """One NUL-terminated message from the instance (at most 1 KiB)."""
    data = b""
    while not data.endswith(b"\0") and len(data) < 1024:
        chunk = pipe.recv(1024)
        if not chunk:
            break
        data += chunk
    return data.rstrip(b"\0")


def pipe_path(profile: str) -> list[str]:
    """Where LibreOffice makes the pipe of an instance on `profile` (desktop/source/app/
    officeipcthread.cxx: MD5 of the profile URL in UTF-16, each byte in hex; sal's pipe folder)."""
    digest = "".join(f"{b:x}" for b in hashlib.md5(profile.encode("utf-16-le")).digest())
    name = f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_{digest}"
    return [os.path.join(folder, name) for folder in ("/tmp", "/var/tmp")]


def done(office: Office, program: str) -> None:
    """After the instance's one conversion: a new profile is cached once the instance has exited
    by itself (it does, having served its request); then it is ended (stop)."""
    if office.fresh:
        try:
            if office.process.wait(timeout=2) == 0:
                keep(office.work, program)
        except subprocess.TimeoutExpired:
            pass
    _kill(office)
    _clear(office)


def _clear(office: Office) -> None:
    """Reap the ended instance and remove its folder (a profile of some fifty folders: each
    rmdir waits on the file system's journal) in a thread, while the command finishes the PDF
    and writes it; stop() waits for it."""
    import threading

    def clear() -> None:
        office.process.wait()
        remove_pipe(office.profile)
        _remove(office.work)

    office.clearing = thread = threading.Thread(target=clear, name="contractkit-office", daemon=True)
    thread.start()


# --- the profile, made once ----------------------------------------------------------------------
# LibreOffice's first start on a new profile writes its settings there (~0.5 MB), which costs as
# much as a conversion. A profile LibreOffice left in order, having exited by itself, is kept in
# the cache (cache.py: checksummed, keyed by the program) and copied into each throw-away folder.

def _key(program: str) -> str | None:
    from contractkit import cache

    real = Path(os.path.realpath(program))
    binary = real.with_name("soffice.bin")
    try:
        binary = binary.stat() if binary.exists() else real.stat()
    except OSError:
        return None
    return cache.key("office-profile", str(real), binary.st_size, binary.st_mtime_ns)


def prepare(work: str, program: str) -> bool:
    """work/profile from the cached profile; False when none is cached (LibreOffice makes one)."""
    import io
    import tarfile

    from contractkit import cache

    name = _key(program)
    data = cache.read("office", name) if name else None
    if data is None:
        return False
    try:
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            _unpack(archive, Path(work, "profile"))
    except (tarfile.TarError, OSError, ValueError):
        _remove(str(Path(work, "profile")))
        return False
    return True


def _unpack(archive, folder: Path) -> None:
    """What keep() archives, folders and regular files under relative names, written in
    `folder`; anything else is a ValueError. (tarfile's "data" filter checks each member against
    the file system: half of the time it takes, before LibreOffice can start.)"""
    for member in archive:
        parts = member.name.split("/")
        if member.name.startswith("/") or any(part in ("", ".", "..") for part in parts):
            raise ValueError(f"unexpected name in the cached profile: {member.name!r}")
        target = folder.joinpath(*parts)
        if member.isdir():
            os.makedirs(target, 0o700, exist_ok=True)
        elif member.isfile():
            os.makedirs(target.parent, 0o700, exist_ok=True)
            data = archive.extractfile(member).read()
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                         (member.mode & 0o755) | 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        else:
            raise ValueError(f"not a folder or a file in the cached profile: {member.name!r}")


def keep(work: str, program: str) -> None:
    """Cache work/profile, which a LibreOffice that exited by itself left (if none is cached)."""
    import io
    import tarfile

    from contractkit import cache

    name = _key(program)
    folder = Path(work, "profile")
    if name is None or not folder.is_dir() or cache.read("office", name) is not None:
        return
    buffer = io.BytesIO()
    try:
        with tarfile.open(fileobj=buffer, mode="w") as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_symlink() or not (path.is_file() or path.is_dir()):
                    continue
                archive.add(path, arcname=str(path.relative_to(folder)), recursive=False)
    except OSError:
        return
    if buffer.tell() <= 16 * 1024 * 1024:
        cache.write("office", name, buffer.getvalue())


def stop() -> None:
    """End the instance started ahead (its whole process group) and remove its folder; a signal
    that comes meanwhile is acted on once that is done."""
    if _owner != [os.getpid()]:
        return
    with officesignals.held():
        while _ahead:
            office = _ahead[-1]
            _kill(office)
            if office.clearing is not None:
                office.clearing.join()
            office.process.wait()
            _ahead.pop()
            remove_pipe(office.profile)
            _remove(office.work)
        officesignals.unguard()


def _kill_all() -> None:
    """SIGKILL to every instance this process started and has not reaped (a signal's first act)."""
    if _owner == [os.getpid()]:
        for office in _ahead:
            _kill(office)


def remove_pipe(profile: str) -> None:
    """The pipe of an instance on `profile` (a throw-away one: nobody else's), which a killed
    instance leaves behind in /tmp."""
    for path in pipe_path(profile):
        try:
            if stat.S_ISSOCK(os.lstat(path).st_mode):
                os.unlink(path)
        except OSError:
            pass


def _kill(office: Office) -> None:
    """SIGKILL to the instance's process group, while its head is not reaped (so the group is
    still its own)."""
    if office.process.returncode is None:
        try:
            os.killpg(office.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _remove(work: str) -> None:
    import shutil

    shutil.rmtree(work, ignore_errors=True)
