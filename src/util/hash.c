// SPDX-License-Identifier: GPL-2.0-or-later
#include "util/hash.h"

#include <errno.h>
#include <stdlib.h>

/* The hot callers' keys are 4 or 8 bytes (inodes, cookies): comparing
 * and testing those as integers keeps their probes free of calls. */
static inline bool key_equal(const unsigned char *a, const unsigned char *b,
			     size_t n)
{
	uint64_t x, y;
	uint32_t u, v;

	switch (n) {
	case 8:
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		return x == y;
	case 4:
		memcpy(&u, a, 4);
		memcpy(&v, b, 4);
		return u == v;
	default:
		return memcmp(a, b, n) == 0;
	}
}

static inline bool key_empty(const unsigned char *k, size_t n)
{
	static const unsigned char zero[64];

	switch (n) {
	case 8:
	case 4:
		return key_equal(k, zero, n);
	default:
		for (size_t i = 0; i < n; i++)
			if (k[i])
				return false;
		return true;
	}
}

/*
 * The slot holding @key, or the empty slot where it would go. @key_size
 * is t->key_size, passed apart so that the callers below can give it as
 * a constant: the hash, the compare and the empty test then compile to a
 * few instructions for the 4- and 8-byte keys of the hot paths.
 */
static inline __attribute__((always_inline)) unsigned char *
probe_sized(const struct hash_table *t, const void *key, size_t key_size)
{
	size_t mask = t->cap - 1;

	for (size_t i = (size_t)hash_bytes(HASH_SEED, key, key_size) & mask;;
	     i = (i + 1) & mask) {
		unsigned char *s = t->slots + i * t->slot_size;

		if (key_equal(s, key, key_size) || key_empty(s, key_size))
			return s;
	}
}

/* What follows is written once over a constant-folded key size: each
 * entry point below picks the 8-byte, the 4-byte or the general one. */
#define HASH_BY_KEY_SIZE(t, call)                                              \
	((t)->key_size == 8   ? call(8)                                        \
	 : (t)->key_size == 4 ? call(4)                                        \
			      : call((t)->key_size))

/* A slot's bytes; the key-only slots of the cookie set copy as one word. */
static inline __attribute__((always_inline)) void
slot_copy(const struct hash_table *t, void *dst, const void *src,
	  size_t key_size)
{
	if (t->slot_size == key_size)
		memcpy(dst, src, key_size);
	else
		memcpy(dst, src, t->slot_size);
}

static inline __attribute__((always_inline)) int
resize_sized(struct hash_table *t, size_t cap, size_t key_size)
{
	struct hash_table n = *t;

	n.cap = cap;
	n.slots = calloc(cap, t->slot_size);
	if (!n.slots)
		return -ENOMEM;
	for (size_t i = 0; i < t->cap; i++) {
		const unsigned char *s = t->slots + i * t->slot_size;

		if (!key_empty(s, key_size))
			slot_copy(t, probe_sized(&n, s, key_size), s,
				  key_size);
	}
	free(t->slots);
	*t = n;
	return 0;
}

static int resize(struct hash_table *t, size_t cap)
{
#define CALL(ks) resize_sized(t, cap, ks)
	return HASH_BY_KEY_SIZE(t, CALL);
#undef CALL
}

int hash_table_reserve(struct hash_table *t, size_t n)
{
	size_t cap = t->cap ? t->cap : 64;

	if (n > SIZE_MAX / 4 / t->slot_size)
		return -ENOMEM;
	while (n * 2 > cap)
		cap *= 2;
	return cap == t->cap ? 0 : resize(t, cap);
}

static inline __attribute__((always_inline)) void *
find_sized(const struct hash_table *t, const void *key, size_t key_size)
{
	unsigned char *s;

	if (!t->cap)
		return NULL;
	s = probe_sized(t, key, key_size);
	return key_empty(s, key_size) ? NULL : s;
}

void *hash_table_find(const struct hash_table *t, const void *key)
{
#define CALL(ks) find_sized(t, key, ks)
	return HASH_BY_KEY_SIZE(t, CALL);
#undef CALL
}

static inline __attribute__((always_inline)) int
insert_sized(struct hash_table *t, const void *key, void **ret_slot,
	     size_t key_size)
{
	unsigned char *s;
	int r = 0;

	if (t->count + 1 > t->cap / 2) {
		r = hash_table_reserve(t, t->count + 1);
		if (r < 0)
			return r;
	}
	s = probe_sized(t, key, key_size);
	if (key_empty(s, key_size)) {
		memcpy(s, key, key_size);
		t->count++;
		r = 1;
	}
	if (ret_slot)
		*ret_slot = s;
	return r;
}

int hash_table_insert(struct hash_table *t, const void *key, void **ret_slot)
{
#define CALL(ks) insert_sized(t, key, ret_slot, ks)
	return HASH_BY_KEY_SIZE(t, CALL);
#undef CALL
}

void hash_table_done(struct hash_table *t)
{
	if (!t)
		return;
	free(t->slots);
	t->slots = NULL;
	t->cap = 0;
	t->count = 0;
}
