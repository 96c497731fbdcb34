"""The online fallback against a real local server speaking Nominatim's /search JSON."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import payload_of, write_tiny_gazetteer
from nominatim_server import Script, closed_port, serve
from typer.testing import CliRunner

from geomap.cache import GeocodeCache
from geomap.cli import app
from geomap.errors import ConfigurationError
from geomap.geocoder import OnlineGeocoder
from geomap.models import Mention

runner = CliRunner()

# Each sentence puts one unknown name in a place context, in a document about Atlantis (AT).
TEXT = (
    "Atlantean troops took the town of Qarabel.\n"
    "Aid reached the village of Zumrud.\n"
    "Shelling hit the town of Kefr.\n"
)


@pytest.fixture()
def gaz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_gazetteer(tmp_path_factory.mktemp("tiny"))


@pytest.fixture()
def online(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GEOMAP_OFFLINE")


@pytest.fixture()
def script() -> Script:
    return Script()


@pytest.fixture()
def server(script: Script) -> Iterator[str]:
    with serve(script) as url:
        yield url


def run(gaz_dir: Path, tmp_path: Path, url: str, *extra: str, text: str = TEXT):  # type: ignore[no-untyped-def]
    doc = tmp_path / "doc.txt"
    doc.write_text(text, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = [
        "extract",
        str(doc),
        "-o",
        str(out),
        "--gazetteer",
        str(gaz_dir),
        "--geocoder-url",
        url,
        "--geocoder-delay",
        "0",
        "--geocoder-timeout",
        "1",
        *extra,
    ]
    result = runner.invoke(app, args)
    mentions = json.loads(out.read_text())["mentions"] if out.exists() else []
    return result, {m["text"]: m for m in mentions}


def test_hit_is_taken_with_provenance(
    online: None, gaz_dir: Path, tmp_path: Path, script: Script, server: str
) -> None:
    script.place("Qarabel", 10.7, 20.8, "at")
    result, found = run(gaz_dir, tmp_path, server)
    assert result.exit_code == 0, result.output
    q = found["Qarabel"]
    assert (q["lat"], q["lon"], q["source"], q["country"]) == (
        10.7,
        20.8,
        "geocoder:nominatim",
        "AT",
    )
    assert q["display_name"] == "Qarabel, Test Province, Testland" and q["geocoder_id"].startswith(
        "node/"
    )
    assert found["Zumrud"]["lat"] is None  # empty answer: unresolved
    # The search was biased to the document's country.
    params = [p for _, q_, p in script.requests if q_ == "Qarabel"][0]
    assert params["countrycodes"] == ["at"]
    assert "looked up 3 names online at 127.0.0.1" in result.stderr


def test_gazetteer_names_never_go_online(
    online: None, gaz_dir: Path, tmp_path: Path, script: Script, server: str
) -> None:
    result, found = run(gaz_dir, tmp_path, server, text="Ships left Port Azure for Rimal.")
    assert result.exit_code == 0
    assert script.requests == []
    assert found["Port Azure"]["source"] == "gazetteer"


def test_non_place_and_foreign_answers_are_refused(
    online: None, gaz_dir: Path, tmp_path: Path, script: Script, server: str
) -> None:
    script.behaviours["Qarabel"] = "shop"
    script.place("Zumrud", 48.0, 2.0, "fr")  # a place, but not in the document's country
    _, found = run(gaz_dir, tmp_path, server)
    assert found["Qarabel"]["lat"] is None and found["Zumrud"]["lat"] is None


@pytest.mark.parametrize(
    ("behaviour", "warning"),
    [("500", "500"), ("garbage", "GeocoderParseError"), ("slow", "timed out")],
)
def test_failures_warn_and_still_write_output(
    online: None,
    gaz_dir: Path,
    tmp_path: Path,
    script: Script,
    server: str,
    behaviour: str,
    warning: str,
) -> None:
    script.behaviours["Qarabel"] = behaviour
    script.slow_seconds = 2.5
    script.place("Kefr", 10.6, 20.6, "at")
    result, found = run(gaz_dir, tmp_path, server)
    assert result.exit_code == 0, result.output
    assert found["Qarabel"]["lat"] is None and found["Kefr"]["lat"] == 10.6
    lines = [
        line for line in result.stderr.splitlines() if "Qarabel" in line and "could not" in line
    ]
    assert len(lines) == 1 and warning in lines[0]
    if behaviour == "500":  # retried once, then given up
        assert [q for _, q, _ in script.requests].count("Qarabel") == 2


def test_retry_honours_retry_after(
    online: None, gaz_dir: Path, tmp_path: Path, script: Script, server: str
) -> None:
    script.behaviours["Qarabel"] = "429"
    script.places["Qarabel"] = (10.7, 20.8, "at")
    result, found = run(gaz_dir, tmp_path, server)
    assert result.exit_code == 0
    assert found["Qarabel"]["lat"] == 10.7
    times = [t for t, q, _ in script.requests if q == "Qarabel"]
    assert len(times) == 2 and times[1] - times[0] >= 0.95  # Retry-After: 1


def test_closed_port(online: None, gaz_dir: Path, tmp_path: Path) -> None:
    result, found = run(gaz_dir, tmp_path, closed_port())
    assert result.exit_code == 0 and found["Qarabel"]["lat"] is None
    assert result.stderr.count("could not look up") == 3


def test_cache_serves_the_second_run(
    online: None, gaz_dir: Path, tmp_path: Path, script: Script, server: str
) -> None:
    script.place("Qarabel", 10.7, 20.8, "at")
    cache = tmp_path / "c.sqlite"
    run(gaz_dir, tmp_path, server, "--cache", str(cache))
    first = len(script.requests)
    assert first == 3
    result, found = run(gaz_dir, tmp_path, server, "--cache", str(cache))
    assert len(script.requests) == first  # hits and misses both cached
    assert found["Qarabel"]["lat"] == 10.7 and "3 from cache" in result.stderr


def test_spacing_between_requests(
    online: None, gaz_dir: Path, tmp_path: Path, script: Script, server: str
) -> None:
    run(gaz_dir, tmp_path, server, "--geocoder-delay", "0.3")
    times = [t for t, _, _ in script.requests]
    assert len(times) == 3
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.29


def test_max_lookups(
    online: None, gaz_dir: Path, tmp_path: Path, script: Script, server: str
) -> None:
    result, _ = run(gaz_dir, tmp_path, server, "--max-lookups", "1")
    assert len(script.requests) == 1
    assert "2 not looked up (over --max-lookups)" in result.stderr


def test_offline_makes_no_request(
    gaz_dir: Path, tmp_path: Path, script: Script, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GEOMAP_OFFLINE")
    result, found = run(gaz_dir, tmp_path, server, "--offline")
    assert result.exit_code == 0 and script.requests == [] and found["Qarabel"]["lat"] is None
    monkeypatch.setenv("GEOMAP_OFFLINE", "1")
    run(gaz_dir, tmp_path, server)
    assert script.requests == []


def test_render_marks_online_places(
    online: None, gaz_dir: Path, tmp_path: Path, script: Script, server: str
) -> None:
    script.place("Qarabel", 10.7, 20.8, "at")
    doc = tmp_path / "d.txt"
    doc.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "m.html"
    result = runner.invoke(
        app,
        [
            "render",
            str(doc),
            "-o",
            str(out),
            "--gazetteer",
            str(gaz_dir),
            "--geocoder-url",
            server,
            "--geocoder-delay",
            "0",
        ],
    )
    assert result.exit_code == 0, result.output
    [online_place] = [p for p in payload_of(out.read_text())["places"] if p["name"] == "Qarabel"]
    assert online_place["category"] == "online" and online_place["source"] == "geocoder:nominatim"
    assert online_place["display"] == "Qarabel, Test Province, Testland"


def test_unknown_service_lists_valid_ones() -> None:
    with pytest.raises(ConfigurationError, match="nominatim"):
        OnlineGeocoder("no-such-geocoder")
    result = runner.invoke(
        app,
        ["extract", "-", "--geocoder", "no-such-geocoder"],
        input="x",
        env={"GEOMAP_OFFLINE": ""},
    )
    assert result.exit_code == 1 and "nominatim" in result.stderr


def test_bad_geocoder_url() -> None:
    with pytest.raises(ConfigurationError, match="scheme://host:port"):
        OnlineGeocoder(url="127.0.0.1:8080")


def test_corrupt_cache_is_moved_aside(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "geocode.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    cache = GeocodeCache(path)
    cache.put("nominatim", "", "Qarabel", "at", [{"lat": 1}])
    assert cache.get("nominatim", "", "Qarabel", "at") == [{"lat": 1}]
    assert list(tmp_path.glob("geocode.sqlite.corrupt-*"))
    assert "unreadable" in caplog.text


def test_cache_expiry_and_commands(tmp_path: Path) -> None:
    now = [1_000_000.0]
    cache = GeocodeCache(tmp_path / "c.sqlite", clock=lambda: now[0])
    cache.put("s", "", "miss", "", [])
    cache.put("s", "", "hit", "", [{"lat": 1}])
    now[0] += 31 * 24 * 3600
    assert cache.get("s", "", "miss", "") is None  # misses expire after 30 days
    assert cache.get("s", "", "hit", "") == [{"lat": 1}]
    info = cache.info()
    assert (info.entries, info.hits, info.misses) == (2, 1, 1)
    cache.close()
    result = runner.invoke(app, ["cache", "info", "--cache", str(tmp_path / "c.sqlite")])
    assert result.exit_code == 0 and "2 entries" in result.stdout
    result = runner.invoke(app, ["cache", "clear", "--cache", str(tmp_path / "c.sqlite")])
    assert result.exit_code == 0 and "removed 2" in result.stdout
    with sqlite3.connect(tmp_path / "c.sqlite") as db:
        assert db.execute("SELECT count(*) FROM answers").fetchone()[0] == 0


def test_fallback_object_directly(script: Script, server: str, tmp_path: Path) -> None:
    script.place("Qarabel", 10.7, 20.8, "at")
    geocoder = OnlineGeocoder(url=server, min_delay=0, cache=GeocodeCache(tmp_path / "x.sqlite"))
    mention = Mention("Qarabel", 0, 7, "Qarabel", "context", 0, 7)
    [candidate] = geocoder(mention, countries=["AT"])
    assert candidate.source == "geocoder:nominatim" and candidate.lat == 10.7
    assert geocoder(mention, countries=["AT"]) == [candidate]
    assert (geocoder.stats.requests, geocoder.stats.cache_hits) == (1, 1)


def test_public_nominatim_is_never_asked_faster_than_once_a_second() -> None:
    from geomap.cli_options import GeoparseOptions

    def options(**more: Any) -> GeoparseOptions:
        return GeoparseOptions(user_agent="geomap-test", max_lookups=5, geocoder_delay=0.0, **more)

    public = options().fallback()
    assert (
        public is not None
        and public.min_delay == 1.0
        and public.host == "nominatim.openstreetmap.org"
    )
    own = options(geocoder_url="http://127.0.0.1:9").fallback()
    assert own is not None and own.min_delay == 0.0
    assert options(offline=True).fallback() is None


_WRITER = """
import sys
from pathlib import Path
from typing import Any
from geomap.cache import GeocodeCache
cache = GeocodeCache(Path(sys.argv[1]))
for i in range(150):
    cache.put("s", "", f"{sys.argv[2]}-{i}", "", [{"lat": i}])
    assert cache.get("s", "", f"{sys.argv[2]}-{i}", "") == [{"lat": i}]
