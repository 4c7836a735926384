// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The harness itself: each kind of group runs in a child (cmocka's state
 * is per process) and its exit status is what meson will read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static void passes(void **state)
{
	assert_true(1);
}

static void skips(void **state)
{
	skip();
}

static void fails(void **state)
{
	fail_msg("failing on purpose");
}

static int setup_skips(void **state)
{
	skip();
	return 0;
}

/* The exit status of a child that runs group @kind. */
static int run(const char *kind)
{
	const struct CMUnitTest all_skip[] = {
		cmocka_unit_test(skips),
		cmocka_unit_test(skips),
	};
	const struct CMUnitTest mixed[] = {
		cmocka_unit_test(skips),
		cmocka_unit_test(passes),
	};
	const struct CMUnitTest with_fail[] = {
		cmocka_unit_test(skips),
		cmocka_unit_test(fails),
	};
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* cmocka's report would read as this test's own. */
		if (!freopen("/dev/null", "w", stdout) ||
		    !freopen("/dev/null", "w", stderr))
			_exit(99);
		if (strcmp(kind, "all-skip") == 0)
			_exit(harness_run_group(all_skip, NULL, NULL));
		if (strcmp(kind, "mixed") == 0)
			_exit(harness_run_group(mixed, NULL, NULL));
		if (strcmp(kind, "fail") == 0)
			_exit(harness_run_group(with_fail, NULL, NULL));
		if (strcmp(kind, "setup-skips") == 0)
			_exit(harness_run_group(mixed, setup_skips, NULL));
		if (strcmp(kind, "two-groups") == 0) {
			harness_run_group(all_skip, NULL, NULL);
			_exit(harness_run_group(mixed, NULL, NULL));
		}
		if (strcmp(kind, "two-groups-skipped") == 0) {
			harness_run_group(all_skip, NULL, NULL);
			_exit(harness_run_group(mixed, setup_skips, NULL));
		}
		_exit(98);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void every_case_skipped_is_77(void **state)
{
	assert_int_equal(run("all-skip"), HARNESS_EXIT_SKIP);
	assert_int_equal(run("setup-skips"), HARNESS_EXIT_SKIP);
	assert_int_equal(run("two-groups-skipped"), HARNESS_EXIT_SKIP);
}

static void one_case_run_is_0(void **state)
{
	assert_int_equal(run("mixed"), 0);
	assert_int_equal(run("two-groups"), 0);
}

static void a_failure_is_1(void **state)
{
	assert_int_equal(run("fail"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_case_skipped_is_77),
		cmocka_unit_test(one_case_run_is_0),
		cmocka_unit_test(a_failure_is_1),
	};

	return harness_run_group(tests, NULL, NULL);
}
