// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Making one socket of every kind. As in population.c nothing waits on a
 * clock: a step that depends on the kernel's other half waits on accept
 * or poll. Queues are kept still so both sources can be compared exactly:
 * no data is sent, and the sockets that would see the loopback's traffic
 * (packet, raw ICMP) drop everything before they are hooked up.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "harness.h"

#include "families.h"

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif
#define SOL_RAW_ 255   /* SOL_RAW, from <linux/socket.h> */
#define ICMP_FILTER_ 1 /* <linux/icmp.h>, which clashes with netinet/ */

union addr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
	struct sockaddr_un un;
	struct sockaddr_nl nl;
	struct sockaddr_ll ll;
};

static struct fam_sock *add(struct families *f, int fd, const char *what,
			    const char *netid, const char *family,
			    const char *state)
{
	struct fam_sock *s;
	struct stat st;
	socklen_t len = sizeof(s->cookie);

	assert_true(f->n < sizeof(f->v) / sizeof(f->v[0]));
	s = &f->v[f->n++];
	*s = (struct fam_sock){
	    .fd = fd,
	    .netid = netid,
	    .family = family,
	    .state = state,
	    .v6only = -1,
	    .peer_inode = -1,
	    .vfs_dev = -1,
	    .vfs_inode = -1,
	    .protocol = -1,
	    .portid = -1,
	    .groups = -1,
	    .peer_portid = -1,
	    .peer_group = -1,
	};
	snprintf(s->what, sizeof(s->what), "%s", what);
	if (fd >= 0) {
		assert_return_code(fstat(fd, &st), errno);
		s->inode = st.st_ino;
		assert_return_code(
		    getsockopt(fd, SOL_SOCKET, SO_COOKIE, &s->cookie, &len),
		    errno);
	}
	return s;
}

/* The address as the JSON writes it: no brackets, no port. */
static void addr_text(const union addr *a, char *dst, int64_t *ret_port)
{
	const void *raw = a->sa.sa_family == AF_INET
			      ? (const void *)&a->in.sin_addr
			      : (const void *)&a->in6.sin6_addr;

	assert_non_null(inet_ntop(a->sa.sa_family, raw, dst, 48));
	*ret_port = ntohs(a->sa.sa_family == AF_INET ? a->in.sin_port
						     : a->in6.sin6_port);
}

/* Addresses read back from the socket, not restated by the test. */
static void inet_names(struct fam_sock *s)
{
	union addr a = {0};
	socklen_t len = sizeof(a);

	assert_return_code(getsockname(s->fd, &a.sa, &len), errno);
	addr_text(&a, s->local_address, &s->local_port);
	len = sizeof(a);
	if (getpeername(s->fd, &a.sa, &len) < 0) {
		assert_int_equal(errno, ENOTCONN);
		a = (union addr){.sa.sa_family = a.sa.sa_family};
	}
	addr_text(&a, s->peer_address, &s->peer_port);
}

static void make_addr(int family, const char *text, union addr *ret,
		      socklen_t *ret_len)
{
	*ret = (union addr){.sa.sa_family = (sa_family_t)family};
	if (family == AF_INET) {
		assert_int_equal(inet_pton(AF_INET, text, &ret->in.sin_addr),
				 1);
		*ret_len = sizeof(ret->in);
	} else {
		assert_int_equal(inet_pton(AF_INET6, text, &ret->in6.sin6_addr),
				 1);
		*ret_len = sizeof(ret->in6);
	}
}

static int inet_socket(int family, int type, int proto, const char *addr)
{
	int fd = socket(family, type | SOCK_CLOEXEC, proto);
	union addr a;
	socklen_t len;

	if (fd < 0)
		return -errno;
	if (addr) {
		make_addr(family, addr, &a, &len);
		assert_return_code(bind(fd, &a.sa, len), errno);
	}
	return fd;
}

static int connect_to(int listener, int proto)
{
	union addr a;
	socklen_t len = sizeof(a);
	int fd;

	assert_return_code(getsockname(listener, &a.sa, &len), errno);
	fd = socket(a.sa.sa_family, SOCK_STREAM | SOCK_CLOEXEC, proto);
	assert_return_code(fd, errno);
	/* Blocking: on return the handshake is done on this side. */
	assert_return_code(connect(fd, &a.sa, len), errno);
	return fd;
}

