/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* What every unit test file needs: cmocka and the fixture directory. */

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

/*
 * The path of fixture @name in a static buffer. meson passes the fixture
 * directory in $FIXTURES; without it (a test run by hand from the source
 * tree) the relative path is tried.
 */
static inline const char *fixture_path(const char *name)
{
	static char path[4096];
	const char *dir = getenv("FIXTURES");

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/fixtures",
		 name);
	return path;
}

/* Reads fixture @name whole into a malloc'ed buffer; fails the test if it
 * cannot. The length goes to *ret_len. */
static inline void *fixture_read(const char *name, size_t *ret_len)
{
	const char *path = fixture_path(name);
	struct stat st;
	uint8_t *buf;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		fail_msg("cannot open fixture %s: %s", path, strerror(errno));
	assert_int_equal(fstat(fd, &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	assert_non_null(buf);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		assert_true(n > 0);
		got += (size_t)n;
	}
	close(fd);
	*ret_len = got;
	return buf;
}

/*
 * main() of a test file. Runs @tests; or, given "--known-bug NAME", only
 * case NAME of @bugs. A known bug is a case that shows a reported, not yet
 * fixed bug of the code under test: meson runs each alone and expects it
 * to fail (should_fail), so the fix turns it into an unexpected pass, and
 * the case then moves to @tests.
 */
static inline int unit_main(int argc, char *argv[], const char *name,
			    const struct CMUnitTest *tests, size_t ntests,
			    const struct CMUnitTest *bugs, size_t nbugs)
{
	if (argc == 3 && strcmp(argv[1], "--known-bug") == 0) {
		for (size_t i = 0; i < nbugs; i++)
			if (strcmp(bugs[i].name, argv[2]) == 0)
				return _cmocka_run_group_tests(
					"known bug", &bugs[i], 1, NULL, NULL);
		/* Passing makes meson report an unexpected pass: a renamed
		 * case cannot hide behind should_fail. */
		fprintf(stderr, "no known bug case '%s'\n", argv[2]);
		return 0;
	}
	return _cmocka_run_group_tests(name, tests, ntests, NULL, NULL);
}

#define UNIT_MAIN(tests, bugs)                                                 \
	unit_main(argc, argv, __FILE__, tests, sizeof(tests) / sizeof(tests[0]), \
		  bugs, sizeof(bugs) / sizeof(bugs[0]))
