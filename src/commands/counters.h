/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Counters from the /proc/net counter files, grouped by protocol in the
 * order each protocol first appears: what --protocol-stats prints and -s
 * reads its totals from. A protocol seen again (IcmpMsg, in pairs of 16)
 * adds to its group; a counter seen twice is an error, since printing
 * either value would be a guess. Both lookups go through util/hash, so a
 * file of 90,000 counters (or protocols) costs linear time.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "procfs/proc-snmp.h"
#include "util/hash.h"

struct counter {
	char *name; /* owned */
	uint64_t value;
	bool negative; /* the value is -value */
};

struct counter_group {
	char *proto; /* owned: "Tcp", "Ip6" */
	struct counter *v;
	size_t n, cap;
};

/* Zero-initialize; free with counters_done(). */
struct counters {
	struct counter_group *groups;
	size_t n, cap;
	/* Hashes of a protocol, and of a protocol and counter name, to
	 * where it is (struct counter_slot, counters.c). */
	struct hash_table by_proto, by_name;
};

/*
 * Adds counter @c (its strings are copied). Returns 0; -EBADMSG if the
 * set already holds that protocol's counter of that name; -ENOMEM.
 */
int counters_add(struct counters *set, const struct procfs_counter *c);

/* counters_add() as a procfs_counter_fn (@userdata is the set). */
int counters_add_cb(const struct procfs_counter *c, void *userdata);

/* The counter @name of protocol @proto, or NULL if the set has none. */
const struct counter *counters_get(const struct counters *set,
				   const char *proto, const char *name);

/*
 * The value of counter @proto/@name as an unsigned number in *ret.
 * Returns 0, -ENOENT if absent, -ERANGE if it is negative.
 */
int counters_get_u64(const struct counters *set, const char *proto,
		     const char *name, uint64_t *ret);

/* Frees what the set owns; it is empty and reusable after. NULL-safe. */
void counters_done(struct counters *set);
