#!/usr/bin/env bash
# Zip benchmark: the same archive mounted by holofs (zip provider, through the ./holofs launcher
# with its defaults, as a user runs it), fuse-zip and, optionally, archivemount, in turn in each
# round, with the same workloads; and the same tree extracted to local disk ("local") for the
# warm rows:
#   mount          time from starting the mount process until the root lists (cold)
#   find-cold      `find MNT | wc -l` right after mounting
#   read-all       every file read once (`find -type f | xargs cat`), cold; total bytes checked
#   find-warm      `find` again, right after read-all (local: after an untimed pass)
#   read-all-warm  read-all again, right after (local: after an untimed pass)
#   random         RANDOM_READS random 4 KiB preads over the LARGEST largest files, cold (same
#                  offsets for every peer; a CRC-32 of the bytes read is compared across peers)
#   random-cpu     the serving process's CPU time (user + system) during `random`, in seconds
#                  (clock ticks: 10 ms steps); less disturbed by other load than `random` itself
#   rss            peak RSS (VmHWM) of the serving process over all of the above (holofs: the
#                  java process the launcher execs)
#   seq, rss-seq   with SEQ=1: a sequential read (dd, 1 MiB blocks) of the largest deflated entry
#                  in a fresh mount, and that mount's peak RSS
# "Cold": the page cache (and, before mounting, dentries and inodes) is dropped first, so the
# kernel answers nothing from an earlier workload and the archive is read from disk.
# Every workload runs under `timeout`: a peer past STEP_TIMEOUT is reported as "timeout" (and is
# not run on that workload again in later rounds).
# ROUNDS rounds run the peers in turn (the order reversed every other round); the table gives each
# figure's median over the rounds and its ratio holofs/peer; the report lists every round's figures.
# Two untimed first holofs mounts let the launcher make its class-data archive (AppCDS).
#
# Usage: benchmarks/zip/run.sh [ARCHIVE]      (root: mounts, drop_caches)
#   ARCHIVE (argument or environment) is any zip archive. Without one, SHAPE picks a generated
#   archive (make_archive.py; generated once, cached under $WORK):
#     SHAPE=source  (default) a source-code archive: ~16,000 deflated text files averaging
#                   ~13 KiB, a few of several hundred KiB, nested directories; ~54 MB
#     SHAPE=many    100,000 small files, 8 large ones of 4-18 MiB and a 256 MiB deflated entry
# Knobs (environment): ROUNDS=3, STEP_TIMEOUT=120 (seconds per workload), PEERS="holofs
#   fuse-zip local" (add archivemount if wanted), WORK=/tmp/holofs-zipbench, RANDOM_READS=2000,
#   LARGEST=50, SEQ=0, DROP_CACHES=1, HOLOFS=<this checkout>/holofs (the launcher to measure: another
#   checkout's, for a before/after), HOLOFS_ARGS="" (extra `holofs mount` options),
#   HOLOFS_JAVA_OPTS (unset: the launcher's defaults; printed in the report when set),
#   BASELINE=OTHER_CHECKOUT/holofs (adds that build as the peer "baseline", for before/after in one run).
# Quick mode: ROUNDS=1 (a few minutes on the source shape).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
STEP_TIMEOUT=${STEP_TIMEOUT:-120}
PEERS=${PEERS:-"holofs fuse-zip local"}
WORK=${WORK:-/tmp/holofs-zipbench}
ROUNDS=${ROUNDS:-3}
HOLOFS=${HOLOFS:-$ROOT/holofs}
HOLOFS_JAR=$(dirname "$HOLOFS")/cli/target/holofs.jar
HOLOFS_ARGS=${HOLOFS_ARGS:-}
BASELINE=${BASELINE:-}
RANDOM_READS=${RANDOM_READS:-2000}
LARGEST=${LARGEST:-50}
SEQ=${SEQ:-0}
SHAPE=${SHAPE:-source}
DROP_CACHES=${DROP_CACHES:-1}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="$HERE/results/$STAMP"
mkdir -p "$WORK" "$RESULTS"

log() { printf '[zip-bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "$*"; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

[[ $(id -u) == 0 ]] || die "run as root (mounts, /proc/sys/vm/drop_caches)"
for tool in python3 timeout find xargs dd; do
  command -v "$tool" > /dev/null || die "needs $tool"
done

# ---- the archive ------------------------------------------------------------------------------
ARCHIVE=${1:-${ARCHIVE:-}}
if [[ -z $ARCHIVE ]]; then
  case $SHAPE in
    source) ARCHIVE="$WORK/source-v1.zip" ;;
    many) ARCHIVE="$WORK/bench-v1.zip" ;;
    *) die "SHAPE must be source or many: $SHAPE" ;;
  esac
  if [[ ! -f $ARCHIVE ]]; then
    log "generating $ARCHIVE (shape $SHAPE; seconds for source, minutes for many)"
    python3 "$HERE/make_archive.py" "$ARCHIVE" --shape "$SHAPE" || die "could not generate the archive"
  fi
