#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# live-containers.sh SOCKSCOPE: real podman containers (busybox httpd):
#  - web1 and web2, each in its own network namespace, on 8080: --all-netns
#    tags each listener with runtime "podman", the container's id and
#    name, with and without -p;
#  - web3 joins web1's namespace (--network container:web1), on 8081: with
#    -p each listener of the shared namespace is its own container's
#    (table, JSON, "container =" filter), and each holder in "processes"
#    says it too;
#  - web4 runs in the host namespace (--network host): its listener is
#    web4's, a host listener beside it no container's;
#  - a TIME-WAIT socket in the shared namespace (no holder) has the
#    namespace's attribution, the one every socket there has without -p;
#  - --snapshot --all-netns records what runs each holder: after web3 is
#    removed, --from still gives each listener its own container.
# Exits 77 (with the reason) only where podman cannot run a container.
set -u
SS=$1
here=$(dirname "$0")
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
command -v podman >/dev/null || { echo "SKIP: podman is not installed"; exit 77; }
[ -x /bin/busybox ] || { echo "SKIP: busybox-static is not installed"; exit 77; }
command -v nsenter >/dev/null || { echo "SKIP: nsenter is not installed"; exit 77; }
PM=(podman --runtime runc --storage-driver=vfs --cgroup-manager=cgroupfs)
tmp=$(mktemp -d)
names=(sst-web1-$$ sst-web2-$$ sst-web3-$$ sst-web4-$$)
fails=0
host_pid=
cleanup() {
	[ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null
	# web3 depends on web1 (its namespace): podman refuses web1 first.
	for ((i = ${#names[@]} - 1; i >= 0; i--)); do
		"${PM[@]}" rm -f -t 0 "${names[i]}" >/dev/null 2>&1
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

# A free port of the host namespace (web4 and the host listener share it).
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("0.0.0.0", 0)); print(s.getsockname()[1])'
}

if ! "${PM[@]}" image exists localhost/sockscope-bb:1; then
	mkdir -p "$tmp/root/bin"
	cp /bin/busybox "$tmp/root/bin/"
	for l in sh httpd sleep; do ln -s busybox "$tmp/root/bin/$l"; done
	tar -C "$tmp/root" -cf "$tmp/bb.tar" . &&
		"${PM[@]}" import "$tmp/bb.tar" localhost/sockscope-bb:1 >/dev/null 2>"$tmp/err" ||
		{ echo "SKIP: podman cannot import an image: $(tail -1 "$tmp/err")"; exit 77; }
fi
P_HOST=$(free_port)
P_HOST2=$(free_port)
start() { # NAME NETWORK PORT
	"${PM[@]}" run -d --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
		--network "$2" --name "$1" localhost/sockscope-bb:1 /bin/httpd -f -p "$3" >/dev/null 2>"$tmp/err"
}
start "${names[0]}" bridge 8080 ||
	{ echo "SKIP: podman cannot start a container: $(tail -1 "$tmp/err")"; exit 77; }
start "${names[1]}" bridge 8080 || bad "start ${names[1]}: $(tail -1 "$tmp/err")"
start "${names[2]}" "container:${names[0]}" 8081 || bad "start ${names[2]} in ${names[0]}'s namespace: $(tail -1 "$tmp/err")"
start "${names[3]}" host "$P_HOST" || bad "start ${names[3]} --network host: $(tail -1 "$tmp/err")"
# A host listener no container runs, beside web4's.
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); time.sleep(600)' "$P_HOST2" &
host_pid=$!

ids=() inos=() pids=()
for n in "${names[@]}"; do
	ids+=("$("${PM[@]}" inspect -f '{{.Id}}' "$n" 2>/dev/null)")
	pid=$("${PM[@]}" inspect -f '{{.State.Pid}}' "$n" 2>/dev/null)
	pids+=("$pid")
	inos+=("$(stat -L -c %i "/proc/$pid/ns/net" 2>/dev/null)")
done
host_ino=$(stat -L -c %i /proc/self/ns/net)
[ "${inos[2]}" = "${inos[0]}" ] || bad "${names[2]} is not in ${names[0]}'s namespace"
[ "${inos[3]}" = "$host_ino" ] || bad "${names[3]} is not in the host namespace"
# What the test itself runs in (a CI job may be a container): the host
# listener is that container's, else none.
self_ctr=$(grep -oE '[0-9a-f]{64}' /proc/self/cgroup | head -1)
for _ in $(seq 50); do
	[ "$("$SS" --all-netns -tlnH "sport = :8080 or sport = :8081 or sport = :$P_HOST or sport = :$P_HOST2" 2>/dev/null | wc -l)" -ge 5 ] && break
	sleep 0.1
done

# 1. Without -p: each namespace's own attribution; web1 and web2 apart.
"$SS" --all-netns -tln -j >"$tmp/all.json" 2>/dev/null || bad "exit $?"
python3 "$here/check-json.py" schema-only "$tmp/all.json" || bad schema
for i in 0 1; do
	python3 "$here/check-json.py" container "$tmp/all.json" 8080 podman \
		"${ids[i]}" "${names[i]}" "${inos[i]}" || bad "container ${names[i]}"
done
for i in 0 1; do
	rows=$("$SS" --all-netns -tlnH "sport = :8080 and container = ${names[i]}" 2>/dev/null)
	[ "$(echo "$rows" | grep -c '')" = 1 ] && echo "$rows" | grep -q "^[^ ]*  *${names[i]}  *LISTEN .*:8080 " &&
		ok "container = ${names[i]} (table)" || bad "container = ${names[i]}: $rows"
	n=$("$SS" --all-netns -tlnH "sport = :8080 and container = ${ids[i]:0:12}" 2>/dev/null | wc -l)
	[ "$n" = 1 ] && ok "container = short id" || bad "container = ${ids[i]:0:12}: $n rows"
done
# The shared namespace's attribution (its first processes'), for later.
ns_ctr=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
v = {s.get("container", {}).get("id", "-") for s in d["sockets"] if s["netns"]["inode"] == int(sys.argv[2])}
print(v.pop() if len(v) == 1 else "differs: %r" % v)' "$tmp/all.json" "${inos[0]}")
case "$ns_ctr" in
"${ids[0]}" | "${ids[2]}") ok "without -p, one container for the shared namespace" ;;
*) bad "without -p, the shared namespace's sockets: $ns_ctr" ;;
esac

