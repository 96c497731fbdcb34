"""Resolution: each mention's candidates -> one ``Place``; pure and deterministic.

Stage input: the document text, its mentions and each mention's candidates (from
``lookup``). Output: one ``Place`` per mention, unresolved ones included.

A candidate's score adds up:

* a prior: feature level (country > continent > admin-1 > city; capitals get a
  little), log population, and whether the mention matched its main name;
* what the phrase asks for ("Diyala province" wants an admin-1 region);
* document context: countries and regions the document mentions (by name or by
  demonym) and the confident places it names; when it names no country, the one most
  of its names have candidates in;
* explicit pairs: "X, Y" and "X in Y" where Y is X's region or country (but not a
  country or region listed before the next item: "Mexico, China, Japan");
* namesakes: a region loses to the same-name city it holds ("Raqqa", "Paris"), a hamlet
  to the continent or macro-region it is named after ("Middle East"), a town spelled
  otherwise to the country or region written ("Iran" is not Iraan, Texas), a country's
  own region or town of its name to the country ("Mexico" is not the State of Mexico), a
  small town abroad a little to the world city it shares a name with ("Cairo");
* lists: items of one list are places of one kind ("Montana and Wyoming" are states);
* mutual support: a county and a town of other names whose candidates lie a few km
  apart ("Athens" and "Henderson County" in Texas);
* geographic coherence: nearness to the document's other confident places.

The same name resolves the same way throughout a document unless a mention has its
own explicit pair evidence. ``Place.score`` is the chosen candidate's share of the
softmax over all candidates (1.0 when there is only one).
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .distance import haversine_km
from .models import Candidate, Mention, Place
from .names import name_key, spelling
from .wordlists import ADMIN1_WORDS, ADMIN2_WORDS

__all__ = ["resolve"]

logger = logging.getLogger(__name__)

_KIND_PRIOR = {
    "country": 2.0,
    "continent": 1.6,
    "water": 1.6,
    "admin1": 1.1,
    "city": 0.0,
    "other": 0.0,
}
_CAPITAL_BONUS = 0.3
_MAIN_NAME_BONUS = 0.5
_WANTS_BONUS = 2.5
_COUNTRY_CONTEXT = 1.0
_ADMIN1_CONTEXT = 1.0
_PAIR_BONUS = 3.0
_COHERENCE = 0.8
_COHERENCE_KM = 400.0
_ANCHOR_SHARE = 0.75


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
_LIST_GAP = re.compile(r",\s*(?:and\s+|or\s+)?(?:the\s+)?|\s+(?:and|or)\s+(?:the\s+)?")
_ALTERNATIVES = 3
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
_IMPLIED_MIN_NAMES = 2
_IMPLIED_MARGIN = 2.0


@dataclass(slots=True)
class _Context:
    countries: Counter[str]
    admin1: Counter[str]  # regions of confident mentions
    regions: Counter[str]  # every region the document names, confident or not
    anchors: list[tuple[str, Candidate]]  # (mention key, candidate)


def resolve(
    text: str,
    mentions: Sequence[Mention],
    candidates: Sequence[Sequence[Candidate]],
) -> list[Place]:
    """Choose at most one candidate per mention.

    ``candidates[i]`` are the candidates of ``mentions[i]``.
    """
    if len(mentions) != len(candidates):
        raise ValueError("resolve() needs one candidate list per mention")
    keys = [name_key(m.query) + "|" + (m.wants or "") for m in mentions]

    # Pass 1: priors only, to find the confident places that make up the context.
    prior = [[_prior(m, c) for c in cands] for m, cands in zip(mentions, candidates, strict=True)]
    context = _context(mentions, candidates, prior, keys)
    pairs = _pairs(text, mentions, candidates)

    support = _mutual_support(mentions, candidates, keys)
    _prefer_cities_over_their_regions(mentions, candidates, prior)
    _prefer_the_famous_over_namesakes(mentions, candidates, prior, pairs)
    listed = _list_kinds(text, mentions, candidates, prior)

    # Pass 2: priors + context, shared by every mention of the same name.
    group_scores: dict[str, dict[int, float]] = defaultdict(dict)
    # Every mention of a name asks the same question of the context: ask it once, so a
    # long document costs in proportion to its names, not to its mentions squared.
    asked: dict[tuple[str, int], float] = {}
    for i, cands in enumerate(candidates):
        scores = group_scores[keys[i]]
        for k, c in enumerate(cands):
            context_bonus = asked.get((keys[i], c.id))
            if context_bonus is None:
                context_bonus = asked[(keys[i], c.id)] = _context_bonus(c, context, keys[i])
            score = prior[i][k] + context_bonus
            score += support.get((keys[i], c.id), 0.0)
            scores[c.id] = max(scores.get(c.id, -math.inf), score)
    group_pair: dict[str, dict[int, float]] = defaultdict(dict)
    for i, pair in pairs.items():
        for cid, bonus in pair.items():
            group_pair[keys[i]][cid] = max(group_pair[keys[i]].get(cid, 0.0), bonus)

    places = []
    for i, (mention, cands) in enumerate(zip(mentions, candidates, strict=True)):
        if not cands:
            places.append(Place(mention, None))
            continue
        own_pair = pairs.get(i)
        pair = own_pair if own_pair else group_pair.get(keys[i], {})
        kin = listed.get(i, {})
        scored = sorted(
            (
                (group_scores[keys[i]][c.id] + pair.get(c.id, 0.0) + kin.get(c.id, 0.0), c)
                for c in _unique(cands)
            ),
            key=lambda sc: (-sc[0], -sc[1].population, sc[1].id),
        )
        best_score, best = scored[0]
        total = sum(math.exp(s - best_score) for s, _ in scored)
        alternatives = tuple(c for _, c in scored[1 : 1 + _ALTERNATIVES])
        logger.debug("%r -> %s (%.2f) of %d", mention.surface, best.name, best_score, len(scored))
        places.append(Place(mention, best, round(1.0 / total, 4), alternatives))
    return places


def _prefer_cities_over_their_regions(
    mentions: Sequence[Mention],
    candidates: Sequence[Sequence[Candidate]],
    prior: list[list[float]],
) -> None:
    """ "Raqqa" is the city, not the governorate named after it, unless the text says
    "province": lower the prior of a region that holds a city of the same name."""
    for i, cands in enumerate(candidates):
        if mentions[i].wants == "admin1":
            continue
        cities = _namesake_cities(cands)
        for k, c in enumerate(cands):
            if c.kind == "admin1" and any(_holds(c, city) for city in cities):
                prior[i][k] -= _REGION_OF_CITY_PENALTY


def _prefer_the_famous_over_namesakes(
    mentions: Sequence[Mention],
    candidates: Sequence[Sequence[Candidate]],
    prior: list[list[float]],
    pairs: dict[int, dict[int, float]],
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
        if i in pairs:
            continue
        if any(c.kind in ("continent", "water") and c.main_name for c in cands):
            for k, c in enumerate(cands):
                if c.kind in ("city", "other"):
                    prior[i][k] -= _CONTINENT_NAMESAKE_PENALTY
            continue
        world = next(
            (
                c
                for c in cands
                if c.kind == "city" and c.main_name and c.population >= _WORLD_CITY_POPULATION
            ),
            None,
        )
        if world is not None:
            # "Cairo", "Brussels": a world city by its own name is rarely the small town
            # abroad that shares it, even in a story set in that town's country.
            for k, c in enumerate(cands):
                if (
                    c.kind == "city"
                    and c.country != world.country
                    and c.population < _SMALL_TOWN_POPULATION
                ):
                    prior[i][k] -= _WORLD_CITY_NAMESAKE_PENALTY
        nation = next((c for c in cands if c.kind == "country" and c.main_name), None)
        if nation is not None and mentions[i].wants is None:
            # "Mexico" in a story set in Mexico is the country, not the State of Mexico
            # nor a town of that name, which the country's own context would favour.
            for k, c in enumerate(cands):
                if c.kind != "country" and c.country == nation.country:
                    prior[i][k] -= _COUNTRY_NAMESAKE_PENALTY
        written = spelling(mentions[i].query)
        if any(c.kind in ("country", "admin1") and spelling(c.name) == written for c in cands):
            for k, c in enumerate(cands):
                if (
                    c.kind in ("city", "other")
                    and c.population < _CITY_OVER_REGION_POPULATION
                    and spelling(c.name) != written
                ):
                    prior[i][k] -= _CONTINENT_NAMESAKE_PENALTY


def _namesake_cities(cands: Sequence[Candidate]) -> list[Candidate]:
    """The towns big enough to beat a region that holds them and shares their name."""
    return [
        c
        for c in cands
        if c.kind == "city" and c.main_name and c.population >= _CITY_OVER_REGION_POPULATION
    ]


def _holds(region: Candidate, city: Candidate) -> bool:
    """The region holds the city: by admin-1 name, or (where the two tables' admin-1
    names disagree, as for Paris and Dublin) by the city lying near the region's point."""
    return region.country == city.country and (
        region.admin1 == city.admin1
        or haversine_km(region.lat, region.lon, city.lat, city.lon) <= _REGION_CITY_KM
    )


