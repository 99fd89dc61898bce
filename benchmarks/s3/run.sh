#!/usr/bin/env bash
# S3 benchmark: the same bucket on one S3Proxy (loopback, filesystem backend) mounted with
#   holofs  ./holofs mount s3://bench MNT --endpoint URL --path-style  (its defaults otherwise)
#   rclone  rclone mount (Debian's rclone, its defaults, read-only)
#   s3fs    s3fs (Debian's s3fs-fuse, its defaults, read-only)
# one after the other. The bucket holds a tree of small objects (tree/), one prefix of many keys
# (many/) and one big object (big.bin). Page cache dropped before each workload; every peer's
# bytes are checked against the local copy. S3 requests per workload are counted in S3Proxy's
# own request log. Prints a table and the ratios peer/holofs (above 1: holofs is faster).
#
# Usage: benchmarks/s3/run.sh       (root: FUSE mounts, /proc/sys/vm/drop_caches)
# Knobs (environment): TREE_DIRS=100 TREE_FILES=100 (tree/ has DIRS x FILES objects of 1-8 KiB),
#   MANY=10000 (keys in many/), BIG_MIB=1024 (big.bin), PREADS=2000 (random 4 KiB preads),
#   PEERS="holofs rclone s3fs", BUILD=1 (rebuild the holofs jar first).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TREE_DIRS=${TREE_DIRS:-100}
TREE_FILES=${TREE_FILES:-100}
MANY=${MANY:-10000}
BIG_MIB=${BIG_MIB:-1024}
PREADS=${PREADS:-2000}
PEERS=${PEERS:-holofs rclone s3fs}
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
for tool in rclone s3fs python3 java; do
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

# ---- measuring --------------------------------------------------------------------------------
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches; }
now() { date +%s.%N; }
requests() { grep -c "S3ProxyHandler.*request: " "$WORK/s3proxy.log" || true; }
kinds_since() { # log line -> "LIST n GET n HEAD n" of the requests logged after it
  tail -n +"$1" "$WORK/s3proxy.log" | grep -o 'request: .*' | grep -oE '\{(GET|HEAD|PUT)@[0-9a-f]+ [^ ]+' \
    | awk '{ m = substr($1, 2, index($1, "@") - 2); url = $2
             if (m == "GET" && url ~ /\?/ && url ~ /(list-type|delimiter|prefix)=/) m = "LIST"
             n[m]++ }
           END { printf "%d/%d/%d", n["LIST"], n["GET"], n["HEAD"] }'
}
declare -A T=() R=()
record() { # peer workload seconds requests-from-line
  T[$1,$2]=$3
  R[$1,$2]=$(kinds_since "$4")
}
timed() { # peer workload check-command... : runs it, checks its output equals $EXPECT
  local peer=$1 what=$2; shift 2
  drop_caches
  local from=$(( $(wc -l < "$WORK/s3proxy.log") + 1 )) start end out
  start=$(now)
  out=$("$@")
  end=$(now)
  record "$peer" "$what" "$(echo "$end - $start" | bc)" "$from"
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
server_pid() { # the process serving the mount (the JVM under the holofs launcher's exec)
  echo "$SERVER_PID"
}
unmount_peer() {
  fusermount3 -u "$MNT" 2> /dev/null || umount "$MNT" 2> /dev/null || umount -l "$MNT" || true
  for _ in $(seq 100); do kill -0 "$SERVER_PID" 2> /dev/null || break; sleep 0.1; done
  kill -KILL "$SERVER_PID" 2> /dev/null || true
  wait "$SERVER_PID" 2> /dev/null || true
  SERVER_PID=""
}

for peer in $PEERS; do
  log "$peer"
  drop_caches
  from=$(( $(wc -l < "$WORK/s3proxy.log") + 1 ))
  start=$(now)
  mount_peer "$peer"
  until [[ $(ls "$MNT" 2> /dev/null | tr '\n' ' ') == "big.bin many tree " ]]; do
    kill -0 "$SERVER_PID" 2> /dev/null || die "$peer exited: $(tail -3 "$WORK/$peer.log")"
    sleep 0.02
  done
  record "$peer" mount "$(echo "$(now) - $start" | bc)" "$from"
  EXPECT=$((MANY + 1)) timed "$peer" ls-l bash -c "ls -l '$MNT/many' | wc -l"
  EXPECT=$TREE_ENTRIES timed "$peer" find bash -c "find '$MNT/tree' | wc -l"
  EXPECT=$EXPECT_TREE timed "$peer" read-small bash -c "cd '$MNT' && find tree -type f | sort | xargs cat | cksum"
  EXPECT=$EXPECT_BIG timed "$peer" seq-read bash -c "cksum < '$MNT/big.bin'"
  EXPECT=$EXPECT_PREADS timed "$peer" preads python3 "$ROOT/benchmarks/zip/random_reads.py" "$MNT" "$PREADS" 7 big.bin
  T[$peer,rss]=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$(server_pid)/status" 2> /dev/null || echo -)
  unmount_peer
done

# ---- the table --------------------------------------------------------------------------------
{
  echo "S3 benchmark $STAMP: tree ${TREE_DIRS}x${TREE_FILES}, many/ $MANY keys, big.bin $BIG_MIB MiB,"
  echo "$PREADS preads; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "seconds (requests LIST/GET/HEAD); seq-read also MB/s; rss = peak RSS of the server, MiB"
  printf '%-11s' workload; for p in $PEERS; do printf '%-26s' "$p"; done
  for p in $PEERS; do [[ $p != holofs ]] && printf '%-14s' "$p/holofs"; done; echo
  for w in mount ls-l find read-small seq-read preads rss; do
    printf '%-11s' "$w"
    for p in $PEERS; do
      v=${T[$p,$w]:-}
      if [[ $w == rss ]]; then cell="$v MiB"
      elif [[ $w == seq-read ]]; then cell=$(printf '%.2f (%.0f MB/s) %s' "$v" "$(echo "$BIG_MIB * 1.048576 / $v" | bc -l)" "${R[$p,$w]}")
      else cell=$(printf '%.2f %s' "$v" "${R[$p,$w]}"); fi
      printf '%-26s' "$cell"
    done
    for p in $PEERS; do
      if [[ $p != holofs && -n ${T[holofs,$w]:-} && ${T[holofs,$w]} != - && ${T[$p,$w]} != - ]]; then
        printf '%-14s' "$(printf '%.2fx' "$(echo "${T[$p,$w]} / ${T[holofs,$w]}" | bc -l)")"
      fi
    done
    echo
  done
} | tee "$RESULTS/table.txt"
