"""The edits of change request 1 of the reference scenarios (used by demo.sh and gallery.sh).

python scripts/scenario_edit.py ru1|en1 PATH/project.yaml

The edits themselves live in tests/scenario_edits.py, the one copy the tests use too.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.scenario_edits import EDITS  # noqa: E402 - after the path is set


def main() -> None:
    which, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for old, new in EDITS[which]:
        if old not in text:
            sys.exit(f"{path}: the {which} baseline text {old[:40]!r} is not there")
        text = text.replace(old, new, 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
