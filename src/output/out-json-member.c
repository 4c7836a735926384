// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>

#include "out-json.h"
#include "out.h"

/*
 * The JSON member writers: commas, --pretty's indentation, keys, and the
 * values every part of a socket object is made of. out-json.c and
 * out-json-detail.c both write through these; neither is called from here.
 */

static bool pretty(const struct out *o)
{
	return o->opts->pretty;
}

static void newline_indent(struct out *o, int depth)
{
	obuf_putc(&o->ob, '\n');
	obuf_pad(&o->ob, (size_t)depth * 2);
}

void out_json_member(struct out *o, const char *key)
{
	struct json *j = o->state;

	if (!j->first)
		obuf_putc(&o->ob, ',');
	j->first = false;
	if (pretty(o))
		newline_indent(o, j->depth);
	if (key) {
		obuf_putc(&o->ob, '"');
		obuf_puts(&o->ob, key);
		obuf_puts(&o->ob, pretty(o) ? "\": " : "\":");
	}
}

void out_json_begin(struct out *o, char c)
{
	struct json *j = o->state;

	obuf_putc(&o->ob, c);
	j->depth++;
	j->first = true;
}

void out_json_close(struct out *o, char c)
{
	struct json *j = o->state;

	j->depth--;
	if (pretty(o) && !j->first)
		newline_indent(o, j->depth);
	obuf_putc(&o->ob, c);
	j->first = false;
}

void out_json_u64(struct out *o, const char *key, unsigned long long v)
{
	out_json_member(o, key);
	obuf_put_u64(&o->ob, v);
}

void out_json_str(struct out *o, const char *key, const char *s)
{
	out_json_member(o, key);
	json_put_string(&o->ob, s, strlen(s));
}

void out_json_name(struct out *o, const char *key, const char *s,
		   size_t len)
{
	out_json_member(o, key);
	json_put_string(&o->ob, s, len);
	/* A name the kernel or a user chose need not be UTF-8: then
	 * "<key>_hex" carries its exact bytes next to the lossy text. */
	if (!utf8_valid(s, len)) {
		char hexkey[64];
		snprintf(hexkey, sizeof(hexkey), "%s_hex", key);
		out_json_member(o, hexkey);
		json_put_hex(&o->ob, s, len);
	}
}

void out_json_bool(struct out *o, const char *key, bool v)
{
	out_json_member(o, key);
	obuf_puts(&o->ob, v ? "true" : "false");
}

void out_json_open(struct out *o, const char *key, char c)
{
	out_json_member(o, key);
	out_json_begin(o, c);
}
