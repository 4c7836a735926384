// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nl_xdp_parse over replies built as net/xdp/xsk_diag.c builds them; this
 * kernel has no xsk_diag, so there is no recorded dump.
 */
#include <sys/socket.h>

#include <linux/xdp_diag.h>

#include "nltest.h"

static struct xdp_diag_msg msg(void)
{
	return (struct xdp_diag_msg){
		.xdiag_family = AF_XDP,
		.xdiag_type = SOCK_RAW,
		.xdiag_ino = 2020,
		.xdiag_cookie = {1, 2},
	};
}

static void parse_fills_every_field(void **state)
{
	struct xdp_diag_info info = {.ifindex = 4, .queue_id = 3};
	struct xdp_diag_ring ring = {.entries = 2048};
	struct nlbuf nb = {0};
	struct xdp_diag_msg m = msg();
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	mnl_attr_put(nlh, XDP_DIAG_INFO, sizeof(info), &info);
	mnl_attr_put_u32(nlh, XDP_DIAG_UID, 1001);
	mnl_attr_put(nlh, XDP_DIAG_RX_RING, sizeof(ring), &ring);
	nlt_meminfo(nlh, XDP_DIAG_MEMINFO, 10, 20);
	assert_int_equal(nl_xdp_parse(nlh, &r), 0);
	assert_int_equal(r.netid, SOCK_NETID_XDP);
	assert_int_equal(r.source, SOCK_SOURCE_NETLINK);
	assert_int_equal(r.family, AF_XDP);
	assert_int_equal(r.state, SOCK_STATE_CLOSE);
	assert_int_equal(r.ifindex, 4);
	assert_true(r.has_uid);
	assert_int_equal(r.uid, 1001);
	assert_int_equal(r.inode, 2020);
	assert_true(r.cookie == 0x200000001ull);
	assert_true(r.has_cookie);
	assert_int_equal(r.recv_q, 10);
	assert_int_equal(r.send_q, 20);
	assert_int_equal(r.v6only, -1);
	assert_int_equal(r.protocol, 0);
}

static void parse_without_attributes(void **state)
{
	struct nlbuf nb = {0};
	struct xdp_diag_msg m = msg();
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	assert_int_equal(nl_xdp_parse(nlh, &r), 0);
	assert_int_equal(r.ifindex, 0);
	assert_false(r.has_uid);
	assert_int_equal(r.recv_q, 0);
}

static void parse_wrong_attr_size_is_ebadmsg(void **state)
{
	static const struct {
		uint16_t type;
		size_t len;
	} cases[] = {
		{XDP_DIAG_INFO, 4},
		{XDP_DIAG_UID, 1},
		{XDP_DIAG_UID, 8},
		{XDP_DIAG_MEMINFO, 4},
	};
	static const uint8_t junk[16] = {0};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nlbuf nb = {0};
		struct xdp_diag_msg m = msg();
		struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
		struct sock_rec r = {.inode = 5};

		mnl_attr_put(nlh, cases[i].type, cases[i].len, junk);
		assert_int_equal(nl_xdp_parse(nlh, &r), -EBADMSG);
		assert_int_equal(r.inode, 5);
	}
}

static void parse_unknown_attrs_skipped(void **state)
{
	static const uint8_t junk[48] = {0};
	struct nlbuf nb = {0};
	struct xdp_diag_msg m = msg();
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	mnl_attr_put(nlh, XDP_DIAG_UMEM, 48, junk);
	mnl_attr_put(nlh, XDP_DIAG_STATS, 3, junk);
	mnl_attr_put(nlh, XDP_DIAG_MAX + 1, 1, junk);
	mnl_attr_put_u32(nlh, XDP_DIAG_UID, 3);
	assert_int_equal(nl_xdp_parse(nlh, &r), 0);
	assert_int_equal(r.uid, 3);
}

static void parse_truncated_or_foreign_is_ebadmsg(void **state)
{
	struct nlbuf nb = {0};
	struct xdp_diag_msg m = msg();
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	mnl_attr_put_u32(nlh, XDP_DIAG_UID, 3);
	nlh->nlmsg_len -= 1;
	assert_int_equal(nl_xdp_parse(nlh, &r), -EBADMSG);
	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(m) - 1);
	assert_int_equal(nl_xdp_parse(nlh, &r), -EBADMSG);

	nb = (struct nlbuf){0};
	m.xdiag_family = AF_UNIX;
	nlh = nlt_diag(&nb, &m, sizeof(m));
	assert_int_equal(nl_xdp_parse(nlh, &r), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_fills_every_field),
		cmocka_unit_test(parse_without_attributes),
		cmocka_unit_test(parse_wrong_attr_size_is_ebadmsg),
		cmocka_unit_test(parse_unknown_attrs_skipped),
		cmocka_unit_test(parse_truncated_or_foreign_is_ebadmsg),
	};

	return harness_run_group(tests, NULL, NULL);
}
