// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --protocol-stats against the kernel, in a private network namespace:
 * its counters are the namespace's own, so each connection the test makes
 * moves them by exactly what it did.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include "actions-test.h"
#include "conn.h"
#include "jdoc.h"
#include "netns.h"
#include "spawn.h"

static json_object *stats(void)
{
	struct spawn_result r = spawn_sockscope(SPAWN_STDOUT_PIPE,
						"--protocol-stats", "-j", NULL);
	json_object *o;

	if (!r.exited || r.status != 0 || r.err_len)
		fail_msg("status %d, stderr %s", r.status, r.err);
	o = jdoc_parse(r.out, r.out_len);
	spawn_result_done(&r);
	return o;
}

static void connect_moves_tcp_counters(void **state)
{
	json_object *a = stats(), *b;
	struct conn c;

	conn_open(&c, AF_INET);
	b = stats();
	assert_int_equal(jdoc_int(b, "protocols.Tcp.ActiveOpens"),
			 jdoc_int(a, "protocols.Tcp.ActiveOpens") + 1);
	assert_int_equal(jdoc_int(b, "protocols.Tcp.PassiveOpens"),
			 jdoc_int(a, "protocols.Tcp.PassiveOpens") + 1);
	assert_int_equal(jdoc_int(b, "protocols.Tcp.CurrEstab"),
			 jdoc_int(a, "protocols.Tcp.CurrEstab") + 2);
	/* The one signed counter keeps its sign. */
	assert_int_equal(jdoc_int(b, "protocols.Tcp.MaxConn"), -1);
	json_object_put(a);
	json_object_put(b);
	conn_close(&c);
}

static void udp6_datagram_counted(void **state)
{
	json_object *a = stats(), *b;
	uint16_t port;
	int u = conn_udp(AF_INET6, &port);
	struct sockaddr_in6 to = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(port),
		.sin6_addr = IN6ADDR_LOOPBACK_INIT,
	};
	char byte;

	assert_int_equal(sendto(u, "x", 1, 0, (void *)&to,
				sizeof(to)),
			 1);
	assert_int_equal(recv(u, &byte, 1, 0), 1);
	b = stats();
	assert_int_equal(jdoc_int(b, "protocols.Udp6.OutDatagrams"),
			 jdoc_int(a, "protocols.Udp6.OutDatagrams") + 1);
	assert_int_equal(jdoc_int(b, "protocols.Udp6.InDatagrams"),
			 jdoc_int(a, "protocols.Udp6.InDatagrams") + 1);
	json_object_put(a);
	json_object_put(b);
	close(u);
}

static void text_lists_the_same_counters(void **state)
{
	json_object *o = stats();
	struct spawn_result r = spawn_sockscope(SPAWN_STDOUT_PIPE,
						"--protocol-stats", NULL);
	char want[64];

	assert_true(r.exited && r.status == 0);
	/* No socket opened or closed in between: the same values. */
	snprintf(want, sizeof(want), "\n    ActiveOpens: %lld\n",
		 (long long)jdoc_int(o, "protocols.Tcp.ActiveOpens"));
	assert_non_null(strstr(r.out, want));
	assert_non_null(strstr(r.out, "\nTcp:\n    RtoAlgorithm: "));
	assert_non_null(strstr(r.out, "\nTcpExt:\n"));
	assert_non_null(strstr(r.out, "\nIp6:\n"));
	json_object_put(o);
	spawn_result_done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(connect_moves_tcp_counters),
		cmocka_unit_test(udp6_datagram_counted),
		cmocka_unit_test(text_lists_the_same_counters),
	};

	netns_enter_or_skip();
	return harness_run_group(tests, NULL, NULL);
}