static int accept_one(int listener)
{
	int fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);

	assert_return_code(fd, errno);
	return fd;
}

static struct fam_sock *add_inet(struct families *f, int fd, const char *what,
				 const char *netid, const char *state)
{
	union addr a;
	socklen_t len = sizeof(a);
	struct fam_sock *s;

	assert_return_code(getsockname(fd, &a.sa, &len), errno);
	s = add(f, fd, what, netid,
		a.sa.sa_family == AF_INET ? "inet" : "inet6", state);
	inet_names(s);
	return s;
}

/* A listener, a connection to it (both ends) over @proto (TCP or MPTCP),
 * and, for TCP, one more connection left in the accept queue. */
static void add_stream(struct families *f, const char *netid, int family,
		       const char *addr, int proto, int backlog)
{
	int l = inet_socket(family, SOCK_STREAM, proto, addr);
	struct fam_sock *ls, *cs, *child;
	char what[64];
	int c;

	assert_return_code(l, -l);
	assert_return_code(listen(l, backlog), errno);
	snprintf(what, sizeof(what), "%s listener %s", netid, addr);
	ls = add_inet(f, l, what, netid, "listening");
	ls->send_q = backlog;
	ls->listener = true;
	if (strcmp(netid, "tcp") == 0 && family == AF_INET6)
		ls->v6only = 1; /* bound to ::1: the kernel makes it so */

	c = connect_to(l, proto);
	snprintf(what, sizeof(what), "%s client %s", netid, addr);
	add_inet(f, c, what, netid, "established");
	snprintf(what, sizeof(what), "%s accepted %s", netid, addr);
	add_inet(f, accept_one(l), what, netid, "established");
	if (proto != IPPROTO_TCP)
		return;

	/* A child in the accept queue has no descriptor and no inode: it
	 * can only be matched by its addresses. POLLIN on the listener
	 * says it is there. */
	c = connect_to(l, proto);
	assert_int_equal(
	    poll(&(struct pollfd){.fd = l, .events = POLLIN}, 1, -1), 1);
	ls->recv_q = 1;
	snprintf(what, sizeof(what), "%s client, not accepted %s", netid, addr);
	cs = add_inet(f, c, what, netid, "established");
	snprintf(what, sizeof(what), "%s child in accept queue %s", netid,
		 addr);
	child = add(f, -1, what, netid, cs->family, "established");
	memcpy(child->local_address, cs->peer_address,
	       sizeof(child->local_address));
	memcpy(child->peer_address, cs->local_address,
	       sizeof(child->peer_address));
	child->local_port = cs->peer_port;
	child->peer_port = cs->local_port;
}

/* MPTCP's subflows are TCP sockets the kernel lists in the tcp table,
 * each with the inode of the MPTCP socket it carries. */
static void add_subflows(struct families *f, size_t first)
{
	size_t n = f->n;

	for (size_t i = first; i < n; i++) {
		struct fam_sock *s = &f->v[f->n++];
		char what[sizeof(s->what)];

		assert_true(f->n <= sizeof(f->v) / sizeof(f->v[0]));
		snprintf(what, sizeof(what), "subflow of %.50s", f->v[i].what);
		*s = f->v[i];
		memcpy(s->what, what, sizeof(what));
		s->netid = "tcp";
		s->fd = -1;    /* closed through the MPTCP socket */
		s->cookie = 0; /* a socket of its own */
	}
}

static void add_mptcp(struct families *f)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_MPTCP);
	size_t first = f->n;

	/* A kernel without MPTCP (or with it disabled in this namespace)
	 * refuses the protocol: nothing to list then. */
	if (fd < 0) {
		if (errno != EPROTONOSUPPORT && errno != EINVAL &&
		    errno != ENOPROTOOPT)
			fail_msg("socket(IPPROTO_MPTCP): %s", strerror(errno));
		return;
	}
	close(fd);
	f->mptcp = true;
	add_stream(f, "mptcp", AF_INET, "127.0.0.1", IPPROTO_MPTCP, 2);
	add_subflows(f, first);
}

