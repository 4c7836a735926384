// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Which tables and states a table or family option selects, against ss on
 * the same namespace: -x and -A unix_dgram show connected datagram
 * sockets only, -A gives every table ss's connected states (-A netlink
 * alone lists nothing), a family and a table from different worlds join (-4 -x,
 * -f unix -t); a device that is gone reads as "%ifN". Rows are compared as words, sorted (the widths are another
 * test's business).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "netns.h"
#include "spawn.h"

static const char *ss_path;

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The rows of @text (header dropped), each squeezed to single blanks,
 * sorted, joined by '\n'. */
static char *rows(const char *text)
{
	char **v = NULL, *out;
	size_t n = 0, len = 0;
	const char *p = strchr(text, '\n');

	while (p && p[1]) {
		const char *line = p + 1, *end = strchr(line, '\n');
		size_t l = end ? (size_t)(end - line) : strlen(line);
		char *w = malloc(l + 1), *q = w;

		assert_non_null(w);
		for (size_t i = 0; i < l; i++)
			if (line[i] != ' ' || (q > w && q[-1] != ' '))
				*q++ = line[i];
		while (q > w && q[-1] == ' ')
			q--;
		*q = '\0';
		v = realloc(v, (n + 1) * sizeof(*v));
		assert_non_null(v);
		v[n++] = w;
		len += strlen(w) + 1;
		p = end;
	}
	qsort(v, n, sizeof(*v), by_string);
	out = calloc(1, len + 1);
	assert_non_null(out);
	for (size_t i = 0; i < n; i++) {
		strcat(out, v[i]);
		strcat(out, "\n");
		free(v[i]);
	}
	free(v);
	return out;
}

/* ss and sockscope with @a (and @b, @c) list the same rows, at least
 * @min. */
static void same_as_ss3(const char *a, const char *b, const char *c,
			size_t min)
{
	const char *ss_argv[] = {"ss", "-n", a, b, c, NULL};
	struct spawn_result ss, me;
	char *x, *y;
	size_t n = 0;

	assert_int_equal(spawn_run(ss_path, ss_argv, SPAWN_STDOUT_PIPE, &ss),
			 0);
	me = spawn_sockscope(SPAWN_STDOUT_PIPE, "-n", a, b, c, NULL);
	if (!me.exited || me.status != 0)
		fail_msg("sockscope -n %s %s: status %d, stderr %s", a,
			 b ? b : "", me.status, me.err);
	x = rows(ss.out);
	y = rows(me.out);
	for (const char *p = y; (p = strchr(p, '\n')); p++)
		n++;
	if (strcmp(x, y) != 0 || n < min)
		fail_msg("%s %s: ss lists\n%s\nsockscope lists\n%s", a,
			 b ? b : "", x, y);
	free(x);
	free(y);
	spawn_result_done(&ss);
	spawn_result_done(&me);
}

static void same_as_ss(const char *a, const char *b, size_t min)
{
	same_as_ss3(a, b, NULL, min);
}

static void unix_tables_connected_only(void **state)
{
	same_as_ss("-x", NULL, 4);
	same_as_ss("-A", "unix_dgram", 2);
	same_as_ss("-A", "unix", 4);
	same_as_ss("-xa", NULL, 6);
	/* -A makes "connected" every table's states, as ss: no netlink
	 * socket without -a */
	same_as_ss("-A", "netlink", 0);
	same_as_ss("-A", "udp", 0);
	same_as_ss("-aA", "udp", 1);
}

static void family_and_table_join(void **state)
{
	same_as_ss("-4", "-x", 6);
	same_as_ss3("-f", "unix", "-t", 6);
	same_as_ss("-4x", "-t", 6);
	same_as_ss("-4", "-t", 2);
}

/* A UDP socket bound to a device that is then deleted: ss prints the
 * index it no longer has a name for as "%ifN". */
static void gone_device_as_ss(void **state)
{
	const char *add[] = {"ip", "link", "add", "w10ax", "type", "veth",
			     "peer", "name", "w10ay", NULL};
	const char *del[] = {"ip", "link", "del", "w10ax", NULL};
	const char *ip = access("/usr/sbin/ip", X_OK) == 0 ? "/usr/sbin/ip"
							   : "/sbin/ip";
	struct spawn_result r;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(5454)};
	int fd;

	if (spawn_run(ip, add, SPAWN_STDOUT_PIPE, &r) < 0 || !r.exited ||
	    r.status != 0) {
		spawn_result_done(&r);
		skip(); /* no veth here */
	}
	spawn_result_done(&r);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, "w10ax",
				    6),
			 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(spawn_run(ip, del, SPAWN_STDOUT_PIPE, &r), 0);
	assert_int_equal(r.status, 0);
	spawn_result_done(&r);
	same_as_ss("-ua", "sport = :5454", 1);
	r = spawn_sockscope(SPAWN_STDOUT_PIPE, "-uanH", "sport = :5454", NULL);
	assert_non_null(strstr(r.out, "0.0.0.0%if"));
	spawn_result_done(&r);
	close(fd);
}

