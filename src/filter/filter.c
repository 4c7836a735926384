// SPDX-License-Identifier: GPL-2.0-or-later
/* The filter object: parse entry point, node storage, accessors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "filter-parse.h"
#include "names/services.h"

int64_t filter_node_add(struct filter *f, const struct fnode *n)
{
	if (f->n_nodes == f->cap_nodes) {
		size_t cap = f->cap_nodes ? f->cap_nodes * 2 : 16;
		struct fnode *v;

		if (cap > UINT32_MAX)
			return -ENOMEM;
		v = realloc(f->nodes, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		f->nodes = v;
		f->cap_nodes = cap;
	}
	f->nodes[f->n_nodes] = *n;
	return (int64_t)f->n_nodes++;
}

int64_t filter_kids_add(struct filter *f, const uint32_t *kids, size_t count)
{
	int64_t first = (int64_t)f->n_kids;

	if (f->n_kids + count > f->cap_kids) {
		size_t cap = f->cap_kids ? f->cap_kids : 16;
		uint32_t *v;

		while (cap < f->n_kids + count)
			cap *= 2;
		if (cap > UINT32_MAX)
			return -ENOMEM;
		v = realloc(f->kids, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		f->kids = v;
		f->cap_kids = cap;
	}
	memcpy(f->kids + f->n_kids, kids, count * sizeof(*kids));
	f->n_kids += count;
	return first;
}

/* Any value but "" and "0" switches bytecode off. */
static bool bytecode_switched_off(void)
{
	const char *v = getenv("SOCKSCOPE_NO_BYTECODE");

	return v && *v && strcmp(v, "0") != 0;
}

int filter_parse(const char *text, const struct filter_env *env,
		 struct filter **ret, struct filter_error *ret_err)
{
	static const struct filter_env defaults;
	struct filter_error err = {0};
	struct filter *f = calloc(1, sizeof(*f));
	struct parser p = {.f = f, .env = env ? env : &defaults, .err = &err};
	int r;

	if (!f)
		return -ENOMEM;
	f->root = -1;
	f->bytecode = !p.env->no_bytecode && !bytecode_switched_off();
	lex_init(&p.lx, text, strlen(text));
	r = filter_parse_text(&p);
	free(p.stack);
	services_free(p.services);
	if (r < 0) {
		filter_free(f);
		if (r == -EINVAL)
			*ret_err = err;
		return r;
	}
	*ret = f;
	return 0;
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n_nodes; i++)
		if (f->nodes[i].kind == FN_HOST)
			free(f->nodes[i].u.host.pattern);
	free(f->nodes);
	free(f->kids);
	free(f);
}

bool filter_states(const struct filter *f, uint32_t *ret_states)
{
	if (!f || !f->has_states)
		return false;
	*ret_states = f->states;
	return true;
}

bool filter_has_expression(const struct filter *f)
{
	return f && f->root >= 0;
}
