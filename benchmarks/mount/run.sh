#!/usr/bin/env bash
# Mount benchmarks: the same JMH workloads (dev.holofs.benchmarks.mount) against
#   holofs   ./holofs mount demo: DIR --cache-timeout 0 (the launcher, its defaults), its own JVM
#   libfuse  benchmarks/mount/peer/demo_ll, libfuse3's multi-threaded low-level loop serving the
#            same tree, mounted as libfuse's own examples mount (no default_permissions)
# at 1, 2, 4 and 8 client threads, with server and client free to use every CPU ("free") and
# with both pinned to CPU 0 ("cpu0": the figure is then the CPU work per request). Servers are
# measured alternately, round after round; scores are medians of all measurement iterations of
# all rounds, and the report gives holofs/libfuse ratios against issue 16's targets. The
# sequential read is also measured against the peer computing the file's bytes per READ
# (--generate: splitmix64 per word, as the demo tree did before it served a repeated block). Also, at one
# thread: tmpfs (the floor) and a repeated stat with each server's default caching.
#
# Usage: benchmarks/mount/run.sh             (needs root: mount(2), tmpfs, taskset)
#        QUICK=1 benchmarks/mount/run.sh     (a few minutes: 2 rounds of short iterations)
# Knobs (environment):
#   THREADS="1 2 4 8"       client threads (JMH -t)
#   PLACEMENTS="free cpu0"  free: unpinned; cpu0: server and client under taskset -c 0
#   ROUNDS=3                rounds of interleaved measurement per placement
#   META_ROUNDS=0           rounds in all for the metadata workloads (fstat, stat, statMissing): past
#                           ROUNDS, further interleaved rounds of those alone (their margins are the
#                           thinnest and their rounds spread the most)
#   WORKLOADS="fstat stat statMissing openRead4k readdirMany read64m"   which workloads run
#   WARMUP=1 ITERATIONS=2 TIME=1s   JMH iterations per run and their length
#   CACHED=1                also the cached-stat and tmpfs comparison (one thread, unpinned)
#   PEER_FLAGS="--sync-read -o ro"  demo_ll's flags beyond its timeout: holofs mounts read-only
#                           and asks for ASYNC_READ only with -Dholofs.fuse.asyncRead=true
#   HOLOFS_JAVA_OPTS        passed to ./holofs as users would (default: none)
#   BUILD=1                 rebuild even when the jars look up to date
# Raw JMH output and JSON, server logs, request counts and report.txt go to
# benchmarks/mount/results/<UTC time>/.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
if [[ ${QUICK:-} == 1 ]]; then
  : "${ROUNDS:=2}" "${WARMUP:=1}" "${ITERATIONS:=1}" "${TIME:=500ms}" "${CACHED:=0}"
fi
THREADS=${THREADS:-1 2 4 8}
PLACEMENTS=${PLACEMENTS:-free cpu0}
ROUNDS=${ROUNDS:-3}
META_ROUNDS=${META_ROUNDS:-0}
WORKLOADS=${WORKLOADS:-fstat stat statMissing openRead4k readdirMany read64m}
WARMUP=${WARMUP:-1}
ITERATIONS=${ITERATIONS:-2}
TIME=${TIME:-1s}
CACHED=${CACHED:-1}
PEER_FLAGS=${PEER_FLAGS:---sync-read -o ro}
export HOLOFS_JAVA_OPTS=${HOLOFS_JAVA_OPTS:-}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="$HERE/results/$STAMP"
WORK=$(mktemp -d /tmp/holofs-mountbench.XXXXXX)
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
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
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

