// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The inet_diag protocols beyond tcp/udp: nl_raw_parse and nl_sctp_parse
 * over replies built as raw_diag.c and sctp/diag.c build them (this
 * kernel has neither module), and mptcp-dump.bin, a dump a real kernel
 * sent, through nl_inet_parse.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>

#include "nltest.h"

#include "src/filter/filter.h"

static struct inet_diag_msg msg(int family, uint8_t state, uint16_t sport,
				uint16_t dport)
{
	struct inet_diag_msg m = {
		.idiag_family = (uint8_t)family,
		.idiag_state = state,
		.id.idiag_sport = htons(sport),
		.id.idiag_dport = htons(dport),
		.id.idiag_if = 2,
		.id.idiag_cookie = {0x1234, 0},
		.idiag_rqueue = 3,
		.idiag_wqueue = 4,
		.idiag_uid = 1000,
		.idiag_inode = 555,
	};

	if (family == AF_INET) {
		inet_pton(AF_INET, "10.1.2.3", m.id.idiag_src);
		inet_pton(AF_INET, "10.9.8.7", m.id.idiag_dst);
	} else {
		inet_pton(AF_INET6, "2001:db8::1", m.id.idiag_src);
		inet_pton(AF_INET6, "2001:db8::2", m.id.idiag_dst);
	}
	return m;
}

/* What raw_diag sends for socket(family, SOCK_RAW, @proto): the port is
 * inet_num, the protocol again in INET_DIAG_PROTOCOL. */
static struct nlmsghdr *put_raw(struct nlbuf *nb, int family, uint8_t proto)
{
	struct inet_diag_msg m = msg(family, SOCK_STATE_CLOSE, proto, 0);
	struct nlmsghdr *nlh = nlt_diag(nb, &m, sizeof(m));

	mnl_attr_put_u8(nlh, INET_DIAG_SHUTDOWN, 0);
	mnl_attr_put_u8(nlh, INET_DIAG_PROTOCOL, proto);
	return nlh;
}

static void raw_fills_every_field(void **state)
{
	struct nlbuf nb = {0};
	struct nlmsghdr *nlh = put_raw(&nb, AF_INET6, IPPROTO_ICMPV6);
	uint8_t src[16];
	struct sock_rec r;

	mnl_attr_put_u8(nlh, INET_DIAG_SKV6ONLY, 1);
	inet_pton(AF_INET6, "2001:db8::1", src);
	assert_int_equal(nl_raw_parse(nlh, &r), 0);
	assert_int_equal(r.netid, SOCK_NETID_RAW);
	assert_int_equal(r.family, AF_INET6);
	assert_int_equal(r.state, SOCK_STATE_CLOSE);
	assert_int_equal(r.local_port, IPPROTO_ICMPV6);
	assert_int_equal(r.protocol, IPPROTO_ICMPV6);
	assert_int_equal(r.peer_port, 0);
	assert_memory_equal(r.local_addr, src, 16);
	assert_int_equal(r.ifindex, 2);
	assert_int_equal(r.recv_q, 3);
	assert_int_equal(r.send_q, 4);
	assert_int_equal(r.uid, 1000);
	assert_true(r.has_uid);
	assert_int_equal(r.inode, 555);
	assert_true(r.cookie == 0x1234);
	assert_int_equal(r.v6only, 1);
}

static void raw_protocol_attribute_wins(void **state)
{
	struct nlbuf nb = {0};
	struct inet_diag_msg m = msg(AF_INET, SOCK_STATE_CLOSE, 255, 0);
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	mnl_attr_put_u8(nlh, INET_DIAG_PROTOCOL, IPPROTO_UDP);
	assert_int_equal(nl_raw_parse(nlh, &r), 0);
	assert_int_equal(r.local_port, 255);
	assert_int_equal(r.protocol, IPPROTO_UDP);
}

static void raw_without_protocol_attribute_uses_port(void **state)
{
	struct nlbuf nb = {0};
	struct inet_diag_msg m = msg(AF_INET, SOCK_STATE_ESTABLISHED, 1, 0);
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	assert_int_equal(nl_raw_parse(nlh, &r), 0);
	assert_int_equal(r.protocol, IPPROTO_ICMP);
	assert_int_equal(r.state, SOCK_STATE_ESTABLISHED);
}

