"""Direct-quote detection: the reporter's voice versus a source's words."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from linter.engine.quotes import LazyQuoteIndex, QuoteIndex, find_quotes


def quoted(text):
    return [text[s:e] for s, e in find_quotes(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('She said "the embryo has a heartbeat" yesterday.', ['"the embryo has a heartbeat"']),
        ("She said \u201cthe embryo has a heartbeat\u201d.", ["\u201cthe embryo has a heartbeat\u201d"]),
        ("He told me \u2018never again\u2019 and left.", ["\u2018never again\u2019"]),
        ("He told me 'never again' and left.", ["'never again'"]),
        # Apostrophes are not quotation marks.
        ("Don't worry: the Baldwins' son isn't here.", []),
        ("In the '90s it was rock 'n' roll.", []),
        ("It\u2019s the Joneses\u2019 house.", []),
        # Nested quotes stay inside the outer quote.
        (
            "\u201cShe told me \u2018never again\u2019 and left,\u201d he said.",
            ["\u201cShe told me \u2018never again\u2019 and left,\u201d"],
        ),
    ],
)
def test_quote_spans(text, expected):
    assert quoted(text) == expected


def test_multi_paragraph_quote_convention():
    text = (
        '"We had a scan at seven weeks," she said. "We\nwere so happy.\n\n'
        '"Then it was gone.\n\n"Nothing prepares you."\n\nAfter that, narrative.'
    )
    spans = find_quotes(text)
    index = QuoteIndex(spans)
    for phrase in ("We had a scan", "so happy", "Then it was gone", "Nothing prepares"):
        start = text.index(phrase)
        assert index.containing(start, start + len(phrase)), phrase
    start = text.index("narrative")
    assert index.containing(start, start + 9) is None


def test_unclosed_quote_stops_at_paragraph_end():
    text = '"An unclosed quote runs to here\n\nThis paragraph is narrative.'
    index = QuoteIndex(find_quotes(text))
    start = text.index("narrative")
    assert index.containing(start, start + 9) is None


def test_blockquote_regions_are_quotes():
    text = "Intro.\n\n> He said it plainly.\n\nAfter."
    start = text.index(">")
    spans = find_quotes(text, [(start, text.index("\n\nAfter"))])
    assert QuoteIndex(spans).containing(text.index("plainly"), text.index("plainly") + 7)


PIECES = st.sampled_from(
    [
        '"',
        "\u201c",
        "\u201d",
        "'",
        "\u2018",
        "\u2019",
        "a",
        "word",
        " ",
        " ",
        "\n",
        "\n\n",
        "\n \n",
        "don't",
        "Baldwins'",
        "'90s",
        "said,",
        ".",
        "\x00",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=60).map("".join), st.data())
@example("\"\"'\"'\n\n'", None)  # the next paragraph's single mark continues this one's quote
def test_lazy_index_answers_as_the_whole_document_scan(scan, data):
    """Paragraph-at-a-time answers equal the whole-document scan's."""
    whole = QuoteIndex(find_quotes(scan))
    lazy = LazyQuoteIndex(scan)
    positions = (
        data.draw(st.lists(st.integers(0, max(0, len(scan) - 1)), max_size=8)) if data else range(len(scan))
    )
    for start in positions:
        end = min(len(scan), start + 2)
        if "\n\n" in scan[start:end]:
            continue
        assert (lazy.containing(start, end) is None) == (whole.containing(start, end) is None), (scan, start)


# --- elisions, primes and measurements before a quote (issue 20) ------------------------------

from linter import check_text  # noqa: E402
from linter.fixing.edits import fix_text  # noqa: E402

_NOISE = st.sampled_from(
    [
        "In the '80s",
        "Back in '24",
        "We loved 'em",
        "Rock 'n' roll",
        "'Til then",
        "'Tis true",
        'She bought a 12" vinyl',
        "He is 6'2\" tall",
        "A 3' board",
        "The Joneses' dog",
        "O'Brien's shop",
        "It's late",
        "The '90s band",
        "It\u2019s a 7\u201d single",
    ]
)
_OPEN_CLOSE = st.sampled_from([('"', '"'), ("\u201c", "\u201d"), ("'", "'"), ("\u2018", "\u2019")])


@settings(max_examples=300, deadline=None)
@given(st.lists(_NOISE, min_size=1, max_size=3), _OPEN_CLOSE, st.lists(_NOISE, max_size=2))
def test_marks_before_a_quote_never_get_it_rewritten(before, marks, after):
    o, c = marks
    quote = f"{o}my brother committed suicide{c}"
    text = ", ".join(before) + f", she said {quote} to me. " + ". ".join(after) + "\n"
    fixed, _ = fix_text(text, kind="markdown")
    assert quote in fixed, (text, fixed)
    finding = next(f for f in check_text(text, kind="markdown") if f.rule == "suicide.commit-suicide")
    assert finding.in_quote and not finding.fixable


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(_NOISE, st.just('he said "my son committed suicide" then')), min_size=1, max_size=5)
)
def test_fix_never_changes_text_between_reported_quote_marks(parts):
    text = ". ".join(parts) + ". The actor committed suicide.\n"
    fixed, edits = fix_text(text, kind="markdown")
    spans = find_quotes(text)
    for edit in edits:
        assert not any(s < edit.end and edit.start < e for s, e in spans), (text, edit)


def test_the_two_reproducers():
    a = "In the '80s she said 'my brother committed suicide' to me.\n"
    b = '"It\'s a 12" vinyl," he said. "My son committed suicide," she said.\n'
    for text in (a, b):
        fixed, _ = fix_text(text, kind="markdown")
        assert fixed == text, fixed
