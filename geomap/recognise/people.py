"""Rules that tell people from places: titles, initials, given names, surnames.

A person's words are remembered (``Reader.remember``): a surname seen once is no
place for the rest of the document ("Dorrian said" ... "Dorrian").
"""

from __future__ import annotations

from ..names import name_key
from ..wordlists import (
    ADMIN1_WORDS,
    ADMIN2_WORDS,
    CONNECTORS,
    FEATURE_WORDS,
    ORG_WORDS,
    PERSON_TITLES,
    SPEECH_VERBS,
    STOPWORDS,
)
from .reader import MAX_NAME_TOKENS, PERSON_TOWN_POPULATION, Match, Run, Single, is_title
from .rule import SKIP, RunVerdict
from .text import Token

__all__ = [
    "couple",
    "given_name_first",
    "middle_initial",
    "person_pair",
    "speech_verb",
    "surname_seen",
    "title_before",
    "title_inside",
]


def connector(words: list[Token], start: int) -> int:
    """Index of the first lower-case connector ("of", "de") in ``words`` from
    ``start``, or their length."""
    return next(
        (
            k
            for k in range(start, len(words))
            if words[k].lower in CONNECTORS and not words[k].capitalised
        ),
        len(words),
    )


def past_connector(words: list[Token], end: int) -> int:
    """The index after the connector at ``end`` (and an "the" after it): where the name
    after "the President of the United States" starts."""
    end += 1
    if end < len(words) - 1 and words[end].lower == "the" and not words[end].capitalised:
        end += 1
    return end


def _person_until_connector(run: Run, start: int) -> RunVerdict:
    """The run from ``start`` to its first connector is a person; what follows the
    connector is looked at again ("Sgt Johnathan J. Dunbar of Austin")."""
    words = run.words
    end = connector(words, start)
    run.reader.remember(t.text for t in words[start:end])
    return RunVerdict(rest=past_connector(words, end) if end < len(words) - 1 else None)


# -- run rules --------------------------------------------------------------------------
def title_before(run: Run) -> RunVerdict | None:
    """A title right before the run: "Col. John Dorrian", "Minister Cerar"."""
    if is_title(run.tokens, run.i - 1) and run.touches(run.i):
        return _person_until_connector(run, 0)
    return None


def middle_initial(run: Run) -> RunVerdict | None:
    """The run follows a middle initial: "Jon R. Taylor"."""
    i, tokens = run.i, run.tokens
    if i < 2:
        return None
    prev = tokens[i - 1]
    if (
        len(prev.text) == 1
        and prev.text.isupper()
        and run.reader.gap(prev, tokens[i]) == ". "
        and tokens[i - 2].capitalised
    ):
        return _person_until_connector(run, 0)
    return None


def title_inside(run: Run) -> RunVerdict | None:
    """A title inside the run: "County Commissioner Bill McDaniel" (but a title before
    a designator is a name: "Pope County", "Governor Province"). The words before the
    title go on as a run of their own."""
    words = run.words
    title = next(
        (
            k
            for k, t in enumerate(words[:-1])
            if t.lower in PERSON_TITLES
            and words[k + 1].lower not in ADMIN1_WORDS
            and words[k + 1].lower not in ADMIN2_WORDS
        ),
        None,
    )
    if title is None:
        return None
    verdict = _person_until_connector(run, title + 1)
    verdict.cut = title or None
    return verdict


def given_name_first(run: Run) -> RunVerdict | None:
    """ "Mary Loveless", "Mary Ann Wade": capitalised words that start with a common
    given name and go on with an ordinary capitalised word are a person's name, unless
    the given name is a country or a city of a million or more ("Jordan", "Dallas") or
    the words together are a place ("Virginia Beach", "West Virginia")."""
    lead = run.lead
    person = _given_name_length(run, lead)
    if not person:
        return None
    words = run.words
    # "Steven Sachs of Alexandria": the person ends at the connector.
    run.reader.remember([words[lead + person - 1].text])
    end = lead + person
    return RunVerdict(rest=past_connector(words, end) if end < len(words) - 1 else None)


