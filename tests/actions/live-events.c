// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -E against the kernel, in a private network namespace: sockscope runs
 * in the background, the test closes sockets, and each destruction must
 * come out as a line, at once; SIGINT and SIGTERM end it with status 0.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <time.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <unistd.h>

#include "actions-test.h"
#include "bg.h"
#include "conn.h"
#include "jdoc.h"
#include "netns.h"
#include "spawn.h"

/* Generous bounds on waits that take milliseconds. */
#define WAIT_S 10

static struct bg bg;

static int teardown(void **state)
{
	bg_done(&bg);
	return 0;
}

/* Checks the envelope of an event line and returns the socket object. */
static json_object *event_socket(json_object *o)
{
	const char *ts = jdoc_str(o, "timestamp");
	int64_t us = jdoc_int(o, "timestamp_us");
	struct tm tm = {0};
	unsigned micro;
	char z;

	assert_int_equal(jdoc_int(o, "schema_version"), 1);
	assert_string_equal(jdoc_str(o, "event"), "destroy");
	/* RFC 3339, UTC, microseconds: 2026-11-25T10:11:12.123456Z */
	assert_int_equal(strlen(ts), 27);
	assert_int_equal(sscanf(ts, "%4d-%2d-%2dT%2d:%2d:%2d.%6u%c",
				&tm.tm_year, &tm.tm_mon, &tm.tm_mday,
				&tm.tm_hour, &tm.tm_min, &tm.tm_sec, &micro,
				&z),
			 8);
	assert_int_equal(z, 'Z');
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	/* The two forms are one instant. */
	assert_int_equal((int64_t)timegm(&tm) * 1000000 + micro, us);
	/* A wall-clock time, not one since boot (2020-01-01 or later). */
	assert_true(us / 1000000 >= 1577836800);
	return jdoc_get(o, "socket");
}

/* Reads event lines until one is about the socket with @cookie; checks
 * its table and family. Lines about other sockets are allowed before it
 * only if @others. */
static void expect_event(uint64_t cookie, const char *netid,
			 const char *family, uint16_t port, bool others)
{
	for (;;) {
		const char *line = bg_line(&bg, WAIT_S);
		size_t len = strlen(line);
		char *text = malloc(len + 2);
		json_object *o, *s;

		assert_non_null(text);
		memcpy(text, line, len);
		text[len] = '\n';
		text[len + 1] = '\0';
		o = jdoc_parse(text, len + 1);
		s = event_socket(o);
		if ((uint64_t)jdoc_int(s, "cookie") == cookie) {
			assert_string_equal(jdoc_str(s, "netid"), netid);
			assert_string_equal(jdoc_str(s, "family"), family);
			assert_int_equal(jdoc_int(s, "local_port"), port);
			assert_string_equal(jdoc_str(s, "source"), "netlink");
			json_object_put(o);
			free(text);
			return;
		}
		if (!others)
			fail_msg("an event of another socket: %s", line);
		json_object_put(o);
		free(text);
	}
}

static void stop_cleanly(int sig)
{
	int status;

	if (!bg_stop(&bg, sig, &status))
		fail_msg("sockscope -E ended with %d after signal %d; "
			 "stderr: %s",
			 status, sig, bg.errbuf);
	assert_string_equal(bg.errbuf, "");
}

static void ndjson_event_per_closed_socket(void **state)
{
	uint16_t lport, uport;
	int l, u;
	uint64_t lcookie, ucookie;

	bg_start(&bg, "-E", "--ndjson", NULL);
	bg_wait_subscribed(&bg, WAIT_S);
	l = conn_listen(AF_INET, &lport);
	u = conn_udp(AF_INET6, &uport);
	lcookie = conn_cookie(l);
	ucookie = conn_cookie(u);
	close(l);
	expect_event(lcookie, "tcp", "inet", lport, false);
	close(u);
	expect_event(ucookie, "udp", "inet6", uport, false);
	stop_cleanly(SIGINT);
	/* Nothing after the last event: each line was out at once. */
	assert_int_equal(bg.len, 0);
}

static void connection_ends_are_both_reported(void **state)
{
	struct conn c;
	uint64_t client, server;

	bg_start(&bg, "-E", "--ndjson", "-4", NULL);
	bg_wait_subscribed(&bg, WAIT_S);
	conn_open(&c, AF_INET);
	client = conn_cookie(c.client);
	server = conn_cookie(c.server);
	conn_abort(c.client);
	c.client = -1;
	expect_event(client, "tcp", "inet", c.client_port, false);
	/* The reset closed the other end in the kernel; its socket is
	 * freed when the test lets go of it. */
	conn_abort(c.server);
	c.server = -1;
	expect_event(server, "tcp", "inet", c.listen_port, false);
	conn_close(&c);
	stop_cleanly(SIGTERM);
}

static void table_selection_picks_groups(void **state)
{
	uint16_t tport, uport;
	int t, u;
	uint64_t ucookie;

	/* Only UDP asked for: a TCP socket closed first is never heard. */
	bg_start(&bg, "-E", "-u", "--ndjson", NULL);
	bg_wait_subscribed(&bg, WAIT_S);
	t = conn_listen(AF_INET, &tport);
	u = conn_udp(AF_INET, &uport);
	ucookie = conn_cookie(u);
	close(t);
	close(u);
	expect_event(ucookie, "udp", "inet", uport, false);
	stop_cleanly(SIGINT);
}

