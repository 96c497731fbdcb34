"""Claims the code makes about itself: word lists' case, one home for constants."""

from __future__ import annotations

from typing import Any

from geomap import wordlists


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k in value for s in _strings(k)]
    if isinstance(value, (frozenset, set, tuple, list)):
        return [s for item in value for s in _strings(item)]
    return []


def test_word_lists_are_lower_case_as_the_docstring_says() -> None:
    mixed = {"REGION_ABBREVIATIONS"}  # the docstring names it as the exception
    for name in wordlists.__all__:
        entries = _strings(getattr(wordlists, name))
        assert entries, name
        upper = [e for e in entries if e != e.lower()]
        if name in mixed:
            assert upper, f"{name} is lower case now: update the wordlists docstring"
        else:
            assert not upper, f"{name} has {upper[:3]}: not lower case as documented"
    assert wordlists.REGION_ABBREVIATIONS["Calif."][0] == "California"
