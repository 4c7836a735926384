/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* --sort's holder (out-sort.c), run by out-common.c between the
 * collector and the format. Stays in src/output/. */

#include "out.h"

struct out_sort;

/* A holder for @opts->sort (checked by out_options_check()), taking pid
 * and comm from @names (borrowed). Returns 0, -EINVAL or -ENOMEM. */
int out_sort_new(const struct options *opts, struct names *names,
		 struct out_sort **ret);

/* NULL is fine. */
void out_sort_free(struct out_sort *s);

/* Holds a packed copy of @rec, and @origin (--all-netns: where it came
 * from, borrowed: it must outlive out_sort_play(); else NULL): 0 or
 * -ENOMEM. */
int out_sort_add(struct out_sort *s, const struct sock_rec *rec,
		 const struct sock_origin *origin);

/* Sorts what is held and hands each record, in order, to @sock, with
 * o->origin set to the record's own; returns 0 or @sock's first error. */
int out_sort_play(struct out_sort *s, struct out *o,
		  int (*sock)(struct out *o, const struct sock_rec *rec));
