// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdbool.h>

#include "proc-dedup.h"

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

uint64_t procfs_hash_u64(uint64_t h, uint64_t v)
{
	for (unsigned i = 0; i < 8; i++)
		h = (h ^ ((v >> (8 * i)) & 0xff)) * FNV_PRIME;
	return h;
}

uint64_t procfs_token_hash(const char *line, size_t len)
{
	uint64_t h = FNV_OFFSET;
	bool zero = true;
	size_t i = 0;

	while (i < len && line[i] == ' ')
		i++;
	for (; i < len && line[i] != ' '; i++) {
		zero = zero && (line[i] == '0' || line[i] == ':');
		h = (h ^ (unsigned char)line[i]) * FNV_PRIME;
	}
	return zero ? 0 : h;
}

uint64_t procfs_dedup_key(uint32_t inode, uint64_t ptr)
{
	if (inode)
		return inode;
	return ptr ? ptr | PROCFS_KEY_NOT_INODE : 0;
}

int procfs_dedup_check(struct procfs_dedup *d, uint64_t key,
		       uint64_t identity)
{
	uint64_t both = procfs_hash_u64(procfs_hash_u64(FNV_OFFSET, key),
					identity);
	int r = nl_seen_add(&d->keys, key), k;

	if (r < 0)
		return r;
	k = nl_seen_add(&d->identities, both);
	if (k < 0)
		return k;
	if (r == 1)
		return 1;
	return k == 0 ? 0 : -EBADMSG;
}

int procfs_dedup_line(struct procfs_dedup *d, const char *line, size_t len,
		      const struct sock_rec *rec, size_t *repeated)
{
	uint64_t ptr = procfs_token_hash(line, len);
	uint64_t key = procfs_dedup_key(rec->inode, ptr);
	int r;

	if (!key)
		return 1;
	r = procfs_dedup_check(d, key, procfs_hash_u64(ptr, rec->netid));
	if (r == 0)
		(*repeated)++;
	return r;
}

void procfs_dedup_done(struct procfs_dedup *d)
{
	if (!d)
		return;
	nl_seen_done(&d->keys);
	nl_seen_done(&d->identities);
}
