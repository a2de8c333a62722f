"""No label a reader sees on any page is a raw identifier: every widget's
label and options, every table header (the data behind each chart opened), every metric label. Raw identifiers are
read from the package itself: its column names (datapackage.json), its ids and codes (the CSV files). Articles are
cited by their title, never by their id, and units read as people write them."""

import csv
import json
import re

import pytest

from tests.app.test_pages import run_page
from tests.conftest import DATA_DIR

PAGES = ["overview", "pay", "outlook", "work_settings", "places", "industries", "check", "data", "sources"]


def _rows(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def raw_identifiers() -> set[str]:
    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    found = {field["name"] for resource in descriptor["resources"] for field in resource["schema"]["fields"]}
    figures = _rows("figures.csv")
    found |= {row[column] for row in figures for column in ("measure", "statistic", "unit", "verification", "figure_id")}
    found |= {row["source_id"] for row in _rows("sources.csv")} | {row["article_id"] for row in _rows("articles.csv")}
    return {name for name in found if name and not name.isdigit()}


RAW = raw_identifiers()
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")          # a column name or code: ep_growth, statistic_label
ARTICLE_ID = re.compile(r"\b[Aa]rticle[ -]\d{3}\b")


def shown_labels(app) -> list[str]:
    labels = []
    for kind in ("radio", "selectbox", "multiselect", "text_input", "checkbox", "toggle", "slider"):
        for widget in app.get(kind):
            labels.append(widget.label)
            labels += [str(option) for option in getattr(widget, "options", [])]
    labels += [metric.label for metric in app.metric]
    labels += [header for frame in app.dataframe for header in headers(frame)]
    return labels


def headers(frame) -> list[str]:
    """A grid's column headers as drawn: its column configuration's label where it gives one."""
    config = json.loads(frame.proto.columns or "{}")
    return [str((config.get(str(column)) or {}).get("label") or column) for column in frame.value.columns]


@pytest.mark.parametrize("name", PAGES)
def test_no_label_is_a_raw_identifier(name):
    app = run_page(name)
    for expander in app.expander:  # open every expander (its key follows Streamlit's "$$ID-<hash>-")
        if expander.label == "Data behind this chart":
            app.session_state[expander.proto.id.split("-", 2)[2]] = True
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    labels = shown_labels(app)
    assert any(label == "Source" for label in labels) or name in ("overview", "check", "sources")  # the tables were drawn
    assert [label for label in labels if label in RAW or SNAKE.match(label)] == []


@pytest.mark.parametrize("name", PAGES)
def test_articles_by_title_and_units_as_written(name):
    app = run_page(name)
    shown = "\n".join([m.value for m in app.markdown] + shown_labels(app)
                      + [str(cell) for frame in app.dataframe for cell in _cells_in_words(frame.value)])
    assert ARTICLE_ID.findall(shown) == [] and re.findall(r"\b1 (years|months)\b", shown) == []


def _cells_in_words(frame) -> list:
    """Every cell but those of the id columns an analyst keeps beside the words (figure_id, source_id, supersedes)."""
    words = frame[[c for c in frame.columns if not (str(c).endswith("_id") or c == "supersedes")]]
    return list(words.astype(str).to_numpy().ravel())
