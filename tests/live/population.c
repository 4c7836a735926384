// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Making the sockets. Nothing waits on a clock: each step that depends on
 * the peer's kernel half (a handshake, an ACK, a queued child) waits on an
 * event the kernel raises for exactly that (accept, poll, epoll, the
 * error queue).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/net_tstamp.h>
#include <linux/sockios.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "harness.h"

#include "population.h"

#define EXACT(n) ((struct pop_range){(n), (n)})
#define ANY ((struct pop_range){0, UINT64_MAX})

union addr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
	struct sockaddr_storage ss;
};

void population_init(struct population *pop, uint32_t uid)
{
	*pop = (struct population){.uid = uid};
}

static struct pop_sock *add(struct population *pop)
{
	if (pop->n == pop->cap) {
		size_t cap = pop->cap ? pop->cap * 2 : 64;
		struct pop_sock *v = realloc(pop->v, cap * sizeof(*v));
		assert_non_null(v);
		pop->v = v;
		pop->cap = cap;
	}
	pop->v[pop->n] = (struct pop_sock){.fd = -1, .v6only = -1};
	return &pop->v[pop->n++];
}

static void addr_text(const union addr *a, char *dst, uint16_t *ret_port)
{
	const void *raw = a->sa.sa_family == AF_INET
			      ? (const void *)&a->in.sin_addr
			      : (const void *)&a->in6.sin6_addr;

	assert_non_null(inet_ntop(a->sa.sa_family, raw, dst, INET6_ADDRSTRLEN));
	*ret_port = ntohs(a->sa.sa_family == AF_INET ? a->in.sin_port
						     : a->in6.sin6_port);
}

static int sockopt_int(int fd, int level, int name)
{
	int v = 0;
	socklen_t len = sizeof(v);

	assert_return_code(getsockopt(fd, level, name, &v, &len), errno);
	return v;
}

/*
 * Records @fd as the kernel should report it: addresses, owner device,
 * inode and cookie are read back from the socket itself, so the test does
 * not restate what it asked for.
 */
static struct pop_sock *add_fd(struct population *pop, int fd, const char *what,
			       unsigned state, struct pop_range recv_q,
			       struct pop_range send_q)
{
	struct pop_sock *s = add(pop);
	union addr a = {0};
	socklen_t len = sizeof(a);
	socklen_t devlen = IF_NAMESIZE; /* the kernel's copy has its NUL */
	uint64_t cookie = 0;
	socklen_t cookielen = sizeof(cookie);
	struct stat st;

	snprintf(s->what, sizeof(s->what), "%s", what);
	s->fd = fd;
	s->netid = sockopt_int(fd, SOL_SOCKET, SO_PROTOCOL) == IPPROTO_TCP
		       ? "tcp"
		       : "udp";
	s->family = sockopt_int(fd, SOL_SOCKET, SO_DOMAIN);
	s->state = state;
	s->recv_q = recv_q;
	s->send_q = send_q;

	assert_return_code(getsockname(fd, &a.sa, &len), errno);
	addr_text(&a, s->local_addr, &s->local_port);
	len = sizeof(a);
	if (getpeername(fd, &a.sa, &len) < 0) {
		assert_int_equal(errno, ENOTCONN);
		a = (union addr){.sa.sa_family = (sa_family_t)s->family};
	}
	addr_text(&a, s->peer_addr, &s->peer_port);

	/* The kernel says v6only only of inet6 sockets in LISTEN or CLOSE
	 * (inet_diag_msg_attrs_fill): where a wildcard address can be. */
	if (s->family == AF_INET6 &&
	    (state == POP_LISTEN || state == POP_CLOSE))
		s->v6only = sockopt_int(fd, IPPROTO_IPV6, IPV6_V6ONLY) != 0;
	assert_return_code(
	    getsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, s->interface, &devlen),
	    errno);
	assert_return_code(fstat(fd, &st), errno);
	s->inode = st.st_ino;
	assert_return_code(
	    getsockopt(fd, SOL_SOCKET, SO_COOKIE, &cookie, &cookielen), errno);
	assert_int_not_equal(cookie, 0);
	s->cookie = cookie;
	return s;
}

/* The server half of @client's connection, still in the accept queue: it
 * has no descriptor, so it is known only from the client's end. */
