"""Issue 24, Russian documents round 3: what the review found, read back from the rendered text.

RU-2 (vector-brand): a self-employed designer (НПД, a personal account 40817) and ООО «Вектор»,
a works contract (подряд, ГК РФ гл. 37) with a district court as the venue.
"""

import email
from email import policy

import git

from tests.conftest import EXAMPLES, copy_example, run
from tests.readback import normal, pdf_body
from tests.test_billing import flat

RU2_HEAD = "Договор № Д-2027-014 от 1 марта 2027 г."


def vector(ws, edit=None):
    """RU-2 as a committed repository; `edit` changes the project text first."""
    path = ws / "vector"
    copy_example("vector-brand", path)
    if edit:
        text = (path / "project.yaml").read_text(encoding="utf-8")
        (path / "project.yaml").write_text(edit(text), encoding="utf-8")
    with git.Repo.init(path, initial_branch="main") as repo:
        repo.index.add(["project.yaml"])
        repo.index.commit("RU-2")
    return path


def test_check_refuses_a_client_without_email_when_the_clauses_rely_on_it(ws):
    """ГК РФ ст. 160 п. 2, 63-ФЗ ст. 6 п. 2: the ПЭП clause signs by the e-mail address named in
    the contract; the channels clause names each side's address or messenger."""
    path = vector(ws, lambda t: t.replace("  email: office@vector.example\n", "", 1))
    out = flat(run("check", path, ok=False).output)
    assert "no client.email: the electronic signature clause (terms.electronic_exchange)" in out
    assert "project.yaml:" in out and "Traceback" not in out
    # without the ПЭП clause, a messenger is a channel; with neither, it is refused again
    path2 = ws / "v2"
    copy_example("vector-brand", path2)
    text = (path2 / "project.yaml").read_text(encoding="utf-8").replace("  email: office@vector.example\n", "", 1)
    text = text.replace("electronic_exchange: true", "electronic_exchange: false", 1)
    (path2 / "project.yaml").write_text(text, encoding="utf-8")
    out = flat(run("check", path2, ok=False).output)
    assert "no client.email and no client.messenger: the clause on notices names no channel" in out
    (path2 / "project.yaml").write_text(text.replace("  kpp: \"772501001\"\n",
                                                     "  kpp: \"772501001\"\n  messenger: Telegram @vector\n", 1),
                                        encoding="utf-8")
    run("check", path2)
