"""Markdown bodies rendered to HTML that is safe to show: Markdown, then nh3 (Ammonia)."""

from __future__ import annotations

import threading

import markdown
import nh3

_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "cite",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
}


_local = threading.local()


def _converter() -> markdown.Markdown:
    # Building a Markdown instance (loading its extensions) costs more than converting a
    # short body: one per thread, reset between uses.
    if (converter := getattr(_local, "converter", None)) is None:
        converter = _local.converter = markdown.Markdown(extensions=["extra", "sane_lists"])
    return converter.reset()


def render_markdown(text: str) -> str:
    """HTML for a Markdown body; scripts, event handlers and non-web links are removed."""
    if not text or not text.strip():
        return ""
    html = _converter().convert(text)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
