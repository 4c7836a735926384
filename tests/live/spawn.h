/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Runs a program (sockscope, ss) with fork/exec and keeps what it said. */

#include <stdbool.h>
#include <stddef.h>

enum spawn_stdout {
	SPAWN_STDOUT_PIPE, /* captured whole */
	SPAWN_STDOUT_HEAD, /* a pipe closed after its first line: `| head -1` */
	SPAWN_STDOUT_FULL, /* /dev/full: every write fails with ENOSPC */
	SPAWN_STDOUT_CLOSED, /* fd 1 not open at all */
};

struct spawn_result {
	char *out; /* NUL-terminated; with HEAD, what was read before closing */
	size_t out_len;
	char *err; /* NUL-terminated */
	size_t err_len;
	bool exited; /* false: killed by signal @status */
	int status;  /* exit status, or the signal number */
};

/*
 * Runs @path with @argv (NULL-terminated, argv[0] included), stdin from
 * /dev/null, stdout as @mode says and stderr captured, and waits for it.
 * Returns 0 and fills *ret (free with spawn_result_done()), or a negative
 * errno if the program could not be started or waited for (*ret
 * untouched). A program that is not there exits 127.
 */
int spawn_run(const char *path, const char *const *argv, enum spawn_stdout mode,
	      struct spawn_result *ret);

/* Frees what @r owns; NULL is fine. */
void spawn_result_done(struct spawn_result *r);

/* Number of '\n'-terminated lines in @s; a last line without '\n' counts. */
size_t spawn_count_lines(const char *s);

/* The path of the sockscope under test, from $SOCKSCOPE (set by meson). */
const char *spawn_sockscope_path(void);

/*
 * Whether a child of this process may become uid and gid 65534 (nobody)
 * with no supplementary groups: false when not root, or in a user
 * namespace (unshare -Urn) that maps no uid 65534. Tests that run
 * sockscope as nobody skip when it says false.
 */
bool spawn_can_become_nobody(void);

/*
 * Runs sockscope with the NULL-terminated arguments after @mode, failing
 * the running cmocka test if it cannot be started. Returns the result,
 * which the caller frees with spawn_result_done().
 */
struct spawn_result spawn_sockscope(enum spawn_stdout mode, ...);
