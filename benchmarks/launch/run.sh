#!/usr/bin/env bash
# Start-up and memory of `./holofs mount zip:ARCHIVE MNT` with the launcher's defaults, against
# fuse-zip on the same archive in the same run (see README.md):
#   startup   time from the command to a listable root, page cache dropped before each mount
#   rss       peak RSS (VmHWM) of the serving process through a cold read of every file
#   warm      `find` and a read of every file, 2 s after a first read (past one-second cache
#             timeouts), against the archive extracted to local disk
#   breakdown one more holofs mount with Native Memory Tracking: what its resident set is made of
# Usage: benchmarks/launch/run.sh [ARCHIVE]     (root: mounts, drop_caches; needs fuse-zip)
#   Without ARCHIVE it generates (once, under $WORK) a source-code-shaped archive (make_archive.py).
# Knobs: ROUNDS=5, WORK=/tmp/holofs-launchbench, BEFORE=DIR (another checkout with a built jar,
#   run as one more peer through its own launcher: before/after figures in one run).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ROUNDS=${ROUNDS:-5}
WORK=${WORK:-/tmp/holofs-launchbench}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="$HERE/results/$STAMP"
mkdir -p "$WORK" "$RESULTS"

log() { printf '[launch-bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
[[ $(id -u) == 0 ]] || { log "run as root (mounts, /proc/sys/vm/drop_caches)"; exit 1; }
for tool in python3 fuse-zip jcmd pmap; do
  command -v "$tool" > /dev/null || { log "needs $tool"; exit 1; }
done
[[ -f $ROOT/cli/target/holofs.jar ]] || { log "build the jar first: mvn -B -ntp -q package -DskipTests"; exit 1; }

ARCHIVE=${1:-}
if [[ -z $ARCHIVE ]]; then
  ARCHIVE="$WORK/source-v1.zip"
  [[ -f $ARCHIVE ]] || { log "generating $ARCHIVE"; python3 "$HERE/make_archive.py" "$ARCHIVE"; }
fi
ARCHIVE=$(cd "$(dirname "$ARCHIVE")" && pwd)/$(basename "$ARCHIVE")

peers=("holofs=$ROOT/holofs mount zip:{archive} {mnt}")
if [[ -n ${BEFORE:-} ]]; then
  peers=("before=$BEFORE/holofs mount zip:{archive} {mnt}" "${peers[@]}")
fi
peers+=("fuse-zip=fuse-zip -f -r {archive} {mnt}")

{
  echo "archive: $ARCHIVE ($(stat -c %s "$ARCHIVE") bytes)"
  echo "holofs: $(git -C "$ROOT" rev-parse --short HEAD 2> /dev/null || echo '?'), launcher defaults; $(java -version 2>&1 | head -1)"
  echo "machine: $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  # Two untimed mounts per launcher: the first lists the classes it loads, the second dumps them
  # into the class-data archive (AppCDS) that every timed mount then maps.
  for _ in 1 2; do python3 "$HERE/measure.py" startup "$ARCHIVE" 1 "${peers[@]}" > /dev/null; done
  python3 "$HERE/measure.py" startup "$ARCHIVE" "$ROUNDS" "${peers[@]}"
  python3 "$HERE/measure.py" rss "$ARCHIVE" "$ROUNDS" "${peers[@]}"
  extracted="$WORK/extracted-$(basename "$ARCHIVE" .zip)"
  if [[ ! -d $extracted ]]; then
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$ARCHIVE" "$extracted.tmp"
    mv "$extracted.tmp" "$extracted"
  fi
  python3 "$HERE/measure.py" warm "$ARCHIVE" "$ROUNDS" "${peers[@]}" "disk=dir:$extracted"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "breakdown of one holofs mount through a cold read of every file (-XX:NativeMemoryTracking=summary):"
  mnt="$WORK/breakdown"
  mkdir -p "$mnt"
  HOLOFS_JAVA_OPTS="-XX:NativeMemoryTracking=summary" "$ROOT/holofs" mount "zip:$ARCHIVE" "$mnt" > /dev/null &
  pid=$!
  # Whatever fails below (set -e), the mount goes: SIGTERM unmounts it; if the JVM is gone, it is
  # unmounted here.
  trap 'kill -TERM "$pid" 2> /dev/null; wait "$pid" 2> /dev/null; mountpoint -q "$mnt" && { fusermount3 -u "$mnt" || umount -l "$mnt"; }' EXIT
  for _ in $(seq 600); do [[ -n $(ls -A "$mnt" 2> /dev/null) ]] && break; sleep 0.05; done
  sync && echo 3 > /proc/sys/vm/drop_caches
  find "$mnt" -type f -print0 | xargs -0 cat | wc -c | sed 's/^/bytes read: /'
  grep -E 'VmHWM|VmRSS|RssAnon|RssFile|Threads' "/proc/$pid/status"
  jcmd "$pid" VM.native_memory summary | grep -E '^-|^Total' | sed -E 's/reserved=[0-9]+KB, //'
  echo "largest mappings (pmap -x: Kbytes RSS Dirty):"
  pmap -x "$pid" | sort -k3 -n -r | sed -n '2,13p'
  echo "live heap, largest classes:"
  jcmd "$pid" GC.class_histogram | sed -n '2,14p'
  kill -TERM "$pid"
  wait "$pid" || true
  trap - EXIT
} 2>&1 | tee "$RESULTS/report.txt"
log "report: $RESULTS/report.txt"
