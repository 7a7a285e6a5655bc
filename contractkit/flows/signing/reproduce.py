"""A signed version rendered again from its tag, exactly as it was signed (verify, doctor, the
guard, sync and the client's page compare it with the hashes `sign` recorded)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from contractkit.errors import RenderError
from contractkit.flows.output import _addendum_files, _contract_files
from contractkit.load import PROJECT_FILE, parse_project


def reproduce(path: Path, tag: str) -> dict[str, bytes]:
    """Render a signed version again from its tag, exactly as it was signed."""
    from contractkit.flows.wordsigned import signed_look
    from contractkit.store import history
    from contractkit.store.repo import open_repo

    with open_repo(path) as repo:
        record = next((s for s in history.signatures(repo) if s.tag == tag), None)
        if record is None:
            raise RenderError(f"no signed version {tag!r} in this project")
        if record.kind == "addendum":
            files = _addendum_files(path, repo, record.number, None, ["pdf", "docx"])
            if _matches(files, record):
                return files
            legacy = _addendum_files(path, repo, record.number, None, ["pdf", "docx"], legacy=True)
            if _matches(legacy, record):
                return legacy
            from contractkit.render.schedule import EARLIER_LISTINGS, listed_as

            for style in EARLIER_LISTINGS:  # signed when restated schedules were listed otherwise
                with listed_as(style):
                    for old in (False, True):
                        earlier = _addendum_files(path, repo, record.number, None, ["pdf", "docx"],
                                                  legacy=old)
                        if _matches(earlier, record):
                            return earlier
            return files
        text = history.blob(repo, tag, PROJECT_FILE)
        look = signed_look(repo, path, parse_project(text.decode("utf-8-sig")), record)
    if record.drafted is not None:  # signed as drafted: dated and counted from its own date
        return _contract_files(path, text, None, look, drafted=True)
    files = _contract_files(path, text, record.date, look)
    if not _matches(files, record):
        # signed before payments on signing counted from the signing day: its dates from the
        # contract's own date, as it was rendered then (the hashes decide which one it was)
        legacy = _contract_files(path, text, look=look)
        if _matches(legacy, record):
            return legacy
    return files


def _matches(files: dict[str, bytes], record) -> bool:
    return all(hashlib.sha256(files.get(name, b"")).hexdigest() == sha for name, sha in record.files.items())
