#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The --listen exporter under load and abuse, in a namespace of its own:
# HTTP semantics (GET/HEAD /metrics, 404, 405), 100 concurrent scrapes
# sharing dumps, a client that sends half a request and waits, garbage,
# a 1 MB header; it keeps answering, its memory stays flat over 1,000
# scrapes, and SIGTERM stops it cleanly (exit 0) even with a client
# connected.
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || skip "no curl (Debian package curl)"
POPGEN=${POPGEN:?POPGEN: the bench/popgen binary}
enter_netns "$@"
start_pop

# ASan keeps freed memory in quarantine: without this, RSS would grow by
# design and "flat" could not be measured.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:detect_leaks=1
# The filter leaves out the exporter's own connections.
start_exporter "$SOCKSCOPE" --prometheus -t '( sport < :10000 or dport = :5432 )'
base=http://127.0.0.1:$EXP_PORT

alive() { # what
	local code
	code=$(curl -s -o "$TMP/alive.prom" -w '%{http_code}' --max-time 5 "$base/metrics" || true)
	if [[ $code == 200 ]] && grep -q '^sockscope_sockets{netid="tcp",state="established"} 10$' "$TMP/alive.prom"; then
		ok "answers a scrape after $1"
	else
		fail "no good answer after $1 (HTTP $code)"
	fi
}

# 1. HTTP semantics.
code() { curl -s -o "$TMP/body" -D "$TMP/head" -w '%{http_code}' --max-time 5 "$@"; }
[[ $(code "$base/metrics") == 200 ]] && grep -qi '^content-type: text/plain; version=0.0.4' "$TMP/head" &&
	ok "GET /metrics: 200, text format 0.0.4" || fail "GET /metrics: $(head -n 1 "$TMP/head")"
len=$(wc -c <"$TMP/body")
[[ $(code -I "$base/metrics") == 200 ]] && ! grep -q '^sockscope' "$TMP/body" &&
	grep -qi "^content-length: $len" "$TMP/head" &&
	ok "HEAD /metrics: 200, headers only" || fail "HEAD /metrics: $(head -n 1 "$TMP/head")"
for path in / /metric /metrics/ /metrics?x=1/.. /../etc/passwd; do
	c=$(code "$base$path")
	if [[ $path == '/metrics?x=1/..' ]]; then
		[[ $c == 200 ]] && ok "GET $path: 200 (a query string is ignored)" || fail "GET $path: $c"
	else
		[[ $c == 404 ]] && ok "GET $path: 404" || fail "GET $path: $c"
	fi
done
for m in POST PUT DELETE OPTIONS PATCH TRACE; do
	c=$(code -X "$m" "$base/metrics")
	[[ $c == 405 ]] && grep -qi '^allow: GET, HEAD' "$TMP/head" && ok "$m: 405 with Allow" || fail "$m: $c"
done
# A body announced and never sent is not waited for.
raw() { # request -> first line of the answer (5 s at most)
	printf "$1" | timeout 5 bash -c "exec 4<>/dev/tcp/127.0.0.1/$EXP_PORT; cat >&4; timeout 3 head -n 1 <&4" 2>/dev/null | tr -d '\r' || true
}
c=$(raw 'POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n')
[[ $c == 'HTTP/1.1 405 Method Not Allowed' ]] && ok "POST announcing 100 MB it never sends: 405 at once" || fail "POST with a big body: $c"

# 2. A client that sends half a request and waits.
exec 3<>"/dev/tcp/127.0.0.1/$EXP_PORT"
printf 'GET /metrics HTTP/1.1\r\nHost: x\r\n' >&3
t0=$(date +%s%N)
alive "a half request (still open)"
t1=$(date +%s%N)
(((t1 - t0) / 1000000 < 3000)) && ok "not delayed by it ($(((t1 - t0) / 1000000)) ms)" ||
	fail "delayed $(((t1 - t0) / 1000000)) ms by a half-open client"

# 3. Garbage.
for g in 'BREW /pot HTCPCP/1.0\r\n\r\n' 'GET\r\n\r\n' 'GET /metrics HTTP/9.9\r\n\r\n' \
	'GET /metrics HTTP/1.1\r\nno colon here\r\n\r\n' '\0\0\0\0\r\n\r\n' \
	'GET /metrics HTTP/1.1\r\nContent-Length: -5\r\n\r\n' \
	'GET /metrics HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'; do
	{ printf "$g"; sleep 0.2; } | timeout 5 bash -c "exec 4<>/dev/tcp/127.0.0.1/$EXP_PORT; cat >&4; timeout 2 cat <&4 >/dev/null" || true
