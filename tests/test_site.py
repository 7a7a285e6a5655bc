"""The client's page (publish): what it shows, what it never shows, and that it needs no network.

The scenario builders here are shared with tests/test_site_browser.py (`make test-browser`).
"""

import datetime as dt
import hashlib
import re
from pathlib import Path

from contractkit.flows.site.build import publish
from tests.conftest import run
from tests.scenario_edits import RU_CONTENT, RU_CONTENT_30_AND_BLOG

PRIVATE = "ВНУТРЕННЕЕ: клиент платит с опозданием, держать предоплату"
RU_TODAY = dt.date(2026, 12, 20)
EN_TODAY = dt.date(2026, 12, 18)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def ru_history(ws: Path) -> Path:
    """RU-1 signed; addendum 1 (30 pages and a blog) signed; CR-002 (design +3 days) pending."""
    run("new", "romashka", "--from-example", "romashka-site")
    path = ws / "romashka"
    project = path / "project.yaml"
    edit(project, "\ncontract:\n", f"\n# {PRIVATE}\ncontract:\n")
    import git

    repo = git.Repo(path)
    repo.git.commit("-qam", "internal note")
    repo.close()
    run("sign", path, "--date", "2026-12-01", "--by", "Кузнецова М. С.")
    edit(project, RU_CONTENT, RU_CONTENT_30_AND_BLOG)
    run("change", path, "-m", "Блог и 30 страниц", "--requested-on", "2026-12-10",
        "--reason", "Заказчик решил вести блог")
    run("sign", path, "--date", "2026-12-15", "--by", "Кузнецова М. С.")
    edit(project, "    price: 75000\n    days: 10\n", "    price: 75000\n    days: 13\n")
    run("change", path, "-m", "Перенос срока дизайна", "--requested-on", "2026-12-18",
        "--reason", "Заказчик передал фирменный стиль на 3 дня позже", "--estimate")
    return path


def en_history(ws: Path) -> Path:
    """EN-1 signed; change order 1 (theme +3 days, +$1,200) signed; nothing pending."""
    run("new", "harbor", "--from-example", "blue-harbor-shop")
    path = ws / "harbor"
    run("sign", path, "--date", "2026-11-30", "--by", "Priya Shah")
    edit(path / "project.yaml", "    price: 6800\n    days: 12\n", "    price: 8000\n    days: 15\n")
    run("change", path, "-m", "Wholesale price list", "--requested-on", "2026-12-08",
        "--reason", "The client asked for a wholesale price list in the shop")
    run("sign", path, "--date", "2026-12-10", "--by", "Priya Shah")
    return path


def page_text(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text)


