// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The live set. Ports are fixed (the namespace is ours alone), so the
 * expressions of live-filter.c can name them:
 *
 *   name    table  local               peer                 notes
 *   l4      tcp    127.0.0.1:1001      *                    listener
 *   l6      tcp    [::1]:1002          *                    listener
 *   ldual   tcp    [::]:1003           *                    dual-stack
 *   l4dev   tcp    0.0.0.0:1004        *                    bound to lo
 *   lmark   tcp    127.0.0.2:1005      *                    fwmark 0x10
 *   lcg     tcp    127.0.0.1:1006      *                    own cgroup
 *   l10     tcp    10.9.8.7:1007       *                    freebind
 *   l2001   tcp    [2001:db8::1]:1008  *                    freebind
 *   e4c/e4s tcp    127.0.0.1:2001  <-> 127.0.0.1:1001       connected
 *   e6c/e6s tcp    [::1]:2002      <-> [::1]:1002
 *   emc/ems tcp    127.0.0.1:2003  <-> [::ffff:127.0.0.1]:1003  (ems is
 *                                                           inet6, mapped)
 *   eac/eas tcp    127.0.0.1:(ephemeral) <-> 127.0.0.1:1001 autobound
 *   tw      tcp    127.0.0.3:2004  ->  127.0.0.1:1001       TIME-WAIT,
 *                                                           fwmark 0x20
 *   u4      udp    127.0.0.1:3001
 *   u6      udp    [::1]:3002
 *   u4c     udp    127.0.0.1:3003  ->  127.0.0.1:3001       connected
 *   u6only  udp    [::]:3004                                v6only
 *
 * lcg exists only when a cgroup can be made; the marks only when
 * SO_MARK is allowed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

#include "live-sockets.h"
#include "netlink/nl.h"

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int r;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	r = n < 0 ? -errno : (size_t)n == strlen(text) ? 0 : -EIO;
	close(fd);
	return r;
}

static int loopback_up(void)
{
	struct ifreq ifr = {.ifr_name = "lo"};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int r = 0;

	if (fd < 0)
		return -errno;
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		r = -errno;
	} else {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			r = -errno;
	}
	close(fd);
	return r;
}

int live_netns_enter(void)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[64];
	int r;

	if (unshare(CLONE_NEWNET) < 0) {
		if (errno != EPERM)
			return -errno;
		/* Unprivileged: a user namespace where we are root. */
		if (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0)
			return -errno;
		snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)uid);
		r = write_file("/proc/self/uid_map", map);
		if (r >= 0)
			r = write_file("/proc/self/setgroups", "deny");
		snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)gid);
		if (r >= 0 || r == -ENOENT)
			r = write_file("/proc/self/gid_map", map);
		if (r < 0)
			return r;
	}
	return loopback_up();
}

union addr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
	struct sockaddr_storage ss;
};

/* A socket address from text ("127.0.0.1", "::1") and a port. */
static socklen_t sockaddr_of(int family, const char *addr, uint16_t port,
			     union addr *a)
{
	memset(a, 0, sizeof(*a));
	if (family == AF_INET) {
		a->in.sin_family = AF_INET;
		a->in.sin_port = htons(port);
		inet_pton(AF_INET, addr, &a->in.sin_addr);
		return sizeof(a->in);
	}
	a->in6.sin6_family = AF_INET6;
	a->in6.sin6_port = htons(port);
	inet_pton(AF_INET6, addr, &a->in6.sin6_addr);
	return sizeof(a->in6);
}

static void from_sockaddr(const union addr *a, uint8_t *addr, uint16_t *port)
{
	if (a->sa.sa_family == AF_INET) {
		memcpy(addr, &a->in.sin_addr, 4);
		*port = ntohs(a->in.sin_port);
	} else {
		memcpy(addr, &a->in6.sin6_addr, 16);
		*port = ntohs(a->in6.sin6_port);
	}
}

/* Records @fd under @name, its ends as the kernel will report them. */
static int remember(struct live_set *set, const char *name,
		    enum sock_netid netid, int fd)
{
	struct live_sock *s = &set->v[set->n];
	union addr a;
	socklen_t len = sizeof(a);

	if (set->n == LIVE_MAX)
		return -ENOSPC;
	*s = (struct live_sock){.netid = netid, .fd = fd};
	snprintf(s->name, sizeof(s->name), "%s", name);
	if (getsockname(fd, &a.sa, &len) < 0)
		return -errno;
	s->family = a.sa.sa_family;
	from_sockaddr(&a, s->local_addr, &s->local_port);
	len = sizeof(a);
	if (getpeername(fd, &a.sa, &len) == 0)
		from_sockaddr(&a, s->peer_addr, &s->peer_port);
	set->n++;
	return 0;
}

