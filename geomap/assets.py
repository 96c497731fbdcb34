"""Self-contained pages: ``str`` (an HTML page or fragment as folium renders it) -> ``str``.

``inline_assets`` swaps every CDN ``<script src>`` and ``<link rel="stylesheet">`` for an
inline copy read at run time from an installed registry package, and turns every image and
font the inlined CSS points at into a ``data:`` URI, so the page works with no network at
all. ``external_references`` lists what still reaches out; after ``inline_assets`` that is
nothing (tile URL templates are not references: base map tiles still need a tile server, or
``tiles=None``).

Where the bytes come from (all PyPI packages, installed by ``pip install geomap``; nothing
is copied into this repository)::

    library (page asks for)        inlined version  package (version, licence)
    Leaflet (1.9.3) js+css+images  1.9.4            django-js-lib-leaflet 1.9.4.1 (BSD-2-Clause)
    Leaflet.markercluster (1.1.0)  1.1.0            folium-offline 0.20.0.2 (MIT) *
    jQuery (3.7.1)                 3.7.1            folium-offline (MIT; jQuery MIT) *
    Bootstrap (5.2.2) js+css       5.2.2            folium-offline (MIT; Bootstrap MIT) *
    Leaflet.awesome-markers (2.0.2) 2.0.2           folium-offline (MIT; awesome-markers MIT)
    folium's awesome.rotate css    folium 0.20      folium-offline (MIT)
    bootstrap-glyphicons (3.0.0)   3.0.0            folium-offline (MIT; Bootstrap 3.0.0
                                                    Apache-2.0, Glyphicons Halflings with it)
    Font Awesome Free (6.2.0)      6.2.1            xstatic-font-awesome 6.2.1.2 (Font Awesome
                                                    Free: code MIT, fonts OFL-1.1, icons CC-BY-4.0)

    * checked: the same text as the npm release of that version (but for line endings).

folium-offline is the Sandia "offlinefolium" project: its top-level module is
``offlinefolium``, not ``folium``, so it does not shadow folium 0.20. It keeps every asset
as a Python string in ``offlinefolium/elements.py`` (``_res[CDN URL] = '''...'''``, with
images already ``data:`` URIs); geomap never imports it but reads that file as data
(``ast``, no code runs) through ``importlib.metadata``. Its Leaflet is patched and its
Font Awesome lacks three of the four webfonts, hence the two other packages.

Rules: a CDN script or stylesheet is matched by library name and major version (Leaflet
1.9.3 -> 1.9.4 is fine, Font Awesome 4 is not); one with no offline copy raises
``ConfigurationError`` naming the URL. In an ``@font-face`` only the last ``src`` counts
and only its best format is kept (woff2 > woff > ttf/otf > the rest), so IE-only eot/svg
fallbacks that no package ships are dropped rather than left pointing nowhere. Leaflet
guesses its default marker images from the leaflet.css location; an inline stylesheet
has none, so a short script after Leaflet sets ``L.Icon.Default`` to ``data:`` URIs.
Files are read and encoded once per process (``functools.cache``).

>>> page = '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>'
>>> external_references(inline_assets(page))
[]
"""

from __future__ import annotations

import ast
import base64
import logging
import mimetypes
import posixpath
import re
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from geomap import cdn
from geomap.errors import ConfigurationError

__all__ = ["external_references", "inline_assets"]

logger = logging.getLogger(__name__)

_FOLIUM_OFFLINE = "folium-offline"
_FOLIUM_OFFLINE_TABLE = "offlinefolium/elements.py"
_LEAFLET = "django-js-lib-leaflet"
_LEAFLET_DIR = "js_lib_leaflet/static/js_lib_leaflet/"
_FONT_AWESOME = "xstatic-font-awesome"


@dataclass(frozen=True, slots=True)
class _Asset:
    """One offline copy: a file in a distribution, or an entry of folium-offline's table."""

    library: str
    kind: Literal["js", "css"]
    pattern: re.Pattern[str]
    dist: str
    path: str
    key: str | None = None  # folium-offline ``_res`` key; then ``path`` is the table file


def _offline(library: str, kind: Literal["js", "css"], pattern: str, key: str) -> _Asset:
    table = _FOLIUM_OFFLINE_TABLE
    return _Asset(library, kind, re.compile(pattern, re.I), _FOLIUM_OFFLINE, table, key)


def _file(library: str, kind: Literal["js", "css"], pattern: str, dist: str, path: str) -> _Asset:
    return _Asset(library, kind, re.compile(pattern, re.I), dist, path)


