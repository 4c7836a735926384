/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * For the netlink tests: sock_diag replies built with libmnl, the way the
 * kernel builds them, and a replay callback that parses them as
 * nl_inet_collect's does.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

#include "unit.h"

#include "netlink/nl.h"

#define BUF_SIZE 8192

/* Netlink buffers must be 4-byte aligned for the header casts. */
struct nlbuf {
	_Alignas(struct nlmsghdr) uint8_t b[BUF_SIZE];
	size_t len; /* of the stream built so far */
};

static inline struct nlmsghdr *put_msg(struct nlbuf *nb, uint16_t type,
				uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nb->b + nb->len);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = 7;
	nlh->nlmsg_pid = 0;
	return nlh;
}

/* Closes the message started at @nlh: the next one goes after it. */
static inline void end_msg(struct nlbuf *nb, struct nlmsghdr *nlh)
{
	nb->len += NLMSG_ALIGN(nlh->nlmsg_len);
	assert_true(nb->len <= BUF_SIZE);
}

/* Starts an inet_diag reply carrying a copy of @m; add attributes, then
 * end_msg(). */
static inline struct nlmsghdr *put_diag(struct nlbuf *nb,
				 const struct inet_diag_msg *m)
{
	struct nlmsghdr *nlh = put_msg(nb, SOCK_DIAG_BY_FAMILY, NLM_F_MULTI);
	struct inet_diag_msg *p = mnl_nlmsg_put_extra_header(nlh, sizeof(*m));

	memcpy(p, m, sizeof(*m));
	return nlh;
}

static inline void put_done(struct nlbuf *nb, int status)
{
	struct nlmsghdr *nlh = put_msg(nb, NLMSG_DONE, NLM_F_MULTI);
	int *p = mnl_nlmsg_put_extra_header(nlh, sizeof(int));

	*p = status;
	end_msg(nb, nlh);
}

static inline struct inet_diag_msg diag_v4(void)
{
	struct inet_diag_msg m = {
		.idiag_family = AF_INET,
		.idiag_state = SOCK_STATE_ESTABLISHED,
		.id.idiag_sport = htons(4242),
		.id.idiag_dport = htons(55555),
		.id.idiag_if = 3,
		.id.idiag_cookie = {0x11223344, 0x55667788},
		.idiag_rqueue = 7,
		.idiag_wqueue = 9,
		.idiag_uid = 1000,
		.idiag_inode = 123456,
	};

	inet_pton(AF_INET, "10.0.0.1", m.id.idiag_src);
	inet_pton(AF_INET, "192.168.1.2", m.id.idiag_dst);
	/* The kernel leaves these words zero for inet; junk here proves
	 * the parser does not pass them on. */
	memset(&m.id.idiag_src[1], 0xaa, 12);
	memset(&m.id.idiag_dst[1], 0x55, 12);
	return m;
}

static inline struct inet_diag_msg diag_v6(void)
{
	struct inet_diag_msg m = {
		.idiag_family = AF_INET6,
		.idiag_state = SOCK_STATE_LISTEN,
		.id.idiag_sport = htons(443),
		.id.idiag_dport = htons(0),
		.id.idiag_cookie = {0xdeadbeef, 0},
		.idiag_rqueue = 1,
		.idiag_wqueue = 4096,
		.idiag_uid = 65534,
		.idiag_inode = 0xfffffffe,
	};

	inet_pton(AF_INET6, "2001:db8::1", m.id.idiag_src);
	inet_pton(AF_INET6, "fe80::1:2:3:4", m.id.idiag_dst);
	return m;
}

/* What a replay collected: the parsed records, as nl_inet_collect's
 * callback would see them. */
struct replay {
	struct sock_rec recs[16];
	size_t n;
	unsigned calls;
	int fail_at;  /* > 0: the callback fails on this call */
	int fail_err; /* ... storing this in err */
	int err;
};

static inline int replay_cb(const struct nlmsghdr *nlh, void *data)
{
	struct replay *rp = data;
	int r;

	rp->calls++;
	if (rp->fail_at > 0 && rp->calls == (unsigned)rp->fail_at) {
		rp->err = rp->fail_err;
		return MNL_CB_ERROR;
	}
	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return MNL_CB_OK;
	assert_true(rp->n < sizeof(rp->recs) / sizeof(rp->recs[0]));
	r = nl_inet_parse(nlh, SOCK_NETID_TCP, &rp->recs[rp->n]);
	if (r < 0) {
		rp->err = r;
		return MNL_CB_ERROR;
	}
	rp->n++;
	return MNL_CB_OK;
}

static inline int replay(const struct nlbuf *nb, size_t len, struct replay *rp)
{
	return nl_run_buffer(nb->b, len, 0, 0, replay_cb, rp, &rp->err);
}

/* Three sockets in one datagram: two v4, one v6. */
static inline void put_three(struct nlbuf *nb)
{
	struct inet_diag_msg a = diag_v4(), b = diag_v4(), c = diag_v6();
	struct nlmsghdr *nlh;

	b.id.idiag_sport = htons(4243);
	end_msg(nb, put_diag(nb, &a));
	end_msg(nb, put_diag(nb, &b));
	nlh = put_diag(nb, &c);
	mnl_attr_put_u8(nlh, INET_DIAG_SKV6ONLY, 0);
	end_msg(nb, nlh);
}
