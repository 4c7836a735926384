// SPDX-License-Identifier: GPL-2.0-or-later
#include "util/seen.h"

int seen_add(struct seen *s, uint64_t key)
{
	int r;

	if (key == 0) {
		r = !s->has_zero;
		s->has_zero = true;
		return r;
	}
	/* Zero-initialized: the table learns its sizes on first use. */
	if (!s->t.slot_size)
		s->t = HASH_TABLE_INIT(sizeof(key), sizeof(key));
	return hash_table_insert(&s->t, &key, NULL);
}

void seen_done(struct seen *s)
{
	if (!s)
		return;
	hash_table_done(&s->t);
	*s = (struct seen){0};
}
