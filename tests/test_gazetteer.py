"""The bundled gazetteer: coverage, name variants, and malformed tables."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from geomap.errors import GazetteerError
from geomap.gazetteer import Gazetteer, load_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def _countries_of(gaz: Gazetteer, name: str, kind: str) -> set[str | None]:
    return {c.country for c in gaz.find(name) if c.kind == kind}


@pytest.mark.parametrize(
    ("variants", "country", "kind"),
    [
        (("Baqubah", "Ba'qubah", "Baquba", "Baqouba"), "IQ", "city"),
        (("Ar Raqqah", "Al-Raqqa", "Raqqa", "Raqqah"), "SY", "city"),
        (("Al Mawsil", "Mosul", "MOSUL", "mosul"), "IQ", "city"),
        (("Fallujah", "Falluja", "Al Fallujah"), "IQ", "city"),
        (("São Paulo", "Sao Paulo"), "BR", "city"),
        (("Salah ad Din", "Salah al-Din", "Salah ad-Din"), "IQ", "admin1"),
        (("New York City",), "US", "city"),
    ],
)
def test_name_variants_find_the_place(
    gaz: Gazetteer, variants: tuple[str, ...], country: str, kind: str
) -> None:
    for name in variants:
        assert country in _countries_of(gaz, name, kind), name


def test_every_iraqi_governorate_is_an_admin1_region(gaz: Gazetteer) -> None:
    names = [
        "Anbar",
        "Babil",
        "Baghdad",
        "Basra",
        "Dhi Qar",
        "Diyala",
        "Duhok",
        "Erbil",
        "Karbala",
        "Kirkuk",
        "Maysan",
        "Muthanna",
        "Najaf",
        "Nineveh",
        "Qadisiyah",
        "Salah ad Din",
        "Sulaymaniyah",
        "Wasit",
    ]
    missing = [n for n in names if "IQ" not in _countries_of(gaz, n, "admin1")]
    assert missing == []


def test_us_states_and_countries(gaz: Gazetteer) -> None:
    for state in ("Texas", "California", "Georgia", "New York", "Wyoming"):
        assert "US" in _countries_of(gaz, state, "admin1"), state
    for country, code in [("Iraq", "IQ"), ("Syria", "SY"), ("United States", "US"), ("U.S.", "US")]:
        assert code in _countries_of(gaz, country, "country"), country
    assert gaz.country("IQ") is not None and gaz.country("iq") == gaz.country("IQ")


def test_coverage_counts(gaz: Gazetteer) -> None:
    kinds: dict[str, int] = {}
    for index in range(len(gaz)):
        kind = gaz._rows[index].split("\t", 3)[2]
        kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds["country"] >= 240
    assert kinds["admin1"] >= 3000
    assert kinds["city"] >= 100_000


def test_candidate_fields(gaz: Gazetteer) -> None:
    [mosul] = [c for c in gaz.find("Mosul") if c.geonameid == 99072]
    assert mosul.kind == "city" and mosul.country == "IQ" and mosul.country_name == "Iraq"
    assert mosul.admin1 is not None and abs(mosul.lat - 36.335) < 0.01
    assert mosul.population > 1_000_000


def test_demonyms(gaz: Gazetteer) -> None:
    for word, code in [("Iraqi", "IQ"), ("Iraqis", "IQ"), ("American", "US"), ("Syrian", "SY")]:
        found = gaz.demonym(word)
        assert found is not None and found.country == code, word
    assert gaz.demonym("Mosul") is None


def test_shapes_for_countries(gaz: Gazetteer) -> None:
    iraq = gaz.country("IQ")
    assert iraq is not None
    shapes = gaz.shapes([iraq.id])
    assert '"type":"Polygon"' in shapes[iraq.id] or '"type":"MultiPolygon"' in shapes[iraq.id]


def test_missing_tables_raise(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="cannot read"):
        load_gazetteer(tmp_path)


def test_malformed_tables_raise(tmp_path: Path) -> None:
    with gzip.open(tmp_path / "places.tsv.gz", "wt") as handle:
        handle.write("header\n1\tonly three\tfields\n")
    with gzip.open(tmp_path / "names.tsv.gz", "wt") as handle:
        handle.write("key\trefs\nmosul\t0\n")
    with pytest.raises(GazetteerError, match="malformed"):
        load_gazetteer(tmp_path)


def test_corrupt_gzip_raises(tmp_path: Path) -> None:
    (tmp_path / "places.tsv.gz").write_bytes(b"not gzip at all")
    with pytest.raises(GazetteerError):
        load_gazetteer(tmp_path)


def test_unsorted_name_table_is_rejected(tmp_path: Path) -> None:
    from helpers import write_tiny_gazetteer

    folder = write_tiny_gazetteer(tmp_path)
    with gzip.open(folder / "names.tsv.gz", "wt") as handle:
        handle.write("key\trefs\nbeta\t0\nalpha\t1\nborduria\t1\n")
    with pytest.raises(GazetteerError, match="not sorted"):
        load_gazetteer(folder)


def test_name_index_buckets_answer_like_a_dict(tmp_path: Path) -> None:
    from helpers import tiny_gazetteer

    gaz = tiny_gazetteer(tmp_path)
    assert [c.name for c in gaz.find("Borduria")] == ["Borduria"]
    assert gaz.find("Zzyzx") == [] and gaz.find("0") == []
    assert gaz.has_key("atlantis") and not gaz.has_key("atlantiss")


def test_us_counties_go_by_their_full_names(gaz: Gazetteer) -> None:
    walker = gaz.find("Walker County")
    assert {c.admin1 for c in walker} >= {"Alabama", "Georgia", "Texas"}
    assert all(c.kind == "other" and c.country == "US" and c.geonameid is None for c in walker)
    # The bare name stays the town's: counties are indexed only with their designator.
    assert all(c.kind != "other" for c in gaz.find("Walker"))
    # Population (towns inside the outline) ranks the big namesake first.
    orange = max(gaz.find("Orange County"), key=lambda c: c.population)
    assert orange.admin1 == "California" and abs(orange.lat - 33.7) < 0.2


def test_given_names_table(gaz: Gazetteer) -> None:
    assert gaz.is_given_name("Mary") and gaz.is_given_name("Paul")
    assert gaz.is_given_name("Aaren")  # the first row after the header
    assert not gaz.is_given_name("Mosul") and not gaz.is_given_name("mary")


def test_the_us_point_is_the_centre_of_the_contiguous_states(gaz: Gazetteer) -> None:
    us = gaz.country("US")
    assert us is not None
    # Inside Kansas (37-40 N, 94.6-102 W), and not countryinfo's rounded 38,-97.
    assert 37.0 < us.lat < 40.0 and -102.0 < us.lon < -94.6
    assert (round(us.lat), round(us.lon)) != (38, -97)


def test_regions_natural_earth_has_only_as_provinces(gaz: Gazetteer) -> None:
    # Natural Earth's admin-1 features in Italy, Spain and France are provinces and
    # departments; GeoNames' regions are built from them.
    for name, country, code in (
        ("Tuscany", "IT", "Toscana"),
        ("Sicily", "IT", "Sicilia"),
        ("Catalonia", "ES", "Catalunya"),
        ("Brittany", "FR", "Bretagne"),
    ):
        [region] = [c for c in gaz.find(name) if c.kind == "admin1"]
        assert (region.name, region.country) == (code, country)
    # A town there is in its region, and the province no longer goes by the region's name.
    [milan] = [c for c in gaz.find("Milan") if c.country == "IT" and c.kind == "city"][:1]
    assert milan.admin1 == "Lombardia"
    assert not [c for c in gaz.find("Lombardy") if c.name == "Bergamo"]


def _looked_up(name: str, gaz: Gazetteer) -> list[tuple[str, str, str | None, bool]]:
    from geomap.lookup import lookup
    from geomap.models import Mention

    found = lookup(Mention(name, 0, len(name), name, "name", 0, len(name)), gaz)
    return sorted({(c.name, c.kind, c.country, c.main_name) for c in found})


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kan.", ("Kansas", "admin1", "US", True)),  # not Kan in Myanmar
        ("W. Va.", ("West Virginia", "admin1", "US", True)),
        ("KY", ("Kentucky", "admin1", "US", False)),
        ("ACT", ("Australian Capital Territory", "admin1", "AU", False)),
        ("Gwinnett", ("Gwinnett County", "other", "US", False)),
    ],
)
def test_abbreviations_and_bare_county_names_find_their_region(
    name: str, expected: tuple[str, str, str, bool], gaz: Gazetteer
) -> None:
    assert _looked_up(name, gaz) == [expected]


def test_a_name_with_a_word_for_its_part_or_surroundings_finds_the_place(
    gaz: Gazetteer,
) -> None:
    london = _looked_up("North London", gaz)
    assert ("London", "city", "GB", False) in london
    assert all(not main for *_, main in london)  # matched by another name than its own
    assert ("Salinas", "city", "US", False) in _looked_up("Salinas Valley", gaz)
    # A river or creek is no county or town of its first words.
    assert _looked_up("Red River", gaz) == []
    assert _looked_up("Eastern Creek", gaz) == []
