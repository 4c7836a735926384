// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * HOST after src/dst, as ss(8) writes it:
 *
 *   * | :PORT | ADDR[/LEN][:PORT] | [ADDR6][/LEN][:PORT] | NAME[:PORT]
 *   inet:HOST | inet6:HOST          the address family, said outright
 *   unix:GLOB | /GLOB | @GLOB       a unix name; '@' is abstract
 *   link:PROTO[:IFACE]              packet sockets
 *   netlink:PROTO[:PORTID]
 *   vsock:CID[:PORT]
 *
 * A host NAME stands for every address it resolves to. IPv6 addresses
 * need brackets: in "fe80::1:22" nobody can tell where the port starts.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "filter-parse.h"
#include "util/num.h"

/* A piece of the value: where it is, for messages, and what it says. */
struct span {
	const char *s;
	size_t len, off;
};

static struct span span_sub(struct span v, size_t from, size_t to)
{
	return (struct span){.s = v.s + from, .len = to - from,
			     .off = v.off + from};
}

static bool span_is(struct span v, const char *word)
{
	return v.len == strlen(word) && memcmp(v.s, word, v.len) == 0;
}

static bool span_any(struct span v)
{
	return v.len == 0 || span_is(v, "*");
}

/* Splits @v at its first ':' into *head and *tail; returns whether there
 * was one (else *head is all of @v). */
static bool split_colon(struct span v, struct span *head, struct span *tail)
{
	const char *c = memchr(v.s, ':', v.len);
	size_t at = c ? (size_t)(c - v.s) : v.len;

	*head = span_sub(v, 0, at);
	*tail = c ? span_sub(v, at + 1, v.len) : span_sub(v, v.len, v.len);
	return c != NULL;
}

static int add_host(struct parser *p, enum fdir dir, struct fhost *h,
		    int64_t *ret_idx)
{
	struct fnode n = {.kind = FN_HOST, .dir = dir, .u.host = *h};
	int r = parse_node(p, &n, ret_idx);

	if (r < 0)
		free(h->pattern);
	h->pattern = NULL; /* the node owns it now */
	return r;
}

/* A number: decimal, or hexadecimal with 0x. */
static int span_number(struct span v, uint64_t max, uint64_t *ret)
{
	if (v.len > 2 && v.s[0] == '0' && (v.s[1] == 'x' || v.s[1] == 'X'))
		return num_parse_u64(v.s + 2, v.len - 2, 16, max, ret);
	return num_parse_u64(v.s, v.len, 10, max, ret);
}

static int host_unix(struct parser *p, enum fdir dir, struct span v,
		     struct span whole, int64_t *ret_idx)
{
	struct fhost h = {.family = AF_UNIX, .port = -1, .num = -1};

	if (dir == FDIR_DST)
		return parse_fail(p, whole.off, whole.len,
				  "expected 'src' before a unix name: the "
				  "kernel does not say a peer's name");
	h.pattern = strndup(v.s, v.len);
	if (!h.pattern)
		return -ENOMEM;
	return add_host(p, dir, &h, ret_idx);
}

/* link:PROTO[:IFACE], the protocol by number or by the name ss prints. */
static int host_link(struct parser *p, enum fdir dir, struct span v,
		     struct span whole, int64_t *ret_idx)
{
	struct fhost h = {.family = AF_PACKET, .port = -1, .num = -1};
	struct span proto, iface;
	uint64_t n;

	if (dir == FDIR_DST)
		return parse_fail(p, whole.off, whole.len,
				  "expected 'src' before link:, packet "
				  "sockets have no peer");
	split_colon(v, &proto, &iface);
	if (span_is(proto, "all")) {
		h.num = 0x0003; /* ETH_P_ALL */
	} else if (!span_any(proto)) {
		if (span_number(proto, 0xffff, &n) == 0) {
			h.num = (int64_t)n;
		} else {
			for (uint32_t e = 0; e <= 0xffff && h.num < 0; e++) {
				const char *name = sock_ethertype_name(e);
				/* ss spells LLDP in capitals, and takes
				 * any case (ll_proto_a2n). */
				if (name && strcmp(name, "*") != 0 &&
				    proto.len == strlen(name) &&
				    strncasecmp(proto.s, name, proto.len) == 0)
					h.num = e;
			}
			if (h.num < 0)
				return parse_fail(p, proto.off, proto.len,
						  "expected a link protocol "
						  "(ip, ipv6, arp, all, a "
						  "number)");
		}
	}
	if (!span_any(iface)) {
		struct token t = {.kind = TOK_WORD, .off = iface.off,
				  .len = iface.len};
		uint32_t idx;
		int r = parse_dev(p, &t, &idx);

		if (r < 0)
			return r;
		h.port = idx;
	}
	return add_host(p, dir, &h, ret_idx);
}

