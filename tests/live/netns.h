/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A private network namespace for a live test: the socket tables the
 * kernel dumps there hold only the sockets the test made, so "nothing
 * else is listed" can be asserted exactly.
 */

#include <stdbool.h>
#include <stdint.h>

/* Exit status that meson (and automake) read as "skipped". */
#define NETNS_EXIT_SKIP 77

/*
 * Moves the calling process, which must be single-threaded, into a new
 * network namespace and brings its loopback device up (which gives it
 * 127.0.0.1 and ::1). As root this is unshare(CLONE_NEWNET); when that is
 * refused with EPERM, a new user namespace mapping the caller to uid 0 is
 * made first. Returns 0 and, in *ret_uid, the uid sock_diag reports for
 * sockets the caller makes; or a negative errno (*ret_uid untouched), and
 * the process may then already be in a half-set-up namespace.
 */
int netns_enter(uint32_t *ret_uid);

/*
 * netns_enter(), or exit(NETNS_EXIT_SKIP) with one line on stderr saying
 * why, when no namespace can be had. Returns the uid as netns_enter().
 */
uint32_t netns_enter_or_skip(void);

/* Sets interface @name up or down (@up), as `ip link set NAME up|down`
 * without ip(8). Returns 0 or a negative errno. */
int netns_link_up(const char *name, bool up);
