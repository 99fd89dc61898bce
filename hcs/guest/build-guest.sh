#!/usr/bin/env bash
# Builds the small Linux guest that `holofs vm run` and the hcs tests boot: a Debian kernel and an
# initramfs with busybox and that kernel's 9p modules. Everything comes from Debian packages
# (apt-get download + dpkg-deb -x); nothing is compiled.
#
#   hcs/guest/build-guest.sh            build once into ~/.cache/holofs-guest/KERNEL-VERSION, print that directory
#   HOLOFS_GUEST_CACHE=DIR build-guest.sh   another cache root
#
# The directory holds vmlinuz and initrd.img; ~/.cache/holofs-guest/current points at the newest.
set -euo pipefail

cache="${HOLOFS_GUEST_CACHE:-$HOME/.cache/holofs-guest}"
here="$(cd "$(dirname "$0")" && pwd)"

need() { command -v "$1" >/dev/null 2>&1; }
if ! need apt-get || ! need dpkg-deb || ! need cpio; then
  if need apt-get; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cpio >/dev/null
  else
    echo "build-guest: needs apt-get, dpkg-deb and cpio (a Debian-based host)" >&2; exit 1
  fi
fi

# The kernel package the meta package points at names the version, and so the cache key.
kpkg="$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -n1)"
if [ -z "$kpkg" ]; then
  apt-get update -qq
  kpkg="$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -n1)"
fi
kver="${kpkg#linux-image-}"
out="$cache/$kver"
if [ -s "$out/vmlinuz" ] && [ -s "$out/initrd.img" ] && [ "$out/initrd.img" -nt "$here/init" ]; then
  ln -sfn "$kver" "$cache/current"
  echo "$out"; exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download -qq -o APT::Sandbox::User=root "$kpkg" busybox-static >/dev/null 2>&1 \
  || apt-get download -qq "$kpkg" busybox-static >/dev/null
dpkg-deb -x linux-image-*.deb kernel
dpkg-deb -x busybox-static_*.deb bb

mods="kernel/lib/modules/$kver"
root="$work/root"
mkdir -p "$root"/{bin,dev,proc,sys,mnt,tmp,lib/modules}
cp bb/bin/busybox "$root/bin/busybox"
cp "$here/init" "$root/init"
chmod 755 "$root/init" "$root/bin/busybox"

# Each wanted module after the modules it depends on (read from its .modinfo; the package ships no
# modules.dep, and the host may have no kmod).
: > "$root/lib/modules/load"
add_module() {
  local name="$1" file dep
  grep -qxF "$name.ko" "$root/lib/modules/load" && return 0
  file="$(find "$mods/kernel" \( -name "$name.ko*" -o -name "${name//_/-}.ko*" \) | head -n1)"
  [ -n "$file" ] || return 0        # built into this kernel
  case "$file" in *.xz) xz -dc "$file" > "$work/m.ko";; *) cp "$file" "$work/m.ko";; esac
  for dep in $(tr '\0' '\n' < "$work/m.ko" | sed -n 's/^depends=//p' | tr ',' ' '); do
    add_module "$dep"
  done
  case "$file" in *.xz) xz -dc "$file";; *) cat "$file";; esac > "$root/lib/modules/$name.ko"
  echo "$name.ko" >> "$root/lib/modules/load"
}
for m in virtio_pci 9pnet_virtio 9p virtiofs button evdev; do add_module "$m"; done

cp "kernel/boot/vmlinuz-$kver" "$work/vmlinuz"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initrd.img"
mkdir -p "$out"
mv "$work/vmlinuz" "$work/initrd.img" "$out/"
ln -sfn "$kver" "$cache/current"
echo "$out"
