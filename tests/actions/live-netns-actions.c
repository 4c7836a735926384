// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Actions act where -N says, or nowhere. The test runs in private
 * namespace A; a child holds namespace B. Both hold a connection to port
 * 5555, so a filter on that port matches in either: only the namespace
 * decides which one -K closes and whose closes -E reports. A -N that names
 * nothing, or an option the action would not use, must stop the run
 * before anything is touched.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "actions-test.h"
#include "bg.h"
#include "conn.h"
#include "jdoc.h"
#include "netns.h"
#include "spawn.h"

#define PORT 5555
#define WAIT_S 10

/* A listener on 127.0.0.1:PORT and one accepted connection to it. */
struct fixed {
	int listener, client, server;
};

static void fixed_open(struct fixed *f)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons(PORT),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int one = 1;

	f->listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(f->listener >= 0);
	setsockopt(f->listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	assert_int_equal(bind(f->listener, (struct sockaddr *)&a, sizeof(a)),
			 0);
	assert_int_equal(listen(f->listener, 8), 0);
	f->client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_int_equal(connect(f->client, (struct sockaddr *)&a, sizeof(a)),
			 0);
	f->server = accept4(f->listener, NULL, NULL, SOCK_CLOEXEC);
	assert_true(f->server >= 0);
}

/* Whether the connection still carries a byte from client to server. */
static bool fixed_alive(const struct fixed *f)
{
	char c = 'x';

	return send(f->client, &c, 1, MSG_NOSIGNAL) == 1 &&
	       recv(f->server, &c, 1, 0) == 1;
}

/* Namespace B: a child in a namespace of its own, holding a connection
 * like the test's, answering one question on a pipe before it exits. */
static pid_t b_pid = -1;
static int b_ask = -1, b_answer = -1;
static char b_spec[32]; /* -N's word for B: pid:PID */
static uint16_t b_client_port; /* B's client end, the one it closes */

static void b_start(void)
{
	int ask[2], answer[2];
	uint32_t uid;

	assert_int_equal(pipe(ask), 0);
	assert_int_equal(pipe(answer), 0);
	b_pid = fork();
	assert_true(b_pid >= 0);
	if (b_pid == 0) {
		struct fixed f;
		char q, a;

		/* Only the parent may hold the ends it closes to end us. */
		close(ask[1]);
		close(answer[0]);
		if (netns_enter(&uid) < 0)
			_exit(3);
		fixed_open(&f);
		uint16_t port = conn_port(f.client);
		if (write(answer[1], "r", 1) != 1 ||
		    write(answer[1], &port, sizeof(port)) != sizeof(port))
			_exit(4);
		/* 'a': is the connection still alive? 'c': close it. */
		while (read(ask[0], &q, 1) == 1) {
			if (q == 'c') {
				conn_abort(f.client);
				a = 'c';
			} else {
				a = fixed_alive(&f) ? 'y' : 'n';
			}
			if (write(answer[1], &a, 1) != 1)
				_exit(5);
		}
		_exit(0);
	}
	close(ask[0]);
	close(answer[1]);
	b_ask = ask[1];
	b_answer = answer[0];
	snprintf(b_spec, sizeof(b_spec), "pid:%d", (int)b_pid);
	char ready;
	assert_int_equal(read(b_answer, &ready, 1), 1);
	assert_int_equal(ready, 'r');
	assert_int_equal(read(b_answer, &b_client_port, sizeof(b_client_port)),
			 sizeof(b_client_port));
}

static char b_query(char q)
{
	char a = 0;

	assert_int_equal(write(b_ask, &q, 1), 1);
	assert_int_equal(read(b_answer, &a, 1), 1);
	return a;
}

static void b_stop(void)
{
	int status;

	close(b_ask);
	close(b_answer);
	waitpid(b_pid, &status, 0);
}

static struct spawn_result run(const char *a1, const char *a2, const char *a3,
			       const char *a4, const char *a5, const char *a6)
{
	return spawn_sockscope(SPAWN_STDOUT_PIPE, a1, a2, a3, a4, a5, a6,
			       NULL);
}

