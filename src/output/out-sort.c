// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>

#include "out-keys.h"
#include "out-sort.h"
#include "recpack.h"
#include "names/names.h"
#include "util/grow.h"

/*
 * --sort: the whole selection is held, packed (recpack.h), then handed
 * to the format in order. What is held is the compact record, never the
 * printed text; ties keep the order the kernel gave (the sort is made
 * stable by the arrival index).
 */

struct out_sort {
	struct out_keys keys;
	struct names *names; /* borrowed: pid and comm */
	enum recpack_what what; /* the details only when printed */
	char *store;
	size_t len, cap;
	struct held *held; /* each record, in arrival order */
	size_t n, cap_held;
};

/* Where a record starts in the store, and (--all-netns) the namespace it
 * came from: the caller sets out->origin per namespace, and the rows
 * come out in another order. */
struct held {
	size_t off;
	const struct sock_origin *origin;
};

int out_sort_new(const struct options *opts, struct names *names,
		 struct out_sort **ret)
{
	char err[256];
	struct out_sort *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	if (out_keys_parse("--sort", opts->sort, true, opts->processes,
			   &s->keys, err, sizeof(err)) < 0) {
		free(s);
		return -EINVAL;
	}
	s->names = names;
	s->what = options_detail(opts) ? RECPACK_ALL : RECPACK_RECORD;
	*ret = s;
	return 0;
}

void out_sort_free(struct out_sort *s)
{
	if (!s)
		return;
	free(s->store);
	free(s->held);
	free(s);
}

int out_sort_add(struct out_sort *s, const struct sock_rec *rec,
		 const struct sock_origin *origin)
{
	size_t size = recpack_size(rec, s->what);

	if (grow_array((void **)&s->store, &s->cap, s->len + size, 1, 256) < 0 ||
	    grow_array((void **)&s->held, &s->cap_held, s->n + 1,
		       sizeof(*s->held), 256) < 0)
		return -ENOMEM;
	s->held[s->n++] = (struct held){.off = s->len, .origin = origin};
	/* --all-netns: its interface's name is its namespace's, asked now,
	 * while the caller is inside; named again from there at play. */
	if (origin && rec->ifindex)
		(void)names_ifname(s->names, rec->ifindex);
	s->len += recpack_put(s->store + s->len, rec, s->what);
	return 0;
}

static int compare(const void *pa, const void *pb, void *arg)
{
	const struct out_sort *s = arg;
	size_t a = ((const struct held *)pa)->off;
	size_t b = ((const struct held *)pb)->off;
	struct sock_rec ra, rb;

	recpack_get(s->store + a, &ra);
	recpack_get(s->store + b, &rb);
	for (size_t i = 0; i < s->keys.n; i++) {
		struct out_keyval va, vb;
		int r;

		out_key_value(s->names, &ra, s->keys.key[i], &va);
		out_key_value(s->names, &rb, s->keys.key[i], &vb);
		r = out_keyval_cmp(&va, &vb);
		/* Descending turns the values round, not absence: a socket
		 * without the key comes last either way. */
		if (r && s->keys.desc[i] && va.kind != KV_NONE &&
		    vb.kind != KV_NONE)
			r = -r;
		if (r)
			return r;
	}
	/* Offsets grow with arrival: the stable tie-break. */
	return (a > b) - (a < b);
}

int out_sort_play(struct out_sort *s, struct out *o,
		  int (*sock)(struct out *o, const struct sock_rec *rec))
{
	qsort_r(s->held, s->n, sizeof(*s->held), compare, s);
	for (size_t i = 0; i < s->n; i++) {
		struct sock_rec rec;
		int r;

		recpack_get(s->store + s->held[i].off, &rec);
		o->origin = s->held[i].origin;
		if (o->origin)
			names_netns_entered(s->names, o->origin->netns_inode);
		r = sock(o, &rec);
		if (r < 0)
			return r;
	}
	return 0;
}
