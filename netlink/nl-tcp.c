// SPDX-License-Identifier: GPL-2.0-or-later
#include <netinet/in.h>

#include "collect.h"
#include "nl.h"

static int tcp_collect(const struct sock_query *q, int family,
		       sock_emit_fn emit, void *userdata)
{
	return nl_inet_collect(SOCK_NETID_TCP, IPPROTO_TCP, family, q->states,
			       emit, userdata);
}

const struct collector nl_tcp_collector = {
	.name = "netlink",
	.netid = SOCK_NETID_TCP,
	.source = SOCK_SOURCE_NETLINK,
	.collect = tcp_collect,
};
