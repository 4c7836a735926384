// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nl_inet_parse: one inet_diag reply in, one record out. Messages are
 * built with libmnl, as the kernel builds them; tcp{4,6}-dump.bin are
 * replies a real kernel sent (see tests/fixtures/README.md).
 */
#include "nl-build.h"

static void parse_v4_fills_every_field(void **state)
{
	struct nlbuf nb = {0};
	struct inet_diag_msg m = diag_v4();
	struct nlmsghdr *nlh = put_diag(&nb, &m);
	struct sock_rec r;
	uint8_t want_src[16] = {10, 0, 0, 1}, want_dst[16] = {192, 168, 1, 2};

	assert_int_equal(nl_inet_parse(nlh, SOCK_NETID_TCP, &r), 0);
	assert_int_equal(r.netid, SOCK_NETID_TCP);
	assert_int_equal(r.source, SOCK_SOURCE_NETLINK);
	assert_int_equal(r.family, AF_INET);
	assert_int_equal(r.state, SOCK_STATE_ESTABLISHED);
	assert_int_equal(r.v6only, -1);
	assert_int_equal(r.local_port, 4242);
	assert_int_equal(r.peer_port, 55555);
	assert_int_equal(r.recv_q, 7);
	assert_int_equal(r.send_q, 9);
	assert_memory_equal(r.local_addr, want_src, 16);
	assert_memory_equal(r.peer_addr, want_dst, 16);
	assert_int_equal(r.ifindex, 3);
	assert_int_equal(r.inode, 123456);
	assert_int_equal(r.uid, 1000);
	assert_true(r.has_uid);
	assert_true(r.cookie == 0x5566778811223344ull);
	assert_true(r.has_cookie);
	/* Fields of other families stay zero. */
	assert_int_equal(r.protocol, 0);
	assert_false(r.has_mark);
	assert_false(r.has_cgroup_id);
	assert_null(r.path);
	assert_int_equal(r.path_len, 0);
	assert_int_equal(r.peer_inode, 0);
	assert_false(r.has_vfs);
	assert_int_equal(r.portid, 0);
	assert_int_equal(r.dst_portid, 0);
	assert_int_equal(r.groups, 0);
}

static void parse_v6_fills_every_field(void **state)
{
	struct nlbuf nb = {0};
	struct inet_diag_msg m = diag_v6();
	struct nlmsghdr *nlh = put_diag(&nb, &m);
	struct sock_rec r;
	uint8_t want_src[16], want_dst[16];

	inet_pton(AF_INET6, "2001:db8::1", want_src);
	inet_pton(AF_INET6, "fe80::1:2:3:4", want_dst);
	assert_int_equal(nl_inet_parse(nlh, SOCK_NETID_UDP, &r), 0);
	assert_int_equal(r.netid, SOCK_NETID_UDP);
	assert_int_equal(r.source, SOCK_SOURCE_NETLINK);
	assert_int_equal(r.family, AF_INET6);
	assert_int_equal(r.state, SOCK_STATE_LISTEN);
	assert_int_equal(r.v6only, -1);
	assert_int_equal(r.local_port, 443);
	assert_int_equal(r.peer_port, 0);
	assert_int_equal(r.recv_q, 1);
	assert_int_equal(r.send_q, 4096);
	assert_memory_equal(r.local_addr, want_src, 16);
	assert_memory_equal(r.peer_addr, want_dst, 16);
	assert_int_equal(r.ifindex, 0);
	assert_int_equal(r.inode, 0xfffffffe);
	assert_int_equal(r.uid, 65534);
	assert_true(r.has_uid);
	assert_true(r.cookie == 0xdeadbeefull);
	assert_true(r.has_cookie);
}

static void parse_cookie_high_word_shifted(void **state)
{
	struct nlbuf nb = {0};
	struct inet_diag_msg m = diag_v4();
	struct nlmsghdr *nlh;
	struct sock_rec r;

	m.id.idiag_cookie[0] = 0;
	m.id.idiag_cookie[1] = 1;
	nlh = put_diag(&nb, &m);
	assert_int_equal(nl_inet_parse(nlh, SOCK_NETID_TCP, &r), 0);
	assert_true(r.cookie == 1ull << 32);
}

static int parse_v6only(int attr_len, uint8_t value, struct sock_rec *r)
{
	struct nlbuf nb = {0};
	struct inet_diag_msg m = diag_v6();
	struct nlmsghdr *nlh = put_diag(&nb, &m);
	uint8_t payload[4] = {value, 0, 0, 0};

	mnl_attr_put(nlh, INET_DIAG_SKV6ONLY, (size_t)attr_len, payload);
	return nl_inet_parse(nlh, SOCK_NETID_TCP, r);
}