static void add_unaccepted(struct population *pop,
			   const struct pop_sock *client, int v6only,
			   const char *what)
{
	struct pop_sock *s = add(pop);

	snprintf(s->what, sizeof(s->what), "%s", what);
	s->netid = "tcp";
	s->family = client->family;
	s->state = POP_ESTABLISHED;
	memcpy(s->local_addr, client->peer_addr, sizeof(s->local_addr));
	s->local_port = client->peer_port;
	memcpy(s->peer_addr, client->local_addr, sizeof(s->peer_addr));
	s->peer_port = client->local_port;
	s->v6only = client->family == AF_INET6 ? v6only : -1;
	s->recv_q = EXACT(0);
	s->send_q = EXACT(0);
}

static void make_addr(int family, const char *text, uint16_t port,
		      union addr *ret, socklen_t *ret_len)
{
	*ret = (union addr){.sa.sa_family = (sa_family_t)family};
	if (family == AF_INET) {
		ret->in.sin_port = htons(port);
		assert_int_equal(inet_pton(AF_INET, text, &ret->in.sin_addr),
				 1);
		*ret_len = sizeof(ret->in);
	} else {
		ret->in6.sin6_port = htons(port);
		assert_int_equal(inet_pton(AF_INET6, text, &ret->in6.sin6_addr),
				 1);
		*ret_len = sizeof(ret->in6);
	}
}

struct listen_opts {
	int v6only;	    /* -1: leave the default */
	const char *device; /* SO_BINDTODEVICE */
	int rcvbuf;	    /* 0: default; accepted sockets inherit it */
};

static int tcp_listener(int family, const char *addr, uint16_t port,
			int backlog, const struct listen_opts *o)
{
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	union addr a;
	socklen_t len;

	assert_return_code(fd, errno);
	if (o && o->v6only >= 0)
		assert_return_code(setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY,
					      &o->v6only, sizeof(int)),
				   errno);
	if (o && o->device)
		assert_return_code(setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE,
					      o->device, strlen(o->device)),
				   errno);
	if (o && o->rcvbuf)
		assert_return_code(setsockopt(fd, SOL_SOCKET, SO_RCVBUF,
					      &o->rcvbuf, sizeof(int)),
				   errno);
	make_addr(family, addr, port, &a, &len);
	assert_return_code(bind(fd, &a.sa, len), errno);
	assert_return_code(listen(fd, backlog), errno);
	return fd;
}

/* A blocking connect to @listener's address: on return the handshake is
 * done on the client's side. */
static int tcp_connect(int listener, int sndbuf)
{
	union addr a;
	socklen_t len = sizeof(a);
	int fd;

	assert_return_code(getsockname(listener, &a.sa, &len), errno);
	fd = socket(a.sa.sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_return_code(fd, errno);
	if (sndbuf)
		assert_return_code(
		    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(int)),
		    errno);
	assert_return_code(connect(fd, &a.sa, len), errno);
	return fd;
}

static int tcp_accept(int listener)
{
	/* Blocks until the server side is in the accept queue: no timing. */
	int fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);

	assert_return_code(fd, errno);
	return fd;
}

static int udp_bound(int family, const char *addr)
{
	int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	union addr a;
	socklen_t len;

	assert_return_code(fd, errno);
	make_addr(family, addr, 0, &a, &len);
	assert_return_code(bind(fd, &a.sa, len), errno);
	return fd;
}

static void add_listener(struct population *pop, int family, const char *addr,
			 uint16_t port, int backlog,
			 const struct listen_opts *o, const char *what,
			 int *ret_fd)
{
	int fd = tcp_listener(family, addr, port, backlog, o);

	/* A listener's Recv-Q is its accept queue, Send-Q its backlog. */
	add_fd(pop, fd, what, POP_LISTEN, EXACT(0), EXACT((uint64_t)backlog));
	if (ret_fd)
		*ret_fd = fd;
}

static void add_pair(struct population *pop, int listener, const char *what)
{
	char name[64];
	int c = tcp_connect(listener, 0);
	int s = tcp_accept(listener);

	snprintf(name, sizeof(name), "%s, client", what);
	add_fd(pop, c, name, POP_ESTABLISHED, EXACT(0), EXACT(0));
	snprintf(name, sizeof(name), "%s, server", what);
	add_fd(pop, s, name, POP_ESTABLISHED, EXACT(0), EXACT(0));
}

