from __future__ import annotations

import pytest
from helpers import tiny_gazetteer

from geomap.gazetteer import Gazetteer
from geomap.recognise import extract_mentions, split_sentences


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return tiny_gazetteer(tmp_path_factory.mktemp("tiny"))


def surfaces(text: str, gaz: Gazetteer) -> list[str]:
    return [m.surface for m in extract_mentions(text, gaz)]


def test_split_sentences_keeps_offsets_and_abbreviations() -> None:
    text = "Col. Smith left Port Azure. U.S. troops stayed.\nNew line here"
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Col. Smith left Port Azure.",
        "U.S. troops stayed.",
        "New line here",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Troops entered Port Azure on Monday.", ["Port Azure"]),
        (
            "They drove from Port Azure to Rimal and on to Borduria.",
            ["Port Azure", "Rimal", "Borduria"],
        ),
        ("Ships left Atlantis.", ["Atlantis"]),
        ("The Atlantic Republic voted.", ["Atlantic Republic"]),
        ("Fighting reached Ar-Rimal at dawn.", ["Ar-Rimal"]),
        ("Borduria's army advanced.", ["Borduria"]),
    ],
)
def test_finds_gazetteer_names(text: str, expected: list[str], gaz: Gazetteer) -> None:
    assert surfaces(text, gaz) == expected


def test_offsets_slice_the_surface(gaz: Gazetteer) -> None:
    text = "«Quote» — they went to Port Azure, then Rimal.\n\nLater: Borduria."
    mentions = extract_mentions(text, gaz)
    assert mentions
    for m in mentions:
        assert text[m.start : m.end] == m.surface
        assert m.sentence_start <= m.start < m.end <= m.sentence_end


@pytest.mark.parametrize(
    "text",
    [
        "Much of the army stayed home.",  # a common word that is also a village
        "Col. John Springdale met reporters.",  # a person with a title
        "Lindale said the talks failed.",  # a small town's name before a speech verb
        "The Lindale Times reported it.",  # a publication named after a small town
        "The Lindale Organization denied it.",  # an organisation
        "Operation Lindale began.",  # an operation name
        "Borduria Today reported it.",  # a title: "X Today"
    ],
)
def test_skips_people_organisations_and_common_words(text: str, gaz: Gazetteer) -> None:
    assert surfaces(text, gaz) == []


def test_large_place_before_speech_verb_is_kept(gaz: Gazetteer) -> None:
    assert surfaces("Officials in Port Azure said the talks failed.", gaz) == ["Port Azure"]


def test_article_joined_names(gaz: Gazetteer) -> None:
    assert surfaces("Fighting reached ar-Rimal at dawn.", gaz) == ["ar-Rimal"]


def test_surname_seen_once_is_remembered(gaz: Gazetteer) -> None:
    text = "Gen. Ann Springdale arrived. Later Springdale left for Rimal."
    assert surfaces(text, gaz) == ["Rimal"]


def test_weak_name_needs_a_place_context(gaz: Gazetteer) -> None:
    # Lindale, a town of 4,000, is a weak name: it needs "in", "near", "X, Region"...
    assert surfaces("Lindale is lovely.", gaz) == []
    assert surfaces("They say Lindale is lovely.", gaz) == []
    assert surfaces("They live in Lindale now.", gaz) == ["Lindale"]
    assert surfaces("Schools at Lindale, Granite closed.", gaz) == ["Lindale", "Granite"]
    # Springdale has an 80,000-town entry, so it is strong anywhere.
    assert surfaces("They say Springdale is lovely.", gaz) == ["Springdale"]


def test_admin_phrases(gaz: Gazetteer) -> None:
    mentions = extract_mentions("Clashes in Coral province and the province of Granite.", gaz)
    assert [(m.surface, m.kind, m.wants) for m in mentions] == [
        ("Coral", "admin", "admin1"),
        ("Granite", "admin", "admin1"),
    ]