static void add_raw(struct families *f)
{
	struct icmp6_filter block6;
	uint32_t block4 = ~0u;
	int fd;
	struct fam_sock *s;

	fd = inet_socket(AF_INET, SOCK_RAW, IPPROTO_ICMP, NULL);
	assert_return_code(fd, -fd);
	assert_return_code(
	    setsockopt(fd, SOL_RAW_, ICMP_FILTER_, &block4, sizeof(block4)),
	    errno);
	s = add_inet(f, fd, "raw icmp", "raw", "closed");
	/* A raw socket's "port" is its protocol (inet_num). */
	s->local_port = s->protocol = IPPROTO_ICMP;

	fd = inet_socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6, NULL);
	assert_return_code(fd, -fd);
	ICMP6_FILTER_SETBLOCKALL(&block6);
	assert_return_code(setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &block6,
				      sizeof(block6)),
			   errno);
	s = add_inet(f, fd, "raw icmpv6", "raw", "closed");
	s->local_port = s->protocol = IPPROTO_ICMPV6;
}

static void add_udp(struct families *f)
{
	struct fam_sock *s;
	int fd;

	fd = inet_socket(AF_INET, SOCK_DGRAM, 0, "127.0.0.1");
	assert_return_code(fd, -fd);
	add_inet(f, fd, "udp 127.0.0.1", "udp", "closed");
	fd = inet_socket(AF_INET6, SOCK_DGRAM, 0, "::1");
	assert_return_code(fd, -fd);
	s = add_inet(f, fd, "udp [::1]", "udp", "closed");
	s->v6only = 1;
}

/* ---- unix ---- */

static int unix_bound(int type, const char *name, size_t len)
{
	int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
	union addr a = {.un.sun_family = AF_UNIX};

	assert_return_code(fd, errno);
	assert_true(len <= sizeof(a.un.sun_path));
	memcpy(a.un.sun_path, name, len);
	assert_return_code(
	    bind(fd, &a.sa,
		 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len)),
	    errno);
	return fd;
}

static const char *unix_netid(int type)
{
	return type == SOCK_STREAM  ? "u_str"
	       : type == SOCK_DGRAM ? "u_dgr"
				    : "u_seq";
}

/* The name, as the JSON writes it, and the file the kernel made. */
static void set_name(struct fam_sock *s, const char *name, size_t len)
{
	struct stat st;

	memcpy(s->path, name, len);
	s->path_len = len;
	s->abstract = name[0] == '\0';
	if (s->abstract) {
		s->path[0] = '@';
		return;
	}
	assert_return_code(stat(name, &st), errno);
	/* unix_diag's device, as sockscope turns it into st_dev's form. */
	s->vfs_dev = (int64_t)st.st_dev;
	s->vfs_inode = (int64_t)st.st_ino;
}

static struct fam_sock *add_unix(struct families *f, int fd, const char *what,
				 int type, const char *state)
{
	struct fam_sock *s = add(f, fd, what, unix_netid(type), "unix", state);
	union addr a = {0};
	socklen_t len = sizeof(a);
	size_t n;

	assert_return_code(getsockname(fd, &a.sa, &len), errno);
	n = len - offsetof(struct sockaddr_un, sun_path);
	if (n > 0 && a.un.sun_path[0] != '\0')
		n = strnlen(a.un.sun_path, n);
	if (n > 0)
		set_name(s, a.un.sun_path, n);
	return s;
}

static void peers(struct fam_sock *a, struct fam_sock *b)
{
	a->peer_inode = (int64_t)b->inode;
	b->peer_inode = (int64_t)a->inode;
}

static void add_unix_listener(struct families *f, int type, const char *name,
			      size_t len, int backlog, const char *what)
{
	int l = unix_bound(type, name, len);
	struct fam_sock *s;

	assert_return_code(listen(l, backlog), errno);
	s = add_unix(f, l, what, type, "listening");
	s->send_q = backlog;
	s->listener = true;
}

