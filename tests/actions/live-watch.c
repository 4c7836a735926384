// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --watch's events against the kernel, in a private network namespace:
 * sockscope runs in the background writing NDJSON (its stdout is a
 * pipe), the test opens, connects and closes sockets, and reads
 * "added", "changed" (with the previous values) and "removed" about
 * exactly those sockets, by cookie.
 */
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include "actions-test.h"
#include "bg.h"
#include "conn.h"
#include "jdoc.h"
#include "netns.h"
#include "spawn.h"

/* Generous bounds on waits that take a refresh or two. */
#define WAIT_S 10

static struct bg bg;

static int teardown(void **state)
{
	bg_done(&bg);
	return 0;
}

/*
 * Reads event lines until one says @event about the socket with
 * @cookie; other lines must be well-formed events too. Returns the
 * event (json_object_put() it).
 */
static json_object *expect_event(const char *event, uint64_t cookie)
{
	for (;;) {
		const char *line = bg_line(&bg, WAIT_S);
		size_t len = strlen(line);
		char *text = malloc(len + 2);
		json_object *o, *s;
		const char *ev;

		assert_non_null(text);
		memcpy(text, line, len);
		memcpy(text + len, "\n", 2);
		o = jdoc_parse(text, len + 1);
		free(text);
		assert_int_equal(jdoc_int(o, "schema_version"), 1);
		assert_true(jdoc_int(o, "timestamp_us") / 1000000 >=
			    1577836800);
		(void)jdoc_str(o, "timestamp");
		ev = jdoc_str(o, "event");
		if (strcmp(ev, "added") && strcmp(ev, "changed") &&
		    strcmp(ev, "removed"))
			fail_msg("not an event of --watch: %s", line);
		s = jdoc_get(o, "socket");
		if (strcmp(ev, event) == 0 &&
		    (uint64_t)jdoc_int(s, "cookie") == cookie)
			return o;
		json_object_put(o);
	}
}

static void stop_cleanly(int sig)
{
	int status;

	if (!bg_stop(&bg, sig, &status))
		fail_msg("sockscope --watch ended with %d after signal %d; "
			 "stderr: %s",
			 status, sig, bg.errbuf);
	assert_string_equal(bg.errbuf, "");
}

static void added_changed_removed(void **state)
{
	struct conn c;
	uint16_t port;
	uint64_t lcookie, server;
	json_object *o;
	int l;

	bg_start(&bg, "--watch=0.1", "-ta", NULL);
	bg_wait_subscribed(&bg, WAIT_S);
	l = conn_listen(AF_INET, &port);
	lcookie = conn_cookie(l);
	o = expect_event("added", lcookie);
	assert_string_equal(jdoc_str(o, "socket.state"), "listening");
	assert_int_equal(jdoc_int(o, "socket.local_port"), port);
	json_object_put(o);

	conn_open(&c, AF_INET6);
	server = conn_cookie(c.server);
	o = expect_event("added", server);
	assert_string_equal(jdoc_str(o, "socket.state"), "established");
	json_object_put(o);

	/* The client's FIN moves the server end to CLOSE-WAIT. */
	close(c.client);
	c.client = -1;
	o = expect_event("changed", server);
	assert_string_equal(jdoc_str(o, "socket.state"), "close-wait");
	assert_string_equal(jdoc_str(o, "previous.state"), "established");
	assert_int_equal(jdoc_int(o, "previous.recv_q"), 0);
	assert_int_equal(jdoc_int(o, "previous.send_q"), 0);
	json_object_put(o);

	close(l);
	o = expect_event("removed", lcookie);
	assert_string_equal(jdoc_str(o, "socket.state"), "listening");
	json_object_put(o);
	conn_close(&c);
	stop_cleanly(SIGINT);
}

/* Unix sockets have no destroy events: the next refresh tells the
 * removal, and with -p still names the process that held the socket. */
static void removed_names_its_process(void **state)
{
	int sv[2];
	uint64_t cookie;
	json_object *o, *p;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	cookie = conn_cookie(sv[0]);
	bg_start(&bg, "--watch=0.1", "-xa", "-p", "--ndjson", NULL);
	/* The first refresh tells every socket already there. */
	o = expect_event("added", cookie);
	json_object_put(o);
	close(sv[0]);
	close(sv[1]);
	o = expect_event("removed", cookie);
	p = json_object_array_get_idx(jdoc_get(o, "socket.processes"), 0);
	assert_non_null(p);
	assert_int_equal(jdoc_int(p, "pid"), getpid());
	assert_int_equal(jdoc_int(p, "fd"), sv[0]);
	json_object_put(o);
	stop_cleanly(SIGTERM);
}

/* The kernel's destroy event tells a removal between refreshes: with a
 * refresh every 5 minutes, the closed listener is still told at once. */
static void destroy_events_tell_removals_at_once(void **state)
{
	uint16_t port;
	int l = conn_listen(AF_INET6, &port);
	uint64_t cookie = conn_cookie(l);
	json_object *o;

	bg_start(&bg, "--watch=300", "-tl", "--ndjson", NULL);
	o = expect_event("added", cookie);
	json_object_put(o);
	bg_wait_subscribed(&bg, WAIT_S);
	close(l);
	o = expect_event("removed", cookie);
	assert_string_equal(jdoc_str(o, "socket.family"), "inet6");
	assert_int_equal(jdoc_int(o, "socket.local_port"), port);
	json_object_put(o);
	stop_cleanly(SIGINT);
}

/* --refreshes N ends the watch by itself: one refresh of an unchanged
 * set tells its sockets once, as added, and nothing else. */
static void refreshes_end_it(void **state)
{
	uint16_t port;
	int l = conn_listen(AF_INET, &port), status;
	uint64_t cookie = conn_cookie(l);
	json_object *o;

	bg_start(&bg, "--watch=0.05", "--refreshes=3", "-tl", NULL);
	o = expect_event("added", cookie);
	json_object_put(o);
	assert_true(bg_stop(&bg, 0, &status));
	assert_int_equal(status, 0);
	assert_int_equal(bg.len, 0); /* no second line about it */
	close(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(added_changed_removed, teardown),
		cmocka_unit_test_teardown(removed_names_its_process, teardown),
		cmocka_unit_test_teardown(destroy_events_tell_removals_at_once,
					  teardown),
		cmocka_unit_test_teardown(refreshes_end_it, teardown),
	};

	netns_enter_or_skip();
	return harness_run_group(tests, NULL, NULL);
}
