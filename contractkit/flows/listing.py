"""The rows of `list`: each project parsed and computed once per content, then read from the cache.

An entry holds the row's cells, keyed by the project file's bytes and by the code and calendar
data that turn them into cells, so an edited file, an upgraded contractkit or new holidays data
all miss the cache. The table is plain aligned text, as fast for 1,000 rows as for 10.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from contractkit.errors import ContractkitError
from contractkit.flows.facts import head_commit

COLUMNS = ("project", "title", "contract", "total", "completion", "status")


@dataclass(frozen=True)
class Row:
    """One line of `list`: the cells after the project's folder name; ok is False on an error."""

    path: Path
    cells: tuple[str, ...]
    ok: bool


def rows(paths: list[Path]) -> list[Row]:
    """A row for each project directory: its figures, or the first line of its error."""
    from contractkit import cache as disk
    from contractkit.load import PROJECT_FILE
    from contractkit.workspace import check_listed

    out = []
    for path in paths:
        try:
            check_listed(path)  # a link in a workspace is reported, never followed
            raw = (path / PROJECT_FILE).read_bytes()
        except ContractkitError as exc:
            out.append(Row(path, ("", "", "", "", exc.lines()[0]), False))
            continue
        except OSError:
            raw = None
        signed = raw is not None and _signed(path)
        # a signed project's figures are its deal state's: they follow its records (HEAD) and the day
        today = (head_commit(path), dt.date.today().isoformat()) if signed else ()
        name = disk.key("list", disk.code_key(), raw, *today) if raw is not None else None
        cells = _valid(disk.read_json("list", name)) if name else None
        if cells is None:
            cells = _compute(path / PROJECT_FILE, signed)
            if name:
                disk.write_json("list", name, cells)
        out.append(Row(path, tuple(cells[1:]), cells[0] == "ok"))
    return out


def _signed(path: Path) -> bool:
    """Whether the repository holds the contract's signature tag, read from .git without git."""
    git = path / ".git"
    try:
        return (git / "refs" / "tags" / "contract").is_file() or any(
            line.endswith(" refs/tags/contract")
            for line in (git / "packed-refs").read_text(encoding="ascii").splitlines())
    except (OSError, UnicodeDecodeError):
        return False


def _compute(file: Path, signed: bool = False) -> list[str]:
    """["ok", title, number, total, completion, "ok"] or ["error", "", "", "", "", message]; a signed
    project's total and completion are the deal state's (the version in force, its deadlines as
    moved), as `status` gives them (issue 21 C5), not the working file's."""
    from contractkit.compute import compute
    from contractkit.load import parse_project, read_source
    from contractkit.words import fmt

    try:
        project = parse_project(read_source(file)[1])
        figures = compute(project)
        total, completion = figures.total, figures.completion
        if signed:
            from contractkit.flows.letters.deal import read_deal

            state, _ = read_deal(file.parent, dt.date.today())
            if state is not None:
                total, completion = state.total, state.completion
    except ContractkitError as exc:
        return ["error", "", "", "", "", exc.lines()[0]]
    except Exception as exc:  # noqa: BLE001 - one broken project must not hide the others
        return ["error", "", "", "", "", f"error: internal error: {type(exc).__name__}"]
    return ["ok", project.title, project.contract.number,
            fmt.money(total, project.currency, project.language), str(completion), "ok"]


def _valid(entry) -> list[str] | None:
    ok = (isinstance(entry, list) and len(entry) == len(COLUMNS)
          and all(isinstance(c, str) for c in entry) and entry[0] in ("ok", "error"))
    return entry if ok else None


def table(found: list[Row], style=lambda text, **_: text) -> list[str]:
    """The rows as aligned lines under a header; style(text, bold=/fg=) may colour them."""
    lines = [(COLUMNS, True, True)] + [((r.path.name, *r.cells), False, r.ok) for r in found]
    widths = [max(_width(cells[i]) for cells, _, _ in lines) for i in range(len(COLUMNS))]
    out = []
    for cells, header, ok in lines:
        padded = [c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)]
        if header:
            padded = [style(p, bold=True) for p in padded]
        elif not ok:
            padded[-1] = style(padded[-1], fg="red")
        out.append(" " + "  ".join(padded) + " ")
    return out


def _width(text: str) -> int:
    """Terminal cells: wide East Asian characters take two, combining marks none."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)
