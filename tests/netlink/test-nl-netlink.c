// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nl_netlink_parse over replies built as net/netlink/diag.c builds them,
 * and over netlink-dump.bin, a dump a real kernel sent.
 */
#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/netlink_diag.h>

#include "nltest.h"

static struct netlink_diag_msg msg(void)
{
	return (struct netlink_diag_msg){
		.ndiag_family = AF_NETLINK,
		.ndiag_type = SOCK_RAW,
		.ndiag_protocol = NETLINK_ROUTE,
		.ndiag_state = 1, /* NETLINK_CONNECTED: ss shows UNCONN anyway,
				   * and the peer as group:portid */
		.ndiag_portid = 4242,
		.ndiag_dst_portid = 77,
		.ndiag_dst_group = 3,
		.ndiag_ino = 31337,
		.ndiag_cookie = {0xabc, 0},
	};
}

static void parse_fills_every_field(void **state)
{
	/* The kernel's bitmap: unsigned longs, groups 1, 5 and 40. */
	unsigned long groups[2] = {0x11, 0};
	struct nlbuf nb = {0};
	struct netlink_diag_msg m = msg();
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	groups[(40 - 1) / (8 * sizeof(long))] |= 1ul
						 << ((40 - 1) %
						     (8 * sizeof(long)));
	nlt_meminfo(nlh, NETLINK_DIAG_MEMINFO, 832, 64);
	mnl_attr_put(nlh, NETLINK_DIAG_GROUPS, sizeof(groups), groups);
	assert_int_equal(nl_netlink_parse(nlh, &r), 0);
	assert_int_equal(r.netid, SOCK_NETID_NETLINK);
	assert_int_equal(r.source, SOCK_SOURCE_NETLINK);
	assert_int_equal(r.family, AF_NETLINK);
	assert_int_equal(r.state, SOCK_STATE_CLOSE);
	assert_int_equal(r.protocol, NETLINK_ROUTE);
	assert_int_equal(r.portid, 4242);
	assert_int_equal(r.dst_portid, 77);
	assert_int_equal(r.dst_group, 3);
	assert_true(r.nl_connected);
	assert_int_equal(r.groups, 0x11); /* group 40 is past the first 32 */
	assert_int_equal(r.inode, 31337);
	assert_true(r.cookie == 0xabc);
	assert_true(r.has_cookie);
	assert_int_equal(r.recv_q, 832);
	assert_int_equal(r.send_q, 64);
	assert_false(r.has_uid); /* netlink_diag does not say */
	assert_int_equal(r.v6only, -1);
	assert_null(r.path);
	assert_int_equal(r.ifindex, 0);
}

static void parse_without_attributes(void **state)
{
	struct nlbuf nb = {0};
	struct netlink_diag_msg m = msg();
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	assert_int_equal(nl_netlink_parse(nlh, &r), 0);
	assert_int_equal(r.groups, 0);
	assert_int_equal(r.recv_q, 0);
	assert_int_equal(r.send_q, 0);
}

static void parse_groups_of_any_whole_words(void **state)
{
	static const uint32_t one[1] = {0x80000001};
	struct nlbuf nb = {0};
	struct netlink_diag_msg m = msg();
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	/* A 32-bit kernel sends 4-byte longs. */
	mnl_attr_put(nlh, NETLINK_DIAG_GROUPS, sizeof(one), one);
	assert_int_equal(nl_netlink_parse(nlh, &r), 0);
	assert_int_equal(r.groups, 0x80000001);

	nb = (struct nlbuf){0};
	nlh = nlt_diag(&nb, &m, sizeof(m));
	mnl_attr_put(nlh, NETLINK_DIAG_GROUPS, 0, NULL); /* no groups */
	assert_int_equal(nl_netlink_parse(nlh, &r), 0);
	assert_int_equal(r.groups, 0);
}

static void parse_wrong_attr_size_is_ebadmsg(void **state)
{
	static const struct {
		uint16_t type;
		size_t len;
	} cases[] = {
		{NETLINK_DIAG_GROUPS, 3},
		{NETLINK_DIAG_GROUPS, 6},
		{NETLINK_DIAG_MEMINFO, 8}, /* too short for wmem_alloc */
		{NETLINK_DIAG_MEMINFO, 0},
	};
	static const uint8_t junk[16] = {0};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nlbuf nb = {0};
		struct netlink_diag_msg m = msg();
		struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
		struct sock_rec r = {.inode = 5};

		mnl_attr_put(nlh, cases[i].type, cases[i].len, junk);
		assert_int_equal(nl_netlink_parse(nlh, &r), -EBADMSG);
		assert_int_equal(r.inode, 5);
	}
}

