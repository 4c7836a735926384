// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Churn: a child opens and closes loopback TCP connections as fast as it
 * can while sockscope dumps the table again and again, from sock_diag and
 * from /proc. Every dump must exit 0, be valid JSON, list no socket twice
 * and list every long-lived connection the test holds. A table that
 * changes under a dump is what makes the kernel interrupt a netlink dump
 * (NLM_F_DUMP_INTR, restarted by nl_collect()) and makes /proc's seq_file
 * repeat or skip lines between two read()s: no socket may show twice,
 * and a /proc line dropped as a repeat is said on stderr, nothing else.
 * The connection rate is printed, not asserted: no timed tests.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "harness.h"

#include "netns.h"
#include "sockjson.h"
#include "spawn.h"

/* Long-lived connections: enough that a dump spans several netlink
 * datagrams and several /proc reads, so churn lands between them. */
#define PAIRS 300
#define DUMPS 50

static int listener = -1, churn_listener = -1;
static uint16_t port, churn_port;
static int clients[PAIRS], servers[PAIRS];
static uint16_t client_ports[PAIRS];
static pid_t churner = -1;
static volatile unsigned long *churned; /* shared with the child */

union sa {
	struct sockaddr sa;
	struct sockaddr_in in;
};

static uint16_t local_port_of(int fd)
{
	union sa a;
	socklen_t len = sizeof(a);

	assert_int_equal(getsockname(fd, &a.sa, &len), 0);
	return ntohs(a.in.sin_port);
}

static int tcp_listener(uint16_t *ret_port)
{
	union sa a = {.in = {.sin_family = AF_INET,
			     .sin_addr.s_addr = htonl(INADDR_LOOPBACK)}};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, &a.sa, sizeof(a.in)), 0);
	assert_int_equal(listen(fd, 4096), 0);
	*ret_port = local_port_of(fd);
	return fd;
}

static int tcp_connect(uint16_t to)
{
	union sa a = {.in = {.sin_family = AF_INET,
			     .sin_port = htons(to),
			     .sin_addr.s_addr = htonl(INADDR_LOOPBACK)}};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	if (connect(fd, &a.sa, sizeof(a.in)) < 0) {
		int r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

/* Closing with SO_LINGER 0 sends a RST and leaves no TIME-WAIT socket,
 * so the churn never runs out of source ports. */
static void close_rst(int fd)
{
	struct linger l = {.l_onoff = 1, .l_linger = 0};

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(fd);
}

static void churn_forever(void)
{
	for (;;) {
		int c = tcp_connect(churn_port);
		if (c < 0)
			continue;
		int s = accept(churn_listener, NULL, NULL);
		if (s >= 0)
			close_rst(s);
		close_rst(c);
		(*churned)++;
	}
}

static int setup(void **state)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 2 * PAIRS + 64) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	listener = tcp_listener(&port);
	churn_listener = tcp_listener(&churn_port);
	for (int i = 0; i < PAIRS; i++) {
		clients[i] = tcp_connect(port);
		assert_true(clients[i] >= 0);
		servers[i] = accept(listener, NULL, NULL);
		assert_true(servers[i] >= 0);
		client_ports[i] = local_port_of(clients[i]);
	}
	churned = mmap(NULL, sizeof(*churned), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(churned != MAP_FAILED);
	churner = fork();
	assert_true(churner >= 0);
	if (churner == 0) {
		churn_forever();
		_exit(0);
	}
	return 0;
}

static int teardown(void **state)
{
	if (churner > 0) {
		kill(churner, SIGKILL);
		waitpid(churner, NULL, 0);
	}
	for (int i = 0; i < PAIRS; i++) {
		close(clients[i]);
		close(servers[i]);
	}
	close(listener);
	close(churn_listener);
	return 0;
}

static bool same_sock(const struct js_sock *a, const struct js_sock *b,
		      bool by_cookie)
{
	if (strcmp(a->netid, b->netid) != 0)
		return false;
	if (by_cookie)
		return a->has_cookie && b->has_cookie && a->cookie == b->cookie;
	/* /proc has no cookie: the inode (0 for a socket no descriptor
	 * holds) and both ends tell sockets apart. */
	return a->inode == b->inode && a->local_port == b->local_port &&
	       a->peer_port == b->peer_port &&
	       strcmp(a->local_address, b->local_address) == 0 &&
	       strcmp(a->peer_address, b->peer_address) == 0;
}

/* Whether @v lists a 127.0.0.1 socket with these ports, in @state. */
static bool has(const struct js_sock *v, size_t n, int64_t local,
		int64_t peer, const char *state)
{
	for (size_t k = 0; k < n; k++)
		if (v[k].local_port == local && v[k].peer_port == peer &&
		    strcmp(v[k].state, state) == 0 &&
		    strcmp(v[k].local_address, "127.0.0.1") == 0)
			return true;
	return false;
}

/* Whether every line of @err says a /proc line was dropped as a repeat
 * (the only thing a dump under churn may say). */
static bool only_repeats_said(const char *err)
{
	for (const char *p = err; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *hit = memmem(p, len, " (procfs): dropped ", 19);

		if (!hit || !memmem(p, len, " repeated line", 14))
			return false;
		p += len + (nl != NULL);
	}
	return true;
}

static void check_dumps(const char *source, bool by_cookie)
{
	unsigned long before = *churned;
	size_t records = 0;

	for (int d = 0; d < DUMPS; d++) {
		struct spawn_result r = spawn_sockscope(
			SPAWN_STDOUT_PIPE, source, "-tan", "-j", NULL);
		size_t n;

		if (!r.exited || r.status != 0)
			fail_msg("dump %d (%s): %s %d, stderr: %s", d, source,
				 r.exited ? "exit" : "signal", r.status, r.err);
		if (!only_repeats_said(r.err))
			fail_msg("dump %d (%s): stderr says more than "
				 "repeats dropped: %s",
				 d, source, r.err);
		struct js_sock *v = sockjson_parse_doc(r.out, r.out_len, &n);
		records += n;

		for (size_t a = 0; a < n; a++)
			for (size_t b = a + 1; b < n; b++)
				if (same_sock(&v[a], &v[b], by_cookie))
					fail_msg("dump %d (%s): listed twice: "
						 "%s",
						 d, source, v[a].text);
		if (!has(v, n, port, 0, "listening"))
			fail_msg("dump %d (%s): listener :%u missing", d,
				 source, port);
		for (int i = 0; i < PAIRS; i++) {
			if (!has(v, n, client_ports[i], port, "established"))
				fail_msg("dump %d (%s): client :%u missing", d,
					 source, client_ports[i]);
			if (!has(v, n, port, client_ports[i], "established"))
				fail_msg("dump %d (%s): server end of :%u "
					 "missing",
					 d, source, client_ports[i]);
		}
		free(v);
		spawn_result_done(&r);
	}
	/* The point of the test: connections came and went meanwhile. */
	assert_true(*churned > before);
	print_message("%s: %d dumps, %zu records, %lu connections opened "
		      "and closed meanwhile\n",
		      source, DUMPS, records, *churned - before);
}

static void churn_netlink(void **state)
{
	check_dumps("--source=netlink", true);
}

static void churn_procfs(void **state)
{
	check_dumps("--source=procfs", false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(churn_netlink),
		cmocka_unit_test(churn_procfs),
	};

	netns_enter_or_skip();
	return harness_run_group(tests, setup, teardown);
}
