// SPDX-License-Identifier: GPL-2.0-or-later
/* The totals of -s (src/summary.c): what sockstat gives, what the TCP
 * dump adds. */
#include <sys/socket.h>

#include "actions-test.h"

#include "src/commands/summary.h"

static void add(struct counters *set, const char *proto, const char *name,
		uint64_t v)
{
	struct procfs_counter c = {
		.proto = proto,
		.proto_len = strlen(proto),
		.name = name,
		.name_len = strlen(name),
		.value = v,
	};

	assert_int_equal(counters_add(set, &c), 0);
}

static void sockstat4(struct counters *v4)
{
	add(v4, "sockets", "used", 40);
	add(v4, "TCP", "inuse", 3);
	add(v4, "TCP", "orphan", 999); /* system-wide: not used */
	add(v4, "TCP", "tw", 9);
	add(v4, "UDP", "inuse", 2);
	add(v4, "RAW", "inuse", 1);
	add(v4, "FRAG", "inuse", 4);
}

static void sockstat6(struct counters *v6)
{
	add(v6, "TCP6", "inuse", 5);
	add(v6, "UDP6", "inuse", 6);
	add(v6, "RAW6", "inuse", 7);
	add(v6, "FRAG6", "inuse", 8);
}

static void in_use_counts_from_both_files(void **state)
{
	struct counters v4 = {0}, v6 = {0};
	struct summary s = {0};

	sockstat4(&v4);
	sockstat6(&v6);
	assert_int_equal(summary_set_sockstat(&s, &v4, &v6), 0);
	assert_int_equal(s.sockets, 40);
	assert_int_equal(s.tcp.ipv4, 3);
	assert_int_equal(s.tcp.ipv6, 5);
	assert_int_equal(s.udp.ipv4, 2);
	assert_int_equal(s.udp.ipv6, 6);
	assert_int_equal(s.raw.ipv4, 1);
	assert_int_equal(s.raw.ipv6, 7);
	assert_int_equal(s.frag.ipv4, 4);
	assert_int_equal(s.frag.ipv6, 8);
	assert_true(s.has_ipv6);
	assert_int_equal(s.tcp_timewait, 9);
	/* The TCP total and orphans are the dump's. */
	assert_int_equal(s.tcp_total, 0);
	assert_int_equal(s.tcp_orphaned, 0);
	counters_done(&v4);
	counters_done(&v6);
}

static void no_ipv6_file_leaves_ipv6_zero(void **state)
{
	struct counters v4 = {0};
	struct summary s = {0};

	sockstat4(&v4);
	assert_int_equal(summary_set_sockstat(&s, &v4, NULL), 0);
	assert_false(s.has_ipv6);
	assert_int_equal(s.tcp.ipv6 + s.udp.ipv6 + s.raw.ipv6 + s.frag.ipv6,
			 0);
	assert_int_equal(s.udp.ipv4, 2);
	counters_done(&v4);
}

static void missing_count_refused(void **state)
{
	struct counters v4 = {0}, v6 = {0};
	struct summary s = {0};

	add(&v4, "sockets", "used", 1);
	add(&v4, "TCP", "inuse", 1);
	add(&v4, "UDP", "inuse", 1);
	add(&v4, "RAW", "inuse", 1);
	/* no FRAG */
	assert_int_equal(summary_set_sockstat(&s, &v4, NULL), -EBADMSG);
	add(&v4, "FRAG", "inuse", 0);
	/* no TCP tw */
	assert_int_equal(summary_set_sockstat(&s, &v4, NULL), -EBADMSG);
	add(&v4, "TCP", "tw", 0);
	assert_int_equal(summary_set_sockstat(&s, &v4, NULL), 0);
	add(&v6, "TCP6", "inuse", 1); /* and nothing else */
	assert_int_equal(summary_set_sockstat(&s, &v4, &v6), -EBADMSG);
	counters_done(&v4);
	counters_done(&v6);
}

static void negative_count_refused(void **state)
{
	struct counters v4 = {0};
	struct summary s = {0};
	struct procfs_counter neg = {
		.proto = "sockets", .proto_len = 7,
		.name = "used", .name_len = 4,
		.value = 1, .negative = true,
	};

	assert_int_equal(counters_add(&v4, &neg), 0);
	add(&v4, "TCP", "inuse", 1);
	add(&v4, "UDP", "inuse", 1);
	add(&v4, "RAW", "inuse", 1);
	add(&v4, "FRAG", "inuse", 1);
	assert_int_equal(summary_set_sockstat(&s, &v4, NULL), -EBADMSG);
	counters_done(&v4);
}

