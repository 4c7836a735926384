// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>

#include "summary.h"

static int get(const struct counters *set, const char *proto, uint64_t *ret)
{
	return counters_get_u64(set, proto, "inuse", ret) < 0 ? -EBADMSG : 0;
}

int summary_set_sockstat(struct summary *s, const struct counters *v4,
			 const struct counters *v6)
{
	if (counters_get_u64(v4, "sockets", "used", &s->sockets) < 0 ||
	    get(v4, "TCP", &s->tcp.ipv4) < 0 ||
	    get(v4, "UDP", &s->udp.ipv4) < 0 ||
	    get(v4, "RAW", &s->raw.ipv4) < 0 ||
	    get(v4, "FRAG", &s->frag.ipv4) < 0 ||
	    counters_get_u64(v4, "TCP", "tw", &s->tcp_timewait) < 0)
		return -EBADMSG;
	s->has_ipv6 = v6 != NULL;
	if (v6 && (get(v6, "TCP6", &s->tcp.ipv6) < 0 ||
		   get(v6, "UDP6", &s->udp.ipv6) < 0 ||
		   get(v6, "RAW6", &s->raw.ipv6) < 0 ||
		   get(v6, "FRAG6", &s->frag.ipv6) < 0))
		return -EBADMSG;
	return 0;
}

int summary_set_snmp(struct summary *s, const struct counters *snmp)
{
	if (counters_get_u64(snmp, "Tcp", "CurrEstab", &s->tcp_estab) < 0)
		return -EBADMSG;
	return 0;
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
