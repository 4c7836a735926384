// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <linux/netlink.h>
#include <linux/sock_diag.h>

#include "nl.h"

/* The kernel caps one dump datagram near 32 KiB whatever we offer
 * (netlink_recvmsg), so a bigger buffer only wastes memory. */
#define NL_RECV_SIZE 32768

int nl_open(struct mnl_socket **ret_nl)
{
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_SOCK_DIAG,
						 SOCK_CLOEXEC);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;
		mnl_socket_close(nl);
		return err;
	}
	*ret_nl = nl;
	return 0;
}

/* NLMSG_DONE of a dump carries the dump's final status as an int; libmnl
 * ignores it, but a dump that ended in error must not look complete. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
		const int *status = mnl_nlmsg_get_payload(nlh);
		if (*status < 0) {
			/* Only a real errno is passed on (not INT_MIN). */
			errno = *status > -4096 ? -*status : EBADMSG;
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_STOP;
}

/* With our own control array libmnl runs none of its defaults for types
 * below NLMSG_MIN_TYPE, so an error reply needs its handler here. */
static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (e->error == 0)
		return MNL_CB_STOP; /* an acknowledgement */
	/* A positive or absurd error number is no errno we can report. */
	errno = e->error < 0 && e->error > -4096 ? -e->error : EBADMSG;
	return MNL_CB_ERROR;
}

static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_DONE] = done_cb,
	[NLMSG_ERROR] = error_cb,
};

/* libmnl stops quietly at bytes that are not a whole message, and its
 * mnl_nlmsg_ok() casts nlmsg_len to int, so a length of 2^31 or more
 * passes and sends it reading far past the buffer. Walk it ourselves
 * first: a datagram must be whole messages and nothing else. */
static bool whole_messages(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t left = len;

	while (left >= sizeof(struct nlmsghdr)) {
		const struct nlmsghdr *nlh = (const void *)p;
		size_t n = nlh->nlmsg_len;

		if (n < sizeof(*nlh) || n > left)
			return false;
		/* The last message may lack its alignment padding. */
		n = NLMSG_ALIGN(n) < left ? NLMSG_ALIGN(n) : left;
		p += n;
		left -= n;
	}
	return left == 0;
}

int nl_run_buffer(const void *buf, size_t len, uint32_t seq, uint32_t portid,
		  mnl_cb_t cb, void *data, const int *cb_err)
{
	if (!whole_messages(buf, len))
		return -EBADMSG;
	errno = 0;
	int r = mnl_cb_run2(buf, len, seq, portid, cb, data, ctl_cbs,
			    NLMSG_MIN_TYPE);
	if (r >= 0)
		return r > 0 ? 1 : 0;
	/* A callback of ours says why it stopped through *cb_err; libmnl
	 * says why through errno (EINTR: NLM_F_DUMP_INTR; EPROTO/ESRCH:
	 * wrong sequence or port; EBADMSG: a short message). */
	if (cb_err && *cb_err < 0)
		return *cb_err;
	if (errno == 0 || errno == EPROTO || errno == ESRCH)
		return -EBADMSG;
	return -errno;
}

int nl_dump(struct mnl_socket *nl, struct nlmsghdr *req, mnl_cb_t cb,
	    void *data, const int *cb_err)
{
	return nl_dump_tap(nl, req, cb, data, cb_err, NULL, NULL);
}

int nl_dump_tap(struct mnl_socket *nl, struct nlmsghdr *req, mnl_cb_t cb,
		void *data, const int *cb_err, nl_tap_fn tap, void *ctx)
{
	static uint32_t seq_counter;
	uint32_t seq = (uint32_t)time(NULL) + ++seq_counter;
	uint32_t portid = mnl_socket_get_portid(nl);
	char *buf;
	int r;

	req->nlmsg_seq = seq;
	if (mnl_socket_sendto(nl, req, req->nlmsg_len) < 0)
		return -errno;

	buf = malloc(NL_RECV_SIZE);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, NL_RECV_SIZE);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			break;
		}
		if (n == 0) {
			r = -EBADMSG;
			break;
		}
		/* Whole datagrams, padding and all: the bytes ss -D writes
		 * and a later reader replays. */
		if (tap) {
			r = tap(ctx, buf, (size_t)n);
			if (r < 0)
				break;
		}
		r = nl_run_buffer(buf, (size_t)n, seq, portid, cb, data,
				  cb_err);
		if (r <= 0)
			break;
	}
	free(buf);
	return r;
}
