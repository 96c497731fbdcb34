"""Recognition: text -> ``list[Mention]`` with character offsets.

Stage input: a document's text. Output: mentions, each with ``start``/``end``
(end-exclusive, ``text[start:end] == mention.surface``) and its sentence.

How it works, in one pass over each sentence's tokens:

1. Capitalised tokens (and the lower-case connectors allowed inside names, such as
   "ad" in "Salah ad Din") form *runs*.
2. Runs that are people ("Col. John Dorrian", "Dorrian said") or organisations
   ("Badr Organization", "USA Today") are skipped; surnames seen once are remembered
   for the rest of the document.
3. Inside a run, the longest span the gazetteer knows wins, then the next, ...
   Demonyms ("Iraqi", "Kurds") become ``demonym`` mentions.
4. Explicit admin phrases ("Diyala province", "the province of Nineveh") give one
   ``admin`` mention of the name; capitalised names in place contexts that the
   gazetteer lacks ("the town of Qayyarah") give ``context`` mentions for the
   fallback geocoder.
5. Weak matches (a single word that is only a small town somewhere, or a common
   English word) need a locative context ("in X", "near X", "X, Y") to count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .gazetteer import Gazetteer
from .models import Mention, MentionKind, PlaceKind
from .names import name_key, spelling
from .wordlists import (
    ADMIN1_WORDS,
    ADMIN2_WORDS,
    COMPASS_WORDS,
    CONNECTORS,
    DIRECTION_WORDS,
    DISEASE_WORDS,
    FEATURE_PREFIXES,
    FEATURE_WORDS,
    LOCATIVE_WORDS,
    NON_PLACE_NAMES,
    ORG_WORDS,
    PERSON_TITLES,
    PLACE_CONTEXT,
    PLACE_HEAD_NOUNS,
    REGION_ABBREVIATIONS,
    SPEECH_VERBS,
    STOPWORDS,
    STREET_WORDS,
)

__all__ = ["extract_mentions", "split_sentences"]

MAX_NAME_TOKENS = 6
#: A single-word match is "strong" (needs no locative context) when some entry of that
#: name is a country, region or continent, or a town of at least this population.
STRONG_POPULATION = 50_000

# Dotted abbreviations ("U.S.") or words with apostrophes inside (but not a possessive
# "'s": "Iraq's" is the token "Iraq") and hyphens before a capital ("Al-Raqqa", but
# "Russian-backed" is the token "Russian").
# Hyphens split words ("Canada-EU" is two names; "Winston-Salem" is found across the
# hyphen, which name keys fold like a space), except after a lower-case article: "ar-Rimal"
# (but "ex-Russian" and "pro-Syrian" are the demonyms).
# Letters straight after digits are a token only as an ordinal's ending ("13th"): the
# "MDB" of "1MDB" is no name. "People's" is one word ("People's Republic of China").
_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}|People['\u2019]s\b"
    r"|(?:\b(?!(?:ex|pro|non|pre|neo|mid|sub|co)-)[a-z]{2,3}-(?=[A-Z]))?"
    r"(?:\b|(?<=\d)(?=(?:st|nd|rd|th)\b))"
    r"[^\W\d_]+(?:['\u2019](?!s\b)[^\W\d_]+)*"
)
# A sentence ends at . ! or ? (plus closing quotes) before whitespace and a capital,
# digit or opening quote, or at a line break.
_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[A-Z0-9\"'\u201c\u2018(\[])|\s*\n\s*"
)
_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st mt ft col gen lt maj capt sgt cpl pvt adm cmdr gov sen rep rev "
    "prof jr sr no vs etc inc corp co ltd dept univ jan feb mar apr jun jul aug sep "
    "sept oct nov dec ave blvd rd".split()
)
_COMMA_NAME = re.compile(r",\s+([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)")
_CONTRACTION = re.compile(r"['\u2019](?:ll|ve|re|d|m|t)$", re.I)
_ARTICLE_PREFIX = re.compile(r"[a-z]{1,3}[-'\u2019][A-Z]")
# Capitalised English words that are also Arabic articles: "As Mosul fell" is not a
# mention of "As Mosul", so no name starts with them (hyphenated forms are one token).
_ENGLISH_ARTICLES = frozenset({"As", "At", "An"})
# Towns smaller than this lend their names to people ("David Cameron", "Mary Loveless");
# bigger cities stay places before a capitalised word ("Dallas Police").
_PERSON_TOWN_POPULATION = 1_000_000
# A single given name is a town without a place context only from this size: "Atlanta",
# "Madison", but not "Barry" or "Levi".
_GIVEN_NAME_TOWN_POPULATION = 100_000
# Titles that are also ordinary adjectives: lower-case, they start no person's name.
_ADJECTIVE_TITLES = frozenset({"major", "general", "private"})
# Capitalised words that start a sentence before a name without being part of it.
_LEADING_WORDS = frozenset(
    "the a an this that these those its his her their our my in on at from to and but "
    "yesterday today".split()
)
# Capitalised words after a town's name that make it the town's own service.
_LOCAL_INSTITUTIONS = frozenset(
    "police fire city township village borough sheriff mayor chamber council district".split()
)
# "Sen. Bill Harris, R-Ashland": a legislator's party, a hyphen, then the hometown.
_PARTY_HOMETOWN = re.compile(r"(?<![\w-])(?:R|D|I|DFL)-$")
# Words that make a "... District" a service's district, not a place of that name.
_SERVICE_WORDS = frozenset(
    "unified sanitation management quality water utility utilities improvement "
    "conservation heritage historic business criminal fire judicial".split()
)
# Street words that keep their full stop: "Memphis St."
_STREET_ABBREVIATIONS = frozenset("st ave rd blvd ln dr ct pl hwy pkwy ter cir".split())
_NAME_GOES_ON = re.compile(r" [A-Z]")  # another capitalised word follows
_YEAR_BEFORE = re.compile(r"\d\s*$")  # "100 B.C."
_NUMBER_AFTER = re.compile(r" \d")  # "Lot 12", "Route 38"
_SAINT_WORDS = frozenset({"st", "saint", "ste"})
_POSSESSIVE = re.compile(r"['\u2019]s\b")
_DISTRICT_OFFICE = re.compile(r" (?:Attorney|Court|Judge)\b")
# Arabic articles that may start a region's name ("Al Anbar"); see _as_written.
_ARTICLE_WORDS = frozenset("al el ar as ad an at az ash adh ath".split())
_SHORT_VARIANT = 4  # letters; see _minor_variant
_SHOUTED_NAME = 5  # all-caps words this long or longer are names ("COLUMBUS"), not acronyms
_REGION_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(re.escape(a) for a in sorted(REGION_ABBREVIATIONS, key=len, reverse=True))
    + r")(?![\w])"
)
# "Cooke, Grayson and Love counties": every item of a list before a plural designator
# is one division of that kind.
_LIST_ITEM = r"[A-Z][\w'\u2019.-]*(?: [A-Z][\w'\u2019.-]*){0,2}"
_PLURAL_DESIGNATORS: dict[str, PlaceKind] = {
    "counties": "other",
    "parishes": "other",
    "boroughs": "other",
    "districts": "other",
    "provinces": "admin1",
    "governorates": "admin1",
}
_DESIGNATED_LIST = re.compile(
    rf"(?:{_LIST_ITEM}(?:,\s+(?:and\s+|or\s+)?|,?\s+(?:and|or|&)\s+))+{_LIST_ITEM}"
    rf"(?=\s+({'|'.join(_PLURAL_DESIGNATORS)})\b)"
)
_COMMA_ABBREVIATION = re.compile(r",\s+" + _REGION_ABBREVIATION.pattern)
_NON_PLACE_KEYS = frozenset(name_key(name) for name in NON_PLACE_NAMES)
_VAGUE_DESIGNATORS = frozenset({"state", "region", "territory"})
_QUOTES = "\"'\u201c\u201d\u2018\u2019([{"
_STREET_LEAD_WORDS = frozenset(
    "the a an on at in from to into onto and or of near along via by off across".split()
)
_LIST_BEFORE = re.compile(r"([A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*)?)(?:,| and| or) $")
_LIST_AFTER = re.compile(r"(?:,| and| or) ([A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*)?)")
_ROUTE_NUMBER = re.compile(r" \d{1,4}[A-Z]?\b")


class _Token:
    """A word of the text with its offsets; case facts are computed once."""

    __slots__ = ("capitalised", "end", "lower", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.lower = text.lower()
        # "al-Anbar", "ez-Zor", "d'Ivoire": a lower-case article joined to a capitalised
        # name; but a contraction ("I'll", "We've") is never a name.
        self.capitalised = (
            text[0].isupper() or bool(_ARTICLE_PREFIX.match(text))
        ) and not _CONTRACTION.search(text)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` covering ``text``; newlines always end a sentence.

    >>> split_sentences("Mosul fell. Dr. Smith left Raqqa.\\nNext")
    [(0, 11), (12, 33), (34, 38)]
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start()
        if "\n" not in match.group() and _ends_with_abbreviation(text, start, end):
            continue
        if text[start:end].strip():
            spans.append(_trimmed(text, start, end))
        start = match.end()
    if text[start:].strip():
        spans.append(_trimmed(text, start, len(text)))
    return spans


def _ends_with_abbreviation(text: str, start: int, end: int) -> bool:
    words = text[start:end].split()
    if not words:
        return False
    if _DOTTED.fullmatch(words[-1]):
        return True  # "U.S. officials": an abbreviation, not a sentence end
    last = words[-1].rstrip(".\"'\u201d\u2019)]").lower()
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def extract_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Find every place mention in ``text``.

    >>> from geomap.gazetteer import load_gazetteer
    >>> [m.surface for m in extract_mentions("Fighters left Mosul for Raqqa.", load_gazetteer())]
    ['Mosul', 'Raqqa']
    """
    return sorted(_Extractor(text, gazetteer).run(), key=lambda m: (m.start, m.end))


