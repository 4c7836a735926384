#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# check-walls.sh SOURCE_ROOT [BUILD_ROOT]
#
# The walls of docs/ARCHITECTURE.md, enforced. From the sources: who may
# include whom. From the objects of BUILD_ROOT (when given): that no file
# in src/output/ calls I/O or a lookup (it asks the names stage), that the
# collectors call nothing of the filter, formatters, names or options,
# and that no two files of one folder call each other, round a circle.
# A breach that another change removes is listed, with its owner, in
# tests/layout/walls-pending.txt; a listed breach that is gone fails too,
# so the list only shrinks. Exit 0 when the walls hold, 1 otherwise.

set -u
root=$1
build=${2:-}
if [ -n "$build" ]; then
	build=$(cd "$build" && pwd) || exit 2
fi
cd "$root" || exit 2
pending=tests/layout/walls-pending.txt
tmp=$(mktemp -d) || exit 2
trap '[ -n "${KEEP_TMP:-}" ] && echo "$tmp" >&2 || rm -rf "$tmp"' EXIT
: >"$tmp/breaches"

# The room of a file: its folder, src/ files besides main.c being "core".
room() {
	case $1 in
	netlink/*) echo netlink ;;
	procfs/*) echo procfs ;;
	src/main.c) echo main ;;
	src/*/*) d=${1#src/}; echo "${d%%/*}" ;;
	src/*) echo core ;;
	*) echo other ;;
	esac
}

# What a room may not include (path prefixes, or exact headers).
forbidden() {
	case $1 in
	netlink) echo "src/filter/ src/output/ src/names/ src/owners/ src/commands/ src/options.h src/collect.h procfs/" ;;
	procfs) echo "src/filter/ src/output/ src/names/ src/owners/ src/commands/ src/options.h src/collect.h netlink/" ;;
	util) echo "src/sock.h src/query.h src/collect.h src/options.h src/filter/ src/output/ src/names/ src/owners/ src/commands/ netlink/ procfs/" ;;
	core) echo "src/output/ src/names/ src/owners/ src/commands/" ;;
	filter) echo "src/output/ src/owners/ src/commands/ netlink/ procfs/" ;;
	names) echo "src/output/ src/filter/ src/commands/ netlink/ procfs/" ;;
	owners) echo "src/output/ src/filter/ src/names/ src/commands/ netlink/ procfs/" ;;
	snapshot) echo "src/output/ src/filter/ src/names/ src/commands/ src/collect.h src/options.h netlink/ procfs/" ;;
	output) echo "src/filter/ src/commands/ netlink/ procfs/ src/names/cgroup.h src/names/ifname.h src/names/resolve.h src/names/services.h" ;;
	esac
}

breach() { # kind file what
	echo "$1 $2 $3" >>"$tmp/breaches"
}

# 1. Includes, resolved as the compiler does (own folder, then -I. -Isrc).
for f in $(find netlink procfs src -name '*.[ch]' | sort); do
	r=$(room "$f")
	dir=$(dirname "$f")
	for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
		if [ -e "$dir/$inc" ]; then t="$dir/$inc"
		elif [ -e "src/$inc" ]; then t="src/$inc"
		elif [ -e "$inc" ]; then t="$inc"
		else continue # generated (config.h)
		fi
		t=$(echo "$t" | sed 's|^\./||; s|/\./|/|g')
		# A folder's private headers stay in the folder.
		case $t in
		*-internal.h) [ "$(dirname "$t")" = "$dir" ] || breach include "$f" "$t" ;;
		esac
		# Only main.c and the commands reach the commands.
		case $t in
		src/commands/*) case $r in main | commands) ;; *) breach include "$f" "$t" ;; esac ;;
		esac
		for bad in $(forbidden "$r"); do
			case $t in
			"$bad"*) breach include "$f" "$t" ;;
			esac
		done
	done
done

# 2. Calls, from the objects the build made of each source file.
if [ -n "$build" ]; then
	: >"$tmp/defs"
	: >"$tmp/uses"
	find "$build" -path '*sockscope*' -name '*.c.o' >"$tmp/objs"
	found=0
	for f in $(find netlink procfs src -name '*.c' | sort); do
		mangled=$(echo "$f" | tr / _).o
		obj=$(grep -F "/$mangled" "$tmp/objs" | head -n 1)
		[ -n "$obj" ] || continue
		found=$((found + 1))
		nm -P --defined-only "$obj" |
			awk -v f="$f" '$2 ~ /^[TDBRC]$/ { print $1, f }' >>"$tmp/defs"
		nm -P -u "$obj" | awk -v f="$f" '{ print f, $1 }' >>"$tmp/uses"
	done
	if [ "$found" -lt 40 ]; then
		echo "check-walls: only $found objects found under $build" >&2
		exit 2
	fi
	# caller callee-file symbol, for calls between our own files
	awk 'NR == FNR { def[$1] = $2; next }
	     ($2 in def) && def[$2] != $1 { print $1, def[$2], $2 }' \
		"$tmp/defs" "$tmp/uses" >"$tmp/calls"

	# Formatters do no I/O and no lookups of their own.
	io='^(__)?(open|open64|openat|openat64|fopen|fopen64|fdopen|opendir|fdopendir|read|pread|pread64|readlink|readlinkat|stat|stat64|lstat|lstat64|fstatat|fstatat64|getaddrinfo|getnameinfo|gethostby[a-z0-9_]*|getservby[a-z0-9_]*|getservent[a-z0-9_]*|getprotoby[a-z0-9_]*|getprotoent[a-z0-9_]*|if_indextoname|if_nametoindex|if_nameindex)(_2|_chk)?$'
	awk -v io="$io" '$1 ~ /^src\/output\// && $2 ~ io { print "call", $1, $2 }' \
		"$tmp/uses" >>"$tmp/breaches"
	# ... and reach names and owners only through names.h.
	awk '$1 ~ /^src\/output\// && $2 ~ /^src\/(names|owners)\// &&
	     $2 != "src/names/names.c" { print "call", $1, $3 }' \
		"$tmp/calls" >>"$tmp/breaches"
	# Collectors call nothing of the filter, formatters, names, owners,
	# commands or options, nor back into collect.c, nor each other.
	awk '$1 ~ /^(netlink|procfs)\// &&
	     ($2 ~ /^src\/(filter|output|names|owners|commands)\// ||
	      $2 ~ /^src\/options/ || $2 == "src/main.c" || $2 == "src/collect.c" ||
	      substr($1, 1, index($1, "/")) != substr($2, 1, index($2, "/")) &&
	      $2 ~ /^(netlink|procfs)\//) { print "call", $1, $3 }' \
		"$tmp/calls" >>"$tmp/breaches"

	# No circles among the files of one folder: a file's calls, followed
	# within its folder, never come back to it.
	awk '{ da = $1; sub(/\/[^\/]*$/, "", da); db = $2; sub(/\/[^\/]*$/, "", db) }
	     da == db { print $1, $2 }' "$tmp/calls" | sort -u >"$tmp/edges"
	awk '{ n[$1] = 1; n[$2] = 1; reach[$1, $2] = 1 }
	     END {
		for (k in n) for (i in n) if ((i, k) in reach)
			for (j in n) if ((k, j) in reach) reach[i, j] = 1
		for (i in n) if ((i, i) in reach) print "circle", i, "-"
	     }' "$tmp/edges" >>"$tmp/breaches"
fi

# 3. What is left, against the list of breaches others are removing.
sort -u "$tmp/breaches" >"$tmp/found"
sed 's/#.*//; /^[[:space:]]*$/d' "$pending" 2>/dev/null |
	awk '{ print $1, $2, $3 }' | sort -u >"$tmp/pending"
status=0
# Calls are only checked with a build: do not call those stale without.
if [ -z "$build" ]; then
	grep -v '^\(call\|circle\) ' "$tmp/pending" >"$tmp/p2"
	mv "$tmp/p2" "$tmp/pending"
fi
comm -23 "$tmp/found" "$tmp/pending" | while read -r kind file what; do
	case $kind in
	include) echo "wall: $file includes $what" ;;
	call) echo "wall: $file calls $what" ;;
	circle) echo "wall: $file calls, through files of its folder, back into itself" ;;
	esac
done | tee "$tmp/new"
[ -s "$tmp/new" ] && status=1
comm -13 "$tmp/found" "$tmp/pending" | while read -r kind file what; do
	echo "wall: \"$kind $file $what\" no longer breaks a wall: remove it from $pending"
done | tee "$tmp/stale"
[ -s "$tmp/stale" ] && status=1
if [ $status = 0 ]; then
	echo "walls hold ($(wc -l <"$tmp/pending") pending breaches listed in $pending)"
fi
exit $status
