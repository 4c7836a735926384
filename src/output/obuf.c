// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <unistd.h>

#include "obuf.h"

void obuf_init(struct obuf *o, int fd)
{
	o->fd = fd;
	o->err = 0;
	o->len = 0;
}

int obuf_flush(struct obuf *o)
{
	size_t done = 0;

	while (!o->err && done < o->len) {
		ssize_t n = write(o->fd, o->buf + done, o->len - done);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			o->err = -errno;
		} else {
			done += (size_t)n;
		}
	}
	o->len = 0;
	return o->err;
}

char *obuf_reserve(struct obuf *o, size_t n)
{
	if (OBUF_SIZE - o->len < n)
		obuf_flush(o);
	return o->buf + o->len;
}

void obuf_put(struct obuf *o, const void *p, size_t n)
{
	const char *s = p;

	while (n > 0) {
		size_t chunk = n < OBUF_SIZE ? n : OBUF_SIZE;
		memcpy(obuf_reserve(o, chunk), s, chunk);
		obuf_commit(o, chunk);
		s += chunk;
		n -= chunk;
	}
}

void obuf_pad(struct obuf *o, size_t n)
{
	while (n > 0) {
		size_t chunk = n < 256 ? n : 256;
		memset(obuf_reserve(o, chunk), ' ', chunk);
		obuf_commit(o, chunk);
		n -= chunk;
	}
}

void obuf_put_u64(struct obuf *o, unsigned long long v)
{
	obuf_commit(o, fmt_u64(obuf_reserve(o, 20), v));
}
