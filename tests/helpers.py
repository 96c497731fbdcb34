"""Test helpers: a tiny hand-written gazetteer in the bundled tables' format."""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from geomap.gazetteer import Gazetteer, load_gazetteer
from geomap.names import article_stripped, name_key

HEADER = "geonameid\tname\tkind\tfeature\tlat\tlon\tcountry\tadmin1\tpopulation"

# (geonameid, name, kind, feature, lat, lon, country, admin1, population, alternate names)
TINY_PLACES: list[tuple[int, str, str, str, float, float, str, str, int, list[str]]] = [
    (1, "Atlantis", "country", "PCLI", 10.0, 20.0, "AT", "", 5_000_000, ["Atlantic Republic"]),
    (2, "Borduria", "country", "PCLI", 40.0, 20.0, "BO", "", 3_000_000, []),
    (10, "Coral Province", "admin1", "ADM1", 11.0, 21.0, "AT", "AT.01", 0, ["Coral"]),
    (11, "Granite", "admin1", "ADM1", 41.0, 21.0, "BO", "BO.01", 0, []),
    (12, "Tessaly", "admin1", "ADM1", 42.0, 22.0, "BO", "BO.02", 0, ["Tess"]),
    (100, "Port Azure", "city", "PPLC", 10.5, 20.5, "AT", "AT.01", 900_000, ["Azure"]),
    (101, "Springdale", "city", "PPL", 11.2, 21.1, "AT", "AT.01", 12_000, []),
    (102, "Springdale", "city", "PPL", 41.2, 21.3, "BO", "BO.01", 80_000, []),
    (103, "Ar Rimal", "city", "PPL", 10.9, 20.9, "AT", "AT.01", 60_000, ["Rimal"]),
    (104, "Coral", "city", "PPL", 40.5, 20.5, "BO", "BO.01", 2_000, []),
    (105, "Much", "city", "PPL", 41.5, 21.5, "BO", "BO.01", 3_000, []),
    (106, "Lindale", "city", "PPL", 41.6, 21.6, "BO", "BO.01", 4_000, []),
    (107, "Ova", "city", "PPL", 41.7, 21.7, "BO", "BO.01", 200_000, []),
    (108, "Lakeport", "city", "PPL", 41.8, 21.8, "BO", "BO.01", 150_000, ["Sol"]),
    (109, "Dora", "city", "PPL", 41.9, 21.9, "BO", "BO.01", 60_000, []),
]
DEMONYMS = [("Atlantean", 1), ("Bordurian", 2)]
# Given names: three are also towns (Coral, 2,000 people; Dora, 60,000; Ova, 200,000).
GIVEN_NAMES = ["Coral", "Dora", "Mary", "Ova"]


# A row whose latitude is no number: the tables load, but a text naming it fails.
BROKEN_PLACE = (110, "Brokenville", "city", "PPL", "north", 21.0, "AT", "AT.01", 5_000, [])


def write_tiny_gazetteer(folder: Path, *, broken: bool = False) -> Path:
    """Write the tiny gazetteer's tables into ``folder`` and return it; ``broken`` adds
    ``BROKEN_PLACE``, a corrupt row that makes any document naming it fail."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [HEADER]
    index: dict[str, dict[int, bool]] = defaultdict(dict)
    places: list[Any] = [*TINY_PLACES, BROKEN_PLACE] if broken else TINY_PLACES
    for row_no, (gid, name, kind, feat, lat, lon, cc, a1, pop, alts) in enumerate(places):
        rows.append(f"{gid}\t{name}\t{kind}\t{feat}\t{lat}\t{lon}\t{cc}\t{a1}\t{pop}")
        for label, main in [(name, True)] + [(alt, False) for alt in alts]:
            key = name_key(label)
            for k in (key, article_stripped(key)):
                if k:
                    index[k][row_no] = index[k].get(row_no, False) or main
    with gzip.open(folder / "places.tsv.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(rows) + "\n")
    lines = ["key\trefs"] + [
        key + "\t" + ",".join(f"{r}{'' if main else '~'}" for r, main in sorted(refs.items()))
        for key, refs in sorted(index.items())
    ]
    with gzip.open(folder / "names.tsv.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    (folder / "demonyms.tsv").write_text(
        "demonym\tgeonameid\n" + "".join(f"{d}\t{g}\n" for d, g in DEMONYMS), encoding="utf-8"
    )
    (folder / "given_names.txt").write_text(
        "given_name\n" + "\n".join(GIVEN_NAMES) + "\n", encoding="utf-8"
    )
    return folder


def tiny_gazetteer(folder: Path) -> Gazetteer:
    return load_gazetteer(write_tiny_gazetteer(folder))


def payload_of(html: str) -> dict[str, Any]:
    """The places payload a rendered geomap page (or fragment) carries."""
    match = re.search(r"geomap\.init\(\w+, (\{.*?\}), \{\"lowConfidence\"", html, re.S)
    assert match, "no geomap.init call in the page"
    value: dict[str, Any] = json.loads(match.group(1))
    return value
