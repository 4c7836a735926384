/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A known set of TCP and UDP sockets in a private network namespace, each
 * with a name, and the dumps that find them again: the ground the live
 * filter tests stand on.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sock.h"

#define LIVE_MAX 48

struct live_sock {
	char name[16];
	enum sock_netid netid;
	int family;
	uint8_t local_addr[16], peer_addr[16]; /* as the kernel reports */
	uint16_t local_port, peer_port;
	int fd; /* -1 once closed (the TIME-WAIT end) */
};

struct live_set {
	struct live_sock v[LIVE_MAX];
	size_t n;
	char cgroup[128]; /* "" or the cgroup one socket was made in,
			   * relative to the cgroup2 root */
	char own_cgroup[4096]; /* ours, relative to the cgroup2 root */
	bool marks; /* SO_MARK worked: the kernel tells us marks */
};

/*
 * Moves the single-threaded caller into a new network namespace with
 * loopback up (as root, or in a new user namespace). Returns 0 or a
 * negative errno.
 */
int live_netns_enter(void);

/*
 * Makes the standard set in *set (see live-sockets.c for each socket and
 * its name). Returns 0, or a negative errno and a reason in @why.
 */
int live_set_make(struct live_set *set, char *why, size_t size);

/* Closes every socket and removes the cgroup made for one of them. */
void live_set_done(struct live_set *set);

/* The name of the socket @rec describes, or NULL if none of the set. */
const char *live_set_name(const struct live_set *set,
			  const struct sock_rec *rec);

/* One dumped socket. */
struct live_rec {
	struct sock_rec rec;
	const char *name;
};

/*
 * Dumps every socket of @netid (tcp or udp) and @family, in every
 * state, with the INET_DIAG_REQ_BYTECODE @code (@len bytes; none if
 * NULL), appending to @out (room for @cap, count in *n). Fills the
 * mark and cgroup id from the reply whether or not nl_inet_parse()
 * does. Returns 0 or a negative errno (the kernel's, if it refused).
 */
int live_dump(const struct live_set *set, enum sock_netid netid, int family,
	      const void *code, size_t len, struct live_rec *out, size_t cap,
	      size_t *n);
