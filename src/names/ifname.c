// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <stdlib.h>

#include "ifname.h"
#include "util/grow.h"

const char *ifname_get(struct ifname_cache *c, uint32_t index)
{
	struct ifname_entry *e;

	/* Few sockets are bound to a device and few devices exist: a
	 * linear scan beats anything cleverer here. */
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].index == index)
			return c->v[i].name;
	if (grow_array((void **)&c->v, &c->cap, c->n + 1, sizeof(*c->v),
		       8) < 0)
		return NULL;
	e = &c->v[c->n++];
	e->index = index;
	if (!if_indextoname(index, e->name))
		snprintf(e->name, sizeof(e->name), "if%u", index);
	return e->name;
}

void ifname_cache_done(struct ifname_cache *c)
{
	if (!c)
		return;
	free(c->v);
	*c = (struct ifname_cache){0};
}
