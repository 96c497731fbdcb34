from __future__ import annotations

import math
import pickle

import pytest
from helpers import tiny_gazetteer

from geomap.distance import haversine_km
from geomap.gazetteer import Gazetteer
from geomap.models import Candidate, Mention, MentionKind, Place, PlaceKind
from geomap.pipeline import geoparse
from geomap.reasons import REASONS
from geomap.resolve import resolve


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return tiny_gazetteer(tmp_path_factory.mktemp("tiny"))


def resolved(text: str, gaz: Gazetteer) -> list[tuple[str, str | None, int | None]]:
    doc = geoparse(text, gazetteer=gaz)
    return [
        (
            p.mention.surface,
            p.candidate.country if p.candidate else None,
            p.candidate.id if p.candidate else None,
        )
        for p in doc.places
    ]


def test_population_decides_without_context(gaz: Gazetteer) -> None:
    assert resolved("They reached Springdale.", gaz) == [("Springdale", "BO", 102)]


def test_document_country_context_overrides_population(gaz: Gazetteer) -> None:
    text = "Storms hit Atlantis. Roads to Springdale were cut."
    assert resolved(text, gaz)[-1] == ("Springdale", "AT", 101)


def test_demonym_gives_context(gaz: Gazetteer) -> None:
    assert resolved("Atlantean troops reached Springdale.", gaz)[-1] == ("Springdale", "AT", 101)


def test_explicit_pair_beats_document_context(gaz: Gazetteer) -> None:
    text = "Storms hit Atlantis. In Springdale, Granite, roads were cut."
    assert ("Springdale", "BO", 102) in resolved(text, gaz)


def test_same_name_resolves_the_same_way(gaz: Gazetteer) -> None:
    text = "Atlantean police in Springdale. Later, Springdale was calm. Springdale slept."
    ids = {pid for surface, _, pid in resolved(text, gaz) if surface == "Springdale"}
    assert ids == {101}


def test_admin_phrase_prefers_region(gaz: Gazetteer) -> None:
    doc = geoparse("Clashes spread in Coral province.", gazetteer=gaz)
    [place] = doc.places
    assert place.candidate is not None and place.candidate.kind == "admin1"
    assert place.candidate.id == 10
    assert [a.id for a in place.alternatives] == [104]


def test_place_fields_and_score(gaz: Gazetteer) -> None:
    doc = geoparse("Ships left Port Azure.", gazetteer=gaz)
    [place] = doc.places
    c = place.candidate
    assert c is not None
    assert (c.name, c.lat, c.lon, c.geonameid, c.country, c.admin1, c.kind) == (
        "Port Azure",
        10.5,
        20.5,
        100,
        "AT",
        "Coral Province",
        "city",
    )
    assert 0.0 <= place.score <= 1.0


def test_scores_are_probabilities(gaz: Gazetteer) -> None:
    doc = geoparse("They reached Springdale and Coral province.", gazetteer=gaz)
    for place in doc.places:
        assert 0.0 < place.score <= 1.0
        assert len(place.alternatives) <= 3


def test_unresolved_mentions_are_kept(gaz: Gazetteer) -> None:
    doc = geoparse("They took the town of Qarabel.", gazetteer=gaz)
    [place] = doc.places
    assert place.candidate is None and place.mention.surface == "Qarabel"


def test_resolve_rejects_mismatched_lengths() -> None:
    m = Mention("X", 0, 1, "X", "name", 0, 1)
    with pytest.raises(ValueError):
        resolve("X", [m], [])


def test_resolve_is_deterministic(gaz: Gazetteer) -> None:
    text = "Atlantean police in Springdale and Rimal; Coral province; Borduria."
    assert resolved(text, gaz) == resolved(text, gaz)


def test_fallback_seam_fills_unresolved(gaz: Gazetteer) -> None:
    calls: list[tuple[str, tuple[str, ...]]] = []

    def fallback(mention: Mention, *, countries: object) -> list[Candidate]:
        assert isinstance(countries, list)
        calls.append((mention.query, tuple(countries)))
        return [
            Candidate(id=-5, name="Qarabel", lat=1.0, lon=2.0, kind="city", source="geocoder:test")
        ]

    doc = geoparse(
        "Atlantean forces took the town of Qarabel. Qarabel fell.", gazetteer=gaz, fallback=fallback
    )
    found = [p for p in doc.places if p.mention.surface == "Qarabel"]
    assert found and all(
        p.candidate is not None and p.candidate.source == "geocoder:test" for p in found
    )
    assert calls == [("Qarabel", ("AT",))]  # once per name, biased to the document's country


