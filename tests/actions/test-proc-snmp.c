// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The counter file parsers (procfs/proc-snmp.c) over files recorded from
 * a kernel (tests/fixtures/actions/stats) and over hand-made bad ones, and
 * the counter set that groups what they read (src/counters.c).
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "actions-test.h"

#include "src/commands/counters.h"
#include "procfs/proc-snmp.h"

typedef int (*parse_fn)(const char *buf, size_t len, procfs_counter_fn cb,
			void *userdata);

static struct counters set;

static int teardown(void **state)
{
	counters_done(&set);
	return 0;
}

/* Parses the recorded file @name with @parse into the set. */
static void load(const char *name, parse_fn parse)
{
	char *buf;
	size_t len;

	assert_int_equal(procfs_stats_read(actions_fixture("stats"), name,
					   &buf, &len),
			 0);
	assert_int_equal(strlen(buf), len);
	assert_int_equal(parse(buf, len, counters_add_cb, &set), 0);
	free(buf);
}

/* Parses the text @s with @parse into the set; returns the parse's. */
static int parse_text(parse_fn parse, const char *s)
{
	counters_done(&set);
	return parse(s, strlen(s), counters_add_cb, &set);
}

static const struct counter_group *group(const char *proto)
{
	for (size_t i = 0; i < set.n; i++)
		if (strcmp(set.groups[i].proto, proto) == 0)
			return &set.groups[i];
	fail_msg("no group %s", proto);
	return NULL;
}

static void assert_value(const char *proto, const char *name, bool negative,
			 uint64_t v)
{
	const struct counter *c = counters_get(&set, proto, name);

	if (!c)
		fail_msg("no counter %s.%s", proto, name);
	assert_int_equal(c->negative, negative);
	assert_int_equal(c->value, v);
}

static void snmp_recorded(void **state)
{
	load("snmp", procfs_snmp_parse);
	/* The five protocols of the file, in its order, whole. */
	assert_int_equal(set.n, 5);
	assert_string_equal(set.groups[0].proto, "Ip");
	assert_string_equal(set.groups[1].proto, "Icmp");
	assert_string_equal(set.groups[2].proto, "Tcp");
	assert_string_equal(set.groups[3].proto, "Udp");
	assert_string_equal(set.groups[4].proto, "UdpLite");
	assert_int_equal(group("Ip")->n, 20);
	assert_int_equal(group("Icmp")->n, 29);
	assert_int_equal(group("Tcp")->n, 15);
	assert_string_equal(group("Tcp")->v[0].name, "RtoAlgorithm");
	assert_string_equal(group("Tcp")->v[14].name, "InCsumErrors");
	assert_value("Ip", "Forwarding", false, 2);
	assert_value("Ip", "DefaultTTL", false, 64);
	assert_value("Tcp", "RtoMax", false, 120000);
	/* "%ld": the one negative counter the kernel has. */
	assert_value("Tcp", "MaxConn", true, 1);
	/* The capture made two connections, accepted both. */
	assert_value("Tcp", "ActiveOpens", false, 2);
	assert_value("Tcp", "PassiveOpens", false, 2);
	assert_value("Tcp", "CurrEstab", false, 2);
}

static void netstat_recorded(void **state)
{
	load("netstat", procfs_snmp_parse);
	assert_int_equal(set.n, 3);
	assert_int_equal(group("TcpExt")->n, 135);
	assert_int_equal(group("IpExt")->n, 18);
	assert_int_equal(group("MPTcpExt")->n, 76);
	/* The capture left one connection in TIME-WAIT. */
	assert_value("TcpExt", "TW", false, 1);
	assert_string_equal(group("TcpExt")->v[0].name, "SyncookiesSent");
}

static void snmp6_recorded(void **state)
{
	load("snmp6", procfs_snmp6_parse);
	/* Grouped by the name up to its '6'. */
	assert_int_equal(set.n, 4);
	assert_string_equal(set.groups[0].proto, "Ip6");
	assert_string_equal(set.groups[1].proto, "Icmp6");
	assert_string_equal(set.groups[2].proto, "Udp6");
	assert_string_equal(set.groups[3].proto, "UdpLite6");
	assert_int_equal(group("Ip6")->n + group("Icmp6")->n +
				 group("Udp6")->n + group("UdpLite6")->n,
			 86);
	assert_value("Ip6", "InReceives", false, 7);
	assert_string_equal(group("Udp6")->v[0].name, "InDatagrams");
}

