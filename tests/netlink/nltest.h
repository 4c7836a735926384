/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What every test of tests/netlink needs: cmocka, the fixture directory,
 * replies built with libmnl the way the kernel builds them, and a replay
 * of a recorded dump into an array of records.
 */

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

#include <linux/sock_diag.h>

#include "netlink/nl-parse.h"

#define NLT_BUF_SIZE 8192
#define NLT_MAX_RECS 64

/* A reply stream being built; 4-byte aligned for the header casts. */
struct nlbuf {
	_Alignas(struct nlmsghdr) uint8_t b[NLT_BUF_SIZE];
	size_t len; /* of the messages ended so far */
};

/* Starts a message of @type after the ones ended in @nb. */
static inline struct nlmsghdr *nlt_msg(struct nlbuf *nb, uint16_t type,
				       uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nb->b + nb->len);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = 7;
	return nlh;
}

/* Starts a SOCK_DIAG_BY_FAMILY reply carrying a copy of the @len-byte
 * family header @hdr; add attributes, then nlt_end(). */
static inline struct nlmsghdr *nlt_diag(struct nlbuf *nb, const void *hdr,
					size_t len)
{
	struct nlmsghdr *nlh = nlt_msg(nb, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI);

	memcpy(mnl_nlmsg_put_extra_header(nlh, len), hdr, len);
	return nlh;
}

/* Closes the message @nlh: the next one goes after it. */
static inline void nlt_end(struct nlbuf *nb, struct nlmsghdr *nlh)
{
	nb->len += NLMSG_ALIGN(nlh->nlmsg_len);
	assert_true(nb->len <= NLT_BUF_SIZE);
}

/* Ends the stream with NLMSG_DONE carrying @status. */
static inline void nlt_done(struct nlbuf *nb, int status)
{
	struct nlmsghdr *nlh = nlt_msg(nb, NLMSG_DONE, NLM_F_MULTI);

	*(int *)mnl_nlmsg_put_extra_header(nlh, sizeof(int)) = status;
	nlt_end(nb, nlh);
}

/* The attribute about to be added to @nlh, to corrupt it after. */
static inline struct nlattr *nlt_next_attr(struct nlmsghdr *nlh)
{
	return (struct nlattr *)mnl_nlmsg_get_payload_tail(nlh);
}

/* A meminfo attribute of SK_MEMINFO_VARS counters: rmem, wmem given. */
static inline void nlt_meminfo(struct nlmsghdr *nlh, uint16_t type,
			       uint32_t rmem, uint32_t wmem)
{
	uint32_t mem[SK_MEMINFO_VARS] = {
		[SK_MEMINFO_RMEM_ALLOC] = rmem,
		[SK_MEMINFO_RCVBUF] = 212992,
		[SK_MEMINFO_WMEM_ALLOC] = wmem,
		[SK_MEMINFO_SNDBUF] = 212992,
	};

	mnl_attr_put(nlh, type, sizeof(mem), mem);
}

/* Records emitted, with copies of their borrowed names (a live dump's
 * buffer is gone once the collector returns). */
struct recs {
	struct sock_rec r[NLT_MAX_RECS];
	char paths[NLT_MAX_RECS][128];
	size_t n;
};

static inline int recs_emit(const struct sock_rec *rec, void *userdata)
{
	struct recs *rs = userdata;
	struct sock_rec *r;

	assert_true(rs->n < NLT_MAX_RECS);
	r = &rs->r[rs->n];
	*r = *rec;
	if (rec->path) {
		assert_true(rec->path_len <= sizeof(rs->paths[0]));
		memcpy(rs->paths[rs->n], rec->path, rec->path_len);
		r->path = rs->paths[rs->n];
	}
	rs->n++;
	return 0;
}

/* A parser of nl-parse.h, as a nl_parse_fn keyed by cookie. */
typedef int (*nlt_parser)(const struct nlmsghdr *nlh, struct sock_rec *ret);

static inline int nlt_parse(const struct nlmsghdr *nlh, const void *arg,
			    struct sock_rec *ret_rec, uint64_t *ret_key)
{
	const nlt_parser *parse = arg;
	int r = (*parse)(nlh, ret_rec);

	if (r == 0)
		*ret_key = ret_rec->cookie;
	return r;
}

/* Runs @len bytes of replies through the collection loop with @parse.
 * Returns what nl_run_buffer returns. */
static inline int nlt_replay(const void *buf, size_t len, nlt_parser parse,
			     struct recs *ret)
{
	struct nl_collect c = {
		.parse = nlt_parse,
		.arg = &parse,
		.emit = recs_emit,
		.userdata = ret,
	};
	int r;

	ret->n = 0;
	r = nl_run_buffer(buf, len, 0, 0, nl_collect_msg, &c, &c.err);
	seen_done(&c.seen);
	return r;
}

/* Reads fixture @name (from $FIXTURES, else tests/fixtures/netlink) whole
 * into a malloc'ed, 8-byte aligned buffer; fails the test if it cannot. */
static inline void *nlt_fixture(const char *name, size_t *ret_len)
{
	const char *dir = getenv("FIXTURES");
	char path[4096];
	struct stat st;
	uint8_t *buf;
	size_t got = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s",
		 dir ? dir : "tests/fixtures/netlink", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fail_msg("cannot open fixture %s: %s", path, strerror(errno));
	assert_int_equal(fstat(fd, &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	assert_non_null(buf);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		assert_true(n > 0);
		got += (size_t)n;
	}
	close(fd);
	*ret_len = got;
	return buf;
}

typedef int (*recs_match_fn)(const struct sock_rec *rec, const void *arg);

/* The first record of @rs for which @match holds; fails the test if none
 * does (abort() tells the compiler, and -Wnull-dereference, it cannot
 * return NULL). */
static inline const struct sock_rec *recs_get(const struct recs *rs,
					      recs_match_fn match,
					      const void *arg)
{
	for (size_t i = 0; i < rs->n; i++)
		if (match(&rs->r[i], arg))
			return &rs->r[i];
	fail_msg("no record matches");
	abort();
}
