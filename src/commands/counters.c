// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "counters.h"

int counters_add(struct counters *set, const struct procfs_counter *c)
{
	struct counter_added *a;
	char *proto, *name;

	if (set->n_added == set->cap_added) {
		size_t cap = set->cap_added ? set->cap_added * 2 : 64;

		a = realloc(set->added, cap * sizeof(*a));
		if (!a)
			return -ENOMEM;
		set->added = a;
		set->cap_added = cap;
	}
	proto = strndup(c->proto, c->proto_len);
	name = strndup(c->name, c->name_len);
	if (!proto || !name) {
		free(proto);
		free(name);
		return -ENOMEM;
	}
	set->added[set->n_added++] = (struct counter_added){
		.proto = proto,
		.c = {.name = name, .value = c->value, .negative = c->negative},
	};
	return 0;
}

int counters_add_cb(const struct procfs_counter *c, void *userdata)
{
	return counters_add(userdata, c);
}

/* Orders indices into set->added by protocol, then name, then position:
 * a repeat lands next to its first, and the position keeps it stable. */
static int by_proto_name(const void *a, const void *b, void *userdata)
{
	const struct counter_added *v = userdata;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int k = strcmp(v[i].proto, v[j].proto);

	if (!k)
		k = strcmp(v[i].c.name, v[j].c.name);
	if (!k)
		k = i < j ? -1 : i > j;
	return k;
}

/* Orders indices by protocol, then position: a group's counters in a
 * row, in the order they came. */
static int by_proto_pos(const void *a, const void *b, void *userdata)
{
	const struct counter_added *v = userdata;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int k = strcmp(v[i].proto, v[j].proto);

	return k ? k : i < j ? -1 : i > j;
}

/* A group as a run of the sorted indices. */
struct span {
	size_t first; /* position of its first counter in set->added */
	size_t start, len; /* its run in the index array */
};

static int by_first(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

static void groups_free(struct counters *set)
{
	for (size_t i = 0; i < set->n; i++)
		free(set->groups[i].v);
	free(set->groups);
	set->groups = NULL;
	set->n = 0;
}

static bool same_proto(const struct counters *set, const size_t *idx,
		       size_t i, size_t j)
{
	return strcmp(set->added[idx[i]].proto, set->added[idx[j]].proto) ==
	       0;
}

/* Builds set->groups from @idx sorted by protocol then position. */
static int groups_build(struct counters *set, const size_t *idx)
{
	size_t n = set->n_added, nspans = 0;
	struct span *sp;

	for (size_t i = 0; i < n; i++)
		if (i == 0 || !same_proto(set, idx, i - 1, i))
			nspans++;
	sp = calloc(nspans, sizeof(*sp));
	set->groups = calloc(nspans, sizeof(*set->groups));
	if (!sp || !set->groups) {
		free(sp);
		free(set->groups);
		set->groups = NULL;
		return -ENOMEM;
	}
	for (size_t i = 0, k = 0; i < n; i++) {
		if (i > 0 && same_proto(set, idx, i - 1, i)) {
			sp[k - 1].len++;
			continue;
		}
		sp[k++] = (struct span){.first = idx[i], .start = i, .len = 1};
	}
	qsort(sp, nspans, sizeof(*sp), by_first);
	for (size_t k = 0; k < nspans; k++) {
		struct counter_group *g = &set->groups[k];

		g->v = malloc(sp[k].len * sizeof(*g->v));
		if (!g->v) {
			set->n = k;
			groups_free(set);
			free(sp);
			return -ENOMEM;
		}
		g->proto = set->added[sp[k].first].proto;
		g->n = sp[k].len;
		for (size_t j = 0; j < sp[k].len; j++)
			g->v[j] = set->added[idx[sp[k].start + j]].c;
	}
	set->n = nspans;
	free(sp);
	return 0;
}

int counters_finish(struct counters *set)
{
	size_t n = set->n_added, *idx;
	bool repeat = false;
	int r;

	groups_free(set);
	if (n == 0)
		return 0;
	idx = malloc(n * sizeof(*idx));
	if (!idx)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		idx[i] = i;

	qsort_r(idx, n, sizeof(*idx), by_proto_name, set->added);
	for (size_t i = 1; i < n && !repeat; i++) {
		const struct counter_added *p = &set->added[idx[i - 1]];
		const struct counter_added *q = &set->added[idx[i]];

		repeat = strcmp(p->proto, q->proto) == 0 &&
			 strcmp(p->c.name, q->c.name) == 0;
	}
	qsort_r(idx, n, sizeof(*idx), by_proto_pos, set->added);
	r = groups_build(set, idx);
	free(idx);
	if (r < 0)
		return r;
	return repeat ? -EBADMSG : 0;
}

const struct counter *counters_get(const struct counters *set,
				   const char *proto, const char *name)
{
	for (size_t i = 0; i < set->n_added; i++) {
		const struct counter_added *a = &set->added[i];

		if (strcmp(a->proto, proto) == 0 &&
		    strcmp(a->c.name, name) == 0)
			return &a->c;
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
	groups_free(set);
	for (size_t i = 0; i < set->n_added; i++) {
		free(set->added[i].proto);
		free(set->added[i].c.name);
	}
	free(set->added);
	*set = (struct counters){0};
}
