"""The online geocoder: a ``Fallback`` (see ``geomap.lookup``) that asks a geopy
geocoder, Nominatim by default, about the names the gazetteer lacks.

Its answers are candidates like the gazetteer's (``source`` ``geocoder:SERVICE``, a
stable negative ``id``) and go through the same resolver (``geomap.pipeline``
``fill_from_fallback``). One ``OnlineGeocoder`` holds one rate limit, one budget of
lookups and one cache for a whole run; ``geomap.engine`` calls it only in the driver.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ._version import __version__
from .cache import GeocodeCache
from .errors import ConfigurationError
from .models import Candidate, Mention, PlaceKind

__all__ = ["MAX_RETRY_AFTER", "PLACE_CLASSES", "LookupStats", "OnlineGeocoder"]

logger = logging.getLogger(__name__)

#: Nominatim answers that are places: class -> accepted types (``None``: any type).
PLACE_CLASSES: dict[str, frozenset[str] | None] = {
    "place": frozenset(
        "city town village hamlet suburb locality neighbourhood quarter borough "
        "isolated_dwelling farm square island islet county state region province "
        "district municipality city_block plot".split()
    ),
    "boundary": frozenset({"administrative", "political"}),
    "natural": None,
    "landuse": frozenset({"military", "residential", "industrial"}),
    "military": None,
    "aeroway": frozenset({"aerodrome", "airfield", "heliport"}),
    "waterway": frozenset({"dam", "river", "canal"}),
    "man_made": frozenset({"dam", "bridge"}),
    "water": None,
}
_KIND_OF_TYPE: dict[str, PlaceKind] = {
    "country": "country",
    "state": "admin1",
    "region": "admin1",
    "province": "admin1",
}
#: Longest wait geomap accepts from a Retry-After header before its one retry.
MAX_RETRY_AFTER = 30.0
_PUBLIC_NOMINATIM = "nominatim.openstreetmap.org"


@dataclass(slots=True)
class LookupStats:
    """What the online fallback did in one run."""

    requests: int = 0
    lookups: int = 0
    cache_hits: int = 0
    skipped: int = 0
    failures: int = 0
    found: int = 0


class OnlineGeocoder:
    """A ``Fallback`` that asks a geopy geocoder about names the gazetteer lacks.

    Polite and bounded: at most one request per ``min_delay`` seconds (geopy's
    ``RateLimiter``), at most ``max_lookups`` names per run, one retry on HTTP 429 or
    5xx that honours ``Retry-After``, a timeout per request. Every answer, misses
    included, goes to the optional ``cache``. Any failure leaves the name unresolved
    with one warning. Only place-like answers in the document's countries are taken.
    """

    def __init__(
        self,
        service: str = "nominatim",
        *,
        url: str | None = None,
        user_agent: str = f"geomap/{__version__}",
        timeout: float = 10.0,
        max_lookups: int = 100,
        min_delay: float = 1.0,
        cache: GeocodeCache | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        from geopy.exc import GeocoderNotFound
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import get_geocoder_for_service

        if max_lookups < 0 or timeout <= 0 or min_delay < 0:
            raise ConfigurationError(
                f"bad geocoder limits: max_lookups={max_lookups!r}, timeout={timeout!r}, "
                f"min_delay={min_delay!r}"
            )
        try:
            cls = get_geocoder_for_service(service)
        except GeocoderNotFound as err:
            raise ConfigurationError(str(err)) from err
        kwargs: dict[str, Any] = {"user_agent": user_agent, "timeout": timeout}
        self.host = _PUBLIC_NOMINATIM if service == "nominatim" else service
        if url:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ConfigurationError(
                    f"--geocoder-url must look like scheme://host:port, not {url!r}"
                )
            kwargs["domain"] = parts.netloc + parts.path.rstrip("/")
            kwargs["scheme"] = parts.scheme
            self.host = parts.netloc
        try:
            self._geocoder = cls(**kwargs)
        except TypeError as err:
            raise ConfigurationError(
                f"geocoder {service!r} cannot be used this way ({err}); geomap passes only "
                "a user agent, a timeout and --geocoder-url"
            ) from err
        except Exception as err:  # geopy's ConfigurationError and friends
            raise ConfigurationError(f"geocoder {service!r}: {err}") from err
        self.service = service
        self.url = url or ""
        self.max_lookups = max_lookups
        self.min_delay = min_delay
        self.cache = cache
        self.stats = LookupStats()
        self._sleep = sleep
        self._limited = RateLimiter(
            self._geocoder.geocode,
            min_delay_seconds=min_delay,
            max_retries=0,
            swallow_exceptions=False,
        )

    def __call__(self, mention: Mention, *, countries: Sequence[str]) -> list[Candidate]:
        query = mention.query
        bias = ",".join(c.lower() for c in countries[:5])
        cached = self.cache.get(self.service, self.url, query, bias) if self.cache else None
        if cached is not None:
            self.stats.cache_hits += 1
            answer = cached
        else:
            if self.stats.lookups >= self.max_lookups:
                self.stats.skipped += 1
                return []
            self.stats.lookups += 1
            logger.info("looking up %r at %s", query, self.host)
            try:
                answer = self._ask(query, bias)
            except Exception as err:  # one failed name never sinks the run
                self.stats.failures += 1
                logger.warning("could not look up %r at %s: %s", query, self.host, _reason(err))
                return []
            if self.cache is not None:
                self.cache.put(self.service, self.url, query, bias, answer)
        found = [c for c in map(self._candidate, answer) if c is not None]
        if countries:
            wanted = {c.upper() for c in countries}
            found = [c for c in found if c.country is None or c.country in wanted]
        if found:
            self.stats.found += 1
        return found[:4]

    def _ask(self, query: str, bias: str) -> list[dict[str, Any]]:
        kwargs: dict[str, Any] = {"exactly_one": False}
        if self.service == "nominatim":
            kwargs.update(limit=5, addressdetails=True)
            if bias:
                kwargs["country_codes"] = bias.split(",")
        for attempt in (1, 2):
            try:
                self.stats.requests += 1
                locations = self._limited(query, **kwargs)
                break
            except Exception as err:
                wait = _retry_wait(err)
                if attempt == 2 or wait is None:
                    raise
                logger.warning(
                    "%s answered %s; retrying once in %.1f s", self.host, _reason(err), wait
                )
                self._sleep(wait)
        return [_answer_record(loc) for loc in (locations or [])]

    def _candidate(self, record: dict[str, Any]) -> Candidate | None:
        cls, typ = str(record.get("class", "")), str(record.get("type", ""))
        if self.service == "nominatim" or cls:
            accepted = PLACE_CLASSES.get(cls, frozenset())
            if accepted is not None and typ not in accepted:
                return None
        try:
            lat, lon = float(record["lat"]), float(record["lon"])
        except (KeyError, TypeError, ValueError):
            return None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return None
        name = str(record.get("name") or record.get("display_name") or "").split(",")[0]
        return Candidate(
            id=_stable_id(self.service, str(record.get("id", name))),
            name=name,
            lat=lat,
            lon=lon,
            kind=_KIND_OF_TYPE.get(typ, "city" if cls == "place" else "other"),
            country=(record.get("country_code") or None),
            admin1=record.get("state") or None,
            country_name=record.get("country") or None,
            source=f"geocoder:{self.service}",
            display_name=record.get("display_name") or None,
            external_id=str(record["id"]) if record.get("id") is not None else None,
        )


def _answer_record(location: Any) -> dict[str, Any]:
    """The parts of a geopy ``Location`` geomap keeps (and caches) as plain JSON."""
    raw: dict[str, Any] = location.raw if isinstance(getattr(location, "raw", None), dict) else {}
    address: dict[str, Any] = raw["address"] if isinstance(raw.get("address"), dict) else {}
    osm = f"{raw.get('osm_type', '')}/{raw.get('osm_id', '')}".strip("/")
    return {
        "lat": location.latitude,
        "lon": location.longitude,
        "display_name": str(raw.get("display_name") or location.address or ""),
        "name": str(raw.get("name") or ""),
        "class": str(raw.get("class") or raw.get("category") or ""),
        "type": str(raw.get("type") or ""),
        "id": osm or raw.get("place_id"),
        "country_code": str(address.get("country_code") or "").upper() or None,
        "country": address.get("country"),
        "state": address.get("state") or address.get("province"),
    }


def _retry_wait(err: Exception) -> float | None:
    """Seconds to wait before the one retry, or ``None`` when the error is not retried."""
    from geopy.adapters import AdapterHTTPError
    from geopy.exc import GeocoderRateLimited

    cause = err.__cause__
    if not isinstance(cause, AdapterHTTPError):
        return None
    if cause.status_code != 429 and cause.status_code < 500:
        return None
    after: float | None = None
    if isinstance(err, GeocoderRateLimited) and err.retry_after is not None:
        after = float(err.retry_after)
    else:
        header = (cause.headers or {}).get("Retry-After") or (cause.headers or {}).get(
            "retry-after"
        )
        if header and str(header).strip().isdigit():
            after = float(header)
    return min(after if after is not None else 1.0, MAX_RETRY_AFTER)


def _reason(err: Exception) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def _stable_id(service: str, key: str) -> int:
    """A negative id for an online answer, stable across runs (never a GeoNames id)."""
    digest = hashlib.sha1(f"{service}:{key}".encode()).digest()
    return -int.from_bytes(digest[:7], "big") - 1
