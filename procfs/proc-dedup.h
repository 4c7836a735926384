/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Repeats within one read of a /proc/net table. seq_file resumes each
 * read() by position in the kernel's hash table, so a socket made or
 * closed between two reads shifts the rest and a line can come twice.
 * Every table's reader drops the second by the socket's key (its inode),
 * but only when it is the same socket: a line with a key already seen
 * that describes another socket (another kernel pointer, another type)
 * is malformed input, not a repeat.
 */

#include <stddef.h>
#include <stdint.h>

#include "sock.h"
#include "util/seen.h"

/* Bit 63 of a key that is not an inode (inodes are 32-bit), so the two
 * kinds of key never meet. */
#define PROCFS_KEY_NOT_INODE (1ull << 63)

/* Zero-initialize; free with procfs_dedup_done(). */
struct procfs_dedup {
	struct seen keys;       /* every key listed */
	struct seen identities; /* key and identity, hashed together */
};

/*
 * Checks the socket of key @key and identity @identity (a hash of what
 * does not change in a socket's life). Returns 1 the first time @key is
 * seen (list the socket); 0 when @key came before with this @identity
 * (the same socket again: drop the line); -EBADMSG when @key came before
 * with another @identity (count the line as malformed; a later line of
 * that same identity is then a repeat); -ENOMEM.
 */
int procfs_dedup_check(struct procfs_dedup *d, uint64_t key,
		       uint64_t identity);

/*
 * procfs_dedup_check() for the socket @rec parsed from @line (@len bytes)
 * of a unix, packet or netlink table, whose first token is the "%pK"
 * kernel pointer: the key is the inode, or for a socket without one (a
 * unix embryo in a listener's queue) the pointer; the identity is the
 * pointer and the table. A repeat is added to *@repeated. Returns as
 * procfs_dedup_check(); 1 for a socket with neither inode nor pointer (a
 * zeroed one, kptr_restrict): nothing tells it apart, it is listed.
 */
int procfs_dedup_line(struct procfs_dedup *d, const char *line, size_t len,
		      const struct sock_rec *rec, size_t *repeated);

/* Frees the sets; empty and reusable after. NULL-safe. */
void procfs_dedup_done(struct procfs_dedup *d);