struct opts {
	bool v6only, freebind, bind_lo;
	uint32_t mark;
};

/* A socket of @type bound to @addr:@port with @o; returns the fd or a
 * negative errno. */
static int make(int family, int type, const char *addr, uint16_t port,
		const struct opts *o)
{
	union addr a;
	int fd = socket(family, type | SOCK_CLOEXEC, 0), one = 1, zero = 0;

	if (fd < 0)
		return -errno;
	if (family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY,
		       o->v6only ? &one : &zero, sizeof(int)) < 0)
		goto fail;
	if (o->freebind &&
	    setsockopt(fd, family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
		       family == AF_INET ? IP_FREEBIND : IPV6_FREEBIND, &one,
		       sizeof(one)) < 0)
		goto fail;
	if (o->bind_lo &&
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3) < 0)
		goto fail;
	if (o->mark &&
	    setsockopt(fd, SOL_SOCKET, SO_MARK, &o->mark, sizeof(o->mark)) < 0)
		goto fail;
	if (addr && bind(fd, &a.sa, sockaddr_of(family, addr, port, &a)) < 0)
		goto fail;
	return fd;
fail:
	{
		int r = -errno;
		close(fd);
		return r;
	}
}

static int listener(struct live_set *set, const char *name, int family,
		    const char *addr, uint16_t port, const struct opts *o)
{
	int fd = make(family, SOCK_STREAM, addr, port, o);

	if (fd < 0)
		return fd;
	if (listen(fd, 16) < 0) {
		int r = -errno;
		close(fd);
		return r;
	}
	return remember(set, name, SOCK_NETID_TCP, fd);
}

/* Connects a client (bound to @addr:@port unless @addr is NULL) to
 * @to:@to_port, accepts it on listener @lfd, and names both ends. */
static int pair(struct live_set *set, const char *client, const char *server,
		int family, const char *addr, uint16_t port, const char *to,
		uint16_t to_port, int lfd, const struct opts *o)
{
	union addr a;
	socklen_t len = sockaddr_of(family, to, to_port, &a);
	int c = make(family, SOCK_STREAM, addr, port, o), s, r;

	if (c < 0)
		return c;
	if (connect(c, &a.sa, len) < 0) {
		r = -errno;
		close(c);
		return r;
	}
	s = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (s < 0) {
		r = -errno;
		close(c);
		return r;
	}
	r = remember(set, client, SOCK_NETID_TCP, c);
	if (r >= 0)
		r = remember(set, server, SOCK_NETID_TCP, s);
	return r;
}

static int udp(struct live_set *set, const char *name, int family,
	       const char *addr, uint16_t port, const char *to,
	       uint16_t to_port, const struct opts *o)
{
	int fd = make(family, SOCK_DGRAM, addr, port, o);

	if (fd < 0)
		return fd;
	if (to) {
		union addr a;
		socklen_t len = sockaddr_of(family, to, to_port, &a);

		if (connect(fd, &a.sa, len) < 0) {
			int r = -errno;
			close(fd);
			return r;
		}
	}
	return remember(set, name, SOCK_NETID_UDP, fd);
}

static int find_fd(const struct live_set *set, const char *name)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->v[i].name, name) == 0)
			return set->v[i].fd;
	return -1;
}

/* Our cgroup v2 path ("0::/path" in /proc/self/cgroup) and the root of
 * the cgroup2 mount, found the way filter-value.c finds it: by parsing
 * "cgroup = /" there is no need, the kernel tells both here. */
static int cgroup2_paths(char *root, size_t rsize, char *own, size_t osize)
{
	char line[4096];
	FILE *fp = fopen("/proc/self/cgroup", "re");
	int r = -ENOENT;

	if (!fp)
		return -errno;
	while (fgets(line, sizeof(line), fp))
		if (strncmp(line, "0::", 3) == 0) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(own, osize, "%s", line + 3);
			r = 0;
		}
	fclose(fp);
	if (r < 0)
		return r;
	fp = fopen("/proc/self/mountinfo", "re");
	if (!fp)
		return -errno;
	r = -ENOENT;
	while (fgets(line, sizeof(line), fp)) {
		char mnt[1024];
		const char *sep = strstr(line, " - cgroup2 ");

		if (sep && sscanf(line, "%*s %*s %*s %*s %1023s", mnt) == 1) {
			snprintf(root, rsize, "%s", mnt);
			r = 0;
			break;
		}
	}
	fclose(fp);
	return r;
}

/* lcg: a listener made while we sit in a cgroup of our own. The kernel
 * fixes a socket's cgroup when the socket is made. */
