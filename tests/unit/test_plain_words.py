"""Plain words: an article by its title, "1 year", a projections revision worded as what the earlier edition projected,
growth beside all occupations from the same file. Expected values read from the package's CSV files."""

import pytest

from mbcstats import headlines, load_package
from mbcstats.figures import figure_table
from mbcstats.formatting import format_value, name_articles
from tests.factsheet_reading import FIGURES, SOURCES, headline_ids, rows

TITLES = {row["article_id"]: row["title"] for row in rows("articles.csv")}


def test_an_article_is_named_by_its_title():
    assert name_articles("as reported by article 002 (x)", TITLES) == f"as reported by the article “{TITLES['article-002']}” (x)"
    assert name_articles("Article 000 (no source named)", TITLES) == f"“{TITLES['article-000']}” (no source named)"
    assert name_articles("article 999", TITLES) == "article 999"  # no such article: left as it is


def test_units_as_people_write_them():
    assert (format_value(1, "years"), format_value(2, "years"), format_value(1, "months")) == ("1 year", "2 years", "1 month")


@pytest.fixture(scope="module")
def growth_card():
    package = load_package()
    cards = headlines.headlines(figure_table(package), "29-2072", package["known_releases"], package["sources"])
    return next(card for card in cards if card.latest is not None and card.latest["measure"] == "ep_growth")


def test_an_earlier_projections_edition_is_a_revision_not_a_fall(growth_card):
    newest = FIGURES[next(i for i in headline_ids("29-2072") if i.endswith("-growth"))]
    editions = sorted({row["source_id"] for row in FIGURES.values() if row["source_id"].startswith("bls-ep-")
                       and row["occupation_code"] == "29-2072" and row["measure"] == "ep_growth"},
                      key=lambda source: int(source.split("-")[2]))
    before = next(row for row in FIGURES.values() if row["source_id"] == editions[editions.index(newest["source_id"]) - 1]
                  and row["occupation_code"] == "29-2072" and row["measure"] == "ep_growth")
    assert growth_card.change_text is None  # no arrow down between two decades
    assert growth_card.change_source == (f"The {before['period']} edition projected {float(before['value']):g}% "
                                         f"({SOURCES[before['source_id']]['short_label']}).")


def test_growth_beside_all_occupations_from_the_same_file(growth_card):
    newest = FIGURES[next(i for i in headline_ids("29-2072") if i.endswith("-growth"))]
    everyone = FIGURES[newest["figure_id"].replace("29-2072", "00-0000")]
    assert growth_card.context_text.startswith(
        f"{float(newest['value']):g}%, against {float(everyone['value']):g}% for all occupations "
        f"({SOURCES[everyone['source_id']]['short_label']}).")
    assert "cannot be classified from the files held" in growth_card.context_text