static void sockstat_recorded(void **state)
{
	load("sockstat", procfs_sockstat_parse);
	assert_value("sockets", "used", false, 9);
	assert_value("TCP", "inuse", false, 3);
	assert_value("TCP", "tw", false, 1);
	assert_value("TCP", "mem", false, 129);
	assert_value("UDP", "inuse", false, 2);
	assert_value("FRAG", "memory", false, 0);
	assert_int_equal(group("TCP")->n, 5);
	load("sockstat6", procfs_sockstat_parse);
	assert_value("TCP6", "inuse", false, 1);
	assert_value("UDP6", "inuse", false, 1);
}

static void snmp_protocol_in_several_pairs_is_one_group(void **state)
{
	/* IcmpMsg comes 16 counters a pair when there are more. */
	assert_int_equal(parse_text(procfs_snmp_parse,
				    "IcmpMsg: InType3 InType8\n"
				    "IcmpMsg: 4 5\n"
				    "Tcp: ActiveOpens\n"
				    "Tcp: 1\n"
				    "IcmpMsg: OutType0\n"
				    "IcmpMsg: 6\n"),
			 0);
	assert_int_equal(set.n, 2);
	assert_int_equal(group("IcmpMsg")->n, 3);
	assert_value("IcmpMsg", "OutType0", false, 6);
}

static void snmp_extreme_values(void **state)
{
	assert_int_equal(parse_text(procfs_snmp_parse,
				    "X: Max Min Zero\n"
				    "X: 18446744073709551615 "
				    "-9223372036854775808 0\n"),
			 0);
	assert_value("X", "Max", false, UINT64_MAX);
	assert_value("X", "Min", true, (uint64_t)INT64_MAX + 1);
	assert_value("X", "Zero", false, 0);
}

