#!/usr/bin/env bash
# Consistency under failovers (redis-rb-cluster's consistency-test, with a kill loop): for
# redis-server and Rekko, one cluster at a time (3 masters + 3 replicas), workers increment
# counters while a master is killed (SIGKILL) and restarted FAILOVERS times; plain INCR, then
# INCR followed by WAIT 1 on the same connection. Reports acknowledged increments lost and
# unacknowledged ones applied (io.rekko.bench.ConsistencyCheck).
#   bench/consistency.sh        (FAILOVERS=20 NODE_TIMEOUT=2000 WORKERS=4 KEYS=1000)
set -uo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

FAILOVERS="${FAILOVERS:-20}"
NODE_TIMEOUT="${NODE_TIMEOUT:-2000}"
WORKERS="${WORKERS:-4}"
KEYS="${KEYS:-1000}"
SERVERS="${SERVERS:-redis rekko}"
MODES="${MODES:-0 1}"
BASE_PORT="${BASE_PORT:-16201}"   # client ports P..P+5, bus ports P+10000..: below the ephemeral range

(cd "$ROOT_DIR" && mvn -q -DskipTests -pl node,bench -am package >&2) || { log "build failed"; exit 1; }
touch "$ROOT_DIR/node/target/lib/.built"
export REKKO_NO_BUILD=1   # the nodes start from these jars, even if a source changes meanwhile
stamp="$(date +%Y%m%d-%H%M%S)"
OUT="$BENCH_DIR/results/run-$stamp-consistency"
mkdir -p "$OUT"
CP="$BENCH_DIR/target/rekko-bench-0.1.0-SNAPSHOT.jar:$BENCH_DIR/target/lib/*"
RESULTS=()
label() { [ "$1" = redis ] && echo "redis-server" || echo "Rekko"; }
for mode in $MODES; do
  for s in $SERVERS; do
    work="$(mktemp -d "${TMPDIR:-/tmp}/rekko-consistency.XXXXXX")"
    log "=== $(label "$s"), WAIT 1: $mode"
    java -cp "$CP" io.rekko.bench.ConsistencyCheck --server "$s" --root "$ROOT_DIR" --base-port "$BASE_PORT" \
      --failovers "$FAILOVERS" --node-timeout "$NODE_TIMEOUT" --workers "$WORKERS" --keys "$KEYS" --wait "$mode" \
      --work "$work" 2>&1 | tee "$OUT/$s-wait$mode.log" >&2
    RESULTS+=("$(grep '^RESULT' "$OUT/$s-wait$mode.log" | tail -1)")
    for f in "$work"/*/log; do cp "$f" "$OUT/$s-wait$mode-$(basename "$(dirname "$f")").log" 2>/dev/null; done
    rm -rf "$work"
  done
done
{
  echo "## Consistency under failovers: Rekko vs redis-server ($(date -u '+%Y-%m-%d %H:%M UTC'))"
  echo
  echo "3 masters + 3 replicas, cluster-node-timeout $NODE_TIMEOUT, $WORKERS workers incrementing $KEYS counters"
  echo "while a master is SIGKILLed, replaced by its replica and restarted, $FAILOVERS times (bench/consistency.sh)."
  echo "lost = acknowledged increments missing at the end; applied = unacknowledged increments found applied."
  echo
  echo "| server | WAIT 1 | failovers | seconds | acknowledged | failed or unknown | WAIT answered 0 | lost (keys) | unacknowledged applied | seconds to failover |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
  for r in "${RESULTS[@]}"; do
    [ -z "$r" ] && continue
    v() { echo "$r" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
    echo "| $(v server) | $( [ "$(v wait)" = 1 ] && echo yes || echo no) | $(v failovers) | $(v seconds) | $(v acked) | $(v failed_or_unknown) | $(v not_replicated_in_time) | $(v lost_acked) ($(v lost_keys)) | $(v unacked_applied) | $(v failover_seconds) |"
  done
  echo
  echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores, shared machine)"
} | tee "$BENCH_DIR/results/consistency-latest.md"
