"""The rows `make bench` measures, and BENCHMARKS.md written from them."""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
from pathlib import Path

ROWS: list[dict] = []
LOAD: dict[str, tuple[float, float, float]] = {}

NOTES = """\
## What was changed, and where each gain comes from

- **The PDF engine on the second core** (contractkit/render/engine.py): a command that makes PDFs
  forks a second process as it begins. That process imports weasyprint while the command reads
  the project and builds the HTML, then lays out each PDF while the command builds the next
  document and the DOCX. It runs the same function on the same inputs, so the bytes are the
  same; it ends with the command (killed if nothing is left to ask of it), and if it fails in any
  way the command renders the PDF itself. One core, or `CONTRACTKIT_ENGINE=0`: one process, as
  before (the "on one core" row).
- **DOCX by the engine too** (render/engine.py, render/docx.py `page_to_docx`): a command making
  DOCX and no PDF forks the same engine, which loads python-docx, docxtpl, Jinja and the locale
  data (and opens the bundled letterhead) while the command reads the project; the command then
  sends it each document's template data, and the engine renders, typesets and converts it. The
  command itself never imports Jinja or python-docx. Warm-up runs in steps and stops early when
  a job is already waiting.
- **PDF writing** (render/pdfwrite.py): pydyf deflated every page and font twice at level 9
  (once to write it, once for the /ID hash): each stream's data is now computed once per write,
  the finished streams on two threads (the command waits meanwhile). Only with pydyf 0.13.0;
  tests/test_pdfwrite.py renders every example document both ways and compares the bytes.
  `CONTRACTKIT_NO_CACHE=drawing` switches it off.
- **Fewer collections** (cli/first.py): importing click, pydantic and Jinja (and, in the engine,
  weasyprint) leaves some 50,000 objects that live as long as the command; with Python's default
  threshold (700) the cycle collector walked them 60-80 times, 10-15 ms on each side before the
  PDF could start. The command process, and the engine it forks, collect every 100,000
  allocations.
- **weasyprint's unused stylesheets** (render/lazysheets.py): its form and presentational-hint
  user-agent stylesheets were parsed on every import; they are parsed on first use (never, for
  our documents): about 10 ms less of the engine's warm-up.
- **The DOCX body as text** (render/wordml.py): the converted HTML is collected as paragraphs,
  runs and tables and written as one WordprocessingML text, parsed once, instead of hundreds of
  python-docx calls that each search the element they add to; the markup is the same, element
  for element (tests/test_docx_body.py compares it with python-docx's own calls on every example
  document and on generated HTML). The contract's conversion: about 50 → 21 ms.
- **Leaving without teardown** (cli/__init__.py `leave`): once the atexit handlers have run and
  the output is flushed, the process ends without freeing every module and object one by one
  (25 ms of each command); with a thread still working it exits the usual way.
- **Typography** (render/typography.py): a rule runs only on text that holds what it needs (a
  space, a digit, a dot, №, a dash), URLs are looked for only where '://', 'www.' or '@' occur,
  and quotes are found by a regex scan instead of a loop over every character (13 → 8 ms for the
  contract; the same text, tests/test_typography.py checks against every rule on every piece).
- **Bytecode, as installed**: `make` and `make bench` write contractkit's bytecode, as pip does
  for an installed package. Runs before 23:30 today were made with PYTHONDONTWRITEBYTECODE set,
  so every contractkit command compiled its ~60 modules (about 60 ms) while the baselines'
  packages did not: those figures were pessimistic by that much. The "before" tree is compiled
  the same way for the before/after rows.
- **weasyprint's C declarations, prebuilt** (contractkit/render/prebuilt.py): weasyprint hands
  cffi about 450 lines of C declarations to parse with pycparser on every import, and cffi parses
  each C type string again on first use during the render. cffi's out-of-line tables, made once
  from those very declarations and kept in the cache (read back as literals, never executed),
  give the same FFI object in 2 ms.
- **weasyprint's library lookup** (contractkit/render/pdf.py): weasyprint tries other platforms'
  library names first, and cffi asks `ctypes.util.find_library` about each miss, which runs
  `ldconfig -p`, `gcc` and `ld` (54 processes per render). While weasyprint is imported that
  function answers "not found" at once, so the Linux soname it would load anyway is reached
  directly; on an unusual system the import falls back to the real lookup. fontTools' subsetter
  and variable-font instancer load on first use (HarfBuzz subsets; our fonts are static).
- **Validated projects, cached** (contractkit/load.py): a project file's validated model is kept
  by its exact text, contractkit's code and the versions of pydantic, babel and ruamel.yaml; it is rebuilt
  only from contractkit's model classes and plain values (a restricted unpickler), so a render
  of an unchanged file skips YAML, validation and pydantic's schema building. Templates get
  their data from `Model.plain()` rather than `model_dump()`, which would build serializers.
- **Caches on disk** (contractkit/cache.py, under `$XDG_CACHE_HOME/contractkit`, never in a
  project): Jinja's compiled templates (checked by Jinja against the source), the code points the
  bundled fonts cover (keyed by the fonts' bytes), a year of a country's working days and the
  list of supported calendars (keyed by the `holidays` package's RECORD), name declensions,
  court names, list casing and sums in words (keyed by the arguments, the module's source and
  pymorphy3's / num2words' RECORD: a warm render loads neither), `list`'s rows (keyed by the
  project file's bytes and contractkit's source) and parsed change records (keyed by the git
  tree id of `changes/`). Each entry carries a SHA-256 of itself; a corrupt, foreign or stale
  entry is ignored and recomputed. `CONTRACTKIT_NO_CACHE=1` (or a list of kinds) turns them off;
  output is byte-identical either way (tests/test_speed.py, tests/test_engine.py).
- **`holidays`**: a cache miss imports the one country's module, not the package's 250.
- **Imports**: a plain render no longer imports the history, the ledger, the addendum builder or
  the billing book; `--help` imports no command's dependencies.
- **The unrecorded-edits warning** of `render` compares git object ids (`git rev-parse
  HEAD:project.yaml` against the file's own blob hash): one git process, no GitPython, no change
  record read; only an edited signed project reads its signatures.
- **`list`** prints plain aligned text (the same layout rich printed) from cached cells.
- **A Word template's checks, once per input** (render/docxpassed.py): a package part that passed
  docxparts' checks is not checked again with the very same inputs (bytes, name, type, links,
  the package's shaded styles). The template's styles parts (about 800 KB of XML in the example,
  most of the check) come back byte for byte in the document filled from it, and big parts'
  passes are kept in the cache keyed by the checking modules, contractkit's source and lxml: the
  two checks of a render took about 230 ms of CPU, now about 25 (in process, a loaded machine).
  A refusal is never kept. `CONTRACTKIT_NO_CACHE=docxparts` turns the disk part off.

## Where the remaining time goes

- A cold `render --doc contract --format pdf` is now about 45 ms of Python start-up and click,
  about 170 ms of contractkit building the HTML (pydantic and our models, Jinja and babel, the
  context, the template, typography) while the engine imports weasyprint, then weasyprint's
  layout and PDF writing in the engine (about 280 ms), its floor.
- A cold `render --doc contract --format docx` is about 45 ms of start-up, about 110 ms of the
  command reading the project (pydantic's import is most of it) while the engine loads
  python-docx and Jinja, then about 40 ms of the engine's own work (template 9 ms, typography
  9 ms, conversion and writing 21 ms). The plain docxtpl fill does only the last part's kind of
  work, on a document without tables or formatting.
- `render --all` scales with the cores only on an idle machine.
"""


