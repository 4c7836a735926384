// SPDX-License-Identifier: GPL-2.0-or-later
/* The one hash table and hash function: lookups, collisions, growth,
 * iteration, the integer and byte-string key paths. */
#include "unit.h"

#include "util/hash.h"

struct pair {
	uint64_t key;
	uint64_t value;
};

static void hash_bytes_sees_every_byte(void **state)
{
	uint8_t a[17] = {0}, b[17];
	uint64_t h = hash_bytes(HASH_SEED, a, sizeof(a));

	assert_true(h == hash_bytes(HASH_SEED, a, sizeof(a)));
	for (size_t i = 0; i < sizeof(a); i++)
		for (unsigned bit = 0; bit < 8; bit++) {
			memcpy(b, a, sizeof(a));
			b[i] ^= (uint8_t)(1u << bit);
			assert_true(hash_bytes(HASH_SEED, b, sizeof(b)) != h);
		}
	/* Chained fields: the order matters. */
	uint32_t x = 1, y = 2;
	assert_true(hash_bytes(hash_bytes(HASH_SEED, &x, 4), &y, 4) !=
		    hash_bytes(hash_bytes(HASH_SEED, &y, 4), &x, 4));
}

static void find_insert_and_values(void **state)
{
	struct hash_table t = HASH_TABLE_INIT(8, sizeof(struct pair));
	uint64_t k = 42;
	struct pair *p, *q;

	assert_null(hash_table_find(&t, &k));
	assert_int_equal(hash_table_insert(&t, &k, (void **)&p), 1);
	assert_true(p->key == 42);
	assert_true(p->value == 0); /* the rest of a new slot is zero */
	p->value = 7;
	assert_int_equal(hash_table_insert(&t, &k, (void **)&q), 0);
	assert_ptr_equal(p, q);
	q = hash_table_find(&t, &k);
	assert_ptr_equal(p, q);
	assert_true(q->value == 7);
	k = 43;
	assert_null(hash_table_find(&t, &k));
	assert_int_equal(t.count, 1);
	hash_table_done(&t);
	assert_null(t.slots);
	k = 42;
	assert_null(hash_table_find(&t, &k));
	assert_int_equal(hash_table_insert(&t, &k, NULL), 1);
	hash_table_done(&t);
	hash_table_done(NULL);
}

/* Keys that all start probing at the same slot of a 64-slot table,
 * including the last slot, so the probe wraps around. */
static size_t colliding_keys(uint64_t *v, size_t n, size_t at)
{
	size_t k = 0;

	for (uint64_t key = 1; k < n; key++)
		if ((hash_bytes(HASH_SEED, &key, 8) & 63) == at)
			v[k++] = key;
	return k;
}

static void collisions_probe_on(void **state)
{
	struct hash_table t = HASH_TABLE_INIT(8, sizeof(struct pair));
	uint64_t keys[31], other;
	struct pair *p;

	/* 31 keys stay under half of 64 slots: no growth, all collide. */
	colliding_keys(keys, 31, 63);
	for (size_t i = 0; i < 31; i++) {
		assert_int_equal(hash_table_insert(&t, &keys[i], (void **)&p),
				 1);
		p->value = i;
	}
	assert_int_equal(t.cap, 64);
	for (size_t i = 0; i < 31; i++) {
		p = hash_table_find(&t, &keys[i]);
		assert_non_null(p);
		assert_true(p->value == i);
		assert_int_equal(hash_table_insert(&t, &keys[i], NULL), 0);
	}
	/* A key of the same start slot, never inserted, probes past all 31
	 * and stops at the empty slot after them. */
	colliding_keys(keys, 31, 63);
	other = keys[30];
	for (uint64_t key = other + 1;; key++)
		if ((hash_bytes(HASH_SEED, &key, 8) & 63) == 63) {
			other = key;
			break;
		}
	assert_null(hash_table_find(&t, &other));
	assert_int_equal(t.count, 31);
	hash_table_done(&t);
}

static void growth_keeps_every_key_and_value(void **state)
{
	struct hash_table t = HASH_TABLE_INIT(4, 12);
	const uint32_t n = 150000;
	size_t seen = 0;

	/* Inodes come in runs, as sockets are made. */
	for (uint32_t i = 1; i <= n; i++) {
		uint32_t *slot;

		assert_int_equal(hash_table_insert(&t, &i, (void **)&slot), 1);
		slot[1] = i * 3;
		/* Never more than half full. */
		assert_true(t.count * 2 <= t.cap);
	}
	assert_int_equal(t.count, n);
	for (uint32_t i = 1; i <= n; i++) {
		uint32_t *slot = hash_table_find(&t, &i);

		assert_non_null(slot);
		assert_int_equal(slot[1], i * 3);
	}
	for (uint32_t i = n + 1; i <= n + 1000; i++)
		assert_null(hash_table_find(&t, &i));
	for (size_t i = 0; i < t.cap; i++)
		seen += hash_table_slot(&t, i) != NULL;
	assert_int_equal(seen, n);
	hash_table_done(&t);
}

static void reserve_keeps_slots_in_place(void **state)
{
	struct hash_table t = HASH_TABLE_INIT(8, 8);
	uint64_t *first, *again;
	uint64_t k = 1;

	assert_int_equal(hash_table_reserve(&t, 1000), 0);
	assert_true(t.cap >= 2000);
	assert_int_equal(hash_table_insert(&t, &k, (void **)&first), 1);
	for (k = 2; k <= 1000; k++)
		assert_int_equal(hash_table_insert(&t, &k, NULL), 1);
	k = 1;
	again = hash_table_find(&t, &k);
	assert_ptr_equal(first, again);
	/* Reserving less than it holds changes nothing. */
	assert_int_equal(hash_table_reserve(&t, 10), 0);
	assert_ptr_equal(first, hash_table_find(&t, &k));
	hash_table_done(&t);
}

/* A 17-byte key (family and address, as the resolver's) takes the
 * byte-string path: keys that differ in the last byte only are two. */
struct addr_slot {
	uint8_t family;
	uint8_t addr[16];
	int value;
};

static void long_keys(void **state)
{
	struct hash_table t = HASH_TABLE_INIT(17, sizeof(struct addr_slot));
	struct addr_slot k = {.family = 10}, *p;

	for (int i = 0; i < 300; i++) {
		k.addr[15] = (uint8_t)i;
		k.addr[0] = (uint8_t)(i >> 8);
		assert_int_equal(hash_table_insert(&t, &k, (void **)&p), 1);
		p->value = i;
	}
	for (int i = 0; i < 300; i++) {
		k.addr[15] = (uint8_t)i;
		k.addr[0] = (uint8_t)(i >> 8);
		p = hash_table_find(&t, &k);
		assert_non_null(p);
		assert_int_equal(p->value, i);
	}
	k.family = 2;
	assert_null(hash_table_find(&t, &k));
	hash_table_done(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hash_bytes_sees_every_byte),
		cmocka_unit_test(find_insert_and_values),
		cmocka_unit_test(collisions_probe_on),
		cmocka_unit_test(growth_keeps_every_key_and_value),
		cmocka_unit_test(reserve_keeps_slots_in_place),
		cmocka_unit_test(long_keys),
	};

	return harness_run_group(tests, NULL, NULL);
}
