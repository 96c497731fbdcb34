"""What the rules ask of the document and the gazetteer, asked once.

A ``Reader`` holds one document's text and what the recogniser learns as it reads it
(surnames seen, words the text writes in lower case), and answers the rules' questions:
is this name known, is it strong, a famous place, a given name, a title? A ``Run`` is
one run of capitalised words in a sentence with its neighbours; a ``Match`` one span of
a run that the gazetteer knows, as the match rules see and change it.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..gazetteer import Gazetteer
from ..models import Candidate, MentionKind, PlaceKind
from ..names import spelling
from ..wordlists import (
    ADJECTIVE_TITLES,
    ADMIN1_WORDS,
    ADMIN2_WORDS,
    ARABIC_ARTICLES,
    FEATURE_WORDS,
    ORG_WORDS,
    PERSON_TITLES,
    STOPWORDS,
)
from .text import Token

__all__ = ["Match", "Reader", "Run", "Single", "is_title", "landform", "plain", "strong"]

#: A single-word match is "strong" (needs no locative context) when some entry of that
#: name is a country, region or continent, or a town of at least this population.
STRONG_POPULATION = 50_000
# Towns smaller than this lend their names to people ("David Cameron", "Mary Loveless");
# bigger cities stay places before a capitalised word ("Dallas Police").
PERSON_TOWN_POPULATION = 1_000_000
# A single given name is a town without a place context only from this size: "Atlanta",
# "Madison", but not "Barry" or "Levi".
GIVEN_NAME_TOWN_POPULATION = 100_000
#: A place's name is at most this many words.
MAX_NAME_TOKENS = 6
#: Words that make the name before them a region or a district ("Province", "County").
DESIGNATORS = ADMIN1_WORDS | ADMIN2_WORDS
_QUOTES = "\"'\u201c\u201d\u2018\u2019([{"
_KEY_CACHES: weakref.WeakKeyDictionary[Gazetteer, dict[str, tuple[bool, bool]]] = (
    weakref.WeakKeyDictionary()
)
_KEY_CACHE_SIZE = 200_000
_LOWERCASE_WORD = re.compile(r"\b[a-z][a-z'\u2019\-]+\b")


class Reader:
    """One document being read: its text, the gazetteer, and what was learnt so far."""

    def __init__(self, text: str, gazetteer: Gazetteer) -> None:
        self.text = text
        self.gaz = gazetteer
        #: Words of people's names seen so far: no place later in the text.
        self.surnames: set[str] = set()
        #: Every word the text writes in lower case somewhere ("lancaster" if it does).
        self.lowercase_words = set(_LOWERCASE_WORD.findall(text))
        # What the gazetteer says of a key does not change: one cache per gazetteer.
        self._key_cache = _KEY_CACHES.setdefault(gazetteer, {})

    def known(self, key: str) -> tuple[bool, bool]:
        """(the gazetteer has this key, some entry of it is strong)."""
        cached = self._key_cache.get(key)
        if cached is None:
            if not self.gaz.has_key(key):
                cached = (False, False)
            else:
                cached = (
                    True,
                    any(
                        strong(kind, population) and not (kind == "admin1" and landform(key))
                        for kind, population in self.gaz.kinds_key(key)
                    ),
                )
            if len(self._key_cache) >= _KEY_CACHE_SIZE:
                self._key_cache.clear()  # bounded memory over a corpus of any size
            self._key_cache[key] = cached
        return cached

    def famous(self, word: str, countries: bool = True) -> bool:
        """A country, continent or ocean, or a city of a million or more, by its own name
        ("Jordan", "Asia", "Dallas"): a place even where a given name could start a
        person's name. ``countries=False`` leaves countries out."""
        kinds = ("country", "continent", "water") if countries else ("continent", "water")
        return any(
            c.kind in kinds or (c.kind == "city" and c.population >= PERSON_TOWN_POPULATION)
            for c in self.gaz.find(word)
            if c.main_name
        )

    def big_city(self, name: str) -> bool:
        """A city of the given-name threshold or more has this as its own name."""
        return any(
            c.kind == "city" and c.main_name and c.population >= GIVEN_NAME_TOWN_POPULATION
            for c in self.gaz.find(name)
        )

    def given_name(self, word: str) -> bool:
        return self.gaz.is_given_name(word)

    def remember(self, words: Iterable[str]) -> None:
        """Remember words of a person's name, so that they are no place later in the text;
        but never a country's name ("its founder France Football magazine")."""
        for word in words:
            if not any(c.kind == "country" and c.main_name for c in self.gaz.find(word)):
                self.surnames.add(word)

    def gap(self, left: Token, right: Token) -> str:
        return self.text[left.end : right.start]

    def adjacent(self, left: Token, right: Token) -> bool:
        """Tokens of one name are separated by one space or hyphen ("St. Louis": ". ")."""
        gap = self.text[left.end : right.start]
        return gap in (" ", "-") or (gap == ". " and left.lower in ("st", "mt", "ft"))