static void estab_is_curr_estab(void **state)
{
	struct counters snmp = {0};
	struct summary s = {0};

	add(&snmp, "Tcp", "ActiveOpens", 3);
	assert_int_equal(summary_set_snmp(&s, &snmp), -EBADMSG);
	add(&snmp, "Tcp", "CurrEstab", 8);
	assert_int_equal(summary_set_snmp(&s, &snmp), 0);
	assert_int_equal(s.tcp_estab, 8);
	counters_done(&snmp);
}

/* sockstat prints "%d": a count of 2^64-1 (or 2^31) is malformed input,
 * never summed into a wrapped INET total; 2^31-1 is still a count. */
static void impossible_count_refused(void **state)
{
	static const uint64_t bad[] = {UINT64_MAX, (uint64_t)INT32_MAX + 1};

	for (size_t i = 0; i < 2; i++) {
		struct counters v4 = {0}, v6 = {0};
		struct summary s = {0};

		sockstat4(&v4);
		add(&v6, "TCP6", "inuse", bad[i]);
		add(&v6, "UDP6", "inuse", 6);
		add(&v6, "RAW6", "inuse", 7);
		add(&v6, "FRAG6", "inuse", 8);
		assert_int_equal(summary_set_sockstat(&s, &v4, &v6), -ERANGE);
		counters_done(&v4);
		counters_done(&v6);
	}
	for (size_t i = 0; i < 2; i++) {
		struct counters v4 = {0};
		struct summary s = {0};

		add(&v4, "sockets", "used", 1);
		add(&v4, "TCP", "inuse", 1);
		add(&v4, "TCP", "tw", 0);
		add(&v4, "UDP", "inuse", i ? (uint64_t)INT32_MAX : bad[0]);
		add(&v4, "RAW", "inuse", 1);
		add(&v4, "FRAG", "inuse", 1);
		assert_int_equal(summary_set_sockstat(&s, &v4, NULL),
				 i ? 0 : -ERANGE);
		if (i)
			assert_int_equal(s.udp.ipv4, INT32_MAX);
		counters_done(&v4);
	}
}

static struct sock_rec tcp(unsigned state, uint32_t inode)
{
	return (struct sock_rec){
		.netid = SOCK_NETID_TCP,
		.family = AF_INET,
		.state = (uint8_t)state,
		.inode = inode,
	};
}

static void tcp_line_counts_the_dump(void **state)
{
	struct summary s = {0};
	struct sock_rec udp = tcp(SOCK_STATE_ESTABLISHED, 1);
	struct sock_rec recs[] = {
		tcp(SOCK_STATE_LISTEN, 10),
		tcp(SOCK_STATE_ESTABLISHED, 11),
		tcp(SOCK_STATE_ESTABLISHED, 0), /* not accepted yet */
		tcp(SOCK_STATE_TIME_WAIT, 0),
		tcp(SOCK_STATE_TIME_WAIT, 0),
		tcp(SOCK_STATE_CLOSE, 12),
		tcp(SOCK_STATE_FIN_WAIT1, 0),   /* orphans: closed by */
		tcp(SOCK_STATE_LAST_ACK, 0),    /* their process, still */
		tcp(SOCK_STATE_CLOSING, 0),     /* going */
		tcp(SOCK_STATE_FIN_WAIT2, 0),
		tcp(SOCK_STATE_FIN_WAIT2, 13),  /* still held: no orphan */
		tcp(SOCK_STATE_SYN_RECV, 0),
		tcp(SOCK_STATE_FIN_WAIT2, 0),   /* a timewait socket: */
	};

	udp.netid = SOCK_NETID_UDP;
	summary_add_sock(&s, &udp); /* not TCP: not counted */
	for (size_t i = 0; i + 1 < sizeof(recs) / sizeof(recs[0]); i++)
		summary_add_sock(&s, &recs[i]);
	/* ...which the kernel's orphan count has let go too */
	recs[12].detail.timer = SOCK_TIMER_TIMEWAIT;
	summary_add_sock(&s, &recs[12]);
	assert_int_equal(s.tcp_total, 13);
	assert_int_equal(s.tcp_states[SOCK_STATE_ESTABLISHED], 2);
	assert_int_equal(s.tcp_states[SOCK_STATE_TIME_WAIT], 2);
	assert_int_equal(s.tcp_states[SOCK_STATE_CLOSE], 1);
	assert_int_equal(s.tcp_states[SOCK_STATE_FIN_WAIT2], 3);
	assert_int_equal(s.tcp_orphaned, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(in_use_counts_from_both_files),
		cmocka_unit_test(no_ipv6_file_leaves_ipv6_zero),
		cmocka_unit_test(missing_count_refused),
		cmocka_unit_test(negative_count_refused),
		cmocka_unit_test(estab_is_curr_estab),
		cmocka_unit_test(impossible_count_refused),
		cmocka_unit_test(tcp_line_counts_the_dump),
	};

	return harness_run_group(tests, NULL, NULL);
}
