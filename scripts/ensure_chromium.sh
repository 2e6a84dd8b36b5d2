#!/usr/bin/env bash
# Install Chromium (Debian package) for the report's headless-browser test.
# CI starts from a clean machine of the project image, where it is not installed;
# the test fails (does not skip) without it, so run this once before `make test`.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "ensure_chromium.sh: /usr/bin/chromium tidak ada; jalankan sebagai root untuk memasangnya" >&2
    exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
/usr/bin/chromium --version 2>/dev/null