/* A v4 client accepted by a dual-stack listener: the server's half is an
 * inet6 socket with IPv4-mapped addresses (::ffff:127.0.0.1). */
static void add_mapped_pair(struct population *pop, int dual)
{
	union addr a;
	socklen_t len = sizeof(a);
	int c, s;

	assert_return_code(getsockname(dual, &a.sa, &len), errno);
	a.in = (struct sockaddr_in){
	    .sin_family = AF_INET,
	    .sin_port = a.in6.sin6_port,
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_return_code(c, errno);
	assert_return_code(connect(c, &a.sa, sizeof(a.in)), errno);
	s = tcp_accept(dual);
	add_fd(pop, c, "tcp pair v4 to dual-stack, client", POP_ESTABLISHED,
	       EXACT(0), EXACT(0));
	add_fd(pop, s, "tcp pair v4 to dual-stack, server (mapped)",
	       POP_ESTABLISHED, EXACT(0), EXACT(0));
}

/*
 * Blocks until every byte sent on @fd is acknowledged: the kernel queues
 * an SOF_TIMESTAMPING_TX_ACK report on the error queue when the ACK
 * covering the last byte is processed, after it has moved snd_una.
 */
static void wait_acked(int fd)
{
	struct pollfd p = {.fd = fd, .events = 0}; /* POLLERR always counts */
	char control[512];
	struct msghdr m = {.msg_control = control,
			   .msg_controllen = sizeof(control)};
	int outq = -1;

	assert_int_equal(poll(&p, 1, -1), 1);
	assert_true(p.revents & POLLERR);
	assert_return_code(recvmsg(fd, &m, MSG_ERRQUEUE), errno);
	assert_return_code(ioctl(fd, SIOCOUTQ, &outq), errno);
	assert_int_equal(outq, 0);
}

/* N bytes in one segment (N < the loopback MSS): once the receiver polls
 * readable, all N are queued, and nobody reads them. */
static void add_recvq_pair(struct population *pop, int listener)
{
	static const char data[POP_RECVQ_BYTES];
	int ts = SOF_TIMESTAMPING_TX_ACK | SOF_TIMESTAMPING_SOFTWARE |
		 SOF_TIMESTAMPING_OPT_ID;
	struct pollfd p;
	int c = tcp_connect(listener, 0);
	int s = tcp_accept(listener);
	int queued = 0;

	assert_return_code(
	    setsockopt(c, SOL_SOCKET, SO_TIMESTAMPING, &ts, sizeof(ts)), errno);
	assert_int_equal(send(c, data, sizeof(data), 0), sizeof(data));
	p = (struct pollfd){.fd = s, .events = POLLIN};
	assert_int_equal(poll(&p, 1, -1), 1);
	assert_return_code(ioctl(s, SIOCINQ, &queued), errno);
	assert_int_equal(queued, POP_RECVQ_BYTES);
	wait_acked(c);
	add_fd(pop, c, "tcp recv-q pair, client", POP_ESTABLISHED, EXACT(0),
	       EXACT(0));
	add_fd(pop, s, "tcp recv-q pair, server", POP_ESTABLISHED,
	       EXACT(POP_RECVQ_BYTES), EXACT(0));
}

/* The receiver's buffer is tiny and never read, so its window closes and
 * the sender keeps data it cannot push: Send-Q > 0 for as long as we
 * like. */
static void add_sendq_pair(struct population *pop)
{
	static const char data[4096];
	struct listen_opts o = {.v6only = -1, .rcvbuf = 1};
	int l, c, s, flags, outq = 0;

	add_listener(pop, AF_INET, "127.0.0.1", 0, 3, &o,
		     "tcp listener, tiny rcvbuf", &l);
	c = tcp_connect(l, 4096);
	s = tcp_accept(l);
	flags = fcntl(c, F_GETFL);
	assert_return_code(fcntl(c, F_SETFL, flags | O_NONBLOCK), errno);
	for (;;) {
		ssize_t n = send(c, data, sizeof(data), 0);
		if (n < 0) {
			assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
			break;
		}
	}
	assert_return_code(ioctl(c, SIOCOUTQ, &outq), errno);
	assert_true(outq > 0);
	add_fd(pop, c, "tcp send-q pair, client", POP_ESTABLISHED, EXACT(0),
	       ((struct pop_range){1, UINT64_MAX}));
	add_fd(pop, s, "tcp send-q pair, server", POP_ESTABLISHED, ANY,
	       EXACT(0));
}

/*
 * Two connections left in the accept queue. Each connect() returns once
 * the client has the SYN-ACK, before the server may have the final ACK;
 * an edge-triggered epoll on the listener wakes once per child queued, so
 * waiting for one event after each connect() is exact without a clock.
 */
static void add_pending(struct population *pop)
{
	struct epoll_event ev = {.events = EPOLLIN | EPOLLET};
	struct tcp_info ti = {0};
	socklen_t tilen = sizeof(ti);
	int l, ep;

	add_listener(pop, AF_INET, "127.0.0.1", 0, 5, NULL,
		     "tcp listener, 2 pending", &l);
	pop->v[pop->n - 1].recv_q = EXACT(POP_PENDING);
	ep = epoll_create1(EPOLL_CLOEXEC);
	assert_return_code(ep, errno);
	assert_return_code(epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev), errno);
	for (int i = 0; i < POP_PENDING; i++) {
		char what[64];
		int c = tcp_connect(l, 0);
		const struct pop_sock *cs;

		assert_int_equal(epoll_wait(ep, &ev, 1, -1), 1);
		snprintf(what, sizeof(what), "tcp pending %d, client", i);
		cs = add_fd(pop, c, what, POP_ESTABLISHED, EXACT(0), EXACT(0));
		snprintf(what, sizeof(what), "tcp pending %d, not accepted", i);
		add_unaccepted(pop, cs, -1, what);
	}
	close(ep);
	/* A listener's tcpi_unacked is its accept queue length. */
	assert_return_code(getsockopt(l, IPPROTO_TCP, TCP_INFO, &ti, &tilen),
			   errno);
	assert_int_equal(ti.tcpi_unacked, POP_PENDING);
}

