#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# --watch's view and --color on a real terminal: sockscope runs in a tmux
# pane (or under script(1)) in a private network namespace holding
# listeners the test opens and closes; the screen is read back with
# capture-pane and must show the marks ('+' for a socket that appeared,
# '-' for one that went away), and color exactly when it should.
# Usage: tty-watch.sh SOCKSCOPE. Exit 77 (skipped) without root, ip or
# tmux.
set -u

S=${1:?usage: tty-watch.sh SOCKSCOPE}
skip() { echo "SKIP: $*" >&2; exit 77; }
fail() { echo "FAIL: $*" >&2; [ -n "${screen:-}" ] && printf '%s\n' "$screen" >&2; exit 1; }

[ "$(id -u)" = 0 ] || skip "needs root for a network namespace"
command -v ip >/dev/null || skip "no ip(8)"
command -v tmux >/dev/null || skip "no tmux (apt-get install tmux)"
command -v python3 >/dev/null || skip "no python3 to hold sockets"

ns=sockscope-tty-$$
tmp=$(mktemp -d)
sock=$tmp/tmux.sock
cleanup() {
	tmux -S "$sock" kill-server 2>/dev/null
	[ -n "${holder:-}" ] && kill "$holder" 2>/dev/null && wait "$holder" 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
ip netns add "$ns" || skip "cannot make a network namespace"
ip netns exec "$ns" ip link set lo up || fail "lo up"

# Holds a listener on 7101 from the start, one on 7102 once $tmp/open
# exists, and closes 7101 once $tmp/close exists.
ip netns exec "$ns" python3 - "$tmp" <<'EOF' &
import os, socket, sys, time
d = sys.argv[1]
def listen(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen()
    return s
a = listen(7101)
open(d + "/ready", "w").close()
while not os.path.exists(d + "/open"):
    time.sleep(0.02)
b = listen(7102)
while not os.path.exists(d + "/close"):
    time.sleep(0.02)
a.close()
time.sleep(60)
EOF
holder=$!
for _ in $(seq 100); do [ -e "$tmp/ready" ] && break; sleep 0.05; done
[ -e "$tmp/ready" ] || fail "the socket holder did not start"

# Polls the pane (up to 10 s) until grep -E $1 matches a line of it.
wait_screen() {
	for _ in $(seq 200); do
		screen=$(tmux -S "$sock" capture-pane -p -t w)
		grep -Eq -- "$1" <<<"$screen" && return 0
		sleep 0.05
	done
	fail "no line matching '$1' on the screen"
}

tmux -S "$sock" -f /dev/null new-session -d -s w -x 120 -y 30 \
	"ip netns exec $ns env TERM=xterm $S -tln --watch=0.5; sleep 60" ||
	skip "tmux cannot start a session"
wait_screen '^sockscope --watch=0\.500 .* 1 sockets'
wait_screen '^  LISTEN +0 +128 +127\.0\.0\.1:7101 '
touch "$tmp/open"
wait_screen '^\+ LISTEN +0 +128 +127\.0\.0\.1:7102 '
# The mark lasts one refresh.
wait_screen '^  LISTEN +0 +128 +127\.0\.0\.1:7102 '
touch "$tmp/close"
wait_screen '^- LISTEN +0 +128 +127\.0\.0\.1:7101 '
wait_screen ' 1 sockets  \+0 ~0 -0$'
grep -q ':7101' <<<"$screen" && fail "7101 is still shown after its '-' refresh"
# A terminal without NO_COLOR: the marks and states are colored.
colored=$(tmux -S "$sock" capture-pane -p -e -t w)
grep -q $'\033\\[' <<<"$colored" || fail "no color on a terminal"
tmux -S "$sock" kill-session -t w

# --color: ESC with always (even in a pipe), never in a pipe otherwise,
# none on a terminal under NO_COLOR, some on a terminal without it.
esc() { grep -c $'\033' || true; }
n=$(ip netns exec "$ns" "$S" -tl --color=always | esc)
[ "$n" -gt 0 ] || fail "--color=always wrote no ESC"
n=$(ip netns exec "$ns" "$S" -tl | esc)
[ "$n" = 0 ] || fail "color in a pipe"
n=$(ip netns exec "$ns" env TERM=xterm "$S" -tl --color=auto | esc)
[ "$n" = 0 ] || fail "--color=auto colored a pipe"
n=$(ip netns exec "$ns" "$S" -tl -j --color=always | esc)
[ "$n" = 0 ] || fail "color in JSON"

# Under script(1) stdout is a terminal.
command -v script >/dev/null || skip "no script(1) for the terminal color cases"
tty_run() { script -qec "$*" /dev/null </dev/null; }
n=$(tty_run ip netns exec "$ns" env TERM=xterm "$S" -tl | esc)
[ "$n" -gt 0 ] || fail "no color on a terminal (script)"
n=$(tty_run ip netns exec "$ns" env TERM=xterm NO_COLOR=1 "$S" -tl | esc)
[ "$n" = 0 ] || fail "color on a terminal under NO_COLOR=1"
n=$(tty_run ip netns exec "$ns" env TERM=xterm "$S" -tl --color=never | esc)
[ "$n" = 0 ] || fail "color with --color=never"
n=$(tty_run ip netns exec "$ns" env TERM=xterm NO_COLOR=1 "$S" -tl --color=always | esc)
[ "$n" -gt 0 ] || fail "--color=always did not win over NO_COLOR"
echo "ok: marks + and - on the view, color on a terminal only"
