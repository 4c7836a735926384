/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one number parser: bases, bounds, and every way a token is not a
 * number. */
#include "unit.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "util/num.h"

static int p64(const char *s, unsigned base, uint64_t max, uint64_t *v)
{
	return num_parse_u64(s, strlen(s), base, max, v);
}

static void test_decimal(void **state)
{
	uint64_t v = 7;

	assert_int_equal(p64("0", 10, UINT64_MAX, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(p64("65535", 10, 65535, &v), 0);
	assert_int_equal(v, 65535);
	assert_int_equal(p64("18446744073709551615", 10, UINT64_MAX, &v), 0);
	assert_true(v == UINT64_MAX);
	/* a leading zero is still decimal in base 10 */
	assert_int_equal(p64("022", 10, 100, &v), 0);
	assert_int_equal(v, 22);
}

static void test_bounds(void **state)
{
	uint64_t v = 7;

	assert_int_equal(p64("65536", 10, 65535, &v), -ERANGE);
	assert_int_equal(p64("18446744073709551616", 10, UINT64_MAX, &v),
			 -ERANGE);
	assert_int_equal(p64("99999999999999999999999", 10, UINT64_MAX, &v),
			 -ERANGE);
	assert_int_equal(v, 7); /* untouched on failure */
	/* a bad byte after the overflow is the better message */
	assert_int_equal(p64("99999999999999999999x", 10, UINT64_MAX, &v),
			 -EINVAL);
}

static void test_not_numbers(void **state)
{
	uint64_t v = 7;
	const char *bad[] = { "", "-1", "+1", " 1", "1 ", "1a", "0x", "x1",
			      "1.0", "\xff" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(p64(bad[i], 10, UINT64_MAX, &v), -EINVAL);
	assert_int_equal(num_parse_u64("12", 1, 10, 100, &v), 0);
	assert_int_equal(v, 1); /* only @len bytes are read */
	assert_int_equal(p64("12", 7, 100, &v), -EINVAL); /* no such base */
}

static void test_bases(void **state)
{
	uint64_t v = 0;
	uint32_t w = 0;

	assert_int_equal(p64("0x16", 0, 65535, &v), 0);
	assert_int_equal(v, 22);
	assert_int_equal(p64("0X1f", 0, 65535, &v), 0);
	assert_int_equal(v, 31);
	assert_int_equal(p64("026", 0, 65535, &v), 0);
	assert_int_equal(v, 22);
	assert_int_equal(p64("08", 0, 65535, &v), -EINVAL);
	assert_int_equal(p64("22", 0, 65535, &v), 0);
	assert_int_equal(v, 22);
	assert_int_equal(p64("ffFF", 16, 65535, &v), 0);
	assert_int_equal(v, 65535);
	assert_int_equal(p64("0x10", 16, 65535, &v), -EINVAL);
	assert_int_equal(num_parse_u32("4294967295", 10, 10, UINT32_MAX, &w), 0);
	assert_true(w == UINT32_MAX);
	assert_int_equal(num_parse_u32("4294967296", 10, 10, UINT32_MAX, &w),
			 -ERANGE);
	assert_int_equal(num_parse_cstr_u64("0x20", 0, 100, &v), 0);
	assert_int_equal(v, 32);
}

/* The inline loop /proc's lexer uses is the same parser: same answers as
 * num_parse_u64() in the same base. */
static void test_inline_base(void **state)
{
	static const struct {
		const char *s;
		unsigned base;
		uint64_t max;
	} cases[] = {
		{"0", 10, 0},
		{"4294967295", 10, UINT32_MAX},
		{"4294967296", 10, UINT32_MAX},
		{"18446744073709551615", 10, UINT64_MAX},
		{"18446744073709551616", 10, UINT64_MAX},
		{"184467440737095516160x", 10, UINT64_MAX},
		{"00000000000000000000000001", 10, 1},
		{"", 10, 9},
		{"1 ", 10, 9},
		{"-1", 10, 9},
		{"DEADbeef", 16, UINT32_MAX},
		{"FFFFFFFFFFFFFFFFF", 16, UINT64_MAX},
		{"0x1", 16, UINT64_MAX},
		{"777", 8, 511},
		{"778", 8, 511},
		{"1000", 8, 511},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t a = 7, b = 7;
		size_t n = strlen(cases[i].s);
		int ra = num_parse_base(cases[i].s, n, cases[i].base,
					cases[i].max, &a);
		int rb = num_parse_u64(cases[i].s, n, cases[i].base,
				       cases[i].max, &b);

		assert_int_equal(ra, rb);
		assert_true(a == b);
	}
	assert_int_equal(num_parse_base("12", 2, 7, 100, &(uint64_t){0}),
			 -EINVAL);
	assert_int_equal(num_digit('7'), 7);
	assert_int_equal(num_digit('F'), 15);
	assert_int_equal(num_digit('g'), 99);
	assert_int_equal(num_digit(0xc6), 99); /* 'F' | 0x80 is no digit */
}

/* /proc/PID/fd link texts as readlink(2) gives them (no NUL). */
static void test_socket_link(void **state)
{
	static const struct {
		const char *s;
		uint64_t want;
	} cases[] = {
		{"socket:[12345]", 12345},
		{"socket:[4294967295]", 4294967295u},
		{"socket:[18446744073709551615]", UINT64_MAX},
		{"socket:[18446744073709551616]", 0}, /* past 64 bits */
		{"socket:[]", 0},
		{"socket:[12a]", 0},
		{"socket:[123", 0},
		{"socket:123]", 0},
		{"pipe:[12345]", 0},
		{"anon_inode:[eventfd]", 0},
		{"/dev/null", 0},
		{"socket:[-1]", 0},
		{"socket:[ 1]", 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_true(num_socket_link(cases[i].s, strlen(cases[i].s)) ==
			    cases[i].want);
	/* Only @len bytes count: a longer buffer's tail is not read. */
	assert_true(num_socket_link("socket:[77]socket:[88]", 11) == 77);
	assert_true(num_socket_link("socket:[77]", 10) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decimal),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_not_numbers),
		cmocka_unit_test(test_bases),
		cmocka_unit_test(test_inline_base),
		cmocka_unit_test(test_socket_link),
	};

	return harness_run_group(tests, NULL, NULL);
}
