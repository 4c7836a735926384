/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* sock_diag over libmnl: the dump loop and the per-family parsers. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

#include "sock.h"

/* How many times a dump the kernel flags NLM_F_DUMP_INTR is started over
 * before we give up and report it. */
#define NL_DUMP_MAX_TRIES 4

/*
 * Opens a NETLINK_SOCK_DIAG socket. Returns it in *ret_nl and 0, or a
 * negative errno (*ret_nl untouched). Close it with mnl_socket_close().
 */
int nl_open(struct mnl_socket **ret_nl);

/*
 * Sends @req (a complete NLM_F_DUMP request) on @nl and feeds every reply
 * message to @cb until NLMSG_DONE. The sequence number is chosen here.
 * Returns 0 at NLMSG_DONE; -EINTR if the kernel flagged the dump
 * NLM_F_DUMP_INTR (the caller decides whether to start over); the kernel's
 * negative errno from NLMSG_ERROR or NLMSG_DONE; -EBADMSG for a reply that
 * is not a well-formed netlink stream; or whatever negative errno @cb
 * stored in *cb_err before returning MNL_CB_ERROR.
 */
int nl_dump(struct mnl_socket *nl, struct nlmsghdr *req, mnl_cb_t cb,
	    void *data, const int *cb_err);

/*
 * Runs the reply stream in @buf (@len bytes, as received) through @cb, as
 * nl_dump does for each datagram: no socket, so a recorded dump replays in
 * a unit test. @seq and @portid as for mnl_cb_run (0 to accept any).
 * Returns 1 if more messages are expected, 0 at NLMSG_DONE, or a negative
 * errno as nl_dump.
 */
int nl_run_buffer(const void *buf, size_t len, uint32_t seq, uint32_t portid,
		  mnl_cb_t cb, void *data, const int *cb_err);

/* A set of socket cookies, used to drop duplicates when a dump restarts.
 * Zero-initialize; free with nl_seen_done(). */
struct nl_seen {
	uint64_t *slots; /* open addressing; 0 marks an empty slot */
	size_t cap, count;
	bool has_zero;
};

/* Adds @cookie. Returns 1 if it was new, 0 if already there, -ENOMEM. */
int nl_seen_add(struct nl_seen *s, uint64_t cookie);

/* Frees the set's memory; the set is empty and reusable after. NULL-safe. */
void nl_seen_done(struct nl_seen *s);

/*
 * Parses one inet_diag reply (struct inet_diag_msg and its attributes)
 * into *ret as a socket of table @netid. Pure: reads only @nlh, which must
 * hold nlh->nlmsg_len readable bytes. Returns 0, or -EBADMSG if the message
 * is truncated, an attribute overruns it, a known attribute has the wrong
 * size, or the family is not inet/inet6 (*ret then holds garbage).
 * Unknown attributes are skipped: newer kernels add them.
 */
int nl_inet_parse(const struct nlmsghdr *nlh, enum sock_netid netid,
		  struct sock_rec *ret);

/*
 * Dumps inet sockets of IP protocol @protocol and address family @family
 * in the states of @states, calling @emit for each as table @netid.
 * Restarts an interrupted dump up to NL_DUMP_MAX_TRIES times without
 * emitting a socket twice. Returns 0, the negative errno @emit returned,
 * -EINTR when every try was interrupted, or a negative errno from the
 * kernel or the parser.
 */
int nl_inet_collect(enum sock_netid netid, int protocol, int family,
		    uint32_t states, sock_emit_fn emit, void *userdata);
