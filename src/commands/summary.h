/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The totals of -s. Two sources, because neither has them all: the
 * namespace's own counts in /proc/net/sockstat and sockstat6 (sockets in
 * use per protocol and family, fragments), and a dump of every TCP socket
 * for the TCP line, since the TCP figures sockstat has beyond "inuse"
 * (alloc, orphan) are counted for the whole system, not the namespace.
 */

#include <stdbool.h>
#include <stdint.h>

#include "counters.h"
#include "sock.h"

struct summary_pair {
	uint64_t ipv4, ipv6;
};

/* Zero-initialize, then fill with the two functions below. */
struct summary {
	uint64_t sockets; /* sockstat "sockets: used": every family */
	struct summary_pair raw, udp, tcp, frag; /* sockstat(6) "inuse" */
	bool has_ipv6; /* sockstat6 was there */
	/* From the TCP dump, both families, every state. */
	uint64_t tcp_total;
	uint64_t tcp_states[_SOCK_STATE_MAX];
	uint64_t tcp_orphaned; /* no file left (inode 0), still closing */
};

/*
 * Takes the in-use counts from @v4 (sockstat) and @v6 (sockstat6, or
 * NULL on a system without IPv6: those counts stay 0). Returns 0,
 * -EBADMSG if a counter the summary needs is missing or negative, or
 * -ERANGE if one is over INT32_MAX, which the kernel's "%d" cannot print
 * (*s may be partly filled then).
 */
int summary_set_sockstat(struct summary *s, const struct counters *v4,
			 const struct counters *v6);

/* Counts @rec in the TCP figures if it is a TCP socket; ignores others. */
void summary_add_sock(struct summary *s, const struct sock_rec *rec);