_AWESOME = cdn.CDNJS + "Leaflet.awesome-markers/2.0.2/"

# Patterns are searched in "host/path" of the URL; each pins the major version.
_ASSETS: tuple[_Asset, ...] = (
    _file(
        "Leaflet 1.9.4",
        "js",
        r"(^|/)leaflet[@/]1(\.\d+)*/(dist/)?leaflet\.js$",
        _LEAFLET,
        _LEAFLET_DIR + "leaflet.js",
    ),
    _file(
        "Leaflet 1.9.4",
        "css",
        r"(^|/)leaflet[@/]1(\.\d+)*/(dist/)?leaflet\.css$",
        _LEAFLET,
        _LEAFLET_DIR + "leaflet.css",
    ),
    _offline(
        "Leaflet.markercluster 1.1.0",
        "js",
        r"(^|/)leaflet\.markercluster[@/]1(\.\d+)*/(dist/)?leaflet\.markercluster\.js$",
        cdn.MARKERCLUSTER_JS,
    ),
    _offline(
        "Leaflet.markercluster 1.1.0",
        "css",
        r"(^|/)leaflet\.markercluster[@/]1(\.\d+)*/(dist/)?MarkerCluster\.css$",
        cdn.MARKERCLUSTER_CSS,
    ),
    _offline(
        "Leaflet.markercluster 1.1.0",
        "css",
        r"(^|/)leaflet\.markercluster[@/]1(\.\d+)*/(dist/)?MarkerCluster\.Default\.css$",
        cdn.MARKERCLUSTER_DEFAULT_CSS,
    ),
    _offline(
        "jQuery 3.7.1",
        "js",
        r"(^|/)jquery(-3(\.\d+)*\.min\.js|[@/]3(\.\d+)*/(dist/)?jquery\.min\.js)$",
        "https://code.jquery.com/jquery-3.7.1.min.js",
    ),
    _offline(
        "Bootstrap 5.2.2",
        "js",
        r"(^|/)bootstrap[@/]5(\.\d+)*/(dist/)?js/bootstrap\.bundle\.min\.js$",
        cdn.JSDELIVR + "npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js",
    ),
    _offline(
        "Bootstrap 5.2.2",
        "css",
        r"(^|/)bootstrap[@/]5(\.\d+)*/(dist/)?css/bootstrap\.min\.css$",
        cdn.JSDELIVR + "npm/bootstrap@5.2.2/dist/css/bootstrap.min.css",
    ),
    _offline(
        "Bootstrap 3.0.0 glyphicons",
        "css",
        r"(^|/)bootstrap/3(\.\d+)*/css/bootstrap-glyphicons\.css$",
        "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css",
    ),
    _offline(
        "Leaflet.awesome-markers 2.0.2",
        "js",
        r"(^|/)leaflet\.awesome-markers[@/]2(\.\d+)*/(dist/)?leaflet\.awesome-markers\.js$",
        _AWESOME + "leaflet.awesome-markers.js",
    ),
    _offline(
        "Leaflet.awesome-markers 2.0.2",
        "css",
        r"(^|/)leaflet\.awesome-markers[@/]2(\.\d+)*/(dist/)?leaflet\.awesome-markers\.css$",
        _AWESOME + "leaflet.awesome-markers.css",
    ),
    _offline(
        "folium awesome.rotate css",
        "css",
        r"/folium(@[^/]+)?/folium/templates/leaflet\.awesome\.rotate(\.min)?\.css$",
        cdn.JSDELIVR + "gh/python-visualization/folium/folium/templates/"
        "leaflet.awesome.rotate.min.css",
    ),
    # Leaflet.heat, as folium's HeatMap plugin loads it from folium's own repository;
    # the same file ships inside the folium package.
    _file(
        "Leaflet.heat (folium's copy)",
        "js",
        r"/folium(@[^/]+)?/folium/templates/leaflet_heat\.min\.js$",
        "folium",
        "folium/templates/leaflet_heat.min.js",
    ),
    _file(
        "Font Awesome Free 6.2.1",
        "css",
        r"(^|/)(fontawesome-free@|font-awesome/)6(\.\d+)*/css/all(\.min)?\.css$",
        _FONT_AWESOME,
        "xstatic/pkg/font_awesome/data/css/all.min.css",
    ),
)

