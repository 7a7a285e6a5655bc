"""The second-process PDF engine, weasyprint's prebuilt declarations and the parsed-project cache:
each may make a command faster and must never change a byte or a message, nor leave a process."""

import glob
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from tests import processes
from tests.conftest import ROOT, run

SETUP = """
import datetime as dt, os, sys
from contractkit.render import engine
from contractkit.resources import TEMPLATES
os.sched_getaffinity = lambda pid: {0, 1}  # the engine needs two cores; pretend on a one-core runner
engine.allowed = True
css = (TEMPLATES / "style.css").as_uri()
def job(body="<p>Договор № 1 от «1» декабря 2026 г. Agreement No. 1</p>"):
    html = f'<html lang="ru"><head><link rel="stylesheet" href="{css}"></head><body>{body}</body></html>'
    return dict(html=html, base=TEMPLATES, roots=(TEMPLATES,), attachment=b"{}\\n",
                attachment_name="document-data.json", stamp=dt.datetime(2026, 12, 1), extra=None)
def reaped(pid):
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False
"""


def _python(code: str, **env) -> list[str]:
    result = subprocess.run([sys.executable, "-c", SETUP + code], capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "CONTRACTKIT_ENGINE": "1", **env}, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout.split()


def test_the_engine_renders_the_bytes_this_process_would_and_is_reaped(tmp_path):
    out = _python("""
engine.start()
pid = engine._engine.pid
handles = [engine.submit("pdf", **job()), engine.submit("pdf", **job("<h1>Second</h1>")),
           engine.submit("pdf", **job())]
print(all(isinstance(h, tuple) for h in handles), "weasyprint" in sys.modules)
pdfs = [engine.result(h) for h in handles]
engine.stop()
print(reaped(pid))
from contractkit.render.pdf import render_pdf
print(pdfs[0] == pdfs[2] == render_pdf(**job()), pdfs[1] == render_pdf(**job("<h1>Second</h1>")),
      pdfs[0][:8] == b"%PDF-1.7")
""", XDG_CACHE_HOME=str(tmp_path))
    assert out == ["True", "False", "True", "True", "True", "True"]


def test_a_killed_engine_only_costs_time_the_pdf_is_rendered_here(tmp_path):
    out = _python("""
import signal
engine.start()
pid = engine._engine.pid
os.kill(pid, signal.SIGKILL)
pdf = engine.pdf(**job())
print(engine._engine is None, reaped(pid))
from contractkit.render.pdf import render_pdf
print(pdf == render_pdf(**job()))
""", XDG_CACHE_HOME=str(tmp_path), TMPDIR=str(tmp_path))  # the killed engine's folder goes with tmp_path
    assert out == ["True", "True", "True"]


def test_an_error_in_the_engine_is_the_error_this_process_would_raise(tmp_path):
    out = _python("""
from contractkit.errors import RenderError
from contractkit.render.pdf import render_pdf
bad = job('<img src="file:///etc/hostname">')
engine.start()
try:
    engine.pdf(**bad)
except RenderError as exc:
    there = (exc.message, exc.hint)
engine.stop()
try:
    render_pdf(**bad)
except RenderError as exc:
    here = (exc.message, exc.hint)
print(there == here, "refused" in here[0])
""", XDG_CACHE_HOME=str(tmp_path))
    assert out == ["True", "True"]


def test_an_engine_nobody_asked_is_killed_at_exit_not_waited_for(tmp_path):
    out = _python("""
engine.start()
pid = engine._engine.pid
engine.stop()
print(reaped(pid))
""", XDG_CACHE_HOME=str(tmp_path))
    assert out == ["True"]


COMMAND = """
import atexit, threading, contractkit.cli
forks = []
def report():  # runs last: after the engine is reaped
    print(len(forks), all(reaped(pid) for pid in forks), "jinja2" in sys.modules, "docx" in sys.modules,
          file=sys.stderr)
atexit.register(report)
real_fork = os.fork
def fork():
    pid = real_fork()
    if pid:
        forks.append(pid)
    return pid
os.fork = fork
sys.argv = ["contractkit", *sys.argv[1:]]
contractkit.cli.main()
"""


def _command(tmp_path, setting: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SETUP + COMMAND, *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=180,
                          env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"),
                               "CONTRACTKIT_ENGINE": setting})


