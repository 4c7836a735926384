// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nl_unix_parse over replies built as net/unix/diag.c builds them, and
 * over unix-dump.bin, a dump a real kernel sent (README.md there).
 */
#include <sys/socket.h>

#include <linux/unix_diag.h>

#include "collect.h"
#include "nltest.h"

static const char path[] = "/run/sockscope.sock";

static struct unix_diag_msg msg(uint8_t type, uint8_t state)
{
	return (struct unix_diag_msg){
		.udiag_family = AF_UNIX,
		.udiag_type = type,
		.udiag_state = state,
		.udiag_ino = 4321,
		.udiag_cookie = {0x11223344, 0x55},
	};
}

/* A listener with every attribute the collector asks for, plus the
 * SHUTDOWN byte the kernel always adds. */
static struct nlmsghdr *put_listener(struct nlbuf *nb)
{
	struct unix_diag_msg m = msg(SOCK_STREAM, SOCK_STATE_LISTEN);
	struct nlmsghdr *nlh = nlt_diag(nb, &m, sizeof(m));
	struct unix_diag_vfs vfs = {.udiag_vfs_ino = 777,
				    .udiag_vfs_dev = 0xfe00001};
	struct unix_diag_rqlen q = {.udiag_rqueue = 2, .udiag_wqueue = 128};

	/* A path name comes with its NUL: strlen + 1 bytes. */
	mnl_attr_put(nlh, UNIX_DIAG_NAME, sizeof(path), path);
	mnl_attr_put(nlh, UNIX_DIAG_VFS, sizeof(vfs), &vfs);
	mnl_attr_put_u32(nlh, UNIX_DIAG_PEER, 99);
	mnl_attr_put(nlh, UNIX_DIAG_RQLEN, sizeof(q), &q);
	mnl_attr_put_u8(nlh, UNIX_DIAG_SHUTDOWN, 0);
	mnl_attr_put_u32(nlh, UNIX_DIAG_UID, 1000);
	return nlh;
}

static void parse_fills_every_field(void **state)
{
	struct nlbuf nb = {0};
	struct nlmsghdr *nlh = put_listener(&nb);
	struct sock_rec r;

	assert_int_equal(nl_unix_parse(nlh, &r), 0);
	assert_int_equal(r.netid, SOCK_NETID_UNIX_STREAM);
	assert_int_equal(r.source, SOCK_SOURCE_NETLINK);
	assert_int_equal(r.family, AF_UNIX);
	assert_int_equal(r.state, SOCK_STATE_LISTEN);
	assert_int_equal(r.inode, 4321);
	assert_true(r.cookie == 0x5511223344ull);
	assert_true(r.has_cookie);
	assert_non_null(r.path);
	assert_int_equal(r.path_len, strlen(path));
	assert_memory_equal(r.path, path, strlen(path));
	/* Borrowed from the message, not copied. */
	assert_true((const uint8_t *)r.path > (const uint8_t *)nlh &&
		    (const uint8_t *)r.path < (const uint8_t *)nlh +
						      nlh->nlmsg_len);
	assert_int_equal(r.peer_inode, 99);
	assert_int_equal(r.recv_q, 2);
	assert_int_equal(r.send_q, 128);
	assert_true(r.has_vfs);
	assert_int_equal(r.vfs_inode, 777);
	/* 254:1 as the kernel keeps it, as stat(2) says it. */
	assert_int_equal(r.vfs_dev, 0xfe01);
	assert_true(r.has_uid);
	assert_int_equal(r.uid, 1000);
	assert_int_equal(r.v6only, -1);
	/* Nothing of other families. */
	assert_int_equal(r.local_port, 0);
	assert_int_equal(r.protocol, 0);
	assert_int_equal(r.portid, 0);
	assert_int_equal(r.ifindex, 0);
}

static void parse_without_attributes(void **state)
{
	struct nlbuf nb = {0};
	struct unix_diag_msg m = msg(SOCK_DGRAM, SOCK_STATE_CLOSE);
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	assert_int_equal(nl_unix_parse(nlh, &r), 0);
	assert_int_equal(r.netid, SOCK_NETID_UNIX_DGRAM);
	assert_int_equal(r.state, SOCK_STATE_CLOSE);
	assert_null(r.path);
	assert_int_equal(r.path_len, 0);
	assert_false(r.has_vfs);
	assert_false(r.has_uid);
	assert_int_equal(r.peer_inode, 0);
}

