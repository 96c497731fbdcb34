"""The data-driven map: payload contents, escaping, page and fragment output."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from helpers import payload_of

from geomap.gazetteer import load_gazetteer
from geomap.models import Candidate, Document
from geomap.render import MapBuilder, fragment_html, map_payload, page_html, render_map, script_json

HOSTILE = (
    "<script>alert(1)</script> </script><img src=x onerror=alert(2)> "
    "'single' \"double\" `tick` ${alert(3)} \\ \u2028 & done"
)


@pytest.fixture
def baghdad(make_candidate: Callable[..., Candidate]) -> Candidate:
    return make_candidate(
        98182,
        "Baghdad",
        33.34,
        44.40,
        admin1="Baghdad",
        country="IQ",
        country_name="Iraq",
        geonameid=98182,
    )


@pytest.fixture
def iraq(make_candidate: Callable[..., Candidate]) -> Candidate:
    return make_candidate(99237, "Iraq", 33.0, 44.0, kind="country", country="IQ")


def test_one_place_per_candidate_with_counts_and_sentences(
    make_document: Callable[..., Document], baghdad: Candidate, iraq: Candidate
) -> None:
    text = "Baghdad woke. Rain fell on Baghdad and Baghdad. Iraqi police left."
    doc = make_document(
        "report",
        text,
        [
            ("Baghdad", baghdad),
            ("Baghdad", baghdad),
            ("Baghdad", baghdad),
            ("Iraqi", iraq, "demonym"),
        ],
    )
    data = map_payload([doc])
    by_name = {p["name"]: p for p in data["places"]}
    assert set(by_name) == {"Baghdad", "Iraq"}
    assert by_name["Baghdad"]["docs"] == [[0, 3]] and by_name["Baghdad"]["count"] == 3
    refs = by_name["Baghdad"]["refs"]
    assert len(refs) == 2 == by_name["Baghdad"]["sentenceCount"]
    # Offsets are inside the sentence and mark the mention.
    for sentence_index, spans in refs:
        sentence = data["sentences"][sentence_index][0]
        assert all(sentence[a:b] == "Baghdad" for a, b in spans)
    # A demonym-only place has no literal marker, only demonym references.
    assert by_name["Iraq"]["docs"] == [] and by_name["Iraq"]["demonymCount"] == 1
    assert data["docMentions"] == [3] and data["docPlaces"] == [1]
    assert data["bounds"][0][0] < 33.34 < data["bounds"][1][0]


def test_categories(
    make_document: Callable[..., Document], make_candidate: Callable[..., Candidate]
) -> None:
    online = make_candidate(
        -7, "Qarabel", 10.0, 20.0, source="geocoder:nominatim", display_name="Q, T"
    )
    region = make_candidate(5, "Anbar", 33.0, 42.0, kind="admin1")
    doc = make_document("d", "Qarabel fell. Anbar too.", [("Qarabel", online), ("Anbar", region)])
    cats = {p["name"]: p["category"] for p in map_payload([doc])["places"]}
    assert cats == {"Qarabel": "online", "Anbar": "admin1"}
    low = Document(
        "d", doc.text, tuple(p.__class__(p.mention, p.candidate, 0.2) for p in doc.places)
    )
    assert {p["category"] for p in map_payload([low])["places"]} == {"online", "low"}


def test_documents_are_layers_with_unique_names(
    make_document: Callable[..., Document], baghdad: Candidate
) -> None:
    a = make_document("same", "Baghdad.", [("Baghdad", baghdad)])
    b = make_document("same", "Baghdad!", [("Baghdad", baghdad)])
    data = map_payload([a, b])
    assert data["docs"] == ["same", "same (2)"]
    [place] = data["places"]
    assert [entry[0] for entry in place["docs"]] == [0, 1]


def test_script_json_cannot_close_the_script() -> None:
    text = script_json({"t": HOSTILE})
    for raw in ("<", ">", "&", "\u2028"):
        assert raw not in text
    assert json.loads(text) == {"t": HOSTILE}


def test_hostile_text_stays_inside_the_payload(
    make_document: Callable[..., Document], make_candidate: Callable[..., Candidate]
) -> None:
    evil = make_candidate(1, "Ev<b>il`${x}", 10.0, 20.0, admin1="</script>", country_name="\"'")
    text = f"{HOSTILE} Evil town. Evil again."
    doc = make_document(f"doc {HOSTILE}", text, [("Evil", evil)])
    benign = make_document("plain", "Evil town.", [("Evil", evil)])
    html = page_html(render_map([doc], tiles=None))
    plain = page_html(render_map([benign], tiles=None))
    assert html.count("<script") == plain.count("<script")
    assert html.count("</script") == plain.count("</script")
    assert "<img" not in html  # only as \\u003cimg inside a JSON string
    data = payload_of(html)
    assert data["docs"] == [f"doc {HOSTILE}"]
    assert data["sentences"][0][0].startswith(HOSTILE)
    assert data["places"][0]["admin1"] == "</script>"


def test_map_with_gazetteer_draws_outlines_and_basemap(
    make_document: Callable[..., Document], iraq: Candidate
) -> None:
    gaz = load_gazetteer()
    doc = make_document("d", "Iraq voted.", [("Iraq", iraq)])
    data = map_payload([doc], gazetteer=gaz, basemap=True)
    assert [f["properties"]["name"] for f in data["outlines"]["features"]] == ["Iraq"]
    assert len(data["basemap"]["features"]) >= 200
    assert map_payload([doc], gazetteer=gaz)["basemap"] is None


def test_page_and_fragment(make_document: Callable[..., Document], baghdad: Candidate) -> None:
    doc = make_document("d", "Baghdad.", [("Baghdad", baghdad)])
    page = page_html(render_map([doc]))
    assert page.lstrip().startswith("<!DOCTYPE html>") and "openstreetmap" in page.lower()
    one = fragment_html(render_map([doc]))
    two = fragment_html(render_map([doc]))
    for fragment in (one, two):
        assert "<html" not in fragment and "<body" not in fragment and "<meta" not in fragment
        assert "html, body" not in fragment
        # No fixed element id: the id is made when the fragment runs, so one page can
        # hold the same fragment twice (tests/test_browser.py opens such a page).
        assert re.findall(r'id="map_[0-9a-f]+"', fragment) == []
        assert "document.currentScript" in fragment


def test_empty_map(make_document: Callable[..., Document]) -> None:
    data = map_payload([make_document("empty", "", [])])
    assert data["places"] == [] and data["bounds"] is None


def test_template_syntax_in_input_is_not_evaluated(
    make_document: Callable[..., Document], baghdad: Candidate
) -> None:
    # branca compiles macro output as Jinja; input must never take that path.
    text = "{{ 7 * 7 }} {% if true %}x{% endif %} {# c #} in Baghdad."
    doc = make_document("{{ 6 * 6 }}", text, [("Baghdad", baghdad)])
    data = payload_of(page_html(render_map([doc], tiles=None)))
    assert data["sentences"][0][0] == text and data["docs"] == ["{{ 6 * 6 }}"]


def test_identical_sentences_are_one_piece_of_evidence(
    make_document: Callable[..., Document], baghdad: Candidate
) -> None:
    wire = "Shelling hit Baghdad at dawn."
    docs = [make_document(f"outlet-{n}", wire, [("Baghdad", baghdad)]) for n in range(30)]
    docs.append(make_document("other", "Rain in Baghdad.", [("Baghdad", baghdad)]))
    data = map_payload(docs)
    [place] = data["places"]
    assert place["count"] == 31 and len(place["docs"]) == 31
    assert place["sentenceCount"] == 2 and len(place["refs"]) == 2
    text, carriers, copies = data["sentences"][place["refs"][0][0]]
    assert text == wire and copies == 30 and carriers[:3] == [0, 1, 2] and len(carriers) == 20
    assert len(data["sentences"]) == 2


def test_evidence_budget_keeps_counts_and_spreads_over_documents(
    make_document: Callable[..., Document], baghdad: Candidate
) -> None:
    docs = [
        make_document(
            f"d{n}",
            " ".join(f"Item {k} hit Baghdad." for k in range(8)),
            [("Baghdad", baghdad)] * 8,
        )
        for n in range(4)
    ]
    data = map_payload(docs, evidence=6)
    [place] = data["places"]
    assert place["count"] == 32 and place["docs"] == [[d, 8] for d in range(4)]
    assert place["sentenceCount"] == 8  # the four documents say the same eight sentences
    assert len(place["refs"]) == 6
    assert data["docMentions"] == [8, 8, 8, 8]


def test_evidence_from_every_document_when_the_first_fills_the_budget(
    make_document: Callable[..., Document], baghdad: Candidate
) -> None:
    first = make_document(
        "long", " ".join(f"Item {k} hit Baghdad." for k in range(10)), [("Baghdad", baghdad)] * 10
    )
    others = [
        make_document(f"d{n}", f"News {n} from Baghdad.", [("Baghdad", baghdad)]) for n in range(3)
    ]
    data = map_payload([first, *others], evidence=5)
    [place] = data["places"]
    docs_shown = {data["sentences"][s][1][0] for s, _ in place["refs"]}
    assert docs_shown == {0, 1, 2, 3} and len(place["refs"]) == 5


def test_a_very_long_sentence_is_cut_around_its_mention(
    make_document: Callable[..., Document], baghdad: Candidate
) -> None:
    text = "word " * 5000 + "Baghdad " + "word " * 5000
    data = map_payload([make_document("huge", text, [("Baghdad", baghdad)])])
    [[s, [[a, b]]]] = data["places"][0]["refs"]
    sentence = data["sentences"][s][0]
    assert len(sentence) <= 602 and sentence[a:b] == "Baghdad"
    assert sentence.startswith("\u2026") and sentence.endswith("\u2026")


def test_builder_takes_documents_one_at_a_time(
    make_document: Callable[..., Document], baghdad: Candidate
) -> None:
    docs = [
        make_document(f"d{n}", f"Rain {n} in Baghdad.", [("Baghdad", baghdad)]) for n in range(5)
    ]
    builder = MapBuilder(evidence=3)
    for doc in docs:
        builder.add(doc)
    assert builder.payload() == map_payload(docs, evidence=3)
    with pytest.raises(ValueError):
        MapBuilder(evidence=0)


def test_page_budget_shows_fewer_sentences_per_place_but_counts_all(
    make_document: Callable[..., Document],
    make_candidate: Callable[..., Candidate],
) -> None:
    towns = [make_candidate(i + 1, f"Town{i}", 10.0 + i / 100, 20.0) for i in range(50)]
    text = " ".join(f"Report {k} from Town{i}." for i in range(50) for k in range(6))
    spots = [(f"Town{i}", towns[i]) for i in range(50) for _ in range(6)]
    doc = make_document("d", text, spots)
    full = map_payload([doc], evidence=5)
    assert full["evidence"] == 5 and all(len(p["refs"]) == 5 for p in full["places"])
    # A budget that holds about two sentences per place.
    small = map_payload([doc], evidence=5, budget=50 * 2 * (len("Report 0 from Town10.") + 24))
    assert small["evidence"] == 2 and all(len(p["refs"]) == 2 for p in small["places"])
    assert all(p["count"] == 6 and p["sentenceCount"] == 6 for p in small["places"])
    assert len(small["sentences"]) == 100


def test_page_budget_leaves_out_the_least_mentioned_places_and_says_so(
    make_document: Callable[..., Document],
    make_candidate: Callable[..., Candidate],
) -> None:
    # Town i is mentioned i + 1 times, each in a sentence of its own.
    towns = [make_candidate(i + 1, f"Town{i}", 10.0 + i / 100, 20.0) for i in range(60)]
    spots = [(f"Town{i}", towns[i]) for i in range(60) for _ in range(i + 1)]
    text = " ".join(f"Report {k} from {name}." for k, (name, _) in enumerate(spots))
    doc = make_document("d", text, spots)
    full = map_payload([doc], evidence=3)
    assert full["omitted"] is None and len(full["places"]) == 60
    size = len(json.dumps(full, separators=(",", ":")))
    budget = size // 2
    half = map_payload([doc], evidence=3, page_budget=budget)
    assert len(json.dumps(half, separators=(",", ":"))) <= budget
    shown = {p["name"] for p in half["places"]}
    assert 0 < len(shown) < 60
    # The most mentioned stay; what left is counted, every mention of it.
    kept_least = min(int(name[4:]) for name in shown)
    assert shown == {f"Town{i}" for i in range(kept_least, 60)}
    assert half["omitted"] == {
        "places": kept_least,
        "mentions": sum(i + 1 for i in range(kept_least)),
    }
    # Only the shown places' sentences are in the page, and every ref points at one.
    refs = [r[0] for p in half["places"] for r in p["refs"]]
    assert sorted(set(refs)) == list(range(len(half["sentences"])))
    for p in half["places"]:
        for s, spans in p["refs"]:
            for start, end in spans:
                assert half["sentences"][s][0][start:end] == p["name"]
    # The side panel's per-document counts still count every mention.
    assert half["docMentions"] == full["docMentions"] == [len(spots)]


def test_reasons_travel_compactly_with_their_words_once(
    make_document: Callable[..., Document], baghdad: Candidate, iraq: Candidate
) -> None:
    from dataclasses import replace

    from geomap.models import Reason
    from geomap.reasons import REASONS

    doc = make_document(
        "report", "Baghdad woke. Iraq slept.", [("Baghdad", baghdad), ("Iraq", iraq)]
    )
    why = (
        Reason("population", 0.93, "population 5,672,513"),
        Reason("in-context-region", 1.0, "in Baghdad, where other places are"),
        Reason("coherence", 1e-9, "9,000 km from Lima"),  # rounds to nothing: left out
    )
    places = (replace(doc.places[0], reasons=why), doc.places[1])
    data = map_payload([replace(doc, places=places)])
    by_name = {p["name"]: p for p in data["places"]}
    assert by_name["Baghdad"]["reasons"] == [["population", 0.93], ["in-context-region", 1.0]]
    assert "reasons" not in by_name["Iraq"]  # none: left out of the page
    assert data["reasonText"] == {
        "in-context-region": REASONS["in-context-region"],
        "population": REASONS["population"],
    }
