// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -s against the kernel, in a private network namespace holding only the
 * sockets this test makes: every total must be exactly the population.
 */
#include <netinet/in.h>
#include <unistd.h>

#include "actions-test.h"
#include "conn.h"
#include "jdoc.h"
#include "netns.h"
#include "spawn.h"

#include "netlink/nl.h"

static struct conn c4, c6;
static int listeners[3], udp[3];

/* 3 more listeners on IPv4 (4 with c4's), c6's on IPv6; a connection
 * each; UDP: two on IPv4, one on IPv6. */
static int setup(void **state)
{
	uint16_t port;

	conn_open(&c4, AF_INET);
	conn_open(&c6, AF_INET6);
	for (int i = 0; i < 3; i++)
		listeners[i] = conn_listen(AF_INET, &port);
	udp[0] = conn_udp(AF_INET, &port);
	udp[1] = conn_udp(AF_INET, &port);
	udp[2] = conn_udp(AF_INET6, &port);
	return 0;
}

static struct spawn_result run_ok(const char *a, const char *b)
{
	struct spawn_result r = spawn_sockscope(SPAWN_STDOUT_PIPE, a, b, NULL);

	if (!r.exited || r.status != 0 || r.err_len)
		fail_msg("sockscope %s: status %d, stderr %s", a, r.status,
			 r.err);
	return r;
}

static void json_totals_are_the_population(void **state)
{
	struct spawn_result r = run_ok("-s", "-j");
	json_object *o = jdoc_parse(r.out, r.out_len);

	/* TCP: 5 listeners, 4 connected ends. */
	assert_int_equal(jdoc_int(o, "tcp.total"), 9);
	assert_int_equal(jdoc_int(o, "tcp.established"), 4);
	assert_int_equal(jdoc_int(o, "tcp.states.listening"), 5);
	assert_int_equal(jdoc_int(o, "tcp.closed"), 0);
	assert_int_equal(jdoc_int(o, "tcp.orphaned"), 0);
	assert_int_equal(jdoc_int(o, "tcp.time_wait"), 0);
	/* In use, by family: the kernel's own per-namespace counts. */
	assert_int_equal(jdoc_int(o, "transport.tcp.ipv4"), 4 + 2);
	assert_int_equal(jdoc_int(o, "transport.tcp.ipv6"), 1 + 2);
	assert_int_equal(jdoc_int(o, "transport.udp.ipv4"), 2);
	assert_int_equal(jdoc_int(o, "transport.udp.ipv6"), 1);
	assert_int_equal(jdoc_int(o, "transport.raw.total"), 0);
	assert_int_equal(jdoc_int(o, "transport.inet.total"), 6 + 3 + 3);
	/* Every socket of the namespace: ours, and netlink sockets of
	 * earlier runs the kernel has not freed yet (it frees them after
	 * an RCU grace period). */
	assert_true(jdoc_int(o, "total") >= 9 + 3);
	json_object_put(o);
	spawn_result_done(&r);
}

static void text_as_ss(void **state)
{
	struct spawn_result r = run_ok("-s", NULL);
	char *rest = strchr(r.out, '\n');
	unsigned total;

	/* At least ours; see above. */
	assert_int_equal(sscanf(r.out, "Total: %u\n", &total), 1);
	assert_true(total >= 12);
	assert_non_null(rest);
	assert_string_equal(rest + 1,
			    "TCP:   9 (estab 4, closed 0, orphaned 0, "
			    "timewait 0)\n"
			    "\n"
			    "Transport Total     IP        IPv6\n"
			    "RAW\t  0         0         0\n"
			    "UDP\t  3         2         1\n"
			    "TCP\t  9         6         3\n"
			    "INET\t  12        8         4\n"
			    "FRAG\t  0         0         0\n");
	spawn_result_done(&r);
}

struct states {
	unsigned n[16];
};

static int count_state(const struct sock_rec *rec, void *userdata)
{
	struct states *s = userdata;

	s->n[rec->state]++;
	return 0;
}

/* Waits (bounded) until IPv4 TCP holds @tw TIME-WAIT and @fw2 FIN-WAIT-2
 * sockets and none still closing otherwise: the handshake after close()
 * runs in the kernel's own time. */
static void wait_settled(unsigned tw, unsigned fw2)
{
	for (int i = 0; i < 1000; i++) {
		struct states s = {0};

		assert_int_equal(nl_inet_collect(SOCK_NETID_TCP, IPPROTO_TCP,
						 AF_INET, SOCK_STATES_ALL, NULL,
						 0, 0, count_state, &s),
				 0);
		if (s.n[SOCK_STATE_TIME_WAIT] == tw &&
		    s.n[SOCK_STATE_FIN_WAIT2] == fw2 &&
		    !s.n[SOCK_STATE_FIN_WAIT1] && !s.n[SOCK_STATE_LAST_ACK] &&
		    !s.n[SOCK_STATE_CLOSING])
			return;
		usleep(10000);
	}
	fail_msg("the closed connections did not settle");
}