static void parse_abstract_name_whole(void **state)
{
	static const char name[] = {'\0', 'a', 'b', '\0', 'c'};
	struct nlbuf nb = {0};
	struct unix_diag_msg m = msg(SOCK_SEQPACKET, SOCK_STATE_ESTABLISHED);
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	mnl_attr_put(nlh, UNIX_DIAG_NAME, sizeof(name), name);
	assert_int_equal(nl_unix_parse(nlh, &r), 0);
	assert_int_equal(r.netid, SOCK_NETID_UNIX_SEQPACKET);
	assert_int_equal(r.path_len, sizeof(name));
	assert_memory_equal(r.path, name, sizeof(name));
}

static void parse_empty_name_is_unbound(void **state)
{
	struct nlbuf nb = {0};
	struct unix_diag_msg m = msg(SOCK_STREAM, SOCK_STATE_ESTABLISHED);
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	mnl_attr_put(nlh, UNIX_DIAG_NAME, 0, NULL);
	assert_int_equal(nl_unix_parse(nlh, &r), 0);
	assert_null(r.path);
	assert_int_equal(r.path_len, 0);
}

static void parse_path_without_nul_kept_whole(void **state)
{
	struct nlbuf nb = {0};
	struct unix_diag_msg m = msg(SOCK_STREAM, SOCK_STATE_ESTABLISHED);
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	mnl_attr_put(nlh, UNIX_DIAG_NAME, 4, "/abc");
	assert_int_equal(nl_unix_parse(nlh, &r), 0);
	assert_int_equal(r.path_len, 4);
	assert_memory_equal(r.path, "/abc", 4);
}

static void parse_type_picks_table(void **state)
{
	static const struct {
		uint8_t type;
		int ret, netid;
	} cases[] = {
		{SOCK_STREAM, 0, SOCK_NETID_UNIX_STREAM},
		{SOCK_DGRAM, 0, SOCK_NETID_UNIX_DGRAM},
		{SOCK_SEQPACKET, 0, SOCK_NETID_UNIX_SEQPACKET},
		{SOCK_RAW, NL_PARSE_SKIP, 0},
		{0, NL_PARSE_SKIP, 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nlbuf nb = {0};
		struct unix_diag_msg m = msg(cases[i].type, 1);
		struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
		struct sock_rec r = {.inode = 5};

		assert_int_equal(nl_unix_parse(nlh, &r), cases[i].ret);
		if (cases[i].ret == 0)
			assert_int_equal(r.netid, cases[i].netid);
		else
			assert_int_equal(r.inode, 5);
	}
}

static void parse_out_of_range_state_is_unknown(void **state)
{
	struct nlbuf nb = {0};
	struct unix_diag_msg m = msg(SOCK_STREAM, _SOCK_STATE_MAX);
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	assert_int_equal(nl_unix_parse(nlh, &r), 0);
	assert_int_equal(r.state, SOCK_STATE_UNKNOWN);
}

static void parse_unknown_attrs_skipped(void **state)
{
	static const uint8_t junk[9] = {0};
	uint32_t icons[3] = {1, 2, 3};
	struct nlbuf nb = {0};
	struct unix_diag_msg m = msg(SOCK_STREAM, SOCK_STATE_LISTEN);
	struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
	struct sock_rec r;

	mnl_attr_put(nlh, UNIX_DIAG_ICONS, sizeof(icons), icons);
	nlt_meminfo(nlh, UNIX_DIAG_MEMINFO, 1, 2);
	mnl_attr_put_u8(nlh, UNIX_DIAG_SHUTDOWN, 1);
	mnl_attr_put(nlh, UNIX_DIAG_MAX + 1, 9, junk); /* unknown: any size */
	mnl_attr_put_u32(nlh, UNIX_DIAG_PEER, 42);
	assert_int_equal(nl_unix_parse(nlh, &r), 0);
	assert_int_equal(r.peer_inode, 42);
	/* The -e and -m attributes are read too (tests/detail/ has more). */
	assert_int_equal(r.detail.n_icons, 3);
	assert_int_equal(r.detail.n_skmem, SK_MEMINFO_VARS);
	assert_true(r.detail.has_shutdown);
}

static void parse_wrong_attr_size_is_ebadmsg(void **state)
{
	static const struct {
		uint16_t type;
		size_t len;
	} cases[] = {
		{UNIX_DIAG_PEER, 2},
		{UNIX_DIAG_PEER, 8},
		{UNIX_DIAG_UID, 2},
		{UNIX_DIAG_UID, 8},
		{UNIX_DIAG_RQLEN, 4},
		{UNIX_DIAG_VFS, 7},
	};
	static const uint8_t junk[16] = {0};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nlbuf nb = {0};
		struct unix_diag_msg m = msg(SOCK_STREAM, 1);
		struct nlmsghdr *nlh = nlt_diag(&nb, &m, sizeof(m));
		struct sock_rec r = {.inode = 5};

		mnl_attr_put(nlh, cases[i].type, cases[i].len, junk);
		assert_int_equal(nl_unix_parse(nlh, &r), -EBADMSG);
		assert_int_equal(r.inode, 5); /* untouched */
	}
}

