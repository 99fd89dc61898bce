#!/usr/bin/env bash
# sftp benchmark: one tree served by Debian's OpenSSH server on loopback (started here on a free
# port with its own host key, client key and config; stopped at the end), mounted by sshfs and by
# holofs (`./holofs mount vfs:sftp://...`, at --lanes 1, 2 and 4), one after the other, with the
# same workloads:
#   mount     time from starting the mount process until the root is listable
#   find      `find MNT | wc -l` right after mounting
#   ls-l      `ls -l` of the N_FILES-entry directory flat/
#   read-all  every small file read once (find -type f | xargs cat), bytes counted
#   seq       sequential read of big.bin (dd, 1 MiB blocks), MB/s
#   random    RANDOM_READS random 4 KiB preads of big.bin (same offsets for every peer, CRC-32
#             compared), preads/s
#   rss       peak RSS (VmHWM) of the mounting process after all of the above, MiB
# The page cache is dropped before mounting and before each reading workload. ROUNDS rounds run
# the peers in turn; the table gives each figure's median and its ratio to sshfs (>1: holofs
# better; for times and RSS the ratio is sshfs/holofs).
#
# Usage: benchmarks/vfs/run.sh     (root: sshd, mounts, drop_caches)
# Knobs (environment): N_FILES=10000 N_DIRS=1000 BIG_MB=256 RANDOM_READS=2000 ROUNDS=3
#   PEERS="sshfs holofs-1 holofs-2 holofs-4" STEP_TIMEOUT=300 WORK=/tmp/holofs-vfsbench
#   DROP_CACHES=1
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
N_FILES=${N_FILES:-10000}
N_DIRS=${N_DIRS:-1000}
BIG_MB=${BIG_MB:-256}
RANDOM_READS=${RANDOM_READS:-2000}
ROUNDS=${ROUNDS:-3}
PEERS=${PEERS:-"sshfs holofs-1 holofs-2 holofs-4"}
STEP_TIMEOUT=${STEP_TIMEOUT:-300}
WORK=${WORK:-/tmp/holofs-vfsbench}
DROP_CACHES=${DROP_CACHES:-1}
METRICS="mount find ls-l read-all seq random rss"

log() { printf '[vfs-bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "$*"; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
drop() { [[ $DROP_CACHES == 1 ]] && sync && echo 3 > /proc/sys/vm/drop_caches; true; }

[[ $(id -u) == 0 ]] || die "run as root (sshd, mounts, drop_caches)"
for tool in /usr/sbin/sshd /usr/lib/openssh/sftp-server sshfs ssh-keygen python3 timeout fusermount3; do
  command -v "$tool" > /dev/null || die "needs $tool (apt-get install openssh-server sshfs fuse3)"
done
[[ -f $ROOT/cli/target/holofs.jar ]] || die "build first: mvn -B -ntp -q package -DskipTests"

# ---- the tree (cached) and the server -------------------------------------------------------------
TREE="$WORK/tree-$N_FILES-$N_DIRS-$BIG_MB"
if [[ ! -f $TREE.done ]]; then
  log "writing $TREE ($N_FILES files in flat/, $N_DIRS dirs, ${BIG_MB} MiB big.bin)"
  rm -rf "$TREE" && python3 "$HERE/make_tree.py" "$TREE" "$N_FILES" "$N_DIRS" "$BIG_MB" || die "tree"
  touch "$TREE.done"
fi
EXPECT_PATHS=$(find "$TREE" | wc -l)
EXPECT_SMALL_BYTES=$(find "$TREE/flat" "$TREE/dirs" -type f -print0 | xargs -0 cat | wc -c)
EXPECT_RANDOM=$(python3 "$HERE/random_reads.py" "$TREE/big.bin" "$RANDOM_READS" | cut -d' ' -f2)

SSH="$WORK/ssh"
rm -rf "$SSH" && mkdir -p "$SSH" && chmod 700 "$SSH"
ssh-keygen -q -t ed25519 -N '' -f "$SSH/host_key" || die "host key"
ssh-keygen -q -t ed25519 -N '' -f "$SSH/client_key" || die "client key"
cp "$SSH/client_key.pub" "$SSH/authorized_keys"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$SSH/sshd_config" <<CONF
Port $PORT
ListenAddress 127.0.0.1
HostKey $SSH/host_key
PidFile $SSH/sshd.pid
AuthorizedKeysFile $SSH/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp /usr/lib/openssh/sftp-server
CONF
echo "[127.0.0.1]:$PORT $(cut -d' ' -f1,2 "$SSH/host_key.pub")" > "$SSH/known_hosts"
mkdir -p /run/sshd
/usr/sbin/sshd -D -e -f "$SSH/sshd_config" 2> "$SSH/sshd.log" &
SSHD_PID=$!
MNT="$WORK/mnt"
mkdir -p "$MNT"
MOUNT_PID=
cleanup() {
  if mountpoint -q "$MNT"; then fusermount3 -u "$MNT" 2> /dev/null || umount -l "$MNT"; fi
  [[ -n $MOUNT_PID ]] && kill "$MOUNT_PID" 2> /dev/null
  kill "$SSHD_PID" 2> /dev/null
  wait 2> /dev/null
}
trap cleanup EXIT
for _ in $(seq 100); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1)" 2> /dev/null && break
  sleep 0.1
done
log "OpenSSH $(/usr/sbin/sshd -V 2>&1 | head -1) on 127.0.0.1:$PORT serving $TREE"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="$HERE/results/$STAMP"
mkdir -p "$RESULTS"
declare -A FIG=()