def test_ru_page_shows_scope_money_history_pending_and_documents(ws):
    path = ru_history(ws)
    out = ws / "public"
    written = publish(path, out, RU_TODAY)
    html = (out / "index.html").read_text(encoding="utf-8")
    text = page_text(html)
    assert '<html lang="ru">' in html
    # Current scope and price: addendum 1 in force (243 500 + 9 250 + 40 000).
    assert "292 750,00 ₽" in text
    assert "Действует редакция: Дополнительное соглашение № 1 от 15.12.2026" in text
    assert "Блог с рубриками и поиском" in text and "Наполнение контентом, 30 страниц" in text
    assert "Разработка логотипа и фирменного стиля" in text  # not included
    # Both parties.
    assert "Соколов Андрей Викторович" in text and "Общество с ограниченной ответственностью «Ромашка»" in text
    # History: contract, CR-001 with its impact, addendum 1, CR-002 pending with the approve link.
    assert "01.12.2026 · Договор подписан" in text
    assert "Запрос на изменение CR-001: Блог и 30 страниц" in text
    assert "добавлено: Блог с рубриками и поиском, 40 000,00 ₽" in text
    assert "деньги: 243 500,00 ₽ → 292 750,00 ₽" in text
    assert "15.12.2026 · Дополнительное соглашение № 1 подписано" in text
    assert "Запрос на изменение CR-002: Перенос срока дизайна" in text and "ждёт согласования" in text
    sheet = out / "documents" / "cr-001-2026-031.pdf"
    assert not sheet.exists()
    pending = out / "documents" / "cr-002-2026-031.pdf"
    sha = hashlib.sha256(pending.read_bytes()).hexdigest()
    assert sha in text
    link = re.search(r'href="(mailto:[^"]+)"', html).group(1)
    assert link.startswith("mailto:studio@example.ru?subject=") and sha in link
    # Moved deadline with its reason: content moved by the 30 pages of CR-001.
    assert "Перенесённые сроки" in text and "CR-001: Заказчик решил вести блог" in text
    # Every signed document, copied, with its recorded hash.
    for name in ("contract-2026-031.pdf", "scope-2026-031.docx", "addendum-1-2026-031.pdf"):
        data = (out / "documents" / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() in text
    assert "sha256sum" in text and "contractkit verify" in text
    assert len(written) == 1 + 8 + 2 + 1 + 1  # page, contract set, addendum pdf+docx, pending CR sheet, calendar.ics


def test_the_page_has_no_private_notes_and_nothing_from_the_network(ws):
    """YAML comments are internal notes; the page and its documents list never carry them."""
    path = ru_history(ws)
    out = ws / "public"
    publish(path, out, RU_TODAY)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert PRIVATE not in html
    assert "internal note" not in html  # commit messages stay in git
    assert PRIVATE not in (out / "calendar.ics").read_text(encoding="utf-8")
    # No URL that would make a request: only local documents, the client's calendar, the mailto link.
    for url in re.findall(r'(?:href|src)="([^"]+)"', html):
        assert url.startswith(("documents/", "mailto:")) or url == "calendar.ics", url
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert "default-src 'none'" in html


def test_en_page_and_the_chart(ws):
    path = en_history(ws)
    out = ws / "public"
    publish(path, out, EN_TODAY)
    html = (out / "index.html").read_text(encoding="utf-8")
    text = page_text(html)
    assert '<html lang="en">' in html
    assert "Change Order No. 1" in text and "Nothing is waiting for approval." in text
    assert "$" in text and "Moved deadlines" in text
    assert "CR-001: The client asked for a wholesale price list in the shop" in text
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert svg.count('class="bar"') == 4
    assert 'stroke-dasharray="4 3"' in svg  # the originally signed deadline of a moved stage
    assert "today" in svg and 'stroke="#c0152f"' in svg


def test_publish_command_and_a_name_with_markup_is_escaped(ws):
    run("new", "romashka", "--from-example", "romashka-site")
    path = ws / "romashka"
    edit(path / "project.yaml", "title: Корпоративный сайт ООО «Ромашка»",
         'title: "Сайт <script>alert(1)</script> & Co"')
    import git

    repo = git.Repo(path)
    repo.git.commit("-qam", "title")
    repo.close()
    out = run("publish", path).output
    assert "index.html (0 document(s) beside it)" in out
    html = (path / "out" / "site" / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "Черновик: Договор ещё не подписан." in page_text(html)


def test_a_forged_record_cannot_make_publish_read_or_write_outside_its_folders(ws):
    """Signature records come from the repository (untrusted): their file names are never paths.
    Here a forged name points at project.yaml (with its private comments) by its true hash."""
    import git

    from contractkit.store import records

    run("new", "romashka", "--from-example", "romashka-site")
    path = ws / "romashka"
    run("sign", path, "--date", "2026-12-01")
    sha = hashlib.sha256((path / "project.yaml").read_bytes()).hexdigest()
    record = path / records.signature_path("contract")
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("files:\n", f"files:\n  ../project.yaml: '{sha}'\n", 1), encoding="utf-8")
    repo = git.Repo(path)
    repo.git.commit("-qam", "forged")
    repo.git.tag("-f", "contract")
    repo.close()
    out = ws / "public"
    publish(path, out, RU_TODAY)
    assert not (out / "project.yaml").exists()
    assert "project.yaml" not in (out / "index.html").read_text(encoding="utf-8")
    # the edited record no longer agrees with the documents rendered again: it is no signature at all
    # (store/trust.py), so the page offers nothing on its word
    assert not (out / "documents" / "contract-2026-031.pdf").exists()


def test_publish_out_takes_the_users_own_path_even_outside_the_current_folder(ws, monkeypatch):
    """`publish --out ../public` from inside the project: the path the user typed is theirs (README:
    typed paths are taken as given); only a folder inside the repository other than out/ is refused."""
    run("new", "p", "--from-example", "romashka-site")
    run("sign", ws / "p", "--date", "2026-12-01")
    monkeypatch.chdir(ws / "p")
    run("publish", ".", "--out", "../public")
    assert (ws / "public" / "index.html").is_file()
    refused = run("publish", ".", "--out", "public", ok=False)
    assert "inside the project's repository" in refused.output
