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
* explicit pairs: "X, Y", "X in Y" and "Y's X" where Y is X's region or country (but
  not a country or region listed before the next item: "Mexico, China, Japan");
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
own explicit pair evidence; a bare mention takes the pair of the nearest mention of its
name before it that has one (else the first after it), so "PARIS, Texas" and a later
"Paris, Tennessee" are two places, each with its own sentences. ``Place.score`` is the
chosen candidate's share of the softmax over all candidates (1.0 when there is only one).
"""

from __future__ import annotations

import bisect
import logging
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .distance import haversine_km
from .models import Candidate, Mention, Place, Reason
from .names import name_key, spelling
from .resolve_rules import (
    Notes,
    list_kinds,
    mutual_support,
    pairs,
    prefer_cities_over_their_regions,
    prefer_the_famous_over_namesakes,
)

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
_KIND_WORDS = {
    "country": "a country",
    "continent": "a continent or macro-region",
    "water": "a sea, ocean or lake",
    "admin1": "a first-level region",
}
_CAPITAL_BONUS = 0.3
_MAIN_NAME_BONUS = 0.5
_WANTS_BONUS = 2.5
_COUNTRY_CONTEXT = 1.0
_ADMIN1_CONTEXT = 1.0
_COHERENCE = 0.8
_COHERENCE_KM = 400.0
_ANCHOR_SHARE = 0.75
_ALTERNATIVES = 3
_IMPLIED_MIN_NAMES = 2
_IMPLIED_MARGIN = 2.0
_WRITTEN_POINT = Reason("coordinates", 0.0, "written in the text as coordinates")


@dataclass(slots=True)
class _Context:
    countries: Counter[str]
    admin1: Counter[str]  # regions of confident mentions
    regions: Counter[str]  # every region the document names, confident or not
    anchors: list[tuple[str, Candidate]]  # (mention key, candidate)


#: A candidate's score before explicit pairs and lists, and the terms it adds up:
#: (score, prior terms, context terms, mutual support or ``None``).
_Scored = tuple[float, list[Reason], list[Reason], Reason | None]


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
    notes = _prior_notes(mentions, candidates)
    prior = [[_total(terms) for terms in row] for row in notes]
    context = _context(mentions, candidates, prior, keys)
    paired = pairs(text, mentions, candidates)

    support = mutual_support(mentions, candidates, keys)
    prefer_cities_over_their_regions(mentions, candidates, prior, notes)
    prefer_the_famous_over_namesakes(mentions, candidates, prior, notes, paired)
    listed = list_kinds(text, mentions, candidates, prior)

    group_scores = _group_scores(candidates, keys, prior, notes, context, support)
    paired_of: dict[str, list[int]] = defaultdict(list)  # a name's paired mentions, in order
    for i in sorted(paired):
        paired_of[keys[i]].append(i)
    places = []
    for i, (mention, cands) in enumerate(zip(mentions, candidates, strict=True)):
        if not cands:
            places.append(Place(mention, None))
            continue
        if mention.kind == "coordinates":  # the point itself: nothing to choose
            places.append(Place(mention, cands[0], 1.0, (), (_WRITTEN_POINT,)))
            continue
        pair = paired.get(i) or _nearest_pair(i, paired_of.get(keys[i], []), paired)
        places.append(_choose(mention, cands, group_scores[keys[i]], pair, listed.get(i, {})))
    return places


def _nearest_pair(
    i: int, same: list[int], paired: dict[int, dict[int, Reason]]
) -> dict[int, Reason]:
    """The explicit pair that a bare mention ``i`` of a name inherits from ``same``, the
    mentions of that name that have one (in order): the nearest before it, else the
    first after it. A story datelined "PARIS, Texas" that later says "Paris, Tennessee"
    keeps its "Paris police" in Texas, and each town is its own place."""
    if not same:
        return {}
    k = bisect.bisect_left(same, i)
    return paired[same[k - 1] if k else same[0]]


def _group_scores(
    candidates: Sequence[Sequence[Candidate]],
    keys: list[str],
    prior: list[list[float]],
    notes: Notes,
    context: _Context,
    support: dict[tuple[str, int], Reason],
) -> dict[str, dict[int, _Scored]]:
    """Pass 2: priors + context, shared by every mention of the same name (each
    candidate keeps its best score over those mentions, and that score's terms)."""
    group_scores: dict[str, dict[int, _Scored]] = defaultdict(dict)
    # Every mention of a name asks the same question of the context: ask it once, so a
    # long document costs in proportion to its names, not to its mentions squared.
    asked: dict[tuple[str, int], tuple[float, list[Reason]]] = {}
    for i, cands in enumerate(candidates):
        scores = group_scores[keys[i]]
        for k, c in enumerate(cands):
            bonus = asked.get((keys[i], c.id))
            if bonus is None:
                bonus = asked[(keys[i], c.id)] = _context_bonus(c, context, keys[i])
            score = prior[i][k] + bonus[0]
            backing = support.get((keys[i], c.id))
            score += backing.delta if backing is not None else 0.0
            old = scores.get(c.id)
            if old is None or score > old[0]:
                scores[c.id] = (score, notes[i][k], bonus[1], backing)
    return group_scores


def _choose(
    mention: Mention,
    cands: Sequence[Candidate],
    scores: dict[int, _Scored],
    pair: dict[int, Reason],
    kin: dict[int, Reason],
) -> Place:
    """The best-scored of ``cands``, its share of the softmax, the runners-up and the
    terms of its score."""

    def total(c: Candidate) -> float:
        p, k = pair.get(c.id), kin.get(c.id)
        return (
            scores[c.id][0]
            + (p.delta if p is not None else 0.0)
            + (k.delta if k is not None else 0.0)
        )

    scored = sorted(
        ((total(c), c) for c in _unique(cands)),
        key=lambda sc: (-sc[0], -sc[1].population, sc[1].id),
    )
    best_score, best = scored[0]
    weight = sum(math.exp(s - best_score) for s, _ in scored)
    alternatives = tuple(c for _, c in scored[1 : 1 + _ALTERNATIVES])
    _, prior_terms, context_terms, backing = scores[best.id]
    extra = (backing, pair.get(best.id), kin.get(best.id))
    reasons = (*prior_terms, *context_terms, *(r for r in extra if r is not None))
    logger.debug("%r -> %s (%.2f) of %d", mention.surface, best.name, best_score, len(scored))
    return Place(mention, best, round(1.0 / weight, 4), alternatives, reasons)


def _unique(cands: Sequence[Candidate]) -> list[Candidate]:
    seen: set[int] = set()
    out = []
    for c in cands:
        if c.id not in seen:
            seen.add(c.id)
            out.append(c)
    return out


def _prior_notes(
    mentions: Sequence[Mention], candidates: Sequence[Sequence[Candidate]]
) -> Notes:
    """Each candidate's prior terms, made once per candidate and phrase (a name repeated
    in the document asks again), each mention getting its own list (rules add to it)."""
    made: dict[tuple[int, str | None, str], list[Reason]] = {}
    notes: Notes = []
    for m, cands in zip(mentions, candidates, strict=True):
        row = []
        for c in cands:
            key = (id(c), m.wants, m.surface)
            terms = made.get(key)
            if terms is None:
                terms = made[key] = _prior_terms(m, c)
            row.append(list(terms))
        notes.append(row)
    return notes


def _prior_terms(mention: Mention, c: Candidate) -> list[Reason]:
    """The prior's terms: feature level, log population, capital, main name, and what
    the phrase asks for ("Diyala province" wants a region)."""
    terms = []
    level = _KIND_PRIOR.get(c.kind, 0.0)
    if level:
        terms.append(Reason("kind-prior", level, _KIND_WORDS.get(c.kind, c.kind)))
    people = f"population {c.population:,}" if c.population else "population unknown"
    terms.append(Reason("population", math.log10(c.population + 10) / 7.0, people))
    if c.feature == "PPLC":
        terms.append(Reason("capital", _CAPITAL_BONUS, "a national capital"))
    if c.main_name:
        terms.append(Reason("main-name", _MAIN_NAME_BONUS, "the text uses its main name"))
    if mention.wants is not None:
        if c.kind == mention.wants:
            terms.append(Reason("kind-wanted", _WANTS_BONUS, f"the text says {mention.surface!r}"))
        elif mention.wants == "other" and c.kind == "admin1":
            # "X County" is not the state X
            terms.append(
                Reason("kind-unwanted", -_WANTS_BONUS, f"the text says {mention.surface!r}")
            )
    return terms


def _total(terms: Sequence[Reason]) -> float:
    """The terms' sum, added in order."""
    score = 0.0
    for term in terms:
        score += term.delta
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


def _context_bonus(c: Candidate, context: _Context, key: str) -> tuple[float, list[Reason]]:
    """What the document's countries, regions and confident places add to ``c``."""
    bonus = 0.0
    terms: list[Reason] = []
    mentioned = context.countries.get(c.country or "", 0)
    if c.kind != "country" and mentioned:
        # More for the country the document is mostly about.
        delta = _COUNTRY_CONTEXT * (1.0 + mentioned / sum(context.countries.values()))
        bonus += delta
        where = c.country_name or c.country
        terms.append(Reason("country-focus", delta, f"in {where}, which the document is about"))
    if c.kind == "city" and c.admin1 and context.admin1.get(c.admin1):
        bonus += _ADMIN1_CONTEXT
        detail = f"in {c.admin1}, where other places of the document are"
        terms.append(Reason("in-context-region", _ADMIN1_CONTEXT, detail))
    elif c.kind == "other" and c.admin1 and context.regions.get(c.admin1):
        bonus += _ADMIN1_CONTEXT  # a county of a state the document names
        detail = f"in {c.admin1}, which the document names"
        terms.append(Reason("in-context-region", _ADMIN1_CONTEXT, detail))
    if c.kind in ("city", "admin1", "other"):
        nearest: tuple[float, Candidate] | None = None
        for k, a in context.anchors:
            if k != key:
                km = haversine_km(c.lat, c.lon, a.lat, a.lon)
                if nearest is None or km < nearest[0]:
                    nearest = (km, a)
        if nearest is not None:
            delta = _COHERENCE * math.exp(-nearest[0] / _COHERENCE_KM)
            bonus += delta
            detail = f"{nearest[0]:,.0f} km from {nearest[1].name}"
            terms.append(Reason("coherence", delta, detail))
    return bonus, terms
