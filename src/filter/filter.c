// SPDX-License-Identifier: GPL-2.0-or-later
/* The filter object: parse entry point, node storage, accessors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "filter-parse.h"
#include "names/services.h"

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
	if (r >= 0 && p.env->n_ports)
		r = filter_parse_ports(&p, p.env->ports, p.env->n_ports);
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
		else if (f->nodes[i].kind == FN_ORIGIN)
			free(f->nodes[i].u.origin.pattern);
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

bool filter_names_origin(const struct filter *f)
{
	for (size_t i = 0; f && f->root >= 0 && i < f->n_nodes; i++)
		if (f->nodes[i].kind == FN_ORIGIN &&
		    (f->nodes[i].u.origin.what == FORIGIN_NETNS ||
		     f->nodes[i].u.origin.what == FORIGIN_CONTAINER))
			return true;
	return false;
}

bool filter_names_runner(const struct filter *f)
{
	for (size_t i = 0; f && f->root >= 0 && i < f->n_nodes; i++)
		if (f->nodes[i].kind == FN_ORIGIN &&
		    f->nodes[i].u.origin.what != FORIGIN_NETNS)
			return true;
	return false;
}
