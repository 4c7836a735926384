// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include <linux/sock_diag.h>

#include "nl.h"

struct nlmsghdr *nl_request(void *buf, size_t hdrlen)
{
	struct nlmsghdr *nlh;

	memset(buf, 0, NL_REQ_SIZE(hdrlen));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	mnl_nlmsg_put_extra_header(nlh, hdrlen);
	return nlh;
}

int nl_collect_msg(const struct nlmsghdr *nlh, void *data)
{
	struct nl_collect *c = data;
	struct sock_rec rec;
	uint64_t key;
	int r;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return MNL_CB_OK; /* not ours to read; the kernel may add types */
	r = c->parse(nlh, c->arg, &rec, &key);
	if (r < 0)
		goto fail;
	if (r == NL_PARSE_SKIP)
		return MNL_CB_OK;
	/* A socket seen before is dropped: after a restart, those emitted
	 * before the kernel said "interrupted" are already out; and within
	 * one dump, netlink lists a bound socket with multicast groups twice
	 * (port table, then group list: its sk_hashed() test misses since
	 * netlink sockets moved to an rhashtable). */
	r = seen_add(&c->seen, key);
	if (r < 0)
		goto fail;
	if (r == 0)
		return MNL_CB_OK;
	r = c->emit(&rec, c->userdata);
	if (r < 0)
		goto fail;
	return MNL_CB_OK;
fail:
	c->err = r;
	return MNL_CB_ERROR;
}

int nl_collect(struct nlmsghdr *req, nl_parse_fn parse, const void *arg,
	       sock_emit_fn emit, void *userdata)
{
	struct nl_collect c = {
		.parse = parse,
		.arg = arg,
		.emit = emit,
		.userdata = userdata,
	};
	int r = -EINTR;

	for (int attempt = 0; attempt < NL_DUMP_MAX_TRIES && r == -EINTR;
	     attempt++) {
		struct mnl_socket *nl;

		/* A fresh socket per try: the interrupted dump is still
		 * running on the old one, and the kernel refuses a second
		 * dump there (EBUSY) behind datagrams of the first. */
		r = nl_open(&nl);
		if (r < 0)
			break;
		c.err = 0;
		r = nl_dump(nl, req, nl_collect_msg, &c, &c.err);
		mnl_socket_close(nl);
	}
	seen_done(&c.seen);
	return r;
}