static void time_wait_counted(void **state)
{
	struct spawn_result r;
	json_object *o;

	/* The client closes first: it ends in TIME-WAIT, the server's
	 * socket goes away. */
	close(c4.client);
	c4.client = -1;
	assert_int_equal(conn_recv_error(c4.server), 0);
	close(c4.server);
	c4.server = -1;
	wait_settled(1, 0);
	r = run_ok("-s", "-j");
	o = jdoc_parse(r.out, r.out_len);
	assert_int_equal(jdoc_int(o, "tcp.total"), 9 - 2 + 1);
	assert_int_equal(jdoc_int(o, "tcp.established"), 2);
	assert_int_equal(jdoc_int(o, "tcp.time_wait"), 1);
	assert_int_equal(jdoc_int(o, "tcp.states.time-wait"), 1);
	/* TIME-WAIT is no socket in use. */
	assert_int_equal(jdoc_int(o, "transport.tcp.ipv4"), 4);
	json_object_put(o);
	spawn_result_done(&r);
}

static void strip_trailing_blanks(char *s)
{
	char *w = s;

	for (const char *r = s; *r; r++) {
		if (*r == '\n')
			while (w > s && w[-1] == ' ')
				w--;
		*w++ = *r;
	}
	*w = '\0';
}

/* The figure after @key ("estab ") in @line, or -1. */
static long field(const char *line, const char *key)
{
	const char *p = strstr(line, key);

	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

/* ss -s's estab and timewait are the kernel's per-namespace counters:
 * CurrEstab counts CLOSE-WAIT too, sockstat's tw counts an orphaned
 * FIN-WAIT-2 the kernel keeps as a timewait socket. sockscope's orphan
 * count is per namespace, and that FIN-WAIT-2 socket is no orphan for the
 * kernel either (ss's figure is the whole system's: not compared). */
static void kernel_counters_as_ss(void **state)
{
	const char *const ss_argv[] = {"ss", "-s", NULL};
	const char *ss_path = access("/usr/bin/ss", X_OK) == 0 ? "/usr/bin/ss"
								: "/bin/ss";
	struct conn cw, tw;
	struct spawn_result ss, me;
	const char *a, *b;

	/* cw: the client lets go first and keeps nothing: it ends as a
	 * FIN-WAIT-2 timewait socket, the server in CLOSE-WAIT. */
	conn_open(&cw, AF_INET);
	close(cw.client);
	cw.client = -1;
	assert_int_equal(conn_recv_error(cw.server), 0);
	/* tw: both close, the client first: one TIME-WAIT. */
	conn_open(&tw, AF_INET);
	close(tw.client);
	tw.client = -1;
	assert_int_equal(conn_recv_error(tw.server), 0);
	close(tw.server);
	tw.server = -1;
	/* and c4's TIME-WAIT from time_wait_counted */
	wait_settled(2, 1);

	if (access(ss_path, X_OK) != 0)
		skip();
	assert_int_equal(spawn_run(ss_path, ss_argv, SPAWN_STDOUT_PIPE, &ss), 0);
	me = run_ok("-s", NULL);
	a = strstr(ss.out, "TCP:");
	b = strstr(me.out, "TCP:");
	assert_non_null(a);
	assert_non_null(b);
	/* c6's two ends, cw's server in CLOSE-WAIT */
	assert_int_equal(field(a, "estab "), 3);
	assert_int_equal(field(b, "estab "), 3);
	assert_int_equal(field(a, "timewait "), 3);
	assert_int_equal(field(b, "timewait "), 3);
	assert_int_equal(field(b, "orphaned "), 0);
	/* The per-transport table is the same counters (ss pads its
	 * columns with trailing blanks and ends with an empty line,
	 * sockscope does neither). */
	strip_trailing_blanks(ss.out);
	if (ss.out_len >= 2 && strcmp(ss.out + strlen(ss.out) - 2, "\n\n") == 0)
		ss.out[strlen(ss.out) - 1] = '\0';
	assert_string_equal(strstr(me.out, "Transport"),
			    strstr(ss.out, "Transport"));
	spawn_result_done(&ss);
	spawn_result_done(&me);
	conn_close(&cw);
	conn_close(&tw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_totals_are_the_population),
		cmocka_unit_test(text_as_ss),
		cmocka_unit_test(time_wait_counted),
		cmocka_unit_test(kernel_counters_as_ss),
	};

	netns_enter_or_skip();
	return harness_run_group(tests, setup, NULL);
}
