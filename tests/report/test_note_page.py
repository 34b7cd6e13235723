"""The note page: exact text, highlights by kind, selection keys, inert note text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from extraction.models import CharSpan
from infusion_coder.models import NoteResult
from infusion_coder.report.note_page import render_note_page
from validators.models import ClaimLine, CodingResult, Evidence, TraceStep


class Page(HTMLParser):
    """Every element with its attributes, the text of the note, and the highlighted pieces."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.note_text: list[str] = []
        self.pieces: list[tuple[str, dict[str, str | None]]] = []
        self._in_note = 0
        self._span: list[dict[str, str | None] | None] = []
        self.texts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if a.get("id") == "note-text":
            self._in_note = 1
        elif self._in_note:
            self._in_note += 1
            self._span.append(a if tag == "span" else None)

    def handle_endtag(self, tag):
        if self._in_note:
            self._in_note -= 1
            if self._span:
                self._span.pop()

    def handle_data(self, data):
        self.texts.append(data)
        if self._in_note:
            self.note_text.append(data)
            if self._span and self._span[-1] is not None:
                self.pieces.append((data, self._span[-1]))

    def with_class(self, name: str) -> list[dict[str, str | None]]:
        return [a for _, a in self.elements if name in (a.get("class") or "").split()]


@pytest.fixture
def page(ketamine) -> Page:
    return Page(render_note_page(ketamine))


def test_note_text_is_reproduced_exactly_with_line_breaks(ketamine, page):
    # the leading "\n" the builder adds after <pre> only when the note starts with a newline
    assert "".join(page.note_text) == ketamine.text
    assert "\r\n" in "".join(page.note_text)


def test_leading_blank_line_survives_the_pre_element():
    result = NoteResult(note_id="N-2", status="ok", text="\r\nKetamine 40 mg IV 0930-1015\r\n")
    html = render_note_page(result)
    # HTML drops the first line break after <pre>; the page adds one so the note's survives
    assert '<pre class="note-text" id="note-text">\n\r\nKetamine' in html


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Ketamine", {"k-drug"}),
        ("Ondansetron", {"k-drug"}),
        ("0930", {"k-time"}),
        ("1012", {"k-time"}),
        ("41 mg", {"k-dose"}),
        ("push", {"k-route"}),
        ("R forearm", {"k-site"}),
        ("F33.2", {"k-diagnosis"}),
        ("for nausea", {"k-indication"}),
        ("completed", {"k-status"}),
    ],
)
def test_evidence_is_highlighted_by_kind(page, text, kinds):
    classes = [set((a.get("class") or "").split()) for data, a in page.pieces if data == text]
    assert classes, f"{text!r} is not highlighted"
    assert kinds <= classes[0]


def test_hold_phrase_is_split_around_the_nested_resume_time(page):
    hold = [(d, a["class"]) for d, a in page.pieces if "k-hold" in (a.get("class") or "")]
    texts = [d for d, _ in hold]
    assert "0950" in texts  # nested inside the hold phrase, its own piece
    assert "k-time" in dict(hold)["0950"]
    assert any(t.startswith("held for BP") for t in texts)


def test_not_given_administration_is_marked_muted(page):
    muted = {d for d, a in page.pieces if "ng" in (a.get("class") or "").split()}
    assert {"midazolam", "2 mg", "not given"} <= muted
    given = {d for d, a in page.pieces if "ng" not in (a.get("class") or "").split()}
    assert "Ketamine" in given and "Ondansetron" in given


def test_line_evidence_carries_the_lines_key_and_bars(ketamine, page):
    cards = {a["data-key"]: a for a in page.with_class("card")}
    # 96365 is the first line: its evidence (drug, start, stop, hold) carries l0
    refs = {d for d, a in page.pieces if "l0" in (a.get("data-refs") or "").split()}
    assert {"Ketamine", "0930", "1012", "0950"} <= refs
    assert cards["l0"]["data-bars"] == "a2"  # ketamine is the third administration
    assert {a.get("data-refs") for _, a in page.elements if "tl-row" in (a.get("class") or "")} == {
        "a0",
        "a1",
        "a2",
        "a3",
    }


