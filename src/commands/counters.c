// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "counters.h"

static bool same(const char *s, const char *p, size_t n)
{
	return strncmp(s, p, n) == 0 && s[n] == '\0';
}

/* Room for one more of @n elements of @size bytes at @v (@cap of them):
 * returns @v or its replacement, *cap updated; NULL when out of memory
 * (@v is then unchanged). */
static void *grow(void *v, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap ? *cap * 2 : 16;
	void *p;

	if (n < *cap)
		return v;
	p = realloc(v, c * size);
	if (p)
		*cap = c;
	return p;
}

static struct counter_group *group_of(struct counters *set, const char *proto,
				      size_t len)
{
	for (size_t i = 0; i < set->n; i++)
		if (same(set->groups[i].proto, proto, len))
			return &set->groups[i];
	return NULL;
}

int counters_add(struct counters *set, const struct procfs_counter *c)
{
	struct counter_group *g = group_of(set, c->proto, c->proto_len);
	struct counter *k;
	char *name;

	if (g) {
		for (size_t i = 0; i < g->n; i++)
			if (same(g->v[i].name, c->name, c->name_len))
				return -EBADMSG;
	} else {
		char *proto = strndup(c->proto, c->proto_len);
		struct counter_group *v = proto ? grow(set->groups, &set->cap,
						       set->n, sizeof(*v))
						: NULL;

		if (!v) {
			free(proto);
			return -ENOMEM;
		}
		set->groups = v;
		g = &set->groups[set->n++];
		*g = (struct counter_group){.proto = proto};
	}
	name = strndup(c->name, c->name_len);
	k = name ? grow(g->v, &g->cap, g->n, sizeof(*k)) : NULL;
	if (!k) {
		free(name);
		return -ENOMEM;
	}
	g->v = k;
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
	*set = (struct counters){0};
}
