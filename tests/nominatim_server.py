"""A scriptable Nominatim ``/search`` server on 127.0.0.1 for the fallback tests.

Each query string maps to a behaviour: ``hit`` (one place), ``hits`` (several, in
order: ``Script.several``), ``empty``, ``shop`` (a
non-place answer), ``429`` (once, with Retry-After, then a hit), ``500`` (always),
``500once`` (then a hit), ``garbage`` (malformed JSON) or ``slow`` (answers after
``slow_seconds``). Unknown queries get ``empty``. Every request is recorded with its
arrival time and query parameters.
"""

from __future__ import annotations

import json
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Script:
    behaviours: dict[str, str] = field(default_factory=dict)
    places: dict[str, tuple[float, float, str]] = field(default_factory=dict)
    many: dict[str, list[tuple[float, float, str]]] = field(default_factory=dict)
    slow_seconds: float = 3.0
    requests: list[tuple[float, str, dict[str, list[str]]]] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set)

    def place(self, query: str, lat: float, lon: float, country: str = "iq") -> None:
        self.behaviours[query] = "hit"
        self.places[query] = (lat, lon, country)

    def several(self, query: str, points: list[tuple[float, float, str]]) -> None:
        """Answer ``query`` with one place per ``(lat, lon, country)``, in this order, the
        n-th in "Province n"."""
        self.behaviours[query] = "hits"
        self.many[query] = points


def _hits(query: str, points: list[tuple[float, float, str]]) -> list[dict[str, Any]]:
    records = []
    for n, (lat, lon, country) in enumerate(points, 1):
        [record] = _hit(query, lat, lon, country, osm_id=str(zlib.crc32(f"{query}/{n}".encode())))
        record["display_name"] = f"{query}, Province {n}, Testland"
        record["address"]["state"] = f"Province {n}"
        records.append(record)
    return records


def _hit(query: str, lat: float, lon: float, country: str, **extra: str) -> list[dict[str, Any]]:
    record: dict[str, Any] = {
        "place_id": 1000 + len(query),
        "osm_type": "node",
        "osm_id": zlib.crc32(query.encode()),
        "lat": str(lat),
        "lon": str(lon),
        "class": "place",
        "type": "village",
        "name": query,
        "display_name": f"{query}, Test Province, Testland",
        "importance": 0.4,
        "address": {
            "village": query,
            "state": "Test Province",
            "country": "Testland",
            "country_code": country,
        },
    }
    record.update(extra)
    return [record]


def make_handler(script: Script) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            url = urlsplit(self.path)
            params = parse_qs(url.query)
            query = params.get("q", [""])[0]
            script.requests.append((time.monotonic(), query, params))
            behaviour = script.behaviours.get(query, "empty")
            first = query not in script._seen
            script._seen.add(query)
            lat, lon, country = script.places.get(query, (33.0, 44.0, "iq"))
            if url.path.rstrip("/") != "/search":
                self._send(404, b"[]")
            elif behaviour == "hit" or (behaviour in ("429", "500once") and not first):
                self._send(200, json.dumps(_hit(query, lat, lon, country)).encode())
            elif behaviour == "hits":
                self._send(200, json.dumps(_hits(query, script.many[query])).encode())
            elif behaviour == "shop":
                body = _hit(query, lat, lon, country, **{"class": "shop", "type": "supermarket"})
                self._send(200, json.dumps(body).encode())
            elif behaviour == "429":
                self._send(429, b'{"error": "slow down"}', {"Retry-After": "1"})
            elif behaviour in ("500", "500once"):
                self._send(500, b'{"error": "boom"}')
            elif behaviour == "garbage":
                self._send(200, b"[{not json")
            elif behaviour == "slow":
                time.sleep(script.slow_seconds)
                self._send(200, json.dumps(_hit(query, lat, lon, country)).encode())
            else:
                self._send(200, b"[]")

    return Handler


@contextmanager
def serve(script: Script) -> Iterator[str]:
    """Run the server in a thread; yields its base URL ``http://127.0.0.1:PORT``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(script))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> str:
    """A URL on 127.0.0.1 where nothing listens."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
