from __future__ import annotations

import pytest

from geomap.names import article_stripped, is_latin, name_key


@pytest.mark.parametrize(
    "variants",
    [
        ("Baqubah", "Ba'qubah", "Baquba", "BAQUBAH", "Ba\u2019qubah"),
        ("Raqqa", "Raqqah", "Raqa"),
        ("Mosul", "mosul", "MOSUL", " Mosul "),
        ("São Paulo", "Sao Paulo", "SAO-PAULO"),
        ("Łódź", "Lodz"),
        ("Salah ad Din", "Salah-ad-Din"),
        ("U.S.", "US"),
    ],
)
def test_variants_share_one_key(variants: tuple[str, ...]) -> None:
    assert len({name_key(v) for v in variants}) == 1


@pytest.mark.parametrize(
    ("name", "stripped"),
    [
        ("Ar Raqqah", "raqa"),
        ("Al-Raqqa", "raqa"),
        ("Al Mawsil", "mawsil"),
        ("As Sulaymaniyah", "sulaymaniya"),
    ],
)
def test_arabic_article_is_strippable(name: str, stripped: str) -> None:
    assert article_stripped(name_key(name)) == stripped


@pytest.mark.parametrize("name", ["El Salvador", "Mosul", "Alabama", "Atlanta", "Al"])
def test_no_article_to_strip(name: str) -> None:
    assert article_stripped(name_key(name)) is None


def test_distinct_names_stay_distinct() -> None:
    assert name_key("Mosul") != name_key("Basra")
    assert name_key("Paris") != name_key("Parish")


def test_is_latin() -> None:
    assert is_latin("Mosul") and is_latin("Kraków")
    assert not is_latin("الموصل") and not is_latin("Москва") and not is_latin("")
