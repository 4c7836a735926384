// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdint.h>

#include "summary.h"

/* The kernel prints every count sockstat has with "%d" (FRAG's with
 * "%u", but it is 0 or 1): anything larger is no kernel's, and summed
 * into INET it would wrap. */
#define SOCKSTAT_COUNT_MAX INT32_MAX

/* Counter @proto/@name into *ret: -EBADMSG if absent or negative,
 * -ERANGE if larger than the kernel can print. */
static int get(const struct counters *set, const char *proto,
	       const char *name, uint64_t *ret)
{
	uint64_t v;

	if (counters_get_u64(set, proto, name, &v) < 0)
		return -EBADMSG;
	if (v > SOCKSTAT_COUNT_MAX)
		return -ERANGE;
	*ret = v;
	return 0;
}

int summary_set_sockstat(struct summary *s, const struct counters *v4,
			 const struct counters *v6)
{
	int r;

	if ((r = get(v4, "sockets", "used", &s->sockets)) < 0 ||
	    (r = get(v4, "TCP", "inuse", &s->tcp.ipv4)) < 0 ||
	    (r = get(v4, "UDP", "inuse", &s->udp.ipv4)) < 0 ||
	    (r = get(v4, "RAW", "inuse", &s->raw.ipv4)) < 0 ||
	    (r = get(v4, "FRAG", "inuse", &s->frag.ipv4)) < 0 ||
	    (r = get(v4, "TCP", "tw", &s->tcp_timewait)) < 0)
		return r;
	s->has_ipv6 = v6 != NULL;
	if (v6 && ((r = get(v6, "TCP6", "inuse", &s->tcp.ipv6)) < 0 ||
		   (r = get(v6, "UDP6", "inuse", &s->udp.ipv6)) < 0 ||
		   (r = get(v6, "RAW6", "inuse", &s->raw.ipv6)) < 0 ||
		   (r = get(v6, "FRAG6", "inuse", &s->frag.ipv6)) < 0))
		return r;
	return 0;
}

int summary_set_snmp(struct summary *s, const struct counters *snmp)
{
	return get(snmp, "Tcp", "CurrEstab", &s->tcp_estab);
}

void summary_add_sock(struct summary *s, const struct sock_rec *rec)
{
	if (rec->netid != SOCK_NETID_TCP)
		return;
	s->tcp_total++;
	if (rec->state < _SOCK_STATE_MAX)
		s->tcp_states[rec->state]++;
	/* What tcp_close() leaves behind once the process let go: the
	 * kernel's own orphan count is system-wide, this one is ours. Like
	 * the kernel's, it ends where the socket becomes a timewait one
	 * (which the dump shows in FIN-WAIT-2 too, with the TIME-WAIT
	 * timer); sockstat's tw counts those. */
	if (rec->detail.timer == SOCK_TIMER_TIMEWAIT)
		return;
	if (rec->inode == 0 && (rec->state == SOCK_STATE_FIN_WAIT1 ||
				rec->state == SOCK_STATE_FIN_WAIT2 ||
				rec->state == SOCK_STATE_CLOSING ||
				rec->state == SOCK_STATE_LAST_ACK))
		s->tcp_orphaned++;
}
