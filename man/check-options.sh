#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# check-options.sh PAGE.scd OPTIONS.c
#
# The man page and the option parser must not drift apart: every long
# option of long_options[] is documented as *--NAME*, and the page's "Not
# implemented yet" table lists exactly the not_yet[] entries, in order.
set -eu
scd=$1
opts=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

sed -n '/not_yet\[128\] = {/,/^};/p' "$opts" |
	grep -o "\['.'\] = \"--[a-z-]*\"" |
	sed "s/^\['\(.\)'\] = \"\(--[a-z-]*\)\"$/-\1, \2/" >"$tmp/code"
sed -n '/^## Not implemented yet/,/^#/p' "$scd" |
	grep '^|  \*-' |
	sed 's/^|  \*\(-.\)\*, \*\(--[a-z-]*\)\*$/\1, \2/' >"$tmp/page"
if ! [ -s "$tmp/code" ]; then
	echo "no not_yet entries found in $opts: update this script"
	fail=1
elif ! diff -u "$tmp/code" "$tmp/page"; then
	echo "\"Not implemented yet\" in $scd differs from not_yet in $opts"
	fail=1
fi

sed -n '/long_options\[\] = {/,/^};/p' "$opts" |
	grep -o '{"[a-z0-9-]*"' | tr -d '{"' >"$tmp/long"
if ! [ -s "$tmp/long" ]; then
	echo "no long options found in $opts: update this script"
	fail=1
fi
while read -r name; do
	if ! grep -q -e "\*--$name\*" "$scd"; then
		echo "--$name is not documented in $scd"
		fail=1
	fi
done <"$tmp/long"
exit $fail