fi
[[ -f $ARCHIVE ]] || die "no such archive: $ARCHIVE"
ARCHIVE=$(cd "$(dirname "$ARCHIVE")" && pwd)/$(basename "$ARCHIVE")
read -r N_ENTRIES N_FILES FILE_BYTES ARCHIVE_BYTES < <(python3 "$HERE/archive_info.py" "$ARCHIVE" summary) \
  || die "python's zipfile cannot read $ARCHIVE"
N_PATHS=$(python3 "$HERE/archive_info.py" "$ARCHIVE" paths)
mapfile -t LARGE < <(python3 "$HERE/archive_info.py" "$ARCHIVE" largest "$LARGEST")
read -r SEQ_ENTRY SEQ_SIZE SEQ_CRC < <(python3 "$HERE/archive_info.py" "$ARCHIVE" seq-entry)
log "archive $ARCHIVE: $N_ENTRIES entries, $N_FILES files, $FILE_BYTES bytes of files, $ARCHIVE_BYTES bytes"
log "sequential entry: $SEQ_ENTRY ($SEQ_SIZE bytes); random reads over ${#LARGE[@]} largest files"

# ---- peers ------------------------------------------------------------------------------------
declare -A RESULT=() # this round's figures: RESULT[peer,metric]
declare -A ROUND_FIGURES=() # every round's, space-separated
declare -A TIMED_OUT=()
PID=""
MNT=""

available() { # peer -> 0 if it can run here
  case $1 in
    holofs) [[ -x $HOLOFS && -f $HOLOFS_JAR ]] && command -v java > /dev/null ;;
    baseline) [[ -x $BASELINE && -f $(dirname "$BASELINE")/cli/target/holofs.jar ]] ;;
    fuse-zip) command -v fuse-zip > /dev/null ;;
    archivemount) command -v archivemount > /dev/null ;;
    local) true ;;
    *) return 1 ;;
  esac
}

start_peer() { # peer dir log ; sets PID
  local peer=$1 dir=$2 out=$3
  case $peer in
    # shellcheck disable=SC2086 # word splitting of the option lists is intended
    holofs) "$HOLOFS" mount "zip:$ARCHIVE" "$dir" $HOLOFS_ARGS > "$out" 2>&1 & ;;
    baseline) "$BASELINE" mount "zip:$ARCHIVE" "$dir" $HOLOFS_ARGS > "$out" 2>&1 & ;;
    fuse-zip) fuse-zip -f -r "$ARCHIVE" "$dir" > "$out" 2>&1 & ;;
    archivemount) archivemount -f -o readonly "$ARCHIVE" "$dir" > "$out" 2>&1 & ;;
  esac
  PID=$!
}

stop_peer() { # dir
  local dir=$1
  if mountpoint -q "$dir" 2> /dev/null; then
    fusermount3 -u "$dir" 2> /dev/null || umount "$dir" 2> /dev/null || umount -l "$dir" 2> /dev/null || true
  fi
  if [[ -n $PID ]]; then
    kill -TERM "$PID" 2> /dev/null || true
    for _ in $(seq 100); do kill -0 "$PID" 2> /dev/null || break; sleep 0.05; done
    kill -KILL "$PID" 2> /dev/null || true
    wait "$PID" 2> /dev/null || true
  fi
  if mountpoint -q "$dir" 2> /dev/null; then
    umount -l "$dir" 2> /dev/null || true
  fi
  PID=""
}