static void raw_bad_replies_are_ebadmsg(void **state)
{
	static const uint8_t two[2] = {1, 1};
	struct nlbuf nb = {0};
	struct inet_diag_msg m = msg(AF_INET, SOCK_STATE_CLOSE, 1, 0);
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r = {.inode = 5};

	mnl_attr_put(nlh, INET_DIAG_PROTOCOL, sizeof(two), two);
	assert_int_equal(nl_raw_parse(nlh, &r), -EBADMSG);

	nb = (struct nlbuf){0};
	nlh = put_raw(&nb, AF_INET, 1);
	nlh->nlmsg_len -= 4; /* 4 bytes of the 5 of the last attribute */
	assert_int_equal(nl_raw_parse(nlh, &r), -EBADMSG);
	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(m)) - 1;
	assert_int_equal(nl_raw_parse(nlh, &r), -EBADMSG);

	nb = (struct nlbuf){0};
	m.idiag_family = AF_PACKET;
	nlh = nlt_diag(&nb, &m, sizeof(m));
	assert_int_equal(nl_raw_parse(nlh, &r), -EBADMSG);
	assert_int_equal(r.inode, 5);
}

static void raw_unknown_attrs_skipped(void **state)
{
	static const uint8_t junk[11] = {0};
	struct nlbuf nb = {0};
	struct nlmsghdr *nlh = put_raw(&nb, AF_INET, 17);
	struct sock_rec r;

	mnl_attr_put(nlh, INET_DIAG_SOCKOPT, 2, junk);
	mnl_attr_put(nlh, INET_DIAG_MAX + 3, 11, junk);
	mnl_attr_put_u64(nlh, INET_DIAG_CGROUP_ID, 9);
	assert_int_equal(nl_raw_parse(nlh, &r), 0);
	assert_int_equal(r.protocol, 17);
}

/* sctp/diag.c: every reply lists the bound addresses (LOCALS); only an
 * association lists its peers (PEERS), and reports the SCTP state. */
static struct nlmsghdr *put_sctp(struct nlbuf *nb, uint8_t state,
				 uint16_t dport, size_t npeers,
				 uint16_t flags)
{
	struct sockaddr_storage addrs[2] = {0};
	struct inet_diag_msg m = msg(AF_INET, state, 9899, dport);
	struct nlmsghdr *nlh = nlt_diag(nb, &m, sizeof(m));

	nlh->nlmsg_flags = flags;
	mnl_attr_put_u8(nlh, INET_DIAG_SHUTDOWN, 0);
	mnl_attr_put(nlh, INET_DIAG_LOCALS, sizeof(addrs[0]), addrs);
	if (npeers)
		mnl_attr_put(nlh, INET_DIAG_PEERS, npeers * sizeof(addrs[0]),
			     addrs);
	return nlh;
}

static void sctp_endpoint_keeps_tcp_state(void **state)
{
	struct nlbuf nb = {0};
	struct nlmsghdr *nlh =
		put_sctp(&nb, SOCK_STATE_LISTEN, 0, 0, NLM_F_MULTI);
	struct sock_rec r;

	assert_int_equal(nl_sctp_parse(nlh, &r), 0);
	assert_int_equal(r.netid, SOCK_NETID_SCTP);
	assert_int_equal(r.state, SOCK_STATE_LISTEN);
	assert_int_equal(r.local_port, 9899);
	assert_int_equal(r.recv_q, 3);
	assert_int_equal(r.send_q, 4);
	assert_true(r.cookie == 0x1234);
}

static void sctp_association_state_mapped(void **state)
{
	static const uint8_t want[] = {
		SOCK_STATE_CLOSE,	SOCK_STATE_SYN_SENT,
		SOCK_STATE_SYN_SENT,	SOCK_STATE_ESTABLISHED,
		SOCK_STATE_FIN_WAIT1,	SOCK_STATE_FIN_WAIT1,
		SOCK_STATE_CLOSE_WAIT,	SOCK_STATE_LAST_ACK,
		SOCK_STATE_UNKNOWN,	SOCK_STATE_UNKNOWN,
	};

	for (uint8_t s = 0; s < sizeof(want); s++) {
		struct nlbuf nb = {0};
		struct nlmsghdr *nlh = put_sctp(&nb, s, 5000, 2, 0);
		struct sock_rec r;

		assert_int_equal(nl_sctp_parse(nlh, &r), 0);
		assert_int_equal(r.state, want[s]);
		assert_int_equal(r.peer_port, 5000);
	}
}

