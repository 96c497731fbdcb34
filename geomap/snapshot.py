"""Pictures of maps: an HTML page -> PNG through headless Chromium.

Chromium is looked up as ``$GEOMAP_CHROMIUM``, then ``chromium``, ``chromium-browser``,
``google-chrome`` on the PATH. It runs with no network (every host name fails to
resolve), so the page must be self-contained; the picture shows the map as drawn by
``geomap.js`` (tiles, which need the network, stay blank).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import ConfigurationError

__all__ = ["CHROMIUM_FLAGS", "find_chromium", "save_png"]

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


def find_chromium() -> str:
    """The Chromium executable, or ``ConfigurationError`` saying how to get one."""
    override = os.environ.get("GEOMAP_CHROMIUM")
    if override:
        if Path(override).is_file():
            return override
        raise ConfigurationError(f"GEOMAP_CHROMIUM={override!r} is not a file")
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    raise ConfigurationError(
        "--png needs headless Chromium, which was not found: install it (Debian: "
        "apt-get install chromium) or set GEOMAP_CHROMIUM to its path"
    )


def save_png(page: str, png: Path, *, width: int = 1200, height: int = 800) -> None:
    """Write a ``width`` x ``height`` screenshot of the HTML ``page`` to ``png`` (atomically)."""
    browser = find_chromium()
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="geomap-png-") as tmp:
        html = Path(tmp) / "map.html"
        html.write_text(page, encoding="utf-8")
        shot = Path(tmp) / "map.png"
        try:
            subprocess.run(
                [
                    browser,
                    *CHROMIUM_FLAGS,
                    f"--user-data-dir={Path(tmp) / 'profile'}",
                    f"--window-size={width},{height}",
                    "--virtual-time-budget=8000",
                    f"--screenshot={shot}",
                    html.as_uri(),
                ],
                capture_output=True,
                timeout=120,
                check=True,
            )
        except (OSError, subprocess.SubprocessError) as err:
            raise ConfigurationError(f"Chromium could not draw the map: {err}") from err
        if not shot.exists():
            raise ConfigurationError("Chromium wrote no picture")
        os.replace(shot, png) if _same_fs(shot, png) else shutil.copyfile(shot, png)


def _same_fs(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_dev == b.parent.stat().st_dev
    except OSError:
        return False
