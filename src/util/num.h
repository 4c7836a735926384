/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The one decimal (and hex, octal) number parser: every number sockscope
 * reads from text (the command line, the filter, /proc, /etc/services)
 * goes through here, so "what counts as a number" is decided once.
 * Strict: the whole token must be digits, no sign, no blanks, no empty
 * token, and the value must not exceed a caller-given maximum. The way
 * back, a number written as text, is here too (fmt_u64()).
 */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * num_parse_u64 - read @len bytes at @s as an unsigned number.
 * @base: 10 or 16 for that base only (no prefix), or 0 for C's rule:
 *        "0x"/"0X" then hex digits, a leading "0" then octal, else decimal.
 * @max: the largest value accepted.
 * @ret: where the value goes; untouched on failure.
 *
 * Returns 0, -EINVAL when the token is empty or holds a byte that is not
 * a digit of the base, or -ERANGE when the value is above @max.
 */
int num_parse_u64(const char *s, size_t len, unsigned base, uint64_t max,
		  uint64_t *ret);

/* num_parse_u32 - num_parse_u64() into a uint32_t, @max at most UINT32_MAX. */
int num_parse_u32(const char *s, size_t len, unsigned base, uint32_t max,
		  uint32_t *ret);

/* num_parse_cstr_u64 - num_parse_u64() over a NUL-terminated string. */
int num_parse_cstr_u64(const char *s, unsigned base, uint64_t max,
		       uint64_t *ret);

/* num_socket_link - the inode in the text of a /proc/PID/fd link to a
 * socket, "socket:[N]" (@len bytes, no NUL, as readlink(2) gives it), or
 * 0 for any other text. */
uint64_t num_socket_link(const char *s, size_t len);

/* num_digit - the value of byte @c as a digit: 0-9, a-f and A-F as
 * 10-15; 99 (no digit of any base) for any other byte. */
static inline unsigned num_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0');
	c |= 0x20; /* ASCII lower case; maps nothing else onto a-f */
	if (c >= 'a' && c <= 'f')
		return (unsigned)(c - 'a' + 10);
	return 99;
}

/*
 * num_parse_base - num_parse_u64() in base @base (8, 10 or 16) with no
 * prefix rule: the digits' loop every parse runs, inline so a hot reader
 * (a /proc/net line, 100k+ per file) gets it specialized for a constant
 * base. Same rules and returns as num_parse_u64(): -EINVAL for an empty
 * token or any byte that is not a digit of @base (even past a value too
 * large), else -ERANGE above @max.
 */
static inline int num_parse_base(const char *s, size_t len, unsigned base,
				 uint64_t max, uint64_t *ret)
{
	/* Digits that cannot reach 2^64 in each base: the usual /proc field
	 * is that short and skips the overflow tests. */
	size_t safe = base == 16 ? 16 : base == 10 ? 19 : 21;
	uint64_t v = 0;
	bool over = false;

	if (len == 0 || (base != 8 && base != 10 && base != 16))
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		unsigned d = num_digit((unsigned char)s[i]);

		if (d >= base)
			return -EINVAL;
		if (len <= safe)
			v = v * base + d;
		else
			over = over || __builtin_mul_overflow(v, base, &v) ||
			       __builtin_add_overflow(v, d, &v);
	}
	if (over || v > max)
		return -ERANGE;
	*ret = v;
	return 0;
}

/* Writes @v in decimal at @dst (room for 20 bytes), no NUL; returns the
 * length. */
size_t fmt_u64(char *dst, unsigned long long v);

/*
 * Parses the text of /proc/sys/net/ipv4/ip_local_port_range ("32768\t60999\n")
 * in @buf (@len bytes) into *ret_lo and *ret_hi (untouched on failure).
 * Returns 0, or -EINVAL when it is not two ports, low first.
 */
int num_parse_port_range(const char *buf, size_t len, uint16_t *ret_lo,
			   uint16_t *ret_hi);
