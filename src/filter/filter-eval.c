// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The expression decided in userspace, for every family and source. For
 * inet sockets each term means exactly what inet_diag_bc_run() makes of
 * the bytecode filter-bc.c emits for it (net/ipv4/inet_diag.c); the live
 * tests hold the two to that.
 */
#include <fnmatch.h>
#include <string.h>
#include <sys/socket.h>

#include "filter-internal.h"
#include "query.h"

static bool is_inet(int family)
{
	return family == AF_INET || family == AF_INET6;
}

static bool has_ports(int family)
{
	return is_inet(family) || family == AF_VSOCK;
}

/* The kernel's bitstring_match: the first @bits bits of @a and @b. */
static bool prefix_match(const uint8_t *a, const uint8_t *b, unsigned bits)
{
	unsigned bytes = bits / 8, rest = bits % 8;

	if (memcmp(a, b, bytes) != 0)
		return false;
	if (rest) {
		uint8_t mask = (uint8_t)(0xff00 >> rest);
		return ((a[bytes] ^ b[bytes]) & mask) == 0;
	}
	return true;
}

static bool v4_mapped(const uint8_t *a)
{
	static const uint8_t head[12] = {[10] = 0xff, [11] = 0xff};

	return memcmp(a, head, sizeof(head)) == 0;
}

enum fold filter_term_fold(const struct fnode *n, int family)
{
	switch (n->kind) {
	case FN_CONST:
		return n->u.value ? FOLD_TRUE : FOLD_FALSE;
	case FN_PORT:
		return has_ports(family) ? FOLD_MAYBE : FOLD_FALSE;
	case FN_DEV:
	case FN_MARK:
	case FN_CGROUP:
		return FOLD_MAYBE;
	case FN_AUTOBOUND:
		return family == AF_TIPC || family == AF_XDP ? FOLD_FALSE
							     : FOLD_MAYBE;
	case FN_FAMILY:
		return family == n->u.family ? FOLD_TRUE : FOLD_FALSE;
	case FN_HOST:
		break;
	default:
		return FOLD_MAYBE;
	}
	switch (n->u.host.family) {
	case AF_UNSPEC:
		if (n->u.host.port < 0)
			return FOLD_TRUE;
		return has_ports(family) ? FOLD_MAYBE : FOLD_FALSE;
	case AF_INET: /* IPv6 sockets too: v4-mapped addresses */
		return is_inet(family) ? FOLD_MAYBE : FOLD_FALSE;
	default:
		return family == n->u.host.family ? FOLD_MAYBE : FOLD_FALSE;
	}
}

bool filter_unix_match(const char *pattern, const struct sock_rec *rec)
{
	char name[256];
	size_t len = rec->path ? rec->path_len : 0;

	if (!pattern)
		return true;
	if (len >= sizeof(name))
		len = sizeof(name) - 1;
	/* As ss prints it: '@' for the NUL of an abstract name, and an
	 * unbound socket has the empty name. */
	for (size_t i = 0; i < len; i++)
		name[i] = rec->path[i] ? rec->path[i] : '@';
	name[len] = '\0';
	return fnmatch(pattern, name, 0) == 0;
}

/* vsock records keep the CID in the first 4 address bytes, host order
 * (the record has no field of its own for it). */
static int64_t vsock_cid(const uint8_t *addr)
{
	uint32_t cid;

	memcpy(&cid, addr, sizeof(cid));
	return cid;
}

static bool host_match(const struct fhost *h, enum fdir dir,
		       const struct sock_rec *r)
{
	const uint8_t *addr = dir == FDIR_SRC ? r->local_addr : r->peer_addr;
	uint16_t port = dir == FDIR_SRC ? r->local_port : r->peer_port;

	switch (h->family) {
	case AF_UNSPEC:
		if (h->port < 0)
			return true;
		return has_ports(r->family) && h->port == port;
	case AF_INET:
		if (h->port >= 0 && h->port != port)
			return false;
		if (r->family == AF_INET)
			return prefix_match(addr, h->addr, h->prefix_len);
		return r->family == AF_INET6 && v4_mapped(addr) &&
		       prefix_match(addr + 12, h->addr, h->prefix_len);
	case AF_INET6:
		return r->family == AF_INET6 &&
		       (h->port < 0 || h->port == port) &&
		       prefix_match(addr, h->addr, h->prefix_len);
	case AF_UNIX:
		return r->family == AF_UNIX &&
		       filter_unix_match(h->pattern, r);
	case AF_PACKET:
		return r->family == AF_PACKET &&
		       (h->num < 0 || h->num == r->protocol) &&
		       (h->port < 0 || h->port == r->ifindex);
	case AF_NETLINK:
		return r->family == AF_NETLINK &&
		       (h->num < 0 || h->num == r->protocol) &&
		       (h->port < 0 ||
			h->port == (dir == FDIR_SRC ? r->portid
						    : r->dst_portid));
	case AF_VSOCK:
		return r->family == AF_VSOCK &&
		       (h->num < 0 || h->num == vsock_cid(addr)) &&
		       (h->port < 0 || h->port == port);
	default:
		return false;
	}
}

