/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What every cmocka test includes instead of <cmocka.h>: cmocka, plus the
 * one thing it lacks. cmocka reports a skipped case as a pass and exits
 * 0 when every case skipped, so meson would print OK for a test that
 * checked nothing (a live test run without privilege). Here skip() counts
 * the case, and harness_run_group() exits 77, which meson and automake
 * read as SKIP, when every case skipped (or the group setup did).
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/* Exit status meson (and automake) read as "skipped". */
#define HARNESS_EXIT_SKIP 77

/* Marks the running case (or group setup) skipped and leaves it, as
 * cmocka's _skip(); does not return. */
void harness_skip(const char *file, int line);

#undef skip
#define skip() harness_skip(__FILE__, __LINE__)

/*
 * Runs @n cases @tests as harness_run_group() does, named @name.
 * Returns the exit status for main: 1 if any case failed or errored,
 * HARNESS_EXIT_SKIP if every case skipped or @setup skipped, 0 otherwise.
 */
int harness_run(const char *name, const struct CMUnitTest *tests, size_t n,
		CMFixtureFunction setup, CMFixtureFunction teardown);

#define harness_run_group(tests, setup, teardown)                          \
	harness_run(#tests, tests, sizeof(tests) / sizeof((tests)[0]), setup, \
		    teardown)

#define harness_run_group_named(name, tests, setup, teardown)              \
	harness_run(name, tests, sizeof(tests) / sizeof((tests)[0]), setup,  \
		    teardown)
