#!/usr/bin/env bash
# S3 benchmark: the same bucket on one S3Proxy (loopback, filesystem backend) mounted with
#   holofs  ./holofs mount s3://bench MNT --endpoint URL --path-style  (its defaults otherwise)
#   rclone  rclone mount (Debian's rclone, its defaults, read-only)
#   s3fs    s3fs (Debian's s3fs-fuse, its defaults, read-only)
# in interleaved rounds: each round mounts every peer in turn, the first one rotating. The bucket
# holds a tree of small objects (tree/), one prefix of many keys (many/) and one big object
# (big.bin). Page cache dropped before each workload; every peer's bytes are checked against the
# local copy. Per workload: wall time, S3 requests (counted in S3Proxy's request log), CPU seconds
# of the serving process and of S3Proxy. Prints medians over the rounds and the ratios
# peer/holofs (above 1: holofs is faster); the raw rows are in results/STAMP/rounds.tsv.
#
# Reading the preads row: s3fs (1.90, its defaults) answers a read of a range it has not loaded
# by loading up to multipart_size x parallel_count (10 MiB x 5) from there into a temporary file,
# in GETs of up to 10 MiB: its 2,000 preads cost ~141 GETs, hundreds of MiB for 8 MiB asked for.
# holofs and rclone GET what the kernel asked for: one GET per pread.
#
# Usage: benchmarks/s3/run.sh       (root: FUSE mounts, /proc/sys/vm/drop_caches)
# Knobs (environment): TREE_DIRS=100 TREE_FILES=100 (tree/ has DIRS x FILES objects of 1-8 KiB),
#   MANY=10000 (keys in many/), BIG_MIB=1024 (big.bin), PREADS=2000 (random 4 KiB preads),
#   PEERS="holofs rclone s3fs", ROUNDS=3 (interleaved rounds: each runs every peer, the first peer
#   rotating), WARM=3000 (objects GET, HEAD... before the rounds), BUILD=1 (rebuild the holofs jar first).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TREE_DIRS=${TREE_DIRS:-100}
TREE_FILES=${TREE_FILES:-100}
MANY=${MANY:-10000}
BIG_MIB=${BIG_MIB:-1024}
PREADS=${PREADS:-2000}
PEERS=${PEERS:-holofs rclone s3fs}
ROUNDS=${ROUNDS:-3}
ID=holofs-bench
SECRET=holofs-bench-secret
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="$HERE/results/$STAMP"
WORK=$(mktemp -d /tmp/holofs-s3bench.XXXXXX)
MNT="$WORK/mnt"
mkdir -p "$RESULTS" "$MNT" "$WORK/data" "$WORK/src"

