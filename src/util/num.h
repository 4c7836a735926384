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

/* Writes @v in decimal at @dst (room for 20 bytes), no NUL; returns the
 * length. */
size_t fmt_u64(char *dst, unsigned long long v);