def test_unknown_name_in_place_context(gaz: Gazetteer) -> None:
    mentions = extract_mentions("Troops took the town of Qarabel and villages near Zubeir.", gaz)
    assert [(m.surface, m.kind) for m in mentions] == [
        ("Qarabel", "context"),
        ("Zubeir", "context"),
    ]


def test_demonyms(gaz: Gazetteer) -> None:
    mentions = extract_mentions("Atlantean forces met Bordurians at the border.", gaz)
    assert [(m.surface, m.kind) for m in mentions] == [
        ("Atlantean", "demonym"),
        ("Bordurians", "demonym"),
    ]


def test_acronym_counts_only_as_country(gaz: Gazetteer) -> None:
    assert surfaces("OVA is a band.", gaz) == []
    assert surfaces("Ships left Ova.", gaz) == ["Ova"]


def test_shouted_names_are_names(gaz: Gazetteer) -> None:
    assert surfaces("PORT AZURE, Atlantis: RIMAL fell.", gaz) == ["PORT AZURE", "Atlantis", "RIMAL"]


def test_hyphenated_demonym(gaz: Gazetteer) -> None:
    assert surfaces("Atlantean-backed fighters entered Borduria.", gaz) == ["Atlantean", "Borduria"]


def test_empty_and_whitespace_text(gaz: Gazetteer) -> None:
    assert extract_mentions("", gaz) == []
    assert extract_mentions("  \n\n ", gaz) == []


def test_town_names_inside_two_word_person_names(gaz: Gazetteer) -> None:
    # Springdale and Ova are towns, but "Springdale Jones" and "Kim Ova" are people.
    assert surfaces("Yesterday Springdale Jones met Kim Ova in Rimal.", gaz) == ["Rimal"]
    # A country or region next to a capitalised word is still a place.
    assert surfaces("They crossed into Borduria Tuesday.", gaz) == ["Borduria"]


def test_newspaper_region_abbreviations() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    text = "WHEELING, W.Va. - Schools in Huntsville, Ala., closed; Lindale, Tex. stayed open."
    found = [(m.surface, m.kind, m.query) for m in extract_mentions(text, gaz)]
    assert ("W.Va.", "admin", "West Virginia") in found
    assert ("Ala.", "admin", "Alabama") in found and ("Tex.", "admin", "Texas") in found
    assert [m for m in found if m[0] in ("WHEELING", "Huntsville")] == [
        ("WHEELING", "name", "WHEELING"),
        ("Huntsville", "name", "Huntsville"),
    ]
    assert [m.start for m in extract_mentions(text, gaz)] == sorted(
        m.start for m in extract_mentions(text, gaz)
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("County Commissioner Ann Springdale met Atlantean officials.", ["Atlantean"]),
        ("Atlantean President Ova Lindale spoke in Rimal.", ["Atlantean", "Rimal"]),
        ("Kim R. Springdale, a professor, left.", []),
        ("Staff at the Lindale Apartments left.", []),
    ],
)
def test_people_and_facilities_inside_runs(text: str, expected: list[str], gaz: Gazetteer) -> None:
    assert surfaces(text, gaz) == expected


def test_well_known_places_inside_organisation_names(gaz: Gazetteer) -> None:
    # The corpora count "Ohio" in "Ohio Department of Development": a country, a region or
    # a large city inside an organisation's name is a mention; a small town is not.
    assert surfaces("The Port Azure Times reported it.", gaz) == ["Port Azure"]
    assert surfaces("The Borduria Organization denied it.", gaz) == ["Borduria"]
    assert surfaces("The Atlantean Press Agency said so.", gaz) == ["Atlantean"]


def test_white_house_is_not_a_town() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    assert gaz.find("White House")  # the gazetteer has a town of that name...
    assert surfaces("White House aides met in Boston.", gaz) == ["Boston"]  # ...the news doesn't