def test_failing_fallback_leaves_mention_unresolved(gaz: Gazetteer) -> None:
    def fallback(mention: Mention, *, countries: object) -> list[Candidate]:
        raise TimeoutError("slow server")

    doc = geoparse("They took the town of Qarabel.", gazetteer=gaz, fallback=fallback)
    assert [p.candidate for p in doc.places] == [None]


def test_pair_chooses_the_region_that_holds_the_town() -> None:
    text = "Athens, Georgia"
    athens = Mention("Athens", 0, 6, "Athens", "name", 0, 15)
    georgia = Mention("Georgia", 8, 15, "Georgia", "name", 0, 15)
    greek = Candidate(1, "Athens", 37.98, 23.73, "city", "GR", "Attica", population=660_000)
    us_town = Candidate(2, "Athens", 33.96, -83.38, "city", "US", "Georgia", population=127_000)
    country = Candidate(3, "Georgia", 42.0, 43.5, "country", "GE", None, population=3_700_000)
    state = Candidate(4, "Georgia", 32.75, -83.5, "admin1", "US", "Georgia")
    alone = resolve(
        "Georgia", [Mention("Georgia", 0, 7, "Georgia", "name", 0, 7)], [[country, state]]
    )
    assert alone[0].candidate == country
    places = resolve(text, [athens, georgia], [[greek, us_town], [country, state]])
    assert [p.candidate for p in places] == [us_town, state]


def test_pair_across_a_lower_case_designator() -> None:
    from geomap.gazetteer import load_gazetteer

    text = "Deputies in Walker county, Georgia, searched the woods."
    doc = geoparse(text, gazetteer=load_gazetteer())
    found = [
        (
            p.mention.surface,
            p.candidate.name if p.candidate else None,
            p.candidate.admin1 if p.candidate else None,
        )
        for p in doc.places
    ]
    assert found == [("Walker", "Walker County", "Georgia"), ("Georgia", "Georgia", "Georgia")]


def test_a_county_follows_the_state_the_document_names() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()

    def walker(text: str) -> str | None:
        doc = geoparse(text, gazetteer=gaz)
        [place] = [p for p in doc.places if p.mention.surface == "Walker County"]
        return place.candidate.admin1 if place.candidate else None

    assert walker("Walker County schools closed.") == "Texas"  # the most populous
    assert walker("Storms hit Alabama. Walker County schools closed.") == "Alabama"


def test_a_list_of_countries_is_not_a_town_in_the_next_country() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    doc = geoparse("Cases were found in Mexico, China, Japan and Ukraine.", gazetteer=gaz)
    assert [(p.mention.surface, p.candidate.kind) for p in doc.places if p.candidate] == [
        ("Mexico", "country"),
        ("China", "country"),
        ("Japan", "country"),
        ("Ukraine", "country"),
    ]
    # A town and its region is still a pair, in a list or not.
    doc = geoparse("Flights from Athens, Georgia, and Paris, Texas, were cut.", gazetteer=gaz)
    assert [(p.candidate.country, p.candidate.kind) for p in doc.places if p.candidate] == [
        ("US", "city"),
        ("US", "admin1"),
        ("US", "city"),
        ("US", "admin1"),
    ]


def test_a_city_beats_the_region_around_it_even_when_admin1_names_disagree() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    doc = geoparse("Flights from Paris and Dublin were cut.", gazetteer=gaz)
    assert [(p.candidate.name, p.candidate.kind) for p in doc.places if p.candidate] == [
        ("Paris", "city"),
        ("Dublin", "city"),
    ]


def test_macro_regions_are_places_of_their_own() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    doc = geoparse("Talks on the Middle East, West Africa and Southeast Asia.", gazetteer=gaz)
    found = [(p.candidate.name, p.candidate.kind) for p in doc.places if p.candidate]
    assert found == [
        ("Middle East", "continent"),
        ("Western Africa", "continent"),
        ("Southeast Asia", "continent"),
    ]
    [middle_east] = [p.candidate for p in doc.places[:1] if p.candidate]
    assert 25 < middle_east.lat < 35 and 35 < middle_east.lon < 50  # not Middle East, Maryland


