"""The only Streamlit code outside pages/ and dashboard.py, one module per job: the data pages show (`data`), the
start of a page run (`navigation`), URL-bound widgets (`choices`), what pages draw (`blocks`) and the shared
sidebar (`sidebar`). Pages call them through this package: `from mbcstats import ui; ui.chart(...)`."""

from mbcstats.markdown_text import check_sections, escape_markdown
from mbcstats.ui.blocks import chart, check_cards, download_buttons, drawn_when_open, grid, metric_card, package_download, page_styles, source_lines
from mbcstats.ui.choices import MAX_PARAM_LENGTH, ignore_unknown_params, occupation_choice, pay_choices, url_choice, url_filters, url_multi_choice
from mbcstats.ui.data import article_checks, computed, detail, figures, occupation_descriptions, package, pin_data_state
from mbcstats.ui.navigation import running_under_navigation, use_explicit_navigation
from mbcstats.ui.sidebar import show_sidebar

__all__ = [
    "MAX_PARAM_LENGTH", "article_checks", "chart", "check_cards", "check_sections", "computed", "detail",
    "download_buttons", "drawn_when_open", "escape_markdown", "figures", "grid", "ignore_unknown_params", "metric_card",
    "occupation_choice", "occupation_descriptions", "package", "package_download", "page_styles", "pay_choices",
    "pin_data_state", "running_under_navigation", "show_sidebar",
    "source_lines", "url_choice", "url_filters", "url_multi_choice", "use_explicit_navigation",
]
