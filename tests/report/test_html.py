"""The escaping builder: data is text unless it was built as markup."""

from __future__ import annotations

import pytest

from infusion_coder.report.html import DOCTYPE, Safe, attrs, el, esc, join, safe_href


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('" onmouseover="x', "&quot; onmouseover=&quot;x"),
        ("it's & <b>", "it&#x27;s &amp; &lt;b&gt;"),
        ("plain 0930", "plain 0930"),
    ],
    ids=["script", "attr-breakout", "quote-amp-tag", "plain"],
)
def test_esc_escapes_text_and_attribute_metacharacters(raw, escaped):
    assert esc(raw) == escaped
    assert el("span", {"title": raw}, raw) == f'<span title="{escaped}">{escaped}</span>'


def test_safe_markup_is_not_escaped_twice():
    inner = el("b", None, "<x>")
    assert el("p", None, inner) == "<p><b>&lt;x&gt;</b></p>"
    assert esc(inner) is inner


def test_safe_concatenation_escapes_the_plain_side():
    assert Safe("<i>") + "<script>" == "<i>&lt;script&gt;"
    assert "<script>" + Safe("<i>") == "&lt;script&gt;<i>"
    assert isinstance(DOCTYPE + el("p"), Safe)
    assert (DOCTYPE + el("p")).startswith("<!doctype html>")


def test_join_escapes_parts_and_separator():
    assert join(["a<", el("b", None, "c")], "&") == "a&lt;&amp;<b>c</b>"


def test_attrs_skip_none_false_and_render_true_bare():
    assert attrs({"hidden": True, "title": None, "disabled": False, "class_": "x"}) == (
        ' hidden class="x"'
    )


@pytest.mark.parametrize(
    "href",
    ["../index.html", "notes/000001-KET-7.html", "../assets/report.css", "data/notes-000001.js"],
)
def test_safe_href_accepts_the_reports_own_links(href):
    assert safe_href(href) == href
    assert f'href="{href}"' in el("a", {"href": href}, "x")


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>1</script>",
        "http://example.org/x.js",
        "//example.org/x.js",
        "/etc/passwd",
        "notes/../../secret.html",
        "notes/a b.html",
        "notes/x.html?id=KET",
        "",
    ],
)
def test_links_that_are_not_relative_report_files_are_refused(href):
    with pytest.raises(ValueError):
        el("a", {"href": href}, "x")


@pytest.mark.parametrize("name", ["on click", 'x"y', "1abc", ""])
def test_attribute_and_tag_names_are_checked(name):
    with pytest.raises(ValueError):
        attrs({name: "v"})
    with pytest.raises(ValueError):
        el(name or " ")
