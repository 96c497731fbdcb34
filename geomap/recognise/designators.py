"""Rules about designators: "Diyala province", "Bartow County", "Huntsville, Ala.",
"Cooke, Grayson and Love counties", "the province of Nineveh", "the town of Qayyarah"."""

from __future__ import annotations

import re
from dataclasses import replace

from ..models import Mention, PlaceKind
from ..names import name_key
from ..wordlists import (
    ADMIN1_WORDS,
    ADMIN2_WORDS,
    COMPASS_WORDS,
    CONNECTORS,
    ORG_WORDS,
    PLACE_CONTEXT,
    PLURAL_DESIGNATORS,
    REGION_ABBREVIATIONS,
    SERVICE_WORDS,
    STOPWORDS,
    VAGUE_DESIGNATORS,
)
from .evidence import NUMBER_AFTER, REGION_ABBREVIATION
from .reader import DESIGNATORS, Reader, Run, plain
from .rule import Span

__all__ = [
    "designated_known_name",
    "designated_list",
    "designated_unknown_name",
    "designator_after",
    "district_office",
    "place_context_unknown",
    "province_of",
    "region_abbreviation",
    "state_of_institution",
]

_YEAR_BEFORE = re.compile(r"\d\s*$")  # "100 B.C."
_NAME_GOES_ON = re.compile(r" [A-Z]")  # another capitalised word follows
_DISTRICT_OFFICE = re.compile(r" (?:Attorney|Court|Judge)\b")
# "Cooke, Grayson and Love counties": every item of a list before a plural designator
# is one division of that kind.
_LIST_ITEM = r"[A-Z][\w'\u2019.-]*(?: [A-Z][\w'\u2019.-]*){0,2}"
_DESIGNATED_LIST = re.compile(
    rf"(?:{_LIST_ITEM}(?:,\s+(?:and\s+|or\s+)?|,?\s+(?:and|or|&)\s+))+{_LIST_ITEM}"
    rf"(?=\s+({'|'.join(PLURAL_DESIGNATORS)})\b)"
)


# -- sentence rules ---------------------------------------------------------------------
def region_abbreviation(
    reader: Reader, s_start: int, s_end: int, taken: list[tuple[int, int]]
) -> list[Mention]:
    """ "Huntsville, Ala.", "W.Va.": newspaper abbreviations of US states and Canadian
    provinces are one admin-1 mention each; their letters are not words."""
    found = []
    text = reader.text
    for match in REGION_ABBREVIATION.finditer(text, s_start, s_end):
        if match.group().startswith("B") and _YEAR_BEFORE.search(
            text, max(0, match.start() - 8), match.start()
        ):
            continue  # "100 B.C.", "250 BC": a year
        full_name, _ = REGION_ABBREVIATIONS[match.group()]
        found.append(
            Mention(
                match.group(),
                match.start(),
                match.end(),
                full_name,
                "admin",
                s_start,
                s_end,
                "admin1",
            )
        )
        taken.append((match.start(), match.end()))
    return found


def designated_list(
    reader: Reader, s_start: int, s_end: int, taken: list[tuple[int, int]]
) -> list[Mention]:
    """ "Cooke, Grayson and Love counties": each item of a list before a plural
    designator is one division of that kind."""
    found: list[Mention] = []
    sentence = reader.text[s_start:s_end]
    if not any(word in sentence for word in PLURAL_DESIGNATORS):
        return found  # the pattern needs one (most sentences have none)
    for match in _DESIGNATED_LIST.finditer(reader.text, s_start, s_end):
        if any(a < match.end() and match.start() < b for a, b in taken):
            continue
        wants: PlaceKind = PLURAL_DESIGNATORS[match.group(1)]  # type: ignore[assignment]
        for item in re.finditer(_LIST_ITEM, match.group()):
            words = item.group().split(" ")
            while words and words[0].lower() in STOPWORDS:
                words = words[1:]
            if not words:
                continue
            name = " ".join(words)
            end = match.start() + item.end()
            start = end - len(name)
            found.append(Mention(name, start, end, name, "admin", s_start, s_end, wants))
            taken.append((start, end))
    return found


