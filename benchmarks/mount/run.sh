#!/usr/bin/env bash
# Mount benchmarks: the same JMH workloads (dev.holofs.benchmarks.mount) against
#   holofs   the CLI's demo: mount, in its own JVM (never the JVM that measures)
#   libfuse  benchmarks/mount/peer/demo_ll, libfuse3's low-level loop serving the same tree
#   tmpfs    a copy of the tree, the floor for a cached stat
# in one run, then prints holofs/libfuse (and holofs-cached/tmpfs) ratios against issue 3's
# targets. Raw JMH output and JSON go to benchmarks/mount/results/<UTC time>/.
#
# Usage: benchmarks/mount/run.sh            (from anywhere; needs root for mount(2) and tmpfs)
# Knobs (environment): WARMUP=3 ITERATIONS=5 SECONDS_PER=1 (JMH iterations and their seconds),
#   ROUNDS=3 (holofs and libfuse are measured alternately this many times; tables use the median
#   of all measurement iterations),
#   PEER_ST=1 also measures the peer single-threaded (-s), BUILD=1 rebuilds even when the jars
#   look up to date,
#   PEER_FLAGS="--sync-read -o default_permissions,ro" demo_ll's flags beyond its timeout
#   (to mirror holofs's negotiation and mount options),
#   SKIP_HOLOFS=1 measures only the peer and tmpfs (to check the harness itself),
#   HOLOFS_JAVA_OPTS="-Dholofs.fuse.asyncRead=true" JVM options of the holofs server (with that
#   one, also drop --sync-read from PEER_FLAGS).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WARMUP=${WARMUP:-3}
ITERATIONS=${ITERATIONS:-5}
SECONDS_PER=${SECONDS_PER:-1}
ROUNDS=${ROUNDS:-3}
# The peer negotiates and mounts as holofs does: holofs asks for ASYNC_READ only with
# -Dholofs.fuse.asyncRead=true, and mounts read-only with default_permissions (the kernel checks
# modes, refreshing a directory's attributes on each path walk with timeouts 0). Both then get
# the same requests for the same syscalls (probe.py counts them).
PEER_FLAGS=${PEER_FLAGS:---sync-read -o default_permissions,ro}
HOLOFS_JAVA_OPTS=${HOLOFS_JAVA_OPTS:-}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="$HERE/results/$STAMP"
WORK=$(mktemp -d /tmp/holofs-mountbench.XXXXXX)
CLI_JAR="$ROOT/cli/target/holofs.jar"
PEER="$WORK/demo_ll"
mkdir -p "$RESULTS"

declare -A PIDS=() DIRS=()
MOUNTED=()

log() { printf '[mount-bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

stop_server() { # name
  local name=$1 dir=${DIRS[$1]} pid=${PIDS[$1]:-}
  if mountpoint -q "$dir" 2>/dev/null; then
    fusermount3 -u "$dir" 2>/dev/null || umount "$dir" 2>/dev/null || umount -l "$dir" || true
  fi
  if [[ -n $pid ]]; then
    # holofs and demo_ll both exit once unmounted (and on SIGTERM); give them a moment, then insist.
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    unset "PIDS[$name]"
  fi
}

cleanup() {
  local status=$?
  for dir in "${MOUNTED[@]}"; do
    if mountpoint -q "$dir" 2>/dev/null; then
      fusermount3 -uz "$dir" 2>/dev/null || umount -l "$dir" 2>/dev/null || true
    fi
  done
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_mounted() { # dir pid log: waits until the demo tree is visible, or fails with the log
  local dir=$1 pid=$2 logfile=$3
  for _ in $(seq 300); do
    if mountpoint -q "$dir" && [[ -f $dir/4k.bin ]]; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      log "server for $dir exited before mounting:"; cat "$logfile" >&2; return 1
    fi
    sleep 0.1
  done
  log "timed out waiting for $dir to mount:"; cat "$logfile" >&2; return 1
}

# Mounts a server on $WORK/mnt-NAME and records its bytes' fingerprint. kind: holofs, peer,
# peer-st (libfuse's single-threaded loop) or peer-gen (big/64m.bin computed per READ);
# timeout: seconds, or "default" for the server's own default caching.
start_server() { # name kind timeout
  local name=$1 kind=$2 timeout=$3
  local dir="$WORK/mnt-$name" logfile="$RESULTS/$name.server.log"
  mkdir -p "$dir"
  MOUNTED+=("$dir")
  DIRS[$name]=$dir
  case $kind in
    holofs)
      local opts=()
      [[ $timeout != default ]] && opts=(--cache-timeout "$timeout")
      # shellcheck disable=SC2086
      java $HOLOFS_JAVA_OPTS -jar "$CLI_JAR" mount demo: "$dir" "${opts[@]}" >"$logfile" 2>&1 &
      ;;
    peer|peer-st|peer-gen)
      local opts=(-f -o fsname=demo_ll)
      [[ $kind == peer-st ]] && opts+=(-s)
      [[ $kind == peer-gen ]] && opts+=(--generate)
      [[ $timeout != default ]] && opts+=("--timeout=$timeout")
      # shellcheck disable=SC2206
      opts+=($PEER_FLAGS)
      "$PEER" "${opts[@]}" "$dir" >"$logfile" 2>&1 &
      ;;
  esac
  PIDS[$name]=$!
  wait_mounted "$dir" "${PIDS[$name]}" "$logfile"
  echo "$name $(fingerprint "$dir")" >>"$RESULTS/fingerprints.txt"
}

