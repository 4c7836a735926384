// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "owners-internal.h"

/*
 * The map: inode -> a run of entries. It is built in three linear passes
 * (count, place, fill) instead of a list per inode, so a lookup is one
 * probe sequence and the owners of a socket are contiguous; the
 * formatter's per-socket cost is one lookup.
 */

static int by_pid_fd(const void *a, const void *b)
{
	const struct owners_entry *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->fd < y->fd ? -1 : x->fd > y->fd;
}

int owners_map_build(struct owners *m, const struct owners_part *parts,
		     size_t nparts)
{
	struct hash_table map = HASH_TABLE_INIT(sizeof(uint32_t),
						sizeof(struct owners_slot));
	struct owners_slot **where;
	size_t n = 0, k = 0;
	uint32_t start = 0;
	int r;

	for (size_t p = 0; p < nparts; p++)
		n += parts[p].n;
	if (n > UINT32_MAX / 4)
		return -ENOMEM;
	/* Reserved whole: the slots stay where they are while filling. */
	r = hash_table_reserve(&map, n);
	m->entries = malloc((n ? n : 1) * sizeof(*m->entries));
	where = malloc((n ? n : 1) * sizeof(*where));
	if (r < 0 || !m->entries || !where) {
		free(where);
		hash_table_done(&map);
		free(m->entries);
		m->entries = NULL;
		return -ENOMEM;
	}

	for (size_t p = 0; p < nparts; p++)
		for (size_t i = 0; i < parts[p].n; i++) {
			void *slot;

			/* Never fails: the table holds n keys unmoved. */
			hash_table_insert(&map, &parts[p].v[i].inode, &slot);
			where[k] = slot;
			where[k++]->count++;
		}
	for (size_t i = 0; i < map.cap; i++) {
		struct owners_slot *s = hash_table_slot(&map, i);

		if (!s)
			continue;
		s->start = start;
		start += s->count;
		s->count = 0; /* refilled below */
	}
	k = 0;
	for (size_t p = 0; p < nparts; p++)
		for (size_t i = 0; i < parts[p].n; i++) {
			const struct owners_raw *raw = &parts[p].v[i];
			struct owners_slot *s = where[k++];
			m->entries[s->start + s->count++] = (struct owners_entry){
				.pid = m->pids[raw->proc],
				.fd = raw->fd,
				.proc = raw->proc,
			};
		}
	/* The walk's threads interleave; a shared socket lists its owners in
	 * one order whatever the threads did. */
	for (size_t i = 0; i < map.cap; i++) {
		struct owners_slot *s = hash_table_slot(&map, i);

		if (s && s->count > 1)
			qsort(m->entries + s->start, s->count,
			      sizeof(*m->entries), by_pid_fd);
	}
	m->map = map;
	m->nentries = n;
	free(where);
	return 0;
}

const struct owners_stats *owners_stats(const struct owners *m)
{
	return &m->stats;
}

const struct owners_entry *owners_lookup(const struct owners *m,
					 uint32_t inode, size_t *ret_n)
{
	const struct owners_slot *s;

	*ret_n = 0;
	if (!inode)
		return NULL;
	s = hash_table_find(&m->map, &inode);
	if (!s)
		return NULL;
	*ret_n = s->count;
	return m->entries + s->start;
}

const char *owners_comm(const struct owners *m, const struct owners_entry *e,
			size_t *ret_len)
{
	const struct owners_name *name;

	if (e->proc >= m->npids)
		return NULL;
	name = &m->names[e->proc];
	if (name->state != 1)
		return NULL;
	*ret_len = name->len;
	return name->text;
}

void owners_free(struct owners *m)
{
	if (!m)
		return;
	if (m->proc_fd >= 0)
		close(m->proc_fd);
	free(m->pids);
	free(m->names);
	hash_table_done(&m->map);
	free(m->entries);
	free(m);
}
