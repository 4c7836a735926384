// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "recpack.h"

/*
 * Layout: netid, state, family, v6only, source (one byte each), a 16-bit
 * mask of what follows, then each flagged field in the mask's order,
 * unaligned (read and written with memcpy). Addresses take 4 bytes for
 * IPv4, else 16.
 */

enum {
	P_RECVQ = 1 << 0,
	P_SENDQ = 1 << 1,
	P_PORTS = 1 << 2,
	P_IFINDEX = 1 << 3,
	P_ADDRS = 1 << 4,
	P_INODE = 1 << 5,
	P_UID = 1 << 6,
	P_COOKIE = 1 << 7,
	P_MARK = 1 << 8,
	P_CGROUP = 1 << 9,
	P_PROTOCOL = 1 << 10,
	P_PATH = 1 << 11,
	P_UNIX = 1 << 12,    /* peer_inode, vfs */
	P_NETLINK = 1 << 13, /* portid, dst_*, groups, nl_connected */
	P_DETAIL = 1 << 14,
};

#define HEAD 7

static bool zero(const void *p, size_t len)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < len; i++)
		if (b[i])
			return false;
	return true;
}

static size_t addr_len(const struct sock_rec *rec)
{
	return rec->family == AF_INET ? 4 : 16;
}

static unsigned mask_of(const struct sock_rec *rec, enum recpack_what what)
{
	unsigned m = (rec->recv_q ? P_RECVQ : 0) | (rec->send_q ? P_SENDQ : 0) |
		     (rec->local_port || rec->peer_port ? P_PORTS : 0) |
		     (rec->ifindex ? P_IFINDEX : 0);

	if (!zero(rec->local_addr, sizeof(rec->local_addr)) ||
	    !zero(rec->peer_addr, sizeof(rec->peer_addr)))
		m |= P_ADDRS;
	if (what == RECPACK_TABLE)
		return m;
	m |= (rec->inode ? P_INODE : 0) | (rec->has_uid ? P_UID : 0) |
	     (rec->has_cookie ? P_COOKIE : 0) | (rec->has_mark ? P_MARK : 0) |
	     (rec->has_cgroup_id ? P_CGROUP : 0) |
	     (rec->protocol ? P_PROTOCOL : 0) | (rec->path ? P_PATH : 0) |
	     (rec->peer_inode || rec->has_vfs ? P_UNIX : 0) |
	     (rec->family == AF_NETLINK ? P_NETLINK : 0);
	if (what == RECPACK_ALL && !zero(&rec->detail, sizeof(rec->detail)))
		m |= P_DETAIL;
	return m;
}

/* The detail's pointers, in the order their bytes follow it: blob @i
 * and its length. */
static const void *blob_get(const struct sock_detail *d, int i, size_t *len)
{
	switch (i) {
	case 0:
		*len = d->n_icons * sizeof(uint32_t);
		return d->icons;
	case 1:
		*len = d->info_len;
		return d->info;
	case 2:
		*len = d->cong_len;
		return d->cong;
	case 3:
		*len = d->cc_len;
		return d->cc;
	default:
		*len = d->ulp_len;
		return d->ulp;
	}
}

/* Points blob @i of @d at @p. */
static void blob_set(struct sock_detail *d, int i, const char *p)
{
	switch (i) {
	case 0:
		d->icons = (const void *)p; /* read with memcpy: unaligned */
		break;
	case 1:
		d->info = p;
		break;
	case 2:
		d->cong = p;
		break;
	case 3:
		d->cc = p;
		break;
	default:
		d->ulp = p;
		break;
	}
}

/* Where walk() copies. */
enum dir {
	MEASURE, /* nothing: only counts the bytes */
	PUT,     /* record -> bytes */
	GET,     /* bytes -> record */
};

/*
 * Runs through the layout of mask @m once, in direction @dir, between
 * @buf (from HEAD on) and *@rec; returns the packed size. PUT and
 * MEASURE only read *@rec.
 */