def test_lines_show_code_units_modifiers_trace_and_rejected(page):
    text = " ".join(page.texts)
    for expected in ("96365", "× 1", "37 min", "DA-CODE-010", "96374: 37 min > 15, not a push"):
        assert expected in text
    assert "J2405" in text and "× 4" in text


def test_findings_show_severity_message_and_provider_query(page):
    text = " ".join(page.texts)
    assert "Query to the provider" in text
    assert "Please confirm the prior authorization number" in text
    sev = [a["class"] for a in page.with_class("finding")]
    assert sev[0].endswith("sev-warning") and sev[-1].endswith("sev-info")  # most severe first


def test_span_that_does_not_match_the_text_is_not_highlighted_but_reported(ketamine):
    text = ketamine.text
    wrong = CharSpan(start=0, end=8, text="Ketamine")  # offsets point at "OUTPATIE"
    line = ClaimLine(
        code="J3490",
        units=1,
        admin_ids=("A3",),
        rule="DA-DRUG-009",
        kind="drug",
        trace=(TraceStep(rule="DA-DRUG-009", detail="x"),),
        evidence=(Evidence(label="drug", span=wrong),),
    )
    bad = ketamine.model_copy(
        update={"coding": CodingResult(lines=(line,), findings=()), "text": text}
    )
    page = Page(render_note_page(bad))
    assert not [d for d, a in page.pieces if "l0" in (a.get("data-refs") or "")]
    assert "1 evidence span did not match the note text" in " ".join(page.texts)
    assert page.with_class("ev-bad")


HOSTILE_STRINGS = (
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=window.__pwned=2>",
    '<a href="javascript:window.__pwned=3">chart link</a>',
)


def test_hostile_note_text_renders_as_text_everywhere(hostile):
    html = render_note_page(hostile)
    page = Page(html)
    tags = {t for t, _ in page.elements}
    assert "img" not in tags and "b" not in tags
    scripts = [a for t, a in page.elements if t == "script"]
    assert scripts == [{"src": "../assets/report.js"}]
    for _, a in page.elements:
        for name, value in a.items():
            assert not name.startswith("on"), name
            assert not (value or "").strip().lower().startswith("javascript:")
    assert [a.get("href") for t, a in page.elements if t == "a"] == ["../index.html"]
    for raw in HOSTILE_STRINGS:
        assert raw not in html  # never raw ...
        assert raw in "".join(page.note_text)  # ... always shown as text
    assert "".join(page.note_text) == hostile.text


def test_llm_proposals_are_listed_and_escaped(hostile):
    page = Page(render_note_page(hostile))
    text = " ".join(page.texts)
    assert "Accepted (1)" in text and "Rejected (1)" in text
    assert "quote not found in note" in text
    assert "javascript:window.__pwned=8" in text
    assert "<img src=x onerror=window.__pwned=7>" in text


def test_no_llm_section_without_llm(ketamine):
    assert "LLM proposals" not in render_note_page(ketamine)


def test_page_forbids_inline_script_by_policy(ketamine):
    html = render_note_page(ketamine)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    policy = csp.group(1).replace("&#x27;", "'") if csp else ""
    assert "default-src 'none'" in policy and "script-src 'self' file:;" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_error_record_page_shows_type_and_message():
    result = NoteResult.failed("N-17", "decode_error", "not UTF-8 at byte 112")
    page = Page(render_note_page(result))
    text = " ".join(page.texts)
    assert "decode_error" in text and "not UTF-8 at byte 112" in text
    assert "The note text is not available" in text


def test_note_without_coding_still_renders_its_text(make_ketamine):
    result = make_ketamine().model_copy(update={"coding": None})
    page = Page(render_note_page(result))
    assert "".join(page.note_text) == result.text
    assert "No claim line is supported" in " ".join(page.texts)
