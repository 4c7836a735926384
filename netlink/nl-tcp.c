// SPDX-License-Identifier: GPL-2.0-or-later
#include <netinet/in.h>
#include <sys/socket.h>

#include "collector.h"
#include "nl.h"

static int tcp_collect(struct collect_req *req)
{
	return nl_inet_collect_req(SOCK_NETID_TCP, IPPROTO_TCP, req);
}

const struct collector nl_tcp_collector = {
	.name = "netlink",
	.source = SOCK_SOURCE_NETLINK,
	.family = AF_INET,
	.netids = 1u << SOCK_NETID_TCP,
	.bytecode = true,
	.collect = tcp_collect,
};
