#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# --prometheus on stdout and --textfile, on prom-pop's population:
# promtool check metrics accepts every output (hostile process and socket
# names included), the values are the population's, sockscope_sockets
# adds up to what -a -j lists for the same selection, --textfile replaces
# the file whole, and the systemd unit of a listener's process is found.
. "$(dirname "$0")/lib.sh"
command -v promtool >/dev/null || skip "no promtool (Debian package prometheus)"
command -v jq >/dev/null || skip "no jq (Debian package jq)"
enter_netns "$@"
start_pop

# promtool check metrics: exit 0 and nothing said (it lints too).
check_promtool() { # label file
	local out
	if out=$(promtool check metrics <"$2" 2>&1) && [[ -z $out ]]; then
		ok "promtool accepts $1"
	else
		fail "promtool on $1: $out"
	fi
}

# 1. Every output of the population passes promtool.
i=0
for args in "" "-p" "-p --prometheus-ports 5432,7100,53" "-t" "-l -p" \
	"-x -p" "-u" "-6" "-t state established" "-t '( dport = :5432 )'"; do
	i=$((i + 1))
	eval "argv=($args)"
	if ! "$SOCKSCOPE" --prometheus "${argv[@]}" >"$TMP/out$i.prom" 2>"$TMP/err$i"; then
		fail "--prometheus $args: exit status $?: $(cat "$TMP/err$i")"
		continue
	fi
	check_promtool "--prometheus $args" "$TMP/out$i.prom"
done

# 2. Hostile names, escaped as the format wants and visible.
"$SOCKSCOPE" --prometheus -p -t -x >"$TMP/h.prom"
for want in \
	'sockscope_listener_info{netid="tcp",address="127.0.0.1",port="7001",process="q\"uote",unit=""} 1' \
	'sockscope_listener_info{netid="tcp",address="127.0.0.1",port="7002",process="back\\\\slash",unit=""} 1' \
	'sockscope_listener_info{netid="tcp",address="127.0.0.1",port="7003",process="new\\nline",unit=""} 1' \
	'sockscope_listener_info{netid="tcp",address="127.0.0.1",port="7004",process="bad\\xff\\xfeutf8",unit=""} 1' \
	'sockscope_listener_info{netid="tcp",address="127.0.0.1",port="7005",process="esc\\x1b[31m",unit=""} 1' \
	'sockscope_listener_info{netid="u_str",address="@prom\"test\\n",port="",process="prom-pop",unit=""} 1'; do
	if grep -qxF -- "$want" "$TMP/h.prom"; then ok "line: $want"; else fail "missing line: $want"; fi
done
if LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$TMP/h.prom" || ! iconv -f UTF-8 -t UTF-8 "$TMP/h.prom" >/dev/null 2>&1; then
	fail "a control byte or invalid UTF-8 reached the exposition"
else
	ok "exposition is printable UTF-8"
fi

# 3. Values of the population.
f=$TMP/h.prom
expect() { # series value
	local v
	v=$(value_of "$f" "$1")
	if [[ $v == "$2" ]]; then ok "$1 = $2"; else fail "$1 = '$v', wanted $2"; fi
}
expect 'sockscope_sockets{netid="tcp",state="established"}' 10
expect 'sockscope_sockets{netid="tcp",state="listening"}' 9
expect 'sockscope_listen_queue{netid="tcp",address="127.0.0.1",port="5432"}' 2
expect 'sockscope_listen_backlog{netid="tcp",address="127.0.0.1",port="5432"}' 64
expect 'sockscope_listen_backlog{netid="tcp",address="127.0.0.1",port="7100"}' 16
expect 'sockscope_listen_backlog{netid="tcp",address="::",port="7200"}' 32
expect 'sockscope_tcp_rtt_seconds_count' 10
expect 'sockscope_tcp_rtt_seconds_bucket{le="+Inf"}' 10
expect 'sockscope_scrape_errors' 0
n=$(grep -c '^sockscope_listener_info{netid="tcp",address="127.0.0.1",port="7100"' "$f" || true)
if [[ $n == 1 ]]; then ok "two SO_REUSEPORT listeners make one series"; else fail "7100 listener series: $n"; fi
f=$TMP/out3.prom
expect 'sockscope_port_sockets{netid="tcp",port="5432",end="local",state="established"}' 5
expect 'sockscope_port_sockets{netid="tcp",port="5432",end="peer",state="established"}' 5
expect 'sockscope_port_sockets{netid="tcp",port="5432",end="local",state="listening"}' 1
expect 'sockscope_port_sockets{netid="tcp",port="7100",end="local",state="listening"}' 2
if grep -q 'port="53"' "$f"; then fail "series for port 53, where there is no socket"; else ok "no series for an empty port"; fi
if grep -q '^sockscope_port_sockets' "$TMP/out1.prom"; then fail "per-port series without --prometheus-ports"; else ok "no per-port series by default"; fi

