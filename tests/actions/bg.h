/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * sockscope run in the background (-E), its standard output read line by
 * line while the test acts, then stopped with a signal. Every wait has a
 * generous bound so that a missing line fails the test instead of hanging
 * it; no result depends on how long anything took.
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct bg {
	pid_t pid;
	int out, err;   /* read ends; -1 at end of file */
	char *buf;      /* stdout not yet returned as lines */
	size_t len, cap;
	char *errbuf;   /* all of stderr */
	size_t errlen, errcap;
};

/* Starts sockscope with the NULL-terminated arguments after @b. */
void bg_start(struct bg *b, ...);

/*
 * Returns the next line of stdout (without its '\n'; valid until the
 * next call), waiting for it. Fails the test if none comes within
 * @seconds or stdout ends first.
 */
const char *bg_line(struct bg *b, int seconds);

/*
 * Waits until the process holds a NETLINK_SOCK_DIAG socket that has
 * joined a multicast group (from /proc/net/netlink): from then on it
 * hears every destroy event. Fails the test after @seconds.
 */
void bg_wait_subscribed(struct bg *b, int seconds);

/*
 * Sends @sig, reads what is left, waits for the process. Returns true
 * if it exited with status 0; *ret_status gets the status or signal.
 * Everything it wrote to stderr is in b->errbuf (NUL-terminated).
 */
bool bg_stop(struct bg *b, int sig, int *ret_status);

/* Frees the buffers; kills the process if still running. NULL-safe. */
void bg_done(struct bg *b);