start_mount() { # peer
  local peer=$1
  case $peer in
    sshfs)
      sshfs -f -p "$PORT" -o IdentityFile="$SSH/client_key",UserKnownHostsFile="$SSH/known_hosts",StrictHostKeyChecking=yes \
        "root@127.0.0.1:$TREE" "$MNT" > "$RESULTS/$peer.log" 2>&1 &
      ;;
    holofs-*)
      "$ROOT/holofs" mount "vfs:sftp://root@127.0.0.1:$PORT$TREE" "$MNT" --identity "$SSH/client_key" \
        --known-hosts "$SSH/known_hosts" --lanes "${peer#holofs-}" > "$RESULTS/$peer.log" 2>&1 &
      ;;
  esac
  MOUNT_PID=$!
}

stop_mount() {
  fusermount3 -u "$MNT" 2> /dev/null || umount -l "$MNT" 2> /dev/null
  for _ in $(seq 100); do kill -0 "$MOUNT_PID" 2> /dev/null || break; sleep 0.1; done
  kill "$MOUNT_PID" 2> /dev/null
  wait "$MOUNT_PID" 2> /dev/null
  MOUNT_PID=
}

step() { # peer metric command...: runs it under timeout, prints its output
  local out
  if ! out=$(timeout "$STEP_TIMEOUT" bash -c "$3"); then
    log "$1: $2 failed or timed out"
    return 1
  fi
  echo "$out"
}

run_peer() { # peer round
  local peer=$1 t0 t1 out
  drop
  t0=$(now)
  start_mount "$peer"
  for _ in $(seq 600); do
    mountpoint -q "$MNT" && ls "$MNT" > /dev/null 2>&1 && break
    kill -0 "$MOUNT_PID" 2> /dev/null || { log "$peer: mount failed: $(tail -1 "$RESULTS/$peer.log")"; return; }
    sleep 0.02
  done
  t1=$(now); FIG[$peer,mount]=$(elapsed "$t0" "$t1")
  t0=$(now); out=$(step "$peer" find "find '$MNT' | wc -l"); t1=$(now)
  [[ $out == "$EXPECT_PATHS" ]] || log "$peer: find saw $out paths, expected $EXPECT_PATHS"
  FIG[$peer,find]=$(elapsed "$t0" "$t1")
  drop
  t0=$(now); out=$(step "$peer" ls-l "ls -l '$MNT/flat' | wc -l"); t1=$(now)
  FIG[$peer,ls-l]=$(elapsed "$t0" "$t1")
  drop
  t0=$(now); out=$(step "$peer" read-all "find '$MNT/flat' '$MNT/dirs' -type f -print0 | xargs -0 cat | wc -c"); t1=$(now)
  [[ $out == "$EXPECT_SMALL_BYTES" ]] || log "$peer: read-all got $out bytes, expected $EXPECT_SMALL_BYTES"
  FIG[$peer,read-all]=$(elapsed "$t0" "$t1")
  drop
  t0=$(now); step "$peer" seq "dd if='$MNT/big.bin' of=/dev/null bs=1M status=none" > /dev/null; t1=$(now)
  FIG[$peer,seq]=$(awk -v mb="$BIG_MB" -v s="$(elapsed "$t0" "$t1")" 'BEGIN { printf "%.1f", mb * 1.048576 / s }')
  drop
  out=$(step "$peer" random "python3 '$HERE/random_reads.py' '$MNT/big.bin' $RANDOM_READS")
  [[ ${out#* } == "$EXPECT_RANDOM" ]] || log "$peer: random reads CRC ${out#* }, expected $EXPECT_RANDOM"
  FIG[$peer,random]=${out% *}
  FIG[$peer,rss]=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$MOUNT_PID/status" 2> /dev/null)
  stop_mount
  local line="round $2 $peer"
  for m in $METRICS; do line+=" $m=${FIG[$peer,$m]:-}"; done
  echo "$line" >> "$RESULTS/rounds.txt"
  log "$line"
}

log "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; results in $RESULTS"
# Two untimed holofs mounts first: the launcher's first mount lists the classes it loads and the
# second dumps them into the class-data archive that every timed mount maps.
for _ in 1 2; do
  start_mount holofs-1
  for _ in $(seq 600); do
    mountpoint -q "$MNT" && ls "$MNT" > /dev/null 2>&1 && break
    kill -0 "$MOUNT_PID" 2> /dev/null || break
    sleep 0.05
  done
  stop_mount
done
for round in $(seq "$ROUNDS"); do
  for peer in $PEERS; do
    run_peer "$peer" "$round"
  done
done

python3 - "$RESULTS/rounds.txt" "$PEERS" > "$RESULTS/table.md" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    parts = line.split()
    peer = parts[2]
    for kv in parts[3:]:
        k, _, v = kv.partition("=")
        if v:
            rows.setdefault(peer, {}).setdefault(k, []).append(float(v))
peers = sys.argv[2].split()
metrics = [("mount", "s", False), ("find", "s", False), ("ls-l", "s", False), ("read-all", "s", False),
           ("seq", "MB/s", True), ("random", "preads/s", True), ("rss", "MiB", False)]
med = {p: {m: statistics.median(v) for m, v in rows.get(p, {}).items()} for p in peers}
print("| metric | " + " | ".join(peers) + " |")
print("|---|" + "---|" * len(peers))
for m, unit, higher in metrics:
    cells = []
    base = med.get("sshfs", {}).get(m)
    for p in peers:
        v = med[p].get(m)
        if v is None:
            cells.append("-")
            continue
        cell = ("%.3f" % v if unit == "s" else "%.1f" % v) + " " + unit
        if p != "sshfs" and base:
            ratio = (v / base) if higher else (base / v if v else 0)
            cell += " (%.2fx)" % ratio
        cells.append(cell)
    print("| %s | %s |" % (m, " | ".join(cells)))
PY
cat "$RESULTS/table.md"
