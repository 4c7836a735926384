// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The collection loop every family shares (skip, dedupe within a dump and
 * across a restart, errors) and the control messages that end a dump.
 */
#include "nltest.h"

/* A fake family: the header says the key and what the parser returns. */
struct fake {
	uint32_t key;
	int32_t ret;
};

static int fake_parse(const struct nlmsghdr *nlh, const void *arg,
		      struct sock_rec *ret_rec, uint64_t *ret_key)
{
	const struct fake *f = mnl_nlmsg_get_payload(nlh);

	if (f->ret != 0)
		return f->ret;
	*ret_rec = (struct sock_rec){.inode = f->key, .cookie = f->key};
	*ret_key = f->key;
	return 0;
}

static void put_fake(struct nlbuf *nb, uint32_t key, int32_t ret)
{
	struct fake f = {key, ret};

	nlt_end(nb, nlt_diag(nb, &f, sizeof(f)));
}

static int fail_emit(const struct sock_rec *rec, void *userdata)
{
	return rec->inode == 3 ? -ECANCELED : recs_emit(rec, userdata);
}

static int run(struct nlbuf *nb, sock_emit_fn emit, struct recs *rs,
	       struct nl_collect *c)
{
	rs->n = 0;
	*c = (struct nl_collect){
		.parse = fake_parse, .emit = emit, .userdata = rs};
	return nl_run_buffer(nb->b, nb->len, 0, 0, nl_collect_msg, c,
			     &c->err);
}

static void collect_emits_skips_and_dedupes(void **state)
{
	struct nlbuf nb = {0};
	struct nlmsghdr *other;
	struct nl_collect c;
	struct recs rs;

	put_fake(&nb, 1, 0);
	put_fake(&nb, 2, NL_PARSE_SKIP);
	put_fake(&nb, 3, 0);
	put_fake(&nb, 1, 0); /* the kernel listed it twice */
	other = nlt_msg(&nb, SOCK_DESTROY, NLM_F_MULTI); /* not ours */
	nlt_end(&nb, other);
	put_fake(&nb, 4, 0);
	nlt_done(&nb, 0);
	assert_int_equal(run(&nb, recs_emit, &rs, &c), 0);
	assert_int_equal(rs.n, 3);
	assert_int_equal(rs.r[0].inode, 1);
	assert_int_equal(rs.r[1].inode, 3);
	assert_int_equal(rs.r[2].inode, 4);
	seen_done(&c.seen);
}

static void collect_after_restart_emits_only_new(void **state)
{
	struct nlbuf first = {0}, again = {0};
	struct nl_collect c = {.parse = fake_parse, .emit = recs_emit};
	struct nlmsghdr *nlh;
	struct recs rs = {0};

	c.userdata = &rs;
	put_fake(&first, 1, 0);
	put_fake(&first, 2, 0);
	nlh = nlt_diag(&first, &(struct fake){9, 0}, sizeof(struct fake));
	nlh->nlmsg_flags |= NLM_F_DUMP_INTR;
	nlt_end(&first, nlh);
	assert_int_equal(nl_run_buffer(first.b, first.len, 0, 0,
				       nl_collect_msg, &c, &c.err),
			 -EINTR);
	/* The flagged message is not read: 9 was never emitted. */
	assert_int_equal(rs.n, 2);

	put_fake(&again, 2, 0);
	put_fake(&again, 9, 0);
	put_fake(&again, 1, 0);
	nlt_done(&again, 0);
	assert_int_equal(nl_run_buffer(again.b, again.len, 0, 0,
				       nl_collect_msg, &c, &c.err),
			 0);
	assert_int_equal(rs.n, 3);
	assert_int_equal(rs.r[2].inode, 9);
	seen_done(&c.seen);
}

static void collect_parse_error_stops(void **state)
{
	struct nlbuf nb = {0};
	struct nl_collect c;
	struct recs rs;

	put_fake(&nb, 1, 0);
	put_fake(&nb, 2, -EBADMSG);
	put_fake(&nb, 3, 0);
	nlt_done(&nb, 0);
	assert_int_equal(run(&nb, recs_emit, &rs, &c), -EBADMSG);
	assert_int_equal(rs.n, 1);
	seen_done(&c.seen);
}

static void collect_emit_error_returned_unchanged(void **state)
{
	struct nlbuf nb = {0};
	struct nl_collect c;
	struct recs rs;

	put_fake(&nb, 1, 0);
	put_fake(&nb, 3, 0);
	put_fake(&nb, 4, 0);
	nlt_done(&nb, 0);
	assert_int_equal(run(&nb, fail_emit, &rs, &c), -ECANCELED);
	assert_int_equal(rs.n, 1);
	seen_done(&c.seen);
}

static void put_error(struct nlbuf *nb, int error)
{
	struct nlmsghdr *nlh = nlt_msg(nb, NLMSG_ERROR, 0);
	struct nlmsgerr *e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));

	e->error = error;
	e->msg.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlt_end(nb, nlh);
}

static void dump_error_message_is_the_kernels_errno(void **state)
{
	struct nlbuf nb = {0};
	struct nl_collect c;
	struct recs rs;

	/* What a family without a diag module answers (vsock, xdp,
	 * tipc here): no NLMSG_DONE follows. */
	put_error(&nb, -ENOENT);
	assert_int_equal(run(&nb, recs_emit, &rs, &c), -ENOENT);
	seen_done(&c.seen);
}

static void dump_ack_ends_the_exchange(void **state)
{
	struct nlbuf nb = {0};
	struct nl_collect c;
	struct recs rs;

	put_error(&nb, 0);
	put_fake(&nb, 1, 0);
	assert_int_equal(run(&nb, recs_emit, &rs, &c), 0);
	assert_int_equal(rs.n, 0);
	seen_done(&c.seen);
}

static void dump_short_error_message_is_ebadmsg(void **state)
{
	struct nlbuf nb = {0};
	struct nlmsghdr *nlh = nlt_msg(&nb, NLMSG_ERROR, 0);
	struct nl_collect c;
	struct recs rs;

	mnl_nlmsg_put_extra_header(nlh, 2);
	nlt_end(&nb, nlh);
	assert_int_equal(run(&nb, recs_emit, &rs, &c), -EBADMSG);
	seen_done(&c.seen);
}

static void dump_done_status_is_the_kernels_errno(void **state)
{
	struct nlbuf nb = {0};
	struct nl_collect c;
	struct recs rs;

	/* inet_diag says "no module for this protocol" this way. */
	nlt_done(&nb, -ENOENT);
	assert_int_equal(run(&nb, recs_emit, &rs, &c), -ENOENT);
	seen_done(&c.seen);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(collect_emits_skips_and_dedupes),
		cmocka_unit_test(collect_after_restart_emits_only_new),
		cmocka_unit_test(collect_parse_error_stops),
		cmocka_unit_test(collect_emit_error_returned_unchanged),
		cmocka_unit_test(dump_error_message_is_the_kernels_errno),
		cmocka_unit_test(dump_ack_ends_the_exchange),
		cmocka_unit_test(dump_short_error_message_is_ebadmsg),
		cmocka_unit_test(dump_done_status_is_the_kernels_errno),
	};

	return harness_run_group(tests, NULL, NULL);
}
