// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The --prometheus formatter over hand-built records: label escaping of
 * hostile bytes, listener merging, the histogram's buckets and sum, the
 * per-port series, scope labels; and the systemd unit found in
 * /proc/PID/cgroup texts (v2, hybrid v1, user units, none).
 */
#include <errno.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "names/container.h"
#include "output/prom.h"

/* Writes @n aggregates into a memfd; returns the text (free it). */
static char *render(struct prom_agg **aggs, size_t n,
		    const struct prom_scrape *s)
{
	struct obuf *ob = malloc(sizeof(*ob));
	int fd = memfd_create("prom", MFD_CLOEXEC);
	char *text;
	off_t len;

	assert_non_null(ob);
	assert_true(fd >= 0);
	obuf_init(ob, fd);
	assert_int_equal(prom_write(aggs, n, s, ob), 0);
	assert_int_equal(obuf_flush(ob), 0);
	len = lseek(fd, 0, SEEK_END);
	text = calloc(1, (size_t)len + 1);
	assert_non_null(text);
	assert_int_equal(pread(fd, text, (size_t)len, 0), len);
	close(fd);
	free(ob);
	return text;
}

static void has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; (p = strstr(p, line)); p++)
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return;
	fail_msg("no line \"%s\" in:\n%s", line, text);
}

static struct sock_rec tcp4(uint8_t state, uint16_t lport, uint16_t pport)
{
	struct sock_rec r = {
		.netid = SOCK_NETID_TCP,
		.family = AF_INET,
		.state = state,
		.local_port = lport,
		.peer_port = pport,
		.local_addr = {127, 0, 0, 1},
		.peer_addr = {127, 0, 0, 1},
	};
	return r;
}

static void test_hostile_names(void **state)
{
	struct prom_agg *a;
	struct sock_rec l = tcp4(SOCK_STATE_LISTEN, 80, 0);
	struct prom_owner o = {"a\"b\\c\nd\xff\x1b", 9, "x\".service", 10};
	struct prom_scrape s = {0};
	char *t;

	(void)state;
	assert_int_equal(prom_agg_new(NULL, 0, NULL, &a), 0);
	assert_int_equal(prom_agg_add(a, &l, &o), 0);
	t = render(&a, 1, &s);
	has_line(t, "sockscope_listener_info{netid=\"tcp\",address="
		    "\"127.0.0.1\",port=\"80\",process=\"a\\\"b\\\\\\\\c\\\\nd"
		    "\\\\xff\\\\x1b\",unit=\"x\\\".service\"} 1");
	free(t);
	prom_agg_free(a);
}

static void test_label_value_long(void **state)
{
	/* Longer than the escaper's 256-byte piece, with a 3-byte UTF-8
	 * sequence across the piece boundary: kept whole. */
	char in[600], *t;
	struct obuf *ob = malloc(sizeof(*ob));
	int fd = memfd_create("v", MFD_CLOEXEC);
	off_t len;

	(void)state;
	memset(in, 'a', sizeof(in));
	for (size_t i = 250; i + 3 <= sizeof(in); i += 3)
		memcpy(in + i, "\xe2\x82\xac", 3); /* U+20AC */
	obuf_init(ob, fd);
	prom_put_label_value(ob, in, sizeof(in));
	assert_int_equal(obuf_flush(ob), 0);
	len = lseek(fd, 0, SEEK_END);
	assert_int_equal(len, sizeof(in));
	t = calloc(1, (size_t)len + 1);
	assert_int_equal(pread(fd, t, (size_t)len, 0), len);
	assert_memory_equal(t, in, sizeof(in));
	free(t);
	free(ob);
	close(fd);
}