def test_names_that_all_have_a_town_in_one_country_imply_that_country() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    # No country is named, but Woodbridge and Alexandria both have towns in the US and
    # only Alexandria one in Egypt.
    doc = geoparse("A Woodbridge man was charged in Alexandria.", gazetteer=gaz)
    assert [p.candidate.country for p in doc.places if p.candidate] == ["US", "US"]
    # Alone, Alexandria is the great city in Egypt.
    doc = geoparse("He was charged in Alexandria.", gazetteer=gaz)
    assert [p.candidate.country for p in doc.places if p.candidate] == ["EG"]


def test_a_continent_is_not_its_namesake_hamlet_in_that_hamlets_country() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    # Texas puts the story in the US, where a hamlet is called Middle East.
    doc = geoparse("Talks on the Middle East went on in Texas.", gazetteer=gaz)
    assert [(p.candidate.name, p.candidate.kind) for p in doc.places if p.candidate] == [
        ("Middle East", "continent"),
        ("Texas", "admin1"),
    ]


def test_a_country_is_not_a_town_that_has_its_name_only_as_another_spelling() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    # A Texas story: Iraan, Texas, also goes by "Iran", but "Iran" is the country.
    text = "She left Iran in 1973 for Midland, Texas. Odessa and Abilene followed. Iran was home."
    doc = geoparse(text, gazetteer=gaz)
    got = [(p.mention.surface, p.candidate.kind) for p in doc.places if p.candidate]
    assert ("Iran", "country") in got and ("Iran", "city") not in got


def test_a_county_and_a_town_next_to_each_other_support_each_other() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    # Athens is the seat of Henderson County, Texas; neither name alone says so.
    doc = geoparse("A Henderson County man was arrested by Athens police.", gazetteer=gaz)
    got = [(p.candidate.name, p.candidate.admin1) for p in doc.places if p.candidate]
    assert got == [("Henderson County", "Texas"), ("Athens", "Texas")]
    # Alone, Athens is still the capital of Greece.
    doc = geoparse("He was arrested by Athens police.", gazetteer=gaz)
    assert [p.candidate.country for p in doc.places if p.candidate] == ["GR"]


def test_oceans_and_seas_are_places_and_beat_their_namesake_towns() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    text = "Ships crossed the Atlantic from Iowa to the Black Sea and the North Atlantic."
    doc = geoparse(text, gazetteer=gaz)
    found = [
        (p.mention.surface, p.candidate.name, p.candidate.kind) for p in doc.places if p.candidate
    ]
    assert found == [
        ("Atlantic", "Atlantic Ocean", "water"),
        ("Iowa", "Iowa", "admin1"),
        ("Black Sea", "Black Sea", "water"),
        ("North Atlantic", "Atlantic Ocean", "water"),
    ]
    [black_sea] = [
        p.candidate for p in doc.places if p.candidate and p.candidate.name == "Black Sea"
    ]
    assert 40 < black_sea.lat < 47 and 28 < black_sea.lon < 41
    # "Gulf" alone is the Persian Gulf, not the province of Papua New Guinea.
    doc = geoparse("Tankers left the Gulf states.", gazetteer=gaz)
    assert [(p.candidate.name, p.candidate.kind) for p in doc.places if p.candidate] == [
        ("Persian Gulf", "water")
    ]
    # Paired with its state, the word is the town: Atlantic, Iowa.
    doc = geoparse("The fair in Atlantic, Iowa, opened.", gazetteer=gaz)
    assert [(p.candidate.name, p.candidate.kind) for p in doc.places if p.candidate][0] == (
        "Atlantic",
        "city",
    )


def test_a_region_named_only_by_its_compass_parts_is_a_place() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    doc = geoparse("Aid reached Darfur. Floods hit Java and Sulawesi.", gazetteer=gaz)
    found = [(p.candidate.name, p.candidate.country) for p in doc.places if p.candidate]
    assert found == [("Darfur", "SD"), ("Java", "ID"), ("Sulawesi", "ID")]
    [darfur] = [p.candidate for p in doc.places[:1] if p.candidate]
    assert 10 < darfur.lat < 16 and 22 < darfur.lon < 28  # among its four parts


def test_the_soviet_union_is_a_former_country_at_russias_point() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    doc = geoparse("After the Soviet Union fell, the USSR was gone.", gazetteer=gaz)
    found = [(p.candidate.name, p.candidate.feature) for p in doc.places if p.candidate]
    assert found == [("Soviet Union", "PCLH"), ("Soviet Union", "PCLH")]
    [russia] = [c for c in gaz.find("Russia") if c.kind == "country"]
    soviet = doc.places[0].candidate
    assert soviet is not None and (soviet.lat, soviet.lon) == (russia.lat, russia.lon)


