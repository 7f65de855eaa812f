#!/usr/bin/env bash
# Renders scripts/og-card.html to public/og-card.png (1200×630) with Debian's Chromium.
# Run once when the card changes; the PNG is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
/usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size=1200,630 \
  --screenshot="$PWD/public/og-card.png" "file://$PWD/scripts/og-card.html" 2>/dev/null
ls -l public/og-card.png
