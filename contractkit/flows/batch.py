"""Render many projects at once: one worker process per core, each keeping its caches warm.

Workers are forked (a copy of this process, its imports included). A spawned worker would start a
new `python -c …` with the current folder first on sys.path, where a project's own `contractkit/`
or `multiprocessing/` folder would run (contractkit/children.py); without fork, one process renders.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from contractkit.children import die_with_parent
from contractkit.errors import ContractkitError


@dataclass(frozen=True)
class Outcome:
    project: Path
    written: list[Path]
    error: str = ""


def render_one(project: Path, docs: list[str], formats: list[str]) -> Outcome:
    """Render one project; an error is reported, not raised, so one bad project stops nothing.
    Called by render_all only (it settles the heap of the process it runs in: _settle)."""
    from contractkit.flows.output import render_project
    from contractkit.plaintext import printable
    from contractkit.workspace import check_listed

    try:
        check_listed(project)
        return Outcome(project, render_project(project, docs, formats))
    except ContractkitError as exc:
        return Outcome(project, [], printable(exc.lines()[0]))
    except Exception as exc:  # noqa: BLE001 - one broken project must not stop the others
        return Outcome(project, [], f"error: internal error: {type(exc).__name__}")
    finally:  # here, not in a wrapper: a frame more or less moves where CPython 3.11's frame stack
        _settle()  # crosses its 16 KiB chunks during a layout (an mmap and munmap each time)


_settled: int | None = None
"""The process whose heap _settle froze (a forked worker starts with its parent's value)."""
_caller: int | None = None
"""The process that called render_all: its heap is never frozen (a library caller, a test runner,
lives on after it, and frozen garbage would be finalised late, closing descriptors late)."""


def _settle() -> None:
    """Once per rendering process (render_all), after its first project: what is loaded by then
    (the code, weasyprint's fonts, the caches) lives to the end, so the cycle collector stops
    walking it again in every full collection (gc.freeze; 25 of a contract's 380 ms went to those
    walks). That project's own garbage is collected first."""
    global _settled
    if _settled != os.getpid() and os.getpid() != _caller:  # never the process that called render_all
        import gc

        _settled = os.getpid()
        gc.collect()
        gc.freeze()


def render_all(projects: list[Path], docs: list[str], formats: list[str], jobs: int | None = None,
               progress: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Render every project, in `jobs` processes (default: all cores); results in input order."""
    global _caller
    jobs = jobs or os.cpu_count() or 1
    _caller = os.getpid()
    if jobs == 1 or _fork() is None:
        results = []
        for project in projects:
            results.append(render_one(project, docs, formats))
            if progress:
                progress(results[-1])
        return results
    return _in_workers(projects, docs, formats, jobs, progress)


def _inherited() -> None:
    """A worker's first act: the heap it was forked with is kept from its cycle collector
    (gc.freeze), so a full collection does not walk every inherited object and write to each,
    copying the pages it shares with its parent. The parent's own heap is never frozen. It dies
    with the command (children.die_with_parent)."""
    import gc

    die_with_parent(_caller)
    gc.freeze()


def _in_workers(projects: list[Path], docs: list[str], formats: list[str], jobs: int,
                progress: Callable[[Outcome], None] | None) -> list[Outcome]:
    done: dict[Path, Outcome] = {}
    crashed: list[Path] = []
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_fork(), initializer=_inherited) as pool:
        futures = {pool.submit(render_one, p, docs, formats): p for p in projects}
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except Exception:  # noqa: BLE001 - a worker died (a crash in a library): retry alone
                crashed.append(futures[future])
                continue
            done[outcome.project] = outcome
            if progress:
                progress(outcome)
    for project in crashed:  # a dead worker takes its neighbours' futures down: each alone now
        outcome = _alone(project, docs, formats)
        done[project] = outcome
        if progress:
            progress(outcome)
    return [done[p] for p in projects]


def _fork():
    """The fork start method, or None where there is none (then no worker process is started)."""
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def _alone(project: Path, docs: list[str], formats: list[str]) -> Outcome:
    """Render one project in a process of its own, so a crash is that project's line only."""
    with ProcessPoolExecutor(max_workers=1, mp_context=_fork(), initializer=_inherited) as pool:
        try:
            return pool.submit(render_one, project, docs, formats).result()
        except Exception as exc:  # noqa: BLE001 - the renderer process died on this project
            return Outcome(project, [], f"error: the renderer stopped on this project ({type(exc).__name__})")
