// SPDX-License-Identifier: GPL-2.0-or-later
#include <sys/socket.h>

#include "collector.h"
#include "procfs.h"

/* /proc/net/tcp and /proc/net/tcp6; the lines are read in proc-inet.c. */
static int tcp_collect(struct collect_req *req)
{
	return procfs_inet_collect(req, SOCK_NETID_TCP, "tcp",
				   procfs_tcp_header_ok, "tcp6",
				   procfs_tcp6_header_ok);
}

const struct collector procfs_tcp_collector = {
	.name = "procfs",
	.source = SOCK_SOURCE_PROCFS,
	.family = AF_INET,
	.netids = 1u << SOCK_NETID_TCP,
	.collect = tcp_collect,
};
