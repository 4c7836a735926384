#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# live-containers.sh SOCKSCOPE: two real podman containers (busybox httpd
# on 8080, each in its own network namespace); --all-netns must tag each
# listener with runtime "podman", the container's id and its name, the
# table must show the name, and "container = NAME" select it alone.
# Exits 77 (with the reason) only where podman cannot run a container.
set -u
SS=$1
here=$(dirname "$0")
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
command -v podman >/dev/null || { echo "SKIP: podman is not installed"; exit 77; }
[ -x /bin/busybox ] || { echo "SKIP: busybox-static is not installed"; exit 77; }
PM=(podman --runtime runc --storage-driver=vfs --cgroup-manager=cgroupfs)
tmp=$(mktemp -d)
names=(sst-web1-$$ sst-web2-$$)
fails=0
cleanup() {
	"${PM[@]}" rm -f -t 0 "${names[@]}" >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

if ! "${PM[@]}" image exists localhost/sockscope-bb:1; then
	mkdir -p "$tmp/root/bin"
	cp /bin/busybox "$tmp/root/bin/"
	for l in sh httpd sleep; do ln -s busybox "$tmp/root/bin/$l"; done
	tar -C "$tmp/root" -cf "$tmp/bb.tar" . &&
		"${PM[@]}" import "$tmp/bb.tar" localhost/sockscope-bb:1 >/dev/null 2>"$tmp/err" ||
		{ echo "SKIP: podman cannot import an image: $(tail -1 "$tmp/err")"; exit 77; }
fi
for n in "${names[@]}"; do
	if ! "${PM[@]}" run -d --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
		--name "$n" localhost/sockscope-bb:1 /bin/httpd -f -p 8080 >/dev/null 2>"$tmp/err"; then
		echo "SKIP: podman cannot start a container: $(tail -1 "$tmp/err")"
		exit 77
	fi
done

ids=() inos=()
for n in "${names[@]}"; do
	ids+=("$("${PM[@]}" inspect -f '{{.Id}}' "$n")")
	pid=$("${PM[@]}" inspect -f '{{.State.Pid}}' "$n")
	inos+=("$(stat -L -c %i "/proc/$pid/ns/net")")
done
for _ in $(seq 50); do
	[ "$("$SS" --all-netns -tlnH 'sport = :8080' "container = ${names[0]} or container = ${names[1]}" 2>/dev/null | wc -l)" -ge 2 ] && break
	sleep 0.1
done

"$SS" --all-netns -tln -j >"$tmp/all.json" 2>/dev/null || bad "exit $?"
python3 "$here/check-json.py" schema-only "$tmp/all.json" || bad schema
for i in 0 1; do
	python3 "$here/check-json.py" container "$tmp/all.json" 8080 podman \
		"${ids[i]}" "${names[i]}" "${inos[i]}" || bad "container ${names[i]}"
done
# "container = NAME", and a short id, select that container alone.
for i in 0 1; do
	rows=$("$SS" --all-netns -tlnH "container = ${names[i]}" 2>/dev/null)
	[ "$(echo "$rows" | grep -c '')" = 1 ] && echo "$rows" | grep -q "^[^ ]*  *${names[i]}  *LISTEN .*:8080 " &&
		ok "container = ${names[i]} (table)" || bad "container = ${names[i]}: $rows"
	n=$("$SS" --all-netns -tlnH "container = ${ids[i]:0:12}" 2>/dev/null | wc -l)
	[ "$n" = 1 ] && ok "container = short id" || bad "container = ${ids[i]:0:12}: $n rows"
done
echo "failures: $fails"
[ $fails = 0 ]
