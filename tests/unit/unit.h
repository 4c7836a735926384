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

#include "harness.h"

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

