"""Session 11, the lead's fixes of the fresh reviews (review-ru5, review-en5, red team 13): each reads
what the user or the client reads (`check`, the rendered documents, the records)."""

from __future__ import annotations

from tests.conftest import run
from tests.test_billing import example


def test_a_person_born_before_1990_is_a_party(ws):
    """review-ru5 R6: `birth_date: 1975-05-14` was refused (dates before 1990 were out of range), so
    an older ИП or consumer could not be named as ГПК РФ ст. 131 ч. 2 п. 3 wants (дата рождения
    ответчика-гражданина). A date of birth is only printed: any real one passes, a typo does not."""
    path = example(ws, "romashka-site", "romashka")
    text = (path / "project.yaml").read_text(encoding="utf-8")
    born = text.replace("contractor:\n", "contractor:\n  birth_date: 1947-05-14\n", 1)
    (path / "project.yaml").write_text(born, encoding="utf-8")
    assert run("check", path).exit_code == 0
    (path / "project.yaml").write_text(born.replace("1947-05-14", "1847-05-14"), encoding="utf-8")
    result = run("check", path, ok=False)
    assert result.exit_code != 0 and "birth_date" in result.output and "1900-01-01" in result.output
