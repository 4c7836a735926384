// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdbool.h>

#include "harness.h"

/* Of the current group, then of every group run so far. */
static size_t skipped;
static bool in_group_setup, group_skipped;
static size_t total_cases, total_skipped;
static bool any_failed;
static CMFixtureFunction user_setup;

void harness_skip(const char *file, int line)
{
	if (in_group_setup)
		group_skipped = true;
	else
		skipped++;
	_skip(file, line);
}

/* The group setup, with a note of where a skip() comes from: cmocka
 * counts a group setup that skipped as one that failed. */
static int group_setup(void **state)
{
	int r;

	in_group_setup = true;
	r = user_setup(state);
	in_group_setup = false;
	return r;
}

int harness_run(const char *name, const struct CMUnitTest *tests, size_t n,
		CMFixtureFunction setup, CMFixtureFunction teardown)
{
	int failed;

	skipped = 0;
	group_skipped = false;
	user_setup = setup;
	failed = _cmocka_run_group_tests(name, tests, n,
					 setup ? group_setup : NULL, teardown);
	in_group_setup = false;
	total_cases += n;
	if (group_skipped)
		total_skipped += n;
	else {
		total_skipped += skipped;
		any_failed = any_failed || failed;
	}
	if (any_failed)
		return 1;
	return total_cases > 0 && total_skipped == total_cases
		       ? HARNESS_EXIT_SKIP
		       : 0;
}