# Leaflet's default marker images, which its JS (not its CSS) asks for by file name.
_LEAFLET_ICONS = {
    "iconUrl": "marker-icon.png",
    "iconRetinaUrl": "marker-icon-2x.png",
    "shadowUrl": "marker-shadow.png",
}

_MIME = {
    ".png": "image/png",
    ".gif": "image/gif",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".eot": "application/vnd.ms-fontobject",
}

# Elements of the page, in one pass so that tags inside inline scripts are left alone.
_ELEMENT = re.compile(
    r"<!--.*?-->"
    r"|<script\b(?P<script>[^>]*)>(?P<body>.*?)</script\s*>"
    r"|<style\b[^>]*>.*?</style\s*>"
    r"|<link\b(?P<link>[^>]*)>",
    re.S | re.I,
)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
# Kept when a ``<script src>`` becomes inline; src, integrity, defer, ... no longer apply.
_SCRIPT_ATTRS = frozenset({"type", "id", "nonce", "class"})

_CSS_URL = re.compile(r"""url\(\s*(?P<q>["']?)(?P<url>.*?)(?P=q)\s*\)""", re.S)
_FONT_FACE = re.compile(r"@font-face\s*\{(?P<body>[^{}]*)\}", re.I)
_FONT_SRC = re.compile(r"(?<![\w-])src\s*:\s*(?P<value>(?:url\([^)]*\)|[^;}])*);?", re.I)
_SRC_ENTRY = re.compile(r"(?:url\([^)]*\)|local\([^)]*\)|format\([^)]*\)|tech\([^)]*\)|[^,])+")
_FORMAT = re.compile(r"""format\(\s*["']?([\w-]+)""", re.I)
_FORMAT_RANK = {"woff2": 0, "woff": 1, "truetype": 2, "opentype": 2, "ttf": 2, "otf": 2}
_SOURCE_MAP = re.compile(
    r"^\s*(?://[#@]\s*sourceMappingURL=.*|/\*[#@]\s*sourceMappingURL=.*?\*/)\s*$", re.M
)

# What external_references looks for: tag attributes that load something (not <a href>,
# which is a link to follow), CSS url(...) anywhere, and CSS @import "...".
_TAG = re.compile(r"<(?P<tag>[a-z][\w:-]*)(?P<attrs>\s[^<>]*)>", re.I)
_LOADING_ATTR = re.compile(
    r"""(?:^|\s)(?P<name>src|href|xlink:href|data|poster|background|srcset)\s*=\s*"""
    r"""(?:\\?"(?P<dq>[^"\\]*)\\?"|\\?'(?P<sq>[^'\\]*)\\?'|(?P<bare>[^\s>"'\\]+))""",
    re.I,
)
_NAVIGATION_TAGS = frozenset({"a", "area"})
_ANY_URL = re.compile(r"""url\(\s*\\?["']?(?P<url>[^"'()\s\\]+)|@import\s+["'](?P<imp>[^"']+)""")


def inline_assets(html: str) -> str:
    """``html`` with every CDN script and stylesheet inlined from installed packages.

    Works on a whole page or a fragment. Raises ``ConfigurationError`` naming the URL when
    a script or stylesheet has no offline copy, or when anything else (an ``<img src>``, a
    CSS ``url()``) would still reach the network.
    """

    def replace(match: re.Match[str]) -> str:
        if match.group("script") is not None:
            attrs = _parse_attrs(match.group("script"))
            url = attrs.get("src")
            if url is None or not _is_external(url):
                return match.group(0)
            kept = "".join(
                f' {name}="{value}"' for name, value in attrs.items() if name in _SCRIPT_ATTRS
            )
            asset = _find_asset(url, "js")
            return f"<script{kept}>/* {_provenance(asset, url)} */\n{_inline_js(asset)}</script>"
        if match.group("link") is not None:
            attrs = _parse_attrs(match.group("link"))
            url = attrs.get("href")
            rel = attrs.get("rel", "").lower().split()
            if url is None or "stylesheet" not in rel or not _is_external(url):
                return match.group(0)
            media = attrs.get("media")
            media_attr = "" if media is None else f' media="{media}"'
            asset = _find_asset(url, "css")
            css = _inline_css(asset)
            return f"<style{media_attr}>/* {_provenance(asset, url)} */\n{css}</style>"
        return match.group(0)

    page = _ELEMENT.sub(replace, html)
    remaining = external_references(page)
    if remaining:
        raise ConfigurationError(
            f"cannot make the page self-contained: no offline copy of {', '.join(remaining)}"
        )
    return page


