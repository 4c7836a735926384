#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Shell completion as installed: meson installs the completion files
# (install tag "completion") into a scratch DESTDIR, and the bash file is
# sourced there and asked what it completes; the zsh and fish files must
# parse in their shells (each checked where that shell is installed).
# Every long option of sockscope --help, every -A table and -f family
# sockscope names, must be offered by each file.
# Usage: completion.sh bash|shells BUILDDIR SOCKSCOPE
set -u
mode=${1:?usage} build=${2:?usage} S=${3:?usage}
skip() { echo "SKIP: $*" >&2; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
meson install -C "$build" --no-rebuild --quiet --tags completion \
	--destdir "$tmp" >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log" >&2; fail "meson install --tags completion"; }
find_installed() {
	local f
	f=$(find "$tmp" -path "*/$1" -type f | head -n1)
	[ -n "$f" ] || fail "nothing installed at */$1"
	echo "$f"
}
bashf=$(find_installed share/bash-completion/completions/sockscope)
zshf=$(find_installed share/zsh/site-functions/_sockscope)
fishf=$(find_installed share/fish/vendor_completions.d/sockscope.fish)

# What sockscope itself says it takes.
longs=$("$S" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
tables=$("$S" -A nosuch 2>&1 | sed -n 's/.*(expected \([^)]*\)).*/\1/p' | tr -d ,)
families=$("$S" -f nosuch 2>&1 | sed -n 's/.*(expected \([^)]*\)).*/\1/p' | tr -d ,)
[ -n "$tables" ] && [ -n "$families" ] || fail "cannot read the -A and -f words from sockscope"

offers_all() { # FILE WORDS...: each word appears in FILE as a word,
	# an option as --NAME (fish: -l NAME)
	local f=$1 w re
	shift
	for w in "$@"; do
		re="(^|[^a-z0-9_-])$w([^a-z0-9_-]|\$)"
		[[ $w == --* ]] && re="(--|-l )${w#--}([^a-z0-9_-]|\$)"
		grep -Eq -- "$re" "$f" ||
			fail "$(basename "$f") does not offer '$w'"
	done
}

case $mode in
bash)
	# shellcheck disable=SC2086
	offers_all "$bashf" $longs $tables $families
	out=$(bash --norc --noprofile -s "$bashf" <<'EOF_BASH'
set -u
source "$1" || exit 9
complete -p sockscope >/dev/null || { echo "not registered"; exit 9; }
comp() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_sockscope
	echo "$*:${COMPREPLY[*]-}"
}
comp sockscope --lis
comp sockscope -t state est
comp sockscope exclude time-
comp sockscope -A tcp,unix_s
comp sockscope -A '!pac'
comp sockscope --query=ne
comp sockscope -f inet
comp sockscope --color=al
comp sockscope -t dp
comp sockscope --wat
comp sockscope --watch=2 --refr
comp sockscope --refr
comp sockscope --prometheus --lis
comp sockscope -N sockscope-compl-
EOF_BASH
	) || fail "sourcing the installed bash file: $out"
	expect() {
		grep -Fxq -- "$1" <<<"$out" || fail "bash completes '${1%%:*}' as '$(grep -F -- "${1%%:*}:" <<<"$out")', not '${1#*:}'"
	}
	expect "sockscope --lis:--listening"
	expect "sockscope -t state est:established"
	expect "sockscope exclude time-:time-wait"
	expect "sockscope -A tcp,unix_s:tcp,unix_stream tcp,unix_seqpacket"
	expect "sockscope -A !pac:!packet !packet_raw !packet_dgram"
	expect "sockscope --query=ne:--query=netlink"
	expect "sockscope -f inet:inet inet6"
	expect "sockscope --color=al:--color=always"
	expect "sockscope -t dp:dport"
	expect "sockscope --wat:--watch --watch="
	# An option of one command only once that command is given.
	expect "sockscope --watch=2 --refr:--refreshes="
	expect "sockscope --refr:"
	expect "sockscope --prometheus --lis:--listening --listen="
	# -N: the names ip netns list gives (root only: one made here).
	if [ "$(id -u)" = 0 ] && command -v ip >/dev/null &&
		ip netns add "sockscope-compl-$$" 2>/dev/null; then
		out=$(bash --norc --noprofile -c 'source "$1"; COMP_WORDS=(sockscope -N sockscope-compl-); COMP_CWORD=2; _sockscope; echo "${COMPREPLY[*]-}"' _ "$bashf")
		ip netns del "sockscope-compl-$$"
		[ "$out" = "sockscope-compl-$$" ] || fail "-N completes to '$out', not the namespace sockscope-compl-$$"
	else
		echo "note: -N's namespace names not checked (needs root and ip)" >&2
	fi
	echo "ok: bash completion"
	;;
shells)
	checked=0
	# shellcheck disable=SC2086
	offers_all "$zshf" $longs $tables $families
	# shellcheck disable=SC2086
	offers_all "$fishf" $longs $tables $families
	if command -v zsh >/dev/null; then
		zsh -n "$zshf" || fail "zsh -n $zshf"
		checked=$((checked + 1))
	else
		echo "note: no zsh: _sockscope not parsed" >&2
	fi
	if command -v fish >/dev/null; then
		fish --no-execute "$fishf" || fail "fish --no-execute $fishf"
		checked=$((checked + 1))
	else
		echo "note: no fish: sockscope.fish not parsed" >&2
	fi
	[ "$checked" -gt 0 ] || skip "neither zsh nor fish is installed (apt-get install zsh fish)"
	echo "ok: $checked of zsh and fish parse the files"
	;;
*) fail "unknown mode $mode" ;;
esac
