"""The resolver's rules about names and the text around them (see ``geomap.resolve``).

Each rule gives named score terms (``Reason``): the namesake rules and cities over
regions lower candidates' priors in place (and note why in ``notes``), the others
return their terms by mention index and candidate id:

* ``prefer_cities_over_their_regions``: ``city-over-region``;
* ``prefer_the_famous_over_namesakes``: ``continent-namesake``, ``world-city-namesake``,
  ``country-namesake``, ``spelled-otherwise``;
* ``mutual_support``: ``mutual-support``;
* ``list_kinds``: ``list-kind``;
* ``pairs``: ``explicit-pair``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .distance import haversine_km
from .models import Candidate, Mention, Reason
from .names import spelling
from .wordlists import ADMIN1_WORDS, ADMIN2_WORDS

__all__ = [
    "holds",
    "list_kinds",
    "mutual_support",
    "namesake_cities",
    "pairs",
    "prefer_cities_over_their_regions",
    "prefer_the_famous_over_namesakes",
]

#: Per mention, per candidate: the prior and the terms it is the sum of.
Priors = list[list[float]]
Notes = list[list[list[Reason]]]

_PAIR_BONUS = 3.0
_REGION_OF_CITY_PENALTY = 1.0
_CITY_OVER_REGION_POPULATION = 20_000
_REGION_CITY_KM = 50.0
_CONTINENT_NAMESAKE_PENALTY = 3.0
_COUNTRY_NAMESAKE_PENALTY = 2.0
_WORLD_CITY_POPULATION = 1_000_000
_WORLD_CITY_NAMESAKE_PENALTY = 0.8
_SMALL_TOWN_POPULATION = 100_000
_LIST_KIND_BONUS = 2.0
_SUPPORT_KM = 30.0
_SUPPORT_BONUS = 1.0
_KM_PER_DEGREE = 111.0
_KIND_WORDS = {"country": "country", "admin1": "region"}


def _plural(word: str) -> str:
    """The English plural of a designator: "counties", "parishes", "provinces"."""
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy")):
        return word[:-1] + "ies"  # counties
    return word + ("es" if word.endswith(("s", "sh", "ch")) else "s")  # parishes


# Between X and Y: a comma, "in (the)" or "(", after an optional lower-case designator of
# X ("Walker county, Georgia", "Camden and Charlton counties in Georgia"; admin mentions
# span the name only).
_DESIGNATORS = ADMIN1_WORDS | ADMIN2_WORDS
_PAIR_GAP = re.compile(
    r"(?:\s+(?:"
    + "|".join(sorted(_DESIGNATORS | {_plural(w) for w in _DESIGNATORS}, key=len, reverse=True))
    + r"))?"
    r"(?:,\s*|\s+in\s+(?:the\s+)?|\s+\()"
)
#: Between Y and X in "Tennessee's Paris", "Georgia’s Athens".
_POSSESSIVE_GAP = re.compile(r"['\u2019]s\s+")
_LIST_GAP = re.compile(r",\s*(?:and\s+|or\s+)?(?:the\s+)?|\s+(?:and|or)\s+(?:the\s+)?")


def _add(prior: list[float], notes: list[list[Reason]], k: int, reason: Reason) -> None:
    """Add ``reason`` to the prior of candidate ``k`` (one mention's row), and note it."""
    prior[k] += reason.delta
    notes[k].append(reason)


def prefer_cities_over_their_regions(
    mentions: Sequence[Mention],
    candidates: Sequence[Sequence[Candidate]],
    prior: Priors,
    notes: Notes,
) -> None:
    """ "Raqqa" is the city, not the governorate named after it, unless the text says
    "province": lower the prior of a region that holds a city of the same name."""
    for i, cands in enumerate(candidates):
        if mentions[i].wants == "admin1":
            continue
        cities = namesake_cities(cands)
        for k, c in enumerate(cands):
            if c.kind == "admin1":
                city = next((city for city in cities if holds(c, city)), None)
                if city is not None:
                    detail = f"the city {city.name} lies in it"
                    _add(
                        prior[i],
                        notes[i],
                        k,
                        Reason("city-over-region", -_REGION_OF_CITY_PENALTY, detail),
                    )


def prefer_the_famous_over_namesakes(
    mentions: Sequence[Mention],
    candidates: Sequence[Sequence[Candidate]],
    prior: Priors,
    notes: Notes,
    paired: dict[int, dict[int, Reason]],
) -> None:
    """ "the Middle East", "Africa", "the Atlantic": a continent, macro-region or ocean by
    its own name is never the hamlet that shares it (Middle East, Maryland), even in a
    story set in that hamlet's country, unless the text pairs it with the hamlet's region
    ("Atlantic, Iowa"). Likewise a country or region spelled exactly as written ("Iran",
    "California") is never a small town whose name only folds to the same key (Iraan,
    Texas) or is another spelling of it, however well the town fits the story. A world
    city by its own name ("Cairo") is seldom a small town abroad, and a country by its
    main name ("Mexico") not its own namesake region or town."""
    for i, cands in enumerate(candidates):
        if i in paired:
            continue
        famous = next((c for c in cands if c.kind in ("continent", "water") and c.main_name), None)
        if famous is not None:
            reason = Reason(
                "continent-namesake", -_CONTINENT_NAMESAKE_PENALTY, f"{famous.name} comes first"
            )
            for k, c in enumerate(cands):
                if c.kind in ("city", "other"):
                    _add(prior[i], notes[i], k, reason)
            continue
        _world_city_namesakes(cands, prior[i], notes[i])
        nation = next((c for c in cands if c.kind == "country" and c.main_name), None)
        if nation is not None and mentions[i].wants is None:
            # "Mexico" in a story set in Mexico is the country, not the State of Mexico
            # nor a town of that name, which the country's own context would favour.
            reason = Reason(
                "country-namesake",
                -_COUNTRY_NAMESAKE_PENALTY,
                f"the country {nation.name} comes first",
            )
            for k, c in enumerate(cands):
                if c.kind != "country" and c.country == nation.country:
                    _add(prior[i], notes[i], k, reason)
        _spelled_otherwise(mentions[i], cands, prior[i], notes[i])


def _world_city_namesakes(
    cands: Sequence[Candidate], prior: list[float], notes: list[list[Reason]]
) -> None:
    """ "Cairo", "Brussels": a world city by its own name is rarely the small town abroad
    that shares it, even in a story set in that town's country."""
    world = next(
        (
            c
            for c in cands
            if c.kind == "city" and c.main_name and c.population >= _WORLD_CITY_POPULATION
        ),
        None,
    )
    if world is None:
        return
    reason = Reason(
        "world-city-namesake",
        -_WORLD_CITY_NAMESAKE_PENALTY,
        f"{world.name}, {world.country_name or world.country}, comes first",
    )
    for k, c in enumerate(cands):
        if (
            c.kind == "city"
            and c.country != world.country
            and c.population < _SMALL_TOWN_POPULATION
        ):
            _add(prior, notes, k, reason)


def _spelled_otherwise(
    mention: Mention, cands: Sequence[Candidate], prior: list[float], notes: list[list[Reason]]
) -> None:
    """A country or region spelled exactly as written ("Iran") is not a small town whose
    name only folds to the same key (Iraan, Texas)."""
    written = spelling(mention.query)
    region = next(
        (c for c in cands if c.kind in ("country", "admin1") and spelling(c.name) == written),
        None,
    )
    if region is None:
        return
    reason = Reason(
        "spelled-otherwise", -_CONTINENT_NAMESAKE_PENALTY, f"the text spells {region.name}"
    )
    for k, c in enumerate(cands):
        if (
            c.kind in ("city", "other")
            and c.population < _CITY_OVER_REGION_POPULATION
            and spelling(c.name) != written
        ):
            _add(prior, notes, k, reason)


def namesake_cities(cands: Sequence[Candidate]) -> list[Candidate]:
    """The towns big enough to beat a region that holds them and shares their name."""
    return [
        c
        for c in cands
        if c.kind == "city" and c.main_name and c.population >= _CITY_OVER_REGION_POPULATION
    ]


def holds(region: Candidate, city: Candidate) -> bool:
    """The region holds the city: by admin-1 name, or (where the two tables' admin-1
    names disagree, as for Paris and Dublin) by the city lying near the region's point."""
    return region.country == city.country and (
        region.admin1 == city.admin1
        or haversine_km(region.lat, region.lon, city.lat, city.lon) <= _REGION_CITY_KM
    )


def mutual_support(
    mentions: Sequence[Mention], candidates: Sequence[Sequence[Candidate]], keys: list[str]
) -> dict[tuple[str, int], Reason]:
    """A county and a town of different names whose candidates lie a few km apart
    support each other: "Athens" and "Henderson County" are the Texas pair, not Greece
    and North Carolina. Only candidates known by the name itself take part."""
    places: dict[tuple[str, int], Candidate] = {}
    for i, cands in enumerate(candidates):
        if mentions[i].kind != "demonym":
            for c in cands:
                if c.kind in ("city", "other") and c.main_name:
                    places[(keys[i], c.id)] = c
    counties = [(key, c) for (key, _), c in places.items() if c.kind == "other"]
    if not counties:
        return {}
    out: dict[tuple[str, int], Reason] = {}
    for key, county in counties:
        for (other_key, _), c in places.items():
            if (
                other_key != key
                and c.id != county.id
                and abs(c.lat - county.lat) * _KM_PER_DEGREE <= _SUPPORT_KM
                and haversine_km(c.lat, c.lon, county.lat, county.lon) <= _SUPPORT_KM
            ):
                out[(key, county.id)] = Reason("mutual-support", _SUPPORT_BONUS, f"near {c.name}")
                out[(other_key, c.id)] = Reason(
                    "mutual-support", _SUPPORT_BONUS, f"near {county.name}"
                )
    return out


def _listed(text: str, mentions: Sequence[Mention], i: int) -> bool:
    """Mentions ``i`` and ``i + 1`` are items of a longer list: "Mexico, China, Japan",
    "Alaska, Alabama, Arizona", "China, Japan, and the United Kingdom"."""
    before = i > 0 and _LIST_GAP.fullmatch(text[mentions[i - 1].end : mentions[i].start])
    after = i + 2 < len(mentions) and _LIST_GAP.fullmatch(
        text[mentions[i + 1].end : mentions[i + 2].start]
    )
    return bool(before or after)


def list_kinds(
    text: str,
    mentions: Sequence[Mention],
    candidates: Sequence[Sequence[Candidate]],
    prior: Priors,
) -> dict[int, dict[int, Reason]]:
    """Items of one list are places of one kind: in "Montana and Wyoming" or "Texas,
    Wyoming" Wyoming is the state, not the town in Ohio that the story's other names
    favour. A neighbouring item whose own best candidate is a country or a region by its
    main name lends that kind to this item's candidates of the same kind and country,
    except to a region that holds a city of its name ("Glasgow, Edinburgh")."""
    out: dict[int, dict[int, Reason]] = {}
    best: list[Candidate | None] = []
    for i, cands in enumerate(candidates):
        top = max(range(len(cands)), key=lambda k: prior[i][k], default=None)
        c = cands[top] if top is not None else None
        ok = c is not None and c.kind in ("country", "admin1") and c.main_name
        best.append(c if ok and mentions[i].kind != "demonym" else None)
    for i in range(len(mentions) - 1):
        if not _LIST_GAP.fullmatch(text[mentions[i].end : mentions[i + 1].start]):
            continue
        for here, there in ((i, i + 1), (i + 1, i)):
            other = best[there]
            if other is None:
                continue
            cities = namesake_cities(candidates[here])
            detail = f"listed beside {other.name}, a {_KIND_WORDS.get(other.kind, other.kind)}"
            for c in candidates[here]:
                if (
                    c.kind == other.kind
                    and c.country == other.country
                    and c.main_name
                    and not any(holds(c, city) for city in cities)
                ):
                    out.setdefault(here, {})[c.id] = Reason("list-kind", _LIST_KIND_BONUS, detail)
    return out


def pairs(
    text: str,
    mentions: Sequence[Mention],
    candidates: Sequence[Sequence[Candidate]],
) -> dict[int, dict[int, Reason]]:
    """Bonuses from "X, Y" / "X in Y" / "X (Y)" / "Y's X": X's candidates that lie in Y."""
    out: dict[int, dict[int, Reason]] = {}
    for i in range(len(mentions) - 1):
        gap = text[mentions[i].end : mentions[i + 1].start]
        if _POSSESSIVE_GAP.fullmatch(gap):
            x, y = i + 1, i  # "Tennessee's Paris"
        elif _PAIR_GAP.fullmatch(gap):
            x, y = i, i + 1
            if _listed(text, mentions, i) and any(
                c.main_name and c.kind in ("country", "admin1") for c in candidates[i]
            ):
                continue  # "Mexico, China, Japan": a list of countries, not China in Japan
        else:
            continue
        bonus, held = _pair(candidates[x], candidates[y])
        if bonus:
            out.setdefault(x, {}).update(bonus)
        # An ambiguous Y is then the region that holds some X: "Athens, Georgia" is the
        # US state.
        if held and len(candidates[y]) > 1:
            out.setdefault(y, {}).update(held)
    return out


def _pair(
    inner: Sequence[Candidate], outer: Sequence[Candidate]
) -> tuple[dict[int, Reason], dict[int, Reason]]:
    """For X written beside its region or country Y: the bonus of X's candidates that
    lie in some candidate of Y, and of Y's candidates that hold some candidate of X."""
    bonus: dict[int, Reason] = {}
    held: dict[int, Reason] = {}
    containers = [c for c in outer if c.kind in ("country", "admin1")]
    for c in inner:
        if c.kind in ("country", "continent", "water"):
            continue
        for y in containers:
            if _inside(c, y):
                bonus[c.id] = Reason(
                    "explicit-pair", _PAIR_BONUS, f"in {y.name}, written beside it"
                )
                held[y.id] = Reason(
                    "explicit-pair", _PAIR_BONUS, f"holds {c.name}, written beside it"
                )
    return bonus, held


def _inside(c: Candidate, y: Candidate) -> bool:
    """``c`` lies in the country or region ``y``."""
    return (y.kind == "country" and c.country == y.country) or (
        y.kind == "admin1"
        and c.admin1 is not None
        and c.admin1 == y.admin1
        and c.country == y.country
        and c.id != y.id
    )
