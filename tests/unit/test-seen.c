// SPDX-License-Identifier: GPL-2.0-or-later
/* seen: the key set that keeps a restarted dump (or a shifting /proc
 * file) from emitting a socket twice. */
#include "unit.h"

#include "util/seen.h"

static void seen_new_then_duplicate(void **state)
{
	struct seen s = {0};

	assert_int_equal(seen_add(&s, 5), 1);
	assert_int_equal(seen_add(&s, 6), 1);
	assert_int_equal(seen_add(&s, 5), 0);
	assert_int_equal(seen_add(&s, 6), 0);
	assert_int_equal(seen_add(&s, UINT64_MAX), 1);
	assert_int_equal(seen_add(&s, UINT64_MAX), 0);
	seen_done(&s);
}

static void seen_zero_cookie_is_a_cookie(void **state)
{
	struct seen s = {0};

	/* 0 marks an empty slot inside the set: it must still count. */
	assert_int_equal(seen_add(&s, 0), 1);
	assert_int_equal(seen_add(&s, 0), 0);
	assert_int_equal(seen_add(&s, 1), 1);
	assert_int_equal(seen_add(&s, 0), 0);
	assert_int_equal(seen_add(&s, 1), 0);
	seen_done(&s);
}

static void seen_growth_past_100k_keeps_all(void **state)
{
	struct seen s = {0};
	const uint64_t n = 150000;

	/* Consecutive cookies, as the kernel hands them out, and some far
	 * apart in the high word. */
	for (uint64_t i = 1; i <= n; i++)
		assert_int_equal(seen_add(&s, i), 1);
	for (uint64_t i = 1; i <= n / 10; i++)
		assert_int_equal(seen_add(&s, i << 32), 1);
	for (uint64_t i = 1; i <= n; i++)
		assert_int_equal(seen_add(&s, i), 0);
	for (uint64_t i = 1; i <= n / 10; i++)
		assert_int_equal(seen_add(&s, i << 32), 0);
	assert_int_equal(seen_add(&s, n + 1), 1);
	seen_done(&s);
}

static void seen_done_empties_and_allows_reuse(void **state)
{
	struct seen s = {0};

	assert_int_equal(seen_add(&s, 0), 1);
	assert_int_equal(seen_add(&s, 77), 1);
	seen_done(&s);
	assert_null(s.t.slots);
	assert_int_equal(seen_add(&s, 0), 1);
	assert_int_equal(seen_add(&s, 77), 1);
	seen_done(&s);
	seen_done(&s);
	seen_done(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seen_new_then_duplicate),
		cmocka_unit_test(seen_zero_cookie_is_a_cookie),
		cmocka_unit_test(seen_growth_past_100k_keeps_all),
		cmocka_unit_test(seen_done_empties_and_allows_reuse),
	};

	return harness_run_group(tests, NULL, NULL);
}
