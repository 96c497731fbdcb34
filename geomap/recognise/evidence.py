"""Single-word rules: when one capitalised word the gazetteer knows is a mention.

A lone word is weak evidence: "Lancaster" is a town and a surname, "Orange" a town and
a colour. The rules run in table order; the first with an opinion decides, and a word
no rule speaks for is no mention.
"""

from __future__ import annotations

import re

from ..models import Candidate
from ..names import name_key
from ..wordlists import LOCATIVE_WORDS, PLACE_HEAD_NOUNS, REGION_ABBREVIATIONS, STOPWORDS
from .reader import GIVEN_NAME_TOWN_POPULATION, Reader, Run, Single, landform, plain, strong

__all__ = [
    "comma_region_after",
    "currency",
    "given_name_town",
    "listed_with_place",
    "locative_before",
    "lowercase_or_initial",
    "number_after",
    "party_hometown",
    "place_head_noun",
    "short_acronym",
    "single_strength",
    "stopword_needs_locative",
    "strong_name",
]

_SHORT_VARIANT = 4  # letters; see _minor_variant
_SHOUTED_NAME = 5  # all-caps words this long or longer are names ("COLUMBUS"), not acronyms
NUMBER_AFTER = re.compile(r" \d")  # "Lot 12", "Route 38"
# "Sen. Bill Harris, R-Ashland": a legislator's party, a hyphen, then the hometown.
_PARTY_HOMETOWN = re.compile(r"(?<![\w-])(?:R|D|I|DFL)-$")
# (Every abbreviation starts with a capital: the lookahead lets the scan skip the rest.)
REGION_ABBREVIATION = re.compile(
    r"(?=[A-Z])(?<![\w.])(?:"
    + "|".join(re.escape(a) for a in sorted(REGION_ABBREVIATIONS, key=len, reverse=True))
    + r")(?![\w])"
)
_COMMA_ABBREVIATION = re.compile(r",\s+" + REGION_ABBREVIATION.pattern)
_COMMA_NAME = re.compile(r",\s+([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)")
_LIST_BEFORE = re.compile(r"([A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*)?)(?:,| and| or) $")
_LIST_AFTER = re.compile(r"(?:,| and| or) ([A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*)?)")


def single_strength(word: str, candidates: list[Candidate]) -> bool:
    """A town is strong by its own name, not by another spelling ("Sun", "Room" and
    "Abbas" are local variants of some towns' names). A region called by a landform
    ("Lakes", "Coast", "Delta", "Plateau") is no evidence alone: the word is the
    landform far more often."""
    land = landform(word.lower())
    return any(
        strong(c.kind, c.population)
        and (c.main_name or not _minor_variant(c.kind, word))
        and not (land and c.kind == "admin1")
        and (c.kind != "admin1" or _as_written(c.name, word))
        for c in candidates
    )


def currency(run: Run, s: Single) -> bool | None:
    """A currency is no place: "US$58 million", "HK$", "$US4.5 billion"."""
    text = run.reader.text
    if text.startswith("$", s.token.end) or text.endswith("$", 0, s.token.start):
        return False
    return None


def number_after(run: Run, s: Single) -> bool | None:
    """ "Lot 12", "Talla 2", "Route 38": a plot, a room or a road; but "Ohio 63" is a
    state's road, and a famous place or a big city stays one."""
    reader = run.reader
    if NUMBER_AFTER.match(reader.text, s.token.end) and not (
        reader.famous(s.word)
        or reader.big_city(s.word)
        or (
            s.lower not in reader.lowercase_words
            and any(c.kind == "admin1" and c.main_name for c in s.candidates)
        )
    ):
        return False
    return None


def party_hometown(run: Run, s: Single) -> bool | None:
    """ "Sen. Bill Harris, R-Ashland": a legislator's party and hometown."""
    text = run.reader.text
    if _PARTY_HOMETOWN.search(text, max(0, s.token.start - 5), s.token.start):
        return True
    return None


def given_name_town(run: Run, s: Single) -> bool | None:
    """ "Barry, who was from Dewsbury", "Levi": a common given name is a town only with
    a place context, unless it is a country, a region or a city of 100,000 or more.
    (Weakens the word for the rules after it; decides nothing itself.)"""
    if s.strong and run.reader.given_name(s.word):
        s.strong = any(
            c.kind != "city" or (c.main_name and c.population >= GIVEN_NAME_TOWN_POPULATION)
            for c in s.candidates
        )
    return None