static void add_unix_all(struct families *f)
{
	static const int pair_types[] = {SOCK_STREAM, SOCK_DGRAM,
					 SOCK_SEQPACKET};
	char path[sizeof(f->dir) + 32], abst[64];
	struct fam_sock *c, *a, *l;
	int lfd, fd, sv[2];
	size_t n;

	snprintf(path, sizeof(path), "%s/stream.sock", f->dir);
	lfd = unix_bound(SOCK_STREAM, path, strlen(path));
	assert_return_code(listen(lfd, 4), errno);
	l = add_unix(f, lfd, "unix stream listener", SOCK_STREAM, "listening");
	l->send_q = 4;
	l->listener = true;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_return_code(fd, errno);
	{
		union addr sa = {.un.sun_family = AF_UNIX};
		memcpy(sa.un.sun_path, path, strlen(path));
		assert_return_code(connect(fd, &sa.sa, sizeof(sa.un)), errno);
	}
	c = add_unix(f, fd, "unix stream client", SOCK_STREAM, "established");
	/* The accepted end carries the listener's name and file. */
	a = add_unix(f, accept_one(lfd), "unix stream accepted", SOCK_STREAM,
		     "established");
	assert_int_equal(a->path_len, l->path_len);
	peers(c, a);

	snprintf(path, sizeof(path), "%s/dgram.sock", f->dir);
	add_unix(f, unix_bound(SOCK_DGRAM, path, strlen(path)),
		 "unix dgram bound", SOCK_DGRAM, "closed");
	snprintf(path, sizeof(path), "%s/seqpacket.sock", f->dir);
	add_unix_listener(f, SOCK_SEQPACKET, path, strlen(path), 3,
			  "unix seqpacket listener");

	n = (size_t)snprintf(abst, sizeof(abst), "%csockscope-live-%d", 0,
			     (int)getpid());
	add_unix_listener(f, SOCK_STREAM, abst, n, 2, "unix abstract stream");
	/* Nothing marks where an abstract name ends: this one holds a NUL
	 * that /proc/net/unix prints as '@'. */
	n = (size_t)snprintf(abst, sizeof(abst), "%csockscope%cnul-%d", 0, 0,
			     (int)getpid());
	add_unix(f, unix_bound(SOCK_DGRAM, abst, n), "unix abstract with NUL",
		 SOCK_DGRAM, "closed");
	memcpy(f->abstract_nul, abst, n);
	f->abstract_nul[0] = '@';
	f->abstract_nul_len = n;

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_return_code(fd, errno);
	add_unix(f, fd, "unix unnamed dgram", SOCK_DGRAM, "closed");

	for (size_t i = 0; i < 3; i++) {
		int t = pair_types[i];
		char what[64];

		assert_return_code(socketpair(AF_UNIX, t | SOCK_CLOEXEC, 0, sv),
				   errno);
		snprintf(what, sizeof(what), "socketpair %s, end 0",
			 unix_netid(t));
		a = add_unix(f, sv[0], what, t, "established");
		snprintf(what, sizeof(what), "socketpair %s, end 1",
			 unix_netid(t));
		c = add_unix(f, sv[1], what, t, "established");
		peers(a, c);
	}
}

/* ---- packet ---- */

/* Bound after a drop-everything filter is in place, so no frame of the
 * loopback's traffic is ever queued: Recv-Q stays 0 in both sources. */
int families_packet_open(int type, uint16_t proto, const char *dev)
{
	struct sock_filter drop = BPF_STMT(BPF_RET | BPF_K, 0);
	struct sock_fprog prog = {.len = 1, .filter = &drop};
	union addr a = {.ll = {.sll_family = AF_PACKET}};
	int fd = socket(AF_PACKET, type | SOCK_CLOEXEC, 0);

	assert_return_code(fd, errno);
	assert_return_code(
	    setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)),
	    errno);
	if (proto || dev) {
		a.ll.sll_protocol = htons(proto);
		a.ll.sll_ifindex = dev ? (int)if_nametoindex(dev) : 0;
		assert_int_not_equal(dev ? a.ll.sll_ifindex : 1, 0);
		assert_return_code(bind(fd, &a.sa, sizeof(a.ll)), errno);
	}
	return fd;
}

static void add_packet(struct families *f, int type, uint16_t proto,
		       const char *dev, const char *what)
{
	int fd = families_packet_open(type, proto, dev);
	struct fam_sock *s =
	    add(f, fd, what, type == SOCK_RAW ? "p_raw" : "p_dgr", "packet",
		"closed");

	s->protocol = proto;
	if (dev)
		snprintf(s->interface, sizeof(s->interface), "%s", dev);
}

/* ---- netlink ---- */

static int nl_socket(int proto)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);

	assert_return_code(fd, errno);
	return fd;
}

