/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Shared by owners-scan.c (the /proc walk) and owners-map.c (the map the
 * walk's findings become). Not for other modules: use owners.h. */

#include "owners.h"
#include "util/hash.h"

/* One socket descriptor as the walk finds it. */
struct owners_raw {
	uint32_t inode;
	uint32_t proc; /* index into owners.pids */
	int32_t fd;
};

/* What one walking thread found. */
struct owners_part {
	struct owners_raw *v;
	size_t n, cap;
};

/* A slot of m->map, keyed by its first field: the descriptors on one
 * inode are entries[start..+count). */
struct owners_slot {
	uint32_t inode; /* 0: empty (no socket file has inode 0) */
	uint32_t start, count;
};

struct owners_name {
	uint8_t state; /* 0: not read yet, 1: read, 2: could not be read */
	uint8_t len;
	/* /proc/PID/comm: 15 bytes, a kernel thread's
	 * "kworker/u8:2-events" up to 64 */
	char text[OWNERS_COMM_MAX + 1];
};

struct owners {
	int proc_fd;     /* the /proc root */
	uint32_t *pids;  /* every process listed, in /proc order */
	size_t npids;
	struct owners_name *names; /* npids: filled by the walk */
	struct hash_table map; /* inode -> struct owners_slot */
	struct owners_entry *entries;
	size_t nentries;
	struct owners_stats stats;
};

/*
 * Builds m->map and m->entries from the @nparts parts the walk found,
 * each descriptor once. The parts are only read. Returns 0 or -ENOMEM
 * (the map then holds no slots and no entries).
 */
int owners_map_build(struct owners *m, const struct owners_part *parts,
		     size_t nparts);
