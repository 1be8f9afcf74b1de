#!/usr/bin/env bash
# Side-by-side benchmark of a 3-master Rekko cluster and a 3-master redis-server cluster:
# time to a checked cluster, redis-benchmark --cluster throughput, and a 1000-slot reshard of 100,000 keys.
# The clusters run one after the other (never both at once: 2 shared cores); repeats alternate the order.
# See bench/README.md. Numbers to quote:  BENCH_REPEAT=3 bench/cluster.sh
set -uo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

MASTERS=3                                        # fixed: the report and the targets are for 3 masters
# Client ports P..P+2, bus ports P+10000... Both stay below Linux's ephemeral range (32768-60999 by default):
# a port there can be held by any outgoing connection, even one in TIME_WAIT, and then bind() fails
# (seen: "Could not bind the cluster bus port 46002: Address already in use" with REKKO_BASE_PORT=36001).
# Others on this machine use 30001-30010, 31001-31003 and 33001-33003.
REKKO_BASE_PORT="${REKKO_BASE_PORT:-16001}"
REDIS_BASE_PORT="${REDIS_BASE_PORT:-17001}"
BENCH_N="${BENCH_N:-300000}"                     # requests per test
BENCH_REPEAT="${BENCH_REPEAT:-1}"                # runs per server, alternating order; median per measurement
BENCH_WARMUP_N="${BENCH_WARMUP_N:-$BENCH_N}"     # Rekko JIT warm-up requests per test and -P (discarded); 0 = none
BENCH_WARMUP_REDIS="${BENCH_WARMUP_REDIS:-0}"    # 1 = give redis-server the same (discarded) warm-up
BENCH_CLIENTS="${BENCH_CLIENTS:-50}"
BENCH_DATA="${BENCH_DATA:-64}"
BENCH_RANDOM="${BENCH_RANDOM:-100000}"
BENCH_TESTS="${BENCH_TESTS:-set,get}"
BENCH_PIPELINES="${BENCH_PIPELINES:-1 16}"
BENCH_SERVERS="${BENCH_SERVERS:-redis rekko}"
BENCH_BUILD="${BENCH_BUILD:-1}"                  # 0 = don't run bin/rekko build first
BENCH_RESHARD="${BENCH_RESHARD:-1}"              # 0 = skip the load + reshard phase
BENCH_RESHARD_KEYS="${BENCH_RESHARD_KEYS:-100000}"
BENCH_RESHARD_SLOTS="${BENCH_RESHARD_SLOTS:-1000}"
BENCH_RESHARD_TIMEOUT="${BENCH_RESHARD_TIMEOUT:-600}"
BENCH_CHECK_TIMEOUT="${BENCH_CHECK_TIMEOUT:-120}"   # seconds from launch until --cluster check must pass
BENCH_RUN_TIMEOUT="${BENCH_RUN_TIMEOUT:-$(( 120 + BENCH_N / 400 ))}"  # seconds per redis-benchmark call
BENCH_KEEP_TMP="${BENCH_KEEP_TMP:-0}"            # 1 = keep the node folders (data, nodes.conf) after the run

stamp="$(date +%Y%m%d-%H%M%S)"
OUT="$BENCH_DIR/results/run-$stamp-cluster"
mkdir -p "$OUT"
# Node folders go to /tmp, not the results folder: they hold data files we don't want to keep.
WORK="$(mktemp -d "${TMPDIR:-/tmp}/rekko-cluster-bench.XXXXXX")"
run_started=$SECONDS

declare -A VAL=()        # "server|measurement" -> space-separated values (one per repeat)
declare -A DISPLAY=()    # TEST -> name as redis-benchmark prints it
NOTES=()
declare -A SHORT=()      # "server test -P p" -> seconds, for measured tests that lasted under 2 s
start_failed=0
phase_failed=0

label() { [ "$1" = redis ] && echo "redis-server" || echo "Rekko"; }
now() { echo "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.2f", b-a}'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
LOAD_MAX=0
track_load() { LOAD_MAX="$(awk -v m="$LOAD_MAX" '{print ($1 > m ? $1 : m)}' /proc/loadavg)"; }
add_val() { VAL[$1|$2]="${VAL[$1|$2]:-} $3"; }
note() { NOTES+=("$*"); log "NOTE: $*"; }

base_port() { [ "$1" = redis ] && echo "$REDIS_BASE_PORT" || echo "$REKKO_BASE_PORT"; }
ports() { local b; b="$(base_port "$1")"; seq "$b" $(( b + MASTERS - 1 )); }
first_port() { base_port "$1"; }

