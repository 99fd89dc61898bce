"""Runs the hcs benchmark's rounds through ./holofs vm run and prints the table (see run.sh)."""
import statistics
import subprocess
import sys
import time

holofs, plain, rounds, read_rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
REPEAT = 4
PEERS = {"holofs": ("demo:", "hello.txt", "big/64m.bin"), "plain": (plain, "hello.txt", "64m.bin")}


def boot_to_first_byte(source, name):
    start = time.monotonic()
    proc = subprocess.Popen([holofs, "vm", "run", "--share", "d=" + source, "--",
                             "head -c 16 /mnt/d/" + name + "; echo"],
                            stdout=subprocess.PIPE, text=True)
    first = proc.stdout.readline()
    seconds = time.monotonic() - start
    proc.communicate()
    if proc.returncode != 0 or not first.strip():
        raise SystemExit(f"boot round failed for {source}: status {proc.returncode}")
    return seconds


boot = {peer: [] for peer in PEERS}
for r in range(rounds):
    order = list(PEERS) if r % 2 == 0 else list(reversed(PEERS))
    for peer in order:
        source, small, _ = PEERS[peer]
        boot[peer].append(boot_to_first_byte(source, small))
        print(f"boot round {r + 1} {peer}: {boot[peer][-1]:.2f} s", file=sys.stderr)

# One VM, both shares; rounds alternate the order; the guest's clock (10 ms ticks) times each
# step of REPEAT reads. The script stays short: it travels on the kernel command line.
lines = [f"r() {{ a=$(cut -d' ' -f1 /proc/uptime); for i in $(seq {REPEAT}); do "
         f"dd if=$2 of=/dev/null bs=1048576 2>/dev/null; done; "
         f"b=$(cut -d' ' -f1 /proc/uptime); echo \"read $1 $a $b\"; }}"]
for r in range(read_rounds):
    order = ["holofs", "plain"] if r % 2 == 0 else ["plain", "holofs"]
    lines += [f"r {peer} /mnt/{peer}/{PEERS[peer][2]}" for peer in order]
out = subprocess.run([holofs, "vm", "run", "--memory", "256",
                      "--share", "holofs=demo:", "--share", "plain=" + plain, "--", "\n".join(lines)],
                     stdout=subprocess.PIPE, text=True, check=True).stdout
reads = {peer: [] for peer in PEERS}
for line in out.splitlines():
    parts = line.split()
    if len(parts) == 4 and parts[0] == "read":
        reads[parts[1]].append(64 * REPEAT / max(float(parts[3]) - float(parts[2]), 0.01))
for peer in PEERS:
    if len(reads[peer]) != read_rounds:
        raise SystemExit(f"expected {read_rounds} reads of {peer}, got: {out}")

def med(values):
    return statistics.median(values)

print()
print("| workload | holofs (projected demo:) | plain directory | holofs / plain |")
print("|---|---|---|---|")
b_h, b_p = med(boot["holofs"]), med(boot["plain"])
print(f"| boot-to-first-byte (s, lower is better) | {b_h:.2f} | {b_p:.2f} | {b_h / b_p:.2f} |")
r_h, r_p = med(reads["holofs"]), med(reads["plain"])
print(f"| seq-64M in the guest (MB/s, higher is better) | {r_h:.1f} | {r_p:.1f} | {r_h / r_p:.2f} |")
print()
print("rounds: boot " + str({k: [round(v, 2) for v in vs] for k, vs in boot.items()}))
print("rounds: seq-64M MB/s " + str({k: [round(v, 1) for v in vs] for k, vs in reads.items()}))
