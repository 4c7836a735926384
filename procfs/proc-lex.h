/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Field readers shared by the /proc/net parsers. Inline because they run
 * a dozen times per line and a /proc/net/tcp can hold 100k+ lines; the
 * numbers go through util/num.h's inline digit loop, the rules every
 * number sockscope reads follows. Every
 * reader takes a whole token and says whether all of it is valid: a token
 * with one stray byte is a malformed line, never a shorter number.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/num.h"

/* The rest of a line, split on ' ' only: the kernel pads with spaces and
 * never writes a tab, so any other byte belongs to a token. */
struct lex {
	const char *p, *end;
};

/* Moves to the next token; returns false at the end of the line. */
static inline bool lex_next(struct lex *l, const char **ret_tok,
			    size_t *ret_len)
{
	const char *p = l->p, *s;

	while (p < l->end && *p == ' ')
		p++;
	if (p == l->end) {
		l->p = p;
		return false;
	}
	s = p;
	while (p < l->end && *p != ' ')
		p++;
	*ret_tok = s;
	*ret_len = (size_t)(p - s);
	l->p = p;
	return true;
}

/* Whether only spaces are left; consumes nothing. */
static inline bool lex_done(const struct lex *l)
{
	const char *p = l->p;

	while (p < l->end && *p == ' ')
		p++;
	return p == l->end;
}

/* Exactly @digits (1-8) hex digits, as "%0<digits>X" prints them. */
static inline bool lex_hex32(const char *s, size_t n, size_t digits,
			     uint32_t *ret)
{
	uint64_t v;

	if (n != digits || num_parse_base(s, n, 16, UINT32_MAX, &v) < 0)
		return false;
	*ret = (uint32_t)v;
	return true;
}

/* @min to @max hex digits, value not needed (kernel pointers, timers):
 * one too large for 64 bits is still well-formed. */
static inline bool lex_hex_span(const char *s, size_t n, size_t min,
				size_t max)
{
	uint64_t v;

	if (n < min || n > max)
		return false;
	return n == 0 || num_parse_base(s, n, 16, UINT64_MAX, &v) != -EINVAL;
}

/* An unsigned decimal ("%u", "%lu", "%llu") no larger than @max. The
 * kernel prints at most 20 digits: a longer token is malformed even if
 * its value, after leading zeros, would fit. */
static inline bool lex_dec(const char *s, size_t n, uint64_t max,
			   uint64_t *ret)
{
	return n <= 20 && num_parse_base(s, n, 10, max, ret) == 0;
}

static inline bool lex_u32(const char *s, size_t n, uint32_t *ret)
{
	uint64_t v;

	if (!lex_dec(s, n, UINT32_MAX, &v))
		return false;
	*ret = (uint32_t)v;
	return true;
}

/* A "%d" we do not keep: an optional '-' and a decimal that fits int. */
static inline bool lex_int_valid(const char *s, size_t n)
{
	uint64_t v;

	if (n > 0 && s[0] == '-')
		return lex_dec(s + 1, n - 1, (uint64_t)INT32_MAX + 1, &v);
	return lex_dec(s, n, INT32_MAX, &v);
}

/* A "%lu"/"%llu" we do not keep. */
static inline bool lex_ulong_valid(const char *s, size_t n)
{
	uint64_t v;

	return lex_dec(s, n, UINT64_MAX, &v);
}

/* A kernel pointer ("%pK", "%p"): hashed or zeroed, 8 hex digits on a
 * 32-bit kernel and 16 on a 64-bit one. */
static inline bool lex_pointer_valid(const char *s, size_t n)
{
	return (n == 8 || n == 16) && lex_hex_span(s, n, n, n);
}
