#!/usr/bin/env bash
# Side-by-side redis-benchmark of redis-server and Rekko, plus memory per key.
# Servers are started one after the other (never both at once) on a free loopback port.
# See bench/README.md. Quick run:  BENCH_N=200000 bench/run.sh
set -uo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

BENCH_N="${BENCH_N:-1000000}"                  # requests per test
BENCH_REPEAT="${BENCH_REPEAT:-1}"              # runs per server (alternating); median per test
BENCH_WARMUP_N="${BENCH_WARMUP_N:-200000}"     # Rekko JIT warm-up requests per test (discarded); 0 = none
BENCH_WARMUP_REDIS="${BENCH_WARMUP_REDIS:-0}"  # 1 = give redis-server the same (discarded) warm-up
BENCH_CLIENTS="${BENCH_CLIENTS:-50}"
BENCH_DATA="${BENCH_DATA:-64}"
BENCH_RANDOM="${BENCH_RANDOM:-100000}"
BENCH_TESTS="${BENCH_TESTS:-set,get,incr,hset,mset}"
BENCH_PIPELINES="${BENCH_PIPELINES:-1 16}"
BENCH_SERVERS="${BENCH_SERVERS:-redis rekko}"
BENCH_MEM="${BENCH_MEM:-1}"                    # 0 = skip the memory-per-key phase
BENCH_MEM_KEYS="${BENCH_MEM_KEYS:-1000000}"
BENCH_MEM_LOADER="${BENCH_MEM_LOADER:-pipe}"   # pipe = exactly BENCH_MEM_KEYS distinct keys via redis-cli --pipe
                                               # benchmark = redis-benchmark -t set -r KEYS (random, ~63% distinct)
BENCH_RUN_TIMEOUT="${BENCH_RUN_TIMEOUT:-$(( 120 + BENCH_N / 400 ))}"  # seconds per redis-benchmark call (>= 2000 ops/s per test)

stamp="$(date +%Y%m%d-%H%M%S)"
OUT="$BENCH_DIR/results/run-$stamp"
mkdir -p "$OUT"
trap 'stop_server' EXIT
trap 'log "interrupted"; exit 130' INT TERM

declare -A RPS=()        # "server|TEST|P" -> space-separated ops/s values (one per repeat)
declare -A DISPLAY=()    # TEST -> name as redis-benchmark prints it
declare -A UNSUP=()      # "server|TEST" -> 1 when the server rejects the command
declare -A MEM=()        # "server|field" -> value
TEST_ORDER=()
NOTES=()
start_failed=0
bench_failed=0

label() { [ "$1" = redis ] && echo "redis-server" || echo "Rekko"; }