/* netlink:PROTO[:PORTID]; PORTID "kernel" is 0, and a negative one is
 * how ss prints the port ids the kernel picks. */
static int host_netlink(struct parser *p, enum fdir dir, struct span v,
			int64_t *ret_idx)
{
	struct fhost h = {.family = AF_NETLINK, .port = -1, .num = -1};
	struct span proto, id;
	uint64_t n;

	split_colon(v, &proto, &id);
	if (!span_any(proto)) {
		if (num_parse_u64(proto.s, proto.len, 10, 31, &n) == 0)
			h.num = (int64_t)n;
		for (uint32_t i = 0; i < 32 && h.num < 0; i++) {
			const char *name = sock_netlink_proto_name(i);
			if (name && span_is(proto, name))
				h.num = i;
		}
		if (h.num < 0)
			return parse_fail(p, proto.off, proto.len,
					  "expected a netlink protocol (rtnl, "
					  "genl, ..., or 0-31)");
	}
	if (span_is(id, "kernel")) {
		h.port = 0;
	} else if (!span_any(id)) {
		bool minus = id.s[0] == '-';
		struct span digits = span_sub(id, minus, id.len);

		if (num_parse_u64(digits.s, digits.len, 0,
				  minus ? 0x80000000u : UINT32_MAX, &n) < 0)
			return parse_fail(p, id.off, id.len,
					  "expected a port id (a number or "
					  "'kernel')");
		h.port = minus ? (int64_t)(uint32_t)-(int64_t)n : (int64_t)n;
	}
	return add_host(p, dir, &h, ret_idx);
}

static int host_vsock(struct parser *p, enum fdir dir, struct span v,
		      int64_t *ret_idx)
{
	struct fhost h = {.family = AF_VSOCK, .port = -1, .num = -1};
	struct span cid, port;
	uint64_t n;

	split_colon(v, &cid, &port);
	if (!span_any(cid)) {
		if (num_parse_u64(cid.s, cid.len, 0, UINT32_MAX, &n) < 0)
			return parse_fail(p, cid.off, cid.len,
					  "expected a vsock CID (a number or "
					  "'*')");
		h.num = (int64_t)n;
	}
	if (!span_any(port)) {
		if (num_parse_u64(port.s, port.len, 0, UINT32_MAX, &n) < 0)
			return parse_fail(p, port.off, port.len,
					  "expected a vsock port (a number or "
					  "'*')");
		h.port = (int64_t)n;
	}
	return add_host(p, dir, &h, ret_idx);
}

/* Dotted IPv4 with up to four parts, missing ones zero ("10/8"): only
 * before a prefix length, where ss accepts it. */
static bool parse_v4(struct span v, bool partial, uint8_t ret[4])
{
	uint8_t a[4] = {0};
	size_t part = 0, i = 0;

	while (i < v.len) {
		size_t start = i;
		uint64_t n;

		while (i < v.len && v.s[i] != '.')
			i++;
		if (part == 4 ||
		    num_parse_u64(v.s + start, i - start, 10, 255, &n))
			return false;
		a[part++] = (uint8_t)n;
		if (i < v.len && ++i == v.len)
			return false; /* trailing dot */
	}
	if (part == 0 || (!partial && part != 4))
		return false;
	memcpy(ret, a, 4);
	return true;
}

static bool looks_numeric(struct span v)
{
	for (size_t i = 0; i < v.len; i++)
		if ((v.s[i] < '0' || v.s[i] > '9') && v.s[i] != '.')
			return false;
	return true;
}

static bool valid_host_name(struct span v)
{
	if (v.len == 0 || v.len > 253)
		return false;
	for (size_t i = 0; i < v.len; i++) {
		char c = v.s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		      c == '_'))
			return false;
	}
	return true;
}

/* Every address @name has, each as a node with @tmpl's port; an OR of
 * them in *ret_idx. */
