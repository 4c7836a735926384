// SPDX-License-Identifier: GPL-2.0-or-later
#include <sys/socket.h>

#include "query.h"

bool query_has_netid(const struct sock_query *q, enum sock_netid netid)
{
	return q->netids & (1u << netid);
}

bool query_has_family(const struct sock_query *q, int family)
{
	switch (family) {
	case AF_INET:
		return q->families & QUERY_FAMILY_INET;
	case AF_INET6:
		return q->families & QUERY_FAMILY_INET6;
	default:
		return false;
	}
}

unsigned query_count_netids(const struct sock_query *q)
{
	return (unsigned)__builtin_popcount(q->netids);
}
