"""``python -m geomap``: the command line."""

from geomap.cli import run

run()