# 4. Sums: sockscope_sockets adds up to what -a -j lists.
for args in "" "-t" "-x" "-u" "-l" "-t state established" \
	"-t state established '( dport = :5432 )'" "-4" "-A tcp,unix"; do
	eval "argv=($args)"
	"$SOCKSCOPE" --prometheus "${argv[@]}" >"$TMP/s.prom"
	got=$(sum_sockets "$TMP/s.prom")
	if [[ " $args " == *" -l "* ]]; then lister=(); else lister=(-a); fi
	want=$("$SOCKSCOPE" "${lister[@]}" "${argv[@]}" -j | jq '.sockets | length')
	if [[ $got == "$want" && $want -gt 0 ]]; then
		ok "sum of sockscope_sockets = $got = sockets ${lister[*]} -j '$args' lists"
	else
		fail "sum of sockscope_sockets for '$args' is $got, -a -j lists $want"
	fi
done

# 5. --textfile: the file is replaced whole, readable, nothing left over.
mkdir "$TMP/tf"
echo stale >"$TMP/tf/sockscope.prom"
if "$SOCKSCOPE" --prometheus -t --textfile "$TMP/tf/sockscope.prom"; then
	check_promtool "--textfile" "$TMP/tf/sockscope.prom"
	[[ $(stat -c %a "$TMP/tf/sockscope.prom") == 644 ]] && ok "textfile mode 644" ||
		fail "textfile mode $(stat -c %a "$TMP/tf/sockscope.prom")"
	left=$(find "$TMP/tf" -mindepth 1 ! -name sockscope.prom)
	[[ -z $left ]] && ok "no temporary file left" || fail "left behind: $left"
else
	fail "--textfile failed"
fi
if "$SOCKSCOPE" --prometheus --textfile "$TMP/nodir/x.prom" 2>"$TMP/e"; then
	fail "--textfile into a missing directory succeeded"
else
	grep -q 'nodir' "$TMP/e" && ok "--textfile into a missing directory: $(cat "$TMP/e")" ||
		fail "message: $(cat "$TMP/e")"
fi

# 6. Usage errors: exit 2, one line.
for args in "--textfile x" "--listen 127.0.0.1:1" "--prometheus -j" \
	"--prometheus --listen nowhere" "--prometheus --prometheus-ports 0" \
	"--prometheus --prometheus-ports 70000" "--prometheus -s" \
	"--prometheus --textfile a --listen 127.0.0.1:1" "--prometheus -i"; do
	eval "argv=($args)"
	rc=0
	"$SOCKSCOPE" "${argv[@]}" >/dev/null 2>"$TMP/e" || rc=$?
	if [[ $rc == 2 && $(wc -l <"$TMP/e") == 1 ]]; then
		ok "'$args': exit 2: $(cat "$TMP/e")"
	else
		fail "'$args': exit $rc: $(cat "$TMP/e")"
	fi
done

# 7. The unit: a listener's process moved into a cgroup named like a
# systemd service. Needs a writable cgroup2 mount.
cg=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
pid=$("$SOCKSCOPE" -tlp --ndjson 'sport = :7001' | jq '.processes[0].pid // empty' 2>/dev/null | head -n 1)
if [[ -n $cg && -n $pid ]] && mkdir "$cg/sockscope-test-$$.service" 2>/dev/null; then
	echo "$pid" >"$cg/sockscope-test-$$.service/cgroup.procs"
	"$SOCKSCOPE" --prometheus -p -t >"$TMP/u.prom"
	echo "$pid" >"$cg/cgroup.procs"
	rmdir "$cg/sockscope-test-$$.service"
	if grep -qF "port=\"7001\",process=\"q\\\"uote\",unit=\"sockscope-test-$$.service\"} 1" "$TMP/u.prom"; then
		ok "unit label from the process's cgroup"
	else
		fail "no unit label: $(grep 7001 "$TMP/u.prom" | head -n 1)"
	fi
else
	echo "note: no writable cgroup2 mount (or no pid): unit label not checked live (the unit test covers the parsing)" >&2
fi
finish