cleanup() {
  [[ -n $MNT ]] && stop_peer "$MNT"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

drop_caches() { # what: 1 page cache, 3 page cache + dentries and inodes
  if [[ $DROP_CACHES == 1 ]]; then
    sync
    echo "$1" > /proc/sys/vm/drop_caches
  fi
}

cpu_seconds() { # pid -> CPU time (user + system) the process has used so far, in seconds
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat" 2> /dev/null || echo "-"
}

hwm_mib() { # pid -> peak RSS in MiB, or "-"; a launcher's pid is the java process it execs
  awk '/^VmHWM:/ { printf "%.0f", $2 / 1024; found = 1 } END { if (!found) print "-" }' \
    "/proc/$1/status" 2> /dev/null || echo "-"
}

# mount_peer peer dir key -> RESULT[peer,key] (seconds); returns 1 if it never became listable
mount_peer() {
  local peer=$1 dir=$2 key=$3 t0 deadline
  drop_caches 3
  t0=$(now)
  start_peer "$peer" "$dir" "$RESULTS/$peer.log"
  deadline=$(awk -v t="$t0" -v s="$STEP_TIMEOUT" 'BEGIN { printf "%d", t + s }')
  while true; do
    if mountpoint -q "$dir" 2> /dev/null && [[ -n $(ls -A "$dir" 2> /dev/null | head -c 1) ]]; then
      RESULT[$peer,$key]=$(elapsed "$t0" "$(now)")
      return 0
    fi
    if ! kill -0 "$PID" 2> /dev/null; then
      RESULT[$peer,$key]="failed"
      log "$peer exited before its mount was listable: $(tail -n 3 "$RESULTS/$peer.log" | tr '\n' ' ')"
      return 1
    fi
    if (($(date +%s) >= deadline)); then
      RESULT[$peer,$key]="timeout"
      return 1
    fi
    sleep 0.01
  done
}

# step peer name command... -> RESULT[peer,name] = seconds | timeout | error; output in $OUT
step() {
  local peer=$1 name=$2 t0 rc
  shift 2
  OUT="$RESULTS/$peer.$name.out"
  if [[ -n ${TIMED_OUT[$peer,$name]:-} ]]; then
    RESULT[$peer,$name]="timeout"
    log "$peer $name: timeout in an earlier round; not run again"
    return
  fi
  t0=$(now)
  # TERM at the limit, KILL 5 s later (a reader blocked in a FUSE request dies once it returns).
  timeout -k 5 "$STEP_TIMEOUT" "$@" > "$OUT" 2> "$RESULTS/$peer.$name.err"
  rc=$?
  if ((rc == 124 || rc == 137)); then
    RESULT[$peer,$name]="timeout"
    TIMED_OUT[$peer,$name]=1
  elif ((rc != 0)); then
    RESULT[$peer,$name]="error"
    log "$peer $name failed ($rc): $(head -c 300 "$RESULTS/$peer.$name.err")"
  else
    RESULT[$peer,$name]=$(elapsed "$t0" "$(now)")
  fi
  log "$peer $name: ${RESULT[$peer,$name]} $(head -c 100 "$OUT" | tr '\n' ' ')"
}

check() { # peer name expected -> marks a wrong answer
  local got
  got=$(tr -s ' \n' ' ' < "$OUT" | sed 's/ $//')
  if [[ ${RESULT[$1,$2]} =~ ^[0-9] && $got != "$3" ]]; then
    log "$1 $2: WRONG ANSWER: got '$got', expected '$3'"
    RESULT[$1,$2]="wrong"
  fi
}

FIND='find "$1" | wc -l'
READ_ALL='cd "$1" && find . -type f -print0 | xargs -0 cat | wc -c'

# The extracted tree, made once per archive (python's zipfile, which refuses unsafe names).
local_tree() {
  local dir
  dir="$WORK/extracted-$(basename "$ARCHIVE" .zip)-$(stat -c %s-%Y "$ARCHIVE")"
  if [[ ! -d $dir ]]; then
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2] + ".part")' \
      "$ARCHIVE" "$dir" && mv "$dir.part" "$dir" || die "could not extract $ARCHIVE"
  fi
  echo "$dir"
}

run_local() {
  local dir
  dir=$(local_tree)
  log "== local disk: $dir (warm)"
  bash -c "$READ_ALL" _ "$dir" > /dev/null 2>&1 # warms the page cache, dentries and inodes
  step local find-warm bash -c "$FIND" _ "$dir"
  check local find-warm "$N_PATHS"
  step local read-all-warm bash -c "$READ_ALL" _ "$dir"
  check local read-all-warm "$FILE_BYTES"
}

