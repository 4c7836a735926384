/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A socket record as compact bytes, for the outputs that must hold
 * sockets before printing them: the table (rows held to size its
 * columns) and --sort (the whole selection). Only fields that are set
 * take room: an IPv4 TCP row is about 20 bytes where its text is 50 and
 * struct sock_rec several hundred. Stays in src/output/.
 */

#include <stddef.h>

#include "sock.h"

/* What a packed record keeps. */
enum recpack_what {
	/* What the table's cells of an inet row are made of: netid,
	 * state, family, v6only, queues, ports, device, addresses. */
	RECPACK_TABLE,
	/* Everything every format prints without -e -o -m -i: the rest of
	 * the record and the unix path. */
	RECPACK_RECORD,
	/* And the -e -o -m -i details, with the bytes they point to
	 * (about 300 bytes more a socket). */
	RECPACK_ALL,
};

/* Bytes recpack_put() will write for @rec. */
size_t recpack_size(const struct sock_rec *rec, enum recpack_what what);

/* Packs @rec at @dst (recpack_size() bytes); returns that size. */
size_t recpack_put(char *dst, const struct sock_rec *rec,
		   enum recpack_what what);

/*
 * Unpacks the record at @src into *rec (overwritten whole). Its strings
 * and detail pointers point into @src, which must outlive their use.
 * Returns the packed size.
 */
size_t recpack_get(const char *src, struct sock_rec *rec);