static void parse_truncated_is_ebadmsg(void **state)
{
	struct nlbuf nb = {0};
	struct nlmsghdr *nlh = put_listener(&nb);
	uint32_t full = nlh->nlmsg_len;
	struct sock_rec r;

	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(struct unix_diag_msg)) - 1;
	assert_int_equal(nl_unix_parse(nlh, &r), -EBADMSG);
	/* Cut inside the name: its length now overruns the message. */
	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(struct unix_diag_msg)) + 8;
	assert_int_equal(nl_unix_parse(nlh, &r), -EBADMSG);
	nlh->nlmsg_len = full;
	assert_int_equal(nl_unix_parse(nlh, &r), 0);
}

static void parse_family_not_unix_is_ebadmsg(void **state)
{
	struct nlbuf nb = {0};
	struct unix_diag_msg m = msg(SOCK_STREAM, 1);
	struct nlmsghdr *nlh;
	struct sock_rec r;

	m.udiag_family = AF_INET;
	nlh = nlt_diag(&nb, &m, sizeof(m));
	assert_int_equal(nl_unix_parse(nlh, &r), -EBADMSG);
}

static void states_union_of_selected_tables(void **state)
{
	struct sock_query q = {
		.netids = 1u << SOCK_NETID_UNIX_DGRAM |
			  1u << SOCK_NETID_UNIX_STREAM,
		.states_default = true,
		.states = QUERY_STATES_CONNECTED,
	};
	uint32_t stream = query_states(&q, SOCK_NETID_UNIX_STREAM),
		 dgram = query_states(&q, SOCK_NETID_UNIX_DGRAM);

	/* The per-table defaults differ (whatever they are), so the union
	 * and each table alone can be told apart. */
	assert_int_not_equal(stream | dgram, dgram);
	assert_int_equal(query_states_any(&q, nl_unix_collector.netids), stream | dgram);
	/* A table not selected adds nothing; other families neither. */
	q.netids = 1u << SOCK_NETID_UNIX_DGRAM | 1u << SOCK_NETID_TCP;
	assert_int_equal(query_states_any(&q, nl_unix_collector.netids), dgram);
	q = (struct sock_query){
		.netids = 1u << SOCK_NETID_UNIX_SEQPACKET,
		.states = 1u << SOCK_STATE_LISTEN,
	};
	assert_int_equal(query_states_any(&q, nl_unix_collector.netids), 1u << SOCK_STATE_LISTEN);
}

struct name {
	const char *p;
	size_t len;
};

static int by_name(const struct sock_rec *r, const void *arg)
{
	const struct name *want = arg;

	return r->path && r->path_len == want->len &&
	       memcmp(r->path, want->p, want->len) == 0;
}

static int by_path(const struct sock_rec *r, const void *arg)
{
	return by_name(r, &(struct name){arg, strlen(arg)});
}

static int by_inode(const struct sock_rec *r, const void *arg)
{
	return r->inode == *(const uint32_t *)arg;
}

static int by_peer(const struct sock_rec *r, const void *arg)
{
	return r->peer_inode == *(const uint32_t *)arg;
}

static int by_netid(const struct sock_rec *r, const void *arg)
{
	return (int)r->netid == *(const int *)arg;
}

static int by_netid_state(const struct sock_rec *r, const void *arg)
{
	const int *want = arg;

	return (int)r->netid == want[0] && r->state == want[1] &&
	       !r->path && r->peer_inode == 0;
}

/* The payload length of the UNIX_DIAG_NAME attribute in @buf that holds
 * @rec's path name: the attribute header sits right before the name. */
static size_t name_attr_len(const uint8_t *buf, size_t len,
			    const struct sock_rec *rec)
{
	const uint8_t *p = memmem(buf, len, rec->path, rec->path_len);
	struct nlattr a;

	assert_non_null(p);
	assert_true(p - buf >= (ptrdiff_t)sizeof(a));
	memcpy(&a, p - sizeof(a), sizeof(a));
	assert_int_equal(a.nla_type, UNIX_DIAG_NAME);
	return a.nla_len - sizeof(a);
}