run_peer() {
  local peer=$1
  if [[ $peer == local ]]; then
    run_local
    return
  fi
  MNT=$(mktemp -d "$WORK/mnt-$peer.XXXXXX")
  log "== $peer on $MNT"
  if mount_peer "$peer" "$MNT" mount; then
    log "$peer mount: ${RESULT[$peer,mount]} s"
    step "$peer" find-cold bash -c "$FIND" _ "$MNT"
    check "$peer" find-cold "$N_PATHS"
    drop_caches 1
    step "$peer" read-all bash -c "$READ_ALL" _ "$MNT"
    check "$peer" read-all "$FILE_BYTES"
    step "$peer" find-warm bash -c "$FIND" _ "$MNT"
    check "$peer" find-warm "$N_PATHS"
    step "$peer" read-all-warm bash -c "$READ_ALL" _ "$MNT"
    check "$peer" read-all-warm "$FILE_BYTES"
    drop_caches 1
    cpu0=$(cpu_seconds "$PID")
    step "$peer" random python3 "$HERE/random_reads.py" "$MNT" "$RANDOM_READS" 20261128 "${LARGE[@]}"
    # CPU seconds only of reads that ran to an answer (a timeout or failure has none).
    RESULT[$peer,random-cpu]=-
    [[ ${RESULT[$peer,random]} =~ ^[0-9] ]] && RESULT[$peer,random-cpu]=$(awk -v a="$cpu0" \
      -v b="$(cpu_seconds "$PID")" \
      'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/) printf "%.2f", b - a; else print "-" }')
    RANDOM_ANSWER[$peer]=$(cat "$OUT")
    RESULT[$peer,rss]=$(hwm_mib "$PID")
  fi
  stop_peer "$MNT"
  if [[ $SEQ == 1 ]]; then
    log "== $peer, fresh mount for the sequential read"
    if mount_peer "$peer" "$MNT" mount-2; then
      drop_caches 1
      step "$peer" seq bash -c 'dd if="$1" of=/dev/null bs=1M 2>&1 | awk "/bytes/ { print \$1 }"' _ "$MNT/$SEQ_ENTRY"
      check "$peer" seq "$SEQ_SIZE"
      RESULT[$peer,rss-seq]=$(hwm_mib "$PID")
    fi
    stop_peer "$MNT"
  fi
  rmdir "$MNT" 2> /dev/null || true
  MNT=""
}

declare -A RANDOM_ANSWER=()
RUN=()
[[ -n $BASELINE ]] && PEERS="baseline $PEERS"
for peer in $PEERS; do
  if available "$peer"; then
    RUN+=("$peer")
  else
    log "skipping $peer: not available (holofs needs $HOLOFS and $HOLOFS_JAR)"
  fi
done
((${#RUN[@]} > 0)) || die "no peer to run"
METRICS="mount find-cold read-all random random-cpu find-warm read-all-warm rss"
[[ $SEQ == 1 ]] && METRICS+=" seq rss-seq"

# The random reads must have returned the same bytes everywhere.
check_random_answers() {
  local ref="" peer a
  for peer in "${RUN[@]}"; do
    a=${RANDOM_ANSWER[$peer]:-}
    [[ -z $a || ! ${RESULT[$peer,random]:-} =~ ^[0-9] ]] && continue
    if [[ -z $ref ]]; then
      ref=$a
    elif [[ $a != "$ref" ]]; then
      log "random reads: $peer answered '$a', ${RUN[0]} '$ref'"
      RESULT[$peer,random]="wrong"
      RESULT[$peer,random-cpu]=-
    fi
  done
}

# The median of the rounds' figures (the lower one of an even count); a timeout counts as the
# slowest value; a failure in any round ("wrong", "error", "failed") is the figure.
summary() {
  local v sorted=()
  for v in $1; do
    case $v in
      [0-9]*) sorted+=("$v") ;;
      timeout) sorted+=(1e300) ;;
      -) ;;
      *) echo "$v"; return ;;
    esac
  done
  ((${#sorted[@]} > 0)) || { echo "-"; return; }
  printf '%s\n' "${sorted[@]}" | sort -g | awk '{ v[NR] = $1 } END {
    m = v[int((NR + 1) / 2)]; print (m == "1e300" ? "timeout" : m) }'
}

for peer in holofs baseline; do
  [[ " ${RUN[*]} " == *" $peer "* ]] || continue
  MNT=$(mktemp -d "$WORK/mnt-$peer.XXXXXX")
  log "== $peer: two untimed mounts, so the launcher makes its class-data archive"
  for _ in 1 2; do # the first lists the classes it loads, the second dumps them
    mount_peer "$peer" "$MNT" warm-up > /dev/null || log "the untimed $peer mount failed"
    stop_peer "$MNT"
  done
  rmdir "$MNT" 2> /dev/null || true
  MNT=""
done
for round in $(seq "$ROUNDS"); do
  log "==== round $round of $ROUNDS"
  RESULT=()
  order=("${RUN[@]}")
  if ((round % 2 == 0)); then # interleaved: every other round in the reverse order
    order=()
    for ((k = ${#RUN[@]} - 1; k >= 0; k--)); do order+=("${RUN[k]}"); done
  fi
  for peer in "${order[@]}"; do
    run_peer "$peer"
  done
  check_random_answers
  for peer in "${RUN[@]}"; do
    for metric in $METRICS; do
      ROUND_FIGURES[$peer,$metric]+="${RESULT[$peer,$metric]:--} "
    done
  done
done
for peer in "${RUN[@]}"; do
  for metric in $METRICS; do
    RESULT[$peer,$metric]=$(summary "${ROUND_FIGURES[$peer,$metric]}")
  done
done

# ---- the table --------------------------------------------------------------------------------
ratio() { # a b -> a/b, or "-"
  if [[ $1 =~ ^[0-9.]+$ && $2 =~ ^[0-9.]+$ ]] && awk -v b="$2" 'BEGIN { exit !(b > 0) }'; then
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
  elif [[ $1 =~ ^[0-9.]+$ && $2 == timeout ]]; then
    echo "<$(awk -v a="$1" -v s="$STEP_TIMEOUT" 'BEGIN { printf "%.3f", a / s }')"
  else
    echo "-"
  fi
}
show() { # value unit
  case $1 in
    "" | -) echo "-" ;;
    timeout) echo ">${STEP_TIMEOUT}s" ;;
    [0-9]*) echo "$1$2" ;;
    *) echo "$1" ;;
  esac
}
HOLOFS_RUN=()
PEER_RUN=()
for peer in "${RUN[@]}"; do
  case $peer in
    holofs | baseline) HOLOFS_RUN+=("$peer") ;;
    *) PEER_RUN+=("$peer") ;;
  esac
