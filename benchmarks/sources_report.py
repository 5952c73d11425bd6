"""How primary are the packs' citations? Prints the figures against the targets.

    python benchmarks/sources_report.py            # figures and target check
    python benchmarks/sources_report.py --details  # plus every offending source and rule

Definitions (kept simple; the classification lives in linter/packs/provenance.py):

- A *citation* is one source id in one rule's ``sources``.
- A citation is *primary* when its source is not second-hand: the url's host is
  not a known second-hand host (blog platform, document mirror, another linter)
  and the source is not marked second-hand, i.e. it does not combine
  ``reported_by`` with a link to the publisher's front page only.
- A rule is *only second-hand-supported* when every source it cites is
  second-hand. Such rules are lowered one severity step and say so in ``why``
  ("Only reported second-hand: ..."); they are still counted here.
- A *mismatched label* is a source whose organisation or publisher names a
  publisher in PUBLISHER_HOSTS below while its url is on none of that
  publisher's hosts (doi.org counts for journals, which it resolves to).
- An *unreachable-by-design* link is a url or reported_by url that is a click
  tracker, a proxy, an archive snapshot or a zip file (by URL pattern).

Targets: >= 90% primary citations, 0 rules only second-hand-supported, 0
mismatched labels, 0 unreachable-by-design links.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from linter.packs import load_packs  # noqa: E402
from linter.packs.provenance import (  # noqa: E402
    SECOND_HAND_HOSTS,
    is_second_hand,
    on_host,
    only_second_hand,
    unreachable,
)

# Publisher name (as it appears in labels) -> the hosts that are its own.
PUBLISHER_HOSTS: dict[str, tuple[str, ...]] = {
    "Associated Press": ("apstylebook.com", "ap.org", "associatedpress.com", "apnews.com"),
    "Reuters": ("reuters.com",),
    "NPR": ("npr.org",),
    "BBC": ("bbc.co.uk", "bbc.com"),
    "The Guardian": ("theguardian.com",),
    "American College of Obstetricians and Gynecologists": ("acog.org",),
    "Miscarriage Association": ("miscarriageassociation.org.uk",),
    "Tommy's": ("tommys.org",),
    "Sands": ("sands.org.uk",),
    "Mount Sinai": ("mountsinai.org",),
    "Peanut": ("peanut-app.io",),
    "Red Nose": ("rednosegriefandloss.org.au",),
    "Miscarriage Australia": ("miscarriageaustralia.com.au",),
    "Antenatal Results and Choices": ("arc-uk.org",),
    "Lullaby Trust": ("lullabytrust.org.uk",),
    "Carrying To Term": ("carryingtoterm.org",),
    "BJOG": ("doi.org", "obgyn.onlinelibrary.wiley.com"),
    "Human Reproduction": ("doi.org", "academic.oup.com"),
    "The BMJ": ("bmj.com",),
    "BMJ Supportive": ("spcare.bmj.com", "doi.org"),
    "Pediatrics": ("doi.org", "publications.aap.org"),
    "Samaritans": ("samaritans.org",),
    "Mindframe": ("mindframe.org.au",),
    "ReportingOnSuicide.org": ("reportingonsuicide.org",),
    "Cisco": ("cisco.com",),
    "Time to Change": ("time-to-change.org.uk",),
    "Headline": ("headline.ie",),
    "Independent Press Standards Organisation": ("ipso.co.uk",),
    "World Health Organization": ("who.int", "paho.org"),
    "Pan American Health Organization": ("paho.org",),
    "Shift": ("shift.org.uk",),
    "Mental Health Foundation": ("mentalhealth.org.uk",),
    "Nova Southeastern University": ("nova.edu",),
    "National Institutes of Health": ("nih.gov",),
    "National Institute on Drug Abuse": ("nida.nih.gov", "drugabuse.gov"),
    "National Center on Disability and Journalism": ("ncdj.org",),
    "Office of National Drug Control Policy": ("whitehouse.gov", "obamawhitehouse.archives.gov"),
    "Recovery Research Institute": ("recoveryanswers.org",),
    "Kenosha County": ("wi-kenoshacounty.civicplus.com", "kenoshacounty.org"),
    "CPYD": ("cpydcoalition.org",),
    "Johns Hopkins": ("jhu.edu",),
    "Alzheimer's Society": ("alzheimers.org.uk",),
    "National Dementia Action Alliance": ("nationaldementiaaction.org.uk",),
    "Dementia Australia": ("dementia.org.au",),
    "Macmillan": ("macmillan.org.uk",),
    "Epilepsy Society": ("epilepsysociety.org.uk",),
    "Level Up": ("welevelup.org",),
    "Femicide Observatory": ("femicideincanada.ca",),
    "Crisis Center for Women": ("crisiscenter.ru",),
    "Zero Tolerance": ("zerotolerance.org.uk",),
    "National Center for Victims of Crime": ("victimsofcrime.org",),
    "Internet Watch Foundation": ("iwf.org.uk",),
    "NJCASA": ("njcasa.org",),
    "UNAIDS": ("unaids.org",),
    "UNFPA": ("unfpa.org",),
    "Beat": ("beateatingdisorders.org.uk",),
    "GLAAD": ("glaad.org",),
    "Trans Journalists Association": ("transjournalists.org",),
    "Grand Valley State University": ("gvsu.edu",),
    "interACT": ("interactadvocates.org",),
    "Diversity Style Guide": ("diversitystyleguide.com",),
    "Race Disparity Unit": ("ethnicity-facts-figures.service.gov.uk", "gov.uk"),
    "Office for National Statistics": ("ons.gov.uk",),
    "National Association of Black Journalists": ("nabj.org", "nabjonline.org"),
    "University of Edinburgh": ("ed.ac.uk",),
    "Washington University in St. Louis": ("wustl.edu",),
    "journalism.co.uk": ("journalism.co.uk",),
    "UCL": ("ucl.ac.uk",),
    "retext-equality": ("github.com",),
}
TARGET_PRIMARY = 0.90


def named_publishers(source) -> list[str]:
    """Publishers in PUBLISHER_HOSTS that the source's organisation or publisher names."""
    label = f"{source.organisation} | {source.publisher_name}"
    return [name for name in PUBLISHER_HOSTS if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", label)]


def label_mismatch(source) -> bool:
    names = named_publishers(source)
    return bool(names) and not any(on_host(source.url, PUBLISHER_HOSTS[n]) for n in names)


def report(packs) -> dict:
    citations = [(rule, s) for p in packs for rule in p.rules for s in rule.sources]
    primary = [c for c in citations if not is_second_hand(c[1])]
    sources = [s for p in packs for s in p.sources.values()]
    links = [(s, s.url) for s in sources] + [(s, s.reported_by.url) for s in sources if s.reported_by]
    return {
        "citations": len(citations),
        "primary": len(primary),
        "own_host": sum(1 for _, s in citations if not on_host(s.url, SECOND_HAND_HOSTS)),
        "second_hand_rules": [r for p in packs for r in p.rules if only_second_hand(r)],
        "lowered_rules": [r for p in packs for r in p.rules if "Only reported second-hand" in r.why],
        "mismatched": [s for s in sources if label_mismatch(s)],
        "unreachable": [(s, url, unreachable(url)) for s, url in links if unreachable(url)],
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--details", action="store_true", help="list every offending rule and source")
    args = parser.parse_args(argv)
    r = report(load_packs())
    share = r["primary"] / r["citations"] if r["citations"] else 1.0
    rows = [
        (
            "primary citations",
            f"{r['primary']}/{r['citations']} = {share:.1%}",
            f">= {TARGET_PRIMARY:.0%}",
            share >= TARGET_PRIMARY,
        ),
        (
            "rules only second-hand-supported",
            str(len(r["second_hand_rules"])),
            "0",
            not r["second_hand_rules"],
        ),
        ("labels naming one publisher, linking another", str(len(r["mismatched"])), "0", not r["mismatched"]),
        ("tracker/proxy/archive/zip links", str(len(r["unreachable"])), "0", not r["unreachable"]),
    ]
    for name, value, target, ok in rows:
        print(f"{name:<48} {value:<20} target {target:<6} {'ok' if ok else 'MISSED'}")
    own = r["own_host"]
    print(
        f"{'(citations on the publisher own host, any status)':<48} {own}/{r['citations']} = {own / r['citations']:.1%}"
    )
    print(f"{'rules lowered as second-hand (why says so)':<48} {len(r['lowered_rules'])}")
    if args.details or r["second_hand_rules"]:
        print("\nrules only second-hand-supported (severity already lowered one step):")
        for rule in r["second_hand_rules"]:
            print(f"  {rule.id} [{rule.severity}]: {', '.join(s.id for s in rule.sources)}")
    if args.details:
        print("\nrules lowered as second-hand:")
        for rule in r["lowered_rules"]:
            print(f"  {rule.id} [{rule.severity}]")
    for s in r["mismatched"]:
        print(f"mismatched label: {s.id}: {s.organisation} -> {s.url}")
    for s, url, what in r["unreachable"]:
        print(f"unreachable ({what}): {s.id}: {url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