log() { printf '[s3-bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "$*"; exit 1; }
[[ $(id -u) == 0 ]] || die "run as root (mounts, /proc/sys/vm/drop_caches)"
for tool in rclone s3fs python3 java curl; do
  command -v "$tool" > /dev/null || die "$tool is missing (apt-get install rclone s3fs-fuse python3)"
done

PROXY_PID=""
SERVER_PID=""
cleanup() {
  local status=$?
  if mountpoint -q "$MNT" 2> /dev/null; then
    fusermount3 -uz "$MNT" 2> /dev/null || umount -l "$MNT" 2> /dev/null || true
  fi
  [[ -n $SERVER_PID ]] && kill -KILL "$SERVER_PID" 2> /dev/null || true
  [[ -n $PROXY_PID ]] && kill "$PROXY_PID" 2> /dev/null || true
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the holofs jar and S3Proxy (its jar comes through Maven, as the tests get it) -------------
if [[ ${BUILD:-0} == 1 || ! -f $ROOT/cli/target/holofs.jar ]]; then
  log "building holofs"
  (cd "$ROOT" && mvn -B -ntp -q package -DskipTests)
fi
S3PROXY_JAR=$ROOT/providers/s3/target/s3proxy/s3proxy.jar
if [[ ! -f $S3PROXY_JAR ]]; then
  (cd "$ROOT" && mvn -B -ntp -q process-test-resources -pl providers/s3 -am)
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ENDPOINT=http://127.0.0.1:$PORT
cat > "$WORK/s3proxy.properties" << PROPS
s3proxy.endpoint=$ENDPOINT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$ID
s3proxy.credential=$SECRET
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$WORK/data
PROPS
# Debug logging makes S3Proxy log one "request:" line per S3 request: the request counter.
LOG_LEVEL=debug java -Xmx512m -jar "$S3PROXY_JAR" --properties "$WORK/s3proxy.properties" \
  > "$WORK/s3proxy.log" 2>&1 &
PROXY_PID=$!
for _ in $(seq 600); do
  (exec 3<> "/dev/tcp/127.0.0.1/$PORT") 2> /dev/null && break
  kill -0 "$PROXY_PID" 2> /dev/null || die "S3Proxy exited: $(tail -5 "$WORK/s3proxy.log")"
  sleep 0.1
done

export RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other
export RCLONE_CONFIG_BENCH_ENDPOINT=$ENDPOINT RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true
export RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=$ID RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=$SECRET
unset AWS_CA_BUNDLE # rclone's SDK refuses a CA bundle with its own HTTP transport
export AWS_ACCESS_KEY_ID=$ID AWS_SECRET_ACCESS_KEY=$SECRET
echo "$ID:$SECRET" > "$WORK/passwd" && chmod 600 "$WORK/passwd"

# ---- the bucket -------------------------------------------------------------------------------
log "making ${TREE_DIRS}x${TREE_FILES} small objects, $MANY keys in many/, a $BIG_MIB MiB object"
python3 - "$WORK/src" "$TREE_DIRS" "$TREE_FILES" "$MANY" << 'PY'
import os, random, sys
root, dirs, files, many = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(42)
for d in range(dirs):
    p = os.path.join(root, "tree", "d%03d" % d, "sub%d" % (d % 4))
    os.makedirs(p, exist_ok=True)
    for f in range(files):
        with open(os.path.join(p, "f%04d.log" % f), "wb") as out:
            out.write(rng.randbytes(rng.randrange(1024, 8192)))
os.makedirs(os.path.join(root, "many"))
for i in range(many):
    with open(os.path.join(root, "many", "k%05d" % i), "wb") as out:
        out.write(b"%d\n" % i)
PY
head -c $((BIG_MIB << 20)) /dev/urandom > "$WORK/src/big.bin"
rclone mkdir bench:bench
rclone copy --transfers 32 --checkers 32 "$WORK/src" bench:bench 2>&1 | grep -v NOTICE || true
EXPECT_TREE=$(cd "$WORK/src" && find tree -type f | sort | xargs cat | cksum)
EXPECT_BIG=$(cksum < "$WORK/src/big.bin")
EXPECT_PREADS=$(python3 "$ROOT/benchmarks/zip/random_reads.py" "$WORK/src" "$PREADS" 7 big.bin)
TREE_ENTRIES=$(cd "$WORK/src" && find tree | wc -l)

# ---- S3Proxy warmed up ------------------------------------------------------------------------
# S3Proxy is a JVM: its first few thousand requests of a kind run interpreted and cost it several
# times what later ones do (measured: a GET's S3Proxy CPU falls from ~3.5 ms to ~0.5 ms). Whichever
# peer went first would pay for that, so every kind of request the peers send is sent a few
# thousand times before the first round: listings, HEADs, whole and ranged GETs, with If-Match.
log "warming S3Proxy up"
SIGN=(--aws-sigv4 "aws:amz:us-east-1:s3" --user "$ID:$SECRET" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD")
warm_urls=()
for key in $(cd "$WORK/src" && find tree -type f | sort | head -"${WARM:-3000}"); do
  warm_urls+=("$ENDPOINT/bench/$key" -o /dev/null)
done
for _ in 1 2; do
  curl -sf "${SIGN[@]}" "${warm_urls[@]}"
  curl -sf "${SIGN[@]}" -H "Range: bytes=0-4095" "${warm_urls[@]}"
  curl -sf "${SIGN[@]}" -H 'If-Match: "none"' "${warm_urls[@]}" || true # 412s
  curl -sf "${SIGN[@]}" -I "${warm_urls[@]}" > /dev/null
  for _ in 1 2; do rclone lsf -R bench:bench/tree > /dev/null; done
  rclone lsf bench:bench/many > /dev/null
done 2>&1 | grep -v NOTICE || true

# ---- measuring --------------------------------------------------------------------------------
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches; }
now() { date +%s.%N; }
cpu() { # pid -> user+sys CPU seconds it has used so far
  awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$1/stat" 2> /dev/null || echo 0
}
kinds_since() { # log line -> "LIST/GET/HEAD" counts of the requests logged after it
  tail -n +"$1" "$WORK/s3proxy.log" | grep -o 'request: .*' | grep -oE '\{(GET|HEAD|PUT)@[0-9a-f]+ [^ ]+' \
    | awk '{ m = substr($1, 2, index($1, "@") - 2); url = $2
             if (m == "GET" && url ~ /\?/ && url ~ /(list-type|delimiter|prefix)=/) m = "LIST"
             n[m]++ }
           END { printf "%d/%d/%d", n["LIST"], n["GET"], n["HEAD"] }'
}
ROWS="$RESULTS/rounds.tsv"
printf 'round\tpeer\tworkload\tseconds\trequests\tpeer_cpu\ts3proxy_cpu\n' > "$ROWS"
MARK_LINE=0 MARK_TIME=0 MARK_CPU=0 MARK_PROXY=0
mark() { # remembers where a workload starts: log line, time, CPU of the peer and of S3Proxy
  MARK_LINE=$(( $(wc -l < "$WORK/s3proxy.log") + 1 ))
  MARK_CPU=$(if [[ -n $SERVER_PID ]]; then cpu "$SERVER_PID"; else echo 0; fi)
  MARK_PROXY=$(cpu "$PROXY_PID")
  MARK_TIME=$(now)
}
record() { # round peer workload: one row from the mark until now
  local end=$(now) peer_cpu
  peer_cpu=$(echo "$(cpu "$SERVER_PID") - $MARK_CPU" | bc)
  sleep 0.3 # S3Proxy logs a request after answering it
  printf '%s\t%s\t%s\t%.3f\t%s\t%.2f\t%.2f\n' "$1" "$2" "$3" "$(echo "$end - $MARK_TIME" | bc)" \
    "$(kinds_since "$MARK_LINE")" "$peer_cpu" "$(echo "$(cpu "$PROXY_PID") - $MARK_PROXY" | bc)" >> "$ROWS"
}
timed() { # round peer workload check-command... : runs it, checks its output equals $EXPECT
  local round=$1 peer=$2 what=$3 out; shift 3
  drop_caches
  mark
  out=$("$@")
  record "$round" "$peer" "$what"
  if [[ -n ${EXPECT:-} && $out != "$EXPECT" ]]; then
    die "$peer $what: wrong bytes: got '$out', expected '$EXPECT'"
  fi
}

mount_peer() { # peer
  case $1 in
    holofs) "$ROOT/holofs" mount s3://bench "$MNT" --endpoint "$ENDPOINT" --path-style \
              > "$WORK/$1.log" 2>&1 & ;;
    rclone) rclone mount bench:bench "$MNT" --read-only > "$WORK/$1.log" 2>&1 & ;;
    s3fs)   s3fs bench "$MNT" -f -o ro,url="$ENDPOINT",use_path_request_style,passwd_file="$WORK/passwd" \
              > "$WORK/$1.log" 2>&1 & ;;
  esac
  SERVER_PID=$!
}
unmount_peer() {
  fusermount3 -u "$MNT" 2> /dev/null || umount "$MNT" 2> /dev/null || umount -l "$MNT" || true
  for _ in $(seq 100); do kill -0 "$SERVER_PID" 2> /dev/null || break; sleep 0.1; done
  kill -KILL "$SERVER_PID" 2> /dev/null || true
  wait "$SERVER_PID" 2> /dev/null || true
  SERVER_PID=""
}