static int resolve(struct parser *p, enum fdir dir, struct span name,
		   const struct fhost *tmpl, int64_t *ret_idx)
{
	struct addrinfo hints = {
		.ai_family = tmpl->family,
		.ai_socktype = SOCK_STREAM, /* one entry per address */
	};
	struct addrinfo *res = NULL;
	uint32_t idx[64]; /* more addresses than this are not a host */
	size_t n = 0;
	char host[256];
	int r, g;

	if (p->env->no_resolve)
		return parse_fail(p, name.off, name.len,
				  "unknown host name '%.*s' (names are not "
				  "looked up here)",
				  (int)name.len, name.s);
	memcpy(host, name.s, name.len);
	host[name.len] = '\0';
	/* No AI_ADDRCONFIG: a filter may name addresses this host lacks. */
	g = getaddrinfo(host, NULL, &hints, &res);
	if (g == EAI_MEMORY)
		return -ENOMEM;
	if (g != 0)
		return parse_fail(p, name.off, name.len,
				  "unknown host name '%s': %s", host,
				  gai_strerror(g));

	for (struct addrinfo *ai = res; ai && n < 64; ai = ai->ai_next) {
		struct fhost h = *tmpl;
		int64_t i;
		bool dup = false;

		if (ai->ai_family == AF_INET) {
			const struct sockaddr_in *sin =
				(const void *)ai->ai_addr;
			h.family = AF_INET;
			h.prefix_len = 32;
			memcpy(h.addr, &sin->sin_addr, 4);
		} else if (ai->ai_family == AF_INET6) {
			const struct sockaddr_in6 *sin6 =
				(const void *)ai->ai_addr;
			h.family = AF_INET6;
			h.prefix_len = 128;
			memcpy(h.addr, &sin6->sin6_addr, 16);
		} else {
			continue;
		}
		for (size_t k = 0; k < n && !dup; k++) {
			const struct fhost *o = &p->f->nodes[idx[k]].u.host;
			dup = o->family == h.family &&
			      memcmp(o->addr, h.addr, 16) == 0;
		}
		if (dup)
			continue;
		r = add_host(p, dir, &h, &i);
		if (r < 0)
			goto out;
		idx[n++] = (uint32_t)i;
	}
	if (n == 0) {
		r = parse_fail(p, name.off, name.len,
			       "unknown host name '%s': it has no address "
			       "of the family asked for",
			       host);
		goto out;
	}
	r = parse_any_of(p, idx, n, ret_idx);
out:
	freeaddrinfo(res);
	return r;
}

/* The "[ADDR6][/LEN][:PORT]" form; *ret_rest is what follows ']'. */
static int parse_bracket(struct parser *p, struct span v, struct fhost *h,
			 struct span *ret_rest)
{
	const char *close = memchr(v.s, ']', v.len);
	char buf[INET6_ADDRSTRLEN + 1];
	struct span inside;

	if (!close)
		return parse_fail(p, v.off, v.len,
				  "expected ']' after the IPv6 address");
	inside = span_sub(v, 1, (size_t)(close - v.s));
	if (inside.len >= sizeof(buf))
		goto bad;
	memcpy(buf, inside.s, inside.len);
	buf[inside.len] = '\0';
	if (inet_pton(AF_INET6, buf, h->addr) != 1)
		goto bad;
	h->family = AF_INET6;
	h->prefix_len = 128;
	*ret_rest = span_sub(v, (size_t)(close - v.s) + 1, v.len);
	return 0;
bad:
	return parse_fail(p, inside.off, inside.len,
			  "expected an IPv6 address inside [ ]");
}

/* [/LEN] then [:PORT] after an address; @max the longest prefix. */
static int parse_suffix(struct parser *p, struct span rest, unsigned max,
			struct fhost *h, bool *ret_colon, struct span *ret_port)
{
	struct span len;
	uint64_t n;

	*ret_colon = false;
	if (rest.len && rest.s[0] == '/') {
		split_colon(span_sub(rest, 1, rest.len), &len, ret_port);
		if (num_parse_u64(len.s, len.len, 10, max, &n) < 0)
			return parse_fail(p, len.off, len.len,
					  "expected a prefix length from 0 "
					  "to %u",
					  max);
		h->prefix_len = (uint8_t)n;
		*ret_colon = len.s + len.len < rest.s + rest.len;
		return 0;
	}
	if (rest.len && rest.s[0] != ':')
		return parse_fail(p, rest.off, rest.len,
				  "expected '/PREFIX' or ':PORT' after the "
				  "address");
	*ret_colon = rest.len > 0;
	*ret_port = rest.len ? span_sub(rest, 1, rest.len) : rest;
	return 0;
}