# 2. With -p: each socket its holders' container.
"$SS" --all-netns -tlnp -j >"$tmp/p.json" 2>/dev/null || bad "-p exit $?"
python3 "$here/check-json.py" schema-only "$tmp/p.json" || bad "schema -p"
check() { # PORT I INODE: the listener on PORT in INODE is container I's
	python3 "$here/check-json.py" container "$tmp/p.json" "$1" podman \
		"${ids[$2]}" "${names[$2]}" "$3" procs || bad "-p: port $1 ${names[$2]}"
}
check 8080 0 "${inos[0]}"
check 8080 1 "${inos[1]}"
check 8081 2 "${inos[0]}"
check "$P_HOST" 3 "$host_ino"
if [ -z "$self_ctr" ]; then
	python3 "$here/check-json.py" container "$tmp/p.json" "$P_HOST2" - - - "$host_ino" procs ||
		bad "-p: the host listener carries a container"
else
	echo "note: this test runs in container $self_ctr"
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
v = [s for s in d["sockets"] if s.get("local_port") == int(sys.argv[2]) and s["state"] == "listening"]
sys.exit(not (len(v) == 1 and v[0].get("container", {}).get("id") == sys.argv[3]))' \
		"$tmp/p.json" "$P_HOST2" "$self_ctr" || bad "-p: the host listener is not our own container's"