static void parse_v6only_zero(void **state)
{
	struct sock_rec r;

	assert_int_equal(parse_v6only(1, 0, &r), 0);
	assert_int_equal(r.v6only, 0);
}

static void parse_v6only_one(void **state)
{
	struct sock_rec r;

	assert_int_equal(parse_v6only(1, 1, &r), 0);
	assert_int_equal(r.v6only, 1);
}

static void parse_v6only_any_nonzero_byte_is_one(void **state)
{
	struct sock_rec r;

	assert_int_equal(parse_v6only(1, 0x80, &r), 0);
	assert_int_equal(r.v6only, 1);
}

static void parse_v6only_wrong_size_is_ebadmsg(void **state)
{
	struct sock_rec r;

	assert_int_equal(parse_v6only(0, 1, &r), -EBADMSG);
	assert_int_equal(parse_v6only(2, 1, &r), -EBADMSG);
	assert_int_equal(parse_v6only(4, 1, &r), -EBADMSG);
}

static void parse_every_kernel_state_kept(void **state)
{
	for (unsigned s = SOCK_STATE_ESTABLISHED; s <= SOCK_STATE_CLOSING; s++) {
		struct nlbuf nb = {0};
		struct inet_diag_msg m = diag_v4();
		struct nlmsghdr *nlh;
		struct sock_rec r;

		m.idiag_state = (uint8_t)s;
		nlh = put_diag(&nb, &m);
		assert_int_equal(nl_inet_parse(nlh, SOCK_NETID_TCP, &r), 0);
		assert_int_equal(r.state, s);
	}
}

static void parse_out_of_range_state_is_unknown(void **state)
{
	/* 12 is TCP_NEW_SYN_RECV, 13 TCP_BOUND_INACTIVE: real, but not
	 * states a reply holds. */
	static const uint8_t states[] = {0, 12, 13, 0x7f, 0xff};

	for (size_t i = 0; i < sizeof(states); i++) {
		struct nlbuf nb = {0};
		struct inet_diag_msg m = diag_v4();
		struct nlmsghdr *nlh;
		struct sock_rec r;

		m.idiag_state = states[i];
		nlh = put_diag(&nb, &m);
		assert_int_equal(nl_inet_parse(nlh, SOCK_NETID_TCP, &r), 0);
		assert_int_equal(r.state, SOCK_STATE_UNKNOWN);
	}
}

static void parse_truncated_message_is_ebadmsg(void **state)
{
	struct nlbuf nb = {0};
	struct inet_diag_msg m = diag_v4();
	struct nlmsghdr *nlh = put_diag(&nb, &m);
	struct sock_rec r;

	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(m)) - 1;
	assert_int_equal(nl_inet_parse(nlh, SOCK_NETID_TCP, &r), -EBADMSG);
	nlh->nlmsg_len = NLMSG_HDRLEN;
	assert_int_equal(nl_inet_parse(nlh, SOCK_NETID_TCP, &r), -EBADMSG);
}

static void parse_attr_overrunning_message_is_ebadmsg(void **state)
{
	struct nlbuf nb = {0};
	struct inet_diag_msg m = diag_v6();
	struct nlmsghdr *nlh = put_diag(&nb, &m);
	struct nlattr *a = (struct nlattr *)mnl_nlmsg_get_payload_tail(nlh);
	struct sock_rec r;

	mnl_attr_put_u32(nlh, 200, 0);
	/* Says 12 bytes where the message holds 8. */
	a->nla_len = 12;
	assert_int_equal(nl_inet_parse(nlh, SOCK_NETID_TCP, &r), -EBADMSG);
	a->nla_len = 0xffff;
	assert_int_equal(nl_inet_parse(nlh, SOCK_NETID_TCP, &r), -EBADMSG);
}

static void parse_attr_header_cut_short_is_ebadmsg(void **state)
{
	struct nlbuf nb = {0};
	struct inet_diag_msg m = diag_v6();
	struct nlmsghdr *nlh = put_diag(&nb, &m);
	struct sock_rec r;

	mnl_attr_put_u8(nlh, INET_DIAG_SKV6ONLY, 1);
	/* Two bytes of the attribute header, not four. */
	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(m)) + 2;
	assert_int_equal(nl_inet_parse(nlh, SOCK_NETID_TCP, &r), -EBADMSG);
}