@pytest.mark.parametrize("docs, formats, made, loaded", [
    ("contract,scope", "pdf,docx", 4, ["True", "True"]),  # the engine lays out PDFs; DOCX made here
    ("contract,scope,payments", "docx", 3, ["False", "False"]),  # the engine makes the DOCX from data
])
def test_the_command_forks_one_engine_and_writes_the_same_bytes(ru_project, tmp_path, docs, formats, made,
                                                                 loaded):
    """The real command forks once; CONTRACTKIT_ENGINE=0 renders in one process, byte for byte the
    same. With no PDF wanted, the engine renders each template and converts it: the command itself
    never loads Jinja or python-docx."""
    outputs = {}
    for setting in ("1", "0"):
        out = tmp_path / f"engine-{setting}"
        result = _command(tmp_path, setting, "render", ru_project, "--doc", docs, "--format", formats,
                          "--out", out)
        assert result.returncode == 0, result.stderr
        outputs[setting] = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
        report = result.stderr.split()[-4:]
        assert report == (["1", "True", *loaded] if setting == "1" else ["0", "True", "True", "True"])
    assert len(outputs["1"]) == made
    assert outputs["1"] == outputs["0"]


def test_a_letterhead_error_in_the_engine_reads_as_it_would_without_one(ru_project, tmp_path):
    from docx import Document

    letterhead = tmp_path / "no-body.docx"
    Document().save(letterhead)  # a letterhead without {{p body }}
    seen = set()
    for setting in ("1", "0"):
        result = _command(tmp_path, setting, "render", ru_project, "--doc", "contract", "--format", "docx",
                          "--template", letterhead, "--out", tmp_path / "never")
        assert result.returncode == 1
        message = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(message) == 1 and "{{p body }}" in message[0] and "Traceback" not in result.stderr
        seen.add(message[0])
    assert len(seen) == 1
    assert not (tmp_path / "never").exists()


def test_a_killed_docx_engine_only_costs_time_the_docx_is_made_here(tmp_path):
    out = _python("""
import signal
from contractkit.render.docx import html_to_docx
docx_job = dict(html=job()["html"], skeleton=TEMPLATES / "letterhead.docx",
                fields={"running_head": "Договор", "page_label": "Страница", "of_label": "из"},
                stamp=dt.datetime(2026, 12, 1), meta={"title": "T", "author": "A", "language": "ru-RU"})
engine.start(("docx",))
pid = engine._engine.pid
print(engine.serves("docx"), engine.serves("pdf"))
os.kill(pid, signal.SIGKILL)
made = engine.result(engine.submit("docx", **docx_job))
print(engine._engine is None, reaped(pid), made == html_to_docx(**docx_job), made[:2] == b"PK")
""", XDG_CACHE_HOME=str(tmp_path), TMPDIR=str(tmp_path))  # the killed engine's folder goes with tmp_path
    assert out == ["True", "False", "True", "True", "True", "True"]