probe() { # name: FUSE requests per workload, counted on the server with strace
  command -v strace >/dev/null || return 0
  log "counting $1's FUSE requests per workload (strace)"
  python3 "$HERE/probe.py" "${DIRS[$1]}" "${PIDS[$1]}" >"$RESULTS/$1.protocol.txt"
}

fingerprint() { # sha256 of 4k.bin and of 8 MiB of big/64m.bin from offset 24 MiB
  local dir=$1
  printf '%s %s' \
    "$(sha256sum <"$dir/4k.bin" | cut -c1-64)" \
    "$(dd if="$dir/big/64m.bin" bs=1M skip=24 count=8 status=none | sha256sum | cut -c1-64)"
}

JMH_CP=""
jmh() { # name dir regex...: one JMH run against dir, fork 1, results under $RESULTS/name.*
  local name=$1 dir=$2; shift 2
  log "JMH $name against $dir: $*"
  java -cp "$JMH_CP" org.openjdk.jmh.Main "$@" \
    -p mount="$dir" -f 1 -t 1 -wi "$WARMUP" -w "${SECONDS_PER}s" -i "$ITERATIONS" -r "${SECONDS_PER}s" \
    -rf json -rff "$RESULTS/$name.json" >"$RESULTS/$name.txt" 2>&1 \
    || { log "JMH $name failed:"; tail -40 "$RESULTS/$name.txt" >&2; return 1; }
  grep -E '^(Benchmark|MountRoundTrips|MountSequentialRead)' "$RESULTS/$name.txt" >&2 || true
}

RT='dev.holofs.benchmarks.mount.MountRoundTrips'
SEQ='dev.holofs.benchmarks.mount.MountSequentialRead'
STAT="$RT.stat\$"

# ---- build -------------------------------------------------------------------------------
# Builds only when an artifact is missing or older than a source it comes from: rebuilding replaces
# jars that other processes on this machine may be running from.
stale() { # artifact sources...: true if artifact is missing or a source file is newer
  local artifact=$1; shift
  [[ -e $artifact ]] || return 0
  [[ -n $(find "$@" -newer "$artifact" -type f -print -quit 2>/dev/null) ]]
}
modules=cli,benchmarks
[[ ${SKIP_HOLOFS:-} == 1 ]] && modules=benchmarks
SOURCES=("$ROOT/pom.xml" "$ROOT/benchmarks/pom.xml" "$ROOT/cli/pom.xml" "$ROOT/core/src/main"
  "$ROOT/adapters/fuse/src/main"
  "$ROOT/examples/src/main" "$ROOT/testkit/src/main" "$ROOT/providers/zip/src/main"
  "$ROOT/cli/src/main" "$ROOT/benchmarks/src/main")
if [[ ${BUILD:-} == 1 || ! -f $ROOT/benchmarks/target/jmh.classpath ]] \
    || stale "$ROOT/benchmarks/target/classes/META-INF/BenchmarkList" "${SOURCES[@]}" \
    || { [[ $modules == cli,benchmarks ]] && stale "$CLI_JAR" "${SOURCES[@]}"; }; then
  log "building $modules (mvn package)"
  (cd "$ROOT" && mvn -q -pl "$modules" -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=runtime) >"$RESULTS/build.log" 2>&1 \
    || { tail -40 "$RESULTS/build.log" >&2; exit 1; }
  touch "$ROOT/benchmarks/target/classes/META-INF/BenchmarkList" # built now, whatever mvn skipped
else
  log "build up to date (BUILD=1 forces one)"
