#!/usr/bin/env bash
# geomap set-up: the Python package with its development tools, plus headless Chromium
# (Debian's package) for the browser tests and `geomap render --png`.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
        SUDO=""
        [ "$(id -u)" -eq 0 ] || SUDO="sudo"
        $SUDO apt-get update -q
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium
    else
        echo "setup.sh: install Chromium yourself (browser tests and --png need it)" >&2
    fi
fi

# dev pulls in the dask, parquet and spacy extras, which the tests use.
python3 -m pip install -e ".[dev]"
