// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdbool.h>

#include "proc-dedup.h"
#include "util/hash.h"

int procfs_dedup_check(struct procfs_dedup *d, uint64_t key,
		       uint64_t identity)
{
	uint64_t both = hash_bytes(hash_bytes(HASH_SEED, &key, sizeof(key)),
				   &identity, sizeof(identity));
	int r = seen_add(&d->keys, key), k;

	if (r < 0)
		return r;
	k = seen_add(&d->identities, both);
	if (k < 0)
		return k;
	if (r == 1)
		return 1;
	return k == 0 ? 0 : -EBADMSG;
}

/* A hash of the first token of @line, the "%pK" pointer; 0 for one the
 * kernel zeroed (kptr_restrict), which tells nothing. */
static uint64_t pointer_hash(const char *line, size_t len)
{
	size_t i = 0, n;
	bool zero = true;

	while (i < len && line[i] == ' ')
		i++;
	for (n = 0; i + n < len && line[i + n] != ' '; n++)
		zero = zero && (line[i + n] == '0' || line[i + n] == ':');
	return zero ? 0 : hash_bytes(HASH_SEED, line + i, n) | 1;
}

int procfs_dedup_line(struct procfs_dedup *d, const char *line, size_t len,
		      const struct sock_rec *rec, size_t *repeated)
{
	uint64_t ptr = pointer_hash(line, len), key, netid = rec->netid;
	int r;

	if (rec->inode)
		key = rec->inode;
	else if (ptr)
		key = ptr | PROCFS_KEY_NOT_INODE;
	else
		return 1;
	r = procfs_dedup_check(d, key, hash_bytes(ptr, &netid, sizeof(netid)));
	if (r == 0)
		(*repeated)++;
	return r;
}

void procfs_dedup_done(struct procfs_dedup *d)
{
	if (!d)
		return;
	seen_done(&d->keys);
	seen_done(&d->identities);
}
