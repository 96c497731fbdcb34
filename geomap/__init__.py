"""geomap: find the places a text mentions and draw them on an interactive map.

>>> import geomap
>>> doc = geomap.geoparse("Fighters fled Mosul.")
>>> doc.places[0].candidate.name
'Mosul'
"""

from __future__ import annotations

from ._version import __version__
from .errors import GeomapError
from .gazetteer import load_gazetteer
from .models import Candidate, Document, Mention, Place
from .partitions import geoparse_partition, partition_meta
from .pipeline import geoparse, map_text

__all__ = [
    "Candidate",
    "Document",
    "GeomapError",
    "Mention",
    "Place",
    "__version__",
    "geoparse",
    "geoparse_partition",
    "load_gazetteer",
    "map_text",
    "partition_meta",
]
