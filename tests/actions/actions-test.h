/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* What the tests of -s, --protocol-stats, -K and -E share. */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/*
 * A fake proc root under tests/fixtures/actions ("stats", "noipv6"), in a
 * static buffer. meson passes the directory in $ACTIONS_FIXTURES; without
 * it (a test run by hand from the source tree) the relative path is tried.
 */
static inline const char *actions_fixture(const char *name)
{
	static char path[4096];
	const char *dir = getenv("ACTIONS_FIXTURES");

	snprintf(path, sizeof(path), "%s/%s",
		 dir ? dir : "tests/fixtures/actions", name);
	return path;
}
