"""Where a source's link leads: the publisher's own page, or only something second-hand.

The packs cite guidance a standards editor will click. A citation is *primary*
when its ``url`` is on the publisher's own site and carries (or is the home of)
the guidance. It is *second-hand* when either

- the ``url`` is on a host known to carry other people's material (a blog
  platform, another linter, a document mirror), or
- the source declares ``reported_by`` and its ``url`` is only the publisher's
  front page (path ``/``): no page of the publisher carrying the guidance was
  found, so the wording is known only from the ``reported_by`` page. This is
  how a subscription stylebook entry (AP) is cited: the publisher's site with
  ``access: subscription``, plus the page that quoted the entry.

Links that cannot work for a reader by design (e-mail click trackers, proxies,
archive snapshots, zip files) are listed by pattern, so tests and
``benchmarks/sources_report.py`` can refuse them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..base.model import Source

if TYPE_CHECKING:
    from .model import Rule

# Hosts whose pages are someone else's copy, commentary or word list, never a publisher's guidance.
SECOND_HAND_HOSTS = (
    "github.com",  # other linters' word lists (retext-equality)
    "blogspot.com",
    "wordpress.com",
    "medium.com",
    "docslib.org",
    "dokumen.tips",
    "fdocuments.in",
    "fdocuments.us",
    "vdocuments.net",
    "studylib.net",
    "slidelegend.com",
    "pdfslide.us",
    "scribd.com",
    "yumpu.com",
    "issuu.com",
    "pressreader.com",
    "herokuapp.com",
    "pslhub.org",
    "newsmuncher.com",
    "wikipedia.org",
    "nonbinary.wiki",
)
# Links a reader cannot follow by design: trackers, proxies, archive snapshots, zip files.
UNREACHABLE_PATTERNS = (
    ("tracker", re.compile(r"//t\.e2ma\.net/|/click/|[?&]utm_[a-z]+=|//l\.facebook\.com/|//lnkd\.in/", re.I)),
    ("proxy", re.compile(r"php-proxy|/proxy/|translate\.goog|translate\.google\.|[?&]q=https?%3A", re.I)),
    (
        "archive",
        re.compile(r"//(web\.)?archive\.org/|//archive\.(ph|today|is)/|webcache\.googleusercontent", re.I),
    ),
    ("zip", re.compile(r"\.(zip|rar|7z|tar\.gz)(\?|$)", re.I)),
)
# Document mirrors: allowed as a ``reported_by`` page (said so in its label), never as ``url``.
MIRROR_HOSTS = SECOND_HAND_HOSTS[4:18]


def host(url: str) -> str:
    name = urlsplit(url).netloc.lower()
    return name[4:] if name.startswith("www.") else name


def on_host(url: str, hosts: Iterable[str]) -> bool:
    h = host(url)
    return any(h == x or h.endswith("." + x) for x in hosts)


def unreachable(url: str) -> str | None:
    """The kind of by-design unreachable link ``url`` is, or None."""
    for name, pattern in UNREACHABLE_PATTERNS:
        if pattern.search(url):
            return name
    return None


def front_page_only(source: Source) -> bool:
    return urlsplit(source.url).path in ("", "/")


def is_second_hand(source: Source) -> bool:
    """True when the citation does not lead to the publisher's own page for the guidance."""
    if on_host(source.url, SECOND_HAND_HOSTS):
        return True
    return source.reported_by is not None and front_page_only(source)


def primary_first(sources: Iterable[Source]) -> list[Source]:
    """The rule's sources with primary ones first, keeping the pack's order otherwise."""
    return sorted(sources, key=is_second_hand)


def only_second_hand(rule: Rule) -> bool:
    return all(is_second_hand(s) for s in rule.sources)