def _given_name_length(run: Run, lead: int) -> int:
    """The person's length in tokens (up to the first connector), or 0."""
    words, reader = run.words, run.reader
    if len(words) - lead < 2 or not reader.given_name(words[lead].text):
        return 0
    second = words[lead + 1]
    if (
        not second.capitalised
        or second.lower in STOPWORDS
        or second.lower in ADMIN1_WORDS
        or second.lower in ADMIN2_WORDS
        or second.lower in FEATURE_WORDS
        or second.text.isupper()
    ):
        return 0
    if reader.famous(words[lead].text) and not _named_after_country(run, lead):
        return 0
    # Any known name of two words or more that holds the given name: "Virginia
    # Beach", and "West Virginia" of "West Virginia Democratic politics".
    text = reader.text
    for a in range(lead + 1):
        for b in range(min(len(words), a + MAX_NAME_TOKENS), max(a + 1, lead), -1):
            if reader.known(name_key(text[words[a].start : words[b - 1].end]))[0]:
                return 0
    end = lead + 1
    while end < len(words) and words[end].capitalised:
        end += 1
    if any(t.lower in ORG_WORDS for t in words[lead:end]):
        return 0  # "Mary Baldwin University"
    return end - lead


def _named_after_country(run: Run, lead: int) -> bool:
    """ "Georgia Stevens", "Chad Walker": a country's name that is also a given name,
    then a surname (a capitalised word the text never writes in lower case and the
    gazetteer knows no strong place by), is a person; and the given name is
    remembered, so that "Georgia began skating" later is her too."""
    words, reader = run.words, run.reader
    first, second = words[lead], words[lead + 1]
    if lead + 2 < len(words) and words[lead + 2].capitalised:
        return False
    if reader.famous(first.text, countries=False):
        return False
    if second.lower in reader.lowercase_words or second.lower in ORG_WORDS:
        return False
    if reader.known(name_key(second.text))[1]:
        return False
    reader.surnames.add(first.text)
    return True


# -- match rules ------------------------------------------------------------------------
def person_pair(run: Run, m: Match) -> str | None:
    """ "David Cameron", "Maria Flores": a two-word run where one word is a town of
    under a million people (no country or region) and the other an ordinary
    capitalised word is a person's name; a town in second place needs a given name
    before it."""
    lead = run.lead
    words = run.words
    if not (m.kind == "name" and m.b - m.a == 1 and len(words) - lead == 2 and m.a >= lead):
        return None
    pair, a = words[lead:], m.a - lead
    reader = run.reader
    other = pair[1 - a]
    if other.lower in STOPWORDS or other.lower in ORG_WORDS or other.text.isupper():
        return None
    if a == 1 and run.sentence_initial() and lead == 0 and not reader.given_name(other.text):
        # "Missing Lancaster girl", "Rodeo Gainesville looking for...": a sentence's
        # first word is capitalised anyway; only a given name makes it a person.
        return None
    if other.lower in ADMIN1_WORDS or other.lower in ADMIN2_WORDS:
        return None
    if all(
        (c.kind == "city" and c.population < PERSON_TOWN_POPULATION)
        or (c.kind == "admin1" and not c.main_name)
        for c in reader.gaz.find(pair[a].text)
    ):
        reader.remember([words[-1].text])
        return SKIP
    return None


# -- single-word rules ------------------------------------------------------------------
def surname_seen(run: Run, s: Single) -> bool | None:
    """A surname seen earlier in the document is no place: "Dorrian said ... Dorrian"."""
    return False if s.word in run.reader.surnames else None


def couple(run: Run, s: Single) -> bool | None:
    """ "Brent and Lynnette Hain": a given name, "and", a given name and a surname."""
    tokens, index, reader = run.tokens, s.index, run.reader
    if index + 3 >= len(tokens) or tokens[index + 1].lower not in ("and", "&"):
        return None
    second, surname = tokens[index + 2], tokens[index + 3]
    if (
        reader.given_name(tokens[index].text)
        and second.capitalised
        and reader.given_name(second.text)
        and surname.capitalised
        and reader.adjacent(second, surname)
        and surname.lower not in STOPWORDS
        and surname.lower not in ORG_WORDS
        and not reader.known(name_key(surname.text))[0]
        and not reader.famous(tokens[index].text)
    ):
        reader.remember([s.word])
        return False
    return None


def speech_verb(run: Run, s: Single) -> bool | None:
    """ "Dorrian said": a small town's name before a speech verb is a person."""
    after = s.after
    if (
        after is not None
        and after.lower in SPEECH_VERBS
        and not s.strong
        and run.reader.gap(s.token, after) == " "
    ):
        run.reader.remember([s.word])
        return False
    return None
