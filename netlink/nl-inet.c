// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

#include "nl.h"

/* Sizes of the attributes we read; anything else is skipped. A known
 * attribute of another size means we misunderstand the kernel: refuse. */
static const uint16_t attr_size[INET_DIAG_MAX + 1] = {
	[INET_DIAG_SKV6ONLY] = sizeof(uint8_t),
};

int nl_inet_parse(const struct nlmsghdr *nlh, enum sock_netid netid,
		  struct sock_rec *ret)
{
	const struct inet_diag_msg *m;
	const uint8_t *p, *end;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*m)))
		return -EBADMSG;
	m = mnl_nlmsg_get_payload(nlh);
	if (m->idiag_family != AF_INET && m->idiag_family != AF_INET6)
		return -EBADMSG;

	*ret = (struct sock_rec){
		.netid = netid,
		.source = SOCK_SOURCE_NETLINK,
		.family = m->idiag_family,
		.state = m->idiag_state < _SOCK_STATE_MAX ? m->idiag_state
							  : SOCK_STATE_UNKNOWN,
		.v6only = -1,
		.local_port = ntohs(m->id.idiag_sport),
		.peer_port = ntohs(m->id.idiag_dport),
		.recv_q = m->idiag_rqueue,
		.send_q = m->idiag_wqueue,
		.ifindex = m->id.idiag_if,
		.inode = m->idiag_inode,
		.uid = m->idiag_uid,
		.cookie = (uint64_t)m->id.idiag_cookie[0] |
			  (uint64_t)m->id.idiag_cookie[1] << 32,
		.has_cookie = true,
		.has_uid = true,
	};
	/* The kernel fills all 16 bytes for inet6 and only the first 4 for
	 * inet; copying 16 either way keeps the zero tail of inet defined. */
	memcpy(ret->local_addr, m->id.idiag_src, 16);
	memcpy(ret->peer_addr, m->id.idiag_dst, 16);
	if (m->idiag_family == AF_INET) {
		memset(ret->local_addr + 4, 0, 12);
		memset(ret->peer_addr + 4, 0, 12);
	}

	/* Walk the attributes by hand: mnl_attr_parse() stops silently at a
	 * truncated attribute, and a truncated reply must not pass as whole. */
	p = (const uint8_t *)m + NLA_ALIGN(sizeof(*m));
	end = (const uint8_t *)nlh + nlh->nlmsg_len;
	while (p < end) {
		const struct nlattr *a = (const struct nlattr *)(const void *)p;
		size_t left = (size_t)(end - p);
		uint16_t type, plen;

		if (left < sizeof(*a) || a->nla_len < sizeof(*a) ||
		    a->nla_len > left)
			return -EBADMSG;
		type = a->nla_type & NLA_TYPE_MASK;
		plen = (uint16_t)(a->nla_len - sizeof(*a));
		if (type <= INET_DIAG_MAX && attr_size[type]) {
			if (plen != attr_size[type])
				return -EBADMSG;
			if (type == INET_DIAG_SKV6ONLY)
				ret->v6only = (int8_t)(
					*(const uint8_t *)mnl_attr_get_payload(
						a) != 0);
		}
		if ((size_t)NLA_ALIGN(a->nla_len) >= left)
			break;
		p += NLA_ALIGN(a->nla_len);
	}
	return 0;
}

struct inet_dump {
	enum sock_netid netid;
	sock_emit_fn emit;
	void *userdata;
	struct nl_seen seen;
	bool restarted;
	int err; /* why the callback stopped the dump */
};

static int inet_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct inet_dump *d = data;
	struct sock_rec rec;
	int r;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return MNL_CB_OK; /* not ours to read; the kernel may add types */
	r = nl_inet_parse(nlh, d->netid, &rec);
	if (r < 0)
		goto fail;
	/* Every cookie is remembered, not only after a restart: the sockets
	 * printed before the kernel said "interrupted" are already out. */
	r = nl_seen_add(&d->seen, rec.cookie);
	if (r < 0)
		goto fail;
	if (r == 0 && d->restarted)
		return MNL_CB_OK;
	r = d->emit(&rec, d->userdata);
	if (r < 0)
		goto fail;
	return MNL_CB_OK;
fail:
	d->err = r;
	return MNL_CB_ERROR;
}

int nl_inet_collect(enum sock_netid netid, int protocol, int family,
		    uint32_t states, sock_emit_fn emit, void *userdata)
{
	char buf[NLMSG_ALIGN(NLMSG_HDRLEN) +
		 NLMSG_ALIGN(sizeof(struct inet_diag_req_v2))];
	struct inet_dump d = {
		.netid = netid, .emit = emit, .userdata = userdata};
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct inet_diag_req_v2 *req;
	int r;

	r = nl_open(&nl);
	if (r < 0)
		return r;

	for (int attempt = 0; attempt < NL_DUMP_MAX_TRIES; attempt++) {
		memset(buf, 0, sizeof(buf));
		nlh = mnl_nlmsg_put_header(buf);
		nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
		nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
		req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
		req->sdiag_family = (uint8_t)family;
		req->sdiag_protocol = (uint8_t)protocol;
		req->idiag_states = states;

		d.err = 0;
		d.restarted = attempt > 0;
		r = nl_dump(nl, nlh, inet_msg_cb, &d, &d.err);
		if (r != -EINTR)
			break;
	}
	nl_seen_done(&d.seen);
	mnl_socket_close(nl);
	return r;
}
