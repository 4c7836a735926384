// SPDX-License-Identifier: GPL-2.0-or-later
/* grow_array: the one way an array grows, doubling from its first size. */
#include "unit.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "util/grow.h"

static void grows_by_doubling(void **state)
{
	int *v = NULL;
	size_t cap = 0;

	(void)state;
	assert_int_equal(grow_array((void **)&v, &cap, 0, sizeof(*v), 16), 0);
	assert_null(v); /* nothing needed, nothing made */
	assert_int_equal(grow_array((void **)&v, &cap, 1, sizeof(*v), 16), 0);
	assert_int_equal(cap, 16);
	for (int i = 0; i < 16; i++)
		v[i] = i;
	assert_int_equal(grow_array((void **)&v, &cap, 16, sizeof(*v), 16), 0);
	assert_int_equal(cap, 16); /* fits: untouched */
	assert_int_equal(grow_array((void **)&v, &cap, 17, sizeof(*v), 16), 0);
	assert_int_equal(cap, 32);
	assert_int_equal(grow_array((void **)&v, &cap, 100, sizeof(*v), 16), 0);
	assert_int_equal(cap, 128);
	for (int i = 0; i < 16; i++)
		assert_int_equal(v[i], i); /* kept across each move */
	free(v);
}

static void first_size_zero_is_one(void **state)
{
	char *v = NULL;
	size_t cap = 0;

	(void)state;
	assert_int_equal(grow_array((void **)&v, &cap, 3, 1, 0), 0);
	assert_int_equal(cap, 4);
	free(v);
}

static void overflow_refused_untouched(void **state)
{
	char *v = NULL;
	size_t cap = 0;

	(void)state;
	assert_int_equal(grow_array((void **)&v, &cap, 8, 1, 8), 0);
	v[0] = 'x';
	/* More elements than a size_t counts bytes of: refused whole. */
	assert_int_equal(grow_array((void **)&v, &cap, SIZE_MAX / 2, 16, 8),
			 -ENOMEM);
	assert_int_equal(grow_array((void **)&v, &cap, SIZE_MAX, 1, 8),
			 -ENOMEM);
	assert_int_equal(cap, 8);
	assert_int_equal(v[0], 'x');
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grows_by_doubling),
		cmocka_unit_test(first_size_zero_is_one),
		cmocka_unit_test(overflow_refused_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
