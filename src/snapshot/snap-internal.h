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
/* --all-netns: NDMP's and NPRC's namespace index (4) and reserved (4),
 * before a DUMP's or PROC's payload. */
#define SNAP_NS_HDR 8
/* NETN: index (4), flags (4), inode (8), nsid (4), reserved (4); then
 * fields: key (1), 0 (1), u16 length, the bytes (no NUL). */
#define SNAP_NETN_HDR 24
#define SNAP_NETN_OWN 1u
enum {
	SNAP_NETN_NAME = 1,
	SNAP_NETN_PATH,
	SNAP_NETN_CTR_RUNTIME,
	SNAP_NETN_CTR_ID,
	SNAP_NETN_CTR_NAME,
	SNAP_NETN_POD_UID,
	SNAP_NETN_POD_NAMESPACE,
	SNAP_NETN_POD_NAME,
	SNAP_NETN_UNIT,
	SNAP_NETN_FIELDS,
};
/* NWRN: err (4), reserved (4), inode (8), processes (8); the path. */
#define SNAP_NWRN_HDR 24

/* The tags of the recorded lookups, by enum snapshot_names_kind, and the
 * longest name each may hold (what the lookup can answer). */
static const char snap_names_tag[SNAPSHOT_NAMES_KINDS][5] = {
	"IFNM", "CGRP", "COMM", "UNIT", "PROT",
	"CRUN", "CTID", "CTNM", "PODU", "PODS", "PODN",
};
/* IF_NAMESIZE - 1; PATH_MAX - 1; the 127 bytes names_pid_comm() reads;
 * UNIT_NAME_MAX - 1; a protocols line; a runtime's short name, 64 hex
 * digits, a container name, a pod uid, a Kubernetes namespace and name */
static const uint16_t snap_names_max[SNAPSHOT_NAMES_KINDS] = {
	15, 4095, 127, 255, 255, 15, 64, 255, 63, 255, 255,
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
		INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX,
	};

	return e->key != 0 && e->key <= key_max[kind] && e->len != 0 &&
	       e->len <= snap_names_max[kind] && !memchr(e->text, 0, e->len);
}