static void parse_attr_len_below_header_is_ebadmsg(void **state)
{
	static const uint16_t lens[] = {0, 1, 3};

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		struct nlbuf nb = {0};
		struct inet_diag_msg m = diag_v6();
		struct nlmsghdr *nlh = put_diag(&nb, &m);
		struct nlattr *a =
			(struct nlattr *)mnl_nlmsg_get_payload_tail(nlh);
		struct sock_rec r;

		mnl_attr_put_u32(nlh, 200, 0);
		/* 0 would also loop forever if the walk trusted it. */
		a->nla_len = lens[i];
		assert_int_equal(nl_inet_parse(nlh, SOCK_NETID_TCP, &r),
				 -EBADMSG);
	}
}

static void parse_unknown_attrs_skipped(void **state)
{
	struct nlbuf nb = {0};
	struct inet_diag_msg m = diag_v6();
	struct nlmsghdr *nlh = put_diag(&nb, &m);
	static const uint8_t junk[7] = {1, 2, 3, 4, 5, 6, 7};
	struct sock_rec r;

	/* Odd sizes leave padding the walk has to step over, and the
	 * attribute after them must still be read. */
	mnl_attr_put(nlh, 200, 5, junk);
	mnl_attr_put(nlh, INET_DIAG_INFO, 7, junk);
	mnl_attr_put(nlh, INET_DIAG_MAX + 1, 0, NULL);
	mnl_attr_put_u64(nlh, INET_DIAG_CGROUP_ID, 42);
	mnl_attr_put_u8(nlh, INET_DIAG_SKV6ONLY, 1);
	mnl_attr_put(nlh, 0x7fff, 3, junk);
	assert_int_equal(nl_inet_parse(nlh, SOCK_NETID_TCP, &r), 0);
	assert_int_equal(r.v6only, 1);
	assert_int_equal(r.local_port, 443);
	assert_int_equal(r.state, SOCK_STATE_LISTEN);
}

static void parse_family_not_inet_is_ebadmsg(void **state)
{
	static const uint8_t families[] = {AF_UNSPEC, AF_UNIX, AF_NETLINK,
					   AF_PACKET, 0xff};

	for (size_t i = 0; i < sizeof(families); i++) {
		struct nlbuf nb = {0};
		struct inet_diag_msg m = diag_v4();
		struct nlmsghdr *nlh;
		struct sock_rec r;

		m.idiag_family = families[i];
		nlh = put_diag(&nb, &m);
		assert_int_equal(nl_inet_parse(nlh, SOCK_NETID_TCP, &r),
				 -EBADMSG);
	}
}

/* The recorded dumps. Ports and states are the ones record-dump.c opened. */

static const struct sock_rec *find_port(const struct replay *rp,
					uint16_t local, uint16_t peer)
{
	size_t i;

	for (i = 0; i < rp->n; i++)
		if (rp->recs[i].local_port == local &&
		    rp->recs[i].peer_port == peer)
			break;
	if (i == rp->n)
		fail_msg("no socket %u -> %u in the dump", local, peer);
	return &rp->recs[i];
}

static void assert_addr(int family, const uint8_t *addr, const char *text)
{
	uint8_t want[16] = {0};

	assert_int_equal(inet_pton(family, text, want), 1);
	assert_memory_equal(addr, want, 16);
}

/* Every record of a dump: unique non-zero cookies and inodes, root's. */
static void assert_distinct_sockets(const struct replay *rp)
{
	for (size_t i = 0; i < rp->n; i++) {
		assert_true(rp->recs[i].has_cookie);
		assert_true(rp->recs[i].cookie != 0);
		assert_int_not_equal(rp->recs[i].inode, 0);
		assert_int_equal(rp->recs[i].uid, 0);
		assert_int_equal(rp->recs[i].ifindex, 0);
		for (size_t k = 0; k < i; k++) {
			assert_true(rp->recs[i].cookie != rp->recs[k].cookie);
			assert_int_not_equal(rp->recs[i].inode,
					     rp->recs[k].inode);
		}
	}
}

