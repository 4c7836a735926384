// SPDX-License-Identifier: GPL-2.0-or-later
#include <netinet/in.h>

#include "collect.h"
#include "nl.h"

static int udp_collect(const struct sock_query *q, int family,
		       sock_emit_fn emit, void *userdata)
{
	return nl_inet_collect(SOCK_NETID_UDP, IPPROTO_UDP, family, q->states,
			       emit, userdata);
}

const struct collector nl_udp_collector = {
	.name = "netlink",
	.netid = SOCK_NETID_UDP,
	.source = SOCK_SOURCE_NETLINK,
	.collect = udp_collect,
};