static size_t walk(enum dir dir, char *buf, struct sock_rec *rec, unsigned m)
{
	size_t n = HEAD;
	uint32_t len32 = (uint32_t)rec->path_len;
#define F(ptr, len)                                                            \
	do {                                                                   \
		if (dir == PUT)                                                \
			memcpy(buf + n, (ptr), (len));                         \
		else if (dir == GET)                                           \
			memcpy((ptr), buf + n, (len));                         \
		n += (len);                                                    \
	} while (0)

	if (m & P_RECVQ)
		F(&rec->recv_q, 4);
	if (m & P_SENDQ)
		F(&rec->send_q, 4);
	if (m & P_PORTS) {
		F(&rec->local_port, 2);
		F(&rec->peer_port, 2);
	}
	if (m & P_IFINDEX)
		F(&rec->ifindex, 4);
	if (m & P_ADDRS) {
		F(rec->local_addr, addr_len(rec));
		F(rec->peer_addr, addr_len(rec));
	}
	if (m & P_INODE)
		F(&rec->inode, 4);
	if (m & P_UID)
		F(&rec->uid, 4);
	if (m & P_COOKIE)
		F(&rec->cookie, 8);
	if (m & P_MARK)
		F(&rec->mark, 4);
	if (m & P_CGROUP)
		F(&rec->cgroup_id, 8);
	if (m & P_PROTOCOL)
		F(&rec->protocol, 4);
	if (m & P_PATH) {
		F(&len32, 4);
		/* Unpacked, the name stays where it lies. */
		if (dir == GET) {
			rec->path = buf + n;
			rec->path_len = len32;
			n += len32;
		} else {
			if (dir == PUT)
				memcpy(buf + n, rec->path, rec->path_len);
			n += rec->path_len;
		}
	}
	if (m & P_UNIX) {
		F(&rec->peer_inode, 4);
		F(&rec->has_vfs, 1);
		F(&rec->vfs_dev, 4);
		F(&rec->vfs_inode, 4);
	}
	if (m & P_NETLINK) {
		F(&rec->portid, 4);
		F(&rec->dst_portid, 4);
		F(&rec->dst_group, 4);
		F(&rec->groups, 4);
		F(&rec->nl_connected, 1);
	}
	if (m & P_DETAIL) {
		F(&rec->detail, sizeof(rec->detail));
		for (int i = 0; i < 5; i++) {
			size_t len;
			const void *ptr = blob_get(&rec->detail, i, &len);

			if (!ptr)
				continue;
			/* The pointers held are the collector's, long gone:
			 * each blob present now lies here, in order. */
			if (dir == GET)
				blob_set(&rec->detail, i, buf + n);
			else if (dir == PUT)
				memcpy(buf + n, ptr, len);
			n += len;
		}
	}
#undef F
	return n;
}

/* PUT and MEASURE only read the record: walk() takes it writable for
 * GET's sake. */
static struct sock_rec *unconst(const struct sock_rec *rec)
{
	return (struct sock_rec *)(uintptr_t)rec;
}

size_t recpack_size(const struct sock_rec *rec, enum recpack_what what)
{
	return walk(MEASURE, NULL, unconst(rec), mask_of(rec, what));
}

size_t recpack_put(char *dst, const struct sock_rec *rec,
		   enum recpack_what what)
{
	unsigned m = mask_of(rec, what);
	uint16_t m16 = (uint16_t)m;

	dst[0] = (char)rec->netid;
	dst[1] = (char)rec->state;
	dst[2] = (char)rec->family;
	dst[3] = (char)rec->v6only;
	dst[4] = (char)rec->source;
	memcpy(dst + 5, &m16, 2);
	return walk(PUT, dst, unconst(rec), m);
}

size_t recpack_get(const char *src, struct sock_rec *rec)
{
	uint16_t m;

	memset(rec, 0, sizeof(*rec));
	rec->netid = (enum sock_netid)(uint8_t)src[0];
	rec->state = (uint8_t)src[1];
	rec->family = (uint8_t)src[2];
	rec->v6only = (int8_t)src[3];
	rec->source = (enum sock_source)(uint8_t)src[4];
	memcpy(&m, src + 5, 2);
	rec->has_uid = m & P_UID;
	rec->has_cookie = m & P_COOKIE;
	rec->has_mark = m & P_MARK;
	rec->has_cgroup_id = m & P_CGROUP;
	/* GET writes only into *rec: @src is read. */
	return walk(GET, (char *)(uintptr_t)src, rec, m);
}
