"""geomap's exceptions.

::

    GeomapError
    ├── ConfigurationError(GeomapError, ValueError)   bad options or arguments
    ├── GazetteerError(GeomapError, ValueError)       gazetteer file missing or malformed
    ├── InputError(GeomapError, ValueError)           input unreadable, binary or not UTF-8
    └── GeocodingError(GeomapError)                   the online fallback is misconfigured

Only what the caller must fix is an exception: a name that cannot be resolved is an
unresolved ``Place``, not an error.
"""

from __future__ import annotations

__all__ = [
    "ConfigurationError",
    "GazetteerError",
    "GeocodingError",
    "GeomapError",
    "InputError",
]


class GeomapError(Exception):
    """Base class of every error geomap raises on purpose."""


class ConfigurationError(GeomapError, ValueError):
    """An option or argument has a bad value."""


class GazetteerError(GeomapError, ValueError):
    """The gazetteer tables are missing or malformed."""


class InputError(GeomapError, ValueError):
    """An input document cannot be read as text."""


class GeocodingError(GeomapError):
    """The online geocoder fallback is misconfigured."""
