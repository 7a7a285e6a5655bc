"""A pushed project.yaml or record read as `load` reads it: the server refuses what a machine would
(flows/guard.py runs these on every pushed YAML file)."""

from __future__ import annotations


def project_yaml(where: str, data: bytes) -> list[str]:
    """A project.yaml that `load` refuses as a file (size, UTF-8, YAML: nesting, anchors, duplicate
    keys, control characters, values) is refused: the same check (yamltree.checked_text) as load's
    and sync's merge, so no machine receives a version it cannot read."""
    from contractkit.errors import ProjectFileError
    from contractkit.yamltree import checked_text

    try:
        checked_text(data, where)
    except ProjectFileError as exc:
        return [_first(where, exc)]
    return []


def _first(where: str, exc) -> str:
    first = exc.problems[0]
    return f"{where}: line {first.line}: {first.message}" if first.line else f"{where}: {first.message}"


def anchors(where: str, text: str) -> list[str]:
    """A YAML anchor or alias in project.yaml or a record: every machine refuses it (an alias copies
    a private note where nobody reads it), so the server refuses it too, before it spreads. Nesting
    too deep, and a text with '&' or '*' that load's parser cannot read (libyaml refuses `&é0`,
    which another parser would expand), are refused the same way (yamltree.refuse_unsafe)."""
    from contractkit.errors import ProjectFileError
    from contractkit.yamltree import refuse_unsafe

    try:
        refuse_unsafe(text, where)
    except ProjectFileError as exc:
        return [_first(where, exc)]
    return []
