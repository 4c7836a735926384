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