def test_natural_features_are_one_name(gaz: Gazetteer) -> None:
    found = [
        (m.surface, m.kind)
        for m in extract_mentions(
            "Atlantean ships crossed the Atlantean Ocean to Lake Rimal and the Qarabel River.", gaz
        )
    ]
    assert found == [
        ("Atlantean", "demonym"),
        ("Atlantean Ocean", "context"),
        ("Lake Rimal", "context"),
        ("Qarabel River", "context"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "I'll go there. We\u2019ve seen it.",
        "Ten of them came. Northwest winds blew. Federal aid left.",
    ],
)
def test_contractions_numbers_and_compass_words_are_not_places(text: str) -> None:
    from geomap.gazetteer import load_gazetteer

    assert surfaces(text, load_gazetteer()) == []


def test_small_town_as_a_modifier_of_a_place_noun(gaz: Gazetteer) -> None:
    assert surfaces("A Lindale girl was found.", gaz) == ["Lindale"]
    assert surfaces("Police searched the Lindale area.", gaz) == ["Lindale"]
    assert surfaces("A Lindale said hello.", gaz) == []


def test_a_title_names_a_person_only_when_it_touches_the_name(gaz: Gazetteer) -> None:
    # "Minister Springdale" is a person, and the surname is remembered...
    assert surfaces("Minister Springdale arrived. Springdale left.", gaz) == []
    # ...but a title across a comma is not part of the name that follows it.
    text = "According to the minister, Borduria\u2019s action was right. Borduria left."
    assert surfaces(text, gaz) == ["Borduria", "Borduria"]
    # The person ends at a connector: the place after "of" counts, and is not a surname.
    text = "The President of Borduria spoke. Col. Ann Smith of Granite left Borduria."
    assert surfaces(text, gaz) == ["Borduria", "Granite", "Borduria"]


def test_county_names_count_inside_longer_names() -> None:
    from geomap.gazetteer import load_gazetteer

    text = "Water covered Otter Tail County Road 80. The Clarke County Board met."
    assert surfaces(text, load_gazetteer()) == ["Otter Tail County", "Clarke County"]
    # "The City" is a name of the City of London, but not in "The City Council".
    assert surfaces("The City Council voted. The City of Paris agreed.", load_gazetteer()) == [
        "Paris"
    ]
    # Commerce, California, is not the commerce of a chamber.
    text = "She chaired the Chamber of Commerce in Paris."
    assert surfaces(text, load_gazetteer()) == ["Paris"]
    # A sentence-initial article is not part of the county's name.
    text = "A Henderson County man was arrested."
    assert surfaces(text, load_gazetteer()) == ["Henderson County"]


def test_a_given_name_before_a_capitalised_word_is_a_person(gaz: Gazetteer) -> None:
    # Coral is a small town, but "Coral Smith" is a person...
    assert surfaces("They say Coral Smith arrived in Granite.", gaz) == ["Granite"]
    # ...who ends at the connector: the place after "of" still counts.
    assert surfaces("Coral Smith of Port Azure spoke.", gaz) == ["Port Azure"]
    # A city of 200,000 is a place even before a capitalised word.
    assert surfaces("They reached Ova Central Station.", gaz) == ["Ova"]
    # Alone, or with a place designator, the given name is still a place.
    assert surfaces("Roads in Coral were cut. Coral Province voted.", gaz) == [
        "Coral",
        "Coral Province",
    ]


def test_movements_and_weather_patterns_are_not_villages() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    text = "Talks with Hamas and Fatah stalled in Cairo. El Niño and La Niña bring rain."
    assert surfaces(text, gaz) == ["Cairo"]


def test_hyphens_split_names_but_keep_hyphenated_places() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    text = "The Canada-EU deal passed. Flights from Winston-Salem to Guinea-Bissau resumed."
    assert surfaces(text, gaz) == ["Canada", "EU", "Winston-Salem", "Guinea-Bissau"]
    [eu] = [m for m in extract_mentions("EU ministers met.", gaz)]
    assert [c.name for c in gaz.find(eu.query)][0] == "Europe"  # before the French town Eu


