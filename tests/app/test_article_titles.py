"""Articles are named by their title wherever the pages cite them, never by a number such as "Article 002"."""

from __future__ import annotations

import csv
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import DATA_DIR, REPO_ROOT

NUMBERED = re.compile(r"\b[Aa]rticle \d{3}\b")


def everything_shown(app: AppTest) -> str:
    parts = [m.value for m in app.markdown] + [h.value for h in app.header] + [m.value for m in app.sidebar.markdown]
    for table in [*app.dataframe, *app.table]:
        frame = table.value
        parts += [" ".join(map(str, frame.columns))] + [" ".join(map(str, row)) for row in frame.astype(str).values.tolist()]
    return "\n".join(parts).replace("\\", "")


@pytest.mark.parametrize("page,params", [("check", {}), ("sources", {}), ("data", {"source": "article-002"})])
def test_no_page_cites_an_article_by_its_number(page, params):
    app = AppTest.from_file(str(REPO_ROOT / "pages" / f"{page}.py"), default_timeout=60)
    for name, value in params.items():
        app.query_params[name] = value
    text = everything_shown(app.run())
    assert not app.exception
    assert not NUMBERED.search(text), NUMBERED.search(text) and text[max(0, NUMBERED.search(text).start() - 200):][:400]
    with open(DATA_DIR / "articles.csv", newline="", encoding="utf-8") as handle:
        titles = [row["title"] for row in csv.DictReader(handle)]
    assert any(title in text for title in titles)
