#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A real Prometheus server scrapes `sockscope --prometheus --listen`
# (one target, 5 s interval (-p walks every /proc/PID/fd), storage in a temporary directory, in the
# test's own network namespace), and its HTTP API returns the series and
# values of the population; then a real node_exporter serves the file
# --textfile wrote, through its textfile collector.
. "$(dirname "$0")/lib.sh"
command -v prometheus >/dev/null || skip "no prometheus (Debian package prometheus)"
command -v jq >/dev/null || skip "no jq (Debian package jq)"
enter_netns "$@"
start_pop

# Any port is free in a namespace of our own.
PROM_PORT=19090 NODE_PORT=19100
# The filter leaves out the exporter's and Prometheus's own sockets.
start_exporter "$SOCKSCOPE" --prometheus -p -t --prometheus-ports 5432 \
	'( sport < :10000 or dport = :5432 )'
ok "exporter on port $EXP_PORT"
cat >"$TMP/prometheus.yml" <<YML
global:
  scrape_interval: 5s
  scrape_timeout: 5s
scrape_configs:
  - job_name: sockscope
    static_configs:
      - targets: ['127.0.0.1:$EXP_PORT']
YML
prometheus --config.file="$TMP/prometheus.yml" --storage.tsdb.path="$TMP/tsdb" \
	--web.listen-address="127.0.0.1:$PROM_PORT" >"$TMP/prometheus.log" 2>&1 &
CLEANUP_PIDS+=($!)

query() { # PromQL -> JSON result array
	curl -sf --get "http://127.0.0.1:$PROM_PORT/api/v1/query" \
		--data-urlencode "query=$1" | jq -c '.data.result'
}

# Wait (up to 60 s) for the first scrapes to land.
res='[]'
for _ in $(seq 120); do
	res=$(query 'sockscope_sockets{netid="tcp",state="established"}' 2>/dev/null || echo '[]')
	[[ $res != '[]' && -n $res ]] && break
	sleep 0.5
done
if [[ $res == '[]' || -z $res ]]; then
	tail -n 20 "$TMP/prometheus.log" >&2
	fail "Prometheus has no sockscope_sockets after 60 s"
	finish
fi

# The last value over the test's span: on a loaded machine a -p scrape
# may time out once, and Prometheus marks the series stale at once.
expect() { # PromQL wanted-value
	local v
	v=$(query "last_over_time(($1)[5m:1s])" | jq -r '.[0].value[1] // "none"')
	if [[ $v == "$2" ]]; then ok "Prometheus: $1 = $2"; else fail "Prometheus: $1 = $v, wanted $2"; fi
}
expect 'sockscope_sockets{netid="tcp",state="established"}' 10
expect 'sockscope_sockets{netid="tcp",state="listening"}' 9
expect 'sum(sockscope_sockets)' 19
expect 'up{job="sockscope"} == 1' 1
expect 'sockscope_listen_queue{address="127.0.0.1",port="5432"}' 2
expect 'sockscope_listen_backlog{port="7200"}' 32
expect 'count(sockscope_listener_info)' 8
expect 'sockscope_listener_info{port="7001",process="q\"uote"}' 1
expect 'sockscope_listener_info{port="7003",process="new\\nline"}' 1
expect 'sockscope_port_sockets{port="5432",end="local",state="established"}' 5
expect 'sockscope_tcp_rtt_seconds_count' 10
expect 'sockscope_scrape_errors' 0
expect 'scrape_samples_scraped{job="sockscope"} > 0' "$(query 'scrape_samples_scraped{job="sockscope"}' | jq -r '.[0].value[1]')"
# The scrape failed nowhere: Prometheus says why in its log otherwise.
if grep -qiE 'append failed|invalid|duplicate|out of order' "$TMP/prometheus.log"; then
	fail "Prometheus complained: $(grep -iE 'append failed|invalid|duplicate|out of order' "$TMP/prometheus.log" | head -n 3)"
else
	ok "Prometheus logged no ingestion error"
fi

# node_exporter's textfile collector serves what --textfile wrote.
if command -v prometheus-node-exporter >/dev/null; then
	NODE=prometheus-node-exporter
elif command -v node_exporter >/dev/null; then
	NODE=node_exporter
else
	NODE=
	fail "no node_exporter (Debian package prometheus-node-exporter)"
fi
if [[ -n $NODE ]]; then
	mkdir "$TMP/textfile"
	"$SOCKSCOPE" --prometheus -p -t --textfile "$TMP/textfile/sockscope.prom" \
		'( sport < :10000 or dport = :5432 )'
	$NODE --collector.disable-defaults --collector.textfile \
		--collector.textfile.directory="$TMP/textfile" \
		--web.listen-address="127.0.0.1:$NODE_PORT" >"$TMP/node.log" 2>&1 &
	CLEANUP_PIDS+=($!)
	for _ in $(seq 100); do
		curl -sf "http://127.0.0.1:$NODE_PORT/metrics" >"$TMP/node.prom" 2>/dev/null && break
		sleep 0.1
	done
	f=$TMP/node.prom
	for s in 'sockscope_sockets{netid="tcp",state="established"} 10' \
		'sockscope_listen_queue{address="127.0.0.1",netid="tcp",port="5432"} 2' \
		'sockscope_listener_info{address="127.0.0.1",netid="tcp",port="7001",process="q\"uote",unit=""} 1' \
		'node_textfile_scrape_error 0'; do
		if grep -qxF -- "$s" "$f"; then ok "node_exporter: $s"; else fail "node_exporter lacks: $s"; fi
	done
	if grep -q 'sockscope_tcp_rtt_seconds_bucket{le="+Inf"} 10' "$f"; then
		ok "node_exporter: the histogram"
	else
		fail "node_exporter: no histogram"
	fi
fi
finish
