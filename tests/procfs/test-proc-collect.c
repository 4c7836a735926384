// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The collectors over whole files laid out as <root>/net/<file>:
 * real/ was recorded by tests/fixtures/procfs/capture.py in a private
 * network namespace (the inodes below are the ones it printed);
 * hostile/ mixes good lines with malformed ones; badheader/ holds files
 * whose first line is not the kernel's header.
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#include "procfs-test.h"

static void descriptors_say_what_they_read(void **state)
{
	const struct collector *all[] = {
		&procfs_tcp_collector,    &procfs_udp_collector,
		&procfs_raw_collector,    &procfs_unix_collector,
		&procfs_packet_collector, &procfs_netlink_collector,
	};

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		assert_string_equal(all[i]->name, "procfs");
		assert_int_equal(all[i]->source, SOCK_SOURCE_PROCFS);
		assert_non_null(all[i]->collect);
	}
	assert_int_equal(procfs_tcp_collector.family, AF_INET);
	assert_int_equal(procfs_tcp_collector.netids, 1u << SOCK_NETID_TCP);
	assert_int_equal(procfs_udp_collector.netids, 1u << SOCK_NETID_UDP);
	assert_int_equal(procfs_raw_collector.netids, 1u << SOCK_NETID_RAW);
	assert_int_equal(procfs_unix_collector.family, AF_UNIX);
	assert_int_equal(procfs_unix_collector.netids,
			 1u << SOCK_NETID_UNIX_STREAM |
				 1u << SOCK_NETID_UNIX_DGRAM |
				 1u << SOCK_NETID_UNIX_SEQPACKET);
	assert_int_equal(procfs_packet_collector.family, AF_PACKET);
	assert_int_equal(procfs_packet_collector.netids,
			 1u << SOCK_NETID_PACKET_RAW |
				 1u << SOCK_NETID_PACKET_DGRAM);
	assert_int_equal(procfs_netlink_collector.family, AF_NETLINK);
	assert_int_equal(procfs_netlink_collector.netids,
			 1u << SOCK_NETID_NETLINK);
}

static void real_tcp_is_every_socket(void **state)
{
	static struct got g;
	const struct sock_rec *r;
	size_t skipped;

	assert_int_equal(got_collect(&g, &procfs_tcp_collector, "real",
				     AF_INET, &skipped),
			 0);
	assert_int_equal(g.n, 5);
	assert_int_equal(skipped, 0);
	r = got_inode(&g, 1786819);
	assert_int_equal(r->state, SOCK_STATE_LISTEN);
	assert_int_equal(r->local_port, 7001);
	r = got_inode(&g, 1786821);
	assert_int_equal(r->recv_q, 10); /* the 10 bytes left unread */
	r = got_inode(&g, 0);
	assert_int_equal(r->state, SOCK_STATE_TIME_WAIT);
	assert_int_equal(r->local_port, 7010);
}

/* A row /proc gives twice (churn between two reads) is one socket, with an
 * inode or without one (TIME-WAIT: told apart by its two ends). */
static void repeated_tcp_rows_are_listed_once(void **state)
{
	static struct got g;
	size_t skipped, repeated;

	assert_int_equal(got_collect_counted(&g, &procfs_tcp_collector,
					     "repeated", AF_INET, &skipped,
					     &repeated),
			 0);
	assert_int_equal(skipped, 0);
	assert_int_equal(repeated, 3); /* said on stderr by the caller */
	assert_int_equal(g.n, 5);
	for (uint32_t ino = 1786819; ino <= 1786823; ino++)
		if (ino != 1786822)
			assert_true(got_has_inode(&g, ino));
	assert_int_equal(got_inode(&g, 0)->state, SOCK_STATE_TIME_WAIT);
}

static void real_tcp6_has_the_mapped_address(void **state)
{
	static const uint8_t mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0,
					   0, 0, 0xff, 0xff, 127, 0, 0, 1};
	static struct got g;
	const struct sock_rec *r;
	size_t skipped;

	assert_int_equal(got_collect(&g, &procfs_tcp_collector, "real",
				     AF_INET6, &skipped),
			 0);
	assert_int_equal(g.n, 4);
	r = got_inode(&g, 1786824);
	assert_int_equal(r->family, AF_INET6);
	assert_memory_equal(r->local_addr, mapped, 16);
	assert_int_equal(r->local_port, 7002);
	r = got_inode(&g, 0);
	assert_int_equal(r->state, SOCK_STATE_TIME_WAIT);
	assert_int_equal(r->local_port, 7011);
}

