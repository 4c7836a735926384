// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "harness.h"

#include "conn.h"

union addr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
	struct sockaddr_storage ss;
};

static socklen_t loopback(int family, union addr *a)
{
	memset(a, 0, sizeof(*a));
	if (family == AF_INET) {
		a->in.sin_family = AF_INET;
		a->in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(a->in);
	}
	a->in6.sin6_family = AF_INET6;
	a->in6.sin6_addr = in6addr_loopback;
	return sizeof(a->in6);
}

uint16_t conn_port(int fd)
{
	union addr a;
	socklen_t len = sizeof(a);

	assert_int_equal(getsockname(fd, &a.sa, &len), 0);
	return ntohs(a.sa.sa_family == AF_INET ? a.in.sin_port
					       : a.in6.sin6_port);
}

static int bound(int family, int type)
{
	union addr a;
	socklen_t len = loopback(family, &a);
	int fd = socket(family, type | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, &a.sa, len), 0);
	return fd;
}

int conn_listen(int family, uint16_t *ret_port)
{
	int fd = bound(family, SOCK_STREAM);

	assert_int_equal(listen(fd, 16), 0);
	*ret_port = conn_port(fd);
	return fd;
}

int conn_udp(int family, uint16_t *ret_port)
{
	int fd = bound(family, SOCK_DGRAM);

	*ret_port = conn_port(fd);
	return fd;
}

static void recv_timeout(int fd)
{
	struct timeval tv = {.tv_sec = 10};

	assert_int_equal(
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
}

void conn_open(struct conn *c, int family)
{
	union addr a;
	socklen_t len = loopback(family, &a);

	c->family = family;
	c->listener = conn_listen(family, &c->listen_port);
	if (family == AF_INET)
		a.in.sin_port = htons(c->listen_port);
	else
		a.in6.sin6_port = htons(c->listen_port);
	c->client = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(c->client >= 0);
	assert_int_equal(connect(c->client, &a.sa, len), 0);
	c->server = accept4(c->listener, NULL, NULL, SOCK_CLOEXEC);
	assert_true(c->server >= 0);
	c->client_port = conn_port(c->client);
	recv_timeout(c->client);
	recv_timeout(c->server);
}

void conn_close(struct conn *c)
{
	int *fds[] = {&c->client, &c->server, &c->listener};

	for (size_t i = 0; i < 3; i++)
		if (*fds[i] >= 0) {
			conn_abort(*fds[i]);
			*fds[i] = -1;
		}
}

void conn_abort(int fd)
{
	struct linger l = {.l_onoff = 1, .l_linger = 0};

	assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)),
			 0);
	close(fd);
}

uint64_t conn_cookie(int fd)
{
	uint64_t cookie = 0;
	socklen_t len = sizeof(cookie);

	assert_int_equal(getsockopt(fd, SOL_SOCKET, SO_COOKIE, &cookie, &len),
			 0);
	assert_int_not_equal(cookie, 0);
	return cookie;
}

static bool one_way(int from, int to)
{
	char b = 'x';

	return send(from, &b, 1, MSG_NOSIGNAL) == 1 && recv(to, &b, 1, 0) == 1;
}

bool conn_alive(const struct conn *c)
{
	return one_way(c->client, c->server) && one_way(c->server, c->client);
}

int conn_recv_error(int fd)
{
	char b;
	ssize_t n = recv(fd, &b, 1, 0);

	if (n > 0)
		return -1;
	return n == 0 ? 0 : errno;
}
