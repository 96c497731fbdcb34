"""``RULES``: every recognition rule, in the order the engine applies them.

Read top to bottom, this is the recogniser: each stage's rules run in this order (see
``rule.py`` for what each stage's rules receive and return). Every rule's examples are
tests, and each needs its rule: with the rule off, the example does not hold
(``tests/test_rules.py``). ``bench/ablate.py`` measures what each rule earns on the dev
corpora and writes ``docs/rules.md``.
"""

from __future__ import annotations

from . import coordinates, designators, evidence, features, people, spans
from .rule import Example as E
from .rule import Rule

__all__ = ["RULES"]

RULES: tuple[Rule, ...] = (
    # -- sentence: whole phrases, before any run ---------------------------------------
    Rule(
        "coordinates",
        "sentence",
        "Coordinates written in the text (degrees, minutes, seconds, MGRS) are a point.",
        coordinates.coordinates,
        (
            E(
                "Strikes hit 36.34°N 43.13°E overnight.",
                kinds=(("36.34°N 43.13°E", "coordinates"),),
            ),
            E(
                "The patrol reached 38S LF 31170 22748.",
                kinds=(("38S LF 31170 22748", "coordinates"),),
            ),
        ),
    ),
    Rule(
        "region-abbreviation",
        "sentence",
        "A newspaper abbreviation of a US state or Canadian province is that region.",
        designators.region_abbreviation,
        (E("He grew up in Huntsville, Ala., and left.", places=("Ala.",)),),
    ),
    Rule(
        "designated-list",
        "sentence",
        "Each name in a list before a plural designator is one such division.",
        designators.designated_list,
        (E("Storms hit Cooke, Grayson and Love counties.", places=("Grayson", "Love")),),
    ),
    # -- join: where a run of capitalised words goes on ---------------------------------
    Rule(
        "and-name",
        "join",
        'An "and" inside a name the gazetteer knows joins the run.',
        spans.and_name,
        (E("Troops left Bosnia and Herzegovina.", places=("Bosnia and Herzegovina",)),),
    ),
    # -- run: a whole run ----------------------------------------------------------------
    Rule(
        "title-before",
        "run",
        "A person's title right before the run makes it a person, up to a connector.",
        people.title_before,
        (E("Col. Dallas Dorrian spoke.", not_places=("Dallas",)),),
    ),
    Rule(
        "middle-initial",
        "run",
        "A run after a middle initial is a surname.",
        people.middle_initial,
        (E("Jon R. Lancaster spoke in Baghdad on Monday.", not_places=("Lancaster",)),),
    ),
    Rule(
        "title-inside",
        "run",
        "A title inside the run: the words after it are a person, those before go on.",
        people.title_inside,
        (E("County Commissioner Bill Tyler spoke.", not_places=("Tyler",)),),
    ),
    Rule(
        "disease-name",
        "run",
        "A place's name before a disease word names the disease.",
        features.disease_name,
        (E("Doctors fear Spanish flu.", not_places=("Spanish",)),),
    ),
    Rule(
        "natural-feature",
        "run",
        "A name with a feature word (River, Lake, Ocean) is one feature.",
        features.natural_feature,
        (E("Boats sailed the Neches River.", places=("Neches River",)),),
    ),
    Rule(
        "street",
        "run",
        "A street is one name, never the town it is named after.",
        features.street,
        (E("A fire on Memphis Street spread.", places=("Memphis Street",)),),
    ),
    Rule(
        "given-name-first",
        "run",
        "A common given name and an ordinary capitalised word are a person.",
        people.given_name_first,
        (E("Mary Baker spoke.", not_places=("Mary",)),),
    ),
    # -- designator: a span ending in County, Province, State... (longest first) --------
    Rule(
        "state-of-institution",
        "designator",
        '"Colorado State University": the place is the name before "State".',
        designators.state_of_institution,
        (E("She studied at Colorado State University.", places=("Colorado",)),),
    ),
    Rule(
        "district-office",
        "designator",
        '"the Brooklyn District Attorney" is Brooklyn\'s, not a district.',
        designators.district_office,
        (E("The Brooklyn District Attorney spoke.", places=("Brooklyn",)),),
    ),
    Rule(
        "designated-known-name",
        "designator",
        "A known name with its designator is that place.",
        designators.designated_known_name,
        (E("Storms hit Walker County.", kinds=(("Walker County", "name"),)),),
    ),
    Rule(
        "designated-unknown-name",
        "designator",
        "An unknown name before an unambiguous designator is a place for the fallback.",
        designators.designated_unknown_name,
        (E("Clashes spread to Qarabelli District.", places=("Qarabelli District",)),),
    ),
    # -- name: a span without a designator (longest first) ------------------------------
    Rule(
        "demonym",
        "name",
        "A demonym is a mention of its country.",
        spans.demonym,
        (E("Iraqi forces advanced.", kinds=(("Iraqi", "demonym"),)),),
    ),
    Rule(
        "article-common-word",
        "name",
        "An article and an ordinary word are no name.",
        spans.article_common_word,
        (E("The City Council met.", not_places=("City",)),),
    ),
    Rule(
        "non-place-name",
        "name",
        "Names news almost never means as places are set aside.",
        spans.non_place_name,
        (E("Officials at the White House spoke.", not_places=("White House",)),),
    ),
    Rule(
        "known-name",
        "name",
        "A span the gazetteer knows is a name mention.",
        spans.known_name,
        (E("Fighters left Mosul.", places=("Mosul",)),),
    ),
    # -- match: a span the gazetteer knows ---------------------------------------------
    Rule(
        "compass-part",
        "match",
        "A compass word before a continent is part of its name; before a place, not.",
        spans.compass_part,
        (E("Ships crossed the Eastern Mediterranean.", places=("Eastern Mediterranean",)),),
    ),
    Rule(
        "compass-alone",
        "match",
        "A name of compass words only is a region only when listed with another place.",
        spans.compass_alone,
        (
            E("A statement from Central Command in Tampa said so.", not_places=("Central",)),
            E(
                "He died at Northwestern Memorial Hospital in Chicago.",
                not_places=("Northwestern",),
            ),
        ),
    ),
    Rule(
        "town-institution",
        "match",
        "A town's own police, council or fire service names the town.",
        spans.town_institution,
        (E("The Corsicana Police Department said.", places=("Corsicana",)),),
    ),
    Rule(
        "org-embedded",
        "match",
        "Inside an organisation's name only a well-known place counts.",
        spans.org_embedded,
        (E("He read USA Today.", not_places=("USA",)),),
    ),
    Rule(
        "person-pair",
        "match",
        "Two words, one a small town, the other ordinary, are a person.",
        people.person_pair,
        (E("They met Zaid Lancaster there.", not_places=("Lancaster",)),),
    ),
    Rule(
        "single-word-evidence",
        "match",
        "A one-word name needs evidence: the single rules decide.",
        spans.single_word_evidence,
        (E("They saw Rawa.", not_places=("Rawa",)),),
    ),
    Rule(
        "saint-possessive",
        "match",
        "A saint's name with a possessive is a church or school, not the town.",
        spans.saint_possessive,
        (E("He went to St. Michael's.", not_places=("St. Michael",)),),
    ),
    Rule(
        "the-article",
        "match",
        '"The Hague": the article is looked up, not marked.',
        spans.the_article,
        (E("Judges met in The Hague.", places=("Hague",)),),
    ),
    # -- single: a one-word match; the first rule with an opinion decides --------------
    Rule(
        "surname-seen",
        "single",
        "A surname seen earlier in the document is no place.",
        people.surname_seen,
        (E("John Lancaster spoke. Lancaster left.", not_places=("Lancaster",)),),
    ),
    Rule(
        "currency",
        "single",
        'A currency is no place: "US$58 million".',
        evidence.currency,
        (E("It cost US$58 million.", not_places=("US",)),),
    ),
    Rule(
        "number-after",
        "single",
        'A weak name before a number is a plot, room or road: "Lot 12".',
        evidence.number_after,
        (E("It sits on Talla 2.", not_places=("Talla",)),),
    ),
    Rule(
        "party-hometown",
        "single",
        'A legislator\'s party and hometown: "R-Ashland".',
        evidence.party_hometown,
        (E("Sen. Bill Harris, R-Ashland, voted.", places=("Ashland",)),),
    ),
    Rule(
        "couple",
        "single",
        'Two given names and a surname: "Brent and Lynnette Hain".',
        people.couple,
        (E("Brent and Lynnette Hain came.", not_places=("Brent",)),),
    ),
    Rule(
        "given-name-town",
        "single",
        "A common given name is weak evidence unless a big city, region or country.",
        evidence.given_name_town,
        (E("Trenton left the room.", not_places=("Trenton",)),),
    ),
    Rule(
        "speech-verb",
        "single",
        'A small town\'s name before a speech verb is a person: "Dorrian said".',
        people.speech_verb,
        (E("Residents of Mosul and Rutba said no.", not_places=("Rutba",)),),
    ),
    Rule(
        "short-acronym",
        "single",
        "A short acronym is a place only as a country or union.",
        evidence.short_acronym,
        (E("Flights left from BA on Monday.", not_places=("BA",)),),
    ),
    Rule(
        "stopword-needs-locative",
        "single",
        "A stop word that is a place needs a locative and a strong name.",
        evidence.stopword_needs_locative,
        (E("Officials said Sale was big.", not_places=("Sale",)),),
    ),
    Rule(
        "strong-name",
        "single",
        "A country, region or big town by its own name is a place.",
        evidence.strong_name,
        (E("Fighters took Raqqa.", places=("Raqqa",)),),
    ),
    Rule(
        "comma-region-after",
        "single",
        'A name before ", Region" is a place: "Smyrna, Georgia".',
        evidence.comma_region_after,
        (E("Monroe, La. voted.", places=("Monroe",)),),
    ),
    Rule(
        "place-head-noun",
        "single",
        'A name before a place noun is a place: "a Lancaster girl".',
        evidence.place_head_noun,
        (E("Haditha residents fled.", places=("Haditha",)),),
    ),
    Rule(
        "lowercase-or-initial",
        "single",
        "A weak word the text writes in lower case, or that starts its sentence, is none.",
        evidence.lowercase_or_initial,
        (E("Rawa and Mosul fell.", not_places=("Rawa",)),),
    ),
    Rule(
        "locative-before",
        "single",
        'A weak name after a locative is a place: "in Qarabel".',
        evidence.locative_before,
        (E("Fighters fled to Haditha.", places=("Haditha",)),),
    ),
    Rule(
        "listed-with-place",
        "single",
        "A weak name listed next to a strong place is a place.",
        evidence.listed_with_place,
        (E("Mosul and Haditha were hit.", places=("Haditha",)),),
    ),
    # -- kind: the run's mentions ------------------------------------------------------
    Rule(
        "designator-after",
        "kind",
        'A lower-case designator after the name: "Diyala province" is a region.',
        designators.designator_after,
        (E("Clashes in Diyala province.", kinds=(("Diyala", "admin"),)),),
    ),
    Rule(
        "place-context-unknown",
        "kind",
        'An unknown name in a place context: "the town of Qayyarah".',
        designators.place_context_unknown,
        (E("Troops took the town of Qayyarahx.", places=("Qayyarahx",)),),
    ),
    Rule(
        "province-of",
        "kind",
        '"the province of Nineveh": the name is a region.',
        designators.province_of,
        (E("Fighting in the province of Nineveh.", kinds=(("Nineveh", "admin"),)),),
    ),
)