static int cgroup_listener(struct live_set *set)
{
	char root[1024], dir[2048], procs[8192], pid[32];
	struct opts none = {0};
	int r, r2;

	if (cgroup2_paths(root, sizeof(root), set->own_cgroup,
			  sizeof(set->own_cgroup)) < 0)
		return -ENOENT;
	snprintf(set->cgroup, sizeof(set->cgroup), "/sockscope-filter-%d",
		 (int)getpid());
	snprintf(dir, sizeof(dir), "%s%s", root, set->cgroup);
	if (mkdir(dir, 0755) < 0) {
		set->cgroup[0] = '\0';
		return -errno;
	}
	snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir);
	r = write_file(procs, pid);
	if (r >= 0)
		r = listener(set, "lcg", AF_INET, "127.0.0.1", 1006, &none);
	snprintf(procs, sizeof(procs), "%s%s%scgroup.procs", root,
		 set->own_cgroup,
		 set->own_cgroup[strlen(set->own_cgroup) - 1] == '/' ? ""
								      : "/");
	r2 = write_file(procs, pid);
	if (r < 0 || r2 < 0) {
		rmdir(dir);
		set->cgroup[0] = '\0';
		return r < 0 ? r : r2;
	}
	return 0;
}

/* The TIME-WAIT socket: the client closes first, then the server, and
 * the kernel takes the client through FIN-WAIT to TIME-WAIT. */
static int time_wait(struct live_set *set, const struct opts *o)
{
	struct live_rec recs[LIVE_MAX * 2];
	int lfd = find_fd(set, "l4"), r, c, s;
	size_t n;

	r = pair(set, "tw", "tws", AF_INET, "127.0.0.3", 2004, "127.0.0.1",
		 1001, lfd, o);
	if (r < 0)
		return r;
	c = set->v[set->n - 2].fd;
	s = set->v[set->n - 1].fd;
	set->n--; /* the server end is gone once both have closed */
	close(c);
	close(s);
	set->v[set->n - 1].fd = -1;
	/* The handshake runs in softirq context; wait until it is done
	 * (on loopback it is by the time close() returns, nearly). */
	for (int tries = 0; tries < 2000; tries++) {
		bool seen = false, other = false;

		n = 0;
		r = live_dump(set, SOCK_NETID_TCP, AF_INET, NULL, 0, recs,
			      LIVE_MAX * 2, &n);
		if (r < 0)
			return r;
		for (size_t i = 0; i < n; i++) {
			if (recs[i].name && strcmp(recs[i].name, "tw") == 0)
				seen = recs[i].rec.state ==
				       SOCK_STATE_TIME_WAIT;
			if (!recs[i].name)
				other = true; /* the server end, closing */
		}
		if (seen && !other)
			return 0;
		usleep(1000);
	}
	return -ETIMEDOUT;
}

int live_set_make(struct live_set *set, char *why, size_t size)
{
	struct opts none = {0}, dual = {0}, v6only = {.v6only = true},
		    freebind = {.freebind = true}, lo = {.bind_lo = true},
		    mark10 = {.mark = 0x10}, mark20 = {.mark = 0x20};
	int r, fd;

	*set = (struct live_set){.marks = true};
#define STEP(what, call)                                                     \
	do {                                                                 \
		r = (call);                                                  \
		if (r < 0) {                                                 \
			snprintf(why, size, "%s: %s", what, strerror(-r));   \
			return r;                                            \
		}                                                            \
	} while (0)

	STEP("l4", listener(set, "l4", AF_INET, "127.0.0.1", 1001, &none));
	STEP("l6", listener(set, "l6", AF_INET6, "::1", 1002, &none));
	STEP("ldual", listener(set, "ldual", AF_INET6, "::", 1003, &dual));
	STEP("l4dev", listener(set, "l4dev", AF_INET, "0.0.0.0", 1004, &lo));
	fd = make(AF_INET, SOCK_STREAM, NULL, 0, &mark10);
	if (fd == -EPERM) {
		set->marks = false; /* no CAP_NET_ADMIN: no marks */
		mark10.mark = mark20.mark = 0;
	} else if (fd >= 0) {
		close(fd);
	}
	STEP("lmark",
	     listener(set, "lmark", AF_INET, "127.0.0.2", 1005, &mark10));
	STEP("l10", listener(set, "l10", AF_INET, "10.9.8.7", 1007, &freebind));
	STEP("l2001", listener(set, "l2001", AF_INET6, "2001:db8::1", 1008,
			       &freebind));
	STEP("e4", pair(set, "e4c", "e4s", AF_INET, "127.0.0.1", 2001,
			"127.0.0.1", 1001, find_fd(set, "l4"), &none));
	STEP("e6", pair(set, "e6c", "e6s", AF_INET6, "::1", 2002, "::1", 1002,
			find_fd(set, "l6"), &none));
	STEP("em", pair(set, "emc", "ems", AF_INET, "127.0.0.1", 2003,
			"127.0.0.1", 1003, find_fd(set, "ldual"), &none));
	STEP("ea", pair(set, "eac", "eas", AF_INET, NULL, 0, "127.0.0.1", 1001,
			find_fd(set, "l4"), &none));
	STEP("u4", udp(set, "u4", AF_INET, "127.0.0.1", 3001, NULL, 0, &none));
	STEP("u6", udp(set, "u6", AF_INET6, "::1", 3002, NULL, 0, &none));
	STEP("u4c", udp(set, "u4c", AF_INET, "127.0.0.1", 3003, "127.0.0.1",
			3001, &none));
	STEP("u6only",
	     udp(set, "u6only", AF_INET6, "::", 3004, NULL, 0, &v6only));
	STEP("tw", time_wait(set, &mark20));
	cgroup_listener(set); /* optional: set->cgroup says */
#undef STEP
	return 0;
}

