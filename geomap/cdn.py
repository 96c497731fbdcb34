"""The CDN addresses geomap's pages load their scripts and styles from, in one place.

``geomap.render`` writes them into the page; ``geomap.assets`` keys its offline copies
(for ``--self-contained``) by them. Folium's own plugin URLs (Leaflet.heat) stay folium's.
"""

from __future__ import annotations

__all__ = [
    "CDNJS",
    "JSDELIVR",
    "LEAFLET_CSS",
    "LEAFLET_JS",
    "MARKERCLUSTER",
    "MARKERCLUSTER_CSS",
    "MARKERCLUSTER_DEFAULT_CSS",
    "MARKERCLUSTER_JS",
]

CDNJS = "https://cdnjs.cloudflare.com/ajax/libs/"
JSDELIVR = "https://cdn.jsdelivr.net/"

LEAFLET_JS = JSDELIVR + "npm/leaflet@1.9.3/dist/leaflet.js"
LEAFLET_CSS = JSDELIVR + "npm/leaflet@1.9.3/dist/leaflet.css"

#: Leaflet.markercluster 1.1.0 (the folder; the three files below are in it).
MARKERCLUSTER = CDNJS + "leaflet.markercluster/1.1.0/"
MARKERCLUSTER_JS = MARKERCLUSTER + "leaflet.markercluster.js"
MARKERCLUSTER_CSS = MARKERCLUSTER + "MarkerCluster.css"
MARKERCLUSTER_DEFAULT_CSS = MARKERCLUSTER + "MarkerCluster.Default.css"
