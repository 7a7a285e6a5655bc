"""The README's sample sessions are what `make demo` prints. A fenced block after a `<!-- demo -->`
line holds `$ contractkit …` commands of scripts/demo.sh, each followed by lines of its output
(`…` skips lines). This test replays the demo's RU-1 part, as the script runs it, and finds each
block's lines in the real output, paths made relative to the demo folder, non-breaking spaces read
as spaces, and nothing else changed (but the "is in the future" warnings, which depend on the day
the test runs)."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

from tests.conftest import ROOT, run

MARK = "<!-- demo -->"


def demo_steps() -> list[list[str]]:
    """The romashka commands of scripts/demo.sh in order; ["@edit", which, path] for a scenario edit."""
    text = (ROOT / "scripts" / "demo.sh").read_text(encoding="utf-8").replace("\\\n", " ")
    steps: list[list[str]] = []
    for line in text.splitlines():
        words = shlex.split(line, comments=True) if line.strip().startswith(("step ", '"$(')) else []
        if words[:1] == ["step"] and "romashka" in words:
            steps.append(words[1:])
        elif any(word.endswith("scenario_edit.py") for word in words) and "romashka/project.yaml" in words:
            steps.append(["@edit", *words[-2:]])
    return steps


def readme_blocks() -> list[tuple[int, list[tuple[list[str], list[str]]]]]:
    """(line number, [(command words, expected output lines)]) of each marked block."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    blocks = []
    for i, line in enumerate(lines):
        if line.strip() != MARK:
            continue
        assert lines[i + 1].startswith("```"), f"README.md:{i + 1}: {MARK} must be followed by a fenced block"
        end = next(j for j in range(i + 2, len(lines)) if lines[j].startswith("```"))
        commands: list[tuple[list[str], list[str]]] = []
        body = lines[i + 2:end]
        k = 0
        while k < len(body):
            if body[k].startswith("$ contractkit "):
                command = body[k][2:]
                while command.endswith("\\"):
                    k += 1
                    command = command[:-1] + " " + body[k].strip()
                commands.append((shlex.split(command, comments=True)[1:], []))
            elif commands:
                commands[-1][1].append(body[k].rstrip())
            k += 1
        blocks.append((i + 1, commands))
    return blocks


def replay(ws) -> list[tuple[list[str], list[str]]]:
    """Each demo step's words and its output lines, normalised."""
    done = []
    for step in demo_steps():
        if step[0] == "@edit":
            subprocess.run([sys.executable, str(ROOT / "scripts" / "scenario_edit.py"), *step[1:]], cwd=ws,
                           check=True)
            continue
        output = _spaces(run(*step).output.replace(f"{ws}/", ""))
        lines = [line.rstrip() for line in output.splitlines() if not re.match(
            r"warning: .* is in the future \(today is \d{4}-\d\d-\d\d\)", line)]
        done.append((step, lines))
    return done


def _spaces(text: str) -> str:
    """Non-breaking spaces (before «₽», in «№ 1») as the plain ones a README shows."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _chunks(expected: list[str]) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    for line in map(_spaces, expected):
        if line.strip() == "…":
            chunks.append([])
        elif line.strip():
            chunks[-1].append(line)
    return [c for c in chunks if c]


def _found(chunks: list[list[str]], actual: list[str]) -> str | None:
    """None when every chunk appears in `actual`, in order, each as consecutive lines (blank lines
    do not count: a sample may leave them out)."""
    actual = [line for line in actual if line.strip()]
    at = 0
    for chunk in chunks:
        hits = [j for j in range(at, len(actual) - len(chunk) + 1) if actual[j:j + len(chunk)] == chunk]
        if not hits:
            return "\n".join(chunk)
        at = hits[0] + len(chunk)
    return None


def test_the_readme_sessions_are_what_the_demo_prints(ws):
    blocks = readme_blocks()
    assert len(blocks) >= 4, "README.md lost its demo markers"
    done = replay(ws)
    problems = []
    for line, commands in blocks:
        at = 0
        for words, expected in commands:
            index = next((j for j in range(at, len(done)) if done[j][0] == words), None)
            if index is None:
                problems.append(f"README.md:{line}: 'contractkit {shlex.join(words)}' is not a step of "
                                "scripts/demo.sh (after the block's previous command)")
                continue
            at = index + 1
            missing = _found(_chunks(expected), done[index][1])
            if missing is not None:
                problems.append(f"README.md:{line}: 'contractkit {shlex.join(words)}' does not print:\n"
                                f"{missing}\n--- it prints:\n" + "\n".join(done[index][1]))
    assert not problems, "\n\n".join(problems)
