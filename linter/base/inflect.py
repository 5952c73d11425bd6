"""Small English inflector for rule phrases and their rewrites.

Rule data is written in base form ("commit suicide", "addict"); the matcher
needs every form a newsroom writes, and the fixer needs to put a rewrite into
the same form as the text it replaces. Both use the tables here, so a form the
matcher accepts is always one the fixer can reproduce.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Verb form tags. BASE also stands for the plural present ("they commit").
BASE, THIRD, PAST, GERUND, PARTICIPLE = "base", "3sg", "past", "ger", "pp"
# Noun form tags.
SINGULAR, PLURAL = "sg", "pl"

IRREGULAR_VERBS: dict[str, tuple[str, str, str]] = {
    # base: (3sg, past, gerund)
    "be": ("is", "was", "being"),
    "become": ("becomes", "became", "becoming"),
    "begin": ("begins", "began", "beginning"),
    "bind": ("binds", "bound", "binding"),
    "break": ("breaks", "broke", "breaking"),
    "bring": ("brings", "brought", "bringing"),
    "catch": ("catches", "caught", "catching"),
    "choose": ("chooses", "chose", "choosing"),
    "come": ("comes", "came", "coming"),
    "drink": ("drinks", "drank", "drinking"),
    "drive": ("drives", "drove", "driving"),
    "eat": ("eats", "ate", "eating"),
    "feel": ("feels", "felt", "feeling"),
    "fight": ("fights", "fought", "fighting"),
    "find": ("finds", "found", "finding"),
    "die": ("dies", "died", "dying"),
    "do": ("does", "did", "doing"),
    "fall": ("falls", "fell", "falling"),
    "get": ("gets", "got", "getting"),
    "give": ("gives", "gave", "giving"),
    "go": ("goes", "went", "going"),
    "have": ("has", "had", "having"),
    "hang": ("hangs", "hanged", "hanging"),
    "hold": ("holds", "held", "holding"),
    "keep": ("keeps", "kept", "keeping"),
    "lead": ("leads", "led", "leading"),
    "leap": ("leaps", "leapt", "leaping"),
    "leave": ("leaves", "left", "leaving"),
    "lie": ("lies", "lay", "lying"),
    "lose": ("loses", "lost", "losing"),
    "make": ("makes", "made", "making"),
    "overcome": ("overcomes", "overcame", "overcoming"),
    "put": ("puts", "put", "putting"),
    "rise": ("rises", "rose", "rising"),
    "shake": ("shakes", "shook", "shaking"),
    "steal": ("steals", "stole", "stealing"),
    "undergo": ("undergoes", "underwent", "undergoing"),
    "run": ("runs", "ran", "running"),
    "see": ("sees", "saw", "seeing"),
    "shoot": ("shoots", "shot", "shooting"),
    "slit": ("slits", "slit", "slitting"),
    "speak": ("speaks", "spoke", "speaking"),
    "stand": ("stands", "stood", "standing"),
    "strike": ("strikes", "struck", "striking"),
    "take": ("takes", "took", "taking"),
    "tell": ("tells", "told", "telling"),
    "think": ("thinks", "thought", "thinking"),
    "throw": ("throws", "threw", "throwing"),
    "win": ("wins", "won", "winning"),
    "write": ("writes", "wrote", "writing"),
}

# Past participles that differ from the past tense ("had taken his own life").
IRREGULAR_PARTICIPLES: dict[str, str] = {
    "be": "been",
    "become": "become",
    "begin": "begun",
    "break": "broken",
    "choose": "chosen",
    "come": "come",
    "do": "done",
    "drink": "drunk",
    "drive": "driven",
    "eat": "eaten",
    "fall": "fallen",
    "give": "given",
    "go": "gone",
    "overcome": "overcome",
    "rise": "risen",
    "run": "run",
    "see": "seen",
    "shake": "shaken",
    "speak": "spoken",
    "steal": "stolen",
    "take": "taken",
    "throw": "thrown",
    "undergo": "undergone",
    "write": "written",
}
# More surface forms for a tag: the other persons of "be", and forms writers use
# that the guidance would not write ("hung himself").
EXTRA_FORMS: dict[str, dict[str, tuple[str, ...]]] = {
    "be": {BASE: ("are", "am"), PAST: ("were",)},
    "hang": {PAST: ("hung",)},
}

# Two-syllable verbs stressed on the last syllable double their final consonant.
DOUBLING_VERBS = frozenset(
    "admit commit compel control occur omit patrol prefer refer regret submit "
    "transfer transmit deter expel incur propel rebel".split()
)

IRREGULAR_PLURALS: dict[str, str] = {
    "child": "children",
    "man": "men",
    "woman": "women",
    "person": "people",
    "foot": "feet",
    "tooth": "teeth",
    "mouse": "mice",
    "life": "lives",
    "wife": "wives",
    "knife": "knives",
    "half": "halves",
    "self": "selves",
    "fetus": "fetuses",
    "foetus": "foetuses",
    "embryo": "embryos",
    "criterion": "criteria",
    "phenomenon": "phenomena",
    "crisis": "crises",
    "diagnosis": "diagnoses",
    "thesis": "theses",
    "the": "the",
    "ovum": "ova",
    "hero": "heroes",
    "negro": "negroes",
    "echo": "echoes",
    "veto": "vetoes",
    "potato": "potatoes",
    "tomato": "tomatoes",
}
# Words that read the same in both numbers, or have no plural worth matching.
UNCOUNTABLE = frozenset(
    "sheep deer fish series species news police people children men women "
    "staff aids hiv abuse violence".split()
)

_VOWELS = "aeiou"


def _is_cvc(word: str) -> bool:
    """Consonant-vowel-consonant ending, where a short verb doubles (stop -> stopped)."""
    return (
        len(word) >= 3 and word[-1] not in _VOWELS + "wxy" and word[-2] in _VOWELS and word[-3] not in _VOWELS
    )


def _doubles(word: str) -> bool:
    if word in DOUBLING_VERBS:
        return True
    syllables = len(re.findall(r"[aeiouy]+", word))
    return syllables == 1 and _is_cvc(word)


@lru_cache(maxsize=8192)
def verb_forms(base: str) -> dict[str, str]:
    """All forms of a verb keyed by tag: base, 3sg, past, ger, pp (participle)."""
    word = base.lower()
    forms = _regular_or_table(word)
    forms[PARTICIPLE] = IRREGULAR_PARTICIPLES.get(word, forms[PAST])
    return forms


def _regular_or_table(word: str) -> dict[str, str]:
    if word in IRREGULAR_VERBS:
        third, past, gerund = IRREGULAR_VERBS[word]
        return {BASE: word, THIRD: third, PAST: past, GERUND: gerund}
    if re.search(r"(s|x|z|ch|sh|o)$", word):
        third = word + "es"
    elif re.search(r"[^aeiou]y$", word):
        third = word[:-1] + "ies"
    else:
        third = word + "s"
    if word.endswith("e"):
        past, gerund = word + "d", word[:-1] + "ing"
        if word.endswith("ee"):
            gerund = word + "ing"
    elif re.search(r"[^aeiou]y$", word):
        past, gerund = word[:-1] + "ied", word + "ing"
    elif _doubles(word):
        past, gerund = word + word[-1] + "ed", word + word[-1] + "ing"
    else:
        past, gerund = word + "ed", word + "ing"
    return {BASE: word, THIRD: third, PAST: past, GERUND: gerund}


@lru_cache(maxsize=8192)
def plural(noun: str) -> str:
    word = noun.lower()
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word in UNCOUNTABLE or not word[-1:].isalpha():
        return word
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


@lru_cache(maxsize=8192)
def inflect_phrase(phrase: str, mode: str) -> dict[str, str]:
    """Map each form tag to the phrase in that form.

    ``verb`` inflects the first word, ``noun`` the last; ``none`` keeps the phrase.
    """
    words = phrase.split(" ")
    if mode == "verb":
        # An adverb before the verb stays put: "spontaneously abort" -> "spontaneously aborted".
        at = 1 if len(words) > 1 and words[0].endswith("ly") else 0
        return {
            tag: " ".join(words[:at] + [form] + words[at + 1 :])
            for tag, form in verb_forms(words[at]).items()
        }
    if mode == "noun":
        last = words[-1]
        # Inflect the last alphabetic part of a hyphenated word ("well-wisher").
        head, sep, tail = last.rpartition("-")
        plural_last = head + sep + plural(tail) if sep else plural(last)
        return {SINGULAR: phrase, PLURAL: " ".join(words[:-1] + [plural_last])}
    return {BASE: phrase}


@lru_cache(maxsize=8192)
def surface_forms(phrase: str, mode: str) -> dict[str, str]:
    """Every surface form of a phrase -> its tag, including forms writers use wrongly."""
    out: dict[str, str] = {}
    for tag, form in inflect_phrase(phrase, mode).items():
        out.setdefault(form, tag)
    if mode == "verb":
        words = phrase.split(" ")
        at = 1 if len(words) > 1 and words[0].endswith("ly") else 0
        for tag, extras in EXTRA_FORMS.get(words[at].lower(), {}).items():
            for extra in extras:
                out.setdefault(" ".join(words[:at] + [extra] + words[at + 1 :]), tag)
    return out


def apply_form(phrase: str, mode: str, tag: str, plural_text: str | None = None) -> str:
    """Put a base-form rewrite into the form ``tag`` that the matched text had."""
    if mode == "noun" and tag == PLURAL and plural_text:
        return plural_text
    forms = inflect_phrase(phrase, mode)
    return forms.get(tag, phrase)


_AN_EXCEPTIONS = ("uni", "use", "usu", "uti", "eu", "one", "once", "ura", "ure", "uro")
_SILENT_H = ("hour", "honest", "honor", "honour", "heir")
_VOWEL_SOUND_LETTERS = set("AEFHILMNORSX")


def indefinite_article(word: str) -> str:
    """'a' or 'an' by sound, for ordinary words and initialisms (an HIV test)."""
    core = word.lstrip("\"'\u201c\u2018(")
    if not core:
        return "a"
    head = re.split(r"[-\s]", core)[0]
    if len(head) >= 2 and head.isupper():  # read letter by letter: an HIV, a UN
        return "an" if head[0] in _VOWEL_SOUND_LETTERS else "a"
    lower = core.lower()
    if lower.startswith(_SILENT_H):
        return "an"
    if lower.startswith(_AN_EXCEPTIONS):
        return "a"
    return "an" if lower[:1] in "aeiou" else "a"