def _mutual_support(
    mentions: Sequence[Mention], candidates: Sequence[Sequence[Candidate]], keys: list[str]
) -> dict[tuple[str, int], float]:
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
    out: dict[tuple[str, int], float] = {}
    for key, county in counties:
        for (other_key, _), c in places.items():
            if (
                other_key != key
                and c.id != county.id
                and abs(c.lat - county.lat) * _KM_PER_DEGREE <= _SUPPORT_KM
                and haversine_km(c.lat, c.lon, county.lat, county.lon) <= _SUPPORT_KM
            ):
                out[(key, county.id)] = out[(other_key, c.id)] = _SUPPORT_BONUS
    return out


def _unique(cands: Sequence[Candidate]) -> list[Candidate]:
    seen: set[int] = set()
    out = []
    for c in cands:
        if c.id not in seen:
            seen.add(c.id)
            out.append(c)
    return out


def _prior(mention: Mention, c: Candidate) -> float:
    score = _KIND_PRIOR.get(c.kind, 0.0) + math.log10(c.population + 10) / 7.0
    if c.feature == "PPLC":
        score += _CAPITAL_BONUS
    if c.main_name:
        score += _MAIN_NAME_BONUS
    if mention.wants is not None:
        if c.kind == mention.wants:
            score += _WANTS_BONUS
        elif mention.wants == "other" and c.kind == "admin1":
            score -= _WANTS_BONUS  # "X County" is not the state X
    return score


