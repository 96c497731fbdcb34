"""The analyst's corrections and own places (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from geomap.errors import InputError
from geomap.gazetteer import Gazetteer, load_gazetteer
from geomap.knowledge import correction_line, load_corrections, load_places
from geomap.pipeline import geoparse

TEXT = "Fighters near Camp Speicher left Paris for Jordan. Jordan said so. Later PARIS was quiet."


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _found(text: str, gaz: Gazetteer, **kw: object) -> list[tuple[str, str | None, str | None]]:
    doc = geoparse(text, gazetteer=gaz, **kw)  # type: ignore[arg-type]
    return [
        (
            p.mention.surface,
            p.candidate.name if p.candidate else None,
            p.candidate.admin1 if p.candidate else None,
        )
        for p in doc.places
    ]


def test_corrections_recognise_resolve_and_ignore(tmp_path: Path, gaz: Gazetteer) -> None:
    rows = _write(
        tmp_path / "corrections.csv",
        "name,place,label,document\n"
        "Paris,4717560,,\n"
        "Jordan,ignore,,\n"
        'Camp Speicher,"34.8599,43.5386",Camp Speicher,\n',
    )
    before = [surface for surface, _, _ in _found(TEXT, gaz)]
    assert "Jordan" in before and "Camp Speicher" not in before  # as the recogniser has it
    doc = geoparse(TEXT, gazetteer=gaz, corrections=load_corrections(rows, gaz))
    got = [(p.mention.surface, p.candidate) for p in doc.places]
    assert [s for s, _ in got] == ["Camp Speicher", "Paris", "PARIS"]  # no Jordan
    camp, paris, upper = (c for _, c in got)
    assert camp is not None and (camp.name, camp.lat, camp.lon) == (
        "Camp Speicher",
        34.8599,
        43.5386,
    )
    assert paris is not None and (paris.name, paris.admin1, paris.geonameid) == (
        "Paris",
        "Texas",
        4717560,
    )
    assert upper == paris  # case-blind
    assert all([r.id for r in p.reasons] == ["correction"] for p in doc.places)
    assert doc.places[1].reasons[0].detail == "corrections.csv, line 2"
    assert all(TEXT[p.mention.start : p.mention.end] == p.mention.surface for p in doc.places)


def test_a_correction_can_hold_for_some_documents_only(tmp_path: Path, gaz: Gazetteer) -> None:
    rows = load_corrections(
        _write(tmp_path / "c.csv", "name,place,document\nParis,4717560,texas-*\n"), gaz
    )
    texan = geoparse("Paris was quiet.", doc_id="texas-01", gazetteer=gaz, corrections=rows)
    french = geoparse("Paris was quiet.", doc_id="france-01", gazetteer=gaz, corrections=rows)
    assert texan.places[0].candidate is not None and texan.places[0].candidate.admin1 == "Texas"
    assert french.places[0].candidate is not None and french.places[0].candidate.country == "FR"


def test_accent_blind_names_and_longest_match(tmp_path: Path, gaz: Gazetteer) -> None:
    rows = load_corrections(
        _write(tmp_path / "c.csv", 'name,place\nQayyarah West Airfield,"35.767,43.125"\n'), gaz
    )
    text = "Jets flew from Qayyárah West Airfield at dawn."
    doc = geoparse(text, gazetteer=gaz, corrections=rows)
    assert [p.mention.surface for p in doc.places] == ["Qayyárah West Airfield"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("name,place\nParis,999999999\n", "c.csv:2: GeoNames id 999999999 is not in the gazetteer"),
        ('name,place\nCamp,"95.0,43.5"\n', "c.csv:2: no such point"),
        ("name,place\nCamp,somewhere\n", "c.csv:2: place 'somewhere' is neither"),
        ("name,place,colour\nParis,4717560,red\n", "c.csv:1: unknown column 'colour'"),
        (
            "name,place\nParis,4717560\nparis,ignore\n",
            "c.csv:3: 'paris' is corrected already on line 2",
        ),
        ("name\nParis\n", "c.csv:1: the header must name name, place"),
        ("", "c.csv: empty file"),
        ("name,place\n,ignore\n", "c.csv:2: the name is empty"),
    ],
)
def test_bad_correction_rows_name_file_and_line(
    tmp_path: Path, gaz: Gazetteer, body: str, message: str
) -> None:
    with pytest.raises(InputError) as err:
        load_corrections(_write(tmp_path / "c.csv", body), gaz)
    assert message in str(err.value)


def test_correction_lines_are_csv_rows(tmp_path: Path, gaz: Gazetteer) -> None:
    line = correction_line("Camp, Speicher", "34.8599,43.5386", "Camp Speicher")
    assert line == '"Camp, Speicher","34.8599,43.5386",Camp Speicher,'
    rows = load_corrections(
        _write(tmp_path / "c.csv", "name,place,label,document\n" + line + "\n"), gaz
    )
    assert rows.rows[0].name == "Camp, Speicher" and rows.rows[0].place is not None


def test_own_places_join_the_gazetteer_for_the_run(tmp_path: Path, gaz: Gazetteer) -> None:
    path = _write(
        tmp_path / "places.csv",
        "name,lat,lon,kind,country,admin1,population,aliases\n"
        "Qarawiyah Camp,34.91,43.41,city,IQ,Salah ad Din,1200,Camp Q|Q Camp\n"
        "Fort Obscure,10.5,20.5,,,,,\n",
    )
    own = gaz.with_places(load_places(path, gaz))
    text = "Aid reached the town of Qarawiyah Camp. Camp Q was calm. Fort Obscure fell."
    assert _found(text, gaz) != _found(text, own)
    doc = geoparse(text, gazetteer=own)
    found = {p.mention.surface: p.candidate for p in doc.places}
    camp = found["Qarawiyah Camp"]
    assert camp is not None and (camp.lat, camp.lon, camp.country, camp.source) == (
        34.91,
        43.41,
        "IQ",
        "places:places.csv",
    )
    alias = found["Camp Q"]
    assert alias is not None and alias.id == camp.id and not alias.main_name
    assert found["Fort Obscure"] is not None
    assert gaz.find("Qarawiyah Camp") == []  # the bundled gazetteer is unchanged


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("name,lat\nX,1\n", "p.csv:1: the header must name name, lat, lon"),
        ("name,lat,lon\nX,91,1\n", "p.csv:2: no such point"),
        ("name,lat,lon,country\nX,1,1,ZZ\n", "p.csv:2: no country with the ISO code 'ZZ'"),
        ("name,lat,lon,population\nX,1,1,many\n", "p.csv:2: population 'many'"),
        ("name,lat,lon\nX,1,1\nx,1,1\n", "p.csv:3: 'x' is listed already on line 2"),
        ("name,lat,lon,size\nX,1,1,3\n", "p.csv:1: unknown column 'size'"),
    ],
)
def test_bad_place_rows_name_file_and_line(
    tmp_path: Path, gaz: Gazetteer, body: str, message: str
) -> None:
    with pytest.raises(InputError) as err:
        load_places(_write(tmp_path / "p.csv", body), gaz)
    assert message in str(err.value)


def test_thousands_of_own_places_load(tmp_path: Path, gaz: Gazetteer) -> None:
    rows = "".join(f"Outpost {n},{n % 80}.5,{n % 170}.25,other,,,,\n" for n in range(5000))
    path = _write(
        tmp_path / "many.csv", "name,lat,lon,kind,country,admin1,population,aliases\n" + rows
    )
    own = gaz.with_places(load_places(path, gaz))
    assert [c.lat for c in own.find("Outpost 4999")] == [39.5]
    assert len({c.id for n in range(5000) for c in own.find(f"Outpost {n}")}) == 5000