# The first two holofs mounts make the launcher's class-data archive (the first lists the classes
# it loads, the second dumps them): not ones to time.
if [[ " $PEERS " == *" holofs "* ]]; then
  for _ in 1 2; do
    mount_peer holofs
    until [[ -n $(ls "$MNT" 2> /dev/null) ]]; do
      kill -0 "$SERVER_PID" 2> /dev/null || die "holofs exited: $(tail -3 "$WORK/holofs.log")"
      sleep 0.05
    done
    unmount_peer
  done
fi

read -r -a peers <<< "$PEERS"
for round in $(seq "$ROUNDS"); do
  # Interleaved: each round runs every peer, starting one further along the list.
  shift_by=$(( (round - 1) % ${#peers[@]} ))
  order=("${peers[@]:shift_by}" "${peers[@]::shift_by}")
  for peer in "${order[@]}"; do
    log "round $round: $peer"
    drop_caches
    SERVER_PID=""
    mark
    mount_peer "$peer"
    until [[ $(ls "$MNT" 2> /dev/null | tr '\n' ' ') == "big.bin many tree " ]]; do
      kill -0 "$SERVER_PID" 2> /dev/null || die "$peer exited: $(tail -3 "$WORK/$peer.log")"
      sleep 0.01
    done
    record "$round" "$peer" mount
    EXPECT=$((MANY + 1)) timed "$round" "$peer" ls-l bash -c "ls -l '$MNT/many' | wc -l"
    EXPECT=$TREE_ENTRIES timed "$round" "$peer" find bash -c "find '$MNT/tree' | wc -l"
    EXPECT=$EXPECT_TREE timed "$round" "$peer" read-small bash -c "cd '$MNT' && find tree -type f | sort | xargs cat | cksum"
    EXPECT=$EXPECT_BIG timed "$round" "$peer" seq-read bash -c "cksum < '$MNT/big.bin'"
    EXPECT=$EXPECT_PREADS timed "$round" "$peer" preads python3 "$ROOT/benchmarks/zip/random_reads.py" "$MNT" "$PREADS" 7 big.bin
    rss=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status" 2> /dev/null || echo 0)
    printf '%s\t%s\trss\t%s\t-\t0\t0\n' "$round" "$peer" "$rss" >> "$ROWS"
    unmount_peer
  done
done

# ---- the table --------------------------------------------------------------------------------
{
  echo "S3 benchmark $STAMP: tree ${TREE_DIRS}x${TREE_FILES}, many/ $MANY keys, big.bin $BIG_MIB MiB,"
  echo "$PREADS preads, $ROUNDS interleaved rounds; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 "$HERE/table.py" "$ROWS" "$BIG_MIB" $PEERS
} | tee "$RESULTS/table.txt"
