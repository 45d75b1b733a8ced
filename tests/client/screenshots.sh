#!/usr/bin/env bash
# Screenshots of `ctockg serve` in headless Chromium, for a person to look at:
#   tests/client/screenshots.sh CTOCKG_BINARY OUT_DIR   (`make screenshots` runs it)
# Serves a store built from data/ on a free port, shoots the home page, a meeting, a country,
# a paragraph, a shipped query and the ontology, and stops the server.
set -euo pipefail
ctockg=$(realpath "$1")
out=$2
mkdir -p "$out"
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$ctockg" serve --store "$work/store" --bind "127.0.0.1:$port" > "$work/serve.out" 2> "$work/serve.err" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do
    grep -q listening "$work/serve.out" 2>/dev/null && break
    sleep 0.5
done
grep -q listening "$work/serve.out" || { cat "$work/serve.err" >&2; exit 1; }

shoot() { # name height path
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run \
        --user-data-dir="$work/chromium" --hide-scrollbars --window-size="1280,$2" \
        --screenshot="$out/$1.png" "http://127.0.0.1:$port$3" 2>/dev/null
    echo "$out/$1.png"
}
shoot home 2400 /
shoot meeting 2400 /id/meeting/wg7/2020-09-08
shoot country 2000 /id/country/ITA
shoot paragraph 1400 /id/doc/local/wg7-2020-draft-report/zh/para_20
shoot query 1400 '/queries/attendance-by-role?meeting=wg7/2020-09-08'
shoot ontology 1600 /ontology