def test_a_country_is_not_its_own_namesake_region_in_a_story_set_there() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    # The story's Mexican towns would favour the State of Mexico over the country.
    text = "Acapulco is on the coast of Mexico, far from Mexico City. Guerrero voted."
    doc = geoparse(text, gazetteer=gaz)
    got = [(p.mention.surface, p.candidate.kind) for p in doc.places if p.candidate]
    assert ("Mexico", "country") in got
    # Asked for, the region is still the region.
    doc = geoparse("Toluca is the capital of Mexico state.", gazetteer=gaz)
    assert [(p.candidate.name, p.candidate.kind) for p in doc.places if p.candidate][-1] == (
        "State of Mexico",
        "admin1",
    )


def test_items_of_a_list_are_places_of_one_kind() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    # Ohio would favour Wyoming, Ohio; beside Montana, Wyoming is the state.
    text = "We looked from mid-Ohio to the western borders of Montana and Wyoming."
    doc = geoparse(text, gazetteer=gaz)
    got = {p.mention.surface: p.candidate.kind for p in doc.places if p.candidate}
    assert got["Wyoming"] == "admin1"
    # A region named after its city does not take the kind: Edinburgh is the city.
    doc = geoparse("Fans came from Glasgow, Edinburgh and Aberdeen.", gazetteer=gaz)
    assert [p.candidate.kind for p in doc.places if p.candidate] == ["city"] * 3


def test_georgia_is_chosen_by_the_rest_of_the_text() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    # The country and the US state share the name: the text's other places decide.
    text = (
        "The drought is over in north Georgia. Rain pushed toward metro Atlanta. "
        "Rain fell across north Georgia and Jackson."
    )
    doc = geoparse(text, gazetteer=gaz)
    kinds = {p.candidate.kind for p in doc.places if p.mention.surface == "Georgia" and p.candidate}
    assert kinds == {"admin1"}
    doc = geoparse("Protests in Tbilisi spread across Georgia.", gazetteer=gaz)
    assert [p.candidate.kind for p in doc.places if p.candidate][-1] == "country"
    # "X counties in Y": Y is the region that holds the counties.
    doc = geoparse("Volunteers from Charlton and Ware counties in Georgia came.", gazetteer=gaz)
    assert [p.candidate.kind for p in doc.places if p.candidate][-1] == "admin1"


def test_a_world_city_beats_a_small_namesake_abroad() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    # The United States would favour one of its small towns called Cairo.
    text = "Cases were confirmed in the United States and Canada. In Cairo, officials met."
    doc = geoparse(text, gazetteer=gaz)
    assert [p.candidate.country for p in doc.places if p.mention.surface == "Cairo"] == ["EG"]
    # Paired with its state, the small town is still the town.
    doc = geoparse("Flood waters rose in Cairo, Illinois.", gazetteer=gaz)
    assert [p.candidate.country for p in doc.places if p.candidate][0] == "US"


# -- why a place won: Place.reasons ----------------------------------------------------------


def _mention(text: str, surface: str, wants: PlaceKind | None = None) -> Mention:
    start = text.index(surface)
    kind: MentionKind = "admin" if wants else "name"
    return Mention(surface, start, start + len(surface), surface, kind, 0, len(text), wants)


def _reasons(place: Place) -> dict[str, float]:
    return {r.id: r.delta for r in place.reasons}


ILLINOIS = Candidate(1, "Illinois", 40.0, -89.0, "admin1", "US", "Illinois", "United States")
SPRINGFIELD_IL = Candidate(
    2, "Springfield", 39.8, -89.65, "city", "US", "Illinois", "United States", 115_000
)
# A foil whose score is its population term alone (1/7): no main name, no context, and
# as far from Illinois as the Earth allows.
FOIL = Candidate(3, "Springfield", -40.0, 91.0, "city", "ZZ", "Far", "Farland", main_name=False)