# A node we did not start on one of our ports would be benchmarked by mistake (or we'd kill it): refuse.
ports_free() {
  local p busy=""
  for p in $(ports "$1"); do
    [ -n "$(ss -Htln "sport = :$p" 2>/dev/null)" ] && busy+=" $p"
    [ -n "$(ss -Htln "sport = :$((p + 10000))" 2>/dev/null)" ] && busy+=" $((p + 10000))"
  done
  [ -z "$busy" ] && return 0
  log "ports in use for $(label "$1"):$busy"; return 1
}
warn_ephemeral() {  # a clash there is luck, not a bug: say so up front
  local lo hi s p
  read -r lo hi </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || return 0
  for s in "${servers[@]}"; do
    for p in $(ports "$s"); do
      if { [ "$p" -ge "$lo" ] && [ "$p" -le "$hi" ]; } || { [ $((p + 10000)) -ge "$lo" ] && [ $((p + 10000)) -le "$hi" ]; }; then
        note "$(label "$s") uses ports in the ephemeral range $lo-$hi (:$p or bus :$((p + 10000))); a node may fail to bind by chance"
        break
      fi
    done
  done
}

# cluster_check PORT OUTFILE -> 0 only when redis-cli is happy *and* says all slots are covered
cluster_check() {
  timeout 30 "$REDIS_CLI" --cluster check "127.0.0.1:$1" >"$2" 2>&1 &&
    grep -q '\[OK\] All 16384 slots covered' "$2"
}

dbsize() { timeout 30 "$REDIS_CLI" -h 127.0.0.1 -p "$1" DBSIZE 2>&1 | tr -d '\r'; }
total_dbsize() {  # prints the sum of DBSIZE over the masters, or "?" if one does not answer a number
  local p n sum=0
  for p in $(ports "$1"); do
    n="$(dbsize "$p")"; [[ "$n" =~ ^[0-9]+$ ]] || { echo "?"; return 1; }
    sum=$(( sum + n ))
  done
  echo "$sum"
}
error_replies() {  # sum of INFO stats total_error_replies over the masters ("" if a node lacks it)
  local p n sum=0
  for p in $(ports "$1"); do
    n="$(timeout 10 "$REDIS_CLI" -h 127.0.0.1 -p "$p" INFO stats 2>/dev/null | tr -d '\r' | sed -n 's/^total_error_replies://p')"
    [[ "$n" =~ ^[0-9]+$ ]] || { echo ""; return; }
    sum=$(( sum + n ))
  done
  echo "$sum"
}

# ---------------------------------------------------------------- cluster start / stop
CLUSTER_UP=""          # server whose cluster is running (stopped by the EXIT trap)
CLUSTER_DIR=""         # its node folders