def test_a_given_name_of_a_mid_sized_city_is_still_a_person() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    # Mary, Turkmenistan has 100,000+ people; Dallas over a million.
    text = "Mary Loveless of Athens, Georgia, called the Dallas Police."
    assert surfaces(text, gaz) == ["Athens", "Georgia", "Dallas"]


def test_streets_are_one_name_not_the_town_they_are_named_after(gaz: Gazetteer) -> None:
    found = [
        (m.surface, m.kind)
        for m in extract_mentions(
            "She lived at 12 Granite St., Port Azure, off North Rimal Avenue West. "
            "On Borduria Road they met.",
            gaz,
        )
    ]
    assert found == [
        ("Granite St.", "context"),
        ("Port Azure", "name"),
        ("North Rimal Avenue West", "context"),
        ("Borduria Road", "context"),
    ]


def test_not_streets_numbered_roads_newspapers_and_saints(gaz: Gazetteer) -> None:
    # A numbered road is not a street name; a run that goes on past the street word is
    # an organisation or a saint's name, judged by the usual rules.
    assert surfaces("Trucks used Highway 19 to reach Granite.", gaz) == ["Granite"]
    assert surfaces("The Borduria Street Journal reported it.", gaz) == ["Borduria"]
    assert surfaces("Rimal County Road 80 flooded.", gaz) == ["Rimal County"]


def test_compass_words_name_part_of_a_continent_or_drop_out() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    text = "Rain fell across Central Europe, Northeast Georgia and South Los Angeles."
    found = [(m.surface, m.query) for m in extract_mentions(text, gaz)]
    assert found == [
        ("Central Europe", "Europe"),
        ("Georgia", "Georgia"),
        ("Los Angeles", "Los Angeles"),
    ]
    # A compass word that is part of the name stays in it.
    assert surfaces("Troops left South Sudan for North Carolina.", gaz) == [
        "South Sudan",
        "North Carolina",
    ]


def test_state_inside_an_institution_name_is_not_part_of_the_place() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    text = "Maryland State Police and Colorado State University staff met Osun State officials."
    assert surfaces(text, gaz) == ["Maryland", "Colorado", "Osun State"]


def test_a_town_is_strong_by_its_own_name_not_another_spelling(gaz: Gazetteer) -> None:
    # Sol is another spelling of Lakeport (150,000): alone it needs a place context.
    assert surfaces("Sol rose early. Lakeport woke. Buses went to Sol.", gaz) == [
        "Lakeport",
        "Sol",
    ]


def test_a_given_name_is_a_town_alone_only_if_it_is_a_city(gaz: Gazetteer) -> None:
    # Dora (60,000) is a given name: alone it is a person; Ova (200,000) is a city.
    assert surfaces("Yesterday Dora waved. Yesterday Ova voted. Trains went to Dora.", gaz) == [
        "Ova",
        "Dora",
    ]


def test_diseases_named_after_places_are_not_mentions(gaz: Gazetteer) -> None:
    text = "Granite fever and Rimal virus spread to Port Azure. Atlantean flu is mild."
    assert surfaces(text, gaz) == ["Port Azure"]


def test_a_sentence_first_word_before_a_town_is_not_a_given_name(gaz: Gazetteer) -> None:
    # "Missing" is capitalised because it starts the headline: no person "Missing
    # Springdale", so the town counts, here and later.
    assert surfaces("Missing Springdale girl found. Police in Springdale searched.", gaz) == [
        "Springdale",
        "Springdale",
    ]
    # Mid-sentence, two capitalised words are still a person ("Jeb Bush").
    assert surfaces("They met Jeb Springdale yesterday.", gaz) == []


