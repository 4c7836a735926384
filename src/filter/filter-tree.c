// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bottom of the parser: growing the node arrays and recording an
 * error. Every other parser file calls down into this one and nothing
 * here calls up, so the files form a line, not a circle:
 *
 *   filter.c -> filter-parse.c -> filter-host.c -> filter-value.c
 *            -> filter-tree.c, filter-lex.c
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter-parse.h"

void *filter_grow(void *v, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return v;
	while (n < need)
		n *= 2;
	if (n > UINT32_MAX)
		return NULL;
	p = realloc(v, n * size);
	if (p)
		*cap = n;
	return p;
}

int64_t filter_node_add(struct filter *f, const struct fnode *n)
{
	struct fnode *v = filter_grow(f->nodes, &f->cap_nodes, f->n_nodes + 1,
				  sizeof(*n));

	if (!v)
		return -ENOMEM;
	f->nodes = v;
	f->nodes[f->n_nodes] = *n;
	return (int64_t)f->n_nodes++;
}

int64_t filter_kids_add(struct filter *f, const uint32_t *kids, size_t count)
{
	int64_t first = (int64_t)f->n_kids;
	uint32_t *v = filter_grow(f->kids, &f->cap_kids, f->n_kids + count,
				  sizeof(*kids));

	if (!v)
		return -ENOMEM;
	f->kids = v;
	memcpy(f->kids + f->n_kids, kids, count * sizeof(*kids));
	f->n_kids += count;
	return first;
}

int parse_fail(struct parser *p, size_t off, size_t len, const char *fmt,
	       ...)
{
	va_list ap;

	p->err->offset = off;
	p->err->len = len;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int parse_node(struct parser *p, const struct fnode *n, int64_t *ret_idx)
{
	int64_t idx = filter_node_add(p->f, n);

	if (idx < 0)
		return (int)idx;
	*ret_idx = idx;
	return 0;
}

int parse_parent(struct parser *p, enum fnode_kind kind, const uint32_t *kids,
		 size_t count, int64_t *ret_idx)
{
	int64_t first = filter_kids_add(p->f, kids, count);
	struct fnode n = {.kind = kind};

	if (first < 0)
		return (int)first;
	n.first = (uint32_t)first;
	n.count = (uint32_t)count;
	return parse_node(p, &n, ret_idx);
}

int parse_any_of(struct parser *p, const uint32_t *idx, size_t count,
		 int64_t *ret_idx)
{
	if (count == 1) {
		*ret_idx = idx[0];
		return 0;
	}
	return parse_parent(p, FN_OR, idx, count, ret_idx);
}

int parse_negate(struct parser *p, int64_t *idx)
{
	uint32_t kid = (uint32_t)*idx;

	return parse_parent(p, FN_NOT, &kid, 1, idx);
}