fi
# The table's Container column and the filter give the same answer.
row() { "$SS" --all-netns -tlnpH "sport = :$1" 2>/dev/null | awk '{print $2}'; }
[ "$(row 8081)" = "${names[2]}" ] && ok "table -p: 8081 is ${names[2]}" || bad "table -p 8081: $(row 8081)"
[ "$(row "$P_HOST")" = "${names[3]}" ] && ok "table -p: host-network listener is ${names[3]}" ||
	bad "table -p $P_HOST: $(row "$P_HOST")"
[ -n "$self_ctr" ] || { [ "$(row "$P_HOST2")" = "-" ] && ok "table -p: host listener has no container" ||
	bad "table -p $P_HOST2: $(row "$P_HOST2")"; }
for i in 0 1 2 3; do
	rows=$("$SS" --all-netns -tlnpH "container = ${names[i]}" 2>/dev/null)
	want=$([ "$i" = 2 ] && echo 8081 || { [ "$i" = 3 ] && echo "$P_HOST" || echo 8080; })
	[ "$(echo "$rows" | grep -c '')" = 1 ] && echo "$rows" | grep -q "^[^ ]*  *${names[i]}  *LISTEN .*:$want " &&
		ok "-p container = ${names[i]}: its listener alone" || bad "-p container = ${names[i]}: $rows"
done
n=$("$SS" --all-netns -tlnpH "container = ${ids[2]:0:12}" 2>/dev/null | grep -c ":8081 ")
[ "$n" = 1 ] && ok "-p container = short id of ${names[2]}" || bad "-p container = ${ids[2]:0:12}: $n"

# 3. A TIME-WAIT in the shared namespace: busybox httpd closes first.
for _ in 1 2 3; do
	nsenter -t "${pids[0]}" -n busybox wget -q -O /dev/null http://127.0.0.1:8080/ 2>/dev/null
done
"$SS" --all-netns -tanp -j state time-wait >"$tmp/tw.json" 2>/dev/null || bad "time-wait exit $?"
python3 "$here/check-json.py" time-wait "$tmp/tw.json" 8080 "${inos[0]}" "$ns_ctr" ||
	bad "time-wait: not the namespace's attribution"
n=$("$SS" --all-netns -tanpH state time-wait "sport = :8080 and container = ${ns_ctr:0:12}" 2>/dev/null | wc -l)
[ "$n" -ge 1 ] && ok "-p filter: time-wait carries the namespace's container" || bad "time-wait filter: $n rows"
# 4. A snapshot records what ran each holder: --from answers as live did,
# even once a container is gone (its processes with it).
"$SS" --snapshot "$tmp/s.scope" --all-netns 2>/dev/null || bad "--snapshot exit $?"
"${PM[@]}" rm -f -t 0 "${names[2]}" >/dev/null 2>&1
"$SS" --all-netns -tlnH "sport = :8081" 2>/dev/null | grep -q . && bad "${names[2]} still listens"
"$SS" --from "$tmp/s.scope" --all-netns -tlnp -j >"$tmp/p.json" 2>/dev/null || bad "--from -p exit $?"
check 8080 0 "${inos[0]}"
check 8080 1 "${inos[1]}"
check 8081 2 "${inos[0]}"
check "$P_HOST" 3 "$host_ino"
from_row() { "$SS" --from "$tmp/s.scope" --all-netns -tlnpH "sport = :$1" 2>/dev/null | awk '{print $2}'; }
[ "$(from_row 8081)" = "${names[2]}" ] && ok "--from table -p: 8081 is ${names[2]}, gone since" ||
	bad "--from table -p 8081: $(from_row 8081)"
n=$("$SS" --from "$tmp/s.scope" --all-netns -tlnpH "container = ${names[2]}" 2>/dev/null | grep -c ":8081 ")
[ "$n" = 1 ] && ok "--from -p container = ${names[2]}" || bad "--from -p container = ${names[2]}: $n"

echo "failures: $fails"
[ $fails = 0 ]