done
for _ in 1 2 3 4 5; do
	head -c 4096 /dev/urandom | timeout 5 bash -c "exec 4<>/dev/tcp/127.0.0.1/$EXP_PORT; cat >&4; timeout 1 cat <&4 >/dev/null" 2>/dev/null || true
done
alive "garbage requests"

# 4. A 1 MB header.
{ printf 'X-Big: '; head -c 1000000 /dev/zero | tr '\0' a; echo; } >"$TMP/big"
c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H @"$TMP/big" "$base/metrics" || true)
[[ $c == 431 || $c == 413 || $c == 400 || $c == 000 ]] && ok "1 MB header refused (HTTP $c)" || fail "1 MB header: HTTP $c"
alive "a 1 MB header"

# 5. 100 concurrent scrapes, all answered.
seq 100 | xargs -P 100 -I{} curl -s -o "$TMP/c{}" -w '%{http_code}\n' --max-time 20 "$base/metrics" >"$TMP/codes" || true
n=$(grep -c '^200$' "$TMP/codes" || true)
good=$(grep -l '^sockscope_sockets{netid="tcp",state="established"} 10$' "$TMP"/c* | wc -l || true)
[[ $n == 100 && $good == 100 ]] && ok "100 concurrent scrapes: 100 answers of 200, all whole" ||
	fail "100 concurrent scrapes: $n answered 200, $good whole"
rm -f "$TMP"/c*

# 6. Memory flat over 1,000 scrapes (one curl, keep-alive).
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$EXP_PID/status"; }
urls() { for _ in $(seq "$1"); do printf 'url = "%s/metrics"\noutput = "/dev/null"\n' "$base"; done; }
urls 200 >"$TMP/warm.cfg"
urls 1000 >"$TMP/run.cfg"
curl -s -K "$TMP/warm.cfg"
r0=$(rss)
curl -s -K "$TMP/run.cfg"
r1=$(rss)
((r1 - r0 <= 1024)) && ok "RSS over 1,000 scrapes: $r0 -> $r1 KiB" ||
	fail "RSS grew over 1,000 scrapes: $r0 -> $r1 KiB"
alive "1,000 scrapes"

# 7. Concurrent scrapes share the dump in flight: on 20,000 more sockets
# a dump is slow enough for 100 scrapes to pile onto a few.
"$POPGEN" -n 20000 -f >"$TMP/popgen.out" 2>"$TMP/popgen.err" &
CLEANUP_PIDS+=($!)
for _ in $(seq 600); do grep -q ready "$TMP/popgen.out" 2>/dev/null && break; sleep 0.1; done
if grep -q ready "$TMP/popgen.out"; then
	seq 100 | xargs -P 100 -I{} curl -s -o "$TMP/d{}" --max-time 60 "$base/metrics" || true
	dumps=$(grep -h '^sockscope_scrape_duration_seconds ' "$TMP"/d* | sort -u | wc -l || true)
	answered=$(grep -l '^sockscope_scrape_errors 0$' "$TMP"/d* | wc -l || true)
	[[ $answered == 100 ]] && ok "100 scrapes on 20,000 sockets answered" || fail "only $answered of 100 answered"
	((dumps >= 1 && dumps <= 50)) && ok "100 concurrent scrapes were served by $dumps dump(s)" ||
		fail "100 concurrent scrapes took $dumps dumps: not shared"
else
	fail "popgen did not build 20,000 sockets: $(tail -n 3 "$TMP/popgen.err")"
fi

# 8. SIGTERM with a client still connected (fd 3): a clean exit 0.
kill -TERM "$EXP_PID"
rc=0
timeout 20 tail --pid="$EXP_PID" -f /dev/null || rc=$?
wait "$EXP_PID" || rc=$?
exec 3>&-
[[ $rc == 0 ]] && ok "SIGTERM: exit 0" || fail "SIGTERM: exit status $rc"
if grep -qE 'ERROR|runtime error|Sanitizer' "$TMP/exporter.err"; then
	fail "exporter stderr: $(head -n 5 "$TMP/exporter.err")"
else
	ok "nothing wrong on the exporter's stderr"
fi
finish
