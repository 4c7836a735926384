// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/net/{tcp,udp,raw}{,6}: one parser for the three, whose lines share
 * their first twelve fields (net/ipv4/tcp_ipv4.c get_tcp4_sock,
 * net/ipv6/tcp_ipv6.c get_tcp6_sock, net/ipv4/udp.c udp4_format_sock,
 * net/ipv4/raw.c raw_sock_seq_show, net/ipv6/datagram.c
 * __ip6_dgram_sock_seq_show):
 *
 *   sl: local:port remote:port st tx_queue:rx_queue tr:when retrnsmt uid
 *   timeout inode ...
 *
 * tx_queue/rx_queue become Send-Q/Recv-Q. For a listener rx_queue is the
 * accept queue and tx_queue is 0: unlike inet_diag, which puts the backlog
 * in Send-Q, /proc/net/tcp does not print the backlog at all.
 */
#include <errno.h>
#include <sys/socket.h>

#include "collector.h"
#include "proc-dedup.h"
#include "proc-lex.h"
#include "procfs.h"
#include "util/hash.h"

#define WORDS_INET "sl", "local_address", "rem_address", "st", "tx_queue", \
	"rx_queue", "tr", "tm->when", "retrnsmt", "uid", "timeout", "inode"
#define WORDS_INET6 "sl", "local_address", "remote_address", "st",         \
	"tx_queue", "rx_queue", "tr", "tm->when", "retrnsmt", "uid",       \
	"timeout", "inode"

static const char *const tcp_words[] = {WORDS_INET, NULL};
static const char *const tcp6_words[] = {WORDS_INET6, NULL};
static const char *const dgram_words[] = {WORDS_INET, "ref", "pointer",
					  "drops", NULL};
static const char *const dgram6_words[] = {WORDS_INET6, "ref", "pointer",
					   "drops", NULL};

bool procfs_tcp_header_ok(const char *line, size_t len)
{
	return procfs_header_match(line, len, tcp_words);
}

bool procfs_tcp6_header_ok(const char *line, size_t len)
{
	return procfs_header_match(line, len, tcp6_words);
}

bool procfs_udp_header_ok(const char *line, size_t len)
{
	return procfs_header_match(line, len, dgram_words);
}

bool procfs_udp6_header_ok(const char *line, size_t len)
{
	return procfs_header_match(line, len, dgram6_words);
}

bool procfs_raw_header_ok(const char *line, size_t len)
{
	return procfs_header_match(line, len, dgram_words);
}

bool procfs_raw6_header_ok(const char *line, size_t len)
{
	return procfs_header_match(line, len, dgram6_words);
}

/*
 * The kernel prints each 32-bit word of an address with %08X: the __be32
 * (or s6_addr32[i]) read as a host integer. On a little-endian host
 * (x86_64, arm64) 127.0.0.1 reads "0100007F": the first byte on the wire
 * is the integer's low byte. A big-endian host prints the wire order as
 * is ("7F000001"). Spelled out per byte order rather than left to a
 * memcpy, so the decoding can be checked against the fixtures by eye.
 */
static void put_word(uint8_t *dst, uint32_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	dst[0] = (uint8_t)v;
	dst[1] = (uint8_t)(v >> 8);
	dst[2] = (uint8_t)(v >> 16);
	dst[3] = (uint8_t)(v >> 24);
#else
	dst[0] = (uint8_t)(v >> 24);
	dst[1] = (uint8_t)(v >> 16);
	dst[2] = (uint8_t)(v >> 8);
	dst[3] = (uint8_t)v;
#endif
}

/* "%08X:%04X" (inet) or "%08X%08X%08X%08X:%04X" (inet6); the port is
 * already in host order (the kernel ntohs()ed it). */
