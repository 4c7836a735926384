// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Records the raw sock_diag replies that tests/fixtures/tcp{4,6}-dump.bin
 * hold, so the parser is tested against bytes a real kernel sent rather
 * than bytes we built the way we believe the kernel builds them.
 *
 * Usage (root): record-dump DIR
 *
 * It enters a new network namespace itself (unshare(CLONE_NEWNET)), so
 * only the sockets it opens are in the dump and every port is known:
 *   tcp  LISTEN 127.0.0.1:4242, backlog 128
 *   tcp  ESTAB  127.0.0.1:4244 -> 127.0.0.1:4242 (client, sent 5 bytes)
 *   tcp  ESTAB  127.0.0.1:4242 -> 127.0.0.1:4244 (accepted, 5 bytes unread)
 *   tcp6 LISTEN [::1]:4243, IPV6_V6ONLY=1, backlog 64
 *   tcp6 LISTEN [::]:4245, IPV6_V6ONLY=0, backlog 16
 * The request is the one nl_inet_collect() sends: all states, no
 * extensions. Each file is every datagram of one dump, concatenated up to
 * and including NLMSG_DONE; datagrams end on message boundaries, so the
 * file is one valid netlink stream.
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
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

/* bind() and connect() take any of these; a union keeps the casts out. */
union addr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
};

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void lo_up(void)
{
	struct ifreq ifr = {0};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		die("socket");
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		die("SIOCGIFFLAGS");
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		die("SIOCSIFFLAGS");
	close(fd);
}

static int tcp_socket(int family)
{
	int one = 1;
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		die("socket");
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0)
		die("SO_REUSEADDR");
	return fd;
}

static int listen4(const char *addr, uint16_t port, int backlog)
{
	union addr a = {.in = {.sin_family = AF_INET,
			       .sin_port = htons(port)}};
	int fd = tcp_socket(AF_INET);

	inet_pton(AF_INET, addr, &a.in.sin_addr);
	if (bind(fd, &a.sa, sizeof(a.in)) < 0)
		die("bind v4");
	if (listen(fd, backlog) < 0)
		die("listen v4");
	return fd;
}

static int listen6(const char *addr, uint16_t port, int v6only, int backlog)
{
	union addr a = {.in6 = {.sin6_family = AF_INET6,
				.sin6_port = htons(port)}};
	int fd = tcp_socket(AF_INET6);

	if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only,
		       sizeof(v6only)) < 0)
		die("IPV6_V6ONLY");
	inet_pton(AF_INET6, addr, &a.in6.sin6_addr);
	if (bind(fd, &a.sa, sizeof(a.in6)) < 0)
		die("bind v6");
	if (listen(fd, backlog) < 0)
		die("listen v6");
	return fd;
}

static int connect4(uint16_t from, uint16_t to)
{
	union addr src = {.in = {.sin_family = AF_INET,
				 .sin_port = htons(from),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)}};
	union addr dst = src;
	int fd = tcp_socket(AF_INET);

	dst.in.sin_port = htons(to);
	if (bind(fd, &src.sa, sizeof(src.in)) < 0)
		die("bind client");
	if (connect(fd, &dst.sa, sizeof(dst.in)) < 0)
		die("connect");
	return fd;
}

/* Counts the sockets; mnl_cb_run's default control callbacks stop at
 * NLMSG_DONE and turn an NLMSG_ERROR into -1. */
static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	(*(unsigned *)data)++;
	return MNL_CB_OK;
}

static void record(const char *dir, const char *name, int family)
{
	char req[256], path[4096];
	char *buf = malloc(32768);
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct inet_diag_req_v2 *r;
	unsigned nmsg = 0, ndgram = 0;
	int fd, ret;

	if (!buf)
		die("malloc");
	nl = mnl_socket_open(NETLINK_SOCK_DIAG);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		die("netlink");

	memset(req, 0, sizeof(req));
	nlh = mnl_nlmsg_put_header(req);
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = 1;
	r = mnl_nlmsg_put_extra_header(nlh, sizeof(*r));
	r->sdiag_family = (uint8_t)family;
	r->sdiag_protocol = IPPROTO_TCP;
	r->idiag_states = ~0u;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		die("sendto");

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		die(path);
	do {
		ssize_t n = mnl_socket_recvfrom(nl, buf, 32768);
		if (n <= 0)
			die("recvfrom");
		if (write(fd, buf, (size_t)n) != n)
			die("write");
		ndgram++;
		ret = mnl_cb_run(buf, (size_t)n, 1,
				 mnl_socket_get_portid(nl), count_cb, &nmsg);
		if (ret < 0)
			die("dump");
	} while (ret > 0);
	close(fd);
	mnl_socket_close(nl);
	free(buf);
	printf("%s: %u sockets in %u datagrams\n", path, nmsg, ndgram);
}

int main(int argc, char *argv[])
{
	int l4, l6, l6any, cli, srv;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	if (unshare(CLONE_NEWNET) < 0)
		die("unshare(CLONE_NEWNET)");
	lo_up();

	l4 = listen4("127.0.0.1", 4242, 128);
	l6 = listen6("::1", 4243, 1, 64);
	l6any = listen6("::", 4245, 0, 16);
	cli = connect4(4244, 4242);
	srv = accept(l4, NULL, NULL);
	if (srv < 0)
		die("accept");
	if (write(cli, "hello", 5) != 5)
		die("write");
	/* Loopback delivers within the write, so the 5 bytes already sit
	 * in srv's receive queue. */

	record(argv[1], "tcp4-dump.bin", AF_INET);
	record(argv[1], "tcp6-dump.bin", AF_INET6);

	close(srv);
	close(cli);
	close(l6any);
	close(l6);
	close(l4);
	return 0;
}
