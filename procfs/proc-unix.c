// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/net/unix (net/unix/af_unix.c unix_seq_show):
 *
 *   "%pK: %08X %08X %08X %04X %02X %5llu" pointer, refcount, 0, flags,
 *   type, socket state, inode
 *
 * then, for a bound socket, ' ' and its name byte for byte: an abstract
 * name with '@' for its leading NUL (and for any other NUL), a path as it
 * is. Nothing is escaped, so a name holding '\n' splits its line in two.
 *
 * What that costs, since /proc cannot say where such a name ends:
 * - a bound socket's line is emitted only once the next line parsed (or
 *   the file ended cleanly). If the next line does not parse, it may be
 *   the rest of this name, so the socket is dropped and counted as
 *   skipped, as is every line up to the next one that parses: a socket
 *   whose name holds '\n' is not listed at all. A line over
 *   PROCFS_LINE_MAX, or a last line without its '\n', is never taken
 *   for the rest of a name: the socket before it is listed.
 * - a name whose continuation is itself a well-formed line (someone bound
 *   a name forged to look like one) cannot be told from a real socket:
 *   the real one is listed with its name cut at the '\n' and the forged
 *   one as a socket. Only unix_diag (netlink) is immune.
 * - '@' inside an abstract name may have been a NUL; a path beginning
 *   with '@' (a relative path bound as such) reads as an abstract name.
 * - Recv-Q, Send-Q, the peer and the owner are not in the file (0).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "collector.h"
#include "proc-dedup.h"
#include "proc-lex.h"
#include "procfs.h"

static const char *const unix_words[] = {"Num",   "RefCount", "Protocol",
					 "Flags", "Type",     "St",
					 "Inode", "Path",     NULL};

/* __SO_ACCEPTCON: the kernel sets it in Flags for a listener only. */
#define UNIX_FLAG_ACCEPTCON 0x10000u

bool procfs_unix_header_ok(const char *line, size_t len)
{
	return procfs_header_match(line, len, unix_words);
}

int procfs_unix_parse(const char *line, size_t len, char *pathbuf,
		      struct sock_rec *ret)
{
	struct lex l = {line, line + len};
	struct sock_rec rec = {
		.source = SOCK_SOURCE_PROCFS,
		.family = AF_UNIX,
		.v6only = -1,
	};
	uint32_t u, flags, type, st;
	const char *t, *path;
	size_t n, plen;
	int netid;

	if (!lex_next(&l, &t, &n) || n < 2 || t[n - 1] != ':' ||
	    !lex_pointer_valid(t, n - 1))
		return -EBADMSG;
	if (!lex_next(&l, &t, &n) || !lex_hex32(t, n, 8, &u) || /* refs */
	    !lex_next(&l, &t, &n) || !lex_hex32(t, n, 8, &u) || /* 0 */
	    !lex_next(&l, &t, &n) || !lex_hex32(t, n, 8, &flags) ||
	    !lex_next(&l, &t, &n) || !lex_hex32(t, n, 4, &type) ||
	    !lex_next(&l, &t, &n) || !lex_hex32(t, n, 2, &st) ||
	    !lex_next(&l, &t, &n) || !lex_u32(t, n, &rec.inode))
		return -EBADMSG;
	netid = sock_unix_netid(type);
	if (netid < 0)
		return -EBADMSG;
	rec.netid = (enum sock_netid)netid;

	/*
	 * St is SS_UNCONNECTED (1) or SS_CONNECTED (3) for a socket with a
	 * struct socket, SS_CONNECTING (2) or SS_DISCONNECTING (4) for one
	 * without (an embryo in a listener's queue): 2 and 3 both say
	 * sk_state is ESTABLISHED, which is what unix_diag reports. ss's
	 * /proc reader maps 2 to SYN-SENT instead; we follow the kernel.
	 */
	if (st < 1 || st > 4)
		return -EBADMSG;
	if (flags & UNIX_FLAG_ACCEPTCON)
		rec.state = SOCK_STATE_LISTEN;
	else if (st == 2 || st == 3)
		rec.state = SOCK_STATE_ESTABLISHED;
	else
		rec.state = SOCK_STATE_CLOSE;

	/* The token ended at a space or at the end: the name is everything
	 * after that one space, spaces included. */
	if (l.p < l.end) {
		path = l.p + 1;
		plen = (size_t)(l.end - path);
		/* Empty: the name began with '\n'. A NUL is never printed. */
		if (plen == 0 || plen > PROCFS_UNIX_PATH_MAX ||
		    memchr(path, '\0', plen))
			return -EBADMSG;
		memcpy(pathbuf, path, plen);
		if (pathbuf[0] == '@')
			pathbuf[0] = '\0';
		rec.path = pathbuf;
		rec.path_len = plen;
	}
	*ret = rec;
	return 0;
}

struct unix_ctx {
	struct collect_req *req;
	struct sock_rec pending; /* a bound socket, held back one line */
	bool has_pending;
	char path[2][PROCFS_UNIX_PATH_MAX];
	unsigned cur; /* the path[] the next line is parsed into */
	struct procfs_dedup seen; /* the sockets listed so far */
};

static int flush(struct unix_ctx *c)
{
	if (!c->has_pending)
		return 0;
	c->has_pending = false;
	return c->req->emit(&c->pending, c->req->userdata);
}

static int unix_line(const char *line, size_t len, void *userdata)
{
	struct unix_ctx *c = userdata;
	struct sock_rec rec;
	int r;

	if (!line) {
		/* Over PROCFS_LINE_MAX: longer than any name, so a line of
		 * its own. Or the last line, without its '\n': the kernel
		 * ends every line, so this is a capture that lost its final
		 * newline (or was cut), and taking the tail for the rest of
		 * the pending name would lose a whole socket for the sake of
		 * a file the kernel never writes. The pending socket is
		 * whole either way; the line itself is skipped. */
		r = flush(c);
		return r < 0 ? r : -EBADMSG;
	}
	if (procfs_unix_parse(line, len, c->path[c->cur], &rec) < 0) {
		/* Perhaps the rest of the pending socket's name. */
		if (c->has_pending) {
			c->has_pending = false;
			c->req->skipped++;
		}
		return -EBADMSG;
	}
	r = flush(c);
	if (r < 0)
		return r;
	/* Listed twice (churn between reads): dropped and counted. The
	 * name is left out of the identity: bind() gives one to a socket
	 * listed unnamed, and moves it in the kernel's table. */
	r = procfs_dedup_line(&c->seen, line, len, &rec, &c->req->repeated);
	if (r <= 0)
		return r;
	if (!rec.path) /* nothing a '\n' could have cut */
		return c->req->emit(&rec, c->req->userdata);
	c->pending = rec;
	c->has_pending = true;
	c->cur ^= 1;
	return 0;
}

static int unix_collect(struct collect_req *req)
{
	struct unix_ctx c = {.req = req};
	int r;

	r = procfs_file_read(req->proc_root, "unix", procfs_unix_header_ok,
			     unix_line, &c, &req->skipped);
	procfs_dedup_done(&c.seen);
	if (r < 0)
		return r;
	return flush(&c);
}

const struct collector procfs_unix_collector = {
	.name = "procfs",
	.source = SOCK_SOURCE_PROCFS,
	.family = AF_UNIX,
	.netids = 1u << SOCK_NETID_UNIX_STREAM | 1u << SOCK_NETID_UNIX_DGRAM |
		  1u << SOCK_NETID_UNIX_SEQPACKET,
	.collect = unix_collect,
};
