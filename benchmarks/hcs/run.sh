#!/usr/bin/env bash
# hcs benchmark: what `./holofs vm run` costs a user, against the same guest reading the same
# bytes from a plain host directory shared the same way (virtio-9p, read-only), in one run:
#   boot-to-first-byte  seconds from starting `./holofs vm run` until the guest printed the first
#                       bytes of a shared file (JVM start, projection mount, QEMU, guest boot, read)
#   seq-64M             MB/s of sequential reads (dd, 1 MiB blocks; 4 per timing) of a 64 MiB file in the guest:
#                       the demo tree's big/64m.bin projected, and a copy of it in a plain directory
# Rounds alternate which peer goes first; the table gives medians and the ratio holofs/plain.
# The read rounds run in one VM that has both shares; the guest times them with /proc/uptime.
#
# Usage: benchmarks/hcs/run.sh        (root: mounts; needs QEMU and the guest, see README)
# Knobs: ROUNDS=5 (boot rounds), READ_ROUNDS=5, WORK=/tmp/holofs-hcsbench
# The first read round of each peer is cold on the host (FUSE, page cache); later rounds are warm.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ROUNDS=${ROUNDS:-5}
READ_ROUNDS=${READ_ROUNDS:-5}
WORK=${WORK:-/tmp/holofs-hcsbench}
HOLOFS="$ROOT/holofs"

log() { printf '[hcs-bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
[[ -f "$ROOT/cli/target/holofs.jar" ]] || { log "build first: mvn -B -ntp -q package -DskipTests"; exit 1; }
"$ROOT/hcs/guest/build-guest.sh" > /dev/null

# The plain peer: the demo tree's bytes copied into a host directory, once.
mkdir -p "$WORK/plain" "$WORK/mnt"
if [[ ! -s "$WORK/plain/64m.bin" ]]; then
  log "copying the demo tree's files into $WORK/plain"
  "$HOLOFS" mount demo: "$WORK/mnt" > /dev/null &
  pid=$!
  for _ in $(seq 1 600); do [[ -f "$WORK/mnt/hello.txt" ]] && break; sleep 0.1; done
  cp "$WORK/mnt/hello.txt" "$WORK/plain/hello.txt"
  cp "$WORK/mnt/big/64m.bin" "$WORK/plain/64m.bin.tmp" && mv "$WORK/plain/64m.bin.tmp" "$WORK/plain/64m.bin"
  kill -INT "$pid"; wait "$pid" || true
fi

python3 "$HERE/measure.py" "$HOLOFS" "$WORK/plain" "$ROUNDS" "$READ_ROUNDS"
