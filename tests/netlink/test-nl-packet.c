// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nl_packet_parse over replies built as net/packet/diag.c builds them, and
 * over packet-dump.bin, a dump a real kernel sent.
 */
#include <sys/socket.h>

#include <linux/packet_diag.h>

#include "nltest.h"

static struct packet_diag_msg msg(uint8_t type, uint16_t num)
{
	return (struct packet_diag_msg){
		.pdiag_family = AF_PACKET,
		.pdiag_type = type,
		.pdiag_num = num,
		.pdiag_ino = 8765,
		.pdiag_cookie = {7, 1},
	};
}

static struct nlmsghdr *put_full(struct nlbuf *nb)
{
	struct packet_diag_msg m = msg(SOCK_RAW, 0x88cc);
	struct nlmsghdr *nlh = nlt_diag(nb, &m, sizeof(m));
	struct packet_diag_info info = {.pdi_index = 3, .pdi_version = 2};

	mnl_attr_put(nlh, PACKET_DIAG_INFO, sizeof(info), &info);
	mnl_attr_put_u32(nlh, PACKET_DIAG_UID, 105);
	nlt_meminfo(nlh, PACKET_DIAG_MEMINFO, 2304, 768);
	return nlh;
}

static void parse_fills_every_field(void **state)
{
	struct nlbuf nb = {0};
	struct nlmsghdr *nlh = put_full(&nb);
	struct sock_rec r;

	assert_int_equal(nl_packet_parse(nlh, &r), 0);
	assert_int_equal(r.netid, SOCK_NETID_PACKET_RAW);
	assert_int_equal(r.source, SOCK_SOURCE_NETLINK);
	assert_int_equal(r.family, AF_PACKET);
	assert_int_equal(r.state, SOCK_STATE_CLOSE);
	/* pdiag_num is host order already (ntohs(po->num) in the kernel). */
	assert_int_equal(r.protocol, 0x88cc);
	assert_int_equal(r.ifindex, 3);
	assert_true(r.has_uid);
	assert_int_equal(r.uid, 105);
	assert_int_equal(r.inode, 8765);
	assert_true(r.cookie == 0x100000007ull);
	assert_true(r.has_cookie);
	assert_int_equal(r.recv_q, 2304);
	assert_int_equal(r.send_q, 0); /* ss shows 0 too */
	assert_int_equal(r.v6only, -1);
	assert_null(r.path);
	assert_int_equal(r.local_port, 0);
	assert_int_equal(r.portid, 0);
}

static void parse_without_attributes(void **state)
{
	struct nlbuf nb = {0};
	struct packet_diag_msg m = msg(SOCK_DGRAM, 0x0800);
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	assert_int_equal(nl_packet_parse(nlh, &r), 0);
	assert_int_equal(r.netid, SOCK_NETID_PACKET_DGRAM);
	assert_int_equal(r.protocol, 0x0800);
	assert_int_equal(r.ifindex, 0);
	assert_false(r.has_uid);
	assert_int_equal(r.recv_q, 0);
}

static void parse_type_picks_table(void **state)
{
	static const struct {
		uint8_t type;
		int ret, netid;
	} cases[] = {
		{SOCK_RAW, 0, SOCK_NETID_PACKET_RAW},
		{SOCK_DGRAM, 0, SOCK_NETID_PACKET_DGRAM},
		{SOCK_PACKET, 0, SOCK_NETID_PACKET_DGRAM}, /* as ss */
		{SOCK_STREAM, NL_PARSE_SKIP, 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nlbuf nb = {0};
		struct packet_diag_msg m = msg(cases[i].type, 3);
		struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
		struct sock_rec r = {.inode = 5};

		assert_int_equal(nl_packet_parse(nlh, &r), cases[i].ret);
		if (cases[i].ret == 0)
			assert_int_equal(r.netid, cases[i].netid);
		else
			assert_int_equal(r.inode, 5);
	}
}

static void parse_unknown_attrs_skipped(void **state)
{
	static const uint8_t junk[40] = {0};
	struct nlbuf nb = {0};
	struct packet_diag_msg m = msg(SOCK_RAW, 3);
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	mnl_attr_put(nlh, PACKET_DIAG_MCLIST, 40, junk);
	/* Read for -e (tests/detail/), so of their real sizes here. */
	mnl_attr_put(nlh, PACKET_DIAG_RX_RING, sizeof(struct packet_diag_ring),
		     junk);
	mnl_attr_put_u32(nlh, PACKET_DIAG_FANOUT, 1);
	mnl_attr_put(nlh, PACKET_DIAG_FILTER, 3, junk);
	mnl_attr_put(nlh, PACKET_DIAG_MAX + 1, 1, junk);
	mnl_attr_put_u32(nlh, PACKET_DIAG_UID, 7);
	assert_int_equal(nl_packet_parse(nlh, &r), 0);
	assert_int_equal(r.uid, 7);
}

static void parse_grown_info_accepted(void **state)
{
	uint8_t info[sizeof(struct packet_diag_info) + 8] = {0};
	struct nlbuf nb = {0};
	struct packet_diag_msg m = msg(SOCK_RAW, 3);
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	memcpy(info, &(uint32_t){9}, sizeof(uint32_t)); /* pdi_index */
	mnl_attr_put(nlh, PACKET_DIAG_INFO, sizeof(info), info);
	assert_int_equal(nl_packet_parse(nlh, &r), 0);
	assert_int_equal(r.ifindex, 9);
}

static void parse_wrong_attr_size_is_ebadmsg(void **state)
{
	static const struct {
		uint16_t type;
		size_t len;
	} cases[] = {
		{PACKET_DIAG_INFO, sizeof(struct packet_diag_info) - 4},
		{PACKET_DIAG_UID, 2},
		{PACKET_DIAG_UID, 8},
		{PACKET_DIAG_MEMINFO, 0},
		{PACKET_DIAG_MEMINFO, 3},
	};
	static const uint8_t junk[32] = {0};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nlbuf nb = {0};
		struct packet_diag_msg m = msg(SOCK_RAW, 3);
		struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
		struct sock_rec r = {.inode = 5};

		mnl_attr_put(nlh, cases[i].type, cases[i].len, junk);
		assert_int_equal(nl_packet_parse(nlh, &r), -EBADMSG);
		assert_int_equal(r.inode, 5);
	}
}