# Mounts a server on $WORK/mnt-NAME. kind: holofs, peer, or peer-gen (computing big/64m.bin per
# READ, as holofs's demo tree does, where peer serves it from memory); timeout: seconds, or
# "default" for
# the server's own caching; pin: a taskset CPU list, or "" for none.
start_server() { # name kind timeout pin
  local name=$1 kind=$2 timeout=$3 pin=$4
  local dir="$WORK/mnt-$name" logfile="$RESULTS/$name.server.log"
  local prefix=()
  [[ -n $pin ]] && prefix=(taskset -c "$pin")
  mkdir -p "$dir"
  MOUNTED+=("$dir")
  DIRS[$name]=$dir
  case $kind in
    holofs)
      local opts=()
      [[ $timeout != default ]] && opts=(--cache-timeout "$timeout")
      "${prefix[@]}" "$WORK/root/holofs" mount demo: "$dir" "${opts[@]}" >"$logfile" 2>&1 &
      ;;
    peer|peer-gen)
      local opts=(-f -o fsname=demo_ll)
      [[ $kind == peer-gen ]] && opts+=(--generate)
      [[ $timeout != default ]] && opts+=("--timeout=$timeout")
      # shellcheck disable=SC2206
      opts+=($PEER_FLAGS)
      "${prefix[@]}" "$PEER" "${opts[@]}" "$dir" >"$logfile" 2>&1 &
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
jmh() { # name dir pin threads regex...: one JMH run, fork 1, results under $RESULTS/name.*
  local name=$1 dir=$2 pin=$3 threads=$4; shift 4
  local prefix=()
  [[ -n $pin ]] && prefix=(taskset -c "$pin")
  log "JMH $name: $threads thread(s) against $dir${pin:+ (CPU $pin)}"
  "${prefix[@]}" java -cp "$JMH_CP" org.openjdk.jmh.Main "$@" \
    -p mount="$dir" -f 1 -t "$threads" -wi "$WARMUP" -w "$TIME" -i "$ITERATIONS" -r "$TIME" \
    -rf json -rff "$RESULTS/$name.json" >"$RESULTS/$name.txt" 2>&1 \
    || { log "JMH $name failed:"; tail -40 "$RESULTS/$name.txt" >&2; return 1; }
}