static void replay_recorded_tcp4_dump(void **state)
{
	struct replay rp = {0};
	const struct sock_rec *r;
	size_t len;
	void *buf = fixture_read("tcp4-dump.bin", &len);

	assert_int_equal(nl_run_buffer(buf, len, 0, 0, replay_cb, &rp,
				       &rp.err),
			 0);
	assert_int_equal(rp.n, 3);
	assert_distinct_sockets(&rp);

	r = find_port(&rp, 4242, 0);
	assert_int_equal(r->family, AF_INET);
	assert_int_equal(r->state, SOCK_STATE_LISTEN);
	assert_addr(AF_INET, r->local_addr, "127.0.0.1");
	assert_addr(AF_INET, r->peer_addr, "0.0.0.0");
	assert_int_equal(r->recv_q, 0);
	assert_int_equal(r->send_q, 128); /* a listener's backlog */
	assert_int_equal(r->v6only, -1);

	r = find_port(&rp, 4244, 4242); /* the client */
	assert_int_equal(r->family, AF_INET);
	assert_int_equal(r->state, SOCK_STATE_ESTABLISHED);
	assert_addr(AF_INET, r->local_addr, "127.0.0.1");
	assert_addr(AF_INET, r->peer_addr, "127.0.0.1");
	assert_int_equal(r->recv_q, 0);
	assert_int_equal(r->v6only, -1);

	r = find_port(&rp, 4242, 4244); /* accepted, "hello" unread */
	assert_int_equal(r->family, AF_INET);
	assert_int_equal(r->state, SOCK_STATE_ESTABLISHED);
	assert_addr(AF_INET, r->local_addr, "127.0.0.1");
	assert_addr(AF_INET, r->peer_addr, "127.0.0.1");
	assert_int_equal(r->recv_q, 5);
	free(buf);
}

static void replay_recorded_tcp6_dump(void **state)
{
	struct replay rp = {0};
	const struct sock_rec *r;
	size_t len;
	void *buf = fixture_read("tcp6-dump.bin", &len);

	assert_int_equal(nl_run_buffer(buf, len, 0, 0, replay_cb, &rp,
				       &rp.err),
			 0);
	assert_int_equal(rp.n, 2);
	assert_distinct_sockets(&rp);

	r = find_port(&rp, 4243, 0);
	assert_int_equal(r->family, AF_INET6);
	assert_int_equal(r->state, SOCK_STATE_LISTEN);
	assert_addr(AF_INET6, r->local_addr, "::1");
	assert_addr(AF_INET6, r->peer_addr, "::");
	assert_int_equal(r->send_q, 64);
	assert_int_equal(r->v6only, 1);

	r = find_port(&rp, 4245, 0);
	assert_int_equal(r->family, AF_INET6);
	assert_int_equal(r->state, SOCK_STATE_LISTEN);
	assert_addr(AF_INET6, r->local_addr, "::");
	assert_int_equal(r->send_q, 16);
	assert_int_equal(r->v6only, 0);
	free(buf);
}

/* The recording ends with NLMSG_DONE (20 bytes: header and status);
 * without it the stream is whole messages, and more are expected. */
static void replay_recorded_dump_without_done_expects_more(void **state)
{
	struct replay rp = {0};
	size_t len;
	uint8_t *buf = fixture_read("tcp4-dump.bin", &len);
	const struct nlmsghdr *done =
		(const struct nlmsghdr *)(void *)(buf + len - NLMSG_LENGTH(4));

	assert_int_equal(done->nlmsg_type, NLMSG_DONE);
	assert_int_equal(nl_run_buffer(buf, len - NLMSG_LENGTH(4), 0, 0,
				       replay_cb, &rp, &rp.err),
			 1);
	assert_int_equal(rp.n, 3);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_v4_fills_every_field),
		cmocka_unit_test(parse_v6_fills_every_field),
		cmocka_unit_test(parse_cookie_high_word_shifted),
		cmocka_unit_test(parse_v6only_zero),
		cmocka_unit_test(parse_v6only_one),
		cmocka_unit_test(parse_v6only_any_nonzero_byte_is_one),
		cmocka_unit_test(parse_v6only_wrong_size_is_ebadmsg),
		cmocka_unit_test(parse_every_kernel_state_kept),
		cmocka_unit_test(parse_out_of_range_state_is_unknown),
		cmocka_unit_test(parse_truncated_message_is_ebadmsg),
		cmocka_unit_test(parse_attr_overrunning_message_is_ebadmsg),
		cmocka_unit_test(parse_attr_header_cut_short_is_ebadmsg),
		cmocka_unit_test(parse_attr_len_below_header_is_ebadmsg),
		cmocka_unit_test(parse_unknown_attrs_skipped),
		cmocka_unit_test(parse_family_not_inet_is_ebadmsg),
		cmocka_unit_test(replay_recorded_tcp4_dump),
		cmocka_unit_test(replay_recorded_tcp6_dump),
		cmocka_unit_test(replay_recorded_dump_without_done_expects_more),
	};

	return harness_run_group(tests, NULL, NULL);
}
