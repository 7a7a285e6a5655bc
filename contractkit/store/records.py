"""Change requests and signatures, stored as YAML files beside project.yaml in the repository."""

from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache

from contractkit.model.records import ChangeRecord, SignatureRecord  # noqa: F401 - records.ChangeRecord ...
from contractkit.model.types import Model
from contractkit.store.layout import (  # noqa: F401 - records.CHANGES, records.PAYMENTS...
    ACTS,
    CHANGES,
    CONTRACT_TAG,
    INVOICES,
    PAYMENTS,
    RECORDS,
    SIGNATURES,
)

MAX_RECORD = 1024 * 1024
"""Bytes a record may have: the biggest real one is a few kilobytes."""


def change_path(change_id: str) -> str:
    return f"{CHANGES}/{change_id}.yaml"


def signature_path(tag: str) -> str:
    return f"{SIGNATURES}/{tag}.yaml"


def addendum_tag(n: int) -> str:
    return f"addendum-{n}"


def dump(record: Model) -> bytes:
    """Stable YAML: the same record always gives the same bytes."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False
    data = record.model_dump(mode="json")
    for optional in ("renumbered_from", "covers", "bank", "made_with", "notice_clause", "delivered",
                     "templates", "drafted", "clauses", "refund"):
        if optional in data and not data[optional]:
            del data[optional]
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue().encode("utf-8")


@lru_cache(maxsize=1)
def _loader():
    """libyaml's loader, made once: `log` reads a record per change request."""
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=False)


def _refuse_aliases(text: str, name: str) -> None:
    """Records are written by `dump`, which never makes an anchor: one in a record is hostile.
    Checked on the event stream, which is as long as the text, before anything is built."""
    from ruamel.yaml.events import AliasEvent

    from contractkit.errors import DamagedRecord

    for event in _loader().parse(text):
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise DamagedRecord(f"{name}: damaged record (YAML anchors and aliases are not allowed "
                                  "in a record)", hint="run 'contractkit doctor' to see what else is wrong")


def bounded(tree, folder: str) -> list:
    """The .yaml blobs of a record folder's tree, refused in one line when there are more than
    bounds.MAX_RECORDS of them (a flood committed by hand: red team 9, B12)."""
    from contractkit.bounds import MAX_RECORDS
    from contractkit.errors import DamagedRecord

    found = [b for b in tree.blobs if b.name.endswith(".yaml")]
    if len(found) > MAX_RECORDS:
        raise DamagedRecord(f"{folder}: {len(found):,} records, more than the {MAX_RECORDS:,} a project may "
                            "hold (a flood of records committed by hand)",
                            hint="run 'contractkit doctor' to see what else is wrong; remove them with "
                                 "whoever committed them")
    return found


def parse(model: type[Model], data: bytes, name: str) -> Model:
    from pydantic import ValidationError
    from ruamel.yaml.error import YAMLError

    from contractkit.clock import future_field
    from contractkit.errors import DamagedRecord
    from contractkit.plaintext import invisible_in
    from contractkit.yamltree import refuse_deep

    if len(data) > MAX_RECORD:
        raise DamagedRecord(f"{name}: damaged record ({len(data)} bytes, more than {MAX_RECORD})",
                              hint="run 'contractkit doctor' to see what else is wrong")
    try:
        text = data.decode("utf-8")
        refuse_deep(text, name)  # a teammate's record: libyaml crashes on 50,000 nested brackets
        _refuse_aliases(text, name)  # nine lines of aliases expand to a billion items (A3a)
        data = _loader().load(text)
        problem = invisible_in(data)
        if problem:  # a bidi override in a title would reverse the addendum's text
            raise DamagedRecord(f"{name}: damaged record ({problem})",
                                  hint="run 'contractkit doctor' to see what else is wrong")
        record = model.model_validate(data)
    except (YAMLError, ValidationError, UnicodeDecodeError) as exc:
        first = str(exc).splitlines()[0]
        if isinstance(exc, ValidationError) and exc.errors():  # name the field, never echo the value
            error = exc.errors()[0]
            first = f"{'.'.join(map(str, error['loc'])) or 'record'}: {error['msg'][:160]}"
        raise DamagedRecord(f"{name}: damaged record ({first})",
                              hint="run 'contractkit doctor' to see what else is wrong") from None
    field = _date_out_of_range(record)
    if field:  # 9999-12-31 overflowed the calendar of every reading command (red team 9, B4)
        raise DamagedRecord(f"{name}: damaged record ({field}: a date outside "
                            f"{FIRST_DAY.year}-{LAST_DAY.year})",
                            hint="run 'contractkit doctor' to see what else is wrong")
    field = future_field(record, getattr(model, "EVENTS", ()))
    if field:  # a payment, act, request or mail dated ahead of the clock: it has not happened
        raise DamagedRecord(f"{name}: damaged record ({field})",
                            hint="run 'contractkit doctor' to see what else is wrong")
    return record


FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
"""The dates a record may hold: a contract's years, with room; calendars are built a year around them."""


def _date_out_of_range(value, path: str = "") -> str:
    """The field path of the first date in value outside FIRST_DAY..LAST_DAY, or ""."""
    from pydantic import BaseModel

    if isinstance(value, dt.date):
        return path or "date" if not FIRST_DAY <= (value.date() if isinstance(value, dt.datetime)
                                                   else value) <= LAST_DAY else ""
    if isinstance(value, BaseModel):
        items = ((k, getattr(value, k)) for k in type(value).model_fields)
    elif isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list | tuple):
        items = enumerate(value)
    else:
        return ""
    for key, item in items:
        found = _date_out_of_range(item, f"{path}.{key}" if path else str(key))
        if found:
            return found