# start_cluster SERVER REP -> 0 when `--cluster check` passes; the time from launch to that goes to VAL[...|start]
start_cluster() {
  local s="$1" rep="$2" t0 p rc deadline check_deadline first
  first="$(first_port "$s")"
  ports_free "$s" || return 1
  CLUSTER_DIR="$WORK/$s-run$rep"
  CLUSTER_UP="$s"
  log "starting the $(label "$s") cluster on ports $(ports "$s" | tr '\n' ' ')(load $(loadavg))"
  t0="$(now)"
  check_deadline=$(( SECONDS + BENCH_CHECK_TIMEOUT ))
  case "$s" in
    rekko)
      # A REKKO_CLUSTER_DIR that does not exist yet: bin/rekko (set -e) exits 1 without a word on an
      # existing *empty* one (cluster_ports' grep finds no port folder).
      ( cd "$ROOT_DIR" && REKKO_CLUSTER_DIR="$CLUSTER_DIR" exec timeout "$BENCH_CHECK_TIMEOUT" \
          bin/rekko cluster start --masters "$MASTERS" --replicas-per-master 0 --port "$first" ) \
        >"$OUT/rekko-run$rep-start.txt" 2>&1
      rc=$?
      log "bin/rekko cluster start exited $rc after $(since "$t0") s"
      add_val "$s" start_cmd "$(since "$t0")"
      if [ $rc -ne 0 ]; then
        note "Rekko run $rep: \`bin/rekko cluster start\` exited $rc: $(tail -n 3 "$OUT/rekko-run$rep-start.txt" | tr '\n' ' ')"
      fi
      ;;
    redis)
      for p in $(ports redis); do
        mkdir -p "$CLUSTER_DIR/$p"
        # --pidfile/--logfile: a daemonized redis-server otherwise writes /var/run/redis_P.pid and logs nowhere.
        "$REDIS_SERVER_BIN" --port "$p" --cluster-enabled yes --cluster-config-file "nodes-$p.conf" \
          --save "" --appendonly no --dir "$CLUSTER_DIR/$p" --daemonize yes \
          --pidfile "$CLUSTER_DIR/$p/redis.pid" --logfile "$CLUSTER_DIR/$p/redis.log" >/dev/null 2>&1
      done
      # --daemonize returns before the node listens; --cluster create would fail on a refused connection.
      deadline=$(( SECONDS + REDIS_START_TIMEOUT ))
      for p in $(ports redis); do
        until [ "$(timeout 5 "$REDIS_CLI" -p "$p" PING 2>/dev/null)" = PONG ]; do
          [ "$SECONDS" -ge "$deadline" ] && { log "redis-server :$p does not answer PING"; return 1; }
          sleep 0.05
        done
      done
      timeout 60 "$REDIS_CLI" --cluster create $(ports redis | sed 's/^/127.0.0.1:/') --cluster-yes \
        >"$OUT/redis-run$rep-start.txt" 2>&1
      rc=$?
      add_val "$s" start_cmd "$(since "$t0")"
      [ $rc -ne 0 ] && note "redis-server run $rep: redis-cli --cluster create exited $rc (see $OUT/redis-run$rep-start.txt)"
      ;;
  esac
  # Poll even after a failed start command: the nodes may still converge, and then the number is still honest.
  until cluster_check "$first" "$OUT/$s-run$rep-check.txt"; do
    if ! nodes_alive; then
      log "$(label "$s"): a node is not running; last lines of the node logs:"
      tail -n 5 "$CLUSTER_DIR"/*/node.log "$CLUSTER_DIR"/*/stdout.log "$CLUSTER_DIR"/*/redis.log 2>/dev/null >&2
      return 1
    fi
    if [ "$SECONDS" -ge "$check_deadline" ]; then
      log "$(label "$s"): --cluster check did not pass within ${BENCH_CHECK_TIMEOUT}s; last output:"
      sed 's/\x1b\[[0-9;]*m//g' "$OUT/$s-run$rep-check.txt" | tail -n 15 >&2
      return 1
    fi
    sleep 0.1
  done
  add_val "$s" start "$(since "$t0")"
  log "$(label "$s") cluster checked OK $(since "$t0") s after launch"
  # The check passing doesn't mean the cluster serves: a redis-server master stays cluster_state:fail
  # (CLUSTERDOWN to every command) for 2 s after it starts (CLUSTER_WRITABLE_DELAY). Measured apart, and
  # waited for so that redis-benchmark doesn't measure CLUSTERDOWN retries.
  until all_state_ok "$s"; do
    if [ "$SECONDS" -ge "$check_deadline" ]; then
      log "$(label "$s"): not every master reports cluster_state:ok within ${BENCH_CHECK_TIMEOUT}s"; return 1
    fi
    sleep 0.05
  done
  add_val "$s" serving "$(since "$t0")"
  log "$(label "$s") cluster_state:ok on every master $(since "$t0") s after launch"
  return 0
}

all_state_ok() {
  local p
  for p in $(ports "$1"); do
    timeout 10 "$REDIS_CLI" -p "$p" CLUSTER INFO 2>/dev/null | grep -q '^cluster_state:ok' || return 1
  done
}

# Pids of the running cluster's nodes (Rekko: from bin/rekko's pid files; redis: from --pidfile).
node_pids() {
  local f
  case "$CLUSTER_UP" in
    rekko) for f in "$CLUSTER_DIR"/*/pid; do [ -f "$f" ] && cat "$f"; done ;;
    redis) for f in "$CLUSTER_DIR"/*/redis.pid; do [ -f "$f" ] && cat "$f"; done ;;
  esac
}

nodes_alive() {  # 0 when every node we started still runs
  local pid n=0
  for pid in $(node_pids); do kill -0 "$pid" 2>/dev/null || return 1; n=$((n + 1)); done
  [ "$n" -eq "$MASTERS" ]
}

# stop_cluster REP: stops the running cluster (only the pids we started), keeps its logs in $OUT.
stop_cluster() {
  [ -n "$CLUSTER_UP" ] || return 0
  local s="$CLUSTER_UP" rep="$1" pids pid i p alive t0
  pids="$(node_pids)"
  t0="$(now)"
  if [ "$s" = rekko ]; then
    ( cd "$ROOT_DIR" && REKKO_CLUSTER_DIR="$CLUSTER_DIR" bin/rekko cluster stop ) >/dev/null 2>&1
  else
    for pid in $pids; do kill -TERM "$pid" 2>/dev/null; done
  fi
  for i in $(seq 1 150); do
    alive=""; for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive+=" $pid"; done
    [ -z "$alive" ] && break
    sleep 0.1
  done
  for pid in $pids; do
    if kill -0 "$pid" 2>/dev/null; then
      log "$(label "$s") node pid $pid ignored SIGTERM for 15 s; sending SIGKILL"; kill -KILL "$pid" 2>/dev/null
    fi
  done
  add_val "$s" stop "$(since "$t0")"
  log "$(label "$s") cluster stopped after $(since "$t0") s"
  for p in $(ports "$s"); do
    cat "$CLUSTER_DIR/$p/node.log" "$CLUSTER_DIR/$p/stdout.log" "$CLUSTER_DIR/$p/redis.log" 2>/dev/null \
      >"$OUT/$s-run$rep-$p.log"
  done
  [ "$BENCH_KEEP_TMP" = 1 ] || rm -rf "$CLUSTER_DIR"
  CLUSTER_UP=""
}

# interruptible OUTFILE ERRFILE CMD...: bash runs a trap only after the foreground command returns, so a
# `kill <script>` would otherwise wait for a whole redis-benchmark run before cleaning up. The redirections
# are made here, on the background job: on the call they would also catch the trap's own log lines.
BG_PID=""
interruptible() {
  local out="$1" err="$2" rc; shift 2
  if [ "$err" = "$out" ]; then "$@" >"$out" 2>&1 & else "$@" >"$out" 2>"$err" & fi
  BG_PID=$!; wait "$BG_PID"; rc=$?; BG_PID=""
  return $rc
}

CURRENT_REP=0
cleanup() {
  [ -n "$BG_PID" ] && kill -TERM "$BG_PID" 2>/dev/null
  stop_cluster "$CURRENT_REP"
  [ "$BENCH_KEEP_TMP" = 1 ] && log "node folders kept in $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------- throughput
# bench_once SERVER PIPELINE N CSVFILE -> runs redis-benchmark --cluster; returns its status
bench_once() {
  local s="$1" p="$2" n="$3" csv="$4" rc
  interruptible "$csv" "$csv.err" timeout "$BENCH_RUN_TIMEOUT" "$REDIS_BENCHMARK" --cluster \
    -h 127.0.0.1 -p "$(first_port "$s")" \
    -c "$BENCH_CLIENTS" -n "$n" -d "$BENCH_DATA" -r "$BENCH_RANDOM" -t "$BENCH_TESTS" -P "$p" -q --csv
  rc=$?
  [ $rc -ne 0 ] && log "redis-benchmark --cluster against $(label "$s") -P $p exited $rc: $(head -c 300 "$csv.err" | tr '\n' ' ')"
  return $rc
}

throughput() {
  local s="$1" rep="$2" p csv name rps err_before err_after
  if [ "$BENCH_WARMUP_N" -gt 0 ] && { [ "$s" = rekko ] || [ "$BENCH_WARMUP_REDIS" = 1 ]; }; then
    for p in $BENCH_PIPELINES; do
      log "JIT warm-up of $(label "$s"): -t $BENCH_TESTS -P $p -n $BENCH_WARMUP_N (discarded)"
      bench_once "$s" "$p" "$BENCH_WARMUP_N" "$OUT/$s-run$rep-P$p-warmup.csv" || true
    done
  fi
  err_before="$(error_replies "$s")"
  for p in $BENCH_PIPELINES; do
    csv="$OUT/$s-run$rep-P$p.csv"
    log "measuring $(label "$s"): -t $BENCH_TESTS -P $p -n $BENCH_N (load $(loadavg))"
    if ! bench_once "$s" "$p" "$BENCH_N" "$csv"; then
      phase_failed=1; note "redis-benchmark --cluster failed against $(label "$s") -P $p in run $rep: $(head -c 200 "$csv.err" | tr '\n' ' ')"
    fi
    # With --cluster, stdout also lists the masters; only the quoted CSV lines are results.
    while IFS=$'\t' read -r name rps; do
      [ "$name" = test ] || [ -z "$name" ] && continue
      DISPLAY[${name%% *}]="$name"
      add_val "$s" "${name%% *}|$p" "$rps"
      # redis-benchmark --cluster runs a thread per master and stops them from its 250 ms timer, so a test's
      # time is rounded up to a multiple of 250 ms: in a short test that rounding, not the server, sets the ops/s.
      if awk -v n="$BENCH_N" -v r="$rps" 'BEGIN{exit !(r > 0 && n / r < 2)}'; then
        SHORT["$(label "$s") $name -P $p"]="$(awk -v n="$BENCH_N" -v r="$rps" 'BEGIN{printf "%.2f", n / r}')"
      fi
    done < <(awk -F'"' 'NF>=4{print $2 "\t" $4}' "$csv")
    grep '"' "$csv" | grep -v '^"test"' >&2
    if ! nodes_alive; then
      phase_failed=1; note "$(label "$s"): a node died during -P $p in run $rep (logs in $OUT)"; return 1
    fi
  done
  err_after="$(error_replies "$s")"
  if [[ "$err_before" =~ ^[0-9]+$ && "$err_after" =~ ^[0-9]+$ ]] && [ "$err_after" -gt "$err_before" ]; then
    note "$(label "$s") sent $((err_after - err_before)) error replies during the measured redis-benchmark runs of run $rep"
  fi
  return 0
}

# ---------------------------------------------------------------- load + reshard
# keys.py MODE HOST PORT NKEYS [OUTDIR]: reads CLUSTER SLOTS, computes each key's slot (CRC16/XMODEM,
# hash tags honoured) and prints "host:port count" per owner; MODE load also writes one RESP file of
# SETs per owner. redis-benchmark --cluster can't do this: it pins each client's keys to one slot with a hash tag.
cat >"$WORK/keys.py" <<'EOF'
import os, socket, sys

def read_reply(f):
    line = f.readline()
    if not line:
        raise EOFError("connection closed")
    t, rest = line[:1], line[1:-2]
    if t == b'-':
        raise RuntimeError(rest.decode())
    if t == b'+':
        return rest.decode()
    if t == b':':
        return int(rest)
    if t == b'$':
        n = int(rest)
        return None if n < 0 else f.read(n + 2)[:-2].decode()
    if t == b'*':
        n = int(rest)
        return None if n < 0 else [read_reply(f) for _ in range(n)]
    raise RuntimeError("unexpected reply %r" % line)

def call(host, port, *args):
    with socket.create_connection((host, port), timeout=30) as s:
        s.sendall(b'*%d\r\n' % len(args) + b''.join(b'$%d\r\n%s\r\n' % (len(a), a) for a in (x.encode() for x in args)))
        return read_reply(s.makefile('rb'))

TABLE = []
for i in range(256):
    c = i << 8
    for _ in range(8):
        c = ((c << 1) ^ 0x1021) if c & 0x8000 else (c << 1)
    TABLE.append(c & 0xFFFF)

def key_slot(key):
    s = key.find('{')
    if s >= 0:
        e = key.find('}', s + 1)
        if e > s + 1:
            key = key[s + 1:e]
    crc = 0
    for b in key.encode():
        crc = ((crc << 8) & 0xFFFF) ^ TABLE[((crc >> 8) ^ b) & 0xFF]
    return crc & 0x3FFF

mode, host, port, nkeys = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
owner = [None] * 16384
for r in call(host, port, 'CLUSTER', 'SLOTS'):
    addr = '%s:%d' % (r[2][0] or host, r[2][1])
    for sl in range(r[0], r[1] + 1):
        owner[sl] = addr
counts, cmds = {}, {}
value = b'x' * int(os.environ.get('VALUE_SIZE', '64'))
tail = b'$%d\r\n%s\r\n' % (len(value), value)
for i in range(nkeys):
    k = ('key:%d' % i).encode()
    sl = key_slot(k.decode())
    a = owner[sl]
    if a is None:
        sys.exit('slot %d (key %s) has no owner in CLUSTER SLOTS' % (sl, k.decode()))
    counts[a] = counts.get(a, 0) + 1
    if mode == 'load':
        cmds.setdefault(a, []).append(b'*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n' % (len(k), k) + tail)
if mode == 'load':
    for a, c in cmds.items():
        with open(os.path.join(sys.argv[5], a), 'wb') as f:
            f.write(b''.join(c))
for a in sorted(counts):
    print(a, counts[a])
EOF

# placement_ok SERVER EXPECTFILE -> 0 when every master's DBSIZE equals the keys whose slots it owns
placement_ok() {
  local s="$1" file="$2" addr want got bad=0
  while read -r addr want; do
    got="$(dbsize "${addr#*:}")"
    [ "$got" = "$want" ] || { log "$(label "$s") $addr: DBSIZE $got, expected $want from CLUSTER SLOTS"; bad=1; }
  done <"$file"
  return $bad
}

# timed_reshard SERVER REP FROM_PORT TO_PORT KEY: moves BENCH_RESHARD_SLOTS slots with redis-cli --cluster reshard;
# its time goes to VAL[SERVER|KEY]. Returns 1 (and marks the phase failed) when redis-cli fails.
timed_reshard() {
  local s="$1" rep="$2" from="$3" to="$4" key="$5" id_from id_to before_from after_from t0 rc secs moved="?" f
  f="$OUT/$s-run$rep-$key.txt"
  id_from="$(timeout 10 "$REDIS_CLI" -p "$from" CLUSTER MYID | tr -d '\r')"
  id_to="$(timeout 10 "$REDIS_CLI" -p "$to" CLUSTER MYID | tr -d '\r')"
  before_from="$(dbsize "$from")"
  log "resharding $BENCH_RESHARD_SLOTS slots of $(label "$s") :$from -> :$to (load $(loadavg))"
  t0="$(now)"
  interruptible "$f" "$f" \
    timeout "$BENCH_RESHARD_TIMEOUT" "$REDIS_CLI" --cluster reshard "127.0.0.1:$from" \
    --cluster-from "$id_from" --cluster-to "$id_to" --cluster-slots "$BENCH_RESHARD_SLOTS" --cluster-yes
  rc=$?
  secs="$(since "$t0")"
  after_from="$(dbsize "$from")"
  [[ "$before_from" =~ ^[0-9]+$ && "$after_from" =~ ^[0-9]+$ ]] && moved=$(( before_from - after_from ))
  log "$(label "$s"): reshard exited $rc after $secs s; $moved keys left :$from"
  if [ $rc -ne 0 ]; then
    phase_failed=1
    note "$(label "$s") run $rep: redis-cli --cluster reshard :$from -> :$to exited $rc after $secs s: $(sed 's/\x1b\[[0-9;]*m//g' "$f" | grep -v '^Moving slot\|^ *Moving slot\|^\.*$' | tail -n 5 | tr '\n' ' ')"
    return 1
  fi
  add_val "$s" "$key" "$secs"
  add_val "$s" "moved_$key" "$moved"
}

reshard() {
  local s="$1" rep="$2" first p total dir addr res errs replies want
  first="$(first_port "$s")"
  # redis-benchmark left its hash-tagged keys behind; start the phase from an empty cluster.
  for p in $(ports "$s"); do
    res="$(timeout 60 "$REDIS_CLI" -p "$p" FLUSHALL 2>&1 | tr -d '\r')"
    [ "$res" = OK ] || { note "$(label "$s") run $rep: FLUSHALL on :$p replied '$res'"; }
  done
  total="$(total_dbsize "$s")"
  [ "$total" = 0 ] || { note "$(label "$s") run $rep: total DBSIZE $total after FLUSHALL (expected 0); reshard skipped"; return 1; }

  dir="$WORK/$s-run$rep-load"; mkdir -p "$dir"
  log "loading $BENCH_RESHARD_KEYS keys key:0..key:$((BENCH_RESHARD_KEYS - 1)) into $(label "$s"), per owner with redis-cli --pipe"
  if ! VALUE_SIZE="$BENCH_DATA" python3 "$WORK/keys.py" load 127.0.0.1 "$first" "$BENCH_RESHARD_KEYS" "$dir" \
      >"$OUT/$s-run$rep-expected-before.txt" 2>"$OUT/$s-run$rep-keys.err"; then
    note "$(label "$s") run $rep: key generation failed: $(head -c 300 "$OUT/$s-run$rep-keys.err")"; return 1
  fi
  while read -r addr want; do
    res="$(timeout 300 "$REDIS_CLI" -h "${addr%:*}" -p "${addr#*:}" --pipe --pipe-timeout 60 <"$dir/$addr" 2>&1)"
    echo "$addr: $res" >>"$OUT/$s-run$rep-load.txt"
    errs="$(echo "$res" | sed -n 's/.*errors: \([0-9]*\), replies: \([0-9]*\).*/\1/p')"
    replies="$(echo "$res" | sed -n 's/.*errors: \([0-9]*\), replies: \([0-9]*\).*/\2/p')"
    if [ "$errs" != 0 ] || [ "$replies" != "$want" ]; then
      note "$(label "$s") run $rep: redis-cli --pipe to $addr: ${res//$'\n'/ }"
    fi
  done <"$OUT/$s-run$rep-expected-before.txt"
  rm -rf "$dir"
  total="$(total_dbsize "$s")"
  log "$(label "$s"): total DBSIZE $total after loading"
  if [ "$total" != "$BENCH_RESHARD_KEYS" ]; then
    note "$(label "$s") run $rep: total DBSIZE $total after loading $BENCH_RESHARD_KEYS keys; reshard skipped"; return 1
  fi
  placement_ok "$s" "$OUT/$s-run$rep-expected-before.txt" || note "$(label "$s") run $rep: keys not on the masters owning their slots after loading"

  # Two reshards of the same size: node 1 -> node 2 right after the load (the first the nodes ever do:
  # for Rekko, cold JIT in every reshard path), then node 3 -> node 2 (paths compiled).
  timed_reshard "$s" "$rep" "$first" "$((first + 1))" reshard_first || return 0
  timed_reshard "$s" "$rep" "$((first + 2))" "$((first + 1))" reshard || return 0

  # Nothing lost, every key on the master that now owns its slot, and a clean check (no open slots).
  total="$(total_dbsize "$s")"
  if [ "$total" != "$BENCH_RESHARD_KEYS" ]; then
    phase_failed=1; note "$(label "$s") run $rep: total DBSIZE $total after the reshard (expected $BENCH_RESHARD_KEYS)"
  fi
  if python3 "$WORK/keys.py" expect 127.0.0.1 "$first" "$BENCH_RESHARD_KEYS" >"$OUT/$s-run$rep-expected-after.txt" 2>&1; then
    placement_ok "$s" "$OUT/$s-run$rep-expected-after.txt" ||
      { phase_failed=1; note "$(label "$s") run $rep: after the reshard, DBSIZE per master differs from the keys of the slots it owns (see $OUT/$s-run$rep-expected-after.txt)"; }
  else
    phase_failed=1; note "$(label "$s") run $rep: CLUSTER SLOTS after the reshard: $(head -c 200 "$OUT/$s-run$rep-expected-after.txt")"
  fi
  if ! cluster_check "$first" "$OUT/$s-run$rep-check-after-reshard.txt"; then
    phase_failed=1
    note "$(label "$s") run $rep: --cluster check failed after the reshard: $(sed 's/\x1b\[[0-9;]*m//g' "$OUT/$s-run$rep-check-after-reshard.txt" | grep -E '^\[(ERR|WARNING)\]' | head -n 3 | tr '\n' ' ')"
  fi
  return 0
}