void live_set_done(struct live_set *set)
{
	char root[1024], own[16], dir[2048];

	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].fd >= 0)
			close(set->v[i].fd);
	if (set->cgroup[0] &&
	    cgroup2_paths(root, sizeof(root), own, sizeof(own)) >= 0) {
		snprintf(dir, sizeof(dir), "%s%s", root, set->cgroup);
		rmdir(dir);
	}
	set->n = 0;
}

const char *live_set_name(const struct live_set *set,
			  const struct sock_rec *rec)
{
	size_t alen = rec->family == AF_INET ? 4 : 16;

	for (size_t i = 0; i < set->n; i++) {
		const struct live_sock *s = &set->v[i];

		if (s->netid == rec->netid && s->family == rec->family &&
		    s->local_port == rec->local_port &&
		    s->peer_port == rec->peer_port &&
		    memcmp(s->local_addr, rec->local_addr, alen) == 0 &&
		    memcmp(s->peer_addr, rec->peer_addr, alen) == 0)
			return s->name;
	}
	return NULL;
}

struct dump_ctx {
	const struct live_set *set;
	enum sock_netid netid;
	struct live_rec *out;
	size_t cap, *n;
	int err;
};

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *d = data;
	const struct nlattr *a;
	struct sock_rec rec;
	int r;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return MNL_CB_OK;
	r = nl_inet_parse(nlh, d->netid, &rec);
	if (r < 0 || *d->n == d->cap) {
		d->err = r < 0 ? r : -ENOSPC;
		return MNL_CB_ERROR;
	}
	/* What the filter needs beyond what nl_inet_parse() may read. */
	mnl_attr_for_each(a, nlh, sizeof(struct inet_diag_msg)) {
		uint16_t type = mnl_attr_get_type(a);

		if (type == INET_DIAG_MARK &&
		    mnl_attr_get_payload_len(a) == 4) {
			rec.has_mark = true;
			rec.mark = mnl_attr_get_u32(a);
		} else if (type == INET_DIAG_CGROUP_ID &&
			   mnl_attr_get_payload_len(a) == 8) {
			rec.has_cgroup_id = true;
			memcpy(&rec.cgroup_id, mnl_attr_get_payload(a), 8);
		}
	}
	d->out[*d->n] = (struct live_rec){
		.rec = rec, .name = live_set_name(d->set, &rec)};
	(*d->n)++;
	return MNL_CB_OK;
}

int live_dump(const struct live_set *set, enum sock_netid netid, int family,
	      const void *code, size_t len, struct live_rec *out, size_t cap,
	      size_t *n)
{
	size_t size = MNL_SOCKET_BUFFER_SIZE + len;
	char *buf = calloc(1, size);
	struct dump_ctx d = {.set = set, .netid = netid, .out = out,
			     .cap = cap, .n = n};
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct inet_diag_req_v2 *req;
	int r;

	if (!buf)
		return -ENOMEM;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = (uint8_t)family;
	req->sdiag_protocol = netid == SOCK_NETID_TCP ? IPPROTO_TCP
						      : IPPROTO_UDP;
	req->idiag_states = ~0u;
	if (code)
		mnl_attr_put(nlh, INET_DIAG_REQ_BYTECODE, len, code);
	r = nl_open(&nl);
	if (r >= 0) {
		r = nl_dump(nl, nlh, dump_cb, &d, &d.err);
		mnl_socket_close(nl);
	}
	free(buf);
	return r;
}