# -- designator rules (a span that ends in a designator) ---------------------------------
def state_of_institution(run: Run, a: int, b: int, key: str) -> bool | Span | None:
    """ "Colorado State University", "Maryland State Police", "California State
    Senator": the place is the name before "State"; but "Benue State Commissioner" is
    Benue State's, as Nigeria names its states."""
    words, reader = run.words, run.reader
    last = words[b - 1]
    if (
        last.lower in VAGUE_DESIGNATORS
        and _NAME_GOES_ON.match(reader.text, last.end)
        and not any(
            c.main_name and plain(c.name) == plain(reader.text[words[a].start : last.end])
            for c in reader.gaz.find_key(key)
        )
    ):
        return True
    return None


def district_office(run: Run, a: int, b: int, key: str) -> bool | Span | None:
    """ "the Brooklyn District Attorney" is Brooklyn's, not a district's."""
    last = run.words[b - 1]
    if last.lower == "district" and _DISTRICT_OFFICE.match(run.reader.text, last.end):
        return True
    return None


def designated_known_name(run: Run, a: int, b: int, key: str) -> bool | Span | None:
    """ "Diyala Province", "Bartow County": a name the gazetteer knows with its
    designator is that place."""
    return (b, "name", None) if run.reader.known(key)[0] else None


def designated_unknown_name(run: Run, a: int, b: int, key: str) -> bool | Span | None:
    """An unknown name before an unambiguous designator ("Hawija District") is still a
    place, for the fallback; before "State" or "Region" it may be anything ("Islamic
    State"), so the name itself must be known. Not "The Clarke County Board", "Wyandotte
    County District Court", "March for Babies of DeKalb County", "Edwardsville District
    7" or "Santa Ana Unified School District"."""
    words, reader = run.words, run.reader
    last = words[b - 1]
    if words[a].lower in STOPWORDS and words[a].lower not in COMPASS_WORDS:
        return None
    if words[b - 2].lower in DESIGNATORS:
        return None
    if any(t.lower in CONNECTORS for t in words[a : b - 1]):
        return None
    if NUMBER_AFTER.match(reader.text, last.end):
        return None
    if any(t.lower in ORG_WORDS or t.lower in SERVICE_WORDS for t in words[a : b - 1]):
        return None
    inner = name_key(reader.text[words[a].start : words[b - 2].end])
    wants: PlaceKind = "admin1" if last.lower in ADMIN1_WORDS else "other"
    if reader.known(inner)[0] or last.lower not in VAGUE_DESIGNATORS:
        return b, "admin", wants
    return None


# -- kind rules -------------------------------------------------------------------------
def designator_after(run: Run, found: list[Mention]) -> None:
    """A lower-case designator right after the run: "Diyala province" is a region,
    "Hawija district" a district."""
    after = run.after
    if not found or after is None or found[-1].end != run.words[-1].end or after.capitalised:
        return
    last = found[-1]
    if last.kind not in ("name", "context"):
        return
    if after.lower in ADMIN1_WORDS:
        found[-1] = replace(last, kind="admin", wants="admin1")
    elif after.lower in ADMIN2_WORDS:
        found[-1] = replace(last, kind="admin", wants="other")


def place_context_unknown(run: Run, found: list[Mention]) -> None:
    """A name the gazetteer lacks in a place context ("the town of Qayyarah", "Hawija
    district") is a mention for the fallback geocoder (or a region's, before
    "province")."""
    if found or run.org or not _in_place_context(run):
        return
    words, after, before2 = run.words, run.after, run.before2
    if len(words) == 1 and words[0].lower in STOPWORDS:
        return
    start, end = words[0].start, words[-1].end
    surface = run.reader.text[start:end]
    regional = (after is not None and after.lower in ADMIN1_WORDS) or before2 in ADMIN1_WORDS
    found.append(
        Mention(
            surface,
            start,
            end,
            surface,
            "admin" if regional else "context",
            run.s_start,
            run.s_end,
            "admin1" if regional else None,
        )
    )


def _in_place_context(run: Run) -> bool:
    """ "the town of X" (a ``PLACE_CONTEXT`` pair before the run), or a lower-case
    designator after a run of no stop words ("Hawija district")."""
    if (run.before2, run.before) in PLACE_CONTEXT:
        return True
    after = run.after
    if after is not None and not after.capitalised and after.lower in DESIGNATORS:
        return all(t.lower not in STOPWORDS for t in run.words)
    return False


def province_of(run: Run, found: list[Mention]) -> None:
    """ "the province of Nineveh": the name is a region."""
    if (
        found
        and run.before == "of"
        and run.before2 in ADMIN1_WORDS
        and found[0].start == run.words[0].start
        and found[0].kind in ("name", "context")
    ):
        found[0] = replace(found[0], kind="admin", wants="admin1")
