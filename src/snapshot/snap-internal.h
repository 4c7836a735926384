/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* The container's constants, shared by the reader and the writer. */

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