static void test_listeners_merged(void **state)
{
	struct prom_agg *a;
	struct sock_rec l1 = tcp4(SOCK_STATE_LISTEN, 443, 0), l2 = l1, l3;
	struct prom_owner o = {"nginx", 5, NULL, 0};
	struct prom_scrape s = {0};
	char *t;

	(void)state;
	l1.recv_q = 3;
	l1.send_q = 511;
	l2.recv_q = 4;
	l2.send_q = 511;
	l3 = tcp4(SOCK_STATE_LISTEN, 22, 0);
	assert_int_equal(prom_agg_new(NULL, 0, NULL, &a), 0);
	assert_int_equal(prom_agg_add(a, &l1, &o), 0);
	assert_int_equal(prom_agg_add(a, &l3, NULL), 0);
	assert_int_equal(prom_agg_add(a, &l2, &o), 0);
	t = render(&a, 1, &s);
	has_line(t, "sockscope_sockets{netid=\"tcp\",state=\"listening\"} 3");
	has_line(t, "sockscope_listener_info{netid=\"tcp\",address="
		    "\"127.0.0.1\",port=\"443\",process=\"nginx\",unit=\"\"} 1");
	has_line(t, "sockscope_listener_info{netid=\"tcp\",address="
		    "\"127.0.0.1\",port=\"22\",process=\"\",unit=\"\"} 1");
	has_line(t, "sockscope_listen_queue{netid=\"tcp\",address="
		    "\"127.0.0.1\",port=\"443\"} 7");
	has_line(t, "sockscope_listen_backlog{netid=\"tcp\",address="
		    "\"127.0.0.1\",port=\"443\"} 1022");
	/* Once each: the two on 443 are one series. */
	assert_null(strstr(strstr(t, "port=\"443\",process") + 1,
			   "port=\"443\",process"));
	free(t);
	prom_agg_free(a);
}

static void test_rtt_histogram(void **state)
{
	static const uint32_t rtts[] = {50, 100, 101, 30000, 3000000};
	struct tcp_info ti[5];
	struct prom_agg *a;
	struct prom_scrape s = {.duration_us = 1234567, .errors = 2};
	char *t;

	(void)state;
	assert_int_equal(prom_agg_new(NULL, 0, NULL, &a), 0);
	for (int i = 0; i < 5; i++) {
		struct sock_rec r = tcp4(SOCK_STATE_ESTABLISHED, 40000, 443);
		memset(&ti[i], 0, sizeof(ti[i]));
		ti[i].tcpi_rtt = rtts[i];
		ti[i].tcpi_total_retrans = 2;
		ti[i].tcpi_unacked = 1;
		r.detail.info_kind = SOCK_INFO_TCP;
		r.detail.info = &ti[i];
		r.detail.info_len = sizeof(ti[i]);
		assert_int_equal(prom_agg_add(a, &r, NULL), 0);
	}
	/* A short tcp_info without rtt is counted as a socket only. */
	struct sock_rec r = tcp4(SOCK_STATE_ESTABLISHED, 40001, 443);
	r.detail.info_kind = SOCK_INFO_TCP;
	r.detail.info = &ti[0];
	r.detail.info_len = 8;
	assert_int_equal(prom_agg_add(a, &r, NULL), 0);
	t = render(&a, 1, &s);
	has_line(t, "sockscope_sockets{netid=\"tcp\",state=\"established\"} 6");
	has_line(t, "sockscope_tcp_rtt_seconds_bucket{le=\"0.0001\"} 2");
	has_line(t, "sockscope_tcp_rtt_seconds_bucket{le=\"0.00025\"} 3");
	has_line(t, "sockscope_tcp_rtt_seconds_bucket{le=\"0.025\"} 3");
	has_line(t, "sockscope_tcp_rtt_seconds_bucket{le=\"0.05\"} 4");
	has_line(t, "sockscope_tcp_rtt_seconds_bucket{le=\"2.5\"} 4");
	has_line(t, "sockscope_tcp_rtt_seconds_bucket{le=\"+Inf\"} 5");
	has_line(t, "sockscope_tcp_rtt_seconds_sum 3.030251");
	has_line(t, "sockscope_tcp_rtt_seconds_count 5");
	has_line(t, "sockscope_tcp_retransmitted_segments 10");
	has_line(t, "sockscope_tcp_unacked_segments 5");
	has_line(t, "sockscope_scrape_duration_seconds 1.234567");
	has_line(t, "sockscope_scrape_errors 2");
	/* HELP and TYPE once per family. */
	assert_null(strstr(strstr(t, "# TYPE sockscope_sockets ") + 1,
			   "# TYPE sockscope_sockets "));
	free(t);
	prom_agg_free(a);
}

