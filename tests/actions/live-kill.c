// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -K against the kernel, in a private network namespace: SOCK_DESTROY of
 * one socket (netlink/nl-destroy.c), then the command: what it closes and
 * prints, what it refuses. Skipped if the kernel cannot close sockets
 * (CONFIG_INET_DIAG_DESTROY off).
 */
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/capability.h>

#include "actions-test.h"
#include "conn.h"
#include "jdoc.h"
#include "netns.h"
#include "spawn.h"

#include "netlink/nl-destroy.h"
#include "netlink/nl.h"

struct find {
	uint64_t cookie;
	struct sock_rec rec;
	bool found;
};

static int find_emit(const struct sock_rec *rec, void *userdata)
{
	struct find *f = userdata;

	if (rec->cookie == f->cookie) {
		f->rec = *rec;
		f->found = true;
	}
	return 0;
}

/* The record the dump gives for TCP socket @fd of @family. */
static struct sock_rec record_of(int fd, int family)
{
	struct find f = {.cookie = conn_cookie(fd)};

	assert_int_equal(nl_inet_collect(SOCK_NETID_TCP, IPPROTO_TCP, family,
					 SOCK_STATES_ALL, NULL, 0, 0, find_emit, &f),
			 0);
	assert_true(f.found);
	return f.rec;
}

/* nl_inet_destroy on a new socket; skips the test if this kernel
 * cannot close sockets. */
static int destroy(const struct sock_rec *rec)
{
	struct mnl_socket *nl;
	int r;

	assert_int_equal(nl_open(&nl), 0);
	r = nl_inet_destroy(nl, rec);
	mnl_socket_close(nl);
	if (r == -EOPNOTSUPP)
		skip();
	return r;
}

/* Whether `sockscope -tan` lists a socket on @port. */
static bool listed(uint16_t port)
{
	struct spawn_result r = spawn_sockscope(SPAWN_STDOUT_PIPE, "-tan",
						NULL);
	char needle[16];
	bool found;

	assert_true(r.exited && r.status == 0);
	snprintf(needle, sizeof(needle), ":%u ", (unsigned)port);
	found = strstr(r.out, needle) != NULL;
	snprintf(needle, sizeof(needle), ":%u\n", (unsigned)port);
	found = found || strstr(r.out, needle) != NULL;
	spawn_result_done(&r);
	return found;
}

static void destroyed_socket_is_gone_and_its_peer_reset(void **state)
{
	struct conn c;
	struct sock_rec rec;

	conn_open(&c, AF_INET);
	rec = record_of(c.client, AF_INET);
	assert_true(listed(c.client_port));
	assert_int_equal(destroy(&rec), 0);
	/* The peer gets a reset, the owner hears it was aborted. */
	assert_int_equal(conn_recv_error(c.server), ECONNRESET);
	assert_int_equal(conn_recv_error(c.client), ECONNABORTED);
	assert_false(listed(c.client_port));
	/* Closing it again: there is nothing by that name any more. */
	assert_int_equal(destroy(&rec), -ENOENT);
	/* The listener was not touched. */
	assert_true(listed(c.listen_port));
	conn_close(&c);
}

static void destroy_inet6(void **state)
{
	struct conn c;
	struct sock_rec rec;

	conn_open(&c, AF_INET6);
	rec = record_of(c.server, AF_INET6);
	assert_int_equal(destroy(&rec), 0);
	assert_int_equal(conn_recv_error(c.client), ECONNRESET);
	conn_close(&c);
}

static void destroy_checks_the_cookie(void **state)
{
	struct conn c;
	struct sock_rec rec;
	int r;

	/* Same addresses and ports, another cookie: a socket that took
	 * the place of the one listed. It must survive. (The destroy path
	 * answers ENOENT; the cookie check's own ESTALE is allowed.) */
	conn_open(&c, AF_INET);
	rec = record_of(c.client, AF_INET);
	rec.cookie++;
	r = destroy(&rec);
	assert_true(r == -ENOENT || r == -ESTALE);
	assert_true(conn_alive(&c));
	conn_close(&c);
}

static void destroy_udp(void **state)
{
	uint16_t port;
	int fd = conn_udp(AF_INET, &port);
	struct find f = {.cookie = conn_cookie(fd)};

	assert_int_equal(nl_inet_collect(SOCK_NETID_UDP, IPPROTO_UDP, AF_INET,
					 SOCK_STATES_ALL, NULL, 0, 0, find_emit,
					 &f),
			 0);
	assert_true(f.found);
	assert_int_equal(destroy(&f.rec), 0);
	close(fd);
}

