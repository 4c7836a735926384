// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "out.h"

/* The words of an endpoint: addresses, ports, and what each family shows
 * in their place; names come from the names stage. */

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

static size_t put_text(char *dst, const char *s)
{
	size_t n = strlen(s);

	memcpy(dst, s, n);
	return n;
}

static size_t raw_port(struct out *o, uint16_t proto, char *dst)
{
	const char *name;

	if (proto == 0)
		return put_text(dst, "*");
	name = names_protocol(o->names, proto);
	if (name)
		return esc_table(dst, name, strnlen(name, OUT_PORT_MAX / 4));
	return fmt_u64(dst, proto);
}

static char inet_endpoint(struct out *o, const struct sock_rec *rec,
			  bool local, char *host, size_t *ret_host_len,
			  char *port, size_t *ret_port_len)
{
	*ret_host_len = out_fmt_host(o, rec, local, host);
	/* A raw socket's "port" is its IP protocol: a protocol name, as ss
	 * shows it, never a service. */
	if (rec->netid == SOCK_NETID_RAW)
		*ret_port_len = raw_port(o, local ? rec->local_port
						  : rec->peer_port,
					 port);
	else
		*ret_port_len = out_fmt_port(
			o, rec, local ? rec->local_port : rec->peer_port,
			port);
	return ':';
}

/* No such endpoint: ss prints a lone "*" where the ':' would be. */
static char no_endpoint(size_t *ret_host_len, size_t *ret_port_len)
{
	*ret_host_len = 0;
	*ret_port_len = 0;
	return '*';
}


static char unix_endpoint(const struct sock_rec *rec, bool local,
			  char *host, size_t *ret_host_len, char *port,
			  size_t *ret_port_len)
{
	size_t n = 0;

	if (local && rec->path && rec->path_len) {
		size_t len = rec->path_len < OUT_PATH_MAX ? rec->path_len
							  : OUT_PATH_MAX;
		const char *p = rec->path;
		/* Abstract names start with a NUL byte; ss shows it as '@'. */
		if (p[0] == '\0') {
			host[n++] = '@';
			p++;
			len--;
		}
		n += esc_table(host + n, p, len);
	} else {
		host[n++] = '*';
	}
	*ret_host_len = n;
	*ret_port_len = fmt_u64(port, local ? rec->inode : rec->peer_inode);
	return ' ';
}

static char packet_endpoint(struct out *o, const struct sock_rec *rec,
			    bool local, char *host, size_t *ret_host_len,
			    char *port, size_t *ret_port_len)
{
	const char *name;

	if (!local)
		return no_endpoint(ret_host_len, ret_port_len);
	/* As ss: -n shows the number, but ETH_P_ALL stays "*". */
	name = sock_ethertype_name(rec->protocol);
	if (name && o->opts->numeric && rec->protocol != 0x0003)
		name = NULL;
	if (name) {
		*ret_host_len = put_text(host, name);
	} else {
		host[0] = '[';
		*ret_host_len = 1 + fmt_u64(host + 1, rec->protocol);
		host[(*ret_host_len)++] = ']';
	}
	name = rec->ifindex ? names_ifname(o->names, rec->ifindex) : NULL;
	if (name)
		*ret_port_len = esc_table(port, name, strnlen(name, IF_NAMESIZE));
	else
		*ret_port_len = put_text(port, "*");
	return ':';
}

/* ss prints port ids and groups as a C int: autobound port ids, which
 * the kernel hands out from -4096 down, come out negative. */
static size_t fmt_s32(char *dst, uint32_t v)
{
	int n = snprintf(dst, 12, "%" PRId32, (int32_t)v);

	return n > 0 ? (size_t)n : 0;
}

/*
 * "comm/pid" for port id @pid as ss shows it: a user socket's port id is
 * usually its process id (the first one a process autobinds). Returns 0
 * when the names stage cannot name the process; the caller prints the
 * number then.
 */
static size_t proc_comm(const struct out *o, int32_t pid, char *dst)
{
	/* Leave room to escape the name, '/' and the pid. */
	enum { COMM_MAX = (OUT_PORT_MAX - 12) / 4 };
	const char *name;
	size_t len, n;

	name = names_pid_comm(o->names, pid, &len);
	if (!name || len > COMM_MAX)
		return 0;
	n = esc_table(dst, name, len);
	dst[n++] = '/';
	return n + fmt_s32(dst + n, (uint32_t)pid);
}

static char netlink_endpoint(struct out *o, const struct sock_rec *rec,
			     bool local, char *host, size_t *ret_host_len,
			     char *port, size_t *ret_port_len)
{
	const char *name = o->opts->numeric
				   ? NULL
				   : sock_netlink_proto_name(rec->protocol);
	int32_t pid = (int32_t)rec->portid;
	size_t n = 0;

	if (!local) {
		/* As ss: "group:portid" once connect()ed, even to the
		 * kernel (0:0); /proc cannot say, so never from there. */
		if (!rec->nl_connected && !rec->dst_portid)
			return no_endpoint(ret_host_len, ret_port_len);
		*ret_host_len = fmt_s32(host, rec->dst_group);
		*ret_port_len = fmt_s32(port, rec->dst_portid);
		return ':';
	}
	*ret_host_len = name ? put_text(host, name)
			     : fmt_u64(host, rec->protocol);
	if (pid == -1)
		*ret_port_len = put_text(port, "*");
	else if (o->opts->numeric)
		*ret_port_len = fmt_s32(port, rec->portid);
	else if (pid == 0)
		*ret_port_len = put_text(port, "kernel");
	else if (pid > 0 && (n = proc_comm(o, pid, port)) > 0)
		*ret_port_len = n;
	else
		*ret_port_len = fmt_s32(port, rec->portid);
	return ':';
}

char out_fmt_endpoint(struct out *o, const struct sock_rec *rec, bool local,
		      char *host, size_t *ret_host_len, char *port,
		      size_t *ret_port_len)
{
	switch (rec->family) {
	case AF_INET:
	case AF_INET6:
		return inet_endpoint(o, rec, local, host, ret_host_len, port,
				     ret_port_len);
	case AF_UNIX:
		return unix_endpoint(rec, local, host, ret_host_len, port,
				     ret_port_len);
	case AF_PACKET:
		return packet_endpoint(o, rec, local, host, ret_host_len, port,
				       ret_port_len);
	case AF_NETLINK:
		return netlink_endpoint(o, rec, local, host, ret_host_len,
					port, ret_port_len);
	default:
		return no_endpoint(ret_host_len, ret_port_len);
	}
}