static void test_ports_and_scope(void **state)
{
	const uint16_t ports[] = {5432};
	struct prom_scope scope = {1, {"netns"}, {"ns\"1"}};
	struct prom_agg *aggs[2];
	struct prom_scrape s = {0};
	struct sock_rec srv = tcp4(SOCK_STATE_ESTABLISHED, 5432, 50000);
	struct sock_rec cli = tcp4(SOCK_STATE_ESTABLISHED, 50000, 5432);
	struct sock_rec other = tcp4(SOCK_STATE_ESTABLISHED, 50001, 80);
	char *t;

	(void)state;
	assert_int_equal(prom_agg_new(ports, 1, NULL, &aggs[0]), 0);
	assert_int_equal(prom_agg_new(ports, 1, &scope, &aggs[1]), 0);
	assert_int_equal(prom_agg_add(aggs[0], &srv, NULL), 0);
	assert_int_equal(prom_agg_add(aggs[0], &cli, NULL), 0);
	assert_int_equal(prom_agg_add(aggs[0], &other, NULL), 0);
	assert_int_equal(prom_agg_add(aggs[1], &srv, NULL), 0);
	t = render(aggs, 2, &s);
	has_line(t, "sockscope_port_sockets{netid=\"tcp\",port=\"5432\","
		    "end=\"local\",state=\"established\"} 1");
	has_line(t, "sockscope_port_sockets{netid=\"tcp\",port=\"5432\","
		    "end=\"peer\",state=\"established\"} 1");
	has_line(t, "sockscope_sockets{netid=\"tcp\",state=\"established\"} 3");
	has_line(t, "sockscope_sockets{netns=\"ns\\\"1\",netid=\"tcp\","
		    "state=\"established\"} 1");
	has_line(t, "sockscope_tcp_rtt_seconds_count{netns=\"ns\\\"1\"} 0");
	assert_null(strstr(t, "port=\"80\""));
	free(t);
	prom_agg_free(aggs[0]);
	prom_agg_free(aggs[1]);
	assert_int_equal(prom_agg_new(ports, PROM_PORTS_MAX + 1, NULL, &aggs[0]),
			 -EINVAL);
}

static void test_unit(void **state)
{
	static const struct {
		const char *text, *unit;
	} cases[] = {
		{"0::/system.slice/nginx.service\n", "nginx.service"},
		{"0::/user.slice/user-1000.slice/user@1000.service/app.slice/"
		 "foo.service\n",
		 "foo.service"},
		{"0::/user.slice/user-1000.slice/session-3.scope\n",
		 "session-3.scope"},
		{"0::/system.slice/docker-abc.scope/inner\n", "docker-abc.scope"},
		{"0::/\n", NULL},
		{"0::/init.scope", "init.scope"}, /* no newline */
		{"12:pids:/\n1:name=systemd:/system.slice/sshd.service\n0::/\n",
		 "sshd.service"},
		{"1:name=systemd:/system.slice/cron.service\n", "cron.service"},
		{"0::/.service\n", NULL},
		{"", NULL},
		{"garbage", NULL},
	};
	struct container_attr a;
	struct container_cache *c;
	const struct sock_origin *o;

	(void)state;
	/* The listener's unit label comes from the one cgroup parser. */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = container_cgroup_parse(cases[i].text,
					       strlen(cases[i].text), &a);
		if (!cases[i].unit) {
			assert_int_equal(r, -ENOENT);
			assert_string_equal(a.unit, "");
			continue;
		}
		assert_int_equal(r, 0);
		assert_string_equal(a.unit, cases[i].unit);
	}
	assert_int_equal(container_cache_new("/nonexistent", NULL, &c), 0);
	assert_int_equal(container_cache_pid(c, 1, &o), -ENOENT);
	container_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_names),
		cmocka_unit_test(test_label_value_long),
		cmocka_unit_test(test_listeners_merged),
		cmocka_unit_test(test_rtt_histogram),
		cmocka_unit_test(test_ports_and_scope),
		cmocka_unit_test(test_unit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
