// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>

#include "out.h"

/* The entry points: out_new() picks the format, the others run its ops
 * and report the sticky write error. */

int out_new(const struct options *opts, struct names *names, int fd,
	    struct out **ret)
{
	const struct out_ops *ops = opts->format == OUT_FORMAT_JSON ? &out_json_ops
				    : opts->format == OUT_FORMAT_NDJSON
					    ? &out_ndjson_ops
					    : &out_table_ops;
	struct out *o = calloc(1, sizeof(*o));

	if (!o)
		return -ENOMEM;
	o->ops = ops;
	o->opts = opts;
	o->names = names;
	obuf_init(&o->ob, fd);
	if (ops->state_size) {
		o->state = calloc(1, ops->state_size);
		if (!o->state) {
			free(o);
			return -ENOMEM;
		}
	}
	*ret = o;
	return 0;
}

void out_free(struct out *o)
{
	if (!o)
		return;
	if (o->state && o->ops->done)
		o->ops->done(o);
	free(o->state);
	free(o);
}

static int status(struct out *o, int r)
{
	return r < 0 ? r : obuf_error(&o->ob);
}

int out_begin(struct out *o)
{
	return status(o, o->ops->begin ? o->ops->begin(o) : 0);
}

int out_sock(struct out *o, const struct sock_rec *rec)
{
	return status(o, o->ops->sock(o, rec));
}

int out_warning(struct out *o, const struct sock_warning *w)
{
	return status(o, o->ops->warning ? o->ops->warning(o, w) : 0);
}

int out_end(struct out *o)
{
	int r = o->ops->end ? o->ops->end(o) : 0;

	if (r < 0)
		return r;
	return obuf_flush(&o->ob);
}

int out_flush(struct out *o)
{
	int r = o->ops->flush ? o->ops->flush(o) : 0;

	if (r < 0)
		return r;
	return obuf_flush(&o->ob);
}