static void sctp_partial_address_array_is_ebadmsg(void **state)
{
	static const uint8_t junk[200] = {0};

	for (int t = INET_DIAG_LOCALS; t <= INET_DIAG_PEERS; t++) {
		struct nlbuf nb = {0};
		struct inet_diag_msg m = msg(AF_INET6, 3, 1, 2);
		struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
		struct sock_rec r = {.inode = 5};

		mnl_attr_put(nlh, (uint16_t)t, 200, junk);
		assert_int_equal(nl_sctp_parse(nlh, &r), -EBADMSG);
		assert_int_equal(r.inode, 5);
	}
}

static int sctp_recs(const struct nlbuf *nb, struct recs *rs)
{
	struct nl_collect c = {
		.parse = nl_sctp_parse_keyed,
		.emit = recs_emit,
		.userdata = rs,
	};
	int r;

	rs->n = 0;
	r = nl_run_buffer(nb->b, nb->len, 0, 0, nl_collect_msg, &c, &c.err);
	seen_done(&c.seen);
	return r;
}

static void sctp_dump_emits_socket_once_and_every_association(void **state)
{
	struct nlbuf nb = {0};
	struct nlmsghdr *nlh;
	struct recs rs;

	/* A listening socket with two associations, as a dump of every
	 * state lists it: the endpoint (listen pass), the endpoint again
	 * ahead of its associations, then each association. */
	nlt_end(&nb, put_sctp(&nb, SOCK_STATE_LISTEN, 0, 0, NLM_F_MULTI));
	nlt_end(&nb, put_sctp(&nb, SOCK_STATE_LISTEN, 0, 0, NLM_F_MULTI));
	nlt_end(&nb, put_sctp(&nb, 3, 40001, 1, 0));
	nlh = put_sctp(&nb, 3, 40002, 1, 0);
	nlt_end(&nb, nlh);
	nlt_done(&nb, 0);
	assert_int_equal(sctp_recs(&nb, &rs), 0);
	assert_int_equal(rs.n, 3);
	assert_int_equal(rs.r[0].state, SOCK_STATE_LISTEN);
	assert_int_equal(rs.r[1].peer_port, 40001);
	assert_int_equal(rs.r[2].peer_port, 40002);
	assert_int_equal(rs.r[2].state, SOCK_STATE_ESTABLISHED);
	/* They all carry the socket's inode and cookie. */
	assert_int_equal(rs.r[2].inode, rs.r[0].inode);
	assert_true(rs.r[2].cookie == rs.r[0].cookie);
}

static int by_state(const struct sock_rec *r, const void *arg)
{
	return r->state == *(const int *)arg;
}

static int by_port(const struct sock_rec *r, const void *arg)
{
	return r->local_port == *(const int *)arg;
}

static int by_port_estab(const struct sock_rec *r, const void *arg)
{
	return by_port(r, arg) && r->state == SOCK_STATE_ESTABLISHED;
}

static int inet_mptcp(const struct nlmsghdr *nlh, struct sock_rec *ret)
{
	return nl_inet_parse(nlh, SOCK_NETID_MPTCP, ret);
}

static void mptcp_replay_recorded_dump(void **state)
{
	static const uint8_t lo[16] = {127, 0, 0, 1};
	size_t len;
	void *buf = nlt_fixture("mptcp-dump.bin", &len);
	int listen = SOCK_STATE_LISTEN;
	const struct sock_rec *lst, *cli, *srv;
	int port = 4250;
	struct recs rs;

	assert_int_equal(nlt_replay(buf, len, inet_mptcp, &rs), 0);
	assert_int_equal(rs.n, 3);
	lst = recs_get(&rs, by_state, &listen);
	assert_int_equal(lst->netid, SOCK_NETID_MPTCP);
	assert_int_equal(lst->local_port, 4250);
	assert_int_equal(lst->send_q, 5); /* the backlog */
	assert_memory_equal(lst->local_addr, lo, 16);

	/* The accepted end has the listener's port, the client the other. */
	srv = recs_get(&rs, by_port_estab, &port);
	cli = recs_get(&rs, by_port, &(int){srv->peer_port});
	assert_int_equal(cli->state, SOCK_STATE_ESTABLISHED);
	assert_int_equal(cli->peer_port, port);
	free(buf);
}

static int mptcp_keyed(const struct nlmsghdr *nlh, const void *arg,
		       struct sock_rec *ret_rec, uint64_t *ret_key)
{
	int r = nl_inet_parse(nlh, SOCK_NETID_MPTCP, ret_rec);

	if (r == 0)
		*ret_key = nl_inet_key(ret_rec);
	return r;
}

