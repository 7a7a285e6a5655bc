"""RELIABILITY.md from the test suite's own results.

Two sections, each rewritten only by the run that produces it: `make test-slow` writes the
faults-and-attacks table, `make test-security` the threat model and one table per attack class
(tests marked ``@pytest.mark.security("<class>")``, whoever wrote them).
"""

from __future__ import annotations

import re
from pathlib import Path

THREAT_MODEL = """\
## Threat model

**Trusted:** the user's own command-line arguments, their global (and system) git configuration,
their environment. **Untrusted:** everything inside a project's tree and its `.git` directory that
could have come from someone else (a teammate's push, a project received as an archive from a
client or a former colleague) and anything a remote sends. Every untrusted input is refused with a
one-line error or handled safely: none runs a program, reads or writes outside the project, or
changes what counts as signed.

How each class is closed by design:

- **Git configuration:** every git process runs with command-scope settings that switch off hooks,
  fsmonitor, pagers, editors, askpass and external diff and allow only the file, ssh and https
  transports; upload-pack and receive-pack are named on the command line; the repository's own
  configuration (local, worktree, included files, any syntax, as `git config --list --show-scope`
  resolves it) may set only a short allow-list of harmless keys, else the repository is refused.
  The repository must be the project's own `.git` directory (a `gitdir:` file or a link is
  refused), and every git process is pinned to it (`GIT_DIR`, `GIT_WORK_TREE`) and ignores
  replace refs. History read in bulk is size-checked before it is read.
- **Signatures:** a signature is a tag plus its record, made by this machine's `sign` (remembered
  in the user's state folder, outside every project) or checked by rendering the tagged version
  again and comparing every hash. Nothing repairs a record into a signature; figures are always
  recomputed from the versions.
- **Killed commands:** a journal covers every step up to the tag; a command killed before it is
  taken back whole (files, index, an untagged commit), so the next run starts afresh.
- **Git states and network:** shallow clones and detached HEADs get a clear message; every network
  call has a timeout, never prompts, and reads nothing from stdin; edits that arrive without a
  change request are reported and kept out of addenda until recorded.
- **Journal:** it is this machine's private state, kept in `.git/contractkit/journal.json` where no
  commit carries it; one that git tracks or a remote's commit carries is refused (sync and clone
  refuse it before taking anything), and every entry (operation, commit, tag, paths: only
  project.yaml and records, relative, no `..`, no link) is checked before anything is replayed.
- **Remote hooks:** on a path or `file://` remote, upload-pack and receive-pack run on this machine
  with git's command-scope settings dropped, so they are started as `git -c core.hooksPath=/dev/null
  … upload-pack` (also no checkout in the remote's tree, no auto-gc, no alternate-refs command);
  a local clone goes through upload-pack (`--no-local`), so no alternates are copied.
- **Git metadata files:** `commondir`, `objects/info/alternates`, `info/grafts` and linked object or
  ref folders are refused like a `gitdir:` file; fetch refspecs may write only `refs/remotes/` and
  every fetch runs with `--refmap=`; attributes that convert bytes (`working-tree-encoding`,
  `filter`, `ident`, `text`, `eol`) are refused in the tree, in `.git/info/attributes`, in a clone
  before its checkout and in the remote's commits before sync takes them; a signature tag that is no
  longer the annotated tag made when it was signed is reported.
"""

START, END = "<!-- {} start: generated, do not edit -->", "<!-- {} end -->"


def security_section(classes: dict[str, str], results: dict[str, list[tuple[str, str, int]]]) -> str:
    """results: class key -> [(test name, outcome, cases)]."""
    lines = [THREAT_MODEL, "## Attack classes (`make test-security`)", "",
             "One table per class, from the security suite's own results: each row is a test (a "
             "parametrized test counts each payload as a case); *held* means the attack was refused or "
             "handled as specified and its marker files, forged signatures or writes outside the "
             "project were checked to be absent.", ""]
    for n, (key, title) in enumerate(classes.items(), 1):
        runs = results.get(key, [])
        tried = sum(c for _, _, c in runs)
        held = sum(c for _, outcome, c in runs if outcome == "passed")
        lines += [f"### {n}. {title} (`{key}`): tried {tried}, held {held}", ""]
        if not runs:
            lines += ["No test of this class ran.", ""]
            continue
        lines += ["| test | tried | held |", "|---|---|---|"]
        by_test: dict[str, list[int]] = {}
        for name, outcome, cases in runs:
            row = by_test.setdefault(name, [0, 0])
            row[0] += cases
            row[1] += cases if outcome == "passed" else 0
        lines += [f"| {name} | {t} | {h} |" for name, (t, h) in by_test.items()]
        lines.append("")
    return "\n".join(lines)


def write_section(target: Path, name: str, body: str) -> None:
    """Replace one generated section of the file, keeping the other."""
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    if START.format("slow") not in text and START.format("security") not in text:
        old = text.removeprefix("# Reliability\n").strip()
        text = "# Reliability\n\n" + "".join(
            f"{START.format(s)}\n{old if s == 'slow' and old else ''}\n{END.format(s)}\n\n"
            for s in ("security", "slow"))
    block = f"{START.format(name)}\n{body.strip()}\n{END.format(name)}"
    pattern = re.compile(re.escape(START.format(name)) + r".*?" + re.escape(END.format(name)), re.DOTALL)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block
    target.write_text(text.rstrip() + "\n", encoding="utf-8")
