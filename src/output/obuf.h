/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A write buffer in front of a file descriptor. Output is formatted into
 * it directly and written in large blocks; the first write error sticks,
 * later output is dropped, and the caller learns it from obuf_error().
 */

#include <stddef.h>
#include <string.h>

#include "util/num.h" /* fmt_u64(), for the formatters */

#define OBUF_SIZE (64 * 1024)

struct obuf {
	int fd;
	int err; /* first negative errno from write(2), sticky */
	size_t len;
	char buf[OBUF_SIZE];
};

/* Prepares @o to write to @fd. @o is caller-owned (it is large: heap). */
void obuf_init(struct obuf *o, int fd);

/* Writes what is buffered. Returns 0 or the sticky negative errno. */
int obuf_flush(struct obuf *o);

/* The sticky error: 0, or a negative errno (-EPIPE: reader went away). */
static inline int obuf_error(const struct obuf *o)
{
	return o->err;
}

/*
 * Returns room for @n contiguous bytes (@n <= OBUF_SIZE), flushing first
 * if needed; follow with obuf_commit() of what was used. After an error
 * the room is scratch space that is never written out.
 */
char *obuf_reserve(struct obuf *o, size_t n);

static inline void obuf_commit(struct obuf *o, size_t n)
{
	o->len += n;
}

/* Appends @n bytes of @p, in pieces if larger than the buffer. */
void obuf_put(struct obuf *o, const void *p, size_t n);

static inline void obuf_puts(struct obuf *o, const char *s)
{
	obuf_put(o, s, strlen(s));
}

static inline void obuf_putc(struct obuf *o, char c)
{
	*obuf_reserve(o, 1) = c;
	obuf_commit(o, 1);
}

/* Appends @n spaces. */
void obuf_pad(struct obuf *o, size_t n);

/* Appends @v in decimal. */
void obuf_put_u64(struct obuf *o, unsigned long long v);