static void kill_closes_in_the_named_namespace_only(void **state)
{
	struct fixed mine;
	struct spawn_result r;

	fixed_open(&mine);
	b_start();
	r = run("-N", b_spec, "-Ktn", "dport = :5555", NULL, NULL);
	if (r.exited && r.status == 1 && strstr(r.err, "cannot close"))
		skip(); /* CONFIG_INET_DIAG_DESTROY off */
	if (!r.exited || r.status != 0)
		fail_msg("status %d, stderr %s", r.status, r.err);
	/* Header and B's one client socket. */
	assert_int_equal(spawn_count_lines(r.out), 2);
	spawn_result_done(&r);
	assert_int_equal(b_query('a'), 'n');
	assert_true(fixed_alive(&mine));
	b_stop();
	close(mine.client);
	close(mine.server);
	close(mine.listener);
}

static void kill_with_a_missing_namespace_touches_nothing(void **state)
{
	struct fixed mine;
	struct spawn_result r;

	fixed_open(&mine);
	r = run("-N", "sockscope-no-such-ns", "-Ktn", "dport = :5555", NULL,
		NULL);
	assert_true(r.exited);
	assert_int_equal(r.status, 2);
	assert_int_equal(spawn_count_lines(r.err), 1);
	assert_non_null(strstr(r.err, "sockscope-no-such-ns"));
	assert_int_equal(r.out_len, 0);
	spawn_result_done(&r);
	/* Not a namespace at all: a regular file. */
	r = run("-N", "/etc/hostname", "-Ktn", "dport = :5555", NULL, NULL);
	assert_true(r.exited);
	assert_int_equal(r.status, 2);
	spawn_result_done(&r);
	assert_true(fixed_alive(&mine));
	close(mine.client);
	close(mine.server);
	close(mine.listener);
}

static void events_with_a_missing_namespace_do_not_run(void **state)
{
	struct spawn_result r =
		run("-N", "sockscope-no-such-ns", "-E", "--ndjson", NULL,
		    NULL);

	assert_true(r.exited);
	assert_int_equal(r.status, 2);
	assert_int_equal(spawn_count_lines(r.err), 1);
	spawn_result_done(&r);
}

static void unused_options_are_refused(void **state)
{
	struct fixed mine;
	struct spawn_result r;

	fixed_open(&mine);
	r = run("-p", "-Ktn", "dport = :5555", NULL, NULL, NULL);
	assert_true(r.exited);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "-p"));
	spawn_result_done(&r);
	assert_true(fixed_alive(&mine));
	r = run("-p", "-E", NULL, NULL, NULL, NULL);
	assert_true(r.exited);
	assert_int_equal(r.status, 2);
	spawn_result_done(&r);
	r = run("-s", "-p", NULL, NULL, NULL, NULL);
	assert_true(r.exited);
	assert_int_equal(r.status, 2);
	spawn_result_done(&r);
	r = run("--protocol-stats", "-i", NULL, NULL, NULL, NULL);
	assert_true(r.exited);
	assert_int_equal(r.status, 2);
	spawn_result_done(&r);
	close(mine.client);
	close(mine.server);
	close(mine.listener);
}

static void events_report_the_named_namespace(void **state)
{
	struct bg bg = {0};
	struct fixed mine;
	const char *line;
	char text[8192];
	json_object *o;
	int status;

	fixed_open(&mine);
	b_start();
	bg_start(&bg, "-N", b_spec, "-E", "--ndjson", "-t", NULL);
	bg_wait_subscribed(&bg, WAIT_S);
	/* Ours first: were sockscope listening here, this would be the
	 * first line. Then B's. */
	conn_abort(mine.client);
	assert_int_equal(b_query('c'), 'c');
	line = bg_line(&bg, WAIT_S);
	snprintf(text, sizeof(text), "%s\n", line);
	o = jdoc_parse(text, strlen(text));
	/* The kernel reports a destroyed connection with its peer
	 * cleared: it is known by its local port. */
	assert_int_equal(jdoc_int(o, "socket.local_port"), b_client_port);
	json_object_put(o);
	if (!bg_stop(&bg, SIGINT, &status))
		fail_msg("-E ended with %d; stderr %s", status, bg.errbuf);
	/* Nothing from namespace A came before or after. */
	assert_int_equal(bg.len, 0);
	bg_done(&bg);
	b_stop();
	close(mine.server);
	close(mine.listener);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kill_closes_in_the_named_namespace_only),
		cmocka_unit_test(kill_with_a_missing_namespace_touches_nothing),
		cmocka_unit_test(events_with_a_missing_namespace_do_not_run),
		cmocka_unit_test(unused_options_are_refused),
		cmocka_unit_test(events_report_the_named_namespace),
	};

	netns_enter_or_skip();
	return harness_run_group(tests, NULL, NULL);
}