static struct fam_sock *add_netlink(struct families *f, int fd, int proto,
				    const char *what)
{
	union addr a = {0};
	socklen_t len = sizeof(a);
	struct fam_sock *s = add(f, fd, what, "nl", "netlink", "closed");

	assert_return_code(getsockname(fd, &a.sa, &len), errno);
	s->protocol = proto;
	s->portid = a.nl.nl_pid;
	s->groups = a.nl.nl_groups;
	return s;
}

static void nl_bind(int fd, uint32_t groups)
{
	union addr a = {.nl = {.nl_family = AF_NETLINK, .nl_groups = groups}};

	assert_return_code(bind(fd, &a.sa, sizeof(a.nl)), errno);
}

static void nl_connect(int fd, uint32_t portid, uint32_t group)
{
	union addr a = {.nl = {.nl_family = AF_NETLINK,
			       .nl_pid = portid,
			       .nl_groups = group ? 1u << (group - 1) : 0}};

	assert_return_code(connect(fd, &a.sa, sizeof(a.nl)), errno);
}

static void add_netlink_all(struct families *f)
{
	struct fam_sock *route, *s;
	int fd;

	/* The first socket a process binds gets its pid as port id. */
	fd = nl_socket(NETLINK_ROUTE);
	nl_bind(fd, RTMGRP_LINK);
	route = add_netlink(f, fd, NETLINK_ROUTE, "netlink route, group");
	assert_int_equal(route->portid, getpid());

	fd = nl_socket(NETLINK_GENERIC);
	nl_bind(fd, 0);
	add_netlink(f, fd, NETLINK_GENERIC, "netlink generic");

	/* The next gets a port id the kernel picks from -4096 down, and
	 * this one is connected to the first. */
	fd = nl_socket(NETLINK_ROUTE);
	nl_bind(fd, 0);
	nl_connect(fd, (uint32_t)route->portid, 0);
	s = add_netlink(f, fd, NETLINK_ROUTE, "netlink route, connected");
	assert_true((int32_t)s->portid < 0);
	s->peer_portid = route->portid;
	s->peer_group = 0;

	/* Connected to the kernel, port id 0, and its group 1. */
	fd = nl_socket(NETLINK_ROUTE);
	nl_bind(fd, 0);
	nl_connect(fd, 0, 1);
	s = add_netlink(f, fd, NETLINK_ROUTE, "netlink route, to kernel");
	s->peer_portid = 0;
	s->peer_group = 1;
}

void families_make(struct families *f, uint32_t uid)
{
	*f = (struct families){.uid = uid};
	snprintf(f->dir, sizeof(f->dir), "/tmp/sockscope-families-XXXXXX");
	assert_non_null(mkdtemp(f->dir));

	add_stream(f, "tcp", AF_INET, "127.0.0.1", IPPROTO_TCP, 5);
	add_stream(f, "tcp", AF_INET6, "::1", IPPROTO_TCP, 3);
	add_udp(f);
	add_raw(f);
	add_unix_all(f);
	add_packet(f, SOCK_RAW, ETH_P_ALL, NULL, "packet raw, all");
	add_packet(f, SOCK_RAW, ETH_P_IP, "lo", "packet raw, ip on lo");
	add_packet(f, SOCK_DGRAM, ETH_P_ALL, NULL, "packet dgram, all");
	add_packet(f, SOCK_DGRAM, ETH_P_IP, "lo", "packet dgram, ip on lo");
	/* Protocol 0: receives nothing until bound to one. */
	add_packet(f, SOCK_RAW, 0, NULL, "packet raw, none");
	add_netlink_all(f);
	add_mptcp(f);
}

void families_done(struct families *f)
{
	static const char *const files[] = {"stream.sock", "dgram.sock",
					    "seqpacket.sock"};
	char path[sizeof(f->dir) + 32];

	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].fd >= 0)
			close(f->v[i].fd);
	f->n = 0;
	if (!f->dir[0])
		return;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", f->dir, files[i]);
		unlink(path);
	}
	rmdir(f->dir);
	f->dir[0] = '\0';
}

const struct fam_sock *families_find(const struct families *f,
				     const char *netid, uint64_t inode)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].inode == inode && inode != 0 &&
		    strcmp(f->v[i].netid, netid) == 0)
			return &f->v[i];
	return NULL;
}

size_t families_count(const struct families *f, const char *prefix)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n; i++)
		n += strncmp(f->v[i].netid, prefix, strlen(prefix)) == 0;
	return n;
}