class _Extractor:
    def __init__(self, text: str, gazetteer: Gazetteer) -> None:
        self.text = text
        self.gaz = gazetteer
        self.surnames: set[str] = set()
        self.lowercase_words = {
            m.group().lower() for m in re.finditer(r"\b[a-z][a-z'\u2019\-]+\b", text)
        }
        self._key_cache: dict[str, tuple[bool, bool]] = {}

    # -- driver -------------------------------------------------------------------------
    def run(self) -> Iterator[Mention]:
        for s_start, s_end in split_sentences(self.text):
            tokens = [
                _Token(m.group(), m.start(), m.end())
                for m in _TOKEN.finditer(self.text, s_start, s_end)
            ]
            yield from self._sentence(tokens, s_start, s_end)

    def _sentence(self, tokens: list[_Token], s_start: int, s_end: int) -> Iterator[Mention]:
        # "Huntsville, Ala.", "W.Va.": newspaper abbreviations of US states and Canadian
        # provinces are one admin-1 mention each; their letters are not words.
        taken: list[tuple[int, int]] = []
        for match in _REGION_ABBREVIATION.finditer(self.text, s_start, s_end):
            if match.group().startswith("B") and _YEAR_BEFORE.search(
                self.text, max(0, match.start() - 8), match.start()
            ):
                continue  # "100 B.C.", "250 BC": a year
            full_name, _ = REGION_ABBREVIATIONS[match.group()]
            yield Mention(
                match.group(),
                match.start(),
                match.end(),
                full_name,
                "admin",
                s_start,
                s_end,
                "admin1",
            )
            taken.append((match.start(), match.end()))
        for match in _DESIGNATED_LIST.finditer(self.text, s_start, s_end):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            wants = _PLURAL_DESIGNATORS[match.group(1)]
            for item in re.finditer(_LIST_ITEM, match.group()):
                words = item.group().split(" ")
                while words and words[0].lower() in STOPWORDS:
                    words = words[1:]
                if not words:
                    continue
                name = " ".join(words)
                end = match.start() + item.end()
                start = end - len(name)
                yield Mention(name, start, end, name, "admin", s_start, s_end, wants)
                taken.append((start, end))
        if taken:
            tokens = [t for t in tokens if not any(a < t.end and t.start < b for a, b in taken)]
        i = 0
        while i < len(tokens):
            if not tokens[i].capitalised:
                i += 1
                continue
            j = self._run_end(tokens, i)
            yield from self._run(tokens, i, j, s_start, s_end)
            i = j

    def _run_end(self, tokens: list[_Token], i: int) -> int:
        """End (exclusive) of the run of capitalised tokens starting at ``i``."""
        j = i + 1
        while j < len(tokens) and self._adjacent(tokens[j - 1], tokens[j]):
            if tokens[j].capitalised:
                j += 1
                continue
            # A connector joins the run only if a capitalised token follows it.
            k = j
            while k < len(tokens) and _joins(tokens, k, j):
                if k + 1 >= len(tokens) or not self._adjacent(tokens[k], tokens[k + 1]):
                    break
                k += 1
            if k > j and k < len(tokens) and tokens[k].capitalised:
                j = k + 1
                continue
            joined = self._and_name(tokens, i, j)
            if joined:
                j = joined
                continue
            break
        return j

    def _and_name(self, tokens: list[_Token], i: int, j: int) -> int:
        """ "Bosnia and Herzegovina", "Trinidad and Tobago", "Turks and Caicos Islands":
        an "and" inside a run when the words around it are one name the gazetteer knows.
        Returns the run's new end, or 0."""
        if tokens[j].lower != "and" or j + 1 >= len(tokens):
            return 0
        if not (tokens[j + 1].capitalised and self._adjacent(tokens[j], tokens[j + 1])):
            return 0
        for a in range(max(i, j - 3), j):
            for b in range(min(len(tokens), j + 4), j + 1, -1):
                if (
                    all(t.capitalised for t in tokens[j + 1 : b])
                    and self._known(name_key(self.text[tokens[a].start : tokens[b - 1].end]))[0]
                ):
                    return b
        return 0

    def _famous(self, word: str, countries: bool = True) -> bool:
        """A country, continent or ocean, or a city of a million or more, by its own name
        ("Jordan", "Asia", "Dallas"): a place even where a given name could start a
        person's name. ``countries=False`` leaves countries out."""
        kinds = ("country", "continent", "water") if countries else ("continent", "water")
        return any(
            c.kind in kinds or (c.kind == "city" and c.population >= _PERSON_TOWN_POPULATION)
            for c in self.gaz.find(word)
            if c.main_name
        )

    def _big_city(self, name: str) -> bool:
        """A city of the given-name threshold or more has this as its own name."""
        return any(
            c.kind == "city" and c.main_name and c.population >= _GIVEN_NAME_TOWN_POPULATION
            for c in self.gaz.find(name)
        )

    def _couple(self, tokens: list[_Token], index: int) -> bool:
        """ "Brent and Lynnette Hain": a given name, "and", a given name and a surname."""
        if index + 3 >= len(tokens) or tokens[index + 1].lower not in ("and", "&"):
            return False
        second, surname = tokens[index + 2], tokens[index + 3]
        return (
            self.gaz.is_given_name(tokens[index].text)
            and second.capitalised
            and self.gaz.is_given_name(second.text)
            and surname.capitalised
            and self._adjacent(second, surname)
            and surname.lower not in STOPWORDS
            and surname.lower not in ORG_WORDS
            and not self._known(name_key(surname.text))[0]
            and not self._famous(tokens[index].text)
        )

    def _remember(self, words: Iterable[str]) -> None:
        """Remember words of a person's name, so that they are no place later in the text;
        but never a country's name ("its founder France Football magazine")."""
        for word in words:
            if not any(c.kind == "country" and c.main_name for c in self.gaz.find(word)):
                self.surnames.add(word)

    def _adjacent(self, left: _Token, right: _Token) -> bool:
        """Tokens of one name are separated by one space or hyphen ("St. Louis": ". ")."""
        gap = self.text[left.end : right.start]
        return gap in (" ", "-") or (gap == ". " and left.lower in ("st", "mt", "ft"))

    # -- one run ------------------------------------------------------------------------
    def _run(
        self, tokens: list[_Token], i: int, j: int, s_start: int, s_end: int
    ) -> Iterator[Mention]:
        run = tokens[i:j]
        before = tokens[i - 1].lower if i > 0 else ""
        before2 = tokens[i - 2].lower if i > 1 else ""
        after = tokens[j] if j < len(tokens) else None
        sentence_initial = self._sentence_initial(tokens, i, s_start)

        # People: a title or a middle initial before the run ("Col. John Dorrian",
        # "Jon R. Taylor"), or a title inside it ("County Commissioner Bill McDaniel").
        # The person ends at a connector: "Sgt Johnathan J. Dunbar of Austin", "the
        # President of Armenia" still name Austin and Armenia.
        if (self._title(tokens, i - 1) and self._touches(tokens, i)) or self._after_initial(
            tokens, i
        ):
            end = _connector(run, 0)
            self._remember(t.text for t in run[:end])
            if end < len(run) - 1:
                yield from self._run(tokens, i + _past_connector(run, end), j, s_start, s_end)
            return
        # A title before a designator is a name: "Pope County", "Governor Province".
        title = next(
            (
                k
                for k, t in enumerate(run[:-1])
                if t.lower in PERSON_TITLES
                and run[k + 1].lower not in ADMIN1_WORDS
                and run[k + 1].lower not in ADMIN2_WORDS
            ),
            None,
        )
        if title is not None:
            end = _connector(run, title + 1)
            self._remember(t.text for t in run[title + 1 : end])
            if end < len(run) - 1:
                yield from self._run(tokens, i + _past_connector(run, end), j, s_start, s_end)
            if title == 0:
                return
            run = run[:title]
            j = i + title
            after = tokens[j]
        # Diseases named after places are not mentions of them: "West Nile virus",
        # "Lassa fever", "Spanish flu"; but "the United States flu season" is the place's.
        if (
            after is not None
            and not after.capitalised
            and after.lower in DISEASE_WORDS
            and not (j + 1 < len(tokens) and tokens[j + 1].lower == "season")
        ):
            return
        # Natural features are one name however their words read: "Indian Ocean" is not
        # India, "Neches River" is one place, and so is "Lake Tahoe".
        feature = self._natural_feature(run, s_start, s_end) or self._street(run, s_start, s_end)
        if feature is not None:
            yield feature
            return
        # Organisations, publications, operations: any designator word in the run.
        org = any(t.lower in ORG_WORDS for t in run)

        found: list[Mention] = []
        # Sentence-initial "Yesterday", "The", ... are not part of the name that follows.
        lead = 0
        while lead < len(run) - 1 and run[lead].lower in STOPWORDS:
            lead += 1
        person = self._given_name_first(run, lead)
        if person:
            # "Steven Sachs of Alexandria": the person ends at the connector.
            self._remember([run[lead + person - 1].text])
            if lead + person < len(run) - 1:
                yield from self._run(
                    tokens, i + _past_connector(run, lead + person), j, s_start, s_end
                )
            return
        a = 0
        while a < len(run):
            match = self._longest_match(run, a)
            if match is None:
                a += 1
                continue
            b, kind, wants = match
            start, end = run[a].start, run[b - 1].end
            surface = self.text[start:end]
            query = surface
            if b == a + 1 and run[a].lower in COMPASS_WORDS and a + 1 < len(run):
                # "North Africa", "Northern Europe": a part of a continent is named with
                # it (the continent is looked up). "Northeast Georgia", "South Los
                # Angeles": the place is named without the compass word.
                inner = self._longest_match(run, a + 1)
                if inner is not None and inner[1] == "name":
                    continent = self._continent(run, a + 1, inner[0])
                    if continent is None:
                        a += 1
                        continue
                    b, kind, wants = inner
                    end = run[b - 1].end
                    surface, query = self.text[start:end], continent
            if kind == "admin":
                query = self.text[run[a].start : run[b - 2].end]
            first = i + a == i and sentence_initial
            # "Corsicana Police Department", "Edwardsville City Council", "Huntsville
            # Fire Chief": a town's own police, council or fire service names the town.
            local = (
                kind == "name"
                and b - a == 1
                and a == lead
                and b < len(run)
                and run[b].lower in _LOCAL_INSTITUTIONS
                and run[a].text not in self.surnames
                and not self.gaz.is_given_name(run[a].text)
            )
            if org and kind != "admin" and not (a == 0 and b == len(run)) and not local:
                # Inside an organisation's name only a well-known place counts: the
                # "Ohio" of "Ohio Department of Development", the "Canadian" of
                # "Canadian Press", but not a village that shares a word with "Badr
                # Organization", nor the country of a title such as "USA Today".
                embedded = kind == "demonym" or self._known(name_key(surface))[1]
                if not embedded or run[-1].lower == "today":
                    a = b
                    continue
            if kind == "name" and b - a == 1 and len(run) - lead == 2 and a >= lead:
                if self._person_pair(run[lead:], a - lead, sentence_initial and lead == 0):
                    self._remember([run[-1].text])
                    a = b
                    continue
            if (
                kind == "name"
                and b - a == 1
                and not local
                and not self._accept_single(
                    run[a], tokens, i + a, first, after if b == len(run) else None
                )
            ):
                a = b
                continue
            saint = a if run[a].lower in _SAINT_WORDS else a - 1
            if (
                saint >= 0
                and run[saint].lower in _SAINT_WORDS
                and _POSSESSIVE.match(self.text, end)
                and not self._big_city(self.text[run[saint].start : end])
            ):
                # "St. Mary's High School", "St. Michael's": a saint's church or school,
                # not the town named after the saint (but "St. Louis's mayor" is).
                a = b
                continue
            if b - a > 1 and run[a].lower == "the":
                # "The Vatican", "The Hague": the article is looked up, not marked.
                start = run[a + 1].start
                surface = self.text[start:end]
            found.append(Mention(surface, start, end, query, kind, s_start, s_end, wants))
            a = b

        # A lower-case designator right after the run: "Diyala province".
        if found and after is not None and found[-1].end == run[-1].end and not after.capitalised:
            word = after.lower
            last = found[-1]
            if word in ADMIN1_WORDS and last.kind in ("name", "context"):
                found[-1] = _replace_kind(last, "admin", "admin1")
            elif word in ADMIN2_WORDS and last.kind in ("name", "context"):
                found[-1] = _replace_kind(last, "admin", "other")
        # Unknown names in place contexts: "the town of Qayyarah", "Hawija district".
        if not found and not org and self._place_context(before2, before, after, run):
            start, end = run[0].start, run[-1].end
            surface = self.text[start:end]
            if not (len(run) == 1 and run[0].lower in STOPWORDS):
                regional = (after is not None and after.lower in ADMIN1_WORDS) or (
                    before2 in ADMIN1_WORDS
                )
                found.append(
                    Mention(
                        surface,
                        start,
                        end,
                        surface,
                        "admin" if regional else "context",
                        s_start,
                        s_end,
                        "admin1" if regional else None,
                    )
                )
        # "the province of Nineveh": the name is a region.
        if found and before == "of" and before2 in ADMIN1_WORDS and found[0].start == run[0].start:
            first_m = found[0]
            if first_m.kind in ("name", "context"):
                found[0] = _replace_kind(first_m, "admin", "admin1")
        yield from found

    def _given_name_first(self, run: list[_Token], lead: int) -> int:
        """ "Mary Loveless", "Mary Ann Wade": capitalised words that start with a common
        given name and go on with an ordinary capitalised word are a person's name, unless
        the given name is a country or a city of a million or more ("Jordan", "Dallas") or
        the words together are a place ("Virginia Beach", "West Virginia"). Returns the
        person's length in tokens (up to the first connector), or 0."""
        if len(run) - lead < 2 or not self.gaz.is_given_name(run[lead].text):
            return 0
        second = run[lead + 1]
        if (
            not second.capitalised
            or second.lower in STOPWORDS
            or second.lower in ADMIN1_WORDS
            or second.lower in ADMIN2_WORDS
            or second.lower in FEATURE_WORDS
            or second.text.isupper()
        ):
            return 0
        if self._famous(run[lead].text) and not self._named_after_country(run, lead):
            return 0
        # Any known name of two words or more that holds the given name: "Virginia
        # Beach", and "West Virginia" of "West Virginia Democratic politics".
        for a in range(lead + 1):
            for b in range(min(len(run), a + MAX_NAME_TOKENS), max(a + 1, lead), -1):
                if self._known(name_key(self.text[run[a].start : run[b - 1].end]))[0]:
                    return 0
        end = lead + 1
        while end < len(run) and run[end].capitalised:
            end += 1
        if any(t.lower in ORG_WORDS for t in run[lead:end]):
            return 0  # "Mary Baldwin University"
        return end - lead

    def _named_after_country(self, run: list[_Token], lead: int) -> bool:
        """ "Georgia Stevens", "Chad Walker": a country's name that is also a given name,
        then a surname (a capitalised word the text never writes in lower case and the
        gazetteer knows no strong place by), is a person; and the given name is
        remembered, so that "Georgia began skating" later is her too."""
        first, second = run[lead], run[lead + 1]
        if lead + 2 < len(run) and run[lead + 2].capitalised:
            return False
        if self._famous(first.text, countries=False):
            return False
        if second.lower in self.lowercase_words or second.lower in ORG_WORDS:
            return False
        if self._known(name_key(second.text))[1]:
            return False
        self.surnames.add(first.text)
        return True

    def _person_pair(self, run: list[_Token], a: int, sentence_initial: bool) -> bool:
        """ "David Cameron", "Maria Flores": a two-word run where one word is a town of
        under a million people (no country or region) and the other an ordinary
        capitalised word is a person's name; a town in second place needs a given name
        before it."""
        other = run[1 - a]
        if other.lower in STOPWORDS or other.lower in ORG_WORDS or other.text.isupper():
            return False
        if a == 1 and sentence_initial and not self.gaz.is_given_name(other.text):
            # "Missing Lancaster girl", "Rodeo Gainesville looking for...": a sentence's
            # first word is capitalised anyway; only a given name makes it a person.
            return False
        if other.lower in ADMIN1_WORDS or other.lower in ADMIN2_WORDS:
            return False
        candidates = self.gaz.find(run[a].text)
        return all(
            (c.kind == "city" and c.population < _PERSON_TOWN_POPULATION)
            or (c.kind == "admin1" and not c.main_name)
            for c in candidates
        )

    def _natural_feature(self, run: list[_Token], s_start: int, s_end: int) -> Mention | None:
        # A leading "The" or "Yesterday" is not part of the name, but a stop word that
        # qualifies the feature word is: "the Red River", "Silver Lake".
        start = 0
        while (
            start < len(run) - 1
            and run[start].lower in STOPWORDS
            and run[start].lower not in FEATURE_PREFIXES
            and (start < len(run) - 2 or run[start].lower in _LEADING_WORDS)
        ):
            start += 1
        core = run[start:]
        if len(core) < 2:
            return None
        if core[-1].lower not in FEATURE_WORDS and core[0].lower not in FEATURE_PREFIXES:
            return None
        if any(t.lower in ORG_WORDS for t in core):
            return None
        surface = self.text[core[0].start : core[-1].end]
        return Mention(surface, core[0].start, core[-1].end, surface, "context", s_start, s_end)

    def _continent(self, run: list[_Token], a: int, b: int) -> str | None:
        """The text of ``run[a:b]`` when it is a continent's or an ocean's main name, else
        None ("North Africa", "the North Atlantic")."""
        name = self.text[run[a].start : run[b - 1].end]
        found = self.gaz.find(name)
        wide = any(c.kind in ("continent", "water") and c.main_name for c in found)
        return name if wide else None

    def _street(self, run: list[_Token], s_start: int, s_end: int) -> Mention | None:
        """ "Royal Street", "Memphis St.", "North Main Street", "40th Avenue South": a street
        is one name (a ``context`` mention), never the town it is named after. A run that
        goes on past the street word ("Wall Street Journal", "St. John"), names a county
        first ("Otter Tail County Road"), or is a numbered road ("County Road 43", which
        news annotators rarely count as a place) is not a street here."""
        k = next((x for x in range(1, len(run)) if run[x].lower in STREET_WORDS), None)
        if k is None or not run[k].capitalised:
            return None
        tail = run[k + 1 :]
        if len(tail) > 1 or (tail and tail[0].lower not in DIRECTION_WORDS):
            return None
        if _ROUTE_NUMBER.match(self.text, run[k].end):
            return None
        # The name starts after a leading article or preposition ("On Main Street") and
        # after the last connector ("Corner of Elkview Drive"); "North" and "Old" stay.
        lead = max((x + 1 for x in range(k) if not run[x].capitalised), default=0)
        while lead < k and run[lead].lower in _STREET_LEAD_WORDS:
            lead += 1
        name = run[lead:k]
        if not name or any(t.lower in ADMIN2_WORDS for t in name):
            return None
        start, end = run[lead].start, run[-1].end
        if not tail and run[k].lower in _STREET_ABBREVIATIONS and self.text.startswith(".", end):
            end += 1  # "Memphis St.", but "Sylvan Road." ends a sentence
        surface = self.text[start:end]
        return Mention(surface, start, end, surface, "context", s_start, s_end)

    def _title(self, tokens: list[_Token], k: int) -> bool:
        """Token ``k`` is a person's title: "Col.", "President", "minister"; but a title
        that is also an adjective must be capitalised ("the major European countries",
        "a private Russian company")."""
        if k < 0 or tokens[k].lower not in PERSON_TITLES:
            return False
        return tokens[k].capitalised or tokens[k].lower not in _ADJECTIVE_TITLES

    def _touches(self, tokens: list[_Token], i: int) -> bool:
        """Only a space (or an abbreviation's ". ") parts token ``i`` from the one before:
        "Minister Cerar", "Col. Dorrian", but not "the minister, Slovenia's action"."""
        return i > 0 and self.text[tokens[i - 1].end : tokens[i].start] in (" ", ". ")

    def _after_initial(self, tokens: list[_Token], i: int) -> bool:
        """The run follows a middle initial: "R. Taylor"."""
        if i < 2:
            return False
        prev = tokens[i - 1]
        return (
            len(prev.text) == 1
            and prev.text.isupper()
            and self.text[prev.end : tokens[i].start] == ". "
            and tokens[i - 2].capitalised
        )

    def _sentence_initial(self, tokens: list[_Token], i: int, s_start: int) -> bool:
        if i == 0:
            return True
        gap = self.text[tokens[i - 1].end : tokens[i].start]
        return any(c in gap for c in ":\u2014") or (
            self.text[s_start : tokens[i].start].strip(_QUOTES + " ") == ""
        )

    def _place_context(
        self, before2: str, before: str, after: _Token | None, run: list[_Token]
    ) -> bool:
        if (before2, before) in PLACE_CONTEXT:
            return True
        if (
            after is not None
            and not after.capitalised
            and (after.lower in ADMIN1_WORDS or after.lower in ADMIN2_WORDS)
        ):
            return all(t.lower not in STOPWORDS for t in run)
        return False

    def _longest_match(
        self, run: list[_Token], a: int
    ) -> tuple[int, MentionKind, PlaceKind | None] | None:
        """The longest span ``run[a:b]`` that is a place; with its mention kind."""
        if (run[a].lower in CONNECTORS and not run[a].capitalised) or run[
            a
        ].text in _ENGLISH_ARTICLES:
            return None
        for b in range(min(len(run), a + MAX_NAME_TOKENS), a, -1):
            if not run[b - 1].capitalised:
                continue
            surface = self.text[run[a].start : run[b - 1].end]
            key = name_key(surface)
            if b - a >= 2 and run[b - 1].lower in ADMIN1_WORDS | ADMIN2_WORDS:
                if (
                    run[b - 1].lower in _VAGUE_DESIGNATORS
                    and _NAME_GOES_ON.match(self.text, run[b - 1].end)
                    and not any(
                        c.main_name and _plain(c.name) == _plain(surface)
                        for c in self.gaz.find_key(key)
                    )
                ):
                    # "Colorado State University", "Maryland State Police", "California
                    # State Senator": the place is the name before "State"; but "Benue
                    # State Commissioner" is Benue State's, as Nigeria names its states.
                    continue
                if run[b - 1].lower == "district" and _DISTRICT_OFFICE.match(
                    self.text, run[b - 1].end
                ):
                    continue  # "the Brooklyn District Attorney" is Brooklyn's
                # "Diyala Province", "Bartow County": the name before the designator.
                if self._known(key)[0]:
                    return b, "name", None
                if run[a].lower in STOPWORDS and run[a].lower not in COMPASS_WORDS:
                    continue  # "The Clarke County Board", "Former Hall County official"
                if run[b - 2].lower in ADMIN1_WORDS | ADMIN2_WORDS:
                    continue  # "Wyandotte County District Court" is the county's court
                if any(t.lower in CONNECTORS for t in run[a : b - 1]):
                    continue  # "March for Babies of DeKalb County"
                if _NUMBER_AFTER.match(self.text, run[b - 1].end):
                    continue  # "Edwardsville District 7" is a school district
                if any(t.lower in ORG_WORDS or t.lower in _SERVICE_WORDS for t in run[a : b - 1]):
                    continue  # "Santa Ana Unified School District" is a school district
                inner = name_key(self.text[run[a].start : run[b - 2].end])
                wants: PlaceKind = "admin1" if run[b - 1].lower in ADMIN1_WORDS else "other"
                # An unknown name before an unambiguous designator ("Hawija District")
                # is still a place; before "State" or "Region" it may be anything
                # ("Islamic State"), so the name itself must be known.
                if self._known(inner)[0] or run[b - 1].lower not in _VAGUE_DESIGNATORS:
                    return b, "admin", wants
                continue
            if b - a <= 3 and run[a].lower != "the" and self.gaz.demonym(surface) is not None:
                return b, "demonym", None  # "Iraqi", "South Africans", "North Korean"
            if b - a == 2 and run[a].lower == "the" and run[a + 1].lower in STOPWORDS:
                continue  # "The City Council": an article and an ordinary word
            known, _ = self._known(key)
            if known and key not in _NON_PLACE_KEYS:
                return b, "name", None
        return None

    def _known(self, key: str) -> tuple[bool, bool]:
        """(the gazetteer has this key, some entry of it is strong)."""
        cached = self._key_cache.get(key)
        if cached is None:
            if not self.gaz.has_key(key):
                cached = (False, False)
            else:
                cached = (
                    True,
                    any(
                        _strong(c.kind, c.population)
                        and not (c.kind == "admin1" and _landform(key))
                        for c in self.gaz.find_key(key)
                    ),
                )
            self._key_cache[key] = cached
        return cached

    def _accept_single(
        self,
        token: _Token,
        tokens: list[_Token],
        index: int,
        sentence_initial: bool,
        after: _Token | None,
    ) -> bool:
        """Should a one-word gazetteer match count as a mention?"""
        word = token.text
        lower = word.lower()
        if word in self.surnames or self.text.startswith("$", token.end):
            return False  # a surname seen before, or a currency: "US$58 million", "HK$"
        if self.text.endswith("$", 0, token.start):
            return False  # a currency written the other way round: "$US4.5 billion"
        candidates = self.gaz.find(word)
        if _NUMBER_AFTER.match(self.text, token.end) and not (
            self._famous(word)
            or self._big_city(word)
            or (
                lower not in self.lowercase_words
                and any(c.kind == "admin1" and c.main_name for c in candidates)
            )
        ):
            # "Lot 12", "Talla 2", "Route 38": a plot, a room or a road; but "Ohio 63" is
            # a state's road.
            return False
        if _PARTY_HOMETOWN.search(self.text, max(0, token.start - 5), token.start):
            return True  # "Sen. Bill Harris, R-Ashland": a legislator's party and hometown
        if self._couple(tokens, index):
            self._remember([word])
            return False  # "Brent and Lynnette Hain": two given names and a surname
        # A town is strong by its own name, not by another spelling ("Sun", "Room" and
        # "Abbas" are local variants of some towns' names).
        # A region called by a landform ("Lakes", "Coast", "Delta", "Plateau") is no
        # evidence alone: the word is the landform far more often.
        landform = _landform(lower)
        strong = any(
            _strong(c.kind, c.population)
            and (c.main_name or not _minor_variant(c.kind, word))
            and not (landform and c.kind == "admin1")
            and (c.kind != "admin1" or _as_written(c.name, word))
            for c in candidates
        )
        if strong and self.gaz.is_given_name(word):
            # "Barry, who was from Dewsbury", "Levi": a common given name is a town only
            # with a place context, unless it is a country, a region or a city.
            strong = any(
                c.kind != "city" or (c.main_name and c.population >= _GIVEN_NAME_TOWN_POPULATION)
                for c in candidates
            )
        if (
            after is not None
            and after.lower in SPEECH_VERBS
            and not strong
            and self.text[token.end : after.start] == " "
        ):
            # "Dorrian said": a small town's name before a speech verb is a person.
            self._remember([word])
            return False
        all_caps = word.isupper() and 1 < len(word) < _SHOUTED_NAME
        if all_caps:
            # Short acronyms count only as countries and unions ("US", "UK", "EU"), never
            # as towns or regions ("BA" is not Baa Atoll); longer capitals are shouted names.
            return any(c.kind in ("country", "continent") and c.main_name for c in candidates)
        locative = index > 0 and tokens[index - 1].lower in LOCATIVE_WORDS
        follows_comma = self._followed_by_place(token)
        if lower in STOPWORDS:
            return locative and strong and not sentence_initial
        if strong:
            return not (sentence_initial and lower in self.lowercase_words)
        if follows_comma:
            return True  # "Wheeling, W.Va.", also as a dateline at the start of a sentence
        if after is not None and after.lower in PLACE_HEAD_NOUNS and lower not in STOPWORDS:
            return True  # "a Lancaster girl", "the DeKalb area", "Monroe Mayor ..."
        if lower in self.lowercase_words or sentence_initial:
            return False
        return locative or self._listed_with_place(token)

    def _listed_with_place(self, token: _Token) -> bool:
        """ "Monroe, Trenton and Seven Mile": a list item next to a strong place name."""
        before = _LIST_BEFORE.search(self.text, max(0, token.start - 40), token.start)
        after = _LIST_AFTER.match(self.text, token.end, token.end + 40)
        return any(
            m is not None
            and not self.gaz.is_given_name(m.group(1))
            and self._known(name_key(m.group(1)))[1]
            for m in (before, after)
        )

    def _followed_by_place(self, token: _Token) -> bool:
        """ "X, Y" where Y is a known region or country: "Smyrna, Georgia"."""
        if _COMMA_ABBREVIATION.match(self.text, token.end, token.end + 12):
            return True
        match = _COMMA_NAME.match(self.text, token.end, token.end + 40)
        if not match:
            return False
        return any(
            c.kind in ("country", "admin1") for c in self.gaz.find(match.group(1).split(" ")[0])
        )


