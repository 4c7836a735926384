// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "out.h"

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