static void real_udp_and_raw(void **state)
{
	static struct got g;
	size_t skipped;

	assert_int_equal(got_collect(&g, &procfs_udp_collector, "real",
				     AF_INET, &skipped),
			 0);
	assert_int_equal(g.n, 2);
	assert_int_equal(got_inode(&g, 1786839)->state,
			 SOCK_STATE_ESTABLISHED);
	assert_int_equal(got_inode(&g, 1786839)->peer_port, 7004);

	memset(&g, 0, sizeof(g));
	assert_int_equal(got_collect(&g, &procfs_udp_collector, "real",
				     AF_INET6, &skipped),
			 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.rec[0].local_port, 7006);

	memset(&g, 0, sizeof(g));
	assert_int_equal(got_collect(&g, &procfs_raw_collector, "real",
				     AF_INET, &skipped),
			 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.rec[0].protocol, IPPROTO_ICMP);

	memset(&g, 0, sizeof(g));
	assert_int_equal(got_collect(&g, &procfs_raw_collector, "real",
				     AF_INET6, &skipped),
			 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.rec[0].protocol, IPPROTO_ICMPV6);
}

static void path_is(const struct sock_rec *r, const char *want, size_t len)
{
	assert_non_null(r->path);
	assert_int_equal(r->path_len, len);
	assert_memory_equal(r->path, want, len);
}

#define PATH_IS(r, s) path_is((r), (s), sizeof(s) - 1)

static void real_unix_drops_names_cut_by_newline(void **state)
{
	static struct got g;
	size_t skipped;

	assert_int_equal(got_collect(&g, &procfs_unix_collector, "real",
				     AF_UNIX, &skipped),
			 0);
	assert_int_equal(g.n, 9);
	/* "/tmp/sockscope-capture/new\nline.sock" and "\0nl\nafter": each a
	 * first half and a continuation */
	assert_int_equal(skipped, 4);
	assert_false(got_has_inode(&g, 1786847));
	assert_false(got_has_inode(&g, 1786848));

	PATH_IS(got_inode(&g, 1786843), "/tmp/sockscope-capture/listen.sock");
	assert_int_equal(got_inode(&g, 1786843)->state, SOCK_STATE_LISTEN);
	PATH_IS(got_inode(&g, 1786845),
		"/tmp/sockscope-capture/with two spaces.sock");
	PATH_IS(got_inode(&g, 1786846), "\0sockscope-abstract");
	assert_int_equal(got_inode(&g, 1786852)->netid,
			 SOCK_NETID_UNIX_SEQPACKET);
	assert_int_equal(got_inode(&g, 1786851)->netid, SOCK_NETID_UNIX_DGRAM);
	assert_null(got_inode(&g, 1786849)->path);
	/* the embryo: connected, no inode, the listener's name */
	assert_int_equal(got_inode(&g, 0)->state, SOCK_STATE_ESTABLISHED);
	PATH_IS(got_inode(&g, 0), "/tmp/sockscope-capture/listen.sock");
}

/*
 * Every table drops a socket given twice, counting it (issue 10, point
 * 15: main listed a unix socket twice under churn), and counts a line
 * whose inode was seen with another socket as malformed.
 * unix: three rows again (bound, unbound, the embryo told by its
 * pointer), the unbound one again bound to a name (bind() between two
 * reads moves it in the kernel's table), and another pointer under a
 * seen inode.
 */
static void repeated_unix_rows_are_listed_once(void **state)
{
	static struct got g;
	size_t skipped, repeated;

	assert_int_equal(got_collect_counted(&g, &procfs_unix_collector,
					     "repeated", AF_UNIX, &skipped,
					     &repeated),
			 0);
	assert_int_equal(repeated, 4);
	assert_int_equal(skipped, 1);
	assert_int_equal(g.n, 5);
	PATH_IS(got_inode(&g, 1786843), "/tmp/sockscope-capture/listen.sock");
	PATH_IS(got_inode(&g, 1786845),
		"/tmp/sockscope-capture/with two spaces.sock");
	assert_null(got_inode(&g, 1786850)->path); /* the first line's */
	PATH_IS(got_inode(&g, 0), "/tmp/sockscope-capture/listen.sock");
	PATH_IS(got_inode(&g, 1786846), "\0sockscope-abstract");
}

/* packet, netlink, udp: one row again, then another socket (another
 * pointer; for udp another local port) under a seen inode. */
