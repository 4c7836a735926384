// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "counters.h"
#include "util/grow.h"

/* A slot of either index: the hash (never 0: 0 marks an empty slot),
 * then the group, then the counter in it (by_name only). */
struct counter_slot {
	uint64_t key;
	uint32_t group, pos;
};

static bool same(const char *s, const char *p, size_t n)
{
	return strncmp(s, p, n) == 0 && s[n] == '\0';
}

static uint64_t key_of(const char *proto, size_t proto_len, const char *name,
		       size_t name_len)
{
	uint64_t h = hash_bytes(HASH_SEED, &proto_len, sizeof(proto_len));

	h = hash_bytes(h, proto, proto_len);
	if (name)
		h = hash_bytes(hash_bytes(h, &name_len, sizeof(name_len)),
			       name, name_len);
	return h ? h : 1;
}

/* The group of @proto, or NULL. A hash that two protocols share (never
 * seen, but possible) falls back to a scan. */
static struct counter_group *group_of(struct counters *set, const char *proto,
				      size_t len)
{
	uint64_t key = key_of(proto, len, NULL, 0);
	const struct counter_slot *s = hash_table_find(&set->by_proto, &key);

	if (!s)
		return NULL;
	if (same(set->groups[s->group].proto, proto, len))
		return &set->groups[s->group];
	for (size_t i = 0; i < set->n; i++)
		if (same(set->groups[i].proto, proto, len))
			return &set->groups[i];
	return NULL;
}

/* Whether group @g already has counter @c: by its hash, or by a scan
 * when the hash is another counter's. */
static bool has_counter(const struct counters *set,
			const struct counter_group *g,
			const struct procfs_counter *c, uint64_t key)
{
	const struct counter_slot *s = hash_table_find(&set->by_name, &key);

	if (!s)
		return false;
	if (&set->groups[s->group] == g &&
	    same(g->v[s->pos].name, c->name, c->name_len))
		return true;
	for (size_t i = 0; i < g->n; i++)
		if (same(g->v[i].name, c->name, c->name_len))
			return true;
	return false;
}

/* Notes @key at group @group, counter @pos; a key already there (a
 * collision) is left as it was. Returns 0 or -ENOMEM. */
static int index_add(struct hash_table *t, uint64_t key, size_t group,
		     size_t pos)
{
	struct counter_slot *s;
	int r;

	if (!t->slot_size)
		*t = HASH_TABLE_INIT(sizeof(key), sizeof(*s));
	r = hash_table_insert(t, &key, (void **)&s);
	if (r == 1) {
		s->group = (uint32_t)group;
		s->pos = (uint32_t)pos;
	}
	return r < 0 ? r : 0;
}

int counters_add(struct counters *set, const struct procfs_counter *c)
{
	struct counter_group *g = group_of(set, c->proto, c->proto_len);
	uint64_t key = key_of(c->proto, c->proto_len, c->name, c->name_len);
	struct counter *k;
	char *name;
	int r;

	if (set->n >= UINT32_MAX)
		return -ENOMEM;
	if (g) {
		if (has_counter(set, g, c, key))
			return -EBADMSG;
	} else {
		char *proto = strndup(c->proto, c->proto_len);

		if (!proto ||
		    grow_array((void **)&set->groups, &set->cap, set->n + 1,
			       sizeof(*set->groups), 16) < 0) {
			free(proto);
			return -ENOMEM;
		}
		r = index_add(&set->by_proto,
			      key_of(c->proto, c->proto_len, NULL, 0), set->n,
			      0);
		if (r < 0) {
			free(proto);
			return r;
		}
		g = &set->groups[set->n++];
		*g = (struct counter_group){.proto = proto};
	}
	if (g->n >= UINT32_MAX)
		return -ENOMEM;
	name = strndup(c->name, c->name_len);
	if (!name || grow_array((void **)&g->v, &g->cap, g->n + 1,
				sizeof(*g->v), 16) < 0) {
		free(name);
		return -ENOMEM;
	}
	r = index_add(&set->by_name, key, (size_t)(g - set->groups), g->n);
	if (r < 0) {
		free(name);
		return r;
	}
	k = &g->v[g->n++];
	*k = (struct counter){
		.name = name,
		.value = c->value,
		.negative = c->negative,
	};
	return 0;
}

int counters_add_cb(const struct procfs_counter *c, void *userdata)
{
	return counters_add(userdata, c);
}

const struct counter *counters_get(const struct counters *set,
				   const char *proto, const char *name)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct counter_group *g = &set->groups[i];

		if (strcmp(g->proto, proto) != 0)
			continue;
		for (size_t j = 0; j < g->n; j++)
			if (strcmp(g->v[j].name, name) == 0)
				return &g->v[j];
	}
	return NULL;
}

int counters_get_u64(const struct counters *set, const char *proto,
		     const char *name, uint64_t *ret)
{
	const struct counter *c = counters_get(set, proto, name);

	if (!c)
		return -ENOENT;
	if (c->negative)
		return -ERANGE;
	*ret = c->value;
	return 0;
}

void counters_done(struct counters *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++) {
		for (size_t j = 0; j < set->groups[i].n; j++)
			free(set->groups[i].v[j].name);
		free(set->groups[i].v);
		free(set->groups[i].proto);
	}
	free(set->groups);
	hash_table_done(&set->by_proto);
	hash_table_done(&set->by_name);
	*set = (struct counters){0};
}
