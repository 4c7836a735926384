/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* What the procfs tests share: cmocka, fixture paths, a record sink. */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#include "collector.h"
#include "procfs/procfs.h"

/*
 * A directory under the procfs fixtures, in a static buffer. meson passes
 * the fixture directory in $PROCFS_FIXTURES; without it (a test run by
 * hand from the source tree) the relative path is tried.
 */
static inline const char *fixture_root(const char *name)
{
	static char path[4096];
	const char *dir = getenv("PROCFS_FIXTURES");

	snprintf(path, sizeof(path), "%s/%s",
		 dir ? dir : "tests/fixtures/procfs", name);
	return path;
}

/* Every record a collector emitted, with its path copied out. */
#define GOT_MAX 64

struct got {
	struct sock_rec rec[GOT_MAX];
	char path[GOT_MAX][PROCFS_UNIX_PATH_MAX];
	size_t n;
	int fail_at; /* >0: emit returns -EPIPE for the fail_at'th record */
};

static inline int got_emit(const struct sock_rec *rec, void *userdata)
{
	struct got *g = userdata;

	if (g->fail_at > 0 && (size_t)g->fail_at == g->n + 1)
		return -EPIPE;
	assert_true(g->n < GOT_MAX);
	g->rec[g->n] = *rec;
	if (rec->path) {
		assert_true(rec->path_len <= PROCFS_UNIX_PATH_MAX);
		memcpy(g->path[g->n], rec->path, rec->path_len);
		g->rec[g->n].path = g->path[g->n];
	}
	g->n++;
	return 0;
}

/* The record with inode @inode, or a failed test. */
static inline const struct sock_rec *got_inode(const struct got *g,
					       uint32_t inode)
{
	size_t i = 0;

	while (i < g->n && g->rec[i].inode != inode)
		i++;
	if (i == g->n)
		fail_msg("no socket with inode %u", inode);
	return &g->rec[i];
}

/* Whether some record has inode @inode. */
static inline bool got_has_inode(const struct got *g, uint32_t inode)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->rec[i].inode == inode)
			return true;
	return false;
}

/* Runs @c over fixture root @root for @family into *g; the lines it
 * skipped as malformed in *skipped, dropped as repeats in *repeated. */
static inline int got_collect_counted(struct got *g, const struct collector *c,
				      const char *root, int family,
				      size_t *skipped, size_t *repeated)
{
	struct collect_req req = {
		.family = family,
		.proc_root = fixture_root(root),
		.emit = got_emit,
		.userdata = g,
	};
	int r = c->collect(&req);

	*skipped = req.skipped;
	*repeated = req.repeated;
	return r;
}

/* got_collect_counted() for a test that expects no repeats. */
static inline int got_collect(struct got *g, const struct collector *c,
			      const char *root, int family, size_t *skipped)
{
	size_t repeated;
	int r = got_collect_counted(g, c, root, family, skipped, &repeated);

	assert_int_equal(repeated, 0);
	return r;
}

/* A line as a string literal, length without the NUL. */
#define LINE(s) (s), (sizeof(s) - 1)
