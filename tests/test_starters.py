"""`new --as`: a commented starting file for each kind of contractor, a foreign client, works or
services; each passes `check` and renders."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from contractkit.flows.starters import KINDS, starter_text
from contractkit.load import load_project
from tests.conftest import run
from tests.readback import normal, pdf_pages


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_starting_point_is_commented_passes_check_and_renders(ws, kind):
    out = run("new", kind, "--as", kind).output
    assert "replace every value marked FILL" in out
    text = (ws / kind / "project.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=project.schema.json")
    assert text.count("FILL") >= 10 and "bare names" in text and "notes:" in text
    project = load_project(ws / kind / "project.yaml")
    assert project.language == KINDS[kind] and project.id == kind
    if kind in ("npd", "ip"):  # a natural person: what identifies them, to fill in
        assert "# birth_date:" in text and "# passport:" in text and "# residence:" in text
    assert "FILL placeholder(s) left to fill in" in run("check", kind, ok=False).output  # a draft still renders
    run("render", kind, "--format", "pdf")
    contract = next((ws / kind / "out").glob("contract-*.pdf"))
    assert project.contractor.name in normal(" ".join(pdf_pages(contract)))
    schema = json.loads((ws / kind / "project.schema.json").read_text(encoding="utf-8"))
    party = schema["$defs"]["Party"]["properties"]
    assert "12 for a person" in party["inn"]["description"]  # an editor shows what each field is
    assert "bare name" in schema["$defs"]["ThirdPartyComponent"]["properties"]["license"]["description"]


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_foreign_client_and_either_contract_type_render(ws, kind):
    run("new", "p", "--as", kind, "--foreign-client", "--contract", "services")
    project = load_project(ws / "p" / "project.yaml")
    assert project.contract.type == "services"
    assert project.client.kind == "foreign_company" or project.client.address != load_project_text(
        kind).client.address  # not the domestic one
    assert "FILL placeholder(s) left to fill in" in run("check", "p", ok=False).output
    run("render", "p", "--doc", "contract", "--format", "html")
    page = next((ws / "p" / "out").glob("contract-*.html")).read_text(encoding="utf-8")
    assert "FILL" in page  # a draft: the placeholders show where the requisites go
    works = starter_text(kind, "w", "works", False, dt.date(2027, 1, 11))
    assert "\n  type: work " in works


def load_project_text(kind):
    from contractkit.load import parse_project

    return parse_project(starter_text(kind, "x", None, False, dt.date(2027, 1, 11)))


def test_wrong_combinations_are_refused_in_one_line(ws):
    assert "--as npd starts a project in ru, not --lang en" in run(
        "new", "x", "--as", "npd", "--lang", "en", ok=False).output
    assert "two different starts" in run("new", "x", "--as", "ip", "--from-example", "vector-brand",
                                         ok=False).output
    run("new", "y", "--contract", "works")  # no --as: the language's usual starting point
    assert load_project(ws / "y" / "project.yaml").contract.type == "work"
    assert not (ws / "x").exists()


def test_check_lists_every_fill_and_sign_refuses_one(ws):
    """A starting point's FILL markers are valid YAML, so `check` must still name each one, and a
    contract with one left is never signed (a new user signed «1.4.1. FILL …» otherwise)."""
    run("new", "n", "--as", "npd")
    out = run("check", ws / "n", ok=False).output
    fills = [line for line in out.splitlines() if "FILL is still to be filled in" in line]
    text = (ws / "n" / "project.yaml").read_text(encoding="utf-8")
    assert len(fills) == len([x for x in text.splitlines() if "FILL" in x.split("#")[0]]) > 0
    assert all(line.startswith("project.yaml:") for line in fills)
    result = run("sign", ws / "n", "--date", "2026-12-07", ok=False)
    assert "FILL is still to be filled in" in result.output
    assert not list((ws / "n").glob("out/*"))