/* `sockscope ARGS...` with a port number put in the words that hold
 * "%u". Fails the test if it cannot run. */
static struct spawn_result run_port(uint16_t port, const char *const *args)
{
	const char *argv[16] = {"sockscope"};
	char words[8][64];
	struct spawn_result r;
	size_t n = 1;

	for (size_t i = 0; args[i]; i++, n++) {
		const char *hole = strstr(args[i], "%u");

		assert_true(i < 8);
		if (hole)
			snprintf(words[i], sizeof(words[i]), "%.*s%u%s",
				 (int)(hole - args[i]), args[i],
				 (unsigned)port, hole + 2);
		else
			snprintf(words[i], sizeof(words[i]), "%s", args[i]);
		argv[n] = words[i];
	}
	argv[n] = NULL;
	assert_int_equal(spawn_run(spawn_sockscope_path(), argv,
				   SPAWN_STDOUT_PIPE, &r),
			 0);
	return r;
}

static void kill_closes_a_connection_and_its_peer_sees_a_reset(void **state)
{
	static const char *const args[] = {"-Ktn", "sport = :%u", NULL};
	struct conn c;
	struct spawn_result r;
	char want[64];

	conn_open(&c, AF_INET);
	r = run_port(c.client_port, args);
	if (r.exited && r.status == 1 && strstr(r.err, "cannot close"))
		skip(); /* CONFIG_INET_DIAG_DESTROY off */
	if (!r.exited || r.status != 0 || r.err_len)
		fail_msg("status %d, stderr %s", r.status, r.err);
	/* The header, and the one socket closed, as the listing shows it
	 * (before it was closed). */
	assert_int_equal(spawn_count_lines(r.out), 2);
	snprintf(want, sizeof(want), "127.0.0.1:%u", (unsigned)c.client_port);
	assert_non_null(strstr(r.out, want));
	assert_non_null(strstr(r.out, "ESTAB"));
	assert_int_equal(conn_recv_error(c.server), ECONNRESET);
	assert_int_equal(conn_recv_error(c.client), ECONNABORTED);
	assert_false(listed(c.client_port));
	assert_true(listed(c.listen_port));
	spawn_result_done(&r);
	conn_close(&c);
}

static void kill_selects_by_state_and_family(void **state)
{
	static const char *const args[] = {"-K", "-t4", "--ndjson",
					   "state", "established", NULL};
	struct conn v4, v6;
	struct spawn_result r;
	size_t lines = 0;

	conn_open(&v4, AF_INET);
	conn_open(&v6, AF_INET6);
	r = run_port(0, args);
	if (!r.exited || r.status != 0 || r.err_len)
		fail_msg("status %d, stderr %s", r.status, r.err);
	/* Both ends of the IPv4 connection are gone, by sockscope's hand
	 * or by the reset of the other end. */
	assert_true(conn_recv_error(v4.client) > 0);
	assert_true(conn_recv_error(v4.server) > 0);
	/* Each line a socket it closed. The first is always printed; its
	 * peer only if the reset had not closed it already. */
	for (char *line = r.out, *nl; (nl = strchr(line, '\n'));
	     line = nl + 1) {
		json_object *j = jdoc_parse(line, (size_t)(nl - line) + 1);
		int64_t port = jdoc_int(j, "local_port");

		assert_string_equal(jdoc_str(j, "netid"), "tcp");
		assert_string_equal(jdoc_str(j, "family"), "inet");
		assert_string_equal(jdoc_str(j, "state"), "established");
		assert_true(port == v4.client_port || port == v4.listen_port);
		json_object_put(j);
		lines++;
	}
	assert_true(lines == 1 || lines == 2);
	/* IPv6 was not selected, listeners are not established. */
	assert_true(conn_alive(&v6));
	assert_true(listed(v4.listen_port));
	assert_true(listed(v6.listen_port));
	spawn_result_done(&r);
	conn_close(&v4);
	conn_close(&v6);
}

static void kill_with_nothing_matched_closes_nothing(void **state)
{
	static const char *const args[] = {"-Kt", "-j", "dport = :%u", NULL};
	struct conn c;
	struct spawn_result r;
	json_object *o;

	conn_open(&c, AF_INET);
	/* The listener's port as a peer port: nobody's. */
	r = run_port(c.listen_port + 1, args);
	if (!r.exited || r.status != 0 || r.err_len)
		fail_msg("status %d, stderr %s", r.status, r.err);
	o = jdoc_parse(r.out, r.out_len);
	assert_int_equal(json_object_array_length(jdoc_get(o, "sockets")), 0);
	assert_true(conn_alive(&c));
	json_object_put(o);
	spawn_result_done(&r);
	conn_close(&c);
}

