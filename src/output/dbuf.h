/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A bounded buffer for the table text of -e, -o, -m and -i (dbuf.c), and
 * the number formats ss uses there.
 */

#include <stdint.h>
#include <string.h>

#include "out.h"

/* A bounded buffer: what does not fit is cut, nothing overruns. */
struct dbuf {
	char *p;
	size_t len, cap;
};

static inline void dbuf_put(struct dbuf *b, const char *s, size_t n)
{
	if (n > b->cap - b->len)
		n = b->cap - b->len;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static inline void dbuf_str(struct dbuf *b, const char *s)
{
	dbuf_put(b, s, strlen(s));
}

static inline void dbuf_u64(struct dbuf *b, unsigned long long v)
{
	char tmp[24];

	dbuf_put(b, tmp, fmt_u64(tmp, v));
}

/* @name (" cwnd:") then @v in decimal: most of what the options print. */
static inline void dbuf_kv(struct dbuf *b, const char *name,
			   unsigned long long v)
{
	dbuf_str(b, name);
	dbuf_u64(b, v);
}

/* printf into @b, cut at 255 bytes. */
__attribute__((format(printf, 2, 3))) void dbuf_fmt(struct dbuf *b,
						    const char *fmt, ...);

/* @len bytes from outside (a cgroup path, a name the kernel sent),
 * escaped as the table escapes (esc_table()). */
void dbuf_esc(struct dbuf *b, const char *s, size_t len);

/* @v thousandths (microseconds as milliseconds) exactly as printf's "%g"
 * of v / 1000.0 writes them, as ss prints times. */
void dbuf_milli(struct dbuf *b, uint64_t v);

/* A rate of @bps bits per second as ss's sprint_bw() writes it, "bps"
 * after: raw with -n, else three significant digits and k/M/G/T. */
void dbuf_bw(struct out *o, struct dbuf *b, double bps);

/* Where ss starts a new line (a newline and a tab), or a blank with -O. */
void dbuf_break(struct out *o, struct dbuf *b);
