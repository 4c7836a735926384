// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TCP sockets that are bound but neither listening nor connecting, which
 * Linux 6.5+ dumps when asked for state bit 13 (TCP_BOUND_INACTIVE):
 * -a lists them as UNCONN, -B and "state bound-inactive" list only them,
 * JSON says "bound-inactive", the default listing leaves them out. ss 6.1
 * does not know them, so the kernel's own answer is the reference: the
 * test skips where the kernel does not dump them.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "netns.h"
#include "spawn.h"

static int bound4 = -1, bound6 = -1, listener = -1;

static int tcp_bound(int family, const char *addr, uint16_t port)
{
	struct sockaddr_storage ss = {0};
	socklen_t len;
	int fd = socket(family, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
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
		len = sizeof(*a);
	}
	if (bind(fd, (struct sockaddr *)&ss, len) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static struct spawn_result run(const char *a, const char *b, const char *c,
			       const char *d)
{
	struct spawn_result r =
		spawn_sockscope(SPAWN_STDOUT_PIPE, a, b, c, d, NULL);

	if (!r.exited || r.status != 0 || r.err_len)
		fail_msg("sockscope %s %s: status %d, stderr %s", a,
			 b ? b : "", r.status, r.err);
	return r;
}

/* Asserts that the output of sockscope with the arguments is @want. */
#define EXPECT(want, ...)                                                      \
	do {                                                                   \
		struct spawn_result r_ = run(__VA_ARGS__, NULL);               \
		assert_string_equal(r_.out, want);                             \
		spawn_result_done(&r_);                                        \
	} while (0)

static void all_includes_them(void **state)
{
	EXPECT("State  Recv-Q Send-Q Local Address:Port Peer Address:Port\n"
	       "LISTEN 0      4          127.0.0.1:4244      0.0.0.0:*\n"
	       "UNCONN 0      0          127.0.0.1:4242      0.0.0.0:*\n"
	       "UNCONN 0      0              [::1]:4243         [::]:*\n",
	       "-tan", NULL, NULL);
}

/* The kernel dumps listeners, then bound-inactive sockets, then the rest:
 * sockscope asks for them on a second socket when it can, and must still
 * print them there, per address family. */
static void kernel_order_with_connections(void **state)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons(4244),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int c = socket(AF_INET, SOCK_STREAM, 0), s;
	struct spawn_result r;
	char states[8][8];
	int n = 0;

	assert_int_equal(connect(c, (struct sockaddr *)&a, sizeof(a)), 0);
	s = accept(listener, NULL, NULL);
	assert_true(s >= 0);
	r = run("-tanH", NULL, NULL, NULL);
	for (const char *p = r.out; *p && n < 8; n++) {
		assert_int_equal(sscanf(p, "%7s", states[n]), 1);
		p = strchr(p, '\n');
		assert_non_null(p);
		p++;
	}
	assert_int_equal(n, 5);
	assert_string_equal(states[0], "LISTEN");
	assert_string_equal(states[1], "UNCONN"); /* 127.0.0.1:4242 */
	assert_string_equal(states[2], "ESTAB");
	assert_string_equal(states[3], "ESTAB");
	assert_string_equal(states[4], "UNCONN"); /* [::1]:4243 */
	assert_non_null(strstr(r.out, "[::1]:4243"));
	spawn_result_done(&r);
	/* Resets, so no TIME-WAIT is left for the cases after this one. */
	struct linger lg = {.l_onoff = 1, .l_linger = 0};
	setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(c);
	close(s);
}

static void default_leaves_them_out(void **state)
{
	EXPECT("State Recv-Q Send-Q Local Address:Port Peer Address:Port\n",
	       "-tn", NULL, NULL);
	/* not "connected" either */
	EXPECT("State Recv-Q Send-Q Local Address:Port Peer Address:Port\n",
	       "-tn", "state", "connected");
}

static void only_them(void **state)
{
	static const char rows[] =
		"0      0          127.0.0.1:4242      0.0.0.0:*\n"
		"0      0              [::1]:4243         [::]:*\n";
	static const char header[] =
		"Recv-Q Send-Q Local Address:Port Peer Address:Port\n";
	char want[256];

	snprintf(want, sizeof(want), "%s%s", header, rows);
	EXPECT(want, "-tnB", NULL, NULL);
	EXPECT(want, "-tn", "--bound-inactive", NULL);
	EXPECT(want, "-tn", "state", "bound-inactive");
	/* every table asked, only TCP has them */
	EXPECT("Netid Recv-Q Send-Q Local Address:Port Peer Address:Port\n"
	       "tcp   0      0          127.0.0.1:4242      0.0.0.0:*\n"
	       "tcp   0      0              [::1]:4243         [::]:*\n",
	       "-nB", NULL, NULL);
	EXPECT("State  Recv-Q Send-Q Local Address:Port Peer Address:Port\n"
	       "LISTEN 0      4          127.0.0.1:4244      0.0.0.0:*\n",
	       "-tan", "exclude", "bound-inactive");
	/* "closed" is the kernel's CLOSE, which TCP has none of to dump */
	EXPECT("Recv-Q Send-Q Local Address:Port Peer Address:Port\n",
	       "-tn", "state", "closed");
}

static void json_names_the_state(void **state)
{
	struct spawn_result r = run("-tnB", "-j", NULL, NULL);
	const char *p = r.out;
	int n = 0;

	while ((p = strstr(p, "\"state\":\"bound-inactive\""))) {
		n++;
		p++;
	}
	assert_int_equal(n, 2);
	assert_null(strstr(r.out, "\"closed\""));
	spawn_result_done(&r);
}

static void summary_counts_them_closed(void **state)
{
	struct spawn_result r = run("-s", NULL, NULL, NULL);

	assert_non_null(strstr(r.out, "TCP:   3 (estab 0, closed 2,"));
	spawn_result_done(&r);
}

/* Linux 6.5 is the first to dump them. */
static int kernel_dumps_them(void)
{
	struct utsname u;
	unsigned major = 0, minor = 0;

	if (uname(&u) < 0 || sscanf(u.release, "%u.%u", &major, &minor) != 2)
		return 0;
	return major > 6 || (major == 6 && minor >= 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(all_includes_them),
		cmocka_unit_test(kernel_order_with_connections),
		cmocka_unit_test(default_leaves_them_out),
		cmocka_unit_test(only_them),
		cmocka_unit_test(json_names_the_state),
		cmocka_unit_test(summary_counts_them_closed),
	};

	if (!kernel_dumps_them()) {
		fprintf(stderr, "kernel older than 6.5: no bound-inactive "
				"sockets to dump\n");
		return NETNS_EXIT_SKIP;
	}
	netns_enter_or_skip();
	bound4 = tcp_bound(AF_INET, "127.0.0.1", 4242);
	bound6 = tcp_bound(AF_INET6, "::1", 4243);
	listener = tcp_bound(AF_INET, "127.0.0.1", 4244);
	if (bound4 < 0 || bound6 < 0 || listener < 0 ||
	    listen(listener, 4) < 0) {
		perror("test-bound: sockets");
		return EXIT_FAILURE;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