static bool port_match(const struct fnode *n, const struct sock_rec *r)
{
	uint16_t port = n->dir == FDIR_SRC ? r->local_port : r->peer_port;

	if (!has_ports(r->family))
		return false;
	switch (n->u.port.op) {
	case FPORT_EQ:
		return port == n->u.port.port;
	case FPORT_LE:
		return port <= n->u.port.port;
	default:
		return port >= n->u.port.port;
	}
}

/* ss's reading of "bound by the kernel, not by the program": the
 * kernel's own flag (SOCK_BINDPORT_LOCK) is in no dump, so no source
 * could check it and the answer would change with the bytecode. */
static bool autobound(const struct fnode *n, const struct sock_rec *r)
{
	switch (r->family) {
	case AF_INET:
	case AF_INET6:
		return r->local_port != 0 && r->local_port >= n->u.range.lo &&
		       r->local_port <= n->u.range.hi;
	case AF_UNIX:
		/* unbound, or the kernel's "@" and five hex digits */
		if (!r->path)
			return true;
		if (r->path_len != 6 || r->path[0] != '\0')
			return false;
		for (size_t i = 1; i < 6; i++)
			if (!strchr("0123456789abcdef", r->path[i]) ||
			    !r->path[i])
				return false;
		return true;
	case AF_NETLINK:
		return (int32_t)r->portid < 0;
	case AF_PACKET:
		return r->ifindex == 0;
	case AF_VSOCK:
		return r->local_port > 1023;
	default:
		return false;
	}
}

static bool eval(const struct filter *f, uint32_t i, const struct sock_rec *r,
		 const struct sock_origin *o)
{
	const struct fnode *n = &f->nodes[i];

	switch (n->kind) {
	case FN_CONST:
		return n->u.value;
	case FN_AND:
		for (uint32_t k = 0; k < n->count; k++)
			if (!eval(f, filter_kid(f, n, k), r, o))
				return false;
		return true;
	case FN_OR:
		for (uint32_t k = 0; k < n->count; k++)
			if (eval(f, filter_kid(f, n, k), r, o))
				return true;
		return false;
	case FN_NOT:
		return !eval(f, filter_kid(f, n, 0), r, o);
	case FN_HOST:
		return host_match(&n->u.host, n->dir, r);
	case FN_PORT:
		return port_match(n, r);
	case FN_DEV:
		return r->ifindex == n->u.ifindex;
	case FN_MARK:
		/* unknown (no CAP_NET_ADMIN, /proc): equals no mark */
		return r->has_mark &&
		       (r->mark & n->u.mark.mask) == n->u.mark.value;
	case FN_CGROUP:
		/* The kernel tests 0 for sockets it sends no id for
		 * (TIME-WAIT, SYN-RECV): do the same. */
		return (r->has_cgroup_id ? r->cgroup_id : 0) ==
		       n->u.cgroup_id;
	case FN_AUTOBOUND:
		return autobound(n, r);
	case FN_FAMILY:
		return r->family == n->u.family;
	case FN_ORIGIN:
		return filter_origin_match(n, o);
	case FN_UID:
		return r->has_uid && r->uid == n->u.uid;
	}
	return false;
}

bool filter_match_in(const struct filter *f, const struct sock_rec *rec,
		     const struct sock_origin *origin)
{
	if (!f || f->root < 0)
		return true;
	return eval(f, (uint32_t)f->root, rec, origin);
}

bool filter_match(const struct filter *f, const struct sock_rec *rec)
{
	return filter_match_in(f, rec, NULL);
}

static enum fold fold(const struct filter *f, uint32_t i, int family)
{
	const struct fnode *n = &f->nodes[i];
	enum fold all, v;

	switch (n->kind) {
	case FN_AND:
	case FN_OR:
		all = n->kind == FN_AND ? FOLD_TRUE : FOLD_FALSE;
		for (uint32_t k = 0; k < n->count; k++) {
			v = fold(f, filter_kid(f, n, k), family);
			if (v == FOLD_MAYBE)
				all = FOLD_MAYBE;
			else if (v != (n->kind == FN_AND ? FOLD_TRUE
							 : FOLD_FALSE))
				return v;
		}
		return all;
	case FN_NOT:
		v = fold(f, filter_kid(f, n, 0), family);
		return v == FOLD_MAYBE ? v
		       : v == FOLD_TRUE ? FOLD_FALSE
					: FOLD_TRUE;
	default:
		return filter_term_fold(n, family);
	}
}

uint32_t filter_families(const struct filter *f)
{
	static const int families[] = {AF_INET,	   AF_INET6, AF_UNIX,
				       AF_PACKET,  AF_NETLINK, AF_VSOCK,
				       AF_TIPC,	   AF_XDP};
	uint32_t bits = 0;

	if (!f || f->root < 0)
		return QUERY_FAMILY_ALL;
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (fold(f, (uint32_t)f->root, families[i]) != FOLD_FALSE)
			bits |= query_family_bit(families[i]);
	return bits;
}