def test_a_small_town_listed_beside_a_place_counts(gaz: Gazetteer) -> None:
    # Lindale (4,000 people) alone needs a place context; in a list with Springdale it is one.
    assert surfaces("Yesterday Lindale voted.", gaz) == []
    assert surfaces("Buses serve Springdale, Lindale and more.", gaz) == ["Springdale", "Lindale"]


def test_a_short_spelling_of_a_region_needs_a_place_context(gaz: Gazetteer) -> None:
    # "Tess" is another spelling of the region Tessaly: alone it is a word or a person
    # ("Wash your hands", "Little Miss"); after "to" it is the region.
    assert surfaces("Tess waved at Tessaly. Buses went to Tess.", gaz) == ["Tessaly", "Tess"]


def test_a_currency_prefix_is_not_a_country() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    assert surfaces("It will cost US$58 million and HK$3 million in the US.", gaz) == ["US"]


def test_a_country_is_never_remembered_as_a_surname() -> None:
    from geomap.gazetteer import load_gazetteer

    # "founder" is a title, so "France Football" reads as a person's name; the country
    # must still count later.
    text = "It is run by its founder France Football magazine. Portugal beat France."
    assert surfaces(text, load_gazetteer())[-2:] == ["Portugal", "France"]


def test_two_given_names_and_a_surname_are_a_couple() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    # Brent is a London borough and a given name; here it is a husband, also later on.
    text = "Retired workers Brent and Lynnette Hain agree. Brent told CTV Edmonton."
    assert surfaces(text, gaz) == ["Edmonton"]
    # Places joined by "and" are not a couple.
    assert surfaces("Jordan and Syria met. Troops left Brent and Harrow Council.", gaz) == [
        "Jordan",
        "Syria",
        "Brent",
        "Harrow",
    ]


def test_a_region_named_by_a_landform_needs_more_than_the_word() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    # South Sudan's Lakes state and Kenya's Coast province are not these words alone...
    assert surfaces("Lakes Edge was sold. Storms battered the Coast.", gaz) == []
    # ...but are with their designator.
    assert surfaces("Fighting in Lakes State spread.", gaz) == ["Lakes State"]


def test_long_country_names_with_of_the_and_peoples_are_one_name() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    text = "Aid reached the Democratic Republic of the Congo and the People's Republic of China."
    assert surfaces(text, gaz) == ["Democratic Republic of the Congo", "People's Republic of China"]
    # "of the" after a title still ends the person: the place follows.
    assert surfaces("He met the President of the United States.", gaz) == ["United States"]


def test_and_inside_a_known_name_and_adjectives_that_look_like_titles_or_names() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    # "and" joins a run only when the words around it are one known name.
    text = "Rule in Bosnia and Herzegovina, Trinidad and Tobago and France and Spain ended."
    assert surfaces(text, gaz) == [
        "Bosnia and Herzegovina",
        "Trinidad and Tobago",
        "France",
        "Spain",
    ]
    # "major" is a title only capitalised; "Asia" is a given name but first a continent;
    # "ex-" is no Arabic article.
    assert surfaces("All the major European countries and Asia-Pacific ones.", gaz) == [
        "European",
        "Asia",
        "Pacific",
    ]
    assert surfaces("Her ex-Russian agent father.", gaz) == ["Russian"]
    assert surfaces("Maj. Austin Miller spoke.", gaz) == []


def test_a_region_is_strong_alone_only_by_its_name_as_written() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    # "Lane" and "Moon" fold to the keys of Estonia's Lääne and Myanmar's Mon State...
    assert surfaces("Lane closure through April. Moon Taxi played.", gaz) == []
    # ...while "Anbar" (Al Anbar) and "Osun" (Osun State) are their regions as written.
    assert surfaces("Fighting spread to Anbar. Rain fell on Osun.", gaz) == ["Anbar", "Osun"]


