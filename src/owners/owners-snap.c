// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "owners-internal.h"

/*
 * The map as bytes, for a snapshot: what -p printed at that moment,
 * command names included, so a later reader needs no /proc. Host byte
 * order, as the netlink replies beside it:
 *   u32 npids, u32 nentries,
 *   nentries x {u32 inode, u32 proc, i32 fd},
 *   npids x {u32 pid, u8 named, u8 len, len bytes of comm}.
 */

#define ENTRY_SIZE 12
#define PID_SIZE 6

static void put32(uint8_t **p, uint32_t v)
{
	memcpy(*p, &v, 4);
	*p += 4;
}

static uint32_t get32(const uint8_t **p)
{
	uint32_t v;

	memcpy(&v, *p, 4);
	*p += 4;
	return v;
}

int owners_save(struct owners *m, bool (*keep)(uint32_t inode, void *ctx),
		void *ctx, void **ret_buf, size_t *ret_len)
{
	/* The processes kept, renumbered in /proc order: slot i of @newid
	 * is process i's number in the file, or UINT32_MAX. */
	uint32_t *newid = malloc((m->npids ? m->npids : 1) * sizeof(*newid));
	size_t nkept = 0, nprocs = 0, len;
	uint8_t *buf = NULL, *p;

	if (!newid)
		return -ENOMEM;
	if (m->npids > UINT32_MAX - 1 || m->nentries > UINT32_MAX) {
		free(newid);
		return -E2BIG;
	}
	for (size_t i = 0; i < m->npids; i++)
		newid[i] = UINT32_MAX;
	for (size_t i = 0; i < m->map.cap; i++) {
		const struct owners_slot *s = hash_table_slot(&m->map, i);

		if (!s || !keep(s->inode, ctx))
			continue;
		nkept += s->count;
		for (uint32_t k = 0; k < s->count; k++)
			newid[m->entries[s->start + k].proc] = 0;
	}
	for (size_t i = 0; i < m->npids; i++)
		if (newid[i] == 0)
			newid[i] = (uint32_t)nprocs++;
	len = 8 + nkept * ENTRY_SIZE +
	      nprocs * (PID_SIZE + sizeof(m->names->text));
	buf = malloc(len);
	if (!buf) {
		free(newid);
		return -ENOMEM;
	}
	p = buf;
	put32(&p, (uint32_t)nprocs);
	put32(&p, (uint32_t)nkept);
	for (size_t i = 0; i < m->map.cap; i++) {
		const struct owners_slot *s = hash_table_slot(&m->map, i);

		if (!s || !keep(s->inode, ctx))
			continue;
		for (uint32_t k = 0; k < s->count; k++) {
			const struct owners_entry *e = &m->entries[s->start + k];
			size_t n;

			/* The command name, read now if not yet. */
			owners_comm(m, e, &n);
			put32(&p, s->inode);
			put32(&p, newid[e->proc]);
			put32(&p, (uint32_t)e->fd);
		}
	}
	for (size_t i = 0; i < m->npids; i++) {
		const struct owners_name *name = m->names ? &m->names[i] : NULL;
		bool named = name && name->state == 1;

		if (newid[i] == UINT32_MAX)
			continue;
		put32(&p, m->pids[i]);
		*p++ = named;
		*p++ = named ? name->len : 0;
		if (named) {
			memcpy(p, name->text, name->len);
			p += name->len;
		}
	}
	free(newid);
	*ret_buf = buf;
	*ret_len = (size_t)(p - buf);
	return 0;
}

int owners_holders(const struct owners *m,
		   bool (*keep)(uint32_t inode, void *ctx), void *ctx,
		   uint32_t **ret, size_t *ret_n)
{
	bool *held = calloc(m->npids ? m->npids : 1, sizeof(*held));
	uint32_t *pids;
	size_t n = 0;

	if (!held)
		return -ENOMEM;
	for (size_t i = 0; i < m->map.cap; i++) {
		const struct owners_slot *s = hash_table_slot(&m->map, i);

		if (!s || !keep(s->inode, ctx))
			continue;
		for (uint32_t k = 0; k < s->count; k++)
			held[m->entries[s->start + k].proc] = true;
	}
	for (size_t i = 0; i < m->npids; i++)
		n += held[i];
	pids = malloc((n ? n : 1) * sizeof(*pids));
	if (!pids) {
		free(held);
		return -ENOMEM;
	}
	n = 0;
	for (size_t i = 0; i < m->npids; i++)
		if (held[i])
			pids[n++] = m->pids[i];
	free(held);
	*ret = pids;
	*ret_n = n;
	return 0;
}

int owners_load(const void *buf, size_t len, struct owners **ret)
{
	const uint8_t *p = buf, *end = p + len;
	struct owners_part part = {0};
	struct owners *m;
	size_t npids, n;
	int r = -EBADMSG;

	if (len < 8)
		return -EBADMSG;
	npids = get32(&p);
	n = get32(&p);
	/* Counts the bytes cannot hold are a lie: refuse them before
	 * allocating for them. */
	if (n > (size_t)(end - p) / ENTRY_SIZE ||
	    npids > (size_t)(end - p) / PID_SIZE)
		return -EBADMSG;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->proc_fd = -1;
	m->npids = npids;
	part.v = malloc((n ? n : 1) * sizeof(*part.v));
	m->pids = malloc((npids ? npids : 1) * sizeof(*m->pids));
	m->names = calloc(npids ? npids : 1, sizeof(*m->names));
	if (!part.v || !m->pids || !m->names) {
		r = -ENOMEM;
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		part.v[i].inode = get32(&p);
		part.v[i].proc = get32(&p);
		part.v[i].fd = (int32_t)get32(&p);
		/* Inode 0 is the map's empty slot; a process out of range
		 * has no pid. */
		if (!part.v[i].inode || part.v[i].proc >= npids)
			goto fail;
	}
	part.n = n;
	for (size_t i = 0; i < npids; i++) {
		struct owners_name *name = &m->names[i];
		uint8_t named, nlen;

		if ((size_t)(end - p) < PID_SIZE)
			goto fail;
		m->pids[i] = get32(&p);
		named = *p++;
		nlen = *p++;
		if (named > 1 || nlen >= sizeof(name->text) ||
		    (!named && nlen) || (size_t)(end - p) < nlen)
			goto fail;
		memcpy(name->text, p, nlen);
		name->text[nlen] = '\0';
		name->len = nlen;
		name->state = named ? 1 : 2;
		p += nlen;
	}
	if (p != end)
		goto fail;
	r = owners_map_build(m, &part, 1);
	if (r < 0)
		goto fail;
	m->stats.procs = npids;
	m->stats.sockets = n;
	free(part.v);
	*ret = m;
	return 0;
fail:
	free(part.v);
	owners_free(m);
	return r;
}
