#!/usr/bin/env bash
# The floor: what a JVM costs before holofs runs, beside the native peers' own start, in one run.
#   start floor   exec -> main's first byte and exec -> exit of Floor.java (a class that does
#                 nothing), run with exactly the JVM options the launcher gives each source kind
#                 (zip, s3, vfs, demo), with its class-data archive where one exists and without;
#                 Floor binding libc through the FUSE adapter's own JNA class (exec -> bound);
#                 ./holofs --version; fuse-zip --version, rclone version, sshfs --version and
#                 /bin/true (a native binary's start); a zip: and a demo: mount and fuse-zip's
#                 mount of the same archive until the root lists. Cold (sync; drop_caches 3 before
#                 each) and warm (right after), ROUNDS interleaved rounds.
#   memory floor  VmRSS/VmHWM of the same classes idling SETTLE s, with and without libc bound;
#                 idle zip:/demo: mounts and fuse-zip after `ls` of the root; MEM_ROUNDS rounds.
#   not relocated the same with the archive mapped where it was dumped (ArchiveRelocationMode=0),
#                 an alternative to JDK 17.0.15's default of relocating it to a random address.
#   breakdown     one run each with -XX:NativeMemoryTracking=summary: jcmd VM.native_memory
#                 and resident memory by mapping (class-data archive, libjvm, other files).
# The launcher's options come from the launcher itself (HOLOFS_PRINT_COMMAND=1).
# Usage (root: mounts, drop_caches; under the machine's benchmark lock where there is one):
#   benchmarks/floor/run.sh [ARCHIVE]
# Knobs: ROUNDS=9, MEM_ROUNDS=3, SETTLE=2 (s), WORK=/tmp/holofs-floor, HOLOFS=<this checkout>/holofs.
# ARCHIVE defaults to the zip benchmark's generated source-code archive (made once under WORK).
# About 4 minutes with the defaults on 2 cores. The report goes to stdout and results/<UTC time>/.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export HOLOFS=${HOLOFS:-$ROOT/holofs}
WORK=${WORK:-/tmp/holofs-floor}
export ROUNDS=${ROUNDS:-9} MEM_ROUNDS=${MEM_ROUNDS:-3} SETTLE=${SETTLE:-2}
die() { echo "floor: $*" >&2; exit 1; }

[[ $(id -u) == 0 ]] || die "run as root (mounts, /proc/sys/vm/drop_caches)"
for tool in java javac jcmd python3 fusermount3; do
  command -v "$tool" > /dev/null || die "needs $tool"
done
[[ -f $(dirname "$HOLOFS")/cli/target/holofs.jar ]] \
  || die "build the jar first: mvn -B -ntp -q package -DskipTests"
mkdir -p "$WORK"
ARCHIVE=${1:-${ARCHIVE:-$WORK/source-v1.zip}}
if [[ ! -f $ARCHIVE ]]; then
  python3 "$HERE/../zip/make_archive.py" "$ARCHIVE" --shape source || die "could not make $ARCHIVE"
fi
export ARCHIVE=$(cd "$(dirname "$ARCHIVE")" && pwd)/$(basename "$ARCHIVE")
javac --release 17 -d "$WORK/classes" "$HERE/Floor.java"
export RESULTS="$HERE/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RESULTS"
{
  echo "# floor $(basename "$RESULTS") on $(uname -r), $(nproc) cores, $(java -version 2>&1 | head -1)"
  echo "holofs $(git -C "$ROOT" log -1 --format='%h %cs' 2> /dev/null || echo '?'), archive $ARCHIVE ($(stat -c %s "$ARCHIVE") bytes)"
  echo "ROUNDS=$ROUNDS MEM_ROUNDS=$MEM_ROUNDS SETTLE=$SETTLE"
} | tee "$RESULTS/report.md"
python3 "$HERE/floor.py" "$WORK"
