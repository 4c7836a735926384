// SPDX-License-Identifier: GPL-2.0-or-later
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

/* The bytes the detail's pointers point to, in this order. */
static size_t detail_blobs(const struct sock_detail *d, const void **ptr,
			   size_t *len)
{
	ptr[0] = d->icons;
	len[0] = d->n_icons * sizeof(uint32_t);
	ptr[1] = d->info;
	len[1] = d->info_len;
	ptr[2] = d->cong;
	len[2] = d->cong_len;
	ptr[3] = d->cc;
	len[3] = d->cc_len;
	ptr[4] = d->ulp;
	len[4] = d->ulp_len;
	return 5;
}

/* Runs through the layout once, packing (@put) or measuring (@dst NULL). */
static size_t walk_put(char *dst, const struct sock_rec *rec, unsigned m)
{
	size_t n = HEAD;
#define PUT(ptr, len)                                                          \
	do {                                                                   \
		if (dst)                                                       \
			memcpy(dst + n, (ptr), (len));                         \
		n += (len);                                                    \
	} while (0)

	if (m & P_RECVQ)
		PUT(&rec->recv_q, 4);
	if (m & P_SENDQ)
		PUT(&rec->send_q, 4);
	if (m & P_PORTS) {
		PUT(&rec->local_port, 2);
		PUT(&rec->peer_port, 2);
	}
	if (m & P_IFINDEX)
		PUT(&rec->ifindex, 4);
	if (m & P_ADDRS) {
		PUT(rec->local_addr, addr_len(rec));
		PUT(rec->peer_addr, addr_len(rec));
	}
	if (m & P_INODE)
		PUT(&rec->inode, 4);
	if (m & P_UID)
		PUT(&rec->uid, 4);
	if (m & P_COOKIE)
		PUT(&rec->cookie, 8);
	if (m & P_MARK)
		PUT(&rec->mark, 4);
	if (m & P_CGROUP)
		PUT(&rec->cgroup_id, 8);
	if (m & P_PROTOCOL)
		PUT(&rec->protocol, 4);
	if (m & P_PATH) {
		uint32_t len = (uint32_t)rec->path_len;

		PUT(&len, 4);
		PUT(rec->path, rec->path_len);
	}
	if (m & P_UNIX) {
		PUT(&rec->peer_inode, 4);
		PUT(&rec->has_vfs, 1);
		PUT(&rec->vfs_dev, 4);
		PUT(&rec->vfs_inode, 4);
	}
	if (m & P_NETLINK) {
		PUT(&rec->portid, 4);
		PUT(&rec->dst_portid, 4);
		PUT(&rec->dst_group, 4);
		PUT(&rec->groups, 4);
		PUT(&rec->nl_connected, 1);
	}
	if (m & P_DETAIL) {
		const void *ptr[5];
		size_t len[5], k = detail_blobs(&rec->detail, ptr, len);

		PUT(&rec->detail, sizeof(rec->detail));
		for (size_t i = 0; i < k; i++)
			if (ptr[i])
				PUT(ptr[i], len[i]);
	}
#undef PUT
	return n;
}

size_t recpack_size(const struct sock_rec *rec, enum recpack_what what)
{
	return walk_put(NULL, rec, mask_of(rec, what));
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
	return walk_put(dst, rec, m);
}

size_t recpack_get(const char *src, struct sock_rec *rec)
{
	uint16_t m;
	size_t n = HEAD;
#define GET(ptr, len)                                                          \
	do {                                                                   \
		memcpy((ptr), src + n, (len));                                 \
		n += (len);                                                    \
	} while (0)

	memset(rec, 0, sizeof(*rec));
	rec->netid = (enum sock_netid)(uint8_t)src[0];
	rec->state = (uint8_t)src[1];
	rec->family = (uint8_t)src[2];
	rec->v6only = (int8_t)src[3];
	rec->source = (enum sock_source)(uint8_t)src[4];
	memcpy(&m, src + 5, 2);
	if (m & P_RECVQ)
		GET(&rec->recv_q, 4);
	if (m & P_SENDQ)
		GET(&rec->send_q, 4);
	if (m & P_PORTS) {
		GET(&rec->local_port, 2);
		GET(&rec->peer_port, 2);
	}
	if (m & P_IFINDEX)
		GET(&rec->ifindex, 4);
	if (m & P_ADDRS) {
		GET(rec->local_addr, addr_len(rec));
		GET(rec->peer_addr, addr_len(rec));
	}
	if (m & P_INODE)
		GET(&rec->inode, 4);
	rec->has_uid = m & P_UID;
	if (m & P_UID)
		GET(&rec->uid, 4);
	rec->has_cookie = m & P_COOKIE;
	if (m & P_COOKIE)
		GET(&rec->cookie, 8);
	rec->has_mark = m & P_MARK;
	if (m & P_MARK)
		GET(&rec->mark, 4);
	rec->has_cgroup_id = m & P_CGROUP;
	if (m & P_CGROUP)
		GET(&rec->cgroup_id, 8);
	if (m & P_PROTOCOL)
		GET(&rec->protocol, 4);
	if (m & P_PATH) {
		uint32_t len;

		GET(&len, 4);
		rec->path = src + n;
		rec->path_len = len;
		n += len;
	}
	if (m & P_UNIX) {
		GET(&rec->peer_inode, 4);
		GET(&rec->has_vfs, 1);
		GET(&rec->vfs_dev, 4);
		GET(&rec->vfs_inode, 4);
	}
	if (m & P_NETLINK) {
		GET(&rec->portid, 4);
		GET(&rec->dst_portid, 4);
		GET(&rec->dst_group, 4);
		GET(&rec->groups, 4);
		GET(&rec->nl_connected, 1);
	}
	if (m & P_DETAIL) {
		struct sock_detail *d = &rec->detail;
		const void *ptr[5];
		size_t len[5];

		GET(d, sizeof(*d));
		detail_blobs(d, ptr, len);
		/* The pointers held are the collector's, long gone: each
		 * present blob now lies here, in order. */
		if (ptr[0]) {
			d->icons = (const uint32_t *)(const void *)(src + n);
			n += len[0];
		}
		if (ptr[1]) {
			d->info = src + n;
			n += len[1];
		}
		if (ptr[2]) {
			d->cong = src + n;
			n += len[2];
		}
		if (ptr[3]) {
			d->cc = src + n;
			n += len[3];
		}
		if (ptr[4]) {
			d->ulp = src + n;
			n += len[4];
		}
	}
#undef GET
	return n;
}