def test_reasons_name_every_term_of_the_winners_score() -> None:
    text = "Rain in Illinois soaked Springfield."
    mentions = [_mention(text, "Illinois"), _mention(text, "Springfield")]
    region, town = resolve(text, mentions, [[ILLINOIS], [FOIL, SPRINGFIELD_IL]])
    assert town.candidate == SPRINGFIELD_IL
    km = haversine_km(39.8, -89.65, 40.0, -89.0)
    assert _reasons(town) == pytest.approx(
        {
            "population": math.log10(115_010) / 7,
            "main-name": 0.5,
            "country-focus": 2.0,  # the only country the document is about
            "in-context-region": 1.0,  # Illinois, where the confident region lies
            "coherence": 0.8 * math.exp(-km / 400),
        }
    )
    # The deltas sum to the score: the foil scores 1/7, so the winner's share of the
    # softmax follows from its deltas alone.
    total = sum(r.delta for r in town.reasons)
    assert town.score == round(1 / (1 + math.exp(1 / 7 - total)), 4)
    assert [r.id for r in region.reasons] == [
        "kind-prior",
        "population",
        "main-name",
        "country-focus",
    ]
    assert all(r.detail for r in town.reasons + region.reasons)
    assert "Illinois" in {r.id: r.detail for r in town.reasons}["in-context-region"]


def test_the_context_region_decides_and_says_so() -> None:
    # Two Springfields alike but for their region: the one in the region the document
    # names wins, by its in-context-region term.
    missouri = Candidate(
        4, "Springfield", 39.8, -89.4, "city", "US", "Missouri", "United States", 115_000
    )
    text = "Rain in Illinois soaked Springfield."
    mentions = [_mention(text, "Illinois"), _mention(text, "Springfield")]
    _, town = resolve(text, mentions, [[ILLINOIS], [missouri, SPRINGFIELD_IL]])
    assert town.candidate == SPRINGFIELD_IL
    assert "in-context-region" in _reasons(town)
    missouri_km = haversine_km(39.8, -89.4, 40.0, -89.0)
    # Without the region term the Missouri one, nearer Illinois' point, would win.
    rest = sum(d for rid, d in _reasons(town).items() if rid != "in-context-region")
    assert rest < math.log10(115_010) / 7 + 0.5 + 2.0 + 0.8 * math.exp(-missouri_km / 400)


def test_explicit_pair_reason(gaz: Gazetteer) -> None:
    doc = geoparse("Storms hit Atlantis. In Springdale, Granite, roads were cut.", gazetteer=gaz)
    place = next(p for p in doc.places if p.mention.surface == "Springdale")
    assert place.candidate is not None and place.candidate.id == 102
    pair = next(r for r in place.reasons if r.id == "explicit-pair")
    assert pair.delta == 3.0 and "Granite" in pair.detail


def test_kind_wanted_and_list_kind_reasons(gaz: Gazetteer) -> None:
    [coral] = geoparse("Clashes spread in Coral province.", gazetteer=gaz).places
    assert _reasons(coral)["kind-wanted"] == 2.5
    assert "kind-wanted" not in _reasons(geoparse("Clashes in Coral.", gazetteer=gaz).places[0])
    places = geoparse("Storms crossed Granite and Tessaly.", gazetteer=gaz).places
    assert _reasons(places[1])["list-kind"] == 2.0
    assert "Granite" in {r.id: r.detail for r in places[1].reasons}["list-kind"]


def test_mutual_support_reason() -> None:
    text = "Fire near Athens in Henderson County."
    county = Candidate(5, "Henderson County", 32.2, -95.85, "other", "US", "Texas")
    athens = Candidate(6, "Athens", 32.2, -95.75, "city", "US", "Texas", population=12_000)
    greece = Candidate(7, "Athens", 37.98, 23.73, "city", "GR", "Attica", population=660_000)
    mentions = [_mention(text, "Athens"), _mention(text, "Henderson County")]
    town, shire = resolve(text, mentions, [[greece, athens], [county]])
    assert _reasons(town)["mutual-support"] == 1.0 and _reasons(shire)["mutual-support"] == 1.0
    assert "Henderson County" in {r.id: r.detail for r in town.reasons}["mutual-support"]


def test_places_with_reasons_pickle_and_hash(gaz: Gazetteer) -> None:
    doc = geoparse("Atlantean troops reached Springdale.", gazetteer=gaz)
    assert all(p.reasons for p in doc.places)
    assert pickle.loads(pickle.dumps(doc)) == doc
    assert len({*doc.places}) == len(doc.places)
    assert all(r.id in REASONS for p in doc.places for r in p.reasons)


def _senses(text: str) -> list[tuple[str, int, str | None]]:
    from geomap.gazetteer import load_gazetteer

    doc = geoparse(text, gazetteer=load_gazetteer())
    return [
        (p.mention.surface, p.mention.start, p.candidate.admin1 if p.candidate else None)
        for p in doc.places
        if p.mention.surface.lower() == "paris"
    ]


