# Shared helpers for bench/run.sh and bench/profile.sh (sourced, not executed).
# Starts/stops redis-server and Rekko one at a time on a free loopback port.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$BENCH_DIR/.." && pwd)"
REDIS_SERVER_BIN="${REDIS_SERVER_BIN:-redis-server}"
REDIS_CLI="${REDIS_CLI:-redis-cli}"
REDIS_BENCHMARK="${REDIS_BENCHMARK:-redis-benchmark}"
# Seconds to wait for PING. Rekko's first start may include a Maven build (bin/rekko builds when jars are stale).
REDIS_START_TIMEOUT="${REDIS_START_TIMEOUT:-20}"
REKKO_START_TIMEOUT="${REKKO_START_TIMEOUT:-300}"

SERVER_PID=""
SERVER_PORT=""
SERVER_NAME=""
SERVER_LOG=""
REKKO_SHARDS=""

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# A TCP port nobody listens on (checked with ss; random to avoid clashing with parallel users).
free_port() {
  local p i
  for i in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 30000 ))
    if [ -z "$(ss -Htln "sport = :$p" 2>/dev/null)" ]; then
      echo "$p"; return 0
    fi
  done
  return 1
}

cli() { timeout 60 "$REDIS_CLI" -h 127.0.0.1 -p "$SERVER_PORT" "$@" 2>&1; }

# start_server redis|rekko LOGFILE  -> sets SERVER_PID / SERVER_PORT; returns 1 if it does not answer PING in time.
start_server() {
  local name="$1" logfile="$2" deadline reply
  SERVER_NAME="$name"; SERVER_LOG="$logfile"
  SERVER_PORT="$(free_port)" || { log "no free port"; return 1; }
  case "$name" in
    redis)
      "$REDIS_SERVER_BIN" --port "$SERVER_PORT" --bind 127.0.0.1 --save "" --appendonly no \
        --daemonize no --logfile "" >"$logfile" 2>&1 &
      SERVER_PID=$!
      deadline=$(( SECONDS + REDIS_START_TIMEOUT ))
      ;;
    rekko)
      # bin/rekko execs java, so $! is the JVM's pid (needed for jcmd).
      ( cd "$ROOT_DIR" && exec bin/rekko server --port "$SERVER_PORT" --bind 127.0.0.1 --save "" --appendonly no ) \
        >"$logfile" 2>&1 &
      SERVER_PID=$!
      deadline=$(( SECONDS + REKKO_START_TIMEOUT ))
      ;;
    *) log "unknown server $name"; return 1 ;;
  esac
  log "started $name pid $SERVER_PID on 127.0.0.1:$SERVER_PORT (log $logfile)"
  while :; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      log "$name exited before answering PING; last log lines:"; tail -n 30 "$logfile" >&2
      SERVER_PID=""; return 1
    fi
    reply="$(timeout 5 "$REDIS_CLI" -h 127.0.0.1 -p "$SERVER_PORT" ping 2>/dev/null || true)"
    [ "$reply" = "PONG" ] && break
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "$name did not answer PING within the deadline; last log lines:"; tail -n 30 "$logfile" >&2
      stop_server; return 1
    fi
    sleep 0.2
  done
  log "$name answers PING"
  return 0
}

# Stops the server we started (by pid only) and waits until it is gone.
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  local pid="$SERVER_PID" i
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$SERVER_NAME pid $pid ignored SIGTERM for 15s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  SERVER_PID=""
}

# Returns 0 when SERVER_PORT accepts the command behind a redis-benchmark test name; the reply is left in PROBE_OUT.
# Probe keys are deleted again (see probe_cleanup).
PROBE_OUT=""
probe_test() {
  local t="$1"
  case "$t" in
    set)   PROBE_OUT="$(cli SET __bench_probe__ x)" ;;
    get)   PROBE_OUT="$(cli GET __bench_probe__)" ;;
    incr)  PROBE_OUT="$(cli INCR __bench_probe_ctr__)" ;;
    hset)  PROBE_OUT="$(cli HSET __bench_probe_h__ f v)" ;;
    mset)  PROBE_OUT="$(cli MSET __bench_probe_a__ 1 __bench_probe_b__ 2)" ;;
    ping|ping_inline|ping_mbulk) PROBE_OUT="$(cli PING)" ;;
    *)     PROBE_OUT=""; return 0 ;;
  esac
  PROBE_OUT="$(printf '%s' "$PROBE_OUT" | head -1 | tr -d '\r')"
  case "$PROBE_OUT" in
    ERR*|WRONGTYPE*|"(error)"*|*"Could not connect"*|*"unknown command"*) return 1 ;;
  esac
  return 0
}

# Deletes the probe keys; returns 1 if DEL is not available.
probe_cleanup() {
  local out
  out="$(cli DEL __bench_probe__ __bench_probe_ctr__ __bench_probe_h__ __bench_probe_a__ __bench_probe_b__)"
  [[ "$out" =~ ^[0-9]+$ ]]
}

# Number of keys in db0: DBSIZE, else INFO keyspace; prints nothing if neither works.
key_count() {
  local n
  n="$(cli DBSIZE | tr -d '\r')"
  if [[ "$n" =~ ^[0-9]+$ ]]; then echo "$n"; return 0; fi
  n="$(cli INFO keyspace | tr -d '\r' | sed -n 's/^db0:keys=\([0-9]*\).*/\1/p')"
  [[ "$n" =~ ^[0-9]+$ ]] && echo "$n"
}

info_field() { cli INFO "$1" | tr -d '\r' | sed -n "s/^$2:\\(.*\\)/\\1/p" | head -1; }

# Live Java heap in bytes: GC.class_histogram (without -all) forces a full GC and sums live objects only.
live_heap_bytes() {
  jcmd "$1" GC.class_histogram 2>/dev/null | awk '$1=="Total"{print $3}'
}

machine_info() {
  local cpu
  cpu="$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)"
  echo "- machine: $(nproc) cores (nproc), CPU: ${cpu:-unknown}, $(uname -srm)"
  echo "- JDK: $(java -version 2>&1 | head -1), redis: $("$REDIS_SERVER_BIN" --version | awk '{print $3}' | sed 's/v=//')"
  local jar
  jar="$(ls "$ROOT_DIR"/node/target/rekko-node-*.jar 2>/dev/null | head -1)"
  echo "- Rekko: git $(cd "$ROOT_DIR" && git rev-parse --short HEAD 2>/dev/null || echo unknown) (working tree may be newer), node jar built $([ -n "$jar" ] && date -u -r "$jar" '+%Y-%m-%d %H:%M UTC' || echo '?')${REKKO_SHARDS:+, rekko_shards:$REKKO_SHARDS}, REKKO_JAVA_OPTS='${REKKO_JAVA_OPTS:-}'"
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
}

# The median of space-separated numbers on stdin; med SERVER KEY: the median of VAL[SERVER|KEY] (or n/a);
# ratio A B: A/B with two decimals (or – when either is not a number).
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END{if(NR==0)exit; if(NR%2)print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
med() { local v="${VAL[$1|$2]:-}"; [ -n "$v" ] && echo "$v" | median || echo "n/a"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a/b; else print "–" }'; }