def _minor_variant(kind: str, word: str) -> bool:
    """Another spelling that alone is no evidence of the place: any town's, and a short
    one of a region's ("Wash", "Miss" and "Tex" without their dots)."""
    return kind == "city" or (kind == "admin1" and len(word) <= _SHORT_VARIANT)


def _joins(tokens: list[_Token], k: int, j: int) -> bool:
    """Token ``k`` is a lower-case connector inside a name whose connectors start at
    ``j``: "Salah ad Din", and "the" after "of" ("Democratic Republic of the Congo")."""
    token = tokens[k]
    if token.capitalised:
        return False
    return token.lower in CONNECTORS or (
        token.lower == "the" and k > j and tokens[k - 1].lower == "of"
    )


def _past_connector(run: list[_Token], end: int) -> int:
    """The index after the connector at ``end`` (and an "the" after it): where the name
    after "the President of the United States" starts."""
    end += 1
    if end < len(run) - 1 and run[end].lower == "the" and not run[end].capitalised:
        end += 1
    return end


def _connector(run: list[_Token], start: int) -> int:
    """Index of the first lower-case connector ("of", "de") in ``run`` from ``start``, or
    the run's length."""
    return next(
        (
            k
            for k in range(start, len(run))
            if run[k].lower in CONNECTORS and not run[k].capitalised
        ),
        len(run),
    )