static int host_inet(struct parser *p, enum fdir dir, int family,
		     struct span v, int64_t *ret_idx)
{
	struct fhost h = {.family = family, .port = -1, .num = -1};
	struct span addr, port = {0}, name = {0};
	bool colon = false;
	int r;

	if (v.len && v.s[0] == '[') {
		struct span rest;

		if (family == AF_INET)
			return parse_fail(p, v.off, v.len,
					  "expected an IPv4 address after "
					  "'inet:'");
		r = parse_bracket(p, v, &h, &rest);
		if (r >= 0)
			r = parse_suffix(p, rest, 128, &h, &colon, &port);
		if (r < 0)
			return r;
	} else {
		const char *slash;

		colon = split_colon(v, &addr, &port);
		if (memchr(port.s, ':', port.len))
			return parse_fail(p, v.off, v.len,
					  "expected an IPv6 address in "
					  "brackets ([::1], [2001:db8::]/32)");
		slash = memchr(addr.s, '/', addr.len);
		if (span_any(addr)) {
			/* "*", ":PORT", "inet:*": any address of the family */
		} else if (slash) {
			struct span a = span_sub(addr, 0,
						 (size_t)(slash - addr.s));
			bool dummy;
			struct span none;

			if (family == AF_INET6)
				goto want_brackets;
			if (!parse_v4(a, true, h.addr))
				return parse_fail(p, a.off, a.len,
						  "expected an IPv4 address "
						  "before '/'");
			h.family = AF_INET;
			r = parse_suffix(p, span_sub(addr, a.len, addr.len),
					 32, &h, &dummy, &none);
			if (r < 0)
				return r;
		} else if (parse_v4(addr, false, h.addr)) {
			if (family == AF_INET6)
				goto want_brackets;
			h.family = AF_INET;
			h.prefix_len = 32;
		} else if (looks_numeric(addr) || !valid_host_name(addr)) {
			return parse_fail(p, addr.off, addr.len,
					  "expected an address (1.2.3.4, "
					  "10.0.0.0/8, [::1], *) or a host "
					  "name");
		} else {
			name = addr;
		}
	}

	if (colon && port.len == 0)
		return parse_fail(p, port.off, 0,
				  "expected a port after ':'");
	if (colon && !span_is(port, "*")) {
		uint16_t n;

		r = parse_port(p, port.s, port.len, port.off, &n);
		if (r < 0)
			return r;
		h.port = n;
	}
	if (name.len)
		return resolve(p, dir, name, &h, ret_idx);
	return add_host(p, dir, &h, ret_idx);

want_brackets:
	return parse_fail(p, v.off, v.len,
			  "expected an IPv6 address in brackets after "
			  "'inet6:'");
}

static bool strip(struct span *v, const char *prefix)
{
	size_t n = strlen(prefix);

	if (v->len < n || memcmp(v->s, prefix, n) != 0)
		return false;
	*v = span_sub(*v, n, v->len);
	return true;
}

int parse_host(struct parser *p, enum fdir dir, const struct token *t,
	       int64_t *ret_idx)
{
	struct span whole = {.s = p->lx.text + t->off, .len = t->len,
			     .off = t->off};
	struct span v = whole;

	/* inet: and inet6: also narrow the whole query to their family,
	 * the last one read winning, as ss does: "dst inet:127.0.0.1"
	 * leaves out an IPv6 socket with that v4-mapped peer, which "dst
	 * 127.0.0.1" keeps. (ss narrows for unix:, link:, ... too; here
	 * those terms match only their family anyway, and an "or" with
	 * them keeps its other side.) */
	if (strip(&v, "unix:"))
		return host_unix(p, dir, v, whole, ret_idx);
	if (v.s[0] == '/' || v.s[0] == '@')
		return host_unix(p, dir, v, whole, ret_idx);
	if (strip(&v, "link:"))
		return host_link(p, dir, v, whole, ret_idx);
	if (strip(&v, "netlink:"))
		return host_netlink(p, dir, v, ret_idx);
	if (strip(&v, "vsock:"))
		return host_vsock(p, dir, v, ret_idx);
	if (strip(&v, "inet6:")) {
		p->family_sel = AF_INET6;
		return host_inet(p, dir, AF_INET6, v, ret_idx);
	}
	if (strip(&v, "inet:")) {
		p->family_sel = AF_INET;
		return host_inet(p, dir, AF_INET, v, ret_idx);
	}
	return host_inet(p, dir, AF_UNSPEC, v, ret_idx);
}