static void snmp_malformed_refused(void **state)
{
	static const char *const bad[] = {
		"",
		"Tcp: A B\nTcp: 1 2",              /* last line cut */
		"Tcp: A B\n",                      /* no values */
		"Tcp: A B\nUdp: 1 2\n",            /* another protocol */
		"Tcp: A B\nTcp: 1\n",              /* a value short */
		"Tcp: A B\nTcp: 1 2 3\n",          /* a value over */
		"Tcp:\nTcp:\n",                    /* no counter */
		"Tcp: A\nTcp: +1\n",               /* a sign "%lu" never writes */
		"Tcp: A\nTcp: 01\n",               /* a leading zero */
		"Tcp: A\nTcp: -0\n",
		"Tcp: A\nTcp: 0x1\n",
		"Tcp: A\nTcp: 18446744073709551616\n", /* past 64 bits */
		"Tcp: A\nTcp: -9223372036854775809\n",
		"Tcp: A\nTcp: 1\t\n",              /* a tab is no separator */
		"Tcp: A-B\nTcp: 1\n",              /* a name the kernel has not */
		"Tcp: 1A\nTcp: 1\n",
		"Tcp A\nTcp 1\n",                  /* no colon */
		"T.p: A\nT.p: 1\n",
		"Tcp: A\nTcp: 1\nUdp: B\n",        /* a pair cut short */
		"Tcp: A A\nTcp: 1 2\n",            /* a counter twice */
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (parse_text(procfs_snmp_parse, bad[i]) != -EBADMSG)
			fail_msg("accepted: \"%s\"", bad[i]);
}

static void snmp_pair_with_bad_value_delivers_nothing(void **state)
{
	assert_int_equal(parse_text(procfs_snmp_parse,
				    "Ip: A\nIp: 1\nTcp: B C\nTcp: 1 x\n"),
			 -EBADMSG);
	/* The pair before it, not a piece of the bad one. */
	assert_int_equal(set.n, 1);
	assert_string_equal(set.groups[0].proto, "Ip");
}

static int stop_at_second(const struct procfs_counter *c, void *userdata)
{
	unsigned *calls = userdata;

	return ++*calls == 2 ? -EPIPE : 0;
}

static void callback_stops_every_parser(void **state)
{
	unsigned calls = 0;

	assert_int_equal(procfs_snmp_parse("T: A B C\nT: 1 2 3\n", 18,
					   stop_at_second, &calls),
			 -EPIPE);
	assert_int_equal(calls, 2);
	calls = 0;
	assert_int_equal(procfs_snmp6_parse("Ip6A 1\nIp6B 2\nIp6C 3\n", 21,
					    stop_at_second, &calls),
			 -EPIPE);
	assert_int_equal(calls, 2);
	calls = 0;
	assert_int_equal(procfs_sockstat_parse("TCP: a 1 b 2 c 3\n", 17,
					       stop_at_second, &calls),
			 -EPIPE);
	assert_int_equal(calls, 2);
}

static void snmp6_names_split_at_their_six(void **state)
{
	assert_int_equal(parse_text(procfs_snmp6_parse,
				    "Icmp6OutType133                 \t4\n"
				    "UdpLite6InDatagrams\t0\n"
				    "Ip6InOctets 123\n"),
			 0);
	assert_value("Icmp6", "OutType133", false, 4);
	assert_value("UdpLite6", "InDatagrams", false, 0);
	assert_value("Ip6", "InOctets", false, 123);
}

static void snmp6_malformed_refused(void **state)
{
	static const char *const bad[] = {
		"",
		"Ip6InReceives\t1",       /* last line cut */
		"Ip6InReceives\n",        /* no value */
		"Ip6InReceives\t\n",
		"Ip6InReceives1\n",       /* no blank */
		"IpInReceives\t1\n",      /* no '6' */
		"6InReceives\t1\n",       /* nothing before it */
		"Ip6\t1\n",               /* nothing after it */
		"Ip46InReceives\t1\n",    /* a digit before the '6' */
		"Ip6InReceives\t1 2\n",   /* a second value */
		"Ip6InReceives\t01\n",
		"Ip6In-Receives\t1\n",
		"\t1\n",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (parse_text(procfs_snmp6_parse, bad[i]) != -EBADMSG)
			fail_msg("accepted: \"%s\"", bad[i]);
}

static void sockstat_malformed_refused(void **state)
{
	static const char *const bad[] = {
		"",
		"TCP: inuse 1",            /* last line cut */
		"TCP: inuse\n",            /* a name without value */
		"TCP: inuse 1 orphan\n",
		"TCP:\n",                  /* nothing */
		"TCP inuse 1\n",           /* no colon */
		"TCP: 1 inuse\n",          /* value, then name */
		"TCP: inuse x\n",
		"TCP: inuse 1 inuse 2\n",  /* a counter twice */
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (parse_text(procfs_sockstat_parse, bad[i]) != -EBADMSG)
			fail_msg("accepted: \"%s\"", bad[i]);
}

static void counters_lookup(void **state)
{
	uint64_t v = 77;

	assert_int_equal(parse_text(procfs_snmp_parse,
				    "Tcp: MaxConn ActiveOpens\n"
				    "Tcp: -1 5\n"
				    "Udp: ActiveOpens\n"
				    "Udp: 9\n"),
			 0);
	/* The same name under two protocols is two counters. */
	assert_int_equal(counters_get_u64(&set, "Tcp", "ActiveOpens", &v), 0);
	assert_int_equal(v, 5);
	assert_int_equal(counters_get_u64(&set, "Udp", "ActiveOpens", &v), 0);
	assert_int_equal(v, 9);
	assert_int_equal(counters_get_u64(&set, "Tcp", "MaxConn", &v),
			 -ERANGE);
	assert_int_equal(counters_get_u64(&set, "Tcp", "Nope", &v), -ENOENT);
	assert_int_equal(counters_get_u64(&set, "Nope", "MaxConn", &v),
			 -ENOENT);
	assert_int_equal(v, 9); /* untouched on failure */
	assert_null(counters_get(&set, "tcp", "ActiveOpens"));
}

static void read_refuses_missing_and_huge(void **state)
{
	char dir[] = "/tmp/sockscope-snmp-XXXXXX", path[4096];
	char *buf = NULL;
	size_t len = 0;
	int fd;

	assert_int_equal(procfs_stats_read(actions_fixture("noipv6"),
					   "snmp6", &buf, &len),
			 -ENOENT);
	assert_null(buf);

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/net", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/net/snmp", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, PROCFS_STATS_FILE_MAX + 1), 0);
	close(fd);
	assert_int_equal(procfs_stats_read(dir, "snmp", &buf, &len), -EFBIG);
	assert_null(buf);
	/* One byte less is still a file we read. */
	assert_int_equal(truncate(path, PROCFS_STATS_FILE_MAX), 0);
	assert_int_equal(procfs_stats_read(dir, "snmp", &buf, &len), 0);
	assert_int_equal(len, PROCFS_STATS_FILE_MAX);
	free(buf);
	unlink(path);
	snprintf(path, sizeof(path), "%s/net", dir);
	rmdir(path);
	rmdir(dir);
}

/* "P: C0 C1 ... C<n-1>\nP: 0 1 ... n-1\n", with counter @repeat (if
 * below @n) named as counter 0. Malloc'ed. */
static char *big_pair(const char *proto, size_t n, size_t repeat)
{
	size_t cap = 32 * n + 64, len = 0;
	char *s = malloc(cap);

	assert_non_null(s);
	len += (size_t)snprintf(s + len, cap - len, "%s:", proto);
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len, " C%zu",
					i == repeat ? (size_t)0 : i);
	len += (size_t)snprintf(s + len, cap - len, "\n%s:", proto);
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len, " %zu", i);
	snprintf(s + len, cap - len, "\n");
	return s;
}

