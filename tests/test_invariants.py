"""Invariants of money and history over random sequences of changes (hypothesis, real git)."""

import datetime as dt
import io
from decimal import Decimal

import git
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from contractkit.compute import compute
from contractkit.errors import ContractkitError
from contractkit.flows import workflow
from contractkit.flows.create import new_project
from contractkit.ledger import History
from contractkit.load import load_project
from contractkit.store import history
from contractkit.store.repo import open_repo

steps = st.lists(
    st.tuples(
        st.sampled_from(["price", "add", "remove", "days"]),
        st.integers(min_value=0, max_value=50),
        st.integers(min_value=1, max_value=60_000),
        st.booleans(),  # sign after this change
    ),
    min_size=1, max_size=5,
)


def fake_render(repo, kind, number, date):
    """Signing needs bytes to hash; the real renderer is tested elsewhere."""
    return {f"{kind}-{number}.txt": f"{kind} {number} {date}".encode()}


def write(path, project):
    buffer = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.dump(project.model_dump(mode="json", exclude_defaults=True), buffer)
    (path / "project.yaml").write_text(buffer.getvalue(), encoding="utf-8")


def mutate(project, op, pick, amount, step):
    items = list(project.deliverables)
    i = pick % len(items)
    if op == "price":
        items[i] = items[i].model_copy(update={"price": Decimal(amount)})
    elif op == "days":
        items[i] = items[i].model_copy(update={"days": amount % 20 + 1})
    elif op == "add":
        items.append(items[0].model_copy(update={"id": f"extra-{step}",
                                                  "price": Decimal(amount)}))
    elif op == "remove" and len(items) > 1:
        items.pop(i)
    return project.model_copy(update={"deliverables": items})


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=steps)
def test_money_and_history_invariants(tmp_path_factory, sequence):
    root = tmp_path_factory.mktemp("inv")
    path = root / "p"
    new_project(path, "ru")
    day = dt.date(2026, 12, 1)
    workflow.sign(path, day, [], fake_render)
    seen_commits, seen_tags = [], {}
    for n, (op, pick, amount, sign_now) in enumerate(sequence):
        before = load_project(path / "project.yaml")
        after = mutate(before, op, pick, amount, n)
        write(path, after)
        try:
            workflow.record_change(path, f"change {n}", requested_on=day)
        except ContractkitError as exc:
            assert "change nothing" in exc.message or "no edits" in exc.message
            assert load_project(path / "project.yaml") == after
            with git.Repo(path) as repo:
                repo.git.checkout("--", "project.yaml")
            continue
        with open_repo(path) as repo:
            signed = history.signatures(repo)
            versions = [history.project_at(repo, s.tag) for s in signed] + [after]
            seen_commits = [c.hexsha for c in repo.iter_commits()] if not seen_commits else seen_commits
            commits_now = {c.hexsha for c in repo.iter_commits()}
            tags_now = {t.name: t.commit.hexsha for t in repo.tags}
        assert set(seen_commits) <= commits_now, "history was rewritten"
        assert all(tags_now[name] == sha for name, sha in seen_tags.items()), "a signed tag moved"
        seen_commits = list(commits_now)
        seen_tags = tags_now
        hist = History(versions)
        try:
            schedules = hist.schedules
        except ContractkitError as exc:
            assert "more than the final payment" in exc.message
            return
        total = compute(after).total
        assert sum(x.amount for x in schedules[-1]) == total
        for k in range(1, len(versions)):
            row = hist.ledger(k)
            assert row.after == row.before + row.change
            assert row.before == row.original + row.earlier
        assert hist.ledger(len(versions) - 1).after == total
        if sign_now:
            day += dt.timedelta(days=1)
            workflow.sign(path, day, [], fake_render)
