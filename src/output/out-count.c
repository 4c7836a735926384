// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "jsonw.h"
#include "out-keys.h"
#include "out.h"
#include "util/hash.h"
#include "util/num.h"
#include "util/grow.h"

/*
 * --count-by: one row per distinct tuple of the keys' values, with how
 * many sockets have it, largest count first (ties in the order first
 * seen). A tuple is held as bytes, a group per distinct tuple: memory
 * grows with the distinct values, not the sockets.
 *
 * Tuple bytes, per key: a kind byte (enum of out_keyval), then for a
 * number 8 bytes, a string a 4-byte length and its bytes, an address
 * the family byte and 16 bytes.
 */

#define NO_GROUP UINT32_MAX

struct group {
	size_t off, len; /* the tuple in count->bytes */
	uint64_t count;
	uint32_t next; /* another group with the same hash */
};

/* A hash table slot: the tuple's hash (never 0), its first group. */
struct slot {
	uint64_t hash;
	uint32_t group;
};

struct count {
	struct out_keys keys;
	struct hash_table index;
	struct group *groups;
	size_t n, cap;
	char *bytes;
	size_t len, bcap;
	char *tuple; /* the socket being counted */
	size_t tlen, tcap;
};

static int tuple_put(struct count *c, const void *p, size_t len)
{
	if (grow_array((void **)&c->tuple, &c->tcap, c->tlen + len, 1, 256) < 0)
		return -ENOMEM;
	memcpy(c->tuple + c->tlen, p, len);
	c->tlen += len;
	return 0;
}

static int tuple_of(struct out *o, struct count *c, const struct sock_rec *rec)
{
	int r = 0;

	c->tlen = 0;
	for (size_t i = 0; i < c->keys.n && r >= 0; i++) {
		struct out_keyval v;
		uint8_t kind, addr[17] = {0};
		uint32_t len;

		out_key_value(o->names, rec, c->keys.key[i], &v);
		kind = (uint8_t)v.kind;
		r = tuple_put(c, &kind, 1);
		if (r < 0)
			break;
		switch (v.kind) {
		case KV_NUM:
			r = tuple_put(c, &v.num, 8);
			break;
		case KV_STR:
			len = (uint32_t)v.len;
			r = tuple_put(c, &len, 4);
			if (r >= 0)
				r = tuple_put(c, v.str, v.len);
			break;
		case KV_ADDR:
			addr[0] = (uint8_t)v.family;
			memcpy(addr + 1, v.addr, v.family == AF_INET ? 4 : 16);
			r = tuple_put(c, addr, sizeof(addr));
			break;
		case KV_NONE:
			break;
		}
	}
	return r;
}

static int count_begin(struct out *o)
{
	struct count *c = o->state;
	char err[256];

	c->index = HASH_TABLE_INIT(sizeof(uint64_t), sizeof(struct slot));
	return out_keys_parse("--count-by", o->opts->count_by, false,
			      o->opts->processes, &c->keys, err, sizeof(err));
}

static int count_sock(struct out *o, const struct sock_rec *rec)
{
	struct count *c = o->state;
	uint64_t h;
	struct slot *s;
	uint32_t g;
	int r = tuple_of(o, c, rec);

	if (r < 0)
		return r;
	h = hash_bytes(HASH_SEED, c->tuple, c->tlen) | 1;
	r = hash_table_insert(&c->index, &h, (void **)&s);
	if (r < 0)
		return r;
	if (r == 0) {
		for (g = s->group; g != NO_GROUP; g = c->groups[g].next)
			if (c->groups[g].len == c->tlen &&
			    memcmp(c->bytes + c->groups[g].off, c->tuple,
				   c->tlen) == 0) {
				c->groups[g].count++;
				return 0;
			}
	} else {
		s->group = NO_GROUP;
	}
	if (c->n >= NO_GROUP ||
	    grow_array((void **)&c->groups, &c->cap, c->n + 1,
		       sizeof(*c->groups), 256) < 0 ||
	    grow_array((void **)&c->bytes, &c->bcap, c->len + c->tlen, 1,
		       256) < 0)
		return -ENOMEM;
	memcpy(c->bytes + c->len, c->tuple, c->tlen);
	c->groups[c->n] = (struct group){
		.off = c->len, .len = c->tlen, .count = 1, .next = s->group};
	s->group = (uint32_t)c->n++;
	c->len += c->tlen;
	return 0;
}

/* Reads the next value of a tuple at *p into *v. */
static void tuple_get(const char **p, struct out_keyval *v)
{
	const char *s = *p;
	uint32_t len;

	*v = (struct out_keyval){.kind = (uint8_t)*s++};
	switch (v->kind) {
	case KV_NUM:
		memcpy(&v->num, s, 8);
		s += 8;
		break;
	case KV_STR:
		memcpy(&len, s, 4);
		v->str = s + 4;
		v->len = len;
		s += 4 + len;
		break;
	case KV_ADDR:
		v->family = (uint8_t)s[0];
		v->addr = (const uint8_t *)s + 1;
		s += 17;
		break;
	case KV_NONE:
		break;
	}
	*p = s;
}

