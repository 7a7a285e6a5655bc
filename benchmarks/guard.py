"""`contractkit guard`'s cost to a push, measured as the pusher waits for it: a plain `git push` of
one change request, of one invoice record (its documents rendered again on the server, issue 27),
and of a newly signed addendum with its tag (rendered again on the server),
to a bare repository with the guard, side by side with the same pushes to one without it.
Cold processes, medians of BENCH_REPEAT (default 5); the table replaces the "Guard" section of
BENCHMARKS.md. Nothing here asserts a time.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
PY = sys.executable
ROOT = Path(__file__).resolve().parent.parent
LAST = "    price: 750\n    days: 2\n"


def sh(*args, cwd=None, env=None) -> str:
    return subprocess.run(args, cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def ck(*args, env) -> None:
    sh(PY, "-m", "contractkit", *map(str, args), env=env)


def timed_push(work: Path, env: dict, guarded: bool, refs: list[str]) -> float:
    """Seconds for `git push` of the next step to a fresh remote holding the signed contract."""
    bare = work / f"remote-{time.monotonic_ns()}.git"
    sh("git", "init", "-q", "--bare", "-b", "main", str(bare))
    project = work / "p"
    signed = sh("git", "-C", str(project), "rev-parse", "contract^{commit}", env=env).strip()
    sh("git", "-C", str(project), "push", "-q", str(bare), f"{signed}:refs/heads/main", "refs/tags/contract",
       env=env)
    if guarded:
        ck("guard", "--install", bare, env=env)
    started = time.perf_counter()
    sh("git", "-C", str(project), "push", "-q", str(bare), *refs, env=env)
    took = time.perf_counter() - started
    shutil.rmtree(bare)
    return took


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="ck-bench-guard-"))
    home = work / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[user]\n\tname = Bench\n\temail = bench@example.com\n")
    env = {**os.environ, "HOME": str(home), "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
           "GIT_CONFIG_NOSYSTEM": "1", "CONTRACTKIT_HOME": str(work), "XDG_CACHE_HOME": str(work / "cache")}
    env.pop("PYTHONPATH", None)
    try:
        ck("new", work / "p", "--lang", "en", env=env)
        ck("sign", work / "p", "--date", "2026-11-30", env=env)
        ck("invoice", work / "p", "1", "--date", "2026-12-01", env=env)  # one invoice, on its own branch
        sh("git", "-C", str(work / "p"), "branch", "invoice", "HEAD", env=env)
        sh("git", "-C", str(work / "p"), "reset", "-q", "--hard", "HEAD~1", env=env)
        text = (work / "p" / "project.yaml").read_text()
        (work / "p" / "project.yaml").write_text(text.replace(LAST, LAST + (
            "  - id: seo\n    title: Seo work\n    acceptance:\n      - Approved in writing\n"
            "    revisions: 1\n    price: 900\n    days: 3\n"), 1))
        ck("change", work / "p", "-m", "SEO audit", env=env)
        sh("git", "-C", str(work / "p"), "branch", "cr", "HEAD", env=env)
        ck("addendum", work / "p", "--date", "2026-12-03", env=env)  # the draft is what is signed
        ck("sign", work / "p", "--date", "2026-12-03", env=env)
        rows = []
        for label, refs, target in (("one change request", ["cr:main"], "≤ 2 s"),
                                    ("one invoice record", ["invoice:main"], "≤ 10 s"),
                                    ("a signed addendum and its tag", ["main:main", "refs/tags/addendum-1"],
                                     "≤ 10 s")):
            plain, guarded = [], []
            for _ in range(REPEAT):
                plain.append(timed_push(work, env, False, refs))
                guarded.append(timed_push(work, env, True, refs))
            a, b = statistics.median(guarded), statistics.median(plain)
            rows.append(f"| push of {label} | {a * 1000:.0f} ms | {b * 1000:.0f} ms | {a - b:+.2f} s "
                        f"| {target} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table = "\n".join([
        "## Guard (benchmarks/guard.py)",
        "",
        "`git push` to a bare repository with `contractkit guard` installed, against the same push to one",
        f"without it; cold processes, medians of {REPEAT}. The target is the guard's own time "
        "(the difference).",
        "",
        "| push | with the guard | without | the guard's time | target |",
        "|---|---|---|---|---|",
        *rows,
        "",
    ])
    print(table)
    bench = ROOT / "BENCHMARKS.md"
    if bench.exists():
        text = bench.read_text()
        section = re.compile(r"## Guard \(benchmarks/guard\.py\).*?(?=\n## |\Z)", re.S)
        text = section.sub(table.rstrip("\n") + "\n", text) if section.search(text) else \
            text.rstrip("\n") + "\n\n" + table
        bench.write_text(text)


if __name__ == "__main__":
    main()