def test_a_country_named_girl_is_a_person_for_the_whole_text() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    text = "Nine-year-old Georgia Stevens is skating. Georgia began at four."
    assert surfaces(text, gaz) == []
    # The country stays a country before a word the text also writes in lower case...
    assert surfaces("Georgia Party rallies drew crowds; the party won.", gaz) == ["Georgia"]
    # ...and where no person is named.
    assert surfaces("Aid reached Jordan and Georgia.", gaz) == ["Jordan", "Georgia"]


def test_given_names_and_stop_words_inside_place_names() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    # "West" is a stop word and "Virginia" a given name, but "West Virginia" is a place.
    assert surfaces("A fixture in West Virginia Democratic politics.", gaz) == ["West Virginia"]
    # "Florida Legislature" is no person: the legislature is an institution's word.
    assert surfaces("A Florida Highway Patrol spokeswoman spoke.", gaz) == ["Florida"]
    # A stop word that qualifies a feature word is part of its name, "The" is not.
    assert surfaces("Yesterday the Red River rose. The Neches River fell.", gaz) == [
        "Red River",
        "Neches River",
    ]
    assert surfaces("The River was high.", gaz) == []


def test_elided_articles_and_speech_verbs_after_a_comma() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    # "d'Ivoire" and "L'Aquila": an elided article joined to a capitalised name.
    text = "Aid went to Benin, Côte d'Ivoire and Ghana, and to L'Aquila."
    assert surfaces(text, gaz) == ["Benin", "Côte d'Ivoire", "Ghana", "L'Aquila"]
    # A town before "said" is a person only when nothing parts them.
    assert surfaces("A vendor in Calcutta, told UPI.", gaz) == ["Calcutta"]
    assert surfaces("Dorrian said it.", gaz) == []


def test_a_towns_own_services_and_a_legislators_hometown_name_the_town() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    text = "Investigators and Brownsboro Police went there. The Edwardsville City Council met."
    assert surfaces(text, gaz) == ["Brownsboro", "Edwardsville"]
    # Without such a word a small town inside an organisation's name is not counted.
    assert surfaces("Investigators and Brownsboro Holdings went there.", gaz) == []
    text = "Senate President Bill M. Harris, R-Ashland, has been out. A T-Rex roared."
    assert surfaces(text, gaz) == ["Ashland"]


def test_metro_is_the_metropolitan_area_not_a_town() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    text = "That's too low, according to Metro Vancouver. Metro Police said so."
    assert surfaces(text, gaz) == ["Vancouver"]


def test_a_title_before_a_designator_is_part_of_a_name() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    assert surfaces("He crashed on an off-ramp in Pope County.", gaz) == ["Pope County"]
    assert surfaces("Pope Francis visited Lima.", gaz) == ["Lima"]


def test_a_service_district_is_no_district_of_that_name() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    text = (
        "Representatives from the Santa Ana Unified School District and the Orange County "
        "Sanitation District came. Clashes spread in Hawija District."
    )
    assert surfaces(text, gaz) == ["Santa Ana", "Orange County", "Hawija District"]


def test_a_places_flu_season_is_the_place() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    text = "The Spanish flu killed millions. The United States flu season began."
    assert surfaces(text, gaz) == ["United States"]


def test_admin_phrases_end_where_the_division_ends() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    cases = {
        "Former Hall County official named.": ["Hall County"],
        "He was charged in Wyandotte County District Court.": ["Wyandotte County"],
        "The March for Babies of DeKalb County met.": ["DeKalb County"],
        "Rapides Parish Fire District 2 investigated.": ["Rapides Parish"],
        "Edwardsville District 7 voted.": ["Edwardsville"],
        "Clashes in Hawija District.": ["Hawija District"],
        "The Brooklyn District Attorney indicted him.": ["Brooklyn"],
        # A street ends before the full stop that ends its sentence, but keeps an
        # abbreviation's dot.
        "Cars parked on Sylvan Road. He lives on Memphis St. in town.": [
            "Sylvan Road",
            "Memphis St.",
        ],
    }
    for text, expected in cases.items():
        assert surfaces(text, gaz) == expected, text


