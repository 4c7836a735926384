// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/net/packet (net/packet/af_packet.c packet_seq_show):
 *
 *   "%pK %-6d %-4d %04x   %-5d %1d %-6u %-6u %-6llu" pointer, refcount,
 *   type, protocol, ifindex, running, rmem, uid, inode
 *
 * The protocol is the bound ethertype already in host order (ntohs()ed).
 * The file has no state: ss shows packet sockets as UNCONN.
 */
#include <errno.h>
#include <sys/socket.h>

#include "collector.h"
#include "proc-lex.h"
#include "procfs.h"

static const char *const packet_words[] = {
	"sk", "RefCnt", "Type", "Proto", "Iface", "R", "Rmem", "User", "Inode",
	NULL};

bool procfs_packet_header_ok(const char *line, size_t len)
{
	return procfs_header_match(line, len, packet_words);
}

int procfs_packet_parse(const char *line, size_t len, struct sock_rec *ret)
{
	struct lex l = {line, line + len};
	struct sock_rec rec = {
		.source = SOCK_SOURCE_PROCFS,
		.family = AF_PACKET,
		.state = SOCK_STATE_CLOSE,
		.v6only = -1,
		.has_uid = true,
	};
	uint32_t type, running;
	const char *t;
	size_t n;

	if (!lex_next(&l, &t, &n) || !lex_pointer_valid(t, n) ||
	    !lex_next(&l, &t, &n) || !lex_int_valid(t, n) || /* refcount */
	    !lex_next(&l, &t, &n) || !lex_u32(t, n, &type) ||
	    !lex_next(&l, &t, &n) || !lex_hex32(t, n, 4, &rec.protocol) ||
	    !lex_next(&l, &t, &n) || !lex_u32(t, n, &rec.ifindex) ||
	    rec.ifindex > INT32_MAX ||
	    !lex_next(&l, &t, &n) || !lex_u32(t, n, &running) || running > 1 ||
	    !lex_next(&l, &t, &n) || !lex_u32(t, n, &rec.recv_q) ||
	    !lex_next(&l, &t, &n) || !lex_u32(t, n, &rec.uid) ||
	    !lex_next(&l, &t, &n) || !lex_u32(t, n, &rec.inode) ||
	    !lex_done(&l))
		return -EBADMSG;
	/* As ss: SOCK_RAW is p_raw, the rest (SOCK_DGRAM, and the old
	 * SOCK_PACKET) p_dgr. */
	if (type == SOCK_RAW)
		rec.netid = SOCK_NETID_PACKET_RAW;
	else if (type == SOCK_DGRAM || type == SOCK_PACKET)
		rec.netid = SOCK_NETID_PACKET_DGRAM;
	else
		return -EBADMSG;
	*ret = rec;
	return 0;
}

static int packet_collect(struct collect_req *req)
{
	return procfs_file_emit(req, "packet", procfs_packet_header_ok,
				procfs_packet_parse);
}

const struct collector procfs_packet_collector = {
	.name = "procfs",
	.source = SOCK_SOURCE_PROCFS,
	.family = AF_PACKET,
	.netids = 1u << SOCK_NETID_PACKET_RAW | 1u << SOCK_NETID_PACKET_DGRAM,
	.collect = packet_collect,
};