/* An MPTCP listener and connection on port 22: "ssh", as ss shows it. */
static void mptcp_port_named_as_ss(void **state)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(22)};
	int l = socket(AF_INET, SOCK_STREAM, 262), c; /* IPPROTO_MPTCP */
	struct spawn_result r;

	if (l < 0)
		skip(); /* no MPTCP in this kernel */
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	c = socket(AF_INET, SOCK_STREAM, 262);
	assert_true(c >= 0);
	assert_int_equal(bind(l, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(l, 4), 0);
	assert_int_equal(connect(c, (struct sockaddr *)&a, sizeof(a)), 0);
	{
		const char *ss_argv[] = {"ss", "-Ma", NULL};
		struct spawn_result ss;
		char *x, *y;

		assert_int_equal(spawn_run(ss_path, ss_argv, SPAWN_STDOUT_PIPE,
					   &ss),
				 0);
		r = spawn_sockscope(SPAWN_STDOUT_PIPE, "-Ma", NULL);
		x = rows(ss.out);
		y = rows(r.out);
		assert_string_equal(y, x);
		assert_non_null(strstr(y, "127.0.0.1:ssh"));
		free(x);
		free(y);
		spawn_result_done(&ss);
		spawn_result_done(&r);
	}
	close(c);
	close(l);
}

static int unix_bound(int type, const char *abstract)
{
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, type, 0);
	size_t n = strlen(abstract);

	memcpy(a.sun_path + 1, abstract, n);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a,
			   (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
				       1 + n)) < 0)
		return -1;
	return fd;
}

/* Unix: an unconnected datagram socket, a connected datagram pair, a
 * stream listener with one connection; TCP: a listener with one
 * connection; UDP: an unconnected socket. */
static int populate(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof(a);
	int pair[2], l, c, u, t, tc;

	l = unix_bound(SOCK_STREAM, "w10a-defaults-listen");
	if (unix_bound(SOCK_DGRAM, "w10a-defaults-dgram") < 0 || l < 0 ||
	    socketpair(AF_UNIX, SOCK_DGRAM, 0, pair) < 0 || listen(l, 4) < 0)
		return -1;
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	{
		struct sockaddr_un ua = {.sun_family = AF_UNIX};
		const char *name = "w10a-defaults-listen";

		memcpy(ua.sun_path + 1, name, strlen(name));
		if (c < 0 ||
		    connect(c, (struct sockaddr *)&ua,
			    (socklen_t)(offsetof(struct sockaddr_un,
						 sun_path) +
					1 + strlen(name))) < 0 ||
		    accept(l, NULL, NULL) < 0)
			return -1;
	}
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	t = socket(AF_INET, SOCK_STREAM, 0);
	u = socket(AF_INET, SOCK_DGRAM, 0);
	tc = socket(AF_INET, SOCK_STREAM, 0);
	if (t < 0 || u < 0 || tc < 0 ||
	    bind(t, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(t, 4) < 0 ||
	    bind(u, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    getsockname(t, (struct sockaddr *)&a, &len) < 0 ||
	    connect(tc, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    accept(t, NULL, NULL) < 0)
		return -1;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unix_tables_connected_only),
		cmocka_unit_test(family_and_table_join),
		cmocka_unit_test(gone_device_as_ss),
		cmocka_unit_test(mptcp_port_named_as_ss),
	};

	ss_path = access("/usr/bin/ss", X_OK) == 0 ? "/usr/bin/ss"
	        : access("/bin/ss", X_OK) == 0	   ? "/bin/ss"
						   : NULL;
	if (!ss_path) {
		fprintf(stderr, "no ss to compare with\n");
		return NETNS_EXIT_SKIP;
	}
	netns_enter_or_skip();
	if (populate() < 0) {
		perror("test-ss-defaults: sockets");
		return EXIT_FAILURE;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
