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

/* Waits (bounded) until IPv4 TCP holds @tw TIME-WAIT sockets and none
 * still closing: the handshake after close() runs in the kernel's own
 * time. */
static void wait_settled(unsigned tw)
{
	for (int i = 0; i < 1000; i++) {
		struct states s = {0};

		assert_int_equal(nl_inet_collect(SOCK_NETID_TCP, IPPROTO_TCP,
						 AF_INET, SOCK_STATES_ALL, NULL,
						 0, 0, count_state, &s),
				 0);
		if (s.n[SOCK_STATE_TIME_WAIT] == tw &&
		    !s.n[SOCK_STATE_FIN_WAIT1] && !s.n[SOCK_STATE_FIN_WAIT2] &&
		    !s.n[SOCK_STATE_LAST_ACK] && !s.n[SOCK_STATE_CLOSING])
			return;
		usleep(10000);
	}
	fail_msg("the closed connection did not reach TIME-WAIT");
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
	wait_settled(1);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_totals_are_the_population),
		cmocka_unit_test(text_as_ss),
		cmocka_unit_test(time_wait_counted),
	};

	netns_enter_or_skip();
	return harness_run_group(tests, setup, NULL);
}
