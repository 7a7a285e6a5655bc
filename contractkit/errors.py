"""One error tree. Library code raises these with the facts; the CLI prints them once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, located so an editor can jump to it."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class ContractkitError(Exception):
    """Base of every error contractkit raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def lines(self) -> list[str]:
        """The one-line messages the CLI prints, hint last."""
        out = [f"error: {self.message}"]
        if self.hint:
            out.append(f"hint: {self.hint}")
        return out


class ProjectFileError(ContractkitError):
    """project.yaml cannot be read or does not validate; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(str(problems[0]) if problems else "invalid project file")

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class WorkspaceError(ContractkitError):
    """A path is missing, already taken, or outside the workspace."""


class RenderError(ContractkitError):
    """A template failed, reached outside its folder, or a document could not be written."""


class RepositoryError(ContractkitError):
    """The project's git repository is not in a state the command can work from."""


class DamagedRecord(RepositoryError):
    """A record under .contractkit/ that contractkit could not have written (its bytes, name or id)."""


class LockedError(ContractkitError):
    """Another contractkit process is writing this project."""


class OptionError(ContractkitError):
    """A command-line option or argument is malformed (a date that does not exist, a control
    character in text to be recorded)."""

    exit_code = 2
