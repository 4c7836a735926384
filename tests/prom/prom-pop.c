// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * prom-pop: the population of the --prometheus tests, in the current
 * (private) network namespace. Prints "ready" on stdout once every socket
 * exists, then holds them until SIGTERM or SIGINT.
 *
 *   - TCP listeners held by child processes with hostile command names
 *     (a quote, a backslash, a newline, invalid UTF-8, an escape
 *     sequence), ports 7001..7005;
 *   - two SO_REUSEPORT listeners on 127.0.0.1:7100 (one series each
 *     family, their queues added);
 *   - an IPv6-only listener on [::]:7200;
 *   - a listener on 127.0.0.1:5432 with 3 accepted connections and 2
 *     waiting to be accepted (listen queue 2);
 *   - a bound UDP socket on 127.0.0.1:5353;
 *   - an abstract unix listener "@prom\"test\n".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static int tcp_listen(int family, const char *addr, int port, int reuse,
		      int backlog)
{
	int fd = socket(family, SOCK_STREAM, 0), one = 1;
	struct sockaddr_storage ss = {0};
	socklen_t len;

	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (reuse)
		setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
	if (family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;
		a->sin_family = AF_INET;
		a->sin_port = htons(port);
		inet_pton(AF_INET, addr, &a->sin_addr);
		len = sizeof(*a);
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons(port);
		inet_pton(AF_INET6, addr, &a->sin6_addr);
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		len = sizeof(*a);
	}
	if (bind(fd, (struct sockaddr *)&ss, len) < 0)
		die("bind");
	if (listen(fd, backlog) < 0)
		die("listen");
	return fd;
}

static int tcp_connect(int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
		die("connect");
	return fd;
}

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

int main(void)
{
	static const char *const names[] = {
		"q\"uote", "back\\slash", "new\nline", "bad\xff\xfeutf8",
		"esc\x1b[31m",
	};
	pid_t kids[5];
	int ready[2], fds[32], n = 0;
	char c;

	signal(SIGTERM, on_stop);
	signal(SIGINT, on_stop);
	if (pipe(ready) < 0)
		die("pipe");
	for (int i = 0; i < 5; i++) {
		kids[i] = fork();
		if (kids[i] < 0)
			die("fork");
		if (kids[i] == 0) {
			close(ready[0]);
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			prctl(PR_SET_NAME, names[i]);
			tcp_listen(AF_INET, "127.0.0.1", 7001 + i, 0, 16);
			if (write(ready[1], "x", 1) != 1)
				die("write");
			while (!stop)
				pause();
			_exit(0);
		}
	}
	close(ready[1]);
	for (int i = 0; i < 5; i++)
		if (read(ready[0], &c, 1) != 1)
			die("a listener child failed");

	fds[n++] = tcp_listen(AF_INET, "127.0.0.1", 7100, 1, 8);
	fds[n++] = tcp_listen(AF_INET, "127.0.0.1", 7100, 1, 8);
	fds[n++] = tcp_listen(AF_INET6, "::", 7200, 0, 32);
	int l = tcp_listen(AF_INET, "127.0.0.1", 5432, 0, 64);
	for (int i = 0; i < 5; i++)
		fds[n++] = tcp_connect(5432);
	for (int i = 0; i < 3; i++) {
		int a = accept(l, NULL, NULL);
		if (a < 0)
			die("accept");
		fds[n++] = a;
	}

	struct sockaddr_in u = {.sin_family = AF_INET, .sin_port = htons(5353)};
	inet_pton(AF_INET, "127.0.0.1", &u.sin_addr);
	fds[n] = socket(AF_INET, SOCK_DGRAM, 0);
	if (fds[n] < 0 || bind(fds[n], (struct sockaddr *)&u, sizeof(u)) < 0)
		die("udp");
	n++;

	static const char abs_name[] = "\0prom\"test\n";
	struct sockaddr_un un = {.sun_family = AF_UNIX};
	memcpy(un.sun_path, abs_name, sizeof(abs_name) - 1);
	fds[n] = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fds[n] < 0 ||
	    bind(fds[n], (struct sockaddr *)&un,
		 offsetof(struct sockaddr_un, sun_path) + sizeof(abs_name) -
		     1) < 0 ||
	    listen(fds[n], 4) < 0)
		die("unix");
	n++;

	printf("ready\n");
	fflush(stdout);
	while (!stop)
		pause();
	for (int i = 0; i < 5; i++) {
		kill(kids[i], SIGTERM);
		waitpid(kids[i], NULL, 0);
	}
	return 0;
}