static void replay_recorded_dump(void **state)
{
	static const char abstract[] = "\0sockscope\0fx";
	size_t len;
	uint8_t *buf = nlt_fixture("unix-dump.bin", &len);
	struct recs rs;
	const struct sock_rec *lst, *abst, *srv, *snd, *a, *b, *cli;
	int want_cli[2] = {SOCK_NETID_UNIX_STREAM, SOCK_STATE_ESTABLISHED};
	int seqpacket = SOCK_NETID_UNIX_SEQPACKET;

	assert_int_equal(nlt_replay(buf, len, nl_unix_parse, &rs), 0);
	assert_int_equal(rs.n, 7);
	for (size_t i = 0; i < rs.n; i++) {
		assert_int_equal(rs.r[i].family, AF_UNIX);
		assert_true(rs.r[i].has_uid);
		assert_true(rs.r[i].has_cookie);
		assert_int_not_equal(rs.r[i].inode, 0);
	}

	/* The path listener: one connection pending, backlog 7. The kernel
	 * sent 35 bytes of name, NUL included; the record has 34. */
	lst = recs_get(&rs, by_path, "/tmp/sockscope-fixture/stream.sock");
	assert_int_equal(lst->netid, SOCK_NETID_UNIX_STREAM);
	assert_int_equal(lst->state, SOCK_STATE_LISTEN);
	assert_int_equal(lst->recv_q, 1);
	assert_int_equal(lst->send_q, 7);
	assert_true(lst->has_vfs);
	assert_int_not_equal(lst->vfs_inode, 0);
	assert_int_equal(name_attr_len(buf, len, lst), lst->path_len + 1);

	/* Its client: connected to a socket not yet accepted, which has no
	 * inode: the kernel says peer 0. */
	cli = recs_get(&rs, by_netid_state, want_cli);
	assert_false(cli->has_vfs);
	assert_int_equal(cli->recv_q, 0);

	abst = recs_get(&rs, by_name,
			&(struct name){abstract, sizeof(abstract) - 1});
	assert_int_equal(abst->path_len, sizeof(abstract) - 1);
	assert_int_equal(abst->state, SOCK_STATE_LISTEN);
	assert_int_equal(abst->send_q, 3);
	assert_false(abst->has_vfs);

	/* Bound by uid 4242, 3 bytes waiting from its connected peer. Its
	 * peer's connect() made it ESTABLISHED too: the kernel marks both ends
	 * of a datagram connect (this kernel, at least). */
	srv = recs_get(&rs, by_path, "/tmp/sockscope-fixture/dgram.sock");
	assert_int_equal(srv->netid, SOCK_NETID_UNIX_DGRAM);
	assert_int_equal(srv->state, SOCK_STATE_ESTABLISHED);
	assert_int_equal(srv->uid, 4242);
	assert_int_equal(srv->recv_q, 3);
	snd = recs_get(&rs, by_peer, &srv->inode);
	assert_int_equal(snd->netid, SOCK_NETID_UNIX_DGRAM);
	assert_int_equal(snd->state, SOCK_STATE_ESTABLISHED);
	assert_null(snd->path);
	assert_int_equal(snd->uid, 0);

	/* The seqpacket pair points at each other; 5 bytes wait in one. */
	a = recs_get(&rs, by_netid, &seqpacket);
	b = recs_get(&rs, by_inode, &a->peer_inode);
	assert_int_equal(b->netid, SOCK_NETID_UNIX_SEQPACKET);
	assert_int_equal(b->peer_inode, a->inode);
	assert_int_equal(a->recv_q + b->recv_q, 5);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_fills_every_field),
		cmocka_unit_test(parse_without_attributes),
		cmocka_unit_test(parse_abstract_name_whole),
		cmocka_unit_test(parse_empty_name_is_unbound),
		cmocka_unit_test(parse_path_without_nul_kept_whole),
		cmocka_unit_test(parse_type_picks_table),
		cmocka_unit_test(parse_out_of_range_state_is_unknown),
		cmocka_unit_test(parse_unknown_attrs_skipped),
		cmocka_unit_test(parse_wrong_attr_size_is_ebadmsg),
		cmocka_unit_test(parse_truncated_is_ebadmsg),
		cmocka_unit_test(parse_family_not_unix_is_ebadmsg),
		cmocka_unit_test(states_union_of_selected_tables),
		cmocka_unit_test(replay_recorded_dump),
	};

	return harness_run_group(tests, NULL, NULL);
}