def _context(
    mentions: Sequence[Mention],
    candidates: Sequence[Sequence[Candidate]],
    prior: list[list[float]],
    keys: list[str],
) -> _Context:
    countries: Counter[str] = Counter()
    admin1: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    anchors: list[tuple[str, Candidate]] = []
    anchored: set[tuple[str, int]] = set()  # an anchor repeated adds no distance
    for i, cands in enumerate(candidates):
        if not cands:
            continue
        order = sorted(range(len(cands)), key=lambda k: -prior[i][k])
        best = cands[order[0]]
        share = 1.0 / sum(math.exp(prior[i][k] - prior[i][order[0]]) for k in order)
        if mentions[i].kind == "demonym" or best.kind == "country":
            # "Georgia" the country or the US state: a name that is both gives no
            # context until the rest of the text has chosen.
            twin = best.kind == "country" and any(
                c.kind == "admin1" and c.main_name and spelling(c.name) == spelling(best.name)
                for c in cands
            )
            if best.country and not twin:
                countries[best.country] += 1
            continue
        if best.kind == "admin1" and best.admin1:
            # A region named outright ("Alabama") places the counties of the document
            # even when a town shares its name.
            regions[best.admin1] += 1
        if share < _ANCHOR_SHARE:
            continue
        if (keys[i], best.id) not in anchored:
            anchored.add((keys[i], best.id))
            anchors.append((keys[i], best))
        if best.country:
            countries[best.country] += 1
        if best.kind == "admin1" and best.admin1:
            admin1[best.admin1] += 1
    if not countries:
        implied = _implied_country(mentions, candidates, keys)
        if implied:
            countries[implied] += 1
    return _Context(countries, admin1, regions, anchors)


def _implied_country(
    mentions: Sequence[Mention], candidates: Sequence[Sequence[Candidate]], keys: list[str]
) -> str | None:
    """A document that names no country and no unambiguous place may still be about one
    country: each different name votes for the countries of its candidates, in proportion
    to how many it has there ("Woodbridge" and "Alexandria" have most of theirs in the
    US). The country needs candidates for two names or more and twice the next one's
    votes."""
    by_key: dict[str, list[str]] = {}
    for i, cands in enumerate(candidates):
        if mentions[i].kind != "demonym" and cands:
            by_key[keys[i]] = [c.country or "" for c in _unique(cands)]
    votes: dict[str, float] = defaultdict(float)
    names: Counter[str] = Counter()
    for codes in by_key.values():
        for code, n in Counter(codes).items():
            votes[code] += n / len(codes)
            names[code] += 1
    ranked = sorted(votes.items(), key=lambda cv: (-cv[1], cv[0]))[:2]
    if not ranked or not ranked[0][0] or names[ranked[0][0]] < _IMPLIED_MIN_NAMES:
        return None
    if len(ranked) > 1 and ranked[0][1] < _IMPLIED_MARGIN * ranked[1][1]:
        return None
    return ranked[0][0]


