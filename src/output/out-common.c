// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>

#include "out-keys.h"
#include "out-sort.h"
#include "out.h"

/* The entry points: out_new() picks the format, the others run its ops
 * and report the sticky write error. */

int out_new(const struct options *opts, struct names *names, int fd,
	    struct out **ret)
{
	const struct out_ops *ops = opts->count_by ? &out_count_ops
				    : opts->format == OUT_FORMAT_JSON ? &out_json_ops
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
	if (opts->sort) {
		int r = out_sort_new(opts, names, &o->sort);

		if (r < 0) {
			free(o->state);
			free(o);
			return r;
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
	out_sort_free(o->sort);
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
	if (o->sort)
		return out_sort_add(o->sort, rec, o->origin);
	return status(o, o->ops->sock(o, rec));
}

int out_warning(struct out *o, const struct sock_warning *w)
{
	return status(o, o->ops->warning ? o->ops->warning(o, w) : 0);
}

/* A held socket, handed to the format: a write error stops the rest. */
static int play_sock(struct out *o, const struct sock_rec *rec)
{
	return status(o, o->ops->sock(o, rec));
}

int out_end(struct out *o)
{
	int r = o->sort ? out_sort_play(o->sort, o, play_sock) : 0;

	if (r >= 0 && o->ops->end)
		r = o->ops->end(o);
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

int out_options_check(const struct options *opts, char *errbuf,
		      size_t errlen)
{
	struct out_keys keys;

	if (opts->sort && out_keys_parse("--sort", opts->sort, true,
					 opts->processes, &keys, errbuf,
					 errlen) < 0)
		return -EINVAL;
	if (opts->count_by && out_keys_parse("--count-by", opts->count_by,
					     false, opts->processes, &keys,
					     errbuf, errlen) < 0)
		return -EINVAL;
	if (opts->columns)
		return out_table_columns_check(opts, errbuf, errlen);
	return 0;
}