def _as_written(name: str, word: str) -> bool:
    """The region's name starts with the word as written, but for accents, case, an
    Arabic article and a final "h" ("Anbar" is Al Anbar, "Raqqa" Ar Raqqah, "Osun" Osun
    State), not only with its folded key ("Lane" is not Estonia's Lääne, "Moon" not Mon
    State)."""
    full, plain = _plain(name), _plain(word)
    return full == plain or full.startswith(plain + " ")


def _plain(name: str) -> str:
    """``spelling`` without a leading Arabic article and a final "h"."""
    words = spelling(name).split(" ")
    if len(words) > 1 and words[0] in _ARTICLE_WORDS:
        words = words[1:]
    return " ".join(words).removesuffix("h")


def _landform(word: str) -> bool:
    """ "lakes", "coast", "delta": a landform word (or its plural), lower-case."""
    return word in FEATURE_WORDS or word.removesuffix("s") in FEATURE_WORDS


def _strong(kind: str, population: int) -> bool:
    # The gazetteer's "other" rows are US counties, indexed only under their full names
    # ("Walker County"): a region's name with its designator is a place anywhere.
    return (
        kind in ("country", "admin1", "continent", "water", "other")
        or population >= STRONG_POPULATION
    )


def _replace_kind(mention: Mention, kind: MentionKind, wants: PlaceKind | None) -> Mention:
    from dataclasses import replace

    return replace(mention, kind=kind, wants=wants)
