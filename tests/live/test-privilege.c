// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sockscope run as nobody (uid and gid 65534, no supplementary groups) in
 * the test's namespace, among sockets root made: listing works, -p shows
 * what it may and says what it could not, -K refuses in one line, and
 * nothing prints a raw errno number. The test re-executes itself with
 * "--as-nobody" to drop privileges between fork and the exec of sockscope
 * (spawn_run() has no hook there); the namespace stays, as it belongs to
 * the process, not to the uid.
 */
#include <ctype.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "harness.h"

#include "netns.h"
#include "population.h"
#include "sockjson.h"
#include "spawn.h"

#define NOBODY 65534

static struct population pop;
static uint32_t uid;

static int setup(void **state)
{
	population_init(&pop, uid);
	population_add_standard(&pop);
	return 0;
}

static int teardown(void **state)
{
	population_done(&pop);
	return 0;
}

/* Runs sockscope as nobody with up to three arguments (NULL ends). */
static struct spawn_result as_nobody(const char *a, const char *b,
				     const char *c)
{
	const char *argv[] = {"test-live-privilege", "--as-nobody",
			      spawn_sockscope_path(), a, b, c, NULL};
	struct spawn_result r;

	assert_int_equal(spawn_run("/proc/self/exe", argv, SPAWN_STDOUT_PIPE,
				   &r),
			 0);
	return r;
}

static bool not_implemented(const struct spawn_result *r)
{
	return r->exited && r->status == 2 &&
	       strstr(r->err, "not implemented") != NULL;
}

/* No "errno", no "-13" or "(13)": an error is said in words. */
static void check_no_raw_errno(const struct spawn_result *r, const char *what)
{
	if (strstr(r->err, "errno") || strstr(r->err, "Errno"))
		fail_msg("%s: raw errno on stderr: %s", what, r->err);
	for (const char *p = r->err; *p; p++)
		if ((*p == '-' || *p == '(') && isdigit((unsigned char)p[1]) &&
		    (p == r->err || !isalnum((unsigned char)p[-1])))
			fail_msg("%s: a raw number on stderr: %s", what,
				 r->err);
}

static void check_listing(const char *source)
{
	struct spawn_result r = as_nobody(source, "-a", "-j");
	size_t n;

	if (!r.exited || r.status != 0)
		fail_msg("%s -a -j as nobody: status %d: %s", source, r.status,
			 r.err);
	check_no_raw_errno(&r, source);
	struct js_sock *v = sockjson_parse_doc(r.out, r.out_len, &n);
	/* Every socket of the standard set is root's and listed. */
	for (size_t i = 0; i < pop.n; i++) {
		bool found = false;
		for (size_t k = 0; k < n && !found; k++)
			found = pop.v[i].inode &&
				(uint64_t)v[k].inode == pop.v[i].inode;
		if (pop.v[i].inode && !found)
			fail_msg("%s as nobody: %s missing", source,
				 pop.v[i].what);
	}
	free(v);
	spawn_result_done(&r);
}

static void listing_netlink(void **state)
{
	check_listing("--source=netlink");
}

static void listing_procfs(void **state)
{
	check_listing("--source=procfs");
}

static void table_works(void **state)
{
	struct spawn_result r = as_nobody("-a", NULL, NULL);

	assert_true(r.exited && r.status == 0);
	assert_true(spawn_count_lines(r.out) > pop.n);
	check_no_raw_errno(&r, "-a");
	spawn_result_done(&r);
}

/* The sockets are root's: nobody may not read their owners' fd/, and -p
 * must say so (stderr) while still listing every socket. */
static void processes_says_what_it_could_not(void **state)
{
	struct spawn_result r = as_nobody("-tap", NULL, NULL);

	if (not_implemented(&r)) {
		print_message("skipped: -p not implemented: %s", r.err);
		spawn_result_done(&r);
		skip();
	}
	if (!r.exited || r.status != 0)
		fail_msg("-tap as nobody: status %d: %s", r.status, r.err);
	check_no_raw_errno(&r, "-tap");
	if (r.err_len == 0)
		fail_msg("-tap as nobody: nothing said about the processes "
			 "it could not read");
	spawn_result_done(&r);
}

static void kill_refuses_in_one_line(void **state)
{
	struct spawn_result r = as_nobody("-tK", "dst", "127.0.0.1");

	if (not_implemented(&r)) {
		print_message("skipped: -K not implemented: %s", r.err);
		spawn_result_done(&r);
		skip();
	}
	if (!r.exited || r.status == 0)
		fail_msg("-K as nobody: status %d (%s), want a failure exit",
			 r.status, r.exited ? "exit" : "signal");
	if (spawn_count_lines(r.err) != 1)
		fail_msg("-K as nobody: want one line, got: %s", r.err);
	check_no_raw_errno(&r, "-K");
	spawn_result_done(&r);
}

/* The child side of as_nobody(): drop to nobody, then exec. */
/* Without CAP_NET_ADMIN the kernel refuses a program with a mark test
 * (EPERM): the dump is asked again without it, and SOCKSCOPE_DEBUG makes
 * that said on stderr; without it the run is as quiet as a plain one. */
static void refused_filter_retry_said_under_debug(void **state)
{
	struct spawn_result r;

	assert_int_equal(setenv("SOCKSCOPE_DEBUG", "1", 1), 0);
	r = as_nobody("-tan", "fwmark = 0x1", NULL);
	unsetenv("SOCKSCOPE_DEBUG");
	if (!r.exited || r.status != 0)
		fail_msg("status %d, stderr: %s", r.status, r.err);
	if (!strstr(r.err, "debug: the kernel refused the filter program "
			   "(Operation not permitted"))
		fail_msg("retry not said under SOCKSCOPE_DEBUG: %s", r.err);
	assert_int_equal(spawn_count_lines(r.err), 1);
	spawn_result_done(&r);

	r = as_nobody("-tan", "fwmark = 0x1", NULL);
	if (!r.exited || r.status != 0 || r.err_len != 0)
		fail_msg("status %d, stderr: %s", r.status, r.err);
	spawn_result_done(&r);
}

static int drop_and_exec(char **argv)
{
	if (setgroups(0, NULL) < 0 || setgid(NOBODY) < 0 ||
	    setuid(NOBODY) < 0) {
		perror("test-live-privilege: dropping to nobody");
		return 126;
	}
	execv(argv[0], argv);
	perror("test-live-privilege: exec");
	return 127;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(listing_netlink),
		cmocka_unit_test(listing_procfs),
		cmocka_unit_test(table_works),
		cmocka_unit_test(processes_says_what_it_could_not),
		cmocka_unit_test(kill_refuses_in_one_line),
		cmocka_unit_test(refused_filter_retry_said_under_debug),
	};

	if (argc > 2 && strcmp(argv[1], "--as-nobody") == 0)
		return drop_and_exec(argv + 2);
	uid = netns_enter_or_skip();
	if (uid != 0 || getuid() != 0) {
		printf("skipped: dropping to nobody needs real root\n");
		return NETNS_EXIT_SKIP;
	}
	/* In a user namespace (unshare -Urn) root may map no nobody. */
	if (!spawn_can_become_nobody()) {
		printf("skipped: uid 65534 is not mapped here\n");
		return NETNS_EXIT_SKIP;
	}
	return harness_run_group(tests, setup, teardown);
}
