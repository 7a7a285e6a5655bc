"""Property-based: valid projects always render; invalid ones always get a clean, located error."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contractkit.compute import compute
from contractkit.errors import ProjectFileError
from contractkit.load import load_project, parse_project
from contractkit.model import Deliverable, Installment
from contractkit.render.documents import render_documents
from contractkit.render.look import look_for
from contractkit.render.typography import typography
from tests.conftest import EXAMPLES
from tests.readback import normal

BASE = {name: load_project(EXAMPLES / name / "project.yaml") for name in ("romashka-site", "blue-harbor-shop")}
TEXT = st.text(alphabet=st.sampled_from("abcXYZ абвЖЯ ёЁ 0123 <>&\"'{}%#«»—–№"), min_size=1, max_size=40).map(str.strip).filter(bool)
deliverables = st.lists(
    st.builds(
        lambda title, price, days, revisions, acceptance: (title, price, days, revisions, acceptance),
        TEXT, st.decimals(min_value=1, max_value=10_000_000, places=2), st.integers(1, 60),
        st.one_of(st.none(), st.integers(0, 5)), st.lists(TEXT, max_size=3),
    ),
    min_size=1, max_size=8,
)
shares = st.lists(st.integers(1, 100), min_size=1, max_size=4)


def build(base, items, weights, lang):
    ds = [Deliverable(id=f"d{i}", title=t, price=p, days=d, revisions=r, acceptance=a)
          for i, (t, p, d, r, a) in enumerate(items)]
    total = sum(weights)
    percents = [Decimal(w * 100) / total for w in weights]
    percents = [p.quantize(Decimal("0.01")) for p in percents[:-1]]
    percents.append(Decimal(100) - sum(percents))
    schedule = [Installment(percent=p, on="signing" if i == 0 else "completion") for i, p in enumerate(percents)]
    payment = base.payment.model_copy(update={"schedule": schedule})
    return base.model_copy(update={"deliverables": ds, "payment": payment, "language": lang})


# Twelve projects rendered to PDF, DOCX and HTML took a few minutes of `make test`; the everyday
# proof of rendering is test_render.py. make test-slow runs this with 150 examples.
@pytest.mark.slow
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=deliverables, weights=shares, name=st.sampled_from(sorted(BASE)), lang=st.sampled_from(["ru", "en"]))
def test_any_valid_project_renders_in_both_formats_with_its_figures(items, weights, name, lang):
    project = build(BASE[name], items, weights, lang)
    figures = compute(project)
    assert figures.total == sum(x.price for x in figures.lines) + (figures.vat or 0)
    assert sum(p.amount for p in figures.payments) == figures.total
    assert all(x.start <= x.deadline for x in figures.lines)
    path = EXAMPLES / name
    files = render_documents(project, path, True, ["contract", "scope"], ["pdf", "docx", "html"],
                             look_for(project, path))
    assert len(files) == 6 and all(files.values())
    html = files[next(k for k in files if k.startswith("scope") and k.endswith(".html"))].decode()
    for title, *_ in items:
        escaped = (title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                   .replace('"', "&#34;").replace("'", "&#39;"))
        shown = typography(f"<td>{escaped}</td>", lang)[len("<td>"):-len("</td>")]  # quotes, spaces
        assert normal(shown) in normal(html)


LINES = (EXAMPLES / "romashka-site" / "project.yaml").read_text(encoding="utf-8").splitlines()


@settings(deadline=None)
@given(line=st.integers(0, len(LINES) - 1), junk=st.text(max_size=30), mode=st.sampled_from(["replace", "drop", "insert"]))
def test_any_mangled_file_gets_a_clean_located_error(line, junk, mode):
    lines = list(LINES)
    if mode == "drop":
        del lines[line]
    elif mode == "insert":
        lines.insert(line, junk)
    else:
        key = lines[line].split(":")[0]
        lines[line] = f"{key}: {junk}" if ":" in lines[line] else junk
    try:
        parse_project("\n".join(lines))
    except ProjectFileError as exc:
        for text in exc.lines():
            assert "\n" not in text and text.startswith("project.yaml")
