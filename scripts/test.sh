#!/usr/bin/env bash
# The whole test suite. The document tests read the PDFs back as a person would (poppler's pdftotext
# and pdftoppm) and scan the printed QR code with a real decoder (zbar); the pagoPA tests validate every
# station message against the official XSD with xmllint (libxml2-utils): installed here when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null || ! command -v zbarimg >/dev/null \
    || ! command -v xmllint >/dev/null; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends poppler-utils zbar-tools libxml2-utils
fi
cargo test --locked "$@"
# Schemathesis against `sportello serve` on a demo store, as operator and as supervisor (about two minutes;
# PyPI the first time, python3 with venv and curl installed from Debian when missing). SCHEMATHESIS=0
# skips it (a quick local run).
if [ "${SCHEMATHESIS:-1}" = 1 ]; then
    if ! command -v curl >/dev/null || ! python3 -m venv --help >/dev/null 2>&1; then
        SUDO=""
        if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
        $SUDO apt-get update -q
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends curl python3 python3-venv
    fi
    scripts/schemathesis.sh
fi
