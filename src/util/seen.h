/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A set of 64-bit socket keys (cookies, inodes, digests), used by the
 * collectors to drop a socket listed twice: when a netlink dump restarts,
 * or when a /proc file shifts between two reads.
 */

#include <stdbool.h>
#include <stdint.h>

#include "util/hash.h"

/* Zero-initialize; free with seen_done(). */
struct seen {
	struct hash_table t; /* the keys but 0, which marks an empty slot */
	bool has_zero;
};

/* Adds @key. Returns 1 if it was new, 0 if already there, -ENOMEM. */
int seen_add(struct seen *s, uint64_t key);

/* Frees the set's memory; the set is empty and reusable after. NULL-safe. */
void seen_done(struct seen *s);
