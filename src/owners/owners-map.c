// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "owners-internal.h"

/*
 * The map: open addressing over socket inodes, each slot pointing at a
 * run of entries. It is built in three linear passes (count, place,
 * fill) instead of a list per inode, so a lookup is one probe sequence
 * and the owners of a socket are contiguous; the formatter's per-socket
 * cost is one lookup.
 */

static uint32_t hash(uint32_t inode)
{
	/* Inodes come in runs; a multiplicative hash spreads them. */
	return inode * 0x9e3779b1u;
}

static uint32_t slot_find(const struct owners *m, uint32_t inode)
{
	uint32_t i = hash(inode) & m->mask;

	while (m->slots[i].inode && m->slots[i].inode != inode)
		i = (i + 1) & m->mask;
	return i;
}

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
	size_t n = 0, k = 0, cap = 64;
	uint32_t *where, start = 0;

	for (size_t p = 0; p < nparts; p++)
		n += parts[p].n;
	if (n > UINT32_MAX / 4)
		return -ENOMEM;
	while (cap < 2 * n)
		cap *= 2;
	m->slots = calloc(cap, sizeof(*m->slots));
	m->entries = malloc((n ? n : 1) * sizeof(*m->entries));
	where = malloc((n ? n : 1) * sizeof(*where));
	if (!m->slots || !m->entries || !where) {
		free(where);
		free(m->slots);
		free(m->entries);
		m->slots = NULL;
		m->entries = NULL;
		return -ENOMEM;
	}
	m->mask = (uint32_t)(cap - 1);

	for (size_t p = 0; p < nparts; p++)
		for (size_t i = 0; i < parts[p].n; i++) {
			uint32_t s = slot_find(m, parts[p].v[i].inode);
			m->slots[s].inode = parts[p].v[i].inode;
			m->slots[s].count++;
			where[k++] = s;
		}
	for (size_t s = 0; s < cap; s++) {
		m->slots[s].start = start;
		start += m->slots[s].count;
		m->slots[s].count = 0; /* refilled below */
	}
	k = 0;
	for (size_t p = 0; p < nparts; p++)
		for (size_t i = 0; i < parts[p].n; i++) {
			const struct owners_raw *r = &parts[p].v[i];
			struct owners_slot *s = &m->slots[where[k++]];
			m->entries[s->start + s->count++] = (struct owners_entry){
				.pid = m->pids[r->proc],
				.fd = r->fd,
				.proc = r->proc,
			};
		}
	/* The walk's threads interleave; a shared socket lists its owners in
	 * one order whatever the threads did. */
	for (size_t s = 0; s < cap; s++)
		if (m->slots[s].count > 1)
			qsort(m->entries + m->slots[s].start, m->slots[s].count,
			      sizeof(*m->entries), by_pid_fd);
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
	if (!inode || !m->slots)
		return NULL;
	s = &m->slots[slot_find(m, inode)];
	if (!s->inode)
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
	free(m->slots);
	free(m->entries);
	free(m);
}
