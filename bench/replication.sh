#!/usr/bin/env bash
# SET throughput of a master with one replica: Rekko (master + replica, REPLICAOF) against
# redis-server (master + replica) on the same machine, one pair at a time, repeats alternating
# the order; median per measurement and the ratio Rekko/redis. Issue 5's target: ratio >= 0.6.
#   BENCH_REPEAT=3 bench/replication.sh
set -uo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

BENCH_N="${BENCH_N:-300000}"                 # requests per -P 1 test (-P 16 runs 3x as many)
BENCH_REPEAT="${BENCH_REPEAT:-3}"
BENCH_CLIENTS="${BENCH_CLIENTS:-50}"
BENCH_DATA="${BENCH_DATA:-64}"
BENCH_RANDOM="${BENCH_RANDOM:-100000}"
BENCH_WARMUP_N="${BENCH_WARMUP_N:-$((BENCH_N * 3))}"  # warm-up per -P for both servers (discarded); 0 = none
# Rekko's JIT is still compiling (about 1 s of C2 in master and replica) through the second 300k SETs;
# three times BENCH_N measures the steady state. redis-server gets the same (the keyspace is then full for both).
LINK_TIMEOUT="${LINK_TIMEOUT:-60}"

stamp="$(date +%Y%m%d-%H%M%S)"
OUT="$BENCH_DIR/results/run-$stamp-replication"
mkdir -p "$OUT"
declare -A VAL=()
PIDS=()
NOTES=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

label() { [ "$1" = redis ] && echo "redis-server" || echo "Rekko"; }

# start_node SERVER PORT LOG [replicaof-port]
start_node() {
  local s="$1" port="$2" logf="$3" of="${4:-}" extra=()
  [ -n "$of" ] && extra=(--replicaof 127.0.0.1 "$of")
  case "$s" in
    redis) "$REDIS_SERVER_BIN" --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
             --logfile "" "${extra[@]}" >"$logf" 2>&1 & ;;
    rekko) ( cd "$ROOT_DIR" && exec bin/rekko server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
             "${extra[@]}" ) >"$logf" 2>&1 & ;;
  esac
  local pid=$!
  PIDS+=("$pid")
  local deadline=$(( SECONDS + REKKO_START_TIMEOUT ))
  until [ "$(timeout 5 "$REDIS_CLI" -p "$port" PING 2>/dev/null)" = PONG ]; do
    kill -0 "$pid" 2>/dev/null || { log "$(label "$s") :$port exited: $(tail -n 1 "$logf")"; return 1; }
    [ "$SECONDS" -ge "$deadline" ] && { log "$(label "$s") :$port does not answer PING"; return 1; }
    sleep 0.1
  done
}

# A free port below Linux's ephemeral range (32768-60999), where no outgoing connection can hold it.
pick_port() {
  local p i
  for i in $(seq 1 200); do
    p=$(( 21000 + RANDOM % 11000 ))
    [ -z "$(ss -Htan "sport = :$p" 2>/dev/null)" ] && { echo "$p"; return 0; }
  done
  return 1
}

ops() {  # ops PORT P N -> requests per second of SET
  timeout 600 "$REDIS_BENCHMARK" -p "$1" -t set -n "$3" -c "$BENCH_CLIENTS" -d "$BENCH_DATA" -r "$BENCH_RANDOM" \
    -P "$2" --csv 2>/dev/null | tr -d '"\r' | awk -F, '$1=="SET"{print $2}'
}

run_pair() {
  local s="$1" rep="$2" m r p n v deadline
  m="$(pick_port)"; r="$(pick_port)"
  log "=== $(label "$s") run $rep: master :$m, replica :$r"
  start_node "$s" "$m" "$OUT/$s-run$rep-master.log" || return 1
  start_node "$s" "$r" "$OUT/$s-run$rep-replica.log" "$m" || return 1
  deadline=$(( SECONDS + LINK_TIMEOUT ))
  until "$REDIS_CLI" -p "$r" INFO replication 2>/dev/null | grep -q "master_link_status:up"; do
    [ "$SECONDS" -ge "$deadline" ] && { NOTES+=("$(label "$s") run $rep: replica link not up"); return 1; }
    sleep 0.1
  done
  for p in 1 16; do
    n=$(( p == 1 ? BENCH_N : BENCH_N * 3 ))
    if [ "$BENCH_WARMUP_N" -gt 0 ]; then ops "$m" "$p" "$BENCH_WARMUP_N" >/dev/null; fi
    v="$(ops "$m" "$p" "$n")"
    log "$(label "$s") SET -P $p: $v ops/s"
    VAL[$s|$p]="${VAL[$s|$p]:-} $v"
  done
  # the replica must end with the master's data
  deadline=$(( SECONDS + LINK_TIMEOUT ))
  until [ "$("$REDIS_CLI" -p "$r" DBSIZE)" = "$("$REDIS_CLI" -p "$m" DBSIZE)" ]; do
    [ "$SECONDS" -ge "$deadline" ] && { NOTES+=("$(label "$s") run $rep: replica DBSIZE differs from the master's"); break; }
    sleep 0.1
  done
  VAL[$s|syncs]="${VAL[$s|syncs]:-} $("$REDIS_CLI" -p "$m" INFO stats | tr -d '\r' | sed -n 's/^sync_full://p')"
  cleanup; PIDS=()
}

for rep in $(seq 1 "$BENCH_REPEAT"); do
  order=(redis rekko); [ $((rep % 2)) -eq 0 ] && order=(rekko redis)
  for s in "${order[@]}"; do
    if ! run_pair "$s" "$rep"; then
      cleanup; PIDS=()
      log "$(label "$s") run $rep: retrying once on other ports"
      run_pair "$s" "$rep" || NOTES+=("$(label "$s") run $rep failed (logs in $OUT)")
    fi
    cleanup; PIDS=()
  done
done

{
  echo "## SET with one replica: Rekko vs redis-server ($(date -u '+%Y-%m-%d %H:%M UTC'))"
  echo
  echo "Master + replica pairs on 127.0.0.1, one pair at a time, median of $BENCH_REPEAT run(s), order alternating;"
  echo "\`redis-benchmark -t set -c $BENCH_CLIENTS -d $BENCH_DATA -r $BENCH_RANDOM\` against the master (-n $BENCH_N at -P 1, 3x at -P 16);"
  echo "Both servers got a discarded warm-up of the same test (-n $BENCH_WARMUP_N per -P). Full syncs per run: redis-server${VAL[redis|syncs]:-}, Rekko${VAL[rekko|syncs]:-}."
  echo
  echo "| measurement | redis-server | Rekko | ratio | target |"
  echo "|---|---:|---:|---:|---|"
  for p in 1 16; do
    r="$(med redis "$p")"; x="$(med rekko "$p")"
    echo "| SET -P $p (ops/s), runs: redis${VAL[redis|$p]:-}, Rekko${VAL[rekko|$p]:-} | $r | $x | $(ratio "$x" "$r") | ≥ 0.6 |"
  done
  echo
  echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores, shared machine)"
  for n in "${NOTES[@]}"; do echo "- NOTE: $n"; done
} | tee "$BENCH_DIR/results/replication-latest.md"
