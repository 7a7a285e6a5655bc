"""What every attack test checks: nothing ran, nothing outside the project was read or written."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.conftest import copy_example, run

SECRET = "TOPSECRET-7f3a9c"


class Sentinel:
    """A folder outside the project with a secret file; a marker file a payload would create."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.secret = root / "secret.txt"
        self.secret.write_text(SECRET + "\n")
        (root / "keep.txt").write_text("unchanged\n")
        self.marker = root / "MARKER"
        self.before = self.snapshot()

    def snapshot(self) -> dict[str, tuple[bytes, int]]:
        return {str(p.relative_to(self.root)): (p.read_bytes() if p.is_file() else b"", p.lstat().st_mtime_ns)
                for p in sorted(self.root.rglob("*"))}

    def fill(self, payload: str) -> str:
        return payload.replace("{marker}", str(self.marker)).replace("{secret}", str(self.secret)) \
            .replace("{secret_rel}", str(self.secret).lstrip("/"))

    def assert_untouched(self) -> None:
        assert not self.marker.exists(), "a payload ran: the marker file exists"
        assert self.snapshot() == self.before, "something outside the project was written"


def output_texts(paths) -> str:
    """Everything inside the given outputs as text: PDF text, every DOCX XML part, HTML."""
    from tests.readback import pdf_pages

    out = []
    for path in map(Path, paths):
        if path.suffix == ".pdf":
            out.extend(pdf_pages(path))
            out.append(path.read_bytes().decode("latin-1"))
        elif path.suffix == ".docx":
            with zipfile.ZipFile(path) as z:
                out.extend(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        else:
            out.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(out)


def one_line_error(result) -> str:
    """The command failed with one error line (and at most a hint), no traceback."""
    lines = result.output.strip().splitlines()
    assert result.exit_code != 0
    assert lines and lines[0].startswith(("error:", "project.yaml")), result.output
    assert len(lines) <= 2 and all(x.startswith(("error:", "hint:", "project.yaml")) for x in lines), \
        result.output
    assert "Traceback" not in result.output
    return lines[0]


def written(result) -> list[str]:
    return [x for x in result.output.split() if x.endswith((".pdf", ".docx", ".html"))]


def en_project(ws: Path) -> Path:
    copy_example("blue-harbor-shop", ws / "p")
    return ws / "p"


__all__ = ["SECRET", "Sentinel", "en_project", "one_line_error", "output_texts", "run", "written"]