static bool parse_endpoint(const char *s, size_t n, size_t words,
			   uint8_t *addr, uint16_t *port)
{
	uint32_t w;

	if (n != words * 8 + 5 || s[words * 8] != ':')
		return false;
	for (size_t i = 0; i < words; i++) {
		if (!lex_hex32(s + i * 8, 8, 8, &w))
			return false;
		put_word(addr + i * 4, w);
	}
	if (!lex_hex32(s + words * 8 + 1, 4, 4, &w))
		return false;
	*port = (uint16_t)w;
	return true;
}

/*
 * What follows the inode. TCP: a full socket prints refcount, pointer,
 * rto, ato, quick/pingpong, cwnd and ssthresh (or fastopen max_qlen);
 * a TIME-WAIT socket (substate TIME-WAIT or FIN-WAIT-2) and a request
 * socket (SYN-RECV) only refcount and pointer. UDP and raw: refcount,
 * pointer, drops.
 */
static bool parse_tail(struct lex *l, enum sock_netid netid, uint32_t state)
{
	const char *t;
	size_t n;
	uint32_t u;

	if (!lex_next(l, &t, &n) || !lex_int_valid(t, n))
		return false;
	if (!lex_next(l, &t, &n) || !lex_pointer_valid(t, n))
		return false;
	if (netid == SOCK_NETID_TCP) {
		if (lex_done(l))
			return state == SOCK_STATE_TIME_WAIT ||
			       state == SOCK_STATE_FIN_WAIT2 ||
			       state == SOCK_STATE_SYN_RECV;
		if (!lex_next(l, &t, &n) || !lex_ulong_valid(t, n) ||
		    !lex_next(l, &t, &n) || !lex_ulong_valid(t, n) ||
		    !lex_next(l, &t, &n) || !lex_u32(t, n, &u) ||
		    !lex_next(l, &t, &n) || !lex_u32(t, n, &u) ||
		    !lex_next(l, &t, &n) || !lex_int_valid(t, n))
			return false;
	} else if (!lex_next(l, &t, &n) || !lex_u32(t, n, &u)) {
		return false;
	}
	return lex_done(l);
}

int procfs_inet_parse(const char *line, size_t len, int family,
		      enum sock_netid netid, struct sock_rec *ret)
{
	struct lex l = {line, line + len};
	struct sock_rec rec = {
		.netid = netid,
		.source = SOCK_SOURCE_PROCFS,
		.family = family,
		.v6only = -1,
		.has_uid = true,
	};
	uint32_t st, u;
	uint64_t v;
	const char *t;
	size_t n, words;

	if (family == AF_INET)
		words = 1;
	else if (family == AF_INET6)
		words = 4;
	else
		return -EINVAL;
	if (netid != SOCK_NETID_TCP && netid != SOCK_NETID_UDP &&
	    netid != SOCK_NETID_RAW)
		return -EINVAL;

	/* "%4d:", the line number, ':' attached. */
	if (!lex_next(&l, &t, &n) || n < 2 || t[n - 1] != ':' ||
	    !lex_dec(t, n - 1, INT32_MAX, &v))
		return -EBADMSG;
	if (!lex_next(&l, &t, &n) ||
	    !parse_endpoint(t, n, words, rec.local_addr, &rec.local_port))
		return -EBADMSG;
	if (!lex_next(&l, &t, &n) ||
	    !parse_endpoint(t, n, words, rec.peer_addr, &rec.peer_port))
		return -EBADMSG;
	if (!lex_next(&l, &t, &n) || !lex_hex32(t, n, 2, &st) ||
	    st == SOCK_STATE_UNKNOWN || st > SOCK_STATE_CLOSING)
		return -EBADMSG;
	rec.state = (uint8_t)st;
	/* "%08X:%08X" tx_queue:rx_queue */
	if (!lex_next(&l, &t, &n) || n != 17 || t[8] != ':' ||
	    !lex_hex32(t, 8, 8, &rec.send_q) ||
	    !lex_hex32(t + 9, 8, 8, &rec.recv_q))
		return -EBADMSG;
	/* "%02X:%08lX" timer:expiry; the expiry is a long, so up to 16
	 * digits when the kernel prints a negative delta. */
	if (!lex_next(&l, &t, &n) || n < 3 || t[2] != ':' ||
	    !lex_hex32(t, 2, 2, &u) || !lex_hex_span(t + 3, n - 3, 8, 16))
		return -EBADMSG;
	/* Which timer, without has_timer: the expiry is in clock ticks,
	 * not what -o prints. -s tells timewait sockets by it. */
	rec.detail.timer = (uint8_t)u;
	if (!lex_next(&l, &t, &n) || !lex_hex32(t, n, 8, &u)) /* retrnsmt */
		return -EBADMSG;
	if (!lex_next(&l, &t, &n) || !lex_u32(t, n, &rec.uid))
		return -EBADMSG;
	if (!lex_next(&l, &t, &n) || !lex_int_valid(t, n)) /* timeout */
		return -EBADMSG;
	if (!lex_next(&l, &t, &n) || !lex_u32(t, n, &rec.inode))
		return -EBADMSG;
	if (!parse_tail(&l, netid, st))
		return -EBADMSG;