static void parse_unknown_attrs_skipped(void **state)
{
	static const uint8_t junk[16] = {0};
	struct nlbuf nb = {0};
	struct netlink_diag_msg m = msg();
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	mnl_attr_put(nlh, NETLINK_DIAG_RX_RING, 16, junk);
	mnl_attr_put(nlh, NETLINK_DIAG_FLAGS, 1, junk); /* unread: any size */
	mnl_attr_put(nlh, NETLINK_DIAG_MAX + 1, 5, junk);
	nlt_meminfo(nlh, NETLINK_DIAG_MEMINFO, 5, 6);
	assert_int_equal(nl_netlink_parse(nlh, &r), 0);
	assert_int_equal(r.recv_q, 5);
}

static void parse_truncated_is_ebadmsg(void **state)
{
	struct nlbuf nb = {0};
	struct netlink_diag_msg m = msg();
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	nlt_meminfo(nlh, NETLINK_DIAG_MEMINFO, 5, 6);
	nlh->nlmsg_len -= 4; /* the meminfo now overruns the message */
	assert_int_equal(nl_netlink_parse(nlh, &r), -EBADMSG);
	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(m)) - 2;
	assert_int_equal(nl_netlink_parse(nlh, &r), -EBADMSG);
}

static void parse_family_not_netlink_is_ebadmsg(void **state)
{
	struct nlbuf nb = {0};
	struct netlink_diag_msg m = msg();
	struct nlmsghdr *nlh;
	struct sock_rec r;

	m.ndiag_family = AF_PACKET;
	nlh = nlt_diag(&nb, &m, sizeof(m));
	assert_int_equal(nl_netlink_parse(nlh, &r), -EBADMSG);
}

static int by_portid(const struct sock_rec *r, const void *arg)
{
	return r->portid == *(const uint32_t *)arg;
}

static int by_protocol_kernel(const struct sock_rec *r, const void *arg)
{
	return r->protocol == *(const uint32_t *)arg && r->portid == 0;
}

static void replay_recorded_dump(void **state)
{
	size_t len;
	void *buf = nlt_fixture("netlink-dump.bin", &len);
	const struct sock_rec *a, *b, *c, *uevent;
	uint32_t pa = 4242, pb = 4343, pc = 4444,
		 kobject = NETLINK_KOBJECT_UEVENT;
	size_t n4242 = 0;
	struct recs rs;

	/* 14 replies: 4242 and 4444 (bound, with groups) came twice, once
	 * from the port table and once from the group list. */
	assert_int_equal(nlt_replay(buf, len, nl_netlink_parse, &rs), 0);
	assert_int_equal(rs.n, 12);
	for (size_t i = 0; i < rs.n; i++) {
		assert_int_equal(rs.r[i].state, SOCK_STATE_CLOSE);
		n4242 += rs.r[i].portid == 4242;
	}
	assert_int_equal(n4242, 1);

	a = recs_get(&rs, by_portid, &pa);
	assert_int_equal(a->protocol, NETLINK_ROUTE);
	assert_int_equal(a->groups, 0x11);
	assert_true(a->recv_q > 0); /* 4343 sent it a message */
	assert_int_equal(a->dst_portid, 0);
	assert_false(a->nl_connected);

	b = recs_get(&rs, by_portid, &pb);
	assert_int_equal(b->dst_portid, 4242);
	assert_true(b->nl_connected);
	assert_int_equal(b->groups, 0);
	assert_int_equal(b->recv_q, 0);

	/* Groups 1 and 33: the record holds the first 32. */
	c = recs_get(&rs, by_portid, &pc);
	assert_int_equal(c->groups, 0x1);

	uevent = recs_get(&rs, by_protocol_kernel, &kobject);
	assert_int_not_equal(uevent->inode, 0);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_fills_every_field),
		cmocka_unit_test(parse_without_attributes),
		cmocka_unit_test(parse_groups_of_any_whole_words),
		cmocka_unit_test(parse_wrong_attr_size_is_ebadmsg),
		cmocka_unit_test(parse_unknown_attrs_skipped),
		cmocka_unit_test(parse_truncated_is_ebadmsg),
		cmocka_unit_test(parse_family_not_netlink_is_ebadmsg),
		cmocka_unit_test(replay_recorded_dump),
	};

	return harness_run_group(tests, NULL, NULL);
}
