// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/net/netlink (net/netlink/af_netlink.c netlink_native_seq_show):
 *
 *   "%pK %-3d %-10u %08x %-8d %-8d %-5d %-8d %-8u %-8llu" pointer,
 *   protocol, portid, first 32 groups, rmem, wmem, dump running,
 *   refcount, drops, inode
 *
 * There is no owner and no connected-to port id; the state is UNCONN as
 * ss shows it.
 */
#include <errno.h>
#include <sys/socket.h>

#include "collector.h"
#include "proc-lex.h"
#include "procfs.h"

static const char *const netlink_words[] = {
	"sk",   "Eth",   "Pid",   "Groups", "Rmem", "Wmem",
	"Dump", "Locks", "Drops", "Inode",  NULL};

bool procfs_netlink_header_ok(const char *line, size_t len)
{
	return procfs_header_match(line, len, netlink_words);
}

int procfs_netlink_parse(const char *line, size_t len, struct sock_rec *ret)
{
	struct lex l = {line, line + len};
	struct sock_rec rec = {
		.netid = SOCK_NETID_NETLINK,
		.source = SOCK_SOURCE_PROCFS,
		.family = AF_NETLINK,
		.state = SOCK_STATE_CLOSE,
		.v6only = -1,
	};
	uint32_t u;
	const char *t;
	size_t n;

	/* Rmem and Wmem are printed with %d but are never negative. */
	if (!lex_next(&l, &t, &n) || !lex_pointer_valid(t, n) ||
	    !lex_next(&l, &t, &n) || !lex_u32(t, n, &rec.protocol) ||
	    !lex_next(&l, &t, &n) || !lex_u32(t, n, &rec.portid) ||
	    !lex_next(&l, &t, &n) || !lex_hex32(t, n, 8, &rec.groups) ||
	    !lex_next(&l, &t, &n) || !lex_u32(t, n, &rec.recv_q) ||
	    rec.recv_q > INT32_MAX ||
	    !lex_next(&l, &t, &n) || !lex_u32(t, n, &rec.send_q) ||
	    rec.send_q > INT32_MAX ||
	    !lex_next(&l, &t, &n) || !lex_u32(t, n, &u) || u > 1 || /* dump */
	    !lex_next(&l, &t, &n) || !lex_int_valid(t, n) || /* refcount */
	    !lex_next(&l, &t, &n) || !lex_u32(t, n, &u) || /* drops */
	    !lex_next(&l, &t, &n) || !lex_u32(t, n, &rec.inode) ||
	    !lex_done(&l))
		return -EBADMSG;
	*ret = rec;
	return 0;
}

static int netlink_collect(struct collect_req *req)
{
	return procfs_file_emit(req, "netlink", procfs_netlink_header_ok,
				procfs_netlink_parse);
}

const struct collector procfs_netlink_collector = {
	.name = "procfs",
	.source = SOCK_SOURCE_PROCFS,
	.family = AF_NETLINK,
	.netids = 1u << SOCK_NETID_NETLINK,
	.collect = netlink_collect,
};