/* 90,000 counters in one group (an 800 KB net/snmp): all kept in order;
 * one repeat anywhere, even last, is found. The check hashes: main's
 * scanned the group for each counter and took 12 s on this input. */
static void huge_group_checked_for_repeats(void **state)
{
	enum { N = 90000 };
	char *s = big_pair("Tcp", N, N), name[16];

	assert_int_equal(parse_text(procfs_snmp_parse, s), 0);
	assert_int_equal(set.n, 1);
	assert_int_equal(set.groups[0].n, N);
	for (size_t i = 0; i < N; i += 997) {
		snprintf(name, sizeof(name), "C%zu", i);
		assert_string_equal(set.groups[0].v[i].name, name);
		assert_int_equal(set.groups[0].v[i].value, i);
	}
	free(s);
	for (size_t at = 1; at < N; at += N / 3 + 1) {
		s = big_pair("Tcp", N, at == 1 ? N - 1 : at);
		if (parse_text(procfs_snmp_parse, s) != -EBADMSG)
			fail_msg("repeat at %zu not found", at);
		free(s);
	}
}

/* The same name in two protocols is no repeat; in two pairs of one
 * protocol it is. Groups keep the order of first appearance. */
static void repeats_are_per_protocol(void **state)
{
	assert_int_equal(parse_text(procfs_snmp_parse,
				    "Udp: A B\nUdp: 1 2\nIp: B A\nIp: 3 4\n"
				    "Udp: C\nUdp: 5\n"),
			 0);
	assert_int_equal(set.n, 2);
	assert_string_equal(set.groups[0].proto, "Udp");
	assert_int_equal(set.groups[0].n, 3);
	assert_string_equal(set.groups[0].v[2].name, "C");
	assert_int_equal(set.groups[0].v[2].value, 5);
	assert_string_equal(set.groups[1].proto, "Ip");
	assert_string_equal(set.groups[1].v[0].name, "B");
	assert_int_equal(parse_text(procfs_snmp_parse,
				    "Udp: A B\nUdp: 1 2\nIp: A\nIp: 3\n"
				    "Udp: C B\nUdp: 5 6\n"),
			 -EBADMSG);
}

/* 20,000 protocols of one counter each: grouped in order, no repeat. */
static void many_groups_in_order(void **state)
{
	enum { N = 20000 };
	size_t cap = 40 * N, len = 0;
	char *s = malloc(cap), proto[16];

	assert_non_null(s);
	for (size_t i = 0; i < N; i++)
		len += (size_t)snprintf(s + len, cap - len,
					"P%zu: A\nP%zu: %zu\n", i, i, i);
	assert_int_equal(parse_text(procfs_snmp_parse, s), 0);
	assert_int_equal(set.n, N);
	for (size_t i = 0; i < N; i += 331) {
		snprintf(proto, sizeof(proto), "P%zu", i);
		assert_string_equal(set.groups[i].proto, proto);
		assert_int_equal(set.groups[i].v[0].value, i);
	}
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(snmp_recorded, teardown),
		cmocka_unit_test_teardown(netstat_recorded, teardown),
		cmocka_unit_test_teardown(snmp6_recorded, teardown),
		cmocka_unit_test_teardown(sockstat_recorded, teardown),
		cmocka_unit_test_teardown(
			snmp_protocol_in_several_pairs_is_one_group, teardown),
		cmocka_unit_test_teardown(snmp_extreme_values, teardown),
		cmocka_unit_test_teardown(snmp_malformed_refused, teardown),
		cmocka_unit_test_teardown(
			snmp_pair_with_bad_value_delivers_nothing, teardown),
		cmocka_unit_test(callback_stops_every_parser),
		cmocka_unit_test_teardown(snmp6_names_split_at_their_six,
					  teardown),
		cmocka_unit_test_teardown(snmp6_malformed_refused, teardown),
		cmocka_unit_test_teardown(sockstat_malformed_refused,
					  teardown),
		cmocka_unit_test_teardown(counters_lookup, teardown),
		cmocka_unit_test_teardown(huge_group_checked_for_repeats,
					  teardown),
		cmocka_unit_test_teardown(repeats_are_per_protocol, teardown),
		cmocka_unit_test_teardown(many_groups_in_order, teardown),
		cmocka_unit_test(read_refuses_missing_and_huge),
	};

	return harness_run_group(tests, NULL, NULL);
}
