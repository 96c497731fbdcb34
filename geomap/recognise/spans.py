"""Rules about the spans of a run: which words are one name, and which names count."""

from __future__ import annotations

import re

from ..names import name_key
from ..wordlists import COMPASS_WORDS, LOCAL_INSTITUTIONS, NON_PLACE_NAMES, SAINT_WORDS, STOPWORDS
from .reader import Match, Reader, Run
from .rule import SHIFT, SKIP, Span
from .text import Token

__all__ = [
    "and_name",
    "article_common_word",
    "compass_alone",
    "compass_part",
    "demonym",
    "known_name",
    "non_place_name",
    "org_embedded",
    "saint_possessive",
    "single_word_evidence",
    "the_article",
    "town_institution",
]

_NON_PLACE_KEYS = frozenset(name_key(name) for name in NON_PLACE_NAMES)
_POSSESSIVE = re.compile(r"['\u2019]s\b")
# After a name, another name of its list: "North West and Limpopo", "Central, South".
_LISTED_NEXT = re.compile(r"(?:,\s*|\s+)(?:and|or|&)\s+[A-Z]|,\s*[A-Z]")


# -- join rules -------------------------------------------------------------------------
def and_name(reader: Reader, tokens: list[Token], i: int, j: int) -> int:
    """ "Bosnia and Herzegovina", "Trinidad and Tobago", "Turks and Caicos Islands": an
    "and" inside a run when the words around it are one name the gazetteer knows."""
    if tokens[j].lower != "and" or j + 1 >= len(tokens):
        return 0
    if not (tokens[j + 1].capitalised and reader.adjacent(tokens[j], tokens[j + 1])):
        return 0
    for a in range(max(i, j - 3), j):
        for b in range(min(len(tokens), j + 4), j + 1, -1):
            if (
                all(t.capitalised for t in tokens[j + 1 : b])
                and reader.known(name_key(reader.text[tokens[a].start : tokens[b - 1].end]))[0]
            ):
                return b
    return 0


# -- name rules (a span without a designator) -------------------------------------------
def demonym(run: Run, a: int, b: int, key: str) -> bool | Span | None:
    """ "Iraqi", "South Africans", "North Korean": a demonym mention of its country."""
    words = run.words
    if b - a <= 3 and words[a].lower != "the":
        surface = run.reader.text[words[a].start : words[b - 1].end]
        if run.reader.gaz.demonym(surface) is not None:
            return b, "demonym", None
    return None


def article_common_word(run: Run, a: int, b: int, key: str) -> bool | Span | None:
    """ "The City Council": an article and an ordinary word are no name."""
    words = run.words
    return (
        True if b - a == 2 and words[a].lower == "the" and words[a + 1].lower in STOPWORDS else None
    )


def non_place_name(run: Run, a: int, b: int, key: str) -> bool | Span | None:
    """Names the gazetteer has that news almost never means as places ("White House",
    "Taliban", "Metro"): set aside."""
    return True if key in _NON_PLACE_KEYS else None


def known_name(run: Run, a: int, b: int, key: str) -> bool | Span | None:
    """A span the gazetteer knows is a name mention."""
    return (b, "name", None) if run.reader.known(key)[0] else None


# -- match rules ------------------------------------------------------------------------
def compass_part(run: Run, m: Match) -> str | None:
    """ "North Africa", "Northern Europe": a part of a continent is named with it (the
    continent is looked up). "Northeast Georgia", "South Los Angeles": the place is
    named without the compass word."""
    words = run.words
    if not (m.b == m.a + 1 and words[m.a].lower in COMPASS_WORDS and m.a + 1 < len(words)):
        return None
    inner = run.engine.longest_match(run, m.a + 1)
    if inner is None or inner[1] != "name":
        return None
    reader = run.reader
    name = reader.text[words[m.a + 1].start : words[inner[0] - 1].end]
    if not any(c.kind in ("continent", "water") and c.main_name for c in reader.gaz.find(name)):
        return SHIFT
    m.b, m.kind, m.wants = inner
    m.end = words[m.b - 1].end
    m.surface, m.query = reader.text[m.start : m.end], name
    return None


def compass_alone(run: Run, m: Match) -> str | None:
    """ "Central Command", "Western diplomats", "Northwest D.C.": a name of compass words
    only is an adjective, though some country has a region of that name (Ghana's
    "Western", Zambia's "Central"); it is a region only when listed with another place
    ("North West and Limpopo", "Central and South America")."""
    words = run.words
    if not all(w.lower in COMPASS_WORDS for w in words[m.a : m.b]):
        return None
    return None if _LISTED_NEXT.match(run.reader.text, m.end) else SKIP


def town_institution(run: Run, m: Match) -> str | None:
    """ "Corsicana Police Department", "Edwardsville City Council", "Huntsville Fire
    Chief": a town's own police, council or fire service names the town (the rules for
    organisations and single words then let it be)."""
    words, reader = run.words, run.reader
    if (
        m.kind == "name"
        and m.b - m.a == 1
        and m.a == run.lead
        and m.b < len(words)
        and words[m.b].lower in LOCAL_INSTITUTIONS
        and words[m.a].text not in reader.surnames
        and not reader.given_name(words[m.a].text)
    ):
        m.local = True
    return None


def org_embedded(run: Run, m: Match) -> str | None:
    """Inside an organisation's name only a well-known place counts: the "Ohio" of
    "Ohio Department of Development", the "Canadian" of "Canadian Press", but not a
    village that shares a word with "Badr Organization", nor the country of a title
    such as "USA Today"."""
    words = run.words
    if not run.org or m.kind == "admin" or (m.a == 0 and m.b == len(words)) or m.local:
        return None
    embedded = m.kind == "demonym" or run.reader.known(name_key(m.surface))[1]
    if not embedded or words[-1].lower == "today":
        return SKIP
    return None


def single_word_evidence(run: Run, m: Match) -> str | None:
    """A one-word name needs evidence: the single-word rules decide."""
    if m.kind == "name" and m.b - m.a == 1 and not m.local and not run.engine.accept_single(run, m):
        return SKIP
    return None


def saint_possessive(run: Run, m: Match) -> str | None:
    """ "St. Mary's High School", "St. Michael's": a saint's church or school, not the
    town named after the saint (but "St. Louis's mayor" is the city's)."""
    words, reader = run.words, run.reader
    saint = m.a if words[m.a].lower in SAINT_WORDS else m.a - 1
    if (
        saint >= 0
        and words[saint].lower in SAINT_WORDS
        and _POSSESSIVE.match(reader.text, m.end)
        and not reader.big_city(reader.text[words[saint].start : m.end])
    ):
        return SKIP
    return None


def the_article(run: Run, m: Match) -> str | None:
    """ "The Vatican", "The Hague": the article is looked up, not marked."""
    words = run.words
    if m.b - m.a > 1 and words[m.a].lower == "the":
        m.start = words[m.a + 1].start
        m.surface = run.reader.text[m.start : m.end]
    return None
