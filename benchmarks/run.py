"""`make bench`: contractkit against what a user would otherwise run, side by side -> BENCHMARKS.md.

Every pair is measured in the same run, interleaved, and reported as medians with their spread
and the ratio to the baseline. Nothing here asserts a time: benchmarks are not tests.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CK = str(BIN / "contractkit")
EXAMPLE = ROOT / "projects" / "romashka-site"
ENV = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
       "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
ROWS: list[dict] = []


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def pair(fn_a, fn_b, repeat: int) -> tuple[list[float], list[float]]:
    """Interleave two measurements in ABBA order, so noise and warm caches hit both alike."""
    a, b = [], []
    for i in range(repeat):
        if i % 2:
            b += timed(fn_b, 1)
            a += timed(fn_a, 1)
        else:
            a += timed(fn_a, 1)
            b += timed(fn_b, 1)
    return a, b


def sh(*args: str, cwd: Path | None = None) -> None:
    subprocess.run(args, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def spread(xs: list[float]) -> str:
    if len(xs) < 2:
        return "n=1"
    return f"{min(xs) * 1000:.0f}–{max(xs) * 1000:.0f} ms (n={len(xs)})"


def row(what: str, ours: list[float], baseline_name: str, base: list[float] | None, target: str,
        ok: bool | None = None, note: str = "") -> None:
    ratio = statistics.median(ours) / statistics.median(base) if base else None
    ROWS.append({
        "what": what, "ours": f"{statistics.median(ours) * 1000:.0f} ms", "ours_spread": spread(ours),
        "baseline": baseline_name,
        "base": f"{statistics.median(base) * 1000:.0f} ms" if base else "",
        "ratio": f"{ratio:.2f}×" if ratio else "", "target": target,
        "met": "" if ok is None else ("yes" if ok else "**no**"), "note": note,
    })
    print(f"{what}: {ROWS[-1]['ours']} vs {ROWS[-1]['base']} {ROWS[-1]['ratio']} {note}", flush=True)


def bench_help() -> None:
    ours, base = pair(lambda: sh(CK, "--help"), lambda: sh(sys.executable, "-c", "import click"), 15)
    ratio = statistics.median(ours) / statistics.median(base)
    row("`contractkit --help`, cold process", ours, "`python -c 'import click'`", base, "≤ 1.5×",
        ratio <= 1.5)


def bench_docx() -> None:
    from docxtpl import DocxTemplate

    from contractkit.load import load_project
    from contractkit.render import context as ctx
    from contractkit.render.documents import html_for, look_for, render_documents
    from contractkit.render.docx import _Converter

    project = load_project(EXAMPLE / "project.yaml")
    look = look_for(project, EXAMPLE)
    source = (EXAMPLE / "project.yaml").read_bytes()
    html = html_for("contract.html.j2", ctx.build(project), project, look, "t")

    def ours():
        render_documents(project, EXAMPLE, source, ["contract"], ["docx"], look)

    def bare():
        import io

        import lxml.html
        tpl = DocxTemplate(str(look.docx))
        sub = tpl.new_subdoc()
        _Converter(sub).blocks(lxml.html.document_fromstring(html).find("body"))
        tpl.render({"body": sub, "running_head": "x", "page_label": "p", "of_label": "o"})
        tpl.save(io.BytesIO())

    ours(), bare()
    a, b = pair(ours, bare, 15)
    ratio = statistics.median(a) / statistics.median(b)
    row("RU contract → DOCX, in process", a, "bare docxtpl: the letterhead, the same body", b,
        "≤ 1.3×", ratio <= 1.3, "ours adds: model, context, Jinja, zip normalisation")


def bench_pdf(tmp: Path) -> None:
    from contractkit.load import load_project
    from contractkit.render.documents import look_for, render_documents

    for attempt in ("install", "update-then-install"):
        if shutil.which("soffice"):
            break
        if attempt != "install":
            subprocess.run(["apt-get", "update", "-q"], check=False, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends",
                        "libreoffice-writer-nogui"], check=False, stdout=subprocess.DEVNULL,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    project = load_project(EXAMPLE / "project.yaml")
    look = look_for(project, EXAMPLE)
    source = (EXAMPLE / "project.yaml").read_bytes()
    docx = render_documents(project, EXAMPLE, source, ["contract"], ["docx"], look)
    docx_path = tmp / "contract.docx"
    docx_path.write_bytes(next(iter(docx.values())))

    def ours():
        render_documents(project, EXAMPLE, source, ["contract"], ["pdf"], look)

    def libreoffice():
        sh("soffice", f"-env:UserInstallation=file://{tmp}/lo-profile", "--headless",
           "--convert-to", "pdf", "--outdir", str(tmp / "lo"), str(docx_path))

    if not shutil.which("soffice"):
        row("RU contract → PDF", timed(ours, 5), "LibreOffice (not installable here)", None, "≤ 0.5×")
        return
    ours(), libreoffice()
    a, b = pair(ours, libreoffice, 5)
    ratio = statistics.median(a) / statistics.median(b)
    row("RU contract → PDF/A-3b, in process", a, "LibreOffice headless converting the same DOCX", b,
        "≤ 0.5×", ratio <= 0.5)


def bench_change(tmp: Path) -> None:
    """A change request and its addendum through the CLI, against rendering the contract alone."""
    work = tmp / "change"

    def setup() -> Path:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        sh(CK, "new", "p", "--from-example", "romashka-site", cwd=work)
        sh(CK, "sign", "p", "--date", "2026-12-01", cwd=work)
        path = work / "p" / "project.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("price: 18500", "price: 27750"),
                        encoding="utf-8")
        return work / "p"

    ours, base = [], []
    for _ in range(4):
        project = setup()
        start = time.perf_counter()
        sh(CK, "change", str(project), "-m", "More content", cwd=work)
        sh(CK, "addendum", str(project), "--date", "2026-12-15", cwd=work)
        ours.append(time.perf_counter() - start)
        base += timed(lambda p=project: sh(CK, "render", str(p), "--doc", "contract", cwd=work), 1)
    row("change + addendum (PDF, DOCX), CLI end to end", ours, "`render --doc contract` (PDF, DOCX)",
        base, "report")


def history_repo(tmp: Path, count: int) -> Path:
    """A signed project with `count` change requests, built with git fast-import in seconds."""
    from contractkit.create import new_project
    from contractkit.store import records, workflow
    from contractkit.store.records import ChangeRecord

    path = tmp / f"hist-{count}"
    shutil.rmtree(path, ignore_errors=True)
    os.environ.update({k: v for k, v in ENV.items() if k.startswith("GIT_")})
    new_project(path, "ru")
    workflow.sign(path, dt.date(2026, 12, 1), [],
                  lambda repo, kind, number, date: {"contract.pdf": b"bench"})
    text = (path / "project.yaml").read_text(encoding="utf-8")
    stream = []
    for i in range(1, count + 1):
        yaml = text.replace("price: 18500", f"price: {18500 + i}").encode()
        record = records.dump(ChangeRecord(
            id=f"CR-{i:03d}", title=f"Change {i}", requested_on=dt.date(2026, 12, 2), delta=1,
            total=243500 + i, completion=dt.date(2027, 1, 26)))
        message = f"CR-{i:03d}: Change {i}".encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(b"committer bench <bench@example.com> %d +0000\n" % (1796169600 + i))
        stream.append(b"data %d\n%s\n" % (len(message), message))
        if i == 1:
            stream.append(b"from refs/heads/main^0\n")
        for name, data in ((b"project.yaml", yaml), (records.change_path(f"CR-{i:03d}").encode(), record)):
            stream.append(b"M 100644 inline %s\ndata %d\n%s\n" % (name, len(data), data))
    subprocess.run(["git", "fast-import", "--quiet"], input=b"".join(stream), cwd=path, check=True,
                   env=ENV)
    sh("git", "checkout", "-q", "-f", "main", cwd=path)
    return path


def bench_history(tmp: Path) -> None:
    sizes = (10, 100, 1000)
    repos = {n: history_repo(tmp, n) for n in sizes}
    for command in ("log", "diff"):
        times = {n: timed(lambda p=repos[n], c=command: sh(CK, c, str(p), cwd=tmp), 5) for n in sizes}
        base = times[10]
        for n in sizes:
            per = statistics.median(times[n]) / statistics.median(base)
            ok = None if n == 10 else (per <= n / 10 and statistics.median(times[n]) < 1.0)
            row(f"`{command}` with {n:,} change requests", times[n], f"`{command}` with 10", base,
                "linear or better; 1,000 < 1 s", ok)


def bench_list(tmp: Path) -> None:
    sizes = (10, 100, 1000)
    roots = {}
    for n in sizes:
        root = tmp / f"ws-{n}"
        root.mkdir()
        for i in range(n):
            (root / f"p{i:04d}").mkdir()
            shutil.copy(EXAMPLE / "project.yaml", root / f"p{i:04d}" / "project.yaml")
        roots[n] = root
    times = {n: timed(lambda r=roots[n]: sh(CK, "list", str(r), cwd=tmp), 3) for n in sizes}
    for n in sizes:
        per = statistics.median(times[n]) / statistics.median(times[10])
        row(f"`list` over {n:,} projects", times[n], "`list` over 10", times[10], "linear or better",
            None if n == 10 else per <= n / 10)


def bench_batch(tmp: Path) -> None:
    root = tmp / "batch"
    root.mkdir()
    for i in range(200):
        shutil.copytree(EXAMPLE, root / f"p{i:03d}")
    common = ("render", str(root), "--all", "--doc", "contract", "--format", "pdf")
    one = timed(lambda: sh(CK, *common, "--jobs", "1", cwd=tmp), 1)
    every = timed(lambda: sh(CK, *common, cwd=tmp), 1)
    speedup = statistics.median(one) / statistics.median(every)
    row(f"200 contracts → PDF, `render --all` on {os.cpu_count()} cores", every, "the same, `--jobs 1`",
        one, "≥ 1.7× faster on 2 cores", speedup >= 1.7, f"speed-up {speedup:.2f}×")


def bench_memory(tmp: Path) -> None:
    code = ("import resource; from pathlib import Path; from contractkit.render.output import "
            f"render_project; render_project(Path({str(EXAMPLE)!r}), ['contract'], ['pdf'], "
            f"Path({str(tmp / 'mem')!r})); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    peak = int(out.stdout.strip().splitlines()[-1]) / 1024
    ROWS.append({"what": "peak memory of one PDF render (whole process)", "ours": f"{peak:.0f} MiB",
                 "ours_spread": "n=1", "baseline": "", "base": "", "ratio": "", "target": "report",
                 "met": "", "note": ""})
    print(f"peak memory {peak:.0f} MiB", flush=True)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return (f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, {dt.date.today()}")


def write(started: float) -> None:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (benchmarks/run.py). Medians; the spread is min–max over the runs;",
        "the ratio is ours ÷ baseline, measured side by side in the same run.",
        "",
        f"Machine: {machine()}. Whole run: {time.perf_counter() - started:.0f} s.",
        "",
        "| what | contractkit | spread | baseline | baseline median | ratio | target | met | note |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in ROWS:
        lines.append(f"| {r['what']} | {r['ours']} | {r['ours_spread']} | {r['baseline']} | {r['base']} "
                     f"| {r['ratio']} | {r['target']} | {r['met']} | {r['note']} |")
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {ROOT / 'BENCHMARKS.md'}")


def main() -> None:
    """Run every benchmark, or only those named on the command line (help, docx, pdf, …)."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        os.environ["CONTRACTKIT_HOME"] = ENV["CONTRACTKIT_HOME"] = str(tmp)
        benches = {
            "help": bench_help, "docx": bench_docx, "pdf": lambda: bench_pdf(tmp),
            "change": lambda: bench_change(tmp), "history": lambda: bench_history(tmp),
            "list": lambda: bench_list(tmp), "batch": lambda: bench_batch(tmp),
            "memory": lambda: bench_memory(tmp),
        }
        for key, bench in benches.items():
            if len(sys.argv) == 1 or key in sys.argv[1:]:
                bench()
    write(started)


if __name__ == "__main__":
    main()