def test_the_command_leaves_without_teardown_yet_keeps_exit_codes_output_and_threads(ru_project, tmp_path):
    """cli.leave: atexit handlers run and output is flushed, then the process ends; a thread still
    working makes it exit the usual way, which waits for the thread."""
    def command(*args, code=""):
        return subprocess.run([sys.executable, "-c", SETUP + code + COMMAND, *map(str, args)], cwd=ROOT,
                              capture_output=True, text=True, timeout=180,
                              env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})

    listing = command("--help")
    usual = subprocess.run([sys.executable, "-c", "from contractkit.cli import cli; cli(prog_name='contractkit')",
                            "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert listing.returncode == usual.returncode == 0
    assert listing.stdout == usual.stdout and "Usage: contractkit" in usual.stdout
    assert command("render", tmp_path / "nowhere").returncode == 1
    assert command("no-such-command").returncode == 2
    marker = tmp_path / "thread-finished"
    slow = f"""
import time
def finish():
    time.sleep(0.5)
    open({str(marker)!r}, "w").close()
threading.Thread(target=finish).start()
"""
    assert command("--help", code="import threading\n" + slow).returncode == 0
    assert marker.exists()


def test_a_reader_closing_the_pipe_ends_the_command_quietly(tmp_path):
    """`contractkit schema | head -1`: no internal error, no traceback, exit status 1 as click
    gives for its own output (help) meeting a closed pipe."""
    for args, codes in ((["schema"], (1,)), (["--help"], (1,)), (["--version"], (1,))):
        command = subprocess.Popen([sys.executable, "-m", "contractkit", *args], cwd=tmp_path,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        command.stdout.close()  # the reader is gone before the first line
        stderr = command.stderr.read().decode()
        assert command.wait(timeout=60) in codes, stderr
        assert stderr == ""


def test_commands_called_in_process_never_fork(ru_project, tmp_path):
    from contractkit.render import engine

    run("render", ru_project, "--doc", "contract", "--format", "pdf", "--out", tmp_path / "out")
    assert engine.allowed is False
    assert engine._engine is None


def test_weasyprint_loads_prebuilt_declarations_and_never_executes_the_cache(tmp_path):
    code = """
from contractkit.render.pdf import _import_weasyprint
_import_weasyprint()
import _cffi_backend, weasyprint.text.ffi as declared, weasyprint.text.fonts as fonts
print(type(declared.ffi) is _cffi_backend.FFI, fonts.ffi is declared.ffi, "pycparser" in sys.modules)
"""
    cache = tmp_path / "cache"
    assert _python(code, XDG_CACHE_HOME=str(cache)) == ["True", "True", "True"]  # made once
    assert _python(code, XDG_CACHE_HOME=str(cache)) == ["True", "True", "False"]  # then read
    assert _python(code, XDG_CACHE_HOME=str(cache), CONTRACTKIT_NO_CACHE="cffi") == ["False", "True", "True"]
    from contractkit import cache as disk

    entries = [p for p in (cache / "contractkit" / "cffi").rglob("*") if p.is_file()]
    assert len(entries) == 1
    marker = tmp_path / "executed"
    payload = f'{{"module": "import os\\nos.system(\\"touch {marker}\\")\\nffi = 1\\n"}}'.encode()
    os.environ["XDG_CACHE_HOME"] = str(cache)
    try:
        disk.write("cffi", entries[0].name, payload)  # a well-formed entry of the wrong shape
    finally:
        os.environ.pop("XDG_CACHE_HOME")
    assert _python(code, XDG_CACHE_HOME=str(cache)) == ["True", "True", "True"]  # parsed again
    assert not marker.exists()
    os.environ["XDG_CACHE_HOME"] = str(cache)
    try:  # tables of the right shape that cffi refuses: made again and the entry replaced
        refused = b'{"module": "import _cffi_backend\\nffi = _cffi_backend.FFI(1)\\n"}'
        disk.write("cffi", entries[0].name, refused)
        assert _python(code, XDG_CACHE_HOME=str(cache)) == ["True", "True", "True"]
        assert disk.read("cffi", entries[0].name) not in (None, refused)
        assert _python(code, XDG_CACHE_HOME=str(cache)) == ["True", "True", "False"]
    finally:
        os.environ.pop("XDG_CACHE_HOME")


def test_the_variable_font_instancer_loads_when_first_called():
    out = _python("""
from contractkit.render.pdf import _import_weasyprint
_import_weasyprint()
import weasyprint.pdf.fonts as pdf_fonts
from fontTools.ttLib import TTFont
print(hasattr(sys.modules["fontTools.varLib.instancer"], "instantiateAvar"))
try:
    pdf_fonts.instantiateVariableFont(TTFont(str(TEMPLATES / "fonts" / sorted(
        p.name for p in (TEMPLATES / "fonts").glob("*.ttf"))[0])), {})
except Exception as exc:
    print(type(exc).__name__)
print(hasattr(sys.modules["fontTools.varLib.instancer"], "instantiateAvar"))
""")
    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    from contractkit.resources import TEMPLATES

    font = sorted((TEMPLATES / "fonts").glob("*.ttf"))[0]
    with pytest.raises(Exception) as real:
        instantiateVariableFont(TTFont(str(font)), {})
    assert out == ["False", type(real.value).__name__, "True"]


def test_a_parsed_project_comes_from_the_cache_equal_and_a_hostile_entry_is_refused(tmp_path, monkeypatch):
    from contractkit import cache
    from contractkit.load import parse_document, parse_project, project_key

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    text = (ROOT / "projects" / "romashka-site" / "project.yaml").read_text(encoding="utf-8")
    fresh = parse_document(text).project
    assert parse_project(text) == fresh  # parsed, then kept
    entries = list((tmp_path / "contractkit" / "project").rglob("*"))
    assert [p for p in entries if p.is_file()]
    assert parse_project(text) == fresh  # read back
    marker = tmp_path / "executed"

    class Hostile:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    key = project_key(text)
    cache.write("project", key, pickle.dumps(Hostile()))
    assert parse_project(text) == fresh
    assert not marker.exists()
    cache.write("project", key, pickle.dumps({"not": "a project"}))
    assert parse_project(text) == fresh
    other = text.replace("\ntitle: Корпоративный сайт", "\ntitle: Другой сайт", 1)
    assert other != text
    cache.write("project", project_key(other), cache.read("project", key))  # another text's entry, copied
    assert parse_project(other).title != fresh.title


def public(value):
    """model_dump() without the private fields, at every level."""
    from contractkit.model.types import PRIVATE

    if isinstance(value, dict):
        return {k: public(v) for k, v in value.items() if k not in PRIVATE}
    if isinstance(value, list):
        return [public(v) for v in value]
    return value


def test_plain_data_for_templates_equals_pydantic_model_dump():
    from contractkit.load import parse_document
    from contractkit.model.types import Model

    files = glob.glob(str(ROOT / "projects" / "*" / "project.yaml"))
    files += glob.glob(str(ROOT / "tests" / "data" / "*.yaml"))
    seen = 0

    def walk(model):
        nonlocal seen
        assert model.plain() == public(model.model_dump())  # notes: never in what templates see
        assert model.plain(exclude={"id"}) == public(model.model_dump(exclude={"id"}))
        seen += 1
        for name in type(model).model_fields:
            value = getattr(model, name)
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(item, Model):
                    walk(item)

    for file in files:
        try:
            project = parse_document(Path(file).read_text(encoding="utf-8")).project
        except Exception:  # noqa: BLE001 - scenario files that are not project files
            continue
        walk(project)
    assert seen > 50


def _global_call(module: str, name: str, argument: str) -> bytes:
    """A protocol-4 pickle that calls module.name(argument) (STACK_GLOBAL, then REDUCE)."""
    def text(value: str) -> bytes:
        data = value.encode()
        return b"\x8c" + bytes([len(data)]) + data
    return b"\x80\x04" + text(module) + text(name) + b"\x93" + text(argument) + b"\x85R."


def test_a_cached_object_is_never_built_from_a_function_or_an_attribute_path(tmp_path, monkeypatch):
    """A model module imports re and defines functions: neither may be reached from an entry."""
    from contractkit import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    live = _global_call("contractkit.model.types", "re.compile", "x+")
    assert pickle.loads(live).pattern == "x+"  # plain pickle would call it
    marker = tmp_path / "executed"
    payloads = [live, _global_call("contractkit.model.types", "_decimal", "1"),
                _global_call("posix", "system", f"touch {marker}"), pickle.dumps(os.system)]
    for i, payload in enumerate(payloads):
        cache.write("project", f"{i:064x}", payload)
        assert cache.read_objects("project", f"{i:064x}", ("contractkit.model.",)) is None
    assert not marker.exists()
    decimal = __import__("decimal").Decimal("1.5")
    cache.write("project", "f" * 64, pickle.dumps(("f" * 64, {"d": decimal, "s": {1}})))
    assert cache.read_objects("project", "f" * 64, ("contractkit.model.",)) == {"d": decimal, "s": {1}}



def _run_python(code: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=180)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_a_docx_render_forks_its_engine_before_the_model_loads_and_the_job_needs_no_pydantic(ru_project, tmp_path):
    """The engine loads python-docx on the other core while the command loads the model: it must
    fork before the model loads (the CLI wires the signature checker through store/trusthooks.py,
    not trust.py), and the DOCX job it then runs must not load pydantic itself (bounds.py)."""
    out = _run_python(f"""
import sys
from contractkit.render import engine
loaded = []
engine.start = lambda kinds=("pdf",): loaded.append(sorted(
    m for m in sys.modules if m.startswith(("pydantic", "contractkit.model")) or m == "contractkit.store.trust"))
from contractkit.cli import cli
try:
    cli(["render", {str(ru_project)!r}, "--doc", "contract", "--format", "docx", "--out", {str(tmp_path)!r}])
except SystemExit as done:
    assert not done.code, done.code
print("loaded at the fork:", loaded)
""")
    assert out[-1] == "loaded at the fork: [[]]"
    assert list(tmp_path.glob("*.docx"))
    out = _run_python("import sys\nimport contractkit.bounds, contractkit.workspace, contractkit.render.docx, "
                      "contractkit.render.sandbox\nprint(sorted(m for m in sys.modules if 'pydantic' in m))")
    assert out == ["[]"]


def test_the_engine_warm_up_registers_the_fonts_the_document_would_and_changes_no_byte(tmp_path):
    """pdf.warm reads the bundled stylesheet into the font configuration before any job: the
    document then finds every font it registers already there (none added), and its PDF is the one
    a process without the warm-up makes; the engine freezes its heap (gc) as it warms up."""
    warmed = _python("""
import gc, hashlib
from contractkit.render import pdf
for _ in pdf.warm():
    pass
folder = pdf._font_config()._folder
fonts = sorted(os.listdir(folder))
made = pdf.render_pdf(**job("<p>Договор</p><p><b>Итого</b> <i>146 375,00 ₽</i></p>"))
print(len(fonts), fonts == sorted(os.listdir(folder)), hashlib.sha256(made).hexdigest())
engine.start()
handle = engine.submit("pdf", **job())
print(engine.result(handle) == pdf.render_pdf(**job()))
engine.stop()
pdf.release()
""", XDG_CACHE_HOME=str(tmp_path))
    cold = _python("""
import hashlib
from contractkit.render import pdf
made = pdf.render_pdf(**job("<p>Договор</p><p><b>Итого</b> <i>146 375,00 ₽</i></p>"))
print(len(os.listdir(pdf._font_config()._folder)), hashlib.sha256(made).hexdigest())
pdf.release()
""", XDG_CACHE_HOME=str(tmp_path))
    assert warmed[0] == "8" and warmed[1] == "True" and warmed[3] == "True"  # style.css: 8 @font-face
    assert cold == ["8", warmed[2]]


def test_the_engine_keeps_the_collector_off_what_it_was_forked_with(tmp_path):
    """engine._settle: the engine freezes its heap (the command's objects it inherited, then each
    warm-up step's), so a full collection during a layout walks only the document's objects; the
    command's own heap is left as it was."""
    out = _python("""
import gc
engine.WORK["probe"] = ("gc", "get_freeze_count")  # a job answering what the engine froze
engine.start()
handle = engine.submit("probe")
print(engine.result(handle) > 1000, gc.get_freeze_count())
engine.stop()
""", XDG_CACHE_HOME=str(tmp_path))
    assert out == ["True", "0"]


def _killed_command_leaves_none(code: str, tmp_path, count: int) -> None:
    """Run `code` (it starts `count` forked children busy with a job that never ends, then prints
    "ready"), SIGKILL it as the OOM killer or a test would, and see its children go too: nothing of
    the command goes on writing into the folder the user is now removing. (Without it, a child
    would end only when its job did, and these jobs never do.)"""
    import signal

    proc = subprocess.Popen([sys.executable, "-c", SETUP + code], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "CONTRACTKIT_ENGINE": "1", "XDG_CACHE_HOME": str(tmp_path)})
    children: list[int] = []
    try:
        assert proc.stdout.readline().strip() == "ready"
        children = processes.children(proc.pid)
        assert len(children) == count
        proc.kill()
        proc.wait()
        assert processes.still_running(children) == []
    finally:
        for child in children:
            try:
                os.kill(child, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.kill()
        proc.wait()


def test_a_killed_command_takes_its_engine_with_it(tmp_path):
    """children.die_with_parent in the engine (PR_SET_PDEATHSIG)."""
    _killed_command_leaves_none("""
import time
def hang():
    time.sleep(600)
engine.WORK["hang"] = ("__main__", "hang")  # the engine is forked: it finds this very function
engine.start()
engine.submit("hang")
time.sleep(1)
print("ready", flush=True)
engine.result(engine.submit("hang"))
""", tmp_path, 1)


def test_a_killed_render_all_takes_its_workers_with_it(tmp_path):
    """children.die_with_parent in each worker of `render --all` (flows/batch.py)."""
    _killed_command_leaves_none("""
import threading, time
from pathlib import Path
from contractkit.flows import batch
def hang(*args):
    time.sleep(600)
batch.render_one = hang  # the workers are forked: they find this very function
threading.Timer(3, lambda: print("ready", flush=True)).start()
batch.render_all([Path("a"), Path("b")], ["contract"], ["pdf"], jobs=2)
""", tmp_path, 2)
