// SPDX-License-Identifier: GPL-2.0-or-later
#include <netinet/in.h>
#include <sys/socket.h>

#include "nl.h"
#include "collector.h"

/* MPTCP replies are plain inet_diag_msg: nl_inet_parse reads them. */
static int mptcp_collect(struct collect_req *req)
{
	return nl_inet_collect_req(SOCK_NETID_MPTCP, IPPROTO_MPTCP, req);
}

const struct collector nl_mptcp_collector = {
	.name = "netlink",
	.source = SOCK_SOURCE_NETLINK,
	.family = AF_INET,
	.netids = 1u << SOCK_NETID_MPTCP,
	.bytecode = true,
	.collect = mptcp_collect,
};