def test_a_name_written_with_its_region_is_that_place_whatever_the_dateline_says() -> None:
    text = (
        "PARIS, Texas (AP) — Paris police said the fire began downtown. Meanwhile in "
        "Paris, Tennessee, officials said the fair would go on. Paris residents there "
        "were calm."
    )
    # Each bare "Paris" takes the sense of the nearest "Paris, <region>" before it.
    assert _senses(text) == [
        ("PARIS", 0, "Texas"),
        ("Paris", 20, "Texas"),
        ("Paris", 76, "Tennessee"),
        ("Paris", 131, "Tennessee"),
    ]


def test_a_region_written_before_its_town_with_an_s_is_a_pair() -> None:
    text = "PARIS, Texas (AP) — Paris police said so. Tennessee\u2019s Paris is smaller."
    assert _senses(text) == [
        ("PARIS", 0, "Texas"),
        ("Paris", 20, "Texas"),
        ("Paris", 54, "Tennessee"),
    ]


def test_each_sense_of_a_name_is_its_own_place_on_the_map() -> None:
    from geomap.gazetteer import load_gazetteer
    from geomap.render import MapBuilder

    text = "PARIS, Texas (AP) — Paris police said so. Tennessee's Paris is smaller."
    builder = MapBuilder()
    builder.add(geoparse(text, gazetteer=load_gazetteer()))
    towns = {p["admin1"] for p in builder.payload()["places"] if p["name"] == "Paris"}
    assert towns == {"Texas", "Tennessee"}


def test_focus_places_unknown_names_at_the_town_the_document_names_most() -> None:
    from geomap.focus import FOCUS_SOURCE
    from geomap.gazetteer import load_gazetteer

    text = (
        "NEW ORLEANS (AP) — Flooding closed Frenchmen Street. New Orleans officials said "
        "Frenchmen Street and the Bywater would reopen. Baton Rouge was dry."
    )
    gaz = load_gazetteer()
    plain = geoparse(text, gazetteer=gaz)
    assert [p.mention.surface for p in plain.places if p.candidate is None] == [
        "Frenchmen Street",
        "Frenchmen Street",
    ]
    doc = geoparse(text, gazetteer=gaz, focus=True)
    street = [p for p in doc.places if p.mention.surface == "Frenchmen Street"]
    town = next(p.candidate for p in doc.places if p.mention.surface == "New Orleans")
    assert town is not None
    assert len({p.candidate.id for p in street if p.candidate}) == 1  # one place per name
    for p in street:
        assert p.candidate is not None
        assert (p.candidate.name, p.candidate.source) == ("Frenchmen Street", FOCUS_SOURCE)
        assert (p.candidate.lat, p.candidate.lon) == (town.lat, town.lon)
        assert p.candidate.id != town.id
        assert [r.id for r in p.reasons] == ["document-focus"]
        assert "New Orleans" in p.reasons[0].detail
    # Places the gazetteer resolved are as they were.
    kept = [p for p in doc.places if p.mention.surface != "Frenchmen Street"]
    assert kept == [p for p in plain.places if p.mention.surface != "Frenchmen Street"]


def test_focus_needs_a_town_and_leaves_demonyms_alone() -> None:
    from geomap.gazetteer import load_gazetteer

    doc = geoparse(
        "Texas officials closed Frenchmen Street.", gazetteer=load_gazetteer(), focus=True
    )
    assert [(p.mention.surface, p.candidate) for p in doc.places if p.candidate is None] == [
        ("Frenchmen Street", None)
    ]


def test_a_name_placed_at_the_focus_is_still_asked_of_the_fallback() -> None:
    from geomap.gazetteer import load_gazetteer
    from geomap.pipeline import fill_from_fallback

    asked: list[str] = []

    def fallback(mention: Mention, *, countries: object) -> list[Candidate]:
        asked.append(mention.query)
        return [Candidate(-7, "Frenchmen St", 29.96, -90.06, "other", source="geocoder:test")]

    text = "New Orleans officials closed Frenchmen Street in New Orleans."
    doc = geoparse(text, gazetteer=load_gazetteer(), focus=True)  # as a worker does
    filled = fill_from_fallback(doc, fallback)  # as the driver does, afterwards
    assert asked == ["Frenchmen Street"]
    street = next(p for p in filled.places if p.mention.surface == "Frenchmen Street")
    assert street.candidate is not None and street.candidate.source == "geocoder:test"