static void repeated_rows_of_every_table(void **state)
{
	static const struct {
		const struct collector *c;
		int family;
		uint32_t inodes[2];
	} t[] = {
		{&procfs_packet_collector, AF_PACKET, {1786853, 1786854}},
		{&procfs_netlink_collector, AF_NETLINK, {1789402, 1789476}},
		{&procfs_udp_collector, AF_INET, {1786838, 1786839}},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		static struct got g;
		size_t skipped, repeated;

		memset(&g, 0, sizeof(g));
		assert_int_equal(got_collect_counted(&g, t[i].c, "repeated",
						     t[i].family, &skipped,
						     &repeated),
				 0);
		assert_int_equal(repeated, 1);
		assert_int_equal(skipped, 1);
		assert_int_equal(g.n, 2);
		assert_true(got_has_inode(&g, t[i].inodes[0]));
		assert_true(got_has_inode(&g, t[i].inodes[1]));
	}
}

/* The last line lacks its '\n': it is skipped (it may have been cut), but
 * the bound socket before it is whole and listed. */
static void unix_without_final_newline_keeps_complete_lines(void **state)
{
	static struct got g;
	size_t skipped;

	assert_int_equal(got_collect(&g, &procfs_unix_collector, "nonl",
				     AF_UNIX, &skipped),
			 0);
	assert_int_equal(skipped, 1);
	assert_int_equal(g.n, 3);
	PATH_IS(got_inode(&g, 1786843), "/tmp/sockscope-capture/listen.sock");
	assert_null(got_inode(&g, 1786844)->path);
	PATH_IS(got_inode(&g, 1786845),
		"/tmp/sockscope-capture/with two spaces.sock");
	assert_false(got_has_inode(&g, 1786846));
}

static void real_packet_and_netlink(void **state)
{
	static struct got g;
	size_t skipped;

	assert_int_equal(got_collect(&g, &procfs_packet_collector, "real",
				     AF_PACKET, &skipped),
			 0);
	assert_int_equal(g.n, 2);
	assert_int_equal(got_inode(&g, 1786853)->netid,
			 SOCK_NETID_PACKET_RAW);
	assert_int_equal(got_inode(&g, 1786854)->protocol, 0x0800);
	assert_int_equal(got_inode(&g, 1786854)->ifindex, 1);

	memset(&g, 0, sizeof(g));
	assert_int_equal(got_collect(&g, &procfs_netlink_collector, "real",
				     AF_NETLINK, &skipped),
			 0);
	assert_int_equal(g.n, 9);
	assert_int_equal(got_inode(&g, 1789476)->portid, 13774);
	assert_int_equal(got_inode(&g, 1789476)->groups, 0x11);
	assert_int_equal(skipped, 0);
}

static void hostile_tcp_keeps_only_good_lines(void **state)
{
	static struct got g;
	size_t skipped;

	assert_int_equal(got_collect(&g, &procfs_tcp_collector, "hostile",
				     AF_INET, &skipped),
			 0);
	assert_int_equal(g.n, 3);
	assert_true(got_has_inode(&g, 1786819));
	assert_true(got_has_inode(&g, 1786821));
	assert_true(got_has_inode(&g, 0));
	/* the last line parses but has no '\n': cut, so not trusted */
	assert_false(got_has_inode(&g, 1786999));
	/* 8 malformed lines, one over-long, one cut */
	assert_int_equal(skipped, 10);
}

static void hostile_tcp6_refuses_v4_width(void **state)
{
	static struct got g;
	size_t skipped;

	assert_int_equal(got_collect(&g, &procfs_tcp_collector, "hostile",
				     AF_INET6, &skipped),
			 0);
	assert_int_equal(g.n, 2);
	assert_int_equal(skipped, 1);
}

static void hostile_unix_never_shows_half_a_name(void **state)
{
	static struct got g;
	size_t skipped;

	assert_int_equal(got_collect(&g, &procfs_unix_collector, "hostile",
				     AF_UNIX, &skipped),
			 0);
	PATH_IS(got_inode(&g, 101), "/run/with three  spaces.sock");
	PATH_IS(got_inode(&g, 102), "\0abstract name");
	assert_true(got_has_inode(&g, 104));
	assert_true(got_has_inode(&g, 106));
	/* "/tmp/new\nline.sock", "\0\nrest", "\nstarts-with-newline.sock",
	 * "/tmp/two\n\nlines": never listed, not even as their first half */
	assert_false(got_has_inode(&g, 103));
	assert_false(got_has_inode(&g, 105));
	assert_false(got_has_inode(&g, 107));
	assert_false(got_has_inode(&g, 109));
	/* a good line before a cut last line is whole (issue 10, point 11:
	 * it was dropped as a possible first half); the cut one is not */
	PATH_IS(got_inode(&g, 110), "/tmp/last.sock");
	assert_false(got_has_inode(&g, 111));
	/*
	 * The documented limit: "/tmp/evil\n<a well-formed line>" cannot be
	 * told from two sockets. Pinned so a change is a decision.
	 */
	PATH_IS(got_inode(&g, 108), "/tmp/evil");
	PATH_IS(got_inode(&g, 99999), "/bin/true");
	assert_int_equal(g.n, 7);
	/* lines: 103+1, 105+1, 107+1, 109+2, the cut one */
	assert_int_equal(skipped, 10);
}

