// SPDX-License-Identifier: GPL-2.0-or-later
#include <sys/socket.h>

#include "query.h"

#define ONLY(state) (1u << (state))

/* Each table's default states once the user names it (-x, -0, -A ...):
 * a packet or netlink socket is "connected" only in name, so those tables
 * show what exists rather than what is connected (ss shows them with -0
 * but not with -A packet or -A netlink). Datagram tables that do connect
 * show the connected ones, as ss: UDP, raw, and unix datagram with -x
 * and -A unix_dgram alike (-a adds the unconnected). Nothing named:
 * connected sockets of every table, as ss. */
static const uint32_t default_states[_SOCK_NETID_MAX] = {
	[SOCK_NETID_NETLINK] = ONLY(SOCK_STATE_CLOSE),
	[SOCK_NETID_PACKET_RAW] = ONLY(SOCK_STATE_CLOSE),
	[SOCK_NETID_PACKET_DGRAM] = ONLY(SOCK_STATE_CLOSE),
	[SOCK_NETID_UNIX_STREAM] = QUERY_STATES_CONNECTED,
	[SOCK_NETID_UNIX_DGRAM] = ONLY(SOCK_STATE_ESTABLISHED),
	[SOCK_NETID_UNIX_SEQPACKET] = QUERY_STATES_CONNECTED,
	[SOCK_NETID_RAW] = ONLY(SOCK_STATE_ESTABLISHED),
	[SOCK_NETID_UDP] = ONLY(SOCK_STATE_ESTABLISHED),
	[SOCK_NETID_TCP] = QUERY_STATES_CONNECTED,
	[SOCK_NETID_SCTP] = QUERY_STATES_CONNECTED,
	[SOCK_NETID_VSOCK_STREAM] = QUERY_STATES_CONNECTED,
	[SOCK_NETID_VSOCK_DGRAM] = ONLY(SOCK_STATE_CLOSE),
	[SOCK_NETID_TIPC] = SOCK_STATES_ALL,
	[SOCK_NETID_XDP] = ONLY(SOCK_STATE_CLOSE),
	[SOCK_NETID_MPTCP] = QUERY_STATES_CONNECTED,
};

bool query_has_netid(const struct sock_query *q, enum sock_netid netid)
{
	return q->netids & (1u << netid);
}

uint32_t query_family_bit(int family)
{
	switch (family) {
	case AF_INET:
		return QUERY_FAMILY_INET;
	case AF_INET6:
		return QUERY_FAMILY_INET6;
	case AF_UNIX:
		return QUERY_FAMILY_UNIX;
	case AF_PACKET:
		return QUERY_FAMILY_PACKET;
	case AF_NETLINK:
		return QUERY_FAMILY_NETLINK;
	case AF_VSOCK:
		return QUERY_FAMILY_VSOCK;
	case AF_TIPC:
		return QUERY_FAMILY_TIPC;
	case AF_XDP:
		return QUERY_FAMILY_XDP;
	default:
		return 0;
	}
}

bool query_has_family(const struct sock_query *q, int family)
{
	return q->families & query_family_bit(family);
}

uint32_t query_states(const struct sock_query *q, enum sock_netid netid)
{
	if (q->states_default && (unsigned)netid < _SOCK_NETID_MAX)
		return default_states[netid];
	return q->states;
}

uint32_t query_states_any(const struct sock_query *q, uint32_t netids)
{
	uint32_t states = 0;

	netids &= q->netids;
	for (unsigned n = 0; n < _SOCK_NETID_MAX; n++)
		if (netids & (1u << n))
			states |= query_states(q, (enum sock_netid)n);
	return states;
}

unsigned query_count_netids(const struct sock_query *q)
{
	return (unsigned)__builtin_popcount(q->netids);
}
