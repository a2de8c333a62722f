"""Markdown for text from the data or the URL, shown as text: escaped, as a code span, as small lines, and the
Check page's cards of checked quotes."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

# Where GitHub-flavoured Markdown would make a link of text (www., a scheme's ://, an e-mail's @) even with its
# punctuation escaped or written as character references (the autolinker reads the text they stand for). An empty
# span there (`:color[]{}` names no colour) splits the text, so no run of text holds a whole address.
_LINK_STARTS = re.compile(r"(?i)(?<=www)(?=\.)|(?=://)|(?=@)")
_NO_LINK = ":color[]{}"


def escape_markdown(text: str) -> str:
    """Text from data or the URL shown as text: no Markdown or HTML in it can take effect and no address in it
    becomes a link; it reads and copies as it is."""
    specials = "\\`*_{}[]()<>#+-.!|~$:"
    return _NO_LINK.join("".join("\\" + char if char in specials else char for char in piece)
                         for piece in _LINK_STARTS.split(str(text)))


def literal(text: str) -> str:
    """Text from the URL as a Markdown code span: shown exactly as typed, never a link (GitHub-flavoured Markdown
    turns a bare https://… or www.… into one even with its punctuation escaped), its whitespace runs made single
    spaces (a blank line would end the span), and invisible control and format characters shown as Python writes
    them escaped, \\u202e or \\x7f (U+202E and its kin would otherwise reverse how the rest of the notice reads)."""
    invisible = ("Cc", "Cf")
    text = "".join(char.encode("unicode_escape").decode("ascii") if unicodedata.category(char) in invisible else char
                   for char in " ".join(str(text).split()))
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def small_lines(texts) -> str:
    """Markdown for lines of small text in the theme's text colour (st.caption's grey fails WCAG AA), all as text."""
    return "\n\n".join(f":small[{escape_markdown(text)}]" for text in texts if text)


CHECK_FIELDS = [
    ("What it really is", "true_label"), ("Published value", "figure_value"), ("More precise value", "precise_value"),
    ("Source", "source"), ("Status", "status"), ("Correction", "correction"), ("Corrected", "corrected"),
    ("What the occupation covers", "occupation_covers"),
    ("Newest comparable figure", "newest"), ("Change since", "change_to_newest"),
    ("Against the average", "all_occupations"), ("Newer release", "newer_release"),
]


def check_sections(found: pd.DataFrame) -> list[tuple[str, str]]:
    """Each article's heading and its quoted figures as one box's Markdown: for each, the article's words, then
    what the figure is, field by field (all shown as text). One element per article: one per card made the
    page slow to draw. Pure, so pages work it out once per search (`computed`)."""
    sections = []
    for article, rows in found.groupby("article", sort=False):
        cards = []
        for _, row in rows.iterrows():
            quote = (f"**{escape_markdown(row['quoted_text'])}** — “{escape_markdown(row['sentence'])}” "
                     f"(the article calls it {escape_markdown(row['article_label'])})")
            fields = [f"**{label}:** {escape_markdown(row[field])}" for label, field in CHECK_FIELDS if row[field]]
            cards.append(quote + "\n\n" + "  \n".join(fields))
        sections.append((escape_markdown(article), "\n\n---\n\n".join(cards)))
    return sections
