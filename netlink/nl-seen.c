// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>

#include "nl.h"

/* Cookies are a kernel counter, so consecutive values must not cluster:
 * a Fibonacci multiply spreads them over the table. */
static size_t slot_of(uint64_t cookie, size_t cap)
{
	return (size_t)((cookie * 0x9E3779B97F4A7C15ull) >> 32) & (cap - 1);
}

static int insert(uint64_t *slots, size_t cap, uint64_t cookie)
{
	for (size_t i = slot_of(cookie, cap);; i = (i + 1) & (cap - 1)) {
		if (slots[i] == cookie)
			return 0;
		if (slots[i] == 0) {
			slots[i] = cookie;
			return 1;
		}
	}
}

static int grow(struct nl_seen *s)
{
	size_t cap = s->cap ? s->cap * 2 : 1024;
	uint64_t *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < s->cap; i++)
		if (s->slots[i])
			insert(slots, cap, s->slots[i]);
	free(s->slots);
	s->slots = slots;
	s->cap = cap;
	return 0;
}

int nl_seen_add(struct nl_seen *s, uint64_t cookie)
{
	int r;

	if (cookie == 0) {
		r = !s->has_zero;
		s->has_zero = true;
		return r;
	}
	/* Keep the load under one half so probes stay short. */
	if ((s->count + 1) * 2 > s->cap && (r = grow(s)) < 0)
		return r;
	r = insert(s->slots, s->cap, cookie);
	s->count += (size_t)r;
	return r;
}

void nl_seen_done(struct nl_seen *s)
{
	if (!s)
		return;
	free(s->slots);
	*s = (struct nl_seen){0};
}
