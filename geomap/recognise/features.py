"""Run rules for names that are one thing whatever their words: natural features,
streets, and diseases named after places."""

from __future__ import annotations

import re

from ..models import Mention
from ..wordlists import (
    ADMIN2_WORDS,
    DIRECTION_WORDS,
    DISEASE_WORDS,
    FEATURE_PREFIXES,
    FEATURE_WORDS,
    LEADING_WORDS,
    ORG_WORDS,
    STOPWORDS,
    STREET_ABBREVIATIONS,
    STREET_LEAD_WORDS,
    STREET_WORDS,
)
from .reader import Run
from .rule import RunVerdict

__all__ = ["disease_name", "natural_feature", "street"]

_ROUTE_NUMBER = re.compile(r" \d{1,4}[A-Z]?\b")


def disease_name(run: Run) -> RunVerdict | None:
    """Diseases named after places are not mentions of them: "West Nile virus", "Lassa
    fever", "Spanish flu"; but "the United States flu season" is the place's."""
    after, tokens, j = run.after, run.tokens, run.j
    if (
        after is not None
        and not after.capitalised
        and after.lower in DISEASE_WORDS
        and not (j + 1 < len(tokens) and tokens[j + 1].lower == "season")
    ):
        return RunVerdict()
    return None


def natural_feature(run: Run) -> RunVerdict | None:
    """Natural features are one name however their words read: "Indian Ocean" is not
    India, "Neches River" is one place, and so is "Lake Tahoe" (a ``context`` mention)."""
    words = run.words
    # A leading "The" or "Yesterday" is not part of the name, but a stop word that
    # qualifies the feature word is: "the Red River", "Silver Lake".
    start = 0
    while (
        start < len(words) - 1
        and words[start].lower in STOPWORDS
        and words[start].lower not in FEATURE_PREFIXES
        and (start < len(words) - 2 or words[start].lower in LEADING_WORDS)
    ):
        start += 1
    core = words[start:]
    if len(core) < 2:
        return None
    if core[-1].lower not in FEATURE_WORDS and core[0].lower not in FEATURE_PREFIXES:
        return None
    if any(t.lower in ORG_WORDS for t in core):
        return None
    begin, end = core[0].start, core[-1].end
    surface = run.reader.text[begin:end]
    return RunVerdict([Mention(surface, begin, end, surface, "context", run.s_start, run.s_end)])


def street(run: Run) -> RunVerdict | None:
    """ "Royal Street", "Memphis St.", "North Main Street", "40th Avenue South": a street
    is one name (a ``context`` mention), never the town it is named after. A run that
    goes on past the street word ("Wall Street Journal", "St. John"), names a county
    first ("Otter Tail County Road"), or is a numbered road ("County Road 43", which
    news annotators rarely count as a place) is not a street here."""
    words, text = run.words, run.reader.text
    k = next((x for x in range(1, len(words)) if words[x].lower in STREET_WORDS), None)
    if k is None or not words[k].capitalised:
        return None
    tail = words[k + 1 :]
    if len(tail) > 1 or (tail and tail[0].lower not in DIRECTION_WORDS):
        return None
    if _ROUTE_NUMBER.match(text, words[k].end):
        return None
    # The name starts after a leading article or preposition ("On Main Street") and
    # after the last connector ("Corner of Elkview Drive"); "North" and "Old" stay.
    lead = max((x + 1 for x in range(k) if not words[x].capitalised), default=0)
    while lead < k and words[lead].lower in STREET_LEAD_WORDS:
        lead += 1
    name = words[lead:k]
    if not name or any(t.lower in ADMIN2_WORDS for t in name):
        return None
    start, end = words[lead].start, words[-1].end
    if not tail and words[k].lower in STREET_ABBREVIATIONS and text.startswith(".", end):
        end += 1  # "Memphis St.", but "Sylvan Road." ends a sentence
    surface = text[start:end]
    return RunVerdict([Mention(surface, start, end, surface, "context", run.s_start, run.s_end)])
