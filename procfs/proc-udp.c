// SPDX-License-Identifier: GPL-2.0-or-later
#include <sys/socket.h>

#include "collector.h"
#include "procfs.h"

/* /proc/net/udp and /proc/net/udp6; the lines are read in proc-inet.c. */
static int udp_collect(struct collect_req *req)
{
	return procfs_inet_collect(req, SOCK_NETID_UDP, "udp",
				   procfs_udp_header_ok, "udp6",
				   procfs_udp6_header_ok);
}

const struct collector procfs_udp_collector = {
	.name = "procfs",
	.source = SOCK_SOURCE_PROCFS,
	.family = AF_INET,
	.netids = 1u << SOCK_NETID_UDP,
	.collect = udp_collect,
};