static int by_count(const void *pa, const void *pb, void *arg)
{
	const struct count *c = arg;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	uint64_t ca = c->groups[a].count, cb = c->groups[b].count;

	if (ca != cb)
		return ca < cb ? 1 : -1;
	return (a > b) - (a < b); /* first seen first */
}

/* A value as the table shows it, at @dst (room for a comm, a path or an
 * address, escaped); absent is "-". Returns the length. */
#define CELL_MAX ESC_TABLE_MAX(256)
static size_t cell_text(const struct out_keyval *v, char *dst)
{
	switch (v->kind) {
	case KV_NUM:
		return fmt_u64(dst, v->num);
	case KV_STR:
		return esc_table(dst, v->str, v->len < 256 ? v->len : 256);
	case KV_ADDR:
		return out_fmt_addr(v->family, v->addr, dst);
	default:
		dst[0] = '-';
		return 1;
	}
}

static void put_row(struct out *o, const char (*cell)[CELL_MAX],
		    const size_t *len, const size_t *width, size_t ncol)
{
	for (size_t i = 0; i < ncol; i++) {
		bool last = i + 1 == ncol;

		if (i)
			obuf_putc(&o->ob, ' ');
		/* The count right-aligned, the values left. */
		if (last)
			obuf_pad(&o->ob, width[i] - len[i]);
		obuf_put(&o->ob, cell[i], len[i]);
		if (!last)
			obuf_pad(&o->ob, width[i] - len[i]);
	}
	obuf_putc(&o->ob, '\n');
}

static void print_table(struct out *o, struct count *c, const uint32_t *order)
{
	size_t ncol = c->keys.n + 1, width[OUT_KEYS_MAX + 1] = {0};
	size_t len[OUT_KEYS_MAX + 1];
	char cell[OUT_KEYS_MAX + 1][CELL_MAX];

	/* Two passes: the widths, then the rows. */
	for (int pass = 0; pass < 2; pass++) {
		if (!o->opts->no_header) {
			for (size_t i = 0; i < ncol; i++) {
				const char *t = i < c->keys.n
					? out_key_name(c->keys.key[i])
					: "count";

				len[i] = strlen(t);
				memcpy(cell[i], t, len[i]);
				if (len[i] > width[i])
					width[i] = len[i];
			}
			if (pass)
				put_row(o, cell, len, width, ncol);
		}
		for (size_t g = 0; g < c->n; g++) {
			const struct group *gr = &c->groups[order[g]];
			const char *p = c->bytes + gr->off;

			for (size_t i = 0; i < c->keys.n; i++) {
				struct out_keyval v;

				tuple_get(&p, &v);
				len[i] = cell_text(&v, cell[i]);
			}
			len[c->keys.n] = fmt_u64(cell[c->keys.n], gr->count);
			for (size_t i = 0; i < ncol; i++)
				if (len[i] > width[i])
					width[i] = len[i];
			if (pass)
				put_row(o, cell, len, width, ncol);
		}
	}
}

static void print_json(struct out *o, struct count *c, const uint32_t *order)
{
	struct jsonw w;

	jsonw_init(&w, &o->ob, o->opts->pretty);
	jsonw_open(&w, NULL, '{');
	jsonw_u64(&w, "schema_version", 1);
	jsonw_open(&w, "counts", '[');
	for (size_t g = 0; g < c->n; g++) {
		const struct group *gr = &c->groups[order[g]];
		const char *p = c->bytes + gr->off;

		jsonw_open(&w, NULL, '{');
		for (size_t i = 0; i < c->keys.n; i++) {
			const char *key = out_key_name(c->keys.key[i]);
			struct out_keyval v;
			char addr[64];

			tuple_get(&p, &v);
			if (v.kind == KV_NUM)
				jsonw_u64(&w, key, v.num);
			else if (v.kind == KV_STR)
				jsonw_strn(&w, key, v.str, v.len);
			else if (v.kind == KV_ADDR)
				jsonw_strn(&w, key, addr,
					   out_fmt_addr(v.family, v.addr,
							addr));
		}
		jsonw_u64(&w, "count", gr->count);
		jsonw_close(&w, '}');
	}
	jsonw_close(&w, ']');
	jsonw_close(&w, '}');
	obuf_putc(&o->ob, '\n');
}

static int count_end(struct out *o)
{
	struct count *c = o->state;
	uint32_t *order = malloc((c->n ? c->n : 1) * sizeof(*order));

	if (!order)
		return -ENOMEM;
	for (size_t i = 0; i < c->n; i++)
		order[i] = (uint32_t)i;
	qsort_r(order, c->n, sizeof(*order), by_count, c);
	if (o->opts->format == OUT_FORMAT_JSON)
		print_json(o, c, order);
	else
		print_table(o, c, order);
	free(order);
	return 0;
}

static void count_done(struct out *o)
{
	struct count *c = o->state;

	hash_table_done(&c->index);
	free(c->groups);
	free(c->bytes);
	free(c->tuple);
}

const struct out_ops out_count_ops = {
	.state_size = sizeof(struct count),
	.begin = count_begin,
	.sock = count_sock,
	.end = count_end,
	.done = count_done,
};