def start() -> None:
    LOAD["start"] = os.getloadavg()


def row(what: str, ours: list[float], baseline: str, base: list[float] | None, target: str,
        met: bool | None = None, note: str = "") -> None:
    ratio = statistics.median(ours) / statistics.median(base) if base else None
    ROWS.append({
        "what": what, "ours": _ms(statistics.median(ours)), "ours_spread": _spread(ours),
        "baseline": baseline, "base": _ms(statistics.median(base)) if base else "",
        "base_spread": _spread(base) if base else "", "ratio": f"{ratio:.2f}×" if ratio else "",
        "target": target, "met": "" if met is None else ("yes" if met else "**no**"), "note": note,
    })
    print(f"{what}: {ROWS[-1]['ours']} vs {ROWS[-1]['base']} {ROWS[-1]['ratio']} {ROWS[-1]['met']} {note}",
          flush=True)


def missing(what: str, baseline: str, target: str, why: str = "not installed") -> None:
    ROWS.append({"what": what, "ours": "", "ours_spread": "", "baseline": baseline, "base": "n/a",
                 "base_spread": "", "ratio": "", "target": target, "met": "", "note": why})
    print(f"{what}: {baseline}: {why}", flush=True)


def memory(ours: float, libreoffice: float | None) -> None:
    ROWS.append({
        "what": "peak memory of one contract PDF render (whole process tree)", "ours": f"{ours:.0f} MiB",
        "ours_spread": "n=1", "baseline": "LibreOffice converting the same DOCX" if libreoffice else
        "LibreOffice (not installed)", "base": f"{libreoffice:.0f} MiB" if libreoffice else "n/a",
        "base_spread": "n=1", "ratio": f"{ours / libreoffice:.2f}×" if libreoffice else "",
        "target": "< LibreOffice",
        "met": "" if not libreoffice else ("yes" if ours < libreoffice else "**no**"),
        "note": "peak of the summed RSS of every process in the tree, sampled every 5 ms",
    })
    print(f"memory: {ours:.0f} MiB vs {libreoffice} MiB", flush=True)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return (f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def write(path: Path, seconds: float, parts: list[str]) -> None:
    load = LOAD.get("start", (0, 0, 0))
    end = os.getloadavg()
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (benchmarks/run.py). Every figure is a **cold process** unless the row",
        "says *in process*. Pairs run interleaved (A B, B A, …) after one warm-up each; the figure is",
        "the median, the spread min–max; the ratio is contractkit ÷ the baseline in the same run.",
        "",
        f"- Machine: {machine()}.",
        f"- Date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC; whole run {seconds:.0f} s; "
        f"parts: {', '.join(parts)}.",
        f"- Load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; at the end: "
        f"{end[0]:.2f} {end[1]:.2f} {end[2]:.2f} (above ~0.5 on 2 cores, read the ratios, not the times).",
        "",
        "| what | contractkit | spread | baseline | baseline median | spread | ratio | target | met | note |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in ROWS:
        lines.append(f"| {r['what']} | {r['ours']} | {r['ours_spread']} | {r['baseline']} | {r['base']} "
                     f"| {r['base_spread']} | {r['ratio']} | {r['target']} | {r['met']} | {r['note']} |")
    lines += ["", NOTES]
    path.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {path}")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _spread(xs: list[float]) -> str:
    if len(xs) < 2:
        return "n=1"
    return f"{min(xs) * 1000:.0f}–{max(xs) * 1000:.0f} ms (n={len(xs)})"