def is_title(tokens: list[Token], k: int) -> bool:
    """Token ``k`` is a person's title: "Col.", "President", "minister"; but a title
    that is also an adjective must be capitalised ("the major European countries",
    "a private Russian company")."""
    if k < 0 or tokens[k].lower not in PERSON_TITLES:
        return False
    return tokens[k].capitalised or tokens[k].lower not in ADJECTIVE_TITLES


@dataclass(slots=True)
class Run:
    """Capitalised words ``tokens[i:j]`` of one sentence, with their neighbours."""

    reader: Reader
    tokens: list[Token]  # the whole sentence's
    i: int
    j: int
    s_start: int
    s_end: int
    #: The engine at work (for rules that look again: ``longest_match``, ``accept_single``).
    engine: Any
    #: ``tokens[i:j]``, the run's own words.
    words: list[Token] = field(init=False)

    def __post_init__(self) -> None:
        self.words = self.tokens[self.i : self.j]

    def end_at(self, j: int) -> None:
        """The run ends (exclusive) at token ``j`` from now on."""
        self.j = j
        self.words = self.tokens[self.i : j]

    @property
    def before(self) -> str:
        return self.tokens[self.i - 1].lower if self.i > 0 else ""

    @property
    def before2(self) -> str:
        return self.tokens[self.i - 2].lower if self.i > 1 else ""

    @property
    def after(self) -> Token | None:
        return self.tokens[self.j] if self.j < len(self.tokens) else None

    @property
    def org(self) -> bool:
        """Some designator word makes the run an organisation, a publication, an operation."""
        return any(t.lower in ORG_WORDS for t in self.words)

    def sentence_initial(self, i: int | None = None) -> bool:
        """Token ``i`` (the run's first by default) starts its sentence or a clause
        after a colon or dash."""
        i = self.i if i is None else i
        if i == 0:
            return True
        text = self.reader.text
        gap = text[self.tokens[i - 1].end : self.tokens[i].start]
        return any(c in gap for c in ":\u2014") or (
            text[self.s_start : self.tokens[i].start].strip(_QUOTES + " ") == ""
        )

    def touches(self, i: int) -> bool:
        """Only a space (or an abbreviation's ". ") parts token ``i`` from the one before:
        "Minister Cerar", "Col. Dorrian", but not "the minister, Slovenia's action"."""
        return i > 0 and self.reader.gap(self.tokens[i - 1], self.tokens[i]) in (" ", ". ")

    @property
    def lead(self) -> int:
        """Where the name proper starts: sentence-initial "Yesterday", "The" are skipped."""
        words = self.words
        lead = 0
        while lead < len(words) - 1 and words[lead].lower in STOPWORDS:
            lead += 1
        return lead


@dataclass(slots=True)
class Match:
    """A span ``run.words[a:b]`` the gazetteer knows, on its way to be a mention."""

    a: int
    b: int
    kind: MentionKind
    wants: PlaceKind | None
    start: int
    end: int
    surface: str
    query: str
    #: The town's own service ("Corsicana Police Department"): kept whatever else says.
    local: bool = False


@dataclass(slots=True)
class Single:
    """A one-word match, as the single-word rules see it."""

    token: Token
    index: int  # in the sentence's tokens
    first: bool  # starts its sentence
    after: Token | None  # the word after it, when it ends its run
    candidates: list[Candidate]
    #: Some entry of the word is a country, region, continent or big town by that name.
    strong: bool

    @property
    def word(self) -> str:
        return self.token.text

    @property
    def lower(self) -> str:
        return self.token.lower


def strong(kind: str, population: int) -> bool:
    # The gazetteer's "other" rows are US counties, indexed only under their full names
    # ("Walker County"): a region's name with its designator is a place anywhere.
    return (
        kind in ("country", "admin1", "continent", "water", "other")
        or population >= STRONG_POPULATION
    )


def landform(word: str) -> bool:
    """ "lakes", "coast", "delta": a landform word (or its plural), lower-case."""
    return word in FEATURE_WORDS or word.removesuffix("s") in FEATURE_WORDS


def plain(name: str) -> str:
    """``spelling`` without a leading Arabic article and a final "h"."""
    words = spelling(name).split(" ")
    if len(words) > 1 and words[0] in ARABIC_ARTICLES:
        words = words[1:]
    return " ".join(words).removesuffix("h")