fi
# Snapshot what the JVMs load: others may rebuild target/ while this runs, and a jar replaced
# under a running JVM breaks its next class load.
[[ ${SKIP_HOLOFS:-} == 1 || -f $CLI_JAR ]] || { log "missing $CLI_JAR"; exit 1; }
mkdir -p "$WORK/lib"
if [[ -f $CLI_JAR ]]; then cp "$CLI_JAR" "$WORK/holofs.jar"; fi
CLI_JAR="$WORK/holofs.jar"
cp -r "$ROOT/benchmarks/target/classes" "$WORK/lib/benchmarks-classes"
JMH_CP="$WORK/lib/benchmarks-classes"
IFS=: read -r -a deps <"$ROOT/benchmarks/target/jmh.classpath" || true # no final newline
for i in "${!deps[@]}"; do
  copy="$WORK/lib/$i-$(basename "${deps[$i]}")"
  cp -r "${deps[$i]}" "$copy"
  JMH_CP+=":$copy"
done
log "building the libfuse peer"
gcc -O2 -Wall -o "$PEER" "$HERE/peer/demo_ll.c" "$HERE/peer/demo_tree.c" \
  $(pkg-config --cflags --libs fuse3)

# ---- tmpfs -------------------------------------------------------------------------------
TMPFS_DIR="$WORK/tmpfs"
mkdir -p "$TMPFS_DIR"
mount -t tmpfs -o size=96m,mode=0755 holofs-bench "$TMPFS_DIR"
MOUNTED+=("$TMPFS_DIR")

# ---- measure -----------------------------------------------------------------------------
{
  echo "date: $STAMP"; uname -a; nproc; java -version 2>&1 | head -1
  echo "libfuse: $(pkg-config --modversion fuse3); peer flags: default mt loop $PEER_FLAGS"
  echo "holofs: java $HOLOFS_JAVA_OPTS -jar cli/target/holofs.jar mount demo: DIR [--cache-timeout 0]"
  echo "jmh: -f 1 -t 1 -wi $WARMUP -w ${SECONDS_PER}s -i $ITERATIONS -r ${SECONDS_PER}s; rounds $ROUNDS"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$RESULTS/environment.txt"
: >"$RESULTS/fingerprints.txt"

HOLOFS=1
[[ ${SKIP_HOLOFS:-} == 1 ]] && HOLOFS=0

# Round trips and sequential reads, timeouts 0: both servers stay mounted (so holofs's JVM stays
# warm) and are measured alternately, ROUNDS times, so background load hits both alike.
start_server libfuse0 peer 0
cp -r "${DIRS[libfuse0]}/4k.bin" "${DIRS[libfuse0]}/many" "${DIRS[libfuse0]}/big" "$TMPFS_DIR/"
echo "tmpfs $(fingerprint "$TMPFS_DIR")" >>"$RESULTS/fingerprints.txt"
probe libfuse0
if ((HOLOFS)); then start_server holofs0 holofs 0; probe holofs0; fi
for r in $(seq "$ROUNDS"); do
  jmh "libfuse0.r$r" "${DIRS[libfuse0]}" "$RT" "$SEQ"
  if ((HOLOFS)); then jmh "holofs0.r$r" "${DIRS[holofs0]}" "$RT" "$SEQ"; fi
done
if ((HOLOFS)); then stop_server holofs0; fi
stop_server libfuse0

if [[ ${PEER_ST:-} == 1 ]]; then
  start_server libfuse0-st peer-st 0
  jmh libfuse0-st.r1 "${DIRS[libfuse0-st]}" "$RT" "$SEQ"
  stop_server libfuse0-st
fi
start_server libfuse0-gen peer-gen 0
jmh libfuse0-gen.r1 "${DIRS[libfuse0-gen]}" "$SEQ"
stop_server libfuse0-gen

# Repeated stat with each server's default caching, alternating with tmpfs.
if ((HOLOFS)); then start_server holofs-cached holofs default; fi
start_server libfuse-cached peer default
for r in $(seq "$ROUNDS"); do
  if ((HOLOFS)); then jmh "holofs-cached.r$r" "${DIRS[holofs-cached]}" "$STAT"; fi
  jmh "libfuse-cached.r$r" "${DIRS[libfuse-cached]}" "$STAT"
  jmh "tmpfs.r$r" "$TMPFS_DIR" "$RT" "$SEQ"
done
if ((HOLOFS)); then stop_server holofs-cached; fi
stop_server libfuse-cached

# ---- report ------------------------------------------------------------------------------
python3 "$HERE/report.py" "$RESULTS" | tee "$RESULTS/report.txt"
log "raw results: $RESULTS"
