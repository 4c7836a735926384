/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The totals of -s. The kernel's own per-namespace counters where it
 * keeps them, as ss reads them: /proc/net/sockstat and sockstat6 (sockets
 * in use per protocol and family, TIME-WAIT sockets, fragments) and
 * /proc/net/snmp's CurrEstab (ESTABLISHED and CLOSE-WAIT, RFC 1213's
 * tcpCurrEstab). The counters sockstat has that are the whole system's
 * (TCP alloc, orphan) would describe other namespaces too: the TCP total,
 * closed and orphaned figures come from a dump of this namespace's TCP
 * sockets instead (the man page says so).
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
	uint64_t tcp_orphaned; /* no file left (inode 0), still closing,
				* not yet a timewait socket */
	/* The kernel's counters. */
	uint64_t tcp_estab;    /* snmp Tcp CurrEstab */
	uint64_t tcp_timewait; /* sockstat TCP tw: every timewait socket,
				* FIN-WAIT-2 ones included */
};

/*
 * Takes the in-use counts and TCP's TIME-WAIT count from @v4 (sockstat)
 * and @v6 (sockstat6, or NULL on a system without IPv6: those counts stay
 * 0). Returns 0, -EBADMSG if a counter the summary needs is missing or
 * negative, or -ERANGE if one is over INT32_MAX, which the kernel's "%d"
 * cannot print
 * (*s may be partly filled then).
 */
int summary_set_sockstat(struct summary *s, const struct counters *v4,
			 const struct counters *v6);

/*
 * Takes CurrEstab from @snmp (/proc/net/snmp's counters). Returns 0,
 * -EBADMSG if it is missing or negative, -ERANGE if over INT32_MAX.
 */
int summary_set_snmp(struct summary *s, const struct counters *snmp);

/* Counts @rec in the TCP figures if it is a TCP socket; ignores others. */
void summary_add_sock(struct summary *s, const struct sock_rec *rec);
