"""Merge three versions of project.yaml by meaning, not by line.

Lists of mappings with an `id` (deliverables) are merged item by item, keyed by id; other lists
(materials, obligations, installments, strings) by content; mappings key by key; scalars one by
one. Only a real conflict stops the merge: both sides changed the same field to different values,
or one side changed what the other removed. The result is our file with the merged edits applied
to it as a round-trip YAML document, so comments, quotes and order stay where they were; items the
other side added come with their own comments.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from contractkit.errors import ProjectFileError, RepositoryError

MISSING = object()


@dataclass(frozen=True)
class Conflict:
    field: str
    ours: object
    theirs: object


class MergeConflict(RepositoryError):
    def __init__(self, conflicts: list[Conflict], ours: str, theirs: str):
        first = conflicts[0]
        more = f" (and {len(conflicts) - 1} more)" if len(conflicts) > 1 else ""
        super().__init__(
            f"project.yaml: {ours} and {theirs} both change {first.field}: {_show(first.ours)} here, "
            f"{_show(first.theirs)} on the remote{more}; nothing was changed, your work is as it was",
            hint="agree which value stands, make both copies say it (record it with 'contractkit change'), "
                 "then run sync again",
        )
        self.conflicts = conflicts


def _show(value) -> str:
    if value is MISSING:
        return "removed"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def merge_texts(base: bytes, ours: bytes, theirs: bytes, ours_name: str = "your changes",
                theirs_name: str = "the remote's changes",
                versions: tuple[str, str, str] = ("the common version", "your version",
                                                  "the remote's version")) -> bytes:
    """The merged project.yaml; MergeConflict naming the field when both sides disagree.

    Each text first passes load's checks of the YAML itself (size, nesting, anchors and aliases,
    values; with load's parser), before the round-trip parser here reads it: a refused one is a
    RepositoryError naming its version (`versions`: base, ours, theirs) and line; nothing is merged."""
    try:
        texts = [checked(t, name) if t else ""
                 for t, name in zip((base, ours, theirs), versions, strict=True)]
    except ProjectFileError as exc:
        raise RepositoryError(f"{exc.problems[0]}; nothing was merged, your work is as it was",
                              hint="fix that version of project.yaml where it was committed (or ask who "
                                   "pushed it to), then run sync again") from None
    yaml = _yaml()
    docs = [yaml.load(t) if t else None for t in texts]
    plain = [_plain(d) for d in docs]
    conflicts: list[Conflict] = []
    merged = _merge(plain[0], plain[1], plain[2], "", conflicts)
    if conflicts:
        raise MergeConflict(conflicts, ours_name, theirs_name)
    document = _apply(docs[1], plain[1], merged, docs[2], plain[2])
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue().encode("utf-8")


def checked(data: bytes, version: str) -> str:
    """The text of one version of project.yaml once it passes load's checks of the YAML itself
    (bounds.MAX_BYTES, UTF-8, nesting, anchors and aliases, values; yamltree.parse_yaml with
    load's parser); ProjectFileError naming the version and the line otherwise."""
    from contractkit.bounds import PROJECT_FILE
    from contractkit.yamltree import checked_text

    return checked_text(data, f"{PROJECT_FILE} in {version}")


def _plain(node):
    """Plain Python data (dicts, lists, scalars) of a round-trip node, for comparing."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if hasattr(node, "isoformat"):
        return node.isoformat()
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return repr(float(node))
    return str(node)


def _merge(base, ours, theirs, where: str, conflicts: list[Conflict]):
    if ours == theirs:
        return ours
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    if isinstance(ours, dict) and isinstance(theirs, dict):
        base = base if isinstance(base, dict) else {}
        out = {}
        for key in [*ours, *(k for k in theirs if k not in ours)]:
            value = _merge(base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING),
                           f"{where}.{key}" if where else key, conflicts)
            if value is not MISSING:
                out[key] = value
        return out
    if isinstance(ours, list) and isinstance(theirs, list):
        return _merge_list(base if isinstance(base, list) else [], ours, theirs, where, conflicts)
    conflicts.append(Conflict(where or "the whole file", ours, theirs))
    return ours


def _key(item) -> str:
    if isinstance(item, dict) and "id" in item:
        return f"id:{item['id']}"
    return "=" + json.dumps(item, sort_keys=True, default=str)


def _merge_list(base: list, ours: list, theirs: list, where: str, conflicts: list[Conflict]) -> list:
    """Items keyed by id (or content); our order, with the other side's new items after the item
    they follow there."""
    b, o, t = ({_key(x): x for x in side} for side in (base, ours, theirs))
    if len(o) != len(ours) or len(t) != len(theirs):  # duplicates: no way to key them
        conflicts.append(Conflict(where, ours, theirs))
        return ours
    by_content = not all(k.startswith("id:") for k in [*b, *o, *t])
    if by_content and (set(b) - set(o)) & (set(b) - set(t)) and (set(o) - set(b)) and (set(t) - set(b)):
        conflicts.append(Conflict(where, ours, theirs))  # both replaced the same item differently
        return ours
    order = list(o)
    for i, key in enumerate(t):
        if key in o or key in b:
            continue
        after = next((k for k in reversed(list(t)[:i]) if k in order), None)
        at = order.index(after) + 1 if after else len(order)
        while at < len(order) and order[at] not in b and order[at] in o:
            at += 1  # after what our side added there too
        order.insert(at, key)
    out = []
    for key in order:
        label = f"{where}[{key[3:]}]" if key.startswith("id:") else f"{where}[]"
        value = _merge(b.get(key, MISSING), o.get(key, MISSING), t.get(key, MISSING), label, conflicts)
        if value is not MISSING:
            out.append(value)
    return out


def _apply(node, old, new, donor, donor_plain):
    """Change the round-trip node (whose plain data is `old`) so its data becomes `new`, reusing
    our nodes (and their comments) and the other side's nodes for what only it has."""
    if old == new:
        return node
    if isinstance(node, dict) and isinstance(new, dict):
        donor_map = donor if isinstance(donor, dict) else {}
        for key in [k for k in node if str(k) not in new]:
            del node[key]
        for key, value in new.items():
            if key in old:
                node[key] = _apply(node[key], old[key], value, donor_map.get(key),
                                   _plain(donor_map.get(key)) if key in donor_map else None)
            else:
                node[key] = _from(donor_map.get(key), value)
        return node
    if isinstance(node, list) and isinstance(new, list):
        mine = {_key(p): (n, p) for n, p in zip(node, old, strict=True)}
        theirs = {_key(p): n for n, p in zip(donor, donor_plain, strict=True)} \
            if isinstance(donor, list) and isinstance(donor_plain, list) else {}
        items = []
        for value in new:
            key = _key(value)
            if key in mine:
                items.append(_apply(mine[key][0], mine[key][1], value, theirs.get(key),
                                    _plain(theirs[key]) if key in theirs else None))
            else:
                items.append(_from(theirs.get(key), value))
                if len(items) > 1 and key in theirs:
                    _carry_comment(donor, list(theirs).index(key), items[-2])
        node[:] = items
        return node
    return _from(donor, new)


def _carry_comment(donor: list, index: int, previous) -> None:
    """A comment above an item belongs, in ruamel, to the end of the item before it: bring the
    other side's comment above its new item along, onto the item now before it."""
    if index == 0 or not hasattr(donor[index - 1], "ca") or not hasattr(previous, "ca"):
        return
    before, after = donor[index - 1], previous
    if not before or not after:
        return
    token = before.ca.items.get(list(before)[-1], [None] * 4)[2] if hasattr(before, "keys") else None
    if token is None or "#" not in token.value:
        return
    last = list(after)[-1] if hasattr(after, "keys") else None
    if last is None:
        return
    slot = after.ca.items.setdefault(last, [None, None, None, None])
    if slot[2] is None or "#" not in slot[2].value:
        slot[2] = token


def _from(donor, value):
    """The other side's node when it carries exactly this value, else the plain value."""
    if donor is not None and _plain(donor) == value:
        return donor
    return value


def same_data(a: bytes, b: bytes) -> bool:
    """Two project files that hold the same data (comments and layout aside)."""
    yaml = _yaml()
    try:  # a line merge may join lines into what neither side held (a block scalar's lines as YAML)
        texts = [checked(t, "the line merge") for t in (a, b)]
        return _plain(yaml.load(texts[0])) == _plain(yaml.load(texts[1]))
    except Exception:  # noqa: BLE001 - a text merge that does not even parse is not the same
        return False