def external_references(html: str) -> list[str]:
    """Every http(s) or protocol-relative URL that ``html`` would load, in page order.

    Looks at ``src``/``href``/``data``/``poster``/``srcset`` attributes of any tag but
    ``<a>``/``<area>`` (links are followed, not loaded), also inside inline scripts, and at
    CSS ``url(...)`` and ``@import``. A URL with ``{`` is a template (map tiles), not a
    reference. ``[]`` means the page needs no network.
    """
    found: dict[str, None] = {}
    for tag in _TAG.finditer(html):
        if tag.group("tag").lower() in _NAVIGATION_TAGS:
            continue
        for attr in _LOADING_ATTR.finditer(tag.group("attrs")):
            value = attr.group("dq") or attr.group("sq") or attr.group("bare") or ""
            candidates = value.split(",") if attr.group("name").lower() == "srcset" else [value]
            for candidate in candidates:
                words = candidate.split()
                if words:
                    _add_if_external(found, words[0])
    for ref in _ANY_URL.finditer(html):
        _add_if_external(found, ref.group("url") or ref.group("imp"))
    return list(found)


def _add_if_external(found: dict[str, None], url: str) -> None:
    if "{" not in url and _is_external(url):
        found[url] = None


def _is_external(url: str) -> bool:
    lowered = url.strip().lower()
    return lowered.startswith(("http://", "https://", "//"))


def _parse_attrs(text: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _ATTR.finditer(text):
        name, dq, sq, bare = match.groups()
        value = dq if dq is not None else sq if sq is not None else bare
        attrs.setdefault(name.lower(), value or "")
    return attrs


def _find_asset(url: str, kind: Literal["js", "css"]) -> _Asset:
    parts = urlsplit(url.strip() if not url.startswith("//") else "https:" + url.strip())
    where = parts.netloc + parts.path
    for asset in _ASSETS:
        if asset.kind == kind and asset.pattern.search(where):
            logger.debug("inlining %s for %s", asset.library, url)
            return asset
    known = sorted({asset.library for asset in _ASSETS})
    raise ConfigurationError(
        f"no offline copy of {url!r} for a self-contained page; known libraries: {', '.join(known)}"
    )


@cache
def _inline_js(asset: _Asset) -> str:
    """The script text to put between ``<script>`` tags."""
    code = _SOURCE_MAP.sub("", _read_text(asset))
    if asset.path == _LEAFLET_DIR + "leaflet.js":
        code += "\n" + _leaflet_icon_script()
    # An inline script ends at the first "</script"; "<!--" can start an escaped state.
    code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.I).replace("<!--", "\\x3C!--")
    return code + "\n"


@cache
def _inline_css(asset: _Asset) -> str:
    """The stylesheet with every url() a ``data:`` URI."""
    url = asset.key or f"{asset.dist}:{asset.path}"
    css = _SOURCE_MAP.sub("", _read_text(asset))
    css = _FONT_FACE.sub(lambda m: _one_font_source(asset, url, m.group(0)), css)

    def to_data(match: re.Match[str]) -> str:
        ref = match.group("url").strip()
        if ref.startswith(("data:", "#")):
            return match.group(0)
        data = _data_uri(asset, ref)
        if data is None:
            raise ConfigurationError(
                f"no offline copy of {ref!r}, referenced by {url!r} "
                f"({asset.dist} {_version(asset.dist)})"
            )
        return f'url("{data}")'

    css = _CSS_URL.sub(to_data, css)
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.I)
    return css + "\n"


def _one_font_source(asset: _Asset, url: str, rule: str) -> str:
    """An ``@font-face`` rule with one ``src`` descriptor holding one inlined format."""
    sources = list(_FONT_SRC.finditer(rule))
    if not sources:
        return rule
    # A later src descriptor overrides earlier ones (the first is an old-IE eot fallback).
    last = sources[-1]
    local: list[str] = []
    best: tuple[int, str] | None = None
    for entry in _SRC_ENTRY.findall(last.group("value")):
        ref_match = _CSS_URL.search(entry)
        if ref_match is None:
            local.append(entry.strip())  # local(...): a font installed on the machine
            continue
        ref = ref_match.group("url").strip()
        data = ref if ref.startswith("data:") else _data_uri(asset, ref)
        if data is None:
            logger.debug("dropping font source %r of %s: not in %s", ref, url, asset.dist)
            continue
        rank = _font_rank(entry, data)
        if best is None or rank < best[0]:
            fmt = _FORMAT.search(entry)
            best = (rank, f'url("{data}")' + (f' format("{fmt.group(1)}")' if fmt else ""))
    if best is None and not local:
        raise ConfigurationError(
            f"no offline copy of any font source in {url!r}: {last.group(0)[:200]!r}"
        )
    kept = ",".join(local + ([] if best is None else [best[1]]))
    between = _FONT_SRC.sub("", rule[sources[0].end() : last.start()])
    return f"{rule[: sources[0].start()]}src:{kept};{between}{rule[last.end() :]}"