static void filter_expression_picks_sockets(void **state)
{
	uint16_t skip_port, port;
	int skipped = conn_listen(AF_INET, &skip_port);
	int l = conn_listen(AF_INET, &port);
	uint64_t cookie = conn_cookie(l);
	char expr[32];

	snprintf(expr, sizeof(expr), "sport = :%u", (unsigned)port);
	bg_start(&bg, "-E", "--ndjson", expr, NULL);
	bg_wait_subscribed(&bg, WAIT_S);
	/* Closed first, but not the port asked for: never printed. */
	close(skipped);
	close(l);
	expect_event(cookie, "tcp", "inet", port, false);
	stop_cleanly(SIGINT);
}

static void table_form_line_by_line(void **state)
{
	uint16_t port;
	int l;
	char needle[16];
	const char *line;

	bg_start(&bg, "-E", "-tun", NULL);
	bg_wait_subscribed(&bg, WAIT_S);
	l = conn_listen(AF_INET, &port);
	close(l);
	/* The header comes with the first event, as ss's, as wide as its
	 * row: "State" padded to UNCONN's width. */
	line = bg_line(&bg, WAIT_S);
	if (strncmp(line, "Netid State  Recv-Q Send-Q Local Address:Port",
		    45) != 0)
		fail_msg("header not as wide as the row: \"%s\"", line);
	line = bg_line(&bg, WAIT_S);
	snprintf(needle, sizeof(needle), "127.0.0.1:%u", (unsigned)port);
	if (!strstr(line, needle) || strncmp(line, "tcp   UNCONN 0 ", 15))
		fail_msg("not the closed listener on %u: \"%s\"",
			 (unsigned)port, line);
	/* A UDP socket's send queue as it goes is the kernel's -1, which
	 * ss prints as a C int. */
	l = conn_udp(AF_INET, &port);
	close(l);
	line = bg_line(&bg, WAIT_S);
	if (strncmp(line, "udp   UNCONN 0      -1 ", 23) != 0)
		fail_msg("not as ss prints it: \"%s\"", line);
	stop_cleanly(SIGINT);
}

/* Sends @len bytes of @msg to the netlink port id @pid, as any process
 * with a NETLINK_SOCK_DIAG socket can. */
static void send_to_port(pid_t pid, const void *msg, size_t len)
{
	struct sockaddr_nl to = {.nl_family = AF_NETLINK,
				 .nl_pid = (uint32_t)pid};
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
			NETLINK_SOCK_DIAG);

	assert_true(fd >= 0);
	assert_int_equal(sendto(fd, msg, len, 0, (struct sockaddr *)&to,
				sizeof(to)),
			 (ssize_t)len);
	close(fd);
}

static void messages_not_from_the_kernel_are_dropped(void **state)
{
	/* A well-formed destroy event of a socket that never was... */
	struct {
		struct nlmsghdr h;
		struct inet_diag_msg m;
		struct nlattr a;
		uint8_t proto[4];
	} forged = {
		.h = {.nlmsg_len = sizeof(forged),
		      .nlmsg_type = SOCK_DIAG_BY_FAMILY},
		.m = {.idiag_family = AF_INET, .idiag_state = 7,
		      .id.idiag_sport = htons(4242),
		      .id.idiag_src = {htonl(INADDR_LOOPBACK)},
		      .id.idiag_cookie = {0x1234, 0}},
		.a = {.nla_len = 5, .nla_type = INET_DIAG_PROTOCOL},
		.proto = {IPPROTO_TCP},
	};
	/* ... and one that used to end sockscope with status 2. */
	struct nlmsghdr shortmsg = {.nlmsg_len = 16,
				    .nlmsg_type = SOCK_DIAG_BY_FAMILY};
	uint16_t port;
	uint64_t cookie;
	int l;

	bg_start(&bg, "-E", "--ndjson", NULL);
	bg_wait_subscribed(&bg, WAIT_S);
	send_to_port(bg.pid, &forged, sizeof(forged));
	send_to_port(bg.pid, &shortmsg, sizeof(shortmsg));
	l = conn_listen(AF_INET, &port);
	cookie = conn_cookie(l);
	close(l);
	/* The first line is the real socket's: the forged one is not. */
	expect_event(cookie, "tcp", "inet", port, false);
	int status;
	if (!bg_stop(&bg, SIGINT, &status))
		fail_msg("-E ended with %d; stderr: %s", status, bg.errbuf);
	assert_non_null(strstr(bg.errbuf, "did not come from the kernel"));
	assert_non_null(strstr(bg.errbuf, "2 messages"));
	assert_int_equal(bg.len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(ndjson_event_per_closed_socket,
					  teardown),
		cmocka_unit_test_teardown(connection_ends_are_both_reported,
					  teardown),
		cmocka_unit_test_teardown(table_selection_picks_groups,
					  teardown),
		cmocka_unit_test_teardown(filter_expression_picks_sockets,
					  teardown),
		cmocka_unit_test_teardown(table_form_line_by_line, teardown),
		cmocka_unit_test_teardown(
			messages_not_from_the_kernel_are_dropped, teardown),
	};

	netns_enter_or_skip();
	return harness_run_group(tests, NULL, NULL);
}