add_test() {  # add_test KEY DISPLAYNAME
  [ -n "${DISPLAY[$1]:-}" ] && return
  DISPLAY[$1]="$2"; TEST_ORDER+=("$1")
}
for t in ${BENCH_TESTS//,/ }; do
  k="${t^^}"; [ "$k" = MSET ] && add_test MSET "MSET (10 keys)" || add_test "$k" "$k"
done

# bench_once SERVER TESTS PIPELINE N CSVFILE -> runs redis-benchmark; returns its status
bench_once() {
  local server="$1" tests="$2" p="$3" n="$4" csv="$5" rc
  timeout "$BENCH_RUN_TIMEOUT" "$REDIS_BENCHMARK" -h 127.0.0.1 -p "$SERVER_PORT" \
    -c "$BENCH_CLIENTS" -n "$n" -d "$BENCH_DATA" -r "$BENCH_RANDOM" -t "$tests" -P "$p" -q --csv \
    >"$csv" 2>"$csv.err"
  rc=$?
  if [ $rc -ne 0 ]; then
    log "redis-benchmark against $(label "$server") -P $p exited $rc: $(head -c 300 "$csv.err" | tr '\n' ' ')"
  fi
  return $rc
}

# ---------------------------------------------------------------- throughput
servers=()
for s in redis rekko; do [[ " $BENCH_SERVERS " == *" $s "* ]] && servers+=("$s"); done
declare -A DEAD=()
for rep in $(seq 1 "$BENCH_REPEAT"); do
  for s in "${servers[@]}"; do
    [ -n "${DEAD[$s]:-}" ] && continue
    log "=== run $rep/$BENCH_REPEAT: $(label "$s") ==="
    if ! start_server "$s" "$OUT/$s-run$rep.log"; then
      start_failed=1; DEAD[$s]=1; NOTES+=("$(label "$s") failed to start (see $OUT/$s-run$rep.log)"); continue
    fi
    [ "$s" = rekko ] && REKKO_SHARDS="$(info_field server rekko_shards)"
    supported=()
    for t in ${BENCH_TESTS//,/ }; do
      if probe_test "$t"; then supported+=("$t")
      else
        [ -z "${UNSUP[$s|${t^^}]:-}" ] && NOTES+=("$(label "$s") rejects ${t^^} ($PROBE_OUT); test skipped")
        UNSUP[$s|${t^^}]=1
      fi
    done
    if [ ${#supported[@]} -eq 0 ]; then log "no supported tests on $(label "$s")"; stop_server; continue; fi
    probe_cleanup || true
    tests="$(IFS=,; echo "${supported[*]}")"
    if [ "$BENCH_WARMUP_N" -gt 0 ] && { [ "$s" = rekko ] || [ "$BENCH_WARMUP_REDIS" = 1 ]; }; then
      for p in $BENCH_PIPELINES; do
        log "JIT warm-up of $(label "$s"): -t $tests -P $p -n $BENCH_WARMUP_N (discarded)"
        bench_once "$s" "$tests" "$p" "$BENCH_WARMUP_N" "$OUT/$s-run$rep-P$p-warmup.csv" || true
      done
    fi
    err_before="$(info_field stats total_error_replies)"
    for p in $BENCH_PIPELINES; do
      csv="$OUT/$s-run$rep-P$p.csv"
      log "measuring $(label "$s"): -t $tests -P $p -n $BENCH_N"
      if ! bench_once "$s" "$tests" "$p" "$BENCH_N" "$csv"; then
        bench_failed=1; NOTES+=("redis-benchmark failed against $(label "$s") -P $p in run $rep: $(head -c 200 "$csv.err" | tr '\n' ' ')")
      fi
      if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        NOTES+=("$(label "$s") died during -P $p in run $rep (see $OUT/$s-run$rep.log)"); bench_failed=1
        log "$(label "$s") died; last log lines:"; tail -n 20 "$SERVER_LOG" >&2
        SERVER_PID=""; break
      fi
      while IFS=$'\t' read -r name rps; do
        [ "$name" = test ] || [ -z "$name" ] && continue
        key="${name%% *}"; add_test "$key" "$name"; DISPLAY[$key]="$name"
        RPS[$s|$key|$p]="${RPS[$s|$key|$p]:-} $rps"
      done < <(awk -F'"' 'NF>=4{print $2 "\t" $4}' "$csv")
      cat "$csv" >&2
    done
    if [ -n "$SERVER_PID" ]; then
      err_after="$(info_field stats total_error_replies)"
      if [[ "$err_before" =~ ^[0-9]+$ && "$err_after" =~ ^[0-9]+$ ]] && [ "$err_after" -gt "$err_before" ]; then
        NOTES+=("$(label "$s") sent $((err_after - err_before)) error replies during the measured runs of run $rep")
      fi
    fi
    stop_server
  done
done

# ---------------------------------------------------------------- memory per key
load_keys() {  # load_keys -> prints "distinct-keys-expected" or "" (unknown); returns status
  local n="$BENCH_MEM_KEYS" res errs
  if [ "$BENCH_MEM_LOADER" = pipe ]; then
    res="$(awk -v n="$n" -v d="$BENCH_DATA" 'BEGIN {
        v = sprintf("%" d "s", ""); gsub(/ /, "x", v)
        for (i = 0; i < n; i++) printf "*3\r\n$3\r\nSET\r\n$16\r\nkey:%012d\r\n$%d\r\n%s\r\n", i, d, v }' |
      timeout "$BENCH_RUN_TIMEOUT" "$REDIS_CLI" -h 127.0.0.1 -p "$SERVER_PORT" --pipe --pipe-timeout 60 2>&1)"
    echo "$res" > "$OUT/$SERVER_NAME-mem-load.txt"
    errs="$(echo "$res" | sed -n 's/.*errors: \([0-9]*\), replies: \([0-9]*\).*/\1/p')"
    if [ "$errs" = 0 ]; then echo "$n"; return 0; fi
    log "redis-cli --pipe load failed (${res//$'\n'/ }); falling back to redis-benchmark -t set"
    echo "$(label "$SERVER_NAME"): redis-cli --pipe load failed, keys loaded with redis-benchmark -t set -r $n instead" >"$OUT/$SERVER_NAME-mem-fallback"
  fi
  timeout "$BENCH_RUN_TIMEOUT" "$REDIS_BENCHMARK" -h 127.0.0.1 -p "$SERVER_PORT" -c 50 -P 16 -t set \
    -n "$n" -r "$n" -d "$BENCH_DATA" -q --csv >"$OUT/$SERVER_NAME-mem-load.txt" 2>&1 || return 1
  echo ""
}

if [ "$BENCH_MEM" = 1 ]; then
  for s in "${servers[@]}"; do
    [ -n "${DEAD[$s]:-}" ] && continue
    log "=== memory per key: $(label "$s") ==="
    if ! start_server "$s" "$OUT/$s-mem.log"; then
      start_failed=1; NOTES+=("$(label "$s") failed to start for the memory phase"); continue
    fi
    if ! probe_test set; then NOTES+=("$(label "$s") rejects SET: no memory measurement"); stop_server; continue; fi
    probe_cleanup || NOTES+=("$(label "$s") has no DEL: key count includes 1 probe key")
    if [ "$s" = redis ]; then before="$(info_field memory used_memory)"; else before="$(live_heap_bytes "$SERVER_PID")"; fi
    log "loading $BENCH_MEM_KEYS keys (16 B keys, $BENCH_DATA B values) with loader '$BENCH_MEM_LOADER'"
    expected="$(load_keys)"; lrc=$?
    [ -f "$OUT/$s-mem-fallback" ] && NOTES+=("$(cat "$OUT/$s-mem-fallback")")
    count="$(key_count)"
    if [ -z "$count" ] && [ -n "$expected" ]; then
      count="$expected"; NOTES+=("$(label "$s") has no DBSIZE/INFO keyspace; used the loaded distinct key count")
    fi
    if [ "$s" = redis ]; then after="$(info_field memory used_memory)"; else after="$(live_heap_bytes "$SERVER_PID")"; fi
    log "$(label "$s"): before=$before after=$after keys=$count (loader status $lrc)"
    if [[ "$before" =~ ^[0-9]+$ && "$after" =~ ^[0-9]+$ && "$count" =~ ^[0-9]+$ ]] && [ "$count" -gt 0 ] && [ $lrc -eq 0 ]; then
      MEM[$s|before]="$before"; MEM[$s|after]="$after"; MEM[$s|keys]="$count"
      MEM[$s|perkey]="$(awk -v a="$after" -v b="$before" -v k="$count" 'BEGIN{printf "%.1f", (a-b)/k}')"
      [ -n "$expected" ] && [ "$count" != "$expected" ] && NOTES+=("$(label "$s"): DBSIZE $count after loading $expected distinct keys")
    else
      NOTES+=("$(label "$s"): memory measurement failed (before='$before' after='$after' keys='$count' loader=$lrc)")
    fi
    stop_server
  done
fi

# ---------------------------------------------------------------- report
cell() {  # cell SERVER KEY P -> median ops/s or n/a
  local v="${RPS[$1|$2|$3]:-}"
  if [ -n "$v" ]; then echo "$v" | median | awk '{printf "%.0f", $1}'
  elif [ -n "${UNSUP[$1|$2]:-}" ]; then echo "n/a (unsupported)"
  else echo "n/a"; fi
}
fmt() { awk -v x="$1" 'BEGIN{ if (x ~ /^[0-9]+$/) { s=""; while (x >= 1000) { s=sprintf(",%03d", x%1000) s; x=int(x/1000) } print x s } else print x }'; }

report() {
  echo "## Rekko vs redis-server ($(date -u '+%Y-%m-%d %H:%M UTC'))"
  echo
  echo "redis-benchmark -c $BENCH_CLIENTS -n $BENCH_N -d $BENCH_DATA -r $BENCH_RANDOM -t $BENCH_TESTS -P {${BENCH_PIPELINES// /,}}, loopback;" \
       "servers run one after the other; median of $BENCH_REPEAT run(s) per server."
  if [[ " $BENCH_SERVERS " != *" rekko "* ]]; then
    echo "Rekko not run (BENCH_SERVERS=$BENCH_SERVERS)."
  elif [ "$BENCH_WARMUP_N" -gt 0 ]; then
    echo "Rekko's JIT was warmed up in every run with the same tests at -n $BENCH_WARMUP_N per pipeline setting (discarded)$([ "$BENCH_WARMUP_REDIS" = 1 ] && echo "; redis-server got the same warm-up")."
  else
    echo "No JIT warm-up (BENCH_WARMUP_N=0)."
  fi
  echo
  echo "| test | pipeline | redis-server ops/s | Rekko ops/s | ratio (Rekko/redis) |"
  echo "|---|---:|---:|---:|---:|"
  local p k r x
  for p in $BENCH_PIPELINES; do
    for k in "${TEST_ORDER[@]}"; do
      r="$(cell redis "$k" "$p")"; x="$(cell rekko "$k" "$p")"
      [ "$r" = n/a ] && [ "$x" = n/a ] && continue   # e.g. "ping" expands to PING_INLINE/PING_MBULK
      echo "| ${DISPLAY[$k]} | $p | $(fmt "$r") | $(fmt "$x") | $(ratio "$x" "$r") |"
    done
  done
  if [ "$BENCH_MEM" = 1 ]; then
    r="${MEM[redis|perkey]:-n/a}"; x="${MEM[rekko|perkey]:-n/a}"
    echo "| memory: bytes/key (16 B keys, $BENCH_DATA B values) | – | $r | $x | $(ratio "$x" "$r") |"
    echo
    [ -n "${MEM[redis|keys]:-}" ] && echo "- redis-server memory: INFO used_memory $(fmt "${MEM[redis|before]}") → $(fmt "${MEM[redis|after]}") bytes with $(fmt "${MEM[redis|keys]}") keys (DBSIZE)."
    [ -n "${MEM[rekko|keys]:-}" ] && echo "- Rekko memory: live Java heap (jcmd GC.class_histogram total, after a full GC) $(fmt "${MEM[rekko|before]}") → $(fmt "${MEM[rekko|after]}") bytes with $(fmt "${MEM[rekko|keys]}") keys (DBSIZE)."
    echo "- keys loaded with $([ "$BENCH_MEM_LOADER" = pipe ] && echo "redis-cli --pipe: SET key:%012d (16 B) with $BENCH_DATA B values, $BENCH_MEM_KEYS distinct keys" || echo "redis-benchmark -t set -n $BENCH_MEM_KEYS -r $BENCH_MEM_KEYS -d $BENCH_DATA"); ratio > 1 means Rekko uses more memory per key."
  fi
  echo
  machine_info
  if [ ${#NOTES[@]} -gt 0 ]; then
    echo
    echo "Notes:"
    local n; for n in "${NOTES[@]}"; do echo "- $n"; done
  fi
  echo
  echo "Raw output: bench/results/run-$stamp/"
}

report > "$OUT/report.md"
cp "$OUT/report.md" "$BENCH_DIR/results/latest.md"
echo
cat "$OUT/report.md"
if [ $start_failed -ne 0 ]; then log "a server failed to start"; exit 1; fi
if [ $bench_failed -ne 0 ]; then exit 2; fi
exit 0