def short_acronym(run: Run, s: Single) -> bool | None:
    """Short acronyms count only as countries and unions ("US", "UK", "EU"), never as
    towns or regions ("BA" is not Baa Atoll); longer capitals are shouted names."""
    word = s.word
    if word.isupper() and 1 < len(word) < _SHOUTED_NAME:
        return any(c.kind in ("country", "continent") and c.main_name for c in s.candidates)
    return None


def _locative(run: Run, s: Single) -> bool:
    return s.index > 0 and run.tokens[s.index - 1].lower in LOCATIVE_WORDS


def stopword_needs_locative(run: Run, s: Single) -> bool | None:
    """A common word that is also a place ("Sale", "Central", "Union") is one only
    after a locative, when strong, and not at the start of a sentence."""
    if s.lower in STOPWORDS:
        return _locative(run, s) and s.strong and not s.first
    return None


def strong_name(run: Run, s: Single) -> bool | None:
    """A strong name is a place, unless it starts its sentence and the text also writes
    it in lower case ("Turkey" at the start of "Turkey is served...")."""
    if s.strong:
        return not (s.first and s.lower in run.reader.lowercase_words)
    return None


def comma_region_after(run: Run, s: Single) -> bool | None:
    """ "X, Y" where Y is a known region or country: "Smyrna, Georgia", "Wheeling,
    W.Va.", also as a dateline at the start of a sentence."""
    return True if _followed_by_place(run.reader, s) else None


def place_head_noun(run: Run, s: Single) -> bool | None:
    """A name used as a modifier of a place noun: "a Lancaster girl", "the DeKalb
    area", "Monroe Mayor Robert Routson"."""
    after = s.after
    if after is not None and after.lower in PLACE_HEAD_NOUNS and s.lower not in STOPWORDS:
        return True
    return None


def lowercase_or_initial(run: Run, s: Single) -> bool | None:
    """A weak word the text also writes in lower case, or one that starts its sentence,
    is no place ("Mobile" in "Mobile phones", "Reading the news")."""
    if s.lower in run.reader.lowercase_words or s.first:
        return False
    return None


def locative_before(run: Run, s: Single) -> bool | None:
    """A weak name after a locative word: "in Qarabel", "near Zubeir"."""
    return True if _locative(run, s) else None


def listed_with_place(run: Run, s: Single) -> bool | None:
    """ "Monroe, Trenton and Seven Mile": a list item next to a strong place name."""
    reader, token = run.reader, s.token
    before = _LIST_BEFORE.search(reader.text, max(0, token.start - 40), token.start)
    after = _LIST_AFTER.match(reader.text, token.end, token.end + 40)
    if any(
        m is not None
        and not reader.given_name(m.group(1))
        and reader.known(name_key(m.group(1)))[1]
        for m in (before, after)
    ):
        return True
    return None


def _followed_by_place(reader: Reader, s: Single) -> bool:
    end = s.token.end
    if _COMMA_ABBREVIATION.match(reader.text, end, end + 12):
        return True
    match = _COMMA_NAME.match(reader.text, end, end + 40)
    if not match:
        return False
    return any(
        c.kind in ("country", "admin1") for c in reader.gaz.find(match.group(1).split(" ")[0])
    )


def _minor_variant(kind: str, word: str) -> bool:
    """Another spelling that alone is no evidence of the place: any town's, and a short
    one of a region's ("Wash", "Miss" and "Tex" without their dots)."""
    return kind == "city" or (kind == "admin1" and len(word) <= _SHORT_VARIANT)


def _as_written(name: str, word: str) -> bool:
    """The region's name starts with the word as written, but for accents, case, an
    Arabic article and a final "h" ("Anbar" is Al Anbar, "Raqqa" Ar Raqqah, "Osun" Osun
    State), not only with its folded key ("Lane" is not Estonia's Lääne, "Moon" not Mon
    State)."""
    full, bare = plain(name), plain(word)
    return full == bare or full.startswith(bare + " ")
