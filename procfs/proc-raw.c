// SPDX-License-Identifier: GPL-2.0-or-later
#include <sys/socket.h>

#include "collector.h"
#include "procfs.h"

/* /proc/net/raw and /proc/net/raw6; the lines are read in proc-inet.c. */
static int raw_collect(struct collect_req *req)
{
	return procfs_inet_collect(req, SOCK_NETID_RAW, "raw",
				   procfs_raw_header_ok, "raw6",
				   procfs_raw6_header_ok);
}

const struct collector procfs_raw_collector = {
	.name = "procfs",
	.source = SOCK_SOURCE_PROCFS,
	.family = AF_INET,
	.netids = 1u << SOCK_NETID_RAW,
	.collect = raw_collect,
};