"""


def test_cache_shared_by_concurrent_processes(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "shared.sqlite"
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(path), name]) for name in "abc"]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    assert GeocodeCache(path).info().entries == 450


def test_context_chooses_among_online_answers(
    online: None, gaz_dir: Path, tmp_path: Path, script: Script, server: str
) -> None:
    # Two Qarabels in Atlantis: the geocoder ranks the far one first; the document also
    # names Port Azure, a few km from the second, and the resolver takes that one.
    script.several("Qarabel", [(14.0, 26.0, "at"), (10.6, 20.6, "at")])
    text = "Ships left Port Azure for the town of Qarabel.\n"
    result, found = run(gaz_dir, tmp_path, server, text=text)
    assert result.exit_code == 0, result.output
    q = found["Qarabel"]
    assert (q["lat"], q["lon"], q["display_name"]) == (10.6, 20.6, "Qarabel, Province 2, Testland")
    assert [(a["lat"], a["admin1"]) for a in q["alternatives"]] == [(14.0, "Province 1")]
    coherence = next(r for r in q["reasons"] if r["id"] == "coherence")
    assert "Port Azure" in coherence["detail"] and coherence["delta"] > 0.5
    assert 0.5 < q["score"] < 1.0
    assert found["Port Azure"]["source"] == "gazetteer" and found["Port Azure"]["score"] == 1.0
    assert [q_ for _, q_, _ in script.requests] == ["Qarabel"]  # one question per name
