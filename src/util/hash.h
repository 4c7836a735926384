/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The one hash function and the one hash table. The table is open
 * addressing with linear probing over fixed-size slots: a slot is a key of
 * key_size bytes followed by whatever the caller keeps with it. A slot
 * whose key bytes are all zero is empty, so a key of all zero bytes
 * cannot be stored (callers keep such a key aside, as seen.c does, or
 * never have one: inodes and address families are never 0). The load
 * stays at most one half, so probes stay short.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Where a hash starts: hash_bytes(HASH_SEED, ...). */
#define HASH_SEED 0xcbf29ce484222325ull

/* splitmix64's finalizer: every input bit moves every output bit. */
static inline uint64_t hash_mix(uint64_t h)
{
	h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
	h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
	return h ^ (h >> 31);
}

/*
 * hash_bytes - continues hash @h over the @len bytes at @p, eight at a
 * time. Chain calls to hash several fields. Keys of different lengths
 * that differ only by trailing zero bytes may collide: hash keys of one
 * length per use. In-process only: the value depends on byte order.
 */
static inline uint64_t hash_bytes(uint64_t h, const void *p, size_t len)
{
	const unsigned char *b = p;
	uint64_t w;

	for (; len >= 8; b += 8, len -= 8) {
		memcpy(&w, b, 8);
		h = hash_mix(h ^ w);
	}
	if (len) {
		w = 0;
		memcpy(&w, b, len);
		h = hash_mix(h ^ w);
	}
	return h;
}

struct hash_table {
	unsigned char *slots; /* cap * slot_size bytes; NULL while empty */
	size_t cap;           /* a power of two, or 0 */
	size_t count;         /* used slots */
	size_t key_size;      /* the key: the first key_size bytes of a slot */
	size_t slot_size;     /* >= key_size */
};

/* An empty table of @slot_size-byte slots keyed by their first @key_size
 * bytes; it allocates on first insert. Free with hash_table_done(). */
#define HASH_TABLE_INIT(key_size_, slot_size_)                                 \
	((struct hash_table){.key_size = (key_size_), .slot_size = (slot_size_)})

/*
 * hash_table_find - the slot whose key equals the key_size bytes at @key,
 * or NULL. The pointer stays valid until the next insert that grows the
 * table.
 */
void *hash_table_find(const struct hash_table *t, const void *key);

/*
 * hash_table_insert - finds the slot of @key (not all zero bytes), or
 * takes a new one: its key is copied in and the rest of the slot zeroed.
 * Returns 1 for a new slot, 0 for one already there, each with the slot
 * in *ret_slot (NULL allowed; valid as for hash_table_find()), or
 * -ENOMEM (*ret_slot and the table untouched).
 */
int hash_table_insert(struct hash_table *t, const void *key, void **ret_slot);

/*
 * hash_table_reserve - grows @t so that @n keys in all fit without
 * growing again (slot pointers then stay valid while the count is at
 * most @n). Returns 0 or -ENOMEM.
 */
int hash_table_reserve(struct hash_table *t, size_t n);

/* The slot at index @i < t->cap, or NULL if it is empty: iteration. */
static inline void *hash_table_slot(const struct hash_table *t, size_t i)
{
	unsigned char *s = t->slots + i * t->slot_size;

	for (size_t k = 0; k < t->key_size; k++)
		if (s[k])
			return s;
	return NULL;
}

/* Frees the slots; the table is empty and reusable after (same sizes).
 * NULL-safe. */
void hash_table_done(struct hash_table *t);