def _font_rank(entry: str, data: str) -> int:
    fmt = _FORMAT.search(entry)
    if fmt is not None:
        return _FORMAT_RANK.get(fmt.group(1).lower(), 3)
    mime = data[5 : data.find(";")] if data.startswith("data:") else ""
    return _FORMAT_RANK.get(mime.rsplit("/", 1)[-1].replace("font-", ""), 3)


def _data_uri(asset: _Asset, ref: str) -> str | None:
    """``ref`` (relative to the asset's file) as a data: URI, or None if not packaged."""
    if asset.key is not None or _is_external(ref) or ref.startswith("/"):
        return None  # folium-offline's table has no companion files
    path = ref.split("#", 1)[0].split("?", 1)[0]
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(asset.path), path))
    if resolved.startswith("../") or not resolved:
        return None
    return _file_data_uri(asset.dist, resolved)


@cache
def _file_data_uri(dist: str, path: str) -> str | None:
    file = Path(str(_distribution(dist).locate_file(path)))
    if not file.is_file():
        return None
    suffix = posixpath.splitext(path)[1].lower()
    mime = _MIME.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(file.read_bytes()).decode('ascii')}"


def _leaflet_icon_script() -> str:
    """JS that points ``L.Icon.Default`` at ``data:`` URIs instead of a guessed folder."""
    options = []
    for option, name in _LEAFLET_ICONS.items():
        data = _file_data_uri(_LEAFLET, _LEAFLET_DIR + "images/" + name)
        if data is None:
            raise ConfigurationError(f"{_LEAFLET} has no images/{name}; reinstall it")
        options.append(f'{option}:"{data}"')
    return (
        "/* geomap: Leaflet's default marker images, inline */\n"
        'L.Icon.Default.imagePath="";'
        f"L.Icon.Default.mergeOptions({{{','.join(options)}}});"
    )


def _provenance(asset: _Asset, url: str) -> str:
    where = url.split("//", 1)[-1].replace("*/", "*_/")
    return f"geomap: {asset.library} from {asset.dist} {_version(asset.dist)}, for {where}"


def _read_text(asset: _Asset) -> str:
    if asset.key is None:
        return _locate(asset.dist, asset.path).read_text(encoding="utf-8")
    table = _offline_table()
    if asset.key not in table:
        raise ConfigurationError(
            f"{_FOLIUM_OFFLINE} {_version(_FOLIUM_OFFLINE)} has no copy of {asset.key!r}; "
            "geomap needs folium-offline==0.20.0.2"
        )
    return table[asset.key].lstrip("\n")


@cache
def _offline_table() -> dict[str, str]:
    """folium-offline's ``_res`` table (CDN URL -> text), parsed, never executed."""
    source = _locate(_FOLIUM_OFFLINE, _FOLIUM_OFFLINE_TABLE).read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            continue
        target, value = node.targets[0], node.value
        if (
            isinstance(target, ast.Subscript)
            and isinstance(target.value, ast.Name)
            and target.value.id == "_res"
            and isinstance(target.slice, ast.Constant)
            and isinstance(target.slice.value, str)
            and isinstance(value, ast.Constant)
            and isinstance(value.value, str)
        ):
            table[target.slice.value] = value.value
    return table


@cache
def _distribution(dist: str) -> metadata.Distribution:
    try:
        return metadata.distribution(dist)
    except metadata.PackageNotFoundError as err:
        raise ConfigurationError(
            f"self-contained pages need the {dist!r} package; reinstall geomap "
            f"(pip install -e .) or pip install {dist}"
        ) from err


def _version(dist: str) -> str:
    return _distribution(dist).version


def _locate(dist: str, path: str) -> Path:
    file = Path(str(_distribution(dist).locate_file(path)))
    if not file.exists():
        raise ConfigurationError(f"{dist} {_version(dist)} has no file {path!r}; reinstall it")
    return file