def _context_bonus(c: Candidate, context: _Context, key: str) -> float:
    bonus = 0.0
    mentioned = context.countries.get(c.country or "", 0)
    if c.kind != "country" and mentioned:
        # More for the country the document is mostly about.
        bonus += _COUNTRY_CONTEXT * (1.0 + mentioned / sum(context.countries.values()))
    if c.kind == "city" and c.admin1 and context.admin1.get(c.admin1):
        bonus += _ADMIN1_CONTEXT
    elif c.kind == "other" and c.admin1 and context.regions.get(c.admin1):
        bonus += _ADMIN1_CONTEXT  # a county of a state the document names
    nearest = min(
        (haversine_km(c.lat, c.lon, a.lat, a.lon) for k, a in context.anchors if k != key),
        default=None,
    )
    if nearest is not None and c.kind in ("city", "admin1", "other"):
        bonus += _COHERENCE * math.exp(-nearest / _COHERENCE_KM)
    return bonus


def _listed(text: str, mentions: Sequence[Mention], i: int) -> bool:
    """Mentions ``i`` and ``i + 1`` are items of a longer list: "Mexico, China, Japan",
    "Alaska, Alabama, Arizona", "China, Japan, and the United Kingdom"."""
    before = i > 0 and _LIST_GAP.fullmatch(text[mentions[i - 1].end : mentions[i].start])
    after = i + 2 < len(mentions) and _LIST_GAP.fullmatch(
        text[mentions[i + 1].end : mentions[i + 2].start]
    )
    return bool(before or after)


def _list_kinds(
    text: str,
    mentions: Sequence[Mention],
    candidates: Sequence[Sequence[Candidate]],
    prior: list[list[float]],
) -> dict[int, dict[int, float]]:
    """Items of one list are places of one kind: in "Montana and Wyoming" or "Texas,
    Wyoming" Wyoming is the state, not the town in Ohio that the story's other names
    favour. A neighbouring item whose own best candidate is a country or a region by its
    main name lends that kind to this item's candidates of the same kind and country,
    except to a region that holds a city of its name ("Glasgow, Edinburgh")."""
    out: dict[int, dict[int, float]] = {}
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
            cities = _namesake_cities(candidates[here])
            for c in candidates[here]:
                if (
                    c.kind == other.kind
                    and c.country == other.country
                    and c.main_name
                    and not any(_holds(c, city) for city in cities)
                ):
                    out.setdefault(here, {})[c.id] = _LIST_KIND_BONUS
    return out


def _pairs(
    text: str,
    mentions: Sequence[Mention],
    candidates: Sequence[Sequence[Candidate]],
) -> dict[int, dict[int, float]]:
    """Bonuses from "X, Y" / "X in Y" / "X (Y)": X's candidates that lie in Y."""
    out: dict[int, dict[int, float]] = {}
    for i in range(len(mentions) - 1):
        left, right = mentions[i], mentions[i + 1]
        if not _PAIR_GAP.fullmatch(text[left.end : right.start]):
            continue
        if _listed(text, mentions, i) and any(
            c.main_name and c.kind in ("country", "admin1") for c in candidates[i]
        ):
            continue  # "Mexico, China, Japan": a list of countries, not China in Japan
        containers = [c for c in candidates[i + 1] if c.kind in ("country", "admin1")]
        if not containers:
            continue
        bonus: dict[int, float] = {}
        holds: dict[int, float] = {}
        for c in candidates[i]:
            if c.kind in ("country", "continent", "water"):
                continue
            for y in containers:
                inside = (y.kind == "country" and c.country == y.country) or (
                    y.kind == "admin1"
                    and c.admin1 is not None
                    and c.admin1 == y.admin1
                    and c.country == y.country
                    and c.id != y.id
                )
                if inside:
                    bonus[c.id] = _PAIR_BONUS
                    holds[y.id] = _PAIR_BONUS
        if bonus:
            out[i] = bonus
        # An ambiguous Y is then the region that holds some X: "Athens, Georgia" is the
        # US state.
        if holds and len(candidates[i + 1]) > 1:
            out.setdefault(i + 1, {}).update(holds)
    return out