/* An MPTCP listener whose cookie was read before it accepted: the kernel
 * clones it into the accepted socket, so both report one cookie. */
static void mptcp_shared_cookie_both_emitted(void **state)
{
	struct inet_diag_msg lst = msg(AF_INET, SOCK_STATE_LISTEN, 4250, 0);
	struct inet_diag_msg acc =
		msg(AF_INET, SOCK_STATE_ESTABLISHED, 4250, 40000);
	struct nl_collect c = {.parse = mptcp_keyed, .emit = recs_emit};
	struct nlbuf nb = {0};
	struct recs rs = {0};

	acc.idiag_inode = 556;
	c.userdata = &rs;
	nlt_end(&nb, nlt_diag(&nb, &lst, sizeof(lst)));
	nlt_end(&nb, nlt_diag(&nb, &acc, sizeof(acc)));
	/* The kernel listing one twice is still dropped. */
	nlt_end(&nb, nlt_diag(&nb, &acc, sizeof(acc)));
	nlt_done(&nb, 0);
	assert_int_equal(nl_run_buffer(nb.b, nb.len, 0, 0, nl_collect_msg, &c,
				       &c.err),
			 0);
	assert_int_equal(rs.n, 2);
	assert_int_equal(rs.r[0].state, SOCK_STATE_LISTEN);
	assert_int_equal(rs.r[1].state, SOCK_STATE_ESTABLISHED);
	assert_true(rs.r[0].cookie == rs.r[1].cookie);
	seen_done(&c.seen);

	/* Other tables keep the cookie as the key. */
	rs.r[0].netid = SOCK_NETID_TCP;
	assert_true(nl_inet_key(&rs.r[0]) == rs.r[0].cookie);
}

/* Whether the program sockscope compiles for @text may be refused by a
 * kernel (and so be retried without it). */
static bool refusable(const char *text)
{
	struct filter_env env = {0};
	struct filter_error err;
	struct filter *f;
	void *code = NULL;
	size_t len = 0;
	bool r;

	assert_int_equal(filter_parse(text, &env, &f, &err), 0);
	assert_int_equal(filter_compile(f, AF_INET, &code, &len, NULL), 0);
	assert_non_null(code);
	r = nl_bc_may_be_refused(code, len);
	free(code);
	filter_free(f);
	return r;
}

/* Only a program holding a mark or cgroup test is dumped again without it
 * when the kernel refuses it; any other refusal is an error. */
static void bytecode_retry_only_for_mark_or_cgroup(void **state)
{
	struct inet_diag_bc_op ops[3] = {
		{.code = INET_DIAG_BC_NOP, .yes = 4, .no = 8},
		{.code = INET_DIAG_BC_NOP, .yes = 4, .no = 4},
		{.code = INET_DIAG_BC_MARK_COND, .yes = 12, .no = 12},
	};

	assert_false(refusable("dport = :22"));
	assert_false(refusable("sport >= :1024 and dst 10.0.0.0/8"));
	assert_true(refusable("fwmark = 0x1"));
	assert_true(refusable("dport = :22 or fwmark = 0x1/0xff"));
	/* Walked by "yes" as the kernel walks: the mark op is third. */
	assert_true(nl_bc_may_be_refused(ops, sizeof(ops)));
	assert_false(nl_bc_may_be_refused(ops, 2 * sizeof(ops[0])));
	/* A "yes" that does not advance ends the walk, never loops. */
	ops[0].yes = 0;
	assert_false(nl_bc_may_be_refused(ops, sizeof(ops)));
	assert_false(nl_bc_may_be_refused(NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(raw_fills_every_field),
		cmocka_unit_test(raw_protocol_attribute_wins),
		cmocka_unit_test(raw_without_protocol_attribute_uses_port),
		cmocka_unit_test(raw_bad_replies_are_ebadmsg),
		cmocka_unit_test(raw_unknown_attrs_skipped),
		cmocka_unit_test(sctp_endpoint_keeps_tcp_state),
		cmocka_unit_test(sctp_association_state_mapped),
		cmocka_unit_test(sctp_partial_address_array_is_ebadmsg),
		cmocka_unit_test(
			sctp_dump_emits_socket_once_and_every_association),
		cmocka_unit_test(mptcp_replay_recorded_dump),
		cmocka_unit_test(mptcp_shared_cookie_both_emitted),
		cmocka_unit_test(bytecode_retry_only_for_mark_or_cgroup),
	};

	return harness_run_group(tests, NULL, NULL);
}