static void parse_truncated_is_ebadmsg(void **state)
{
	struct nlbuf nb = {0};
	struct nlmsghdr *nlh = put_full(&nb);
	struct nlattr *a;
	struct sock_rec r;

	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(struct packet_diag_msg)) - 1;
	assert_int_equal(nl_packet_parse(nlh, &r), -EBADMSG);

	nb = (struct nlbuf){0};
	nlh = put_full(&nb);
	a = nlt_next_attr(nlh);
	mnl_attr_put_u32(nlh, 100, 0);
	a->nla_len = 64; /* past the end */
	assert_int_equal(nl_packet_parse(nlh, &r), -EBADMSG);
}

static void parse_family_not_packet_is_ebadmsg(void **state)
{
	struct nlbuf nb = {0};
	struct packet_diag_msg m = msg(SOCK_RAW, 3);
	struct nlmsghdr *nlh;
	struct sock_rec r;

	m.pdiag_family = AF_UNIX;
	nlh = nlt_diag(&nb, &m, sizeof(m));
	assert_int_equal(nl_packet_parse(nlh, &r), -EBADMSG);
}

static int by_protocol(const struct sock_rec *r, const void *arg)
{
	return r->protocol == *(const uint32_t *)arg;
}

static void replay_recorded_dump(void **state)
{
	size_t len;
	void *buf = nlt_fixture("packet-dump.bin", &len);
	const struct sock_rec *all, *ip, *mute;
	uint32_t eth_p_all = 0x0003, eth_p_ip = 0x0800, none = 0;
	struct recs rs;

	assert_int_equal(nlt_replay(buf, len, nl_packet_parse, &rs), 0);
	assert_int_equal(rs.n, 3);

	/* ETH_P_ALL on lo: 0x0003 here proves pdiag_num is host order
	 * (ntohs of it would be 0x0300). It saw the datagram sent over lo. */
	all = recs_get(&rs, by_protocol, &eth_p_all);
	assert_int_equal(all->netid, SOCK_NETID_PACKET_RAW);
	assert_int_equal(all->ifindex, 1);
	assert_true(all->recv_q > 0);
	assert_true(all->has_uid);
	assert_int_equal(all->uid, 0);
	assert_int_equal(all->state, SOCK_STATE_CLOSE);

	ip = recs_get(&rs, by_protocol, &eth_p_ip);
	assert_int_equal(ip->netid, SOCK_NETID_PACKET_DGRAM);
	assert_int_equal(ip->ifindex, 0);
	assert_true(ip->recv_q > 0);

	/* Protocol 0 receives nothing. */
	mute = recs_get(&rs, by_protocol, &none);
	assert_int_equal(mute->netid, SOCK_NETID_PACKET_RAW);
	assert_int_equal(mute->recv_q, 0);
	assert_int_not_equal(mute->inode, all->inode);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_fills_every_field),
		cmocka_unit_test(parse_without_attributes),
		cmocka_unit_test(parse_type_picks_table),
		cmocka_unit_test(parse_unknown_attrs_skipped),
		cmocka_unit_test(parse_grown_info_accepted),
		cmocka_unit_test(parse_wrong_attr_size_is_ebadmsg),
		cmocka_unit_test(parse_truncated_is_ebadmsg),
		cmocka_unit_test(parse_family_not_packet_is_ebadmsg),
		cmocka_unit_test(replay_recorded_dump),
	};

	return harness_run_group(tests, NULL, NULL);
}
