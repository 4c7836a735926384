/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* The container's constants, shared by the reader and the writer. */

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "snapshot.h"

#define SNAP_MAGIC "SKSCSNAP"
#define SNAP_ORDER 0x0102
#define SNAP_HEADER_SIZE 16
#define SNAP_SECTION_HDR 8
/* key (8), status (4), reserved (4) */
#define SNAP_DUMP_HDR 16
#define SNAP_PAD(n) (((n) + 3u) & ~(size_t)3)

/* The tags of the recorded lookups, by enum snapshot_names_kind, and the
 * longest name each may hold (what the lookup can answer). */
static const char snap_names_tag[SNAPSHOT_NAMES_KINDS][5] = {
	"IFNM", "CGRP", "COMM", "UNIT", "PROT",
};
/* IF_NAMESIZE - 1; PATH_MAX - 1; the 127 bytes names_pid_comm() reads;
 * UNIT_NAME_MAX - 1; a protocols line */
static const uint16_t snap_names_max[SNAPSHOT_NAMES_KINDS] = {
	15, 4095, 127, 255, 255,
};
/* netns (8) */
#define SNAP_NAMES_HDR 8
/* key (8), length (2) */
#define SNAP_NAME_HDR 10
/* lo, hi (2 each) */
#define SNAP_SERV_HDR 4

/* Whether the reader takes answer @e of @kind: a key the lookup can be
 * asked (an interface index, a pid and a protocol in their ranges; no
 * 0) and a name of 1 to snap_names_max[kind] bytes without NUL. */
static inline bool snap_name_ok(enum snapshot_names_kind kind,
				const struct snapshot_name *e)
{
	static const uint64_t key_max[SNAPSHOT_NAMES_KINDS] = {
		UINT32_MAX, UINT64_MAX, INT32_MAX, INT32_MAX, 255,
	};

	return e->key != 0 && e->key <= key_max[kind] && e->len != 0 &&
	       e->len <= snap_names_max[kind] && !memchr(e->text, 0, e->len);
}
