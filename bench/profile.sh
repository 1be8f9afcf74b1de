#!/usr/bin/env bash
# Runs Rekko under redis-benchmark load with Java Flight Recorder and prints where the time goes:
# hot methods by top frame (self time), hot Rekko methods including callees, busiest threads,
# top allocated classes and GC pauses.  See bench/README.md.
#   bench/profile.sh                      # SET,GET -P 16, 5 s warm-up, 30 s recording
#   PROFILE_TESTS=get PROFILE_SECONDS=60 bench/profile.sh
set -uo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

PROFILE_TESTS="${PROFILE_TESTS:-set,get}"
PROFILE_PIPELINE="${PROFILE_PIPELINE:-16}"
PROFILE_CLIENTS="${PROFILE_CLIENTS:-50}"
PROFILE_SECONDS="${PROFILE_SECONDS:-30}"   # recording length
PROFILE_DELAY="${PROFILE_DELAY:-5}"        # seconds of load before recording starts (JIT warm-up)
PROFILE_TOP="${PROFILE_TOP:-25}"
PROFILE_SETTINGS="${PROFILE_SETTINGS:-profile}"  # JFR settings: profile (20 ms sampling) or default

stamp="$(date +%Y%m%d-%H%M%S)"
OUT="$BENCH_DIR/results/profile-$stamp"
mkdir -p "$OUT"
JFR_FILE="$OUT/rekko.jfr"
LOAD_PID=""
cleanup() {
  [ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2>/dev/null && wait "$LOAD_PID" 2>/dev/null
  stop_server
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

export REKKO_JAVA_OPTS="${REKKO_JAVA_OPTS:-} -XX:StartFlightRecording=delay=${PROFILE_DELAY}s,duration=${PROFILE_SECONDS}s,settings=${PROFILE_SETTINGS},filename=$JFR_FILE"
start_server rekko "$OUT/rekko.log" || exit 1
for t in ${PROFILE_TESTS//,/ }; do
  probe_test "$t" || log "warning: Rekko rejects ${t^^} ($PROBE_OUT); the profile will mostly show error replies"
done
probe_cleanup || true

log "load: redis-benchmark -c $PROFILE_CLIENTS -P $PROFILE_PIPELINE -d 64 -r 100000 -t $PROFILE_TESTS -l (loops until the recording ends)"
"$REDIS_BENCHMARK" -h 127.0.0.1 -p "$SERVER_PORT" -c "$PROFILE_CLIENTS" -P "$PROFILE_PIPELINE" -d 64 -r 100000 \
  -t "$PROFILE_TESTS" -l -q >"$OUT/load.txt" 2>&1 &
LOAD_PID=$!
log "recording ${PROFILE_SECONDS}s after a ${PROFILE_DELAY}s warm-up into $JFR_FILE"
deadline=$(( SECONDS + PROFILE_DELAY + PROFILE_SECONDS + 60 ))
# JFR writes the file when the recording stops; wait until it is there and no longer growing.
while :; do
  if [ -s "$JFR_FILE" ] && [ $(( SECONDS )) -ge $(( deadline - 60 )) ]; then
    s1=$(stat -c %s "$JFR_FILE"); sleep 1; [ "$s1" = "$(stat -c %s "$JFR_FILE")" ] && break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then log "Rekko died during the profile"; tail -n 30 "$OUT/rekko.log" >&2; SERVER_PID=""; exit 1; fi
  if [ "$SECONDS" -ge "$deadline" ]; then log "no JFR file after the deadline"; exit 1; fi
  sleep 1
done
kill "$LOAD_PID" 2>/dev/null; wait "$LOAD_PID" 2>/dev/null; LOAD_PID=""
tr '\r' '\n' <"$OUT/load.txt" | grep -a 'requests per second' | tail -n 4 | sed 's/^ *//' >"$OUT/load-last.txt"
stop_server

log "analysing $JFR_FILE"
jfr print --events jdk.ExecutionSample --stack-depth 64 "$JFR_FILE" >"$OUT/samples.txt"
jfr print --events jdk.NativeMethodSample --stack-depth 64 "$JFR_FILE" >"$OUT/native.txt"
jfr print --events jdk.ObjectAllocationSample --stack-depth 1 "$JFR_FILE" >"$OUT/alloc.txt" 2>/dev/null || true
jfr print --events jdk.GarbageCollection "$JFR_FILE" >"$OUT/gc.txt" 2>/dev/null || true
jfr summary "$JFR_FILE" >"$OUT/summary.txt"

total=$(grep -c '^jdk.ExecutionSample' "$OUT/samples.txt")
native_total=$(grep -c '^jdk.NativeMethodSample' "$OUT/native.txt")
agg() {  # agg MODE [FILE] -> "count\tname" lines (self | incl | rekko | thread)
  awk -v mode="$1" '
    function clean(f) { sub(/^[ \t]+/, "", f); sub(/[ \t]+line:.*$/, "", f); return f }
    /^jdk.(Execution|NativeMethod)Sample/ { inst = 0; depth = 0; rk = 0; delete seen }
    /sampledThread = / { th = $0; sub(/.*sampledThread = "/, "", th); sub(/".*/, "", th); thread[th]++ }
    /stackTrace = \[/ { inst = 1; next }
    inst && /^[ \t]*\]/ { inst = 0; next }
    inst {
      f = clean($0); if (f == "" || f == "...") next
      if (depth == 0) self[f]++
      depth++
      if (!(f in seen)) { seen[f] = 1; incl[f]++ }
      if (!rk && f ~ /^io\.rekko\./) { rekko[f]++; rk = 1 }
    }
    END {
      if (mode == "self")   for (f in self)   printf "%d\t%s\n", self[f], f
      if (mode == "incl")   for (f in incl)   if (f ~ /^io\.rekko\./) printf "%d\t%s\n", incl[f], f
      if (mode == "rekko")  for (f in rekko)  printf "%d\t%s\n", rekko[f], f
      if (mode == "thread") for (f in thread) printf "%d\t%s\n", thread[f], f
    }' "${2:-$OUT/samples.txt}" | sort -t$'\t' -k1,1nr | head -n "$PROFILE_TOP"
}
table() {  # table TITLE MODE COLUMN [FILE TOTAL]
  echo "### $1"
  echo
  echo "| % of samples | samples | $3 |"
  echo "|---:|---:|---|"
  agg "$2" "${4:-}" | awk -F'\t' -v t="${5:-$total}" '{ printf "| %.1f | %d | `%s` |\n", 100*$1/t, $1, $2 }'
  echo
}
{
  echo "## Rekko profile ($(date -u '+%Y-%m-%d %H:%M UTC'))"
  echo
  echo "Load: redis-benchmark -c $PROFILE_CLIENTS -P $PROFILE_PIPELINE -d 64 -r 100000 -t $PROFILE_TESTS (looping);" \
       "JFR settings=$PROFILE_SETTINGS, ${PROFILE_SECONDS}s recorded after ${PROFILE_DELAY}s of load. $total execution samples" \
       "(Java code only: time in native/epoll/kernel is not sampled by jdk.ExecutionSample)."
  echo
  echo "Last throughput lines from redis-benchmark:"
  echo
  sed 's/^/    /' "$OUT/load-last.txt"
  echo
  if [ "$total" -gt 0 ]; then
    table "Hot methods by top frame (self time)" self method
    table "Rekko code responsible (first io.rekko frame from the top of each sample)" rekko method
    table "Rekko methods including callees (inclusive)" incl method
    table "Samples by thread" thread thread
  else
    echo "No execution samples recorded."
    echo
  fi
  if [ "$native_total" -gt 0 ]; then
    echo "Threads sitting in native code (epoll, socket I/O) are sampled separately: $native_total jdk.NativeMethodSample events."
    echo
    table "Native method samples by top frame" self method "$OUT/native.txt" "$native_total"
    table "Native method samples by thread" thread thread "$OUT/native.txt" "$native_total"
  fi
  echo "### Top allocated classes (jdk.ObjectAllocationSample weight)"
  echo
  echo "| MB (sampled weight) | class |"
  echo "|---:|---|"
  awk '/objectClass = /{c=$0; sub(/.*objectClass = /,"",c); sub(/ \(classLoader.*/,"",c)}
       /weight = /{w=$0; sub(/.*weight = /,"",w); m=1; if (w ~ /kB/) m=1e3; else if (w ~ /MB/) m=1e6; else if (w ~ /GB/) m=1e9;
                   gsub(/[^0-9.]/,"",w); a[c]+=w*m}
       END{for (c in a) printf "%.1f\t%s\n", a[c]/1e6, c}' "$OUT/alloc.txt" | sort -t$'\t' -k1,1gr | head -n 15 |
    awk -F'\t' '{printf "| %s | `%s` |\n", $1, $2}'
  echo
  awk '/sumOfPauses = /{p=$0; sub(/.*sumOfPauses = /,"",p); m=1; if (p ~ /us/) m=0.001; else if (p ~ / s$/) m=1000; gsub(/[^0-9.]/,"",p); s+=p*m; n++}
       /^jdk.GarbageCollection/{g++}
       END{printf "GC: %d collections, total pause %.1f ms during the recording.\n", g, s}' "$OUT/gc.txt"
  echo
  echo "Files: bench/results/profile-$stamp/ (rekko.jfr: open with JDK Mission Control or \`jfr print\`)."
} >"$OUT/report.md"
cp "$OUT/report.md" "$BENCH_DIR/results/profile-latest.md"
cat "$OUT/report.md"
