#!/usr/bin/env bash
# Issue 14's two costs, this build against another (a main checkout), interleaved rounds:
#  deep:   an archive of one entry 32,765 directories deep (131 KB): seconds for `find` through the
#          mount, and the serving JVM's peak RSS (VmHWM); killed after 120 s.
#  stored: MB/s of `dd` reading a 256 MiB stored entry through a fresh mount (the CRC check's cost).
# Usage: benchmarks/zip/hardening.sh OTHER_CHECKOUT [ROUNDS]   (both built: cli/target/holofs.jar)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
other=$(cd "$1" && pwd)
rounds=${2:-3}
work=$(mktemp -d /tmp/holofs-harden.XXXXXX)
trap 'for m in "$work"/mnt-*; do fusermount3 -u -z "$m" 2>/dev/null || true; done; rm -rf "$work"' EXIT
export HOLOFS_JAVA_OPTS=${HOLOFS_JAVA_OPTS:--Xmx512m}

python3 - "$work" <<'PY'
import os, sys, zipfile
w = sys.argv[1]
with zipfile.ZipFile(os.path.join(w, "deep.zip"), "w") as z:
    z.writestr("a/" * 32765 + "x", "deep")
    z.writestr("shallow", "ok")
with zipfile.ZipFile(os.path.join(w, "stored.zip"), "w", zipfile.ZIP_STORED) as z:
    with z.open("big.bin", "w", force_zip64=True) as f:
        block = os.urandom(1 << 20)
        for _ in range(256):
            f.write(block)
PY

# run BUILD ARCHIVE MODE: mounts, measures, unmounts; prints "seconds peak_kib" or "MB/s".
run() {
  local build=$1 archive=$2 mode=$3 mnt="$work/mnt-$RANDOM"
  mkdir -p "$mnt"
  "$build/holofs" mount "zip:$work/$archive" "$mnt" > "$work/out" 2>&1 &
  local pid=$!
  for _ in $(seq 200); do grep -q " $mnt " /proc/mounts && break; sleep 0.05; done
  local jvm
  jvm=$(pgrep -P $pid java || echo $pid)
  local start end
  start=$(date +%s.%N)
  if [ "$mode" = deep ]; then
    timeout 120 find "$mnt" > /dev/null 2>&1 || true
    end=$(date +%s.%N)
    local hwm
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$jvm/status" 2>/dev/null || echo dead)
    echo "$(echo "$end - $start" | bc) $hwm"
  else
    dd if="$mnt/big.bin" of=/dev/null bs=1M 2>/dev/null
    end=$(date +%s.%N)
    echo "256 / ($end - $start)" | bc -l | xargs printf '%.0f\n'
  fi
  kill -TERM $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  fusermount3 -u -z "$mnt" 2>/dev/null || true
  rmdir "$mnt"
}

for r in $(seq "$rounds"); do
  for b in "$here" "$other"; do
    name=$([ "$b" = "$here" ] && echo this || echo other)
    echo "round $r $name deep(s,peakKiB): $(run "$b" deep.zip deep)  stored(MB/s): $(run "$b" stored.zip stored)"
  done
done
