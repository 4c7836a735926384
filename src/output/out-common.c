// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "out.h"

int out_new(const struct options *opts, struct names *names, int fd,
	    struct out **ret)
{
	const struct out_ops *ops = opts->format == OUT_FORMAT_JSON ? &out_json_ops
				    : opts->format == OUT_FORMAT_NDJSON
					    ? &out_ndjson_ops
					    : &out_table_ops;
	struct out *o = calloc(1, sizeof(*o));

	if (!o)
		return -ENOMEM;
	o->ops = ops;
	o->opts = opts;
	o->names = names;
	obuf_init(&o->ob, fd);
	if (ops->state_size) {
		o->state = calloc(1, ops->state_size);
		if (!o->state) {
			free(o);
			return -ENOMEM;
		}
	}
	*ret = o;
	return 0;
}

void out_free(struct out *o)
{
	if (!o)
		return;
	if (o->state && o->ops->done)
		o->ops->done(o);
	free(o->state);
	free(o);
}

static int status(struct out *o, int r)
{
	return r < 0 ? r : obuf_error(&o->ob);
}

int out_begin(struct out *o)
{
	return status(o, o->ops->begin ? o->ops->begin(o) : 0);
}

int out_sock(struct out *o, const struct sock_rec *rec)
{
	return status(o, o->ops->sock(o, rec));
}

int out_warning(struct out *o, const struct sock_warning *w)
{
	return status(o, o->ops->warning ? o->ops->warning(o, w) : 0);
}

int out_end(struct out *o)
{
	int r = o->ops->end ? o->ops->end(o) : 0;

	if (r < 0)
		return r;
	return obuf_flush(&o->ob);
}

int out_flush(struct out *o)
{
	int r = o->ops->flush ? o->ops->flush(o) : 0;

	if (r < 0)
		return r;
	return obuf_flush(&o->ob);
}

size_t out_fmt_addr(int family, const uint8_t *addr, char *dst)
{
	if (family == AF_INET) {
		/* inet_ntop is most of the time of a large -tan: do it by
		 * hand for the common case. */
		size_t n = 0;
		for (int i = 0; i < 4; i++) {
			if (i)
				dst[n++] = '.';
			n += fmt_u64(dst + n, addr[i]);
		}
		return n;
	}
	if (!inet_ntop(AF_INET6, addr, dst, INET6_ADDRSTRLEN))
		return 0;
	return strlen(dst);
}

static bool addr_is_any(const uint8_t *addr)
{
	static const uint8_t zero[16];
	return memcmp(addr, zero, 16) == 0;
}

/* -r: the name of @addr escaped at @dst, or 0 to print the number. A
 * name too long for the column (with room left for "%dev") is not cut
 * but left out. */
static size_t host_name(struct out *o, int family, const uint8_t *addr,
			char *dst)
{
	const char *name = names_host(o->names, family, addr);
	char buf[ESC_TABLE_MAX(255)];
	size_t len, n;

	if (!name)
		return 0;
	len = strlen(name);
	if (len > 255)
		return 0;
	n = esc_table(buf, name, len);
	if (n > OUT_HOST_MAX - 1 - ESC_TABLE_MAX(IF_NAMESIZE))
		return 0;
	memcpy(dst, buf, n);
	return n;
}

size_t out_fmt_host(struct out *o, const struct sock_rec *rec, bool local,
		    char *dst)
{
	const uint8_t *addr = local ? rec->local_addr : rec->peer_addr;
	size_t n = 0;

	/* -r: a name as ss prints it, never in brackets; wildcards keep
	 * their form below (resolve_host() never names them). */
	if (names_hosts_wanted(o->names))
		n = host_name(o, rec->family, addr, dst);
	if (n == 0 && rec->family == AF_INET6) {
		/* ss: a v6 wildcard that also takes v4 is "*". */
		if (addr_is_any(addr) && rec->v6only != 1) {
			dst[n++] = '*';
		} else {
			dst[n++] = '[';
			n += out_fmt_addr(AF_INET6, addr, dst + n);
			dst[n++] = ']';
		}
	} else if (n == 0) {
		n = out_fmt_addr(rec->family, addr, dst);
	}
	if (local && rec->ifindex) {
		const char *name = names_ifname(o->names, rec->ifindex);
		if (name) {
			dst[n++] = '%';
			n += esc_table(dst + n, name, strnlen(name, IF_NAMESIZE));
		}
	}
	return n;
}

size_t out_fmt_port(struct out *o, const struct sock_rec *rec, uint16_t port,
		    char *dst)
{
	const char *name;
	size_t len;

	if (port == 0) {
		dst[0] = '*';
		return 1;
	}
	name = names_service(o->names, port, rec->netid);
	if (name) {
		/* The file is not ours to trust: escape, and keep within
		 * the field. */
		len = strlen(name);
		if (len > OUT_PORT_MAX / 4)
			len = OUT_PORT_MAX / 4;
		return esc_table(dst, name, len);
	}
	return fmt_u64(dst, port);
}
