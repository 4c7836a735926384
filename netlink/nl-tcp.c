// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/inet_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "collector.h"
#include "nl.h"
#include "util/grow.h"

/* IPv6 replies held while IPv4 ones are emitted; past this, they are
 * dropped and IPv6 asked for on its own afterwards (4 MiB: some 40,000
 * sockets of -tan, less than ss's own 5 MiB of held replies). */
#define BOTH_HOLD_MAX (4u << 20)

static int tcp_collect(struct collect_req *req)
{
	return nl_inet_collect_req(SOCK_NETID_TCP, IPPROTO_TCP, req);
}

/*
 * Both families from one walk. A sock_diag dump of one family walks the
 * kernel's whole TCP hash tables (shared by every network namespace
 * unless net.ipv4.tcp_child_ehash_entries gave one its own) and skips
 * the other family's sockets, so asking per family walks them twice.
 * The old TCPDIAG_GETSOCK request, which the kernel still serves, asks
 * for AF_UNSPEC: one walk. Its replies come in hash order, the families
 * mixed; IPv6 ones are held (raw) and emitted after, as ss orders them.
 */
struct both {
	struct nl_collect c;
	unsigned char *held; /* IPv6 replies, whole aligned messages */
	size_t len, cap;
	bool overflow;       /* more than BOTH_HOLD_MAX: asked again alone */
};

static int hold(struct both *b, const struct nlmsghdr *nlh)
{
	size_t n = NLMSG_ALIGN(nlh->nlmsg_len);

	if (b->len + n > BOTH_HOLD_MAX) {
		free(b->held);
		b->held = NULL;
		b->len = b->cap = 0;
		b->overflow = true;
		return MNL_CB_OK;
	}
	if (grow_array((void **)&b->held, &b->cap, b->len + n, 1, 65536) < 0) {
		b->c.err = -ENOMEM;
		return MNL_CB_ERROR;
	}
	/* The last message of a datagram may lack its padding. */
	memcpy(b->held + b->len, nlh, nlh->nlmsg_len);
	memset(b->held + b->len + nlh->nlmsg_len, 0, n - nlh->nlmsg_len);
	b->len += n;
	return MNL_CB_OK;
}

static int both_msg(const struct nlmsghdr *nlh, void *data)
{
	struct both *b = data;
	const struct inet_diag_msg *m = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type != TCPDIAG_GETSOCK)
		return MNL_CB_OK; /* not ours to read */
	/* A short message goes to the parser, which says it is one. */
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*m)) ||
	    m->idiag_family != AF_INET6)
		return nl_collect_one(nlh, &b->c);
	return b->overflow ? MNL_CB_OK : hold(b, nlh);
}

/* The IPv6 replies held, in the order they came. */
static int emit_held(struct both *b)
{
	for (size_t off = 0; off < b->len;) {
		const struct nlmsghdr *nlh = (const void *)(b->held + off);

		if (nl_collect_one(nlh, &b->c) != MNL_CB_OK)
			return b->c.err;
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	return 0;
}

/* One try at the whole walk, on a fresh socket each time it is
 * interrupted. */
static int both_dump(struct both *b, struct nlmsghdr *nlh)
{
	int err = -EINTR;

	for (int attempt = 0; attempt < NL_DUMP_MAX_TRIES && err == -EINTR;
	     attempt++) {
		struct mnl_socket *nl;

		/* Emitted IPv4 sockets are dropped by the seen set on a
		 * restart; held IPv6 ones are simply held again. */
		b->len = 0;
		b->overflow = false;
		err = nl_open(&nl);
		if (err < 0)
			break;
		b->c.err = 0;
		err = nl_dump(nl, nlh, both_msg, b, &b->c.err);
		mnl_socket_close(nl);
	}
	return err;
}

static int tcp_collect_both(struct collect_req *req)
{
	static const enum sock_netid netid = SOCK_NETID_TCP;
	size_t size = NL_REQ_SIZE(sizeof(struct inet_diag_req)) +
		      MNL_ATTR_HDRLEN + MNL_ALIGN(req->bytecode_len);
	struct both b = {.c = {.parse = nl_inet_parse_keyed,
			       .arg = &netid,
			       .emit = req->emit,
			       .userdata = req->userdata}};
	struct nlmsghdr *nlh;
	struct inet_diag_req *r;
	void *buf = malloc(size); /* aligned enough for a nlmsghdr */
	int err;

	if (!buf)
		return -ENOMEM;
	nlh = nl_request(buf, sizeof(struct inet_diag_req));
	nlh->nlmsg_type = TCPDIAG_GETSOCK;
	r = mnl_nlmsg_get_payload(nlh);
	r->idiag_ext = nl_inet_ext(req->detail);
	r->idiag_states = req->states;
	if (req->bytecode)
		mnl_attr_put(nlh, INET_DIAG_REQ_BYTECODE, req->bytecode_len,
			     req->bytecode);
	err = both_dump(&b, nlh);
	free(buf);
	/* A program the kernel audits away (a mark test without
	 * CAP_NET_ADMIN...) is refused before any socket: the per-family
	 * way asks again without it and says so. */
	if ((err == -EPERM || err == -EINVAL) && req->bytecode &&
	    nl_bc_may_be_refused(req->bytecode, req->bytecode_len))
		err = -EOPNOTSUPP;
	if (err >= 0 && !b.overflow)
		err = emit_held(&b);
	free(b.held);
	seen_done(&b.c.seen);
	if (err >= 0 && b.overflow) {
		struct collect_req six = *req;

		six.family = AF_INET6;
		err = nl_inet_collect_req(SOCK_NETID_TCP, IPPROTO_TCP, &six);
	}
	return err;
}

const struct collector nl_tcp_collector = {
	.name = "netlink",
	.source = SOCK_SOURCE_NETLINK,
	.family = AF_INET,
	.netids = 1u << SOCK_NETID_TCP,
	.bytecode = true,
	.collect = tcp_collect,
	.collect_both = tcp_collect_both,
};