RT='dev.holofs.benchmarks.mount.MountRoundTrips'
SEQ='dev.holofs.benchmarks.mount.MountSequentialRead'
STAT="$RT.stat\$"
rt_regex() { # workload names...: one JMH regex for those of MountRoundTrips, or nothing
  local names=() w
  for w in "$@"; do [[ $w == read64m ]] || names+=("$w"); done
  ((${#names[@]})) && (IFS='|'; echo "$RT\.(${names[*]})\$")
  return 0
}
read -r -a SELECTED <<<"$WORKLOADS"
MEASURED=($(rt_regex "${SELECTED[@]}"))
[[ " $WORKLOADS " == *" read64m "* ]] && MEASURED+=("$SEQ")
META=()
for w in "${SELECTED[@]}"; do [[ $w == fstat || $w == stat || $w == statMissing ]] && META+=("$w"); done
META_MEASURED=($(rt_regex "${META[@]}"))
((${#MEASURED[@]})) || { log "WORKLOADS names none of: fstat stat statMissing openRead4k readdirMany read64m"; exit 2; }

# ---- build -------------------------------------------------------------------------------
# Builds only when an artifact is missing or older than a source it comes from: rebuilding replaces
# jars that other processes on this machine may be running from.
stale() { # artifact sources...: true if artifact is missing or a source file is newer
  local artifact=$1; shift
  [[ -e $artifact ]] || return 0
  [[ -n $(find "$@" -newer "$artifact" -type f -print -quit 2>/dev/null) ]]
}
CLI_JAR="$ROOT/cli/target/holofs.jar"
SOURCES=("$ROOT/pom.xml" "$ROOT/benchmarks/pom.xml" "$ROOT/cli/pom.xml" "$ROOT/core/src/main"
  "$ROOT/adapters/fuse/src/main"
  "$ROOT/examples/src/main" "$ROOT/testkit/src/main" "$ROOT/providers/zip/src/main"
  "$ROOT/cli/src/main" "$ROOT/benchmarks/src/main")
if [[ ${BUILD:-} == 1 || ! -f $ROOT/benchmarks/target/jmh.classpath ]] \
    || stale "$ROOT/benchmarks/target/classes/META-INF/BenchmarkList" "${SOURCES[@]}" \
    || stale "$CLI_JAR" "${SOURCES[@]}"; then
  log "building cli and benchmarks (mvn package)"
  (cd "$ROOT" && mvn -q -pl cli,benchmarks -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=runtime) >"$RESULTS/build.log" 2>&1 \
    || { tail -40 "$RESULTS/build.log" >&2; exit 1; }
  touch "$ROOT/benchmarks/target/classes/META-INF/BenchmarkList" # built now, whatever mvn skipped
else
  log "build up to date (BUILD=1 forces one)"
fi
# Snapshot what the JVMs load: others may rebuild target/ while this runs, and a jar replaced
# under a running JVM breaks its next class load. The launcher finds its jar next to itself.
[[ -f $CLI_JAR ]] || { log "missing $CLI_JAR"; exit 1; }
mkdir -p "$WORK/lib" "$WORK/root/cli/target"
cp "$ROOT/holofs" "$WORK/root/holofs"
cp "$CLI_JAR" "$WORK/root/cli/target/holofs.jar"
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

{
  echo "date: $STAMP"; uname -a; echo "cpus: $(nproc)"; java -version 2>&1 | head -1
  echo "libfuse: $(pkg-config --modversion fuse3); peer: demo_ll (mt loop) --timeout=0 $PEER_FLAGS"
  echo "holofs: ${HOLOFS_JAVA_OPTS:+HOLOFS_JAVA_OPTS='$HOLOFS_JAVA_OPTS' }./holofs mount demo: DIR --cache-timeout 0"
  echo "jmh: -f 1 -t THREADS -wi $WARMUP -w $TIME -i $ITERATIONS -r $TIME; rounds $ROUNDS;" \
    "metadata rounds $((ROUNDS > META_ROUNDS ? ROUNDS : META_ROUNDS)); threads $THREADS;" \
    "placements $PLACEMENTS; workloads $WORKLOADS"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$RESULTS/environment.txt"
: >"$RESULTS/fingerprints.txt"

# The launcher's first mount lists the classes it loads; the next start dumps them into its
# class-data archive, which every later one maps. One mount and unmount first, so every measured
# server maps the same archive (the first measured one pays the dump, before it is measured).
start_server prime holofs 0 ""
stop_server prime
sed -i '/^prime /d' "$RESULTS/fingerprints.txt"

# ---- measure: holofs and libfuse, timeouts 0, by placement and thread count ---------------
for placement in $PLACEMENTS; do
  pin=""
  [[ $placement == cpu0 ]] && pin=0
  start_server "libfuse-$placement" peer 0 "$pin"
  start_server "holofs-$placement" holofs 0 "$pin"
  start_server "libfusegen-$placement" peer-gen 0 "$pin"
  if [[ $placement == free ]]; then
    probe "libfuse-$placement"
    probe "holofs-$placement"
  fi
  # Not recorded: the holofs JVM compiles its hot paths before the first round. Long enough
  # whatever the knobs: on one CPU the JIT shares it with the client, and a short warm-up left
  # the demo tree's generator interpreted (a sequential read 16 times slower) for whole runs.
  WARMUP=3 ITERATIONS=1 TIME=2s jmh "warm-$placement-t1" "${DIRS[holofs-$placement]}" "$pin" 1 "$RT" "$SEQ"
  WARMUP=1 ITERATIONS=1 TIME=1s jmh "warm-$placement-t2" "${DIRS[holofs-$placement]}" "$pin" 2 "$RT" "$SEQ"
  for r in $(seq "$((ROUNDS > META_ROUNDS ? ROUNDS : META_ROUNDS))"); do
    workloads=("${MEASURED[@]}")
    ((r > ROUNDS)) && workloads=("${META_MEASURED[@]}") # the metadata cells' extra rounds
    ((${#workloads[@]})) || break
    for t in $THREADS; do
      order=(libfuse holofs)
      ((r % 2 == 0)) && order=(holofs libfuse) # neither always goes first
      for server in "${order[@]}"; do
        jmh "$server-$placement-t$t.r$r" "${DIRS[$server-$placement]}" "$pin" "$t" "${workloads[@]}"
      done
      if [[ " ${workloads[*]} " == *" $SEQ "* ]]; then
        jmh "libfusegen-$placement-t$t.r$r" "${DIRS[libfusegen-$placement]}" "$pin" "$t" "$SEQ"
      fi
    done
  done
  stop_server "holofs-$placement"
  stop_server "libfuse-$placement"
  stop_server "libfusegen-$placement"
done

# ---- one thread, unpinned: tmpfs and each server's default caching -----------------------
if [[ $CACHED == 1 ]]; then
  TMPFS_DIR="$WORK/tmpfs"
  mkdir -p "$TMPFS_DIR"
  mount -t tmpfs -o size=96m,mode=0755 holofs-bench "$TMPFS_DIR"
  MOUNTED+=("$TMPFS_DIR")
  start_server holofs-cached holofs default ""
  start_server libfuse-cached peer default ""
  cp -r "${DIRS[libfuse-cached]}/4k.bin" "${DIRS[libfuse-cached]}/many" "${DIRS[libfuse-cached]}/big" "$TMPFS_DIR/"
  echo "tmpfs $(fingerprint "$TMPFS_DIR")" >>"$RESULTS/fingerprints.txt"
  for r in $(seq "$ROUNDS"); do
    jmh "holofs-cached.r$r" "${DIRS[holofs-cached]}" "" 1 "$STAT"
    jmh "libfuse-cached.r$r" "${DIRS[libfuse-cached]}" "" 1 "$STAT"
    jmh "tmpfs.r$r" "$TMPFS_DIR" "" 1 "$RT" "$SEQ"
  done
  stop_server holofs-cached
  stop_server libfuse-cached
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS/environment.txt"

# ---- report ------------------------------------------------------------------------------
python3 "$HERE/report.py" "$RESULTS" | tee "$RESULTS/report.txt"
log "raw results: $RESULTS"