static void kill_without_selection_refused_and_closes_nothing(void **state)
{
	/* No FILTER; table and state options are no selection; a FILTER
	 * of nothing but a comment is none either. */
	static const char *const args[][4] = {
		{"-K", NULL},          {"-tK", NULL},
		{"-K", "-a", NULL},    {"--kill", "-tl", NULL},
		{"-K", "#", "all", NULL},
	};
	struct conn c;

	conn_open(&c, AF_INET);
	for (size_t i = 0; i < sizeof(args) / sizeof(args[0]); i++) {
		struct spawn_result r = run_port(0, args[i]);

		if (!r.exited || r.status != 2)
			fail_msg("sockscope %s: status %d, want 2",
				 args[i][0], r.status);
		assert_int_equal(r.out_len, 0);
		assert_int_equal(spawn_count_lines(r.err), 1);
		assert_non_null(strstr(r.err, "-K needs a filter expression"));
		spawn_result_done(&r);
	}
	assert_true(conn_alive(&c));
	conn_close(&c);
}

/* Drops CAP_NET_ADMIN from the effective set of this (child) process. */
static void drop_net_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &h, d) < 0)
		_exit(100);
	d[CAP_TO_INDEX(CAP_NET_ADMIN)].effective &= ~CAP_TO_MASK(CAP_NET_ADMIN);
	if (syscall(SYS_capset, &h, d) < 0)
		_exit(101);
}

static void destroy_without_net_admin_is_eperm(void **state)
{
	struct conn c;
	struct sock_rec rec;
	pid_t pid;
	int status;

	conn_open(&c, AF_INET);
	rec = record_of(c.client, AF_INET);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct mnl_socket *nl;

		drop_net_admin();
		if (nl_open(&nl) < 0)
			_exit(102);
		_exit(nl_inet_destroy(nl, &rec) == -EPERM ? 0 : 103);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(conn_alive(&c));
	conn_close(&c);
}

/* Reads all of memfd @fd into a malloc'ed string. */
static char *slurp(int fd)
{
	off_t len = lseek(fd, 0, SEEK_END);
	char *buf = calloc(1, (size_t)len + 1);

	assert_non_null(buf);
	assert_int_equal(pread(fd, buf, (size_t)len, 0), len);
	close(fd);
	return buf;
}

static void kill_without_net_admin_exits_1(void **state)
{
	static const char *const argv[] = {"sockscope", "-Kt", "state",
					   "established", NULL};
	const char *path = spawn_sockscope_path();
	int out = memfd_create("out", MFD_CLOEXEC);
	int err = memfd_create("err", MFD_CLOEXEC);
	struct conn c;
	char *o, *e;
	pid_t pid;
	int status;

	assert_true(out >= 0 && err >= 0);
	conn_open(&c, AF_INET);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* Out of the bounding set, so exec does not give it back
		 * to root. */
		if (prctl(PR_CAPBSET_DROP, CAP_NET_ADMIN, 0, 0, 0) < 0 ||
		    dup2(out, 1) < 0 || dup2(err, 2) < 0)
			_exit(126);
		execv(path, (char *const *)argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	o = slurp(out);
	e = slurp(err);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	/* One line saying why, nothing else, nothing closed. */
	assert_string_equal(e, "sockscope: -K needs CAP_NET_ADMIN\n");
	assert_string_equal(o, "");
	assert_true(conn_alive(&c));
	free(o);
	free(e);
	conn_close(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(destroyed_socket_is_gone_and_its_peer_reset),
		cmocka_unit_test(destroy_inet6),
		cmocka_unit_test(destroy_checks_the_cookie),
		cmocka_unit_test(destroy_udp),
		cmocka_unit_test(
			kill_closes_a_connection_and_its_peer_sees_a_reset),
		cmocka_unit_test(kill_selects_by_state_and_family),
		cmocka_unit_test(kill_with_nothing_matched_closes_nothing),
		cmocka_unit_test(
			kill_without_selection_refused_and_closes_nothing),
		cmocka_unit_test(destroy_without_net_admin_is_eperm),
		cmocka_unit_test(kill_without_net_admin_exits_1),
	};

	netns_enter_or_skip();
	return harness_run_group(tests, NULL, NULL);
}
