#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A short run of the --listen exporter under valgrind memcheck: scrapes
# (-p, so owner names and units too), 404, 405, a half request left open,
# garbage, a 1 MB header, concurrent scrapes, then SIGTERM. Any error or
# leak fails the test (valgrind's exit status 99).
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null || skip "no valgrind (Debian package valgrind)"
command -v curl >/dev/null || skip "no curl (Debian package curl)"
# An ASan build maps shadow memory valgrind cannot give it: the plain
# build's run of this test is the one that counts.
if grep -q '__asan_init' "$SOCKSCOPE" 2>/dev/null; then
	skip "$SOCKSCOPE is built with AddressSanitizer, which cannot run under valgrind (the plain build runs this test)"
fi
enter_netns "$@"
start_pop

start_exporter valgrind --quiet --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect,possible \
	--errors-for-leak-kinds=definite,indirect,possible \
	"$SOCKSCOPE" --prometheus -p --prometheus-ports 5432
base=http://127.0.0.1:$EXP_PORT

for _ in 1 2 3; do
	c=$(curl -s -o "$TMP/m" -w '%{http_code}' --max-time 60 "$base/metrics" || true)
	[[ $c == 200 ]] && grep -q '^sockscope_listener_info{netid="tcp",address="127.0.0.1",port="7001",process="q\\"uote"' "$TMP/m" &&
		ok "scrape under valgrind" || fail "scrape under valgrind: HTTP $c"
done
[[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$base/x") == 404 ]] && ok 404 || fail "not 404"
[[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X POST "$base/metrics") == 405 ]] && ok 405 || fail "not 405"
exec 3<>"/dev/tcp/127.0.0.1/$EXP_PORT"
printf 'GET /metrics HTTP/1.1\r\nHo' >&3
printf 'BREW / HTCPCP/1.0\r\n\0\0\r\n\r\n' | timeout 30 bash -c "exec 4<>/dev/tcp/127.0.0.1/$EXP_PORT; cat >&4; timeout 10 cat <&4 >/dev/null" || true
{ printf 'X-Big: '; head -c 1000000 /dev/zero | tr '\0' a; echo; } >"$TMP/big"
curl -s -o /dev/null --max-time 60 -H @"$TMP/big" "$base/metrics" || true
seq 10 | xargs -P 10 -I{} curl -s -o "$TMP/c{}" -w '%{http_code}\n' --max-time 120 "$base/metrics" >"$TMP/codes" || true
[[ $(grep -c '^200$' "$TMP/codes" || true) == 10 ]] && ok "10 concurrent scrapes under valgrind" ||
	fail "concurrent scrapes: $(sort "$TMP/codes" | uniq -c | tr '\n' ' ')"

kill -TERM "$EXP_PID"
rc=0
wait "$EXP_PID" || rc=$?
exec 3>&-
if [[ $rc == 0 ]] && ! grep -q '==[0-9]*==' "$TMP/exporter.err"; then
	ok "valgrind: no error, no leak, exit 0 after SIGTERM"
else
	fail "valgrind: exit $rc: $(grep '==' "$TMP/exporter.err" | head -n 30)"
fi
finish
