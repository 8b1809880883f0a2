#!/usr/bin/env bash
# Takes a screenshot of the mtrules status page with Debian's headless Chromium (`apt-get install chromium`).
#
#   scripts/status-screenshot.sh [URL] [OUT.png]
#
# URL defaults to http://127.0.0.1:9108/ and OUT.png to status.png. When the status server requires a bearer token,
# put it in MTRULES_STATUS_TOKEN: the page is then fetched with curl (Chromium cannot send the header) and the saved
# copy is rendered. Set CHROMIUM to use another browser binary. Exits non-zero unless a non-empty PNG was written.
set -euo pipefail

url="${1:-http://127.0.0.1:9108/}"
out="${2:-status.png}"
browser="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
if [[ -z "$browser" ]]; then
    echo "status-screenshot: no Chromium found; install it with 'apt-get install chromium' or set CHROMIUM" >&2
    exit 2
fi

out_dir="$(cd "$(dirname "$out")" && pwd)"
out="$out_dir/$(basename "$out")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

target="$url"
if [[ -n "${MTRULES_STATUS_TOKEN:-}" ]]; then
    # The token goes to curl through a header file, so it never shows in the process list.
    printf 'Authorization: Bearer %s\n' "$MTRULES_STATUS_TOKEN" >"$work/headers"
    curl --silent --show-error --fail --header "@$work/headers" --output "$work/status.html" "$url"
    target="file://$work/status.html"
fi

rm -f "$out"
"$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
    --user-data-dir="$work/profile" --window-size=1280,900 --screenshot="$out" "$target" \
    >"$work/browser.log" 2>&1 || {
    echo "status-screenshot: $browser failed:" >&2
    cat "$work/browser.log" >&2
    exit 1
}
if [[ ! -s "$out" ]]; then
    echo "status-screenshot: $browser wrote no screenshot to $out" >&2
    cat "$work/browser.log" >&2
    exit 1
fi
echo "$out"
