# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the --prometheus tests (sourced). Each test runs itself again
# inside a private network namespace (unshare -n), starts prom-pop there
# and talks to sockscope over loopback. Exit 77 (meson's SKIP) only when
# the test cannot run at all, with the reason on stderr.
set -euo pipefail

SOCKSCOPE=${SOCKSCOPE:?SOCKSCOPE: the sockscope binary}
PROM_POP=${PROM_POP:?PROM_POP: the prom-pop binary}
failures=0

skip() {
	echo "SKIP: $*" >&2
	exit 77
}

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

ok() {
	echo "ok: $*"
}

# Re-runs the calling script in a fresh network namespace, loopback up.
enter_netns() {
	if [[ ${PROM_IN_NETNS-} != 1 ]]; then
		command -v unshare >/dev/null || skip "no unshare(1)"
		command -v ip >/dev/null || skip "no ip(8)"
		if ! unshare -n true 2>/dev/null; then
			if unshare -rn true 2>/dev/null; then
				PROM_IN_NETNS=1 exec unshare -rn "$BASH" "$0" "$@"
			fi
			skip "cannot make a network namespace (need root or user namespaces)"
		fi
		PROM_IN_NETNS=1 exec unshare -n "$BASH" "$0" "$@"
	fi
	ip link set lo up
	TMP=$(mktemp -d)
	CLEANUP_PIDS=()
	trap cleanup EXIT
}

cleanup() {
	local p
	for p in "${CLEANUP_PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$TMP"
}

# Starts prom-pop; returns when every socket exists.
start_pop() {
	"$PROM_POP" >"$TMP/pop.out" &
	POP_PID=$!
	CLEANUP_PIDS+=("$POP_PID")
	for _ in $(seq 100); do
		grep -q ready "$TMP/pop.out" 2>/dev/null && return 0
		kill -0 "$POP_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "prom-pop did not get ready" >&2
	exit 1
}

# Starts `sockscope --prometheus --listen 127.0.0.1:0 ARGS...`; sets
# EXP_PID and EXP_PORT (the port it printed).
start_exporter() {
	"$@" --listen 127.0.0.1:0 2>"$TMP/exporter.err" &
	EXP_PID=$!
	CLEANUP_PIDS+=("$EXP_PID")
	EXP_PORT=
	for _ in $(seq 600); do
		# The file may not be open yet (sed: exit 2, not an error).
		EXP_PORT=$(sed -n 's/^sockscope: serving \/metrics on port \([0-9]*\)$/\1/p' \
			"$TMP/exporter.err" 2>/dev/null || true)
		[[ -n $EXP_PORT ]] && return 0
		kill -0 "$EXP_PID" 2>/dev/null || break
		sleep 0.05
	done
	cat "$TMP/exporter.err" >&2
	echo "the exporter did not start" >&2
	exit 1
}

# The value of the series named exactly $2 (name{labels}) in file $1.
value_of() {
	awk -v s="$2" 'substr($0, 1, length(s) + 1) == s " " { print substr($0, length(s) + 2) }' "$1"
}

# Sum of every sockscope_sockets series in exposition file $1.
sum_sockets() {
	awk '/^sockscope_sockets[{ ]/ { s += $NF } END { print s + 0 }' "$1"
}

finish() {
	if ((failures)); then
		echo "$failures check(s) failed" >&2
		exit 1
	fi
	echo "all checks passed"
	exit 0
}