	/* A raw socket's "port" is its IP protocol (inet_num). */
	if (netid == SOCK_NETID_RAW)
		rec.protocol = rec.local_port;
	*ret = rec;
	return 0;
}

struct inet_ctx {
	struct collect_req *req;
	int family;
	enum sock_netid netid;
	struct procfs_dedup seen; /* the sockets listed so far */
};

/* What tells a socket of one /proc file apart: its inode, or for one no
 * descriptor holds (inode 0: TIME-WAIT, SYN-RECV, not yet accepted) a
 * hash of both ends, which no two such sockets share; bit 63 keeps the
 * two kinds of key apart (inodes are 32-bit). */
static uint64_t inet_key(const struct sock_rec *rec)
{
	uint64_t h;

	if (rec->inode)
		return rec->inode;
	h = hash_bytes(HASH_SEED, rec->local_addr, sizeof(rec->local_addr));
	h = hash_bytes(h, rec->peer_addr, sizeof(rec->peer_addr));
	h = hash_bytes(h, &rec->local_port, sizeof(rec->local_port));
	h = hash_bytes(h, &rec->peer_port, sizeof(rec->peer_port));
	return h | PROCFS_KEY_NOT_INODE;
}

/* What a listed inet socket keeps for life: its table, family and local
 * port (the address may change: connect() on a UDP socket bound to
 * 0.0.0.0 sets it, and rehashes the socket). */
static uint64_t inet_identity(const struct sock_rec *rec)
{
	uint64_t v[] = {rec->netid, (uint64_t)rec->family, rec->local_port};

	return hash_bytes(HASH_SEED, v, sizeof(v));
}

static int inet_line(const char *line, size_t len, void *userdata)
{
	struct inet_ctx *c = userdata;
	struct sock_rec rec;
	int r;

	if (!line ||
	    procfs_inet_parse(line, len, c->family, c->netid, &rec) < 0)
		return -EBADMSG;
	/* A line given twice (churn between reads) is dropped and counted;
	 * another socket under a key already seen is malformed. */
	r = procfs_dedup_check(&c->seen, inet_key(&rec), inet_identity(&rec));
	if (r == 0)
		c->req->repeated++;
	if (r <= 0)
		return r;
	return c->req->emit(&rec, c->req->userdata);
}

int procfs_inet_collect(struct collect_req *req, enum sock_netid netid,
			const char *name4, procfs_header_fn header4,
			const char *name6, procfs_header_fn header6)
{
	struct inet_ctx c = {.req = req, .family = req->family, .netid = netid};
	int r;

	if (req->family == AF_INET)
		r = procfs_file_read(req->proc_root, name4, header4, inet_line,
				     &c, &req->skipped);
	else if (req->family == AF_INET6)
		r = procfs_file_read(req->proc_root, name6, header6, inet_line,
				     &c, &req->skipped);
	else
		r = -EAFNOSUPPORT;
	procfs_dedup_done(&c.seen);
	return r;
}
