/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Counters from the /proc/net counter files, grouped by protocol in the
 * order each protocol first appears: what --protocol-stats prints and -s
 * reads its totals from. A protocol seen again (IcmpMsg, in pairs of 16)
 * adds to its group; a counter seen twice is an error, since printing
 * either value would be a guess.
 *
 * Counters are added as the parsers deliver them and grouped, and checked
 * for repeats, once at the end by counters_finish(): by sorting, so a file
 * of 90,000 counters costs n log n, not n^2.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "procfs/proc-snmp.h"

struct counter {
	char *name; /* owned by the set */
	uint64_t value;
	bool negative; /* the value is -value */
};

struct counter_group {
	char *proto; /* owned by the set: "Tcp", "Ip6" */
	struct counter *v;
	size_t n;
};

/* One counter as added, before grouping. */
struct counter_added {
	char *proto; /* owned */
	struct counter c;
};

/* Zero-initialize; free with counters_done(). */
struct counters {
	/* By counters_finish(): the groups, in order of first appearance,
	 * each with its counters in the order added. */
	struct counter_group *groups;
	size_t n;
	/* Every counter added, in order. */
	struct counter_added *added;
	size_t n_added, cap_added;
};

/*
 * Adds counter @c (its strings are copied), in constant amortized time;
 * repeats are found by counters_finish(). Returns 0 or -ENOMEM.
 */
int counters_add(struct counters *set, const struct procfs_counter *c);

/* counters_add() as a procfs_counter_fn (@userdata is the set). */
int counters_add_cb(const struct procfs_counter *c, void *userdata);

/*
 * Groups what was added into set->groups (replacing any earlier
 * grouping) and checks that no protocol has a counter of one name twice.
 * Returns 0; -EBADMSG if one has (the groups are built all the same);
 * -ENOMEM (no groups then).
 */
int counters_finish(struct counters *set);

/* The counter @name of protocol @proto, or NULL if the set has none;
 * with a repeat, the first added. Needs no counters_finish(). */
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
