#!/usr/bin/env bash
# Schemathesis (property-based API testing, PyPI) against `sportello serve` on a fresh demo store: every
# operation of the served OpenAPI document, once as operator and once as supervisor, with all of its checks.
# Configuration and the few accepted statuses, each with its reason: schemathesis.toml.
#
#   scripts/schemathesis.sh                 # the bounded run the test command makes (SCHEMATHESIS=1)
#   ST_MAX_EXAMPLES=50 scripts/schemathesis.sh --include-path-regex notices   # extra arguments pass through
#
# Installs schemathesis into target/schemathesis-venv when missing; the server stops whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned with all of its dependencies (a newer hypothesis broke an older schemathesis once).
ST_VERSION=4.32.5
REQUIREMENTS=scripts/schemathesis-requirements.txt
VENV=target/schemathesis-venv
WORK=target/schemathesis
# Bounded for a 2-core machine: a few minutes for both roles.
MAX_EXAMPLES=${ST_MAX_EXAMPLES:-15}
SEED=${ST_SEED:-20261202}
FAMILIES=${ST_FAMILIES:-20}

if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "version $ST_VERSION\$"; then
    python3 -m venv --clear "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check --requirement "$REQUIREMENTS"
fi

# SPORTELLO_BIN: a binary already built (the test command's), else the debug build.
BIN=${SPORTELLO_BIN:-}
if [ -z "$BIN" ]; then
    cargo build --locked --quiet --bin sportello
    BIN=target/debug/sportello
fi

rm -rf "$WORK"
mkdir -p "$WORK"
# The demo's data and the server's date both follow the real clock: the run is repeatable by seed for
# the requests it sends, not for the store's dates.
"$BIN" --lang en demo --db "$WORK/demo.db" --families "$FAMILIES" --days 5 >"$WORK/demo.log"

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
"$BIN" --db "$WORK/demo.db" serve --listen "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER=$!
stop_server() {
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
}
trap stop_server EXIT INT TERM

for _ in $(seq 100); do
    curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 0.1
done

# A token for USER; logins come before the run, which tries wrong passwords and so meets the per-address
# login limit.
token() {
    curl -fsS -X POST "$BASE/api/v1/sessions" -H 'content-type: application/json' \
        -d "{\"username\": \"$1\", \"password\": \"$2\"}" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
OPERATOR_TOKEN=$(token operatore Operatore1)
SUPERVISOR_TOKEN=$(token supervisore Supervisore1)
OPERATOR_SPARE_TOKEN=$(token operatore Operatore1)
SUPERVISOR_SPARE_TOKEN=$(token supervisore Supervisore1)

status=0
# run_as ROLE TOKEN ARGS...: one schemathesis run with ROLE's token.
run_as() {
    local role=$1 token=$2
    shift 2
    echo "== schemathesis as $role"
    SPORTELLO_TOKEN=$token "$VENV/bin/schemathesis" \
        --config-file schemathesis.toml run "$BASE/api/v1/openapi.json" \
        --url "$BASE" \
        --checks all \
        --seed "$SEED" \
        --max-examples "$MAX_EXAMPLES" \
        --workers 1 \
        --report junit --report-dir "$WORK/report-$role" \
        --no-color \
        "$@" || status=1
}
# Ending a session ends the token it is sent with: DELETE /sessions/current runs apart, with a token of
# its own per role, so the rest of the run keeps its session.
SESSION=/api/v1/sessions/current
run_as operator "$OPERATOR_TOKEN" --exclude-path "$SESSION" "$@"
run_as operator-logout "$OPERATOR_SPARE_TOKEN" --include-path "$SESSION" "$@"
run_as supervisor "$SUPERVISOR_TOKEN" --exclude-path "$SESSION" "$@"
run_as supervisor-logout "$SUPERVISOR_SPARE_TOKEN" --include-path "$SESSION" "$@"
if [ "$status" != 0 ]; then
    echo "schemathesis: failures above (server log: $WORK/server.log, reports: $WORK/report-*)" >&2
fi
exit "$status"
