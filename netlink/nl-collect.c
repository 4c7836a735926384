// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include <sys/socket.h>

#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

#include "collector.h"
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

/* A recording holds every detail; the kernel sends some only when asked
 * (nl_inet_ext(), and the show bits of unix and packet requests), and
 * the formatters print what a record holds. Drops what @detail would
 * not have brought, so a replay prints what the live run would. */
static void mask_detail(struct sock_rec *rec, unsigned detail)
{
	struct sock_detail *d = &rec->detail;
	bool inet = rec->family == AF_INET || rec->family == AF_INET6;

	if (!(detail & SOCK_DETAIL_MEMORY) &&
	    (inet || rec->family == AF_UNIX)) {
		d->n_skmem = 0;
		d->has_meminfo = false;
	}
	if (!(detail & SOCK_DETAIL_INFO) && inet) {
		d->info_kind = SOCK_INFO_NONE;
		d->info = NULL;
		d->info_len = 0;
		d->cong = NULL;
		d->cong_len = 0;
		d->cc_kind = SOCK_CC_NONE;
		d->cc = NULL;
		d->cc_len = 0;
		d->ulp = NULL;
		d->ulp_len = 0;
		d->has_tls = d->has_subflow = false;
	}
	if (!(detail & SOCK_DETAIL_EXTENDED)) {
		d->has_tos = d->has_tclass = false;
		d->icons = NULL;
		d->n_icons = 0;
		d->has_rx_ring = d->has_tx_ring = d->has_fanout = false;
	}
}

int nl_collect_msg(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return MNL_CB_OK; /* not ours to read; the kernel may add types */
	return nl_collect_one(nlh, data);
}

int nl_collect_one(const struct nlmsghdr *nlh, struct nl_collect *c)
{
	struct sock_rec rec;
	uint64_t key;
	int r;

	r = c->parse(nlh, c->arg, &rec, &key);
	if (r < 0)
		goto fail;
	if (r == NL_PARSE_SKIP)
		return MNL_CB_OK;
	if (c->replay)
		mask_detail(&rec, c->detail);
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

/* The name of dump @req on a tape: its family and protocol bytes, and
 * for inet the protocol attribute MPTCP's request carries. */
static struct collect_tape_key tape_key(const struct nlmsghdr *req)
{
	const uint8_t *h = mnl_nlmsg_get_payload(req);
	struct collect_tape_key k = {.family = h[0], .protocol = h[1]};
	const struct nlattr *a;

	if (k.family != AF_INET && k.family != AF_INET6)
		return k;
	mnl_attr_for_each(a, req, sizeof(struct inet_diag_req_v2))
		if (mnl_attr_get_type(a) == INET_DIAG_REQ_PROTOCOL &&
		    mnl_attr_get_payload_len(a) == sizeof(uint32_t))
			k.protocol32 = mnl_attr_get_u32(a);
	return k;
}

/* Reads the replies recorded for dump @k instead of the kernel's. */
static int replay(const struct collect_tape_key *k,
		  const struct collect_tape *t, struct nl_collect *c)
{
	const void *buf;
	size_t len;
	int status, r;

	r = t->replay(t->ctx, k, &buf, &len, &status);
	if (r < 0)
		return r;
	if (status < 0)
		return status;
	if (len == 0)
		return 0; /* answered already (TCPDIAG_FILE's one stream) */
	c->err = 0;
	r = nl_run_buffer(buf, len, 0, 0, nl_collect_msg, c, &c->err);
	/* A recording that stops before NLMSG_DONE was cut. */
	return r > 0 ? -EBADMSG : r;
}

int nl_collect(struct nlmsghdr *req, nl_parse_fn parse, const void *arg,
	       sock_emit_fn emit, void *userdata)
{
	struct collect_req creq = {.emit = emit, .userdata = userdata};

	return nl_collect_req(req, parse, arg, &creq);
}

int nl_collect_req(struct nlmsghdr *req, nl_parse_fn parse, const void *arg,
		   const struct collect_req *creq)
{
	const struct collect_tape *t = creq->tape;
	struct nl_collect c = {
		.parse = parse,
		.arg = arg,
		.emit = creq->emit,
		.userdata = creq->userdata,
	};
	struct collect_tape_key k = tape_key(req);
	bool rec = t && t->begin;
	int r = -EINTR;

	if (t && t->replay) {
		c.replay = true;
		c.detail = creq->detail;
		r = replay(&k, t, &c);
		seen_done(&c.seen);
		return r;
	}

	for (int attempt = 0; attempt < NL_DUMP_MAX_TRIES && r == -EINTR;
	     attempt++) {
		struct mnl_socket *nl;

		/* A fresh socket per try: the interrupted dump is still
		 * running on the old one, and the kernel refuses a second
		 * dump there (EBUSY) behind datagrams of the first. */
		r = rec ? t->begin(t->ctx, &k) : 0;
		if (r >= 0)
			r = nl_open(&nl);
		if (r < 0)
			break;
		c.err = 0;
		r = nl_dump_tap(nl, req, nl_collect_msg, &c, &c.err,
				rec ? t->data : NULL, t ? t->ctx : NULL);
		mnl_socket_close(nl);
	}
	seen_done(&c.seen);
	/* What the kernel could not show is recorded too: a later reader
	 * warns (or fails) as this run did. */
	if (rec) {
		int e = t->end(t->ctx, r < 0 ? r : 0);

		if (e < 0)
			r = e;
	}
	return r;
}