# ---------------------------------------------------------------- runs
servers=()
for s in redis rekko; do [[ " $BENCH_SERVERS " == *" $s "* ]] && servers+=("$s"); done
if [[ " ${servers[*]} " == *" rekko "* ]] && [ "$BENCH_BUILD" = 1 ]; then
  log "building Rekko once (bin/rekko build) so no start is measured with a build in it"
  ( cd "$ROOT_DIR" && bin/rekko build ) >"$OUT/build.log" 2>&1 || { log "build failed; see $OUT/build.log"; exit 1; }
fi
LOAD_START="$(loadavg)"
warn_ephemeral

declare -A DEAD=()
for rep in $(seq 1 "$BENCH_REPEAT"); do
  CURRENT_REP=$rep
  order=("${servers[@]}")
  # Alternate who goes first, so drift in the machine's load doesn't always favour the same server.
  if [ $((rep % 2)) -eq 0 ] && [ ${#servers[@]} -eq 2 ]; then order=("${servers[1]}" "${servers[0]}"); fi
  for s in "${order[@]}"; do
    [ -n "${DEAD[$s]:-}" ] && continue
    log "=== run $rep/$BENCH_REPEAT: $(label "$s") ==="
    track_load
    if ! start_cluster "$s" "$rep"; then
      start_failed=1; DEAD[$s]=1
      note "$(label "$s") run $rep: the cluster did not come up (\`--cluster check\` OK and cluster_state:ok within ${BENCH_CHECK_TIMEOUT} s); see $OUT/$s-run$rep-*"
      stop_cluster "$rep"; continue
    fi
    [ "$s" = rekko ] && REKKO_SHARDS="$(timeout 10 "$REDIS_CLI" -p "$(first_port rekko)" INFO server | tr -d '\r' | sed -n 's/^rekko_shards://p')"
    track_load
    if throughput "$s" "$rep" && [ "$BENCH_RESHARD" = 1 ]; then
      track_load
      reshard "$s" "$rep" || phase_failed=1
    fi
    track_load
    nodes_alive || { phase_failed=1; note "$(label "$s") run $rep: a node was not running at the end of the run (logs in $OUT)"; }
    stop_cluster "$rep"
  done
done

# ---------------------------------------------------------------- report
fmt() { awk -v x="$1" 'BEGIN{ if (x ~ /^[0-9.]+$/) { x=int(x+0.5); s=""; while (x >= 1000) { s=sprintf(",%03d", x%1000) s; x=int(x/1000) } print x s } else print x }'; }
secs() { awk -v x="$1" 'BEGIN{ if (x ~ /^[0-9.]+$/) printf "%.2f", x; else print x }'; }
verdict() {  # verdict VALUE OP LIMIT -> yes / no / –
  awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN{ if (v !~ /^[0-9.]+$/) { print "–"; exit }
    ok = (op == "<" ? v < l : op == "<=" ? v <= l : v >= l); print (ok ? "yes" : "**no**") }'
}
runs_of() { local v="${VAL[$1|$2]:-}"; [ -n "$v" ] && echo "${v# }" | sed 's/ /, /g' || echo "n/a"; }

report() {
  local r x k p q
  echo "## Rekko vs redis-server, 3-master clusters ($(date -u '+%Y-%m-%d %H:%M UTC'))"
  echo
  echo "Clusters run one after the other on 127.0.0.1 (redis-server :$REDIS_BASE_PORT-$((REDIS_BASE_PORT + 2)), Rekko :$REKKO_BASE_PORT-$((REKKO_BASE_PORT + 2)));" \
       "median of $BENCH_REPEAT run(s) per server, order alternating between runs."
  echo
  echo "| measurement | redis-server | Rekko | ratio (Rekko/redis) | target | met |"
  echo "|---|---:|---:|---:|---|---|"
  r="$(med redis start)"; x="$(med rekko start)"
  echo "| launch → \`--cluster check\` OK (s) | $(secs "$r") | $(secs "$x") | $(ratio "$x" "$r") | Rekko < 15 s | $(verdict "$x" "<" 15) |"
  r="$(med redis serving)"; x="$(med rekko serving)"
  echo "| launch → also cluster_state:ok on every master (s) | $(secs "$r") | $(secs "$x") | $(ratio "$x" "$r") | – | – |"
  for p in $BENCH_PIPELINES; do
    for k in ${BENCH_TESTS//,/ }; do
      k="${k^^}"; r="$(med redis "$k|$p")"; x="$(med rekko "$k|$p")"; q="$(ratio "$x" "$r")"
      echo "| ${DISPLAY[$k]:-$k} -P $p (ops/s) | $(fmt "$r") | $(fmt "$x") | $q | ratio ≥ 0.6 | $(verdict "$q" ">=" 0.6) |"
    done
  done
  if [ "$BENCH_RESHARD" = 1 ]; then
    r="$(med redis reshard_first)"; x="$(med rekko reshard_first)"; q="$(ratio "$x" "$r")"
    echo "| reshard $BENCH_RESHARD_SLOTS slots of $(fmt "$BENCH_RESHARD_KEYS") keys, the nodes' first (s) | $(secs "$r") | $(secs "$x") | $q | ratio ≤ 2 | $(verdict "$q" "<=" 2) |"
    r="$(med redis reshard)"; x="$(med rekko reshard)"; q="$(ratio "$x" "$r")"
    echo "| reshard $BENCH_RESHARD_SLOTS more slots, the second (s) | $(secs "$r") | $(secs "$x") | $q | ratio ≤ 2 | $(verdict "$q" "<=" 2) |"
  fi
  echo
  echo "- Start: from launching the nodes until \`redis-cli --cluster check 127.0.0.1:P\` exits 0 with \"[OK] All 16384 slots covered\" (polled every 0.1 s)." \
       "redis-server: 3 × \`redis-server --port p --cluster-enabled yes --save \"\" --appendonly no --daemonize yes\`, then \`redis-cli --cluster create … --cluster-yes\`." \
       "Rekko: \`bin/rekko cluster start --masters 3 --replicas-per-master 0 --port $REKKO_BASE_PORT\` from an empty REKKO_CLUSTER_DIR, built beforehand." \
       "(\`redis-cli --cluster create\` polls for the join once a second, so redis-server's time moves in ~1 s steps.)" \
       "The start command alone took: redis-server $(runs_of redis start_cmd) s, Rekko $(runs_of rekko start_cmd) s; to a passing check per run: redis-server $(runs_of redis start) s, Rekko $(runs_of rekko start) s." \
       "Stopping the cluster (not measured: SIGTERM; Rekko via \`bin/rekko cluster stop\`) took: redis-server $(runs_of redis stop) s, Rekko $(runs_of rekko stop) s." \
       "The second row also waits for \`CLUSTER INFO\` cluster_state:ok on every master (a new redis-server master answers CLUSTERDOWN for its first 2 s, although the check passes); the throughput tests start only then."
  echo "- Throughput: \`redis-benchmark --cluster -c $BENCH_CLIENTS -n $BENCH_N -d $BENCH_DATA -r $BENCH_RANDOM -t $BENCH_TESTS -P {${BENCH_PIPELINES// /,}} -q --csv\`;" \
       "$([ "$BENCH_WARMUP_N" -gt 0 ] && echo "Rekko got a discarded warm-up of the same tests (-n $BENCH_WARMUP_N per -P) in every run$([ "$BENCH_WARMUP_REDIS" = 1 ] && echo ", redis-server too")" || echo "no warm-up")."
  if [ "$BENCH_RESHARD" = 1 ]; then
    echo "- Reshard: after FLUSHALL, keys \`key:0\`…\`key:$((BENCH_RESHARD_KEYS - 1))\` ($BENCH_DATA B values) are sent to the master owning their slot (CRC16 + CLUSTER SLOTS) with \`redis-cli --pipe\`; total DBSIZE must be $(fmt "$BENCH_RESHARD_KEYS")." \
         "Timed: \`redis-cli --cluster reshard 127.0.0.1:P --cluster-from <node 1> --cluster-to <node 2> --cluster-slots $BENCH_RESHARD_SLOTS --cluster-yes\` (MIGRATE, default pipeline of 10 keys), then the same from node 3 to node 2." \
         "The first is the first reshard the nodes ever do (for Rekko every reshard path still runs interpreted or half-compiled: no warm-up); the second runs the same paths again." \
         "Afterwards total DBSIZE, DBSIZE per master against its slots, and \`--cluster check\` are verified." \
         "Keys moved per run, first/second reshard: redis-server $(runs_of redis moved_reshard_first) / $(runs_of redis moved_reshard), Rekko $(runs_of rekko moved_reshard_first) / $(runs_of rekko moved_reshard)."
  fi
  echo "- Load average (1/5/15 min) at the start: $LOAD_START, at the end: $(loadavg); highest 1-min value seen between phases: $LOAD_MAX" \
       "($(nproc) cores). The machine is shared: above ~4, expect Rekko's start (3 JVMs) and every ratio to move a lot."
  machine_info
  if [ ${#SHORT[@]} -gt 0 ]; then
    local t short=""
    while IFS= read -r t; do short+="${short:+, }$t (${SHORT[$t]} s)"; done < <(printf '%s\n' "${!SHORT[@]}" | sort)
    NOTES+=("tests shorter than 2 s: $short. redis-benchmark --cluster (one thread per master, stopped by a 250 ms timer) rounds a test's time up to a multiple of 250 ms, so such ops/s are quantized (300,000 in 0.50 s = 596k/s whatever the server) and the ratio says little; raise BENCH_N for these.")
  fi
  if [ ${#NOTES[@]} -gt 0 ]; then
    echo
    echo "Notes:"
    local n; for n in "${NOTES[@]}"; do echo "- $n"; done
  fi
  echo
  echo "Raw output: bench/results/run-$stamp-cluster/ (whole run took $(( SECONDS - run_started )) s)"
}

report >"$OUT/report.md"
cp "$OUT/report.md" "$BENCH_DIR/results/cluster-latest.md"
echo
cat "$OUT/report.md"
if [ $start_failed -ne 0 ]; then log "a cluster failed to start"; exit 1; fi
if [ $phase_failed -ne 0 ]; then exit 2; fi
exit 0