static void hostile_packet_and_netlink(void **state)
{
	static struct got g;
	size_t skipped;

	assert_int_equal(got_collect(&g, &procfs_packet_collector, "hostile",
				     AF_PACKET, &skipped),
			 0);
	assert_int_equal(g.n, 2);
	assert_int_equal(skipped, 2);

	memset(&g, 0, sizeof(g));
	assert_int_equal(got_collect(&g, &procfs_netlink_collector, "hostile",
				     AF_NETLINK, &skipped),
			 0);
	assert_int_equal(g.n, 2);
	assert_int_equal(skipped, 1);
}

static void wrong_headers_are_ebadmsg(void **state)
{
	static const struct {
		const struct collector *c;
		int family;
	} cases[] = {
		{&procfs_tcp_collector, AF_INET},  /* tcp6's header */
		{&procfs_tcp_collector, AF_INET6}, /* tcp's header */
		{&procfs_udp_collector, AF_INET},  /* plain text */
		{&procfs_udp_collector, AF_INET6}, /* udp's header */
		{&procfs_raw_collector, AF_INET},  /* empty */
		{&procfs_raw_collector, AF_INET6}, /* one word more */
		{&procfs_unix_collector, AF_UNIX}, /* one word less */
		{&procfs_packet_collector, AF_PACKET}, /* a Drops column */
		{&procfs_netlink_collector, AF_NETLINK}, /* packet's */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		static struct got g;
		size_t skipped;

		memset(&g, 0, sizeof(g));
		if (got_collect(&g, cases[i].c, "badheader", cases[i].family,
				&skipped) != -EBADMSG)
			fail_msg("case %zu: a wrong header was accepted", i);
		assert_int_equal(g.n, 0);
	}
}

static void missing_file_is_enoent(void **state)
{
	static struct got g;
	size_t skipped;

	/* hostile/ has no udp, raw or udp6 */
	assert_int_equal(got_collect(&g, &procfs_udp_collector, "hostile",
				     AF_INET, &skipped),
			 -ENOENT);
	assert_int_equal(got_collect(&g, &procfs_raw_collector, "hostile",
				     AF_INET6, &skipped),
			 -ENOENT);
}

static void other_families_are_eafnosupport(void **state)
{
	static struct got g;
	size_t skipped;

	assert_int_equal(got_collect(&g, &procfs_tcp_collector, "real",
				     AF_UNIX, &skipped),
			 -EAFNOSUPPORT);
}

static void emit_error_stops_and_is_returned(void **state)
{
	static struct got g;
	size_t skipped;

	memset(&g, 0, sizeof(g));
	g.fail_at = 2;
	assert_int_equal(got_collect(&g, &procfs_tcp_collector, "real",
				     AF_INET, &skipped),
			 -EPIPE);
	assert_int_equal(g.n, 1);

	/* the unix collector's held-back socket goes through emit too */
	memset(&g, 0, sizeof(g));
	g.fail_at = 9;
	assert_int_equal(got_collect(&g, &procfs_unix_collector, "real",
				     AF_UNIX, &skipped),
			 -EPIPE);
	assert_int_equal(g.n, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(descriptors_say_what_they_read),
		cmocka_unit_test(real_tcp_is_every_socket),
		cmocka_unit_test(repeated_tcp_rows_are_listed_once),
		cmocka_unit_test(repeated_unix_rows_are_listed_once),
		cmocka_unit_test(repeated_rows_of_every_table),
		cmocka_unit_test(real_tcp6_has_the_mapped_address),
		cmocka_unit_test(real_udp_and_raw),
		cmocka_unit_test(real_unix_drops_names_cut_by_newline),
		cmocka_unit_test(unix_without_final_newline_keeps_complete_lines),
		cmocka_unit_test(real_packet_and_netlink),
		cmocka_unit_test(hostile_tcp_keeps_only_good_lines),
		cmocka_unit_test(hostile_tcp6_refuses_v4_width),
		cmocka_unit_test(hostile_unix_never_shows_half_a_name),
		cmocka_unit_test(hostile_packet_and_netlink),
		cmocka_unit_test(wrong_headers_are_ebadmsg),
		cmocka_unit_test(missing_file_is_enoent),
		cmocka_unit_test(other_families_are_eafnosupport),
		cmocka_unit_test(emit_error_stops_and_is_returned),
	};

	return harness_run_group(tests, NULL, NULL);
}