def test_a_park_is_one_name_not_the_town_it_is_named_after() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    mentions = extract_mentions("The walk starts at Hopkins Park in DeKalb.", gaz)
    assert [(m.surface, m.kind) for m in mentions] == [
        ("Hopkins Park", "context"),
        ("DeKalb", "name"),
    ]


def test_a_leading_the_is_looked_up_but_not_marked() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    mentions = extract_mentions("The Vatican reports that talks in The Hague ended.", gaz)
    assert [(m.surface, m.query) for m in mentions] == [
        ("Vatican", "The Vatican"),
        ("Hague", "The Hague"),
    ]


def test_state_before_more_name_is_the_state_before_it_unless_so_named() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    cases = {
        "California State Senator Joe Dunn spoke.": ["California"],
        "New York State Police said so.": ["New York"],
        "The Benue State Commissioner spoke.": ["Benue State"],
    }
    for text, expected in cases.items():
        assert surfaces(text, gaz) == expected, text


def test_a_saints_church_or_school_is_not_the_town_named_after_the_saint() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    text = "Drop-offs at St. Mary's High School and St. Michael's. St. Louis's mayor spoke."
    assert surfaces(text, gaz) == ["St. Louis"]


def test_a_small_towns_name_before_a_number_is_a_plot_room_or_road() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    text = "The session is in Talla 2 at the centre, off Route 38. Plans for Ohio 63 grew."
    assert surfaces(text, gaz) == ["Ohio"]
    assert surfaces("He lives at 1205 Lone Oak Road, Lot 12, by the parking lot.", gaz) == [
        "Lone Oak Road"
    ]


def test_holidays_and_the_games_are_not_towns() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    text = "Shelters open at Christmas. She won at the Olympic Games, not in Easter week."
    assert surfaces(text, gaz) == []


def test_region_acronyms_and_years_before_christ() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    mentions = extract_mentions("Farms in NSW and the FrontCounter BC office closed.", gaz)
    assert [(m.surface, m.query) for m in mentions] == [
        ("NSW", "New South Wales"),
        ("BC", "British Columbia"),
    ]
    assert surfaces("It was built between 250 and 100 B.C. or in 250 BC.", gaz) == []


def test_demonyms_of_more_than_one_word() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    mentions = extract_mentions("Millions of South Africans and North Korean troops.", gaz)
    assert [(m.surface, m.kind) for m in mentions] == [
        ("South Africans", "demonym"),
        ("North Korean", "demonym"),
    ]


def test_church_titles_and_jesus_are_no_places() -> None:
    from geomap.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    text = "Manila Archbishop Luis Antonio Cardinal Tagle spoke of Jesus Christ."
    assert surfaces(text, gaz) == ["Manila"]


def test_currencies_and_codes_glued_to_digits_are_not_names() -> None:
    from geomap.gazetteer import load_gazetteer

    text = "The 1MDB fund lost $US4.5 billion and US$3 million in Paris."
    assert surfaces(text, load_gazetteer()) == ["Paris"]


def test_a_list_before_a_plural_designator_is_a_list_of_divisions() -> None:
    from geomap.gazetteer import load_gazetteer
    from geomap.pipeline import geoparse

    gaz = load_gazetteer()
    doc = geoparse("Girls from Cooke, Grayson and Love counties: come.", gazetteer=gaz)
    got = [(p.mention.surface, p.candidate.name if p.candidate else None) for p in doc.places]
    assert got == [
        ("Cooke", "Cooke County"),
        ("Grayson", "Grayson County"),
        ("Love", "Love County"),
    ]
    doc = geoparse("Clashes in Anbar and Diyala provinces.", gazetteer=gaz)
    assert [(p.mention.wants, p.candidate.kind) for p in doc.places if p.candidate] == [
        ("admin1", "admin1"),
        ("admin1", "admin1"),
    ]