done
{
  echo "zip benchmark $STAMP on $(uname -r), $(nproc) cores; archive $ARCHIVE"
  echo "  $N_ENTRIES entries, $N_FILES files, $FILE_BYTES bytes of files, $ARCHIVE_BYTES bytes archived;"
  echo "  random: $RANDOM_READS x 4 KiB over the ${#LARGE[@]} largest files; sequential (SEQ=1): $SEQ_ENTRY ($SEQ_SIZE bytes)"
  echo "  step limit ${STEP_TIMEOUT}s; holofs: ${HOLOFS_JAVA_OPTS+HOLOFS_JAVA_OPTS='$HOLOFS_JAVA_OPTS' }$HOLOFS mount ${HOLOFS_ARGS}"
  [[ -n $BASELINE ]] && echo "  baseline: $BASELINE mount ${HOLOFS_ARGS}, jar $(git -C "$(dirname "$BASELINE")" log -1 --format='%h %cs' 2> /dev/null || echo "?")"
  echo "  holofs jar: $(git -C "$(dirname "$HOLOFS")" log -1 --format='%h %cs' 2> /dev/null || echo "?") ($(stat -c %y "$HOLOFS_JAR" | cut -c1-19))"
  echo "  load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "  medians over $ROUNDS rounds; times in seconds (lower is better; random: all its preads, opening"
  echo "  the files included); ratios holofs/peer (< 1: holofs better)"
  echo
  header=$(printf '%-14s' metric)
  for peer in "${RUN[@]}"; do header+=$(printf ' %14s' "$peer"); done
  for ours in "${HOLOFS_RUN[@]}"; do
    for peer in "${PEER_RUN[@]}"; do header+=$(printf ' %18s' "$ours/$peer"); done
  done
  echo "$header"
  for metric in $METRICS; do
    unit="s"
    [[ $metric == rss* ]] && unit=" MiB"
    line=$(printf '%-14s' "$metric")
    for peer in "${RUN[@]}"; do line+=$(printf ' %14s' "$(show "${RESULT[$peer,$metric]:-}" "$unit")"); done
    for ours in "${HOLOFS_RUN[@]}"; do
      for peer in "${PEER_RUN[@]}"; do
        line+=$(printf ' %18s' "$(ratio "${RESULT[$ours,$metric]:-}" "${RESULT[$peer,$metric]:-}")")
      done
    done
    echo "$line"
  done
  echo
  echo "every round:"
  for peer in "${RUN[@]}"; do
    for metric in $METRICS; do
      [[ $peer == local && $metric != *warm ]] && continue
      printf '  %-13s %-14s %s\n' "$peer" "$metric" "${ROUND_FIGURES[$peer,$metric]}"
    done
  done
} | tee "$RESULTS/report.txt"
log "logs and report in $RESULTS"