void population_add_standard(struct population *pop)
{
	struct listen_opts dual = {.v6only = 0}, v6only = {.v6only = 1},
			   dev = {.v6only = -1, .device = "lo"};
	int l4, l6, ld, u4, uc;
	union addr a;
	socklen_t len = sizeof(a);

	add_listener(pop, AF_INET, "127.0.0.1", 0, POP_BACKLOG, NULL,
		     "tcp listener 127.0.0.1", &l4);
	add_listener(pop, AF_INET6, "::1", 0, 8, NULL, "tcp listener [::1]",
		     &l6);
	add_listener(pop, AF_INET6, "::", 0, 9, &dual,
		     "tcp listener :: dual-stack", &ld);
	add_listener(pop, AF_INET6, "::", 0, 10, &v6only,
		     "tcp listener :: v6only", NULL);
	add_listener(pop, AF_INET, "0.0.0.0", 0, 11, &dev,
		     "tcp listener bound to lo", NULL);
	add_listener(pop, AF_INET, "127.0.0.1", 22, 12, NULL,
		     "tcp listener 127.0.0.1:22", NULL);

	add_pair(pop, l4, "tcp pair v4");
	add_pair(pop, l6, "tcp pair v6");
	add_mapped_pair(pop, ld);
	add_recvq_pair(pop, l4);
	add_sendq_pair(pop);
	add_pending(pop);

	u4 = udp_bound(AF_INET, "127.0.0.1");
	add_fd(pop, u4, "udp bound 127.0.0.1", POP_CLOSE, EXACT(0), EXACT(0));
	add_fd(pop, udp_bound(AF_INET6, "::1"), "udp bound [::1]", POP_CLOSE,
	       EXACT(0), EXACT(0));
	uc = udp_bound(AF_INET, "127.0.0.1");
	assert_return_code(getsockname(u4, &a.sa, &len), errno);
	assert_return_code(connect(uc, &a.sa, len), errno);
	add_fd(pop, uc, "udp connected v4", POP_ESTABLISHED, EXACT(0),
	       EXACT(0));
}

void population_add_listeners(struct population *pop, size_t n)
{
	for (size_t i = 0; i < n; i++)
		add_listener(pop, AF_INET, "127.0.0.1", 0, 1, NULL,
			     "tcp listener (many)", NULL);
}

void population_done(struct population *pop)
{
	if (!pop)
		return;
	for (size_t i = 0; i < pop->n; i++)
		if (pop->v[i].fd >= 0)
			close(pop->v[i].fd);
	free(pop->v);
	*pop = (struct population){0};
}
