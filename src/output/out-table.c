// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "owners/owners.h"

/*
 * The ss-like table, laid out by ss's rules so that the bytes are ss's
 * (trailing blanks aside).
 *
 * ss writes each cell as a token (a 16-bit length, the text, padded to an
 * even size) into 1 MiB chunks and prints the chunks it holds once a line
 * ends with five or more of them; every column is then as wide as the
 * widest cell seen since the start (the titles included unless -H), plus
 * one blank before it. So ss lines up every row of up to about 5 MiB of
 * cells, and later rows never narrow. This file keeps the same rows as
 * compact records and plays ss's chunk accounting over their sizes to
 * print at exactly the rows ss prints at: the columns are ss's whatever
 * the population, and what is held is bounded as ss's is.
 */

enum col {
	COL_NETID,
	COL_STATE,
	COL_RECVQ,
	COL_SENDQ,
	COL_LHOST, /* with its separator, as ss's "Local Address:" */
	COL_LPORT,
	COL_PHOST,
	COL_PPORT,
	COL_EXT, /* " users:(...)" (-p) and the -e -o -m -i text */
	_COL_MAX,
};

/* ss's titles; "Process" only printed with -p (ss prints it always). */
static const char *const col_titles[_COL_MAX] = {
	[COL_NETID] = "Netid",
	[COL_STATE] = "State",
	[COL_RECVQ] = "Recv-Q",
	[COL_SENDQ] = "Send-Q",
	[COL_LHOST] = "Local Address:",
	[COL_LPORT] = "Port",
	[COL_PHOST] = "Peer Address:",
	[COL_PPORT] = "Port",
	[COL_EXT] = "Process",
};

/* Host columns are right-aligned against their separator. */
static const bool col_right[_COL_MAX] = {
	[COL_LHOST] = true,
	[COL_PHOST] = true,
};

/* What ss prints before a cell that is not the first on its line. */
static const unsigned char col_ldelim[_COL_MAX] = {
	[COL_STATE] = 1, [COL_RECVQ] = 1, [COL_SENDQ] = 1,
	[COL_LHOST] = 1, [COL_PHOST] = 1,
};

/* ss prints the queues as "%-6d": a cell is never narrower than 6. */
#define QUEUE_MIN 6

/* ss's buffer: chunk size less its two-pointer head, and the number of
 * chunks that makes it print at the end of a line. */
#define SS_CHUNK_ROOM ((1 << 20) - 2 * (int)sizeof(void *))
#define SS_CHUNKS_MAX 5

#define NO_NEWLINE UINT16_MAX

/* One held row: the cells' lengths, then their bytes in column order. */
struct rec_head {
	uint16_t len[_COL_MAX];
	uint16_t nl; /* offset in the EXT cell of its "\n\t", or NO_NEWLINE */
};

/* Where ss's buffer would stand, as offsets in its current chunk. */
struct ss_sim {
	int chunks;
	int cur; /* the token being written */
	int end; /* end of the written bytes */
};

struct table {
	char *store; /* struct rec_head + bytes, one after the other */
	size_t store_len, store_cap;
	size_t max_len[_COL_MAX]; /* widest cell so far, as ss's max_len */
	bool show[_COL_MAX];
	bool show_procs;
	bool header_pending;
	bool detail; /* any of -e -o -m -i */
	struct ss_sim sim;
};

static void sim_chunk(struct ss_sim *s)
{
	s->chunks++;
	s->cur = 0;
	s->end = 2;
}

/* A token of @len bytes written into ss's buffer, then ended. */
static void sim_token(struct ss_sim *s, size_t len)
{
	int l = len > UINT16_MAX ? UINT16_MAX : (int)len;

	if (s->chunks == 0)
		sim_chunk(s);
	/* A token that does not fit moves whole to a new chunk (unless it
	 * starts its chunk). A cell ss writes in several pieces ends the
	 * same way: the room only shrinks as it is written. */
	if (l > 0 && !(l < SS_CHUNK_ROOM - s->end || s->cur == 0)) {
		sim_chunk(s);
		s->end += l;
	} else if (l > 0) {
		s->end += l;
	}
	/* Ending it: the next length field goes at an even offset, in a
	 * new chunk if it does not fit. */
	if (SS_CHUNK_ROOM - s->end - l % 2 < 2) {
		sim_chunk(s);
	} else {
		s->cur = s->end + l % 2;
		s->end = s->cur + 2;
	}
}

/* One line of cells of @len through ss's buffer; true when ss prints
 * what it holds at the end of it. */
static bool sim_line(struct table *t, const size_t *len)
{
	for (int c = 0; c < _COL_MAX; c++)
		if (t->show[c])
			sim_token(&t->sim, len[c]);
	if (t->sim.chunks >= SS_CHUNKS_MAX) {
		/* ss prints and frees its chunks; the last column's empty
		 * token is never ended. */
		t->sim.chunks = 0;
		return true;
	}
	sim_token(&t->sim, 0); /* ss's last, always empty column */
	return false;
}

static void note_widths(struct table *t, const size_t *len)
{
	for (int c = 0; c < _COL_MAX; c++)
		if (t->show[c] && len[c] > t->max_len[c])
			t->max_len[c] = len[c] > UINT16_MAX ? UINT16_MAX : len[c];
}

static int table_begin(struct out *o)
{
	struct table *t = o->state;
	const struct sock_query *q = &o->opts->query;
	uint32_t states = 0;

	/* As ss: Netid only when several tables are shown, State only when
	 * more than one state can appear. */
	for (unsigned n = 0; n < _SOCK_NETID_MAX; n++)
		if (query_has_netid(q, n))
			states |= query_states(q, n);
	for (int c = 0; c < _COL_MAX; c++)
		t->show[c] = true;
	t->show[COL_NETID] = query_count_netids(q) > 1;
	t->show[COL_STATE] = (states & (states - 1)) != 0;
	t->show_procs = o->owners != NULL;
	t->detail = options_detail(o->opts) != 0;
	if (!o->opts->no_header) {
		size_t len[_COL_MAX];

		for (int c = 0; c < _COL_MAX; c++)
			len[c] = strlen(col_titles[c]);
		note_widths(t, len);
		t->header_pending = true;
		/* ss writes the titles into its buffer like any line. */
		(void)sim_line(t, len);
	}
	return 0;
}

/* Width of column @c as ss computes it without a terminal: the widest
 * cell, plus the blank before it unless it is the first column shown. */
static size_t col_width(const struct table *t, int c, bool first)
{
	if (!first && t->max_len[c])
		return t->max_len[c] + col_ldelim[c];
	return t->max_len[c];
}

/* Writes one line of @cell/@len at the obuf, laid out as ss lays it out;
 * blanks at the end of the line, and before the EXT cell's newline at
 * @nl, are left out. */
static void put_line(struct out *o, const struct table *t,
		     const char *const *cell, const size_t *len, size_t nl)
{
	size_t room = 2, n = 0;
	bool first = true;
	int lead = COL_NETID;
	char *dst;

	while (!t->show[lead])
		lead++;

	for (int c = 0; c < _COL_MAX; c++)
		room += col_width(t, c, false) + len[c];
	dst = obuf_reserve(&o->ob, room);
	for (int c = 0; c < _COL_MAX; c++) {
		size_t width, used, fill;

		if (!t->show[c])
			continue;
		width = col_width(t, c, c == lead);
		used = first ? 0 : col_ldelim[c];
		if (used)
			dst[n++] = ' ';
		first = false;
		fill = width > used + len[c] ? width - used - len[c] : 0;
		if (col_right[c]) {
			memset(dst + n, ' ', fill);
			n += fill;
		}
		if (c == COL_EXT && nl != NO_NEWLINE) {
			memcpy(dst + n, cell[c], nl);
			n += nl;
			while (n > 0 && dst[n - 1] == ' ')
				n--;
			memcpy(dst + n, cell[c] + nl, len[c] - nl);
			n += len[c] - nl;
		} else {
			memcpy(dst + n, cell[c], len[c]);
			n += len[c];
		}
		if (!col_right[c] && c != COL_EXT) {
			memset(dst + n, ' ', fill);
			n += fill;
		}
	}
	while (n > 0 && dst[n - 1] == ' ')
		n--;
	dst[n++] = '\n';
	obuf_commit(&o->ob, n);
}

/* Prints the held rows (and the titles, first) at the widths so far. */
static void render(struct out *o, struct table *t)
{
	const char *cell[_COL_MAX];
	size_t len[_COL_MAX];

	if (t->header_pending) {
		for (int c = 0; c < _COL_MAX; c++) {
			cell[c] = col_titles[c];
			len[c] = strlen(col_titles[c]);
		}
		if (!t->show_procs)
			len[COL_EXT] = 0;
		put_line(o, t, cell, len, NO_NEWLINE);
		t->header_pending = false;
	}
	for (size_t off = 0; off < t->store_len;) {
		struct rec_head h;

		memcpy(&h, t->store + off, sizeof(h));
		off += sizeof(h);
		for (int c = 0; c < _COL_MAX; c++) {
			cell[c] = t->store + off;
			len[c] = h.len[c];
			off += h.len[c];
		}
		put_line(o, t, cell, len, h.nl);
	}
	t->store_len = 0;
}

static int reserve(struct table *t, size_t n)
{
	if (t->store_cap - t->store_len < n) {
		size_t cap = t->store_cap ? t->store_cap : 64 * 1024;
		char *store;

		while (cap - t->store_len < n)
			cap *= 2;
		store = realloc(t->store, cap);
		if (!store)
			return -ENOMEM;
		t->store = store;
		t->store_cap = cap;
	}
	return 0;
}

/* Largest record of one row. */
#define REC_MAX                                                                \
	(sizeof(struct rec_head) + 16 + 16 + 10 + 10 +                         \
	 (OUT_HOST_MAX + 1 + OUT_PORT_MAX) * 2 + 1)

static int table_sock(struct out *o, const struct sock_rec *rec)
{
	struct table *t = o->state;
	struct rec_head h;
	size_t len[_COL_MAX], start;
	char *p, *row;
	int r;

	r = reserve(t, REC_MAX + (t->show_procs ? OWNERS_USERS_MAX : 0) +
			       (t->detail ? OUT_DETAIL_MAX + 2 : 0));
	if (r < 0)
		return r;
	start = t->store_len;
	row = t->store + start + sizeof(h);
	p = row;

	p = stpcpy(p, sock_netid_name(rec->netid));
	h.len[COL_NETID] = (uint16_t)(p - row);
	row = p;
	p = stpcpy(p, sock_state_label(rec->state));
	h.len[COL_STATE] = (uint16_t)(p - row);
	row = p;
	h.len[COL_RECVQ] = (uint16_t)fmt_u64(p, rec->recv_q);
	p += h.len[COL_RECVQ];
	h.len[COL_SENDQ] = (uint16_t)fmt_u64(p, rec->send_q);
	p += h.len[COL_SENDQ];
	for (int local = 1; local >= 0; local--) {
		int hc = local ? COL_LHOST : COL_PHOST;
		size_t hlen, plen;
		char port[OUT_PORT_MAX];
		char sep = out_fmt_endpoint(o, rec, local, p, &hlen, port,
					    &plen);

		if (sep)
			p[hlen++] = sep;
		memcpy(p + hlen, port, plen);
		h.len[hc] = (uint16_t)hlen;
		h.len[hc + 1] = (uint16_t)plen;
		p += hlen + plen;
	}

	/* EXT, as ss writes it: " users:(...)", then the details, the
	 * continuation line's after a newline and a tab unless -O. */
	row = p;
	h.nl = NO_NEWLINE;
	if (t->show_procs) {
		size_t nown, n;
		const struct owners_entry *v =
			owners_lookup(o->owners, rec->inode, &nown);

		*p = ' ';
		n = owners_fmt_users(o->owners, v, nown, p + 1);
		if (n)
			p += 1 + n;
	}
	if (t->detail) {
		struct out_detail d;
		char *dt = p;

		out_detail_table(o, rec, dt, &d);
		if (d.cont && !o->opts->oneline) {
			memmove(dt + d.len1 + 2, dt + d.len1, d.len2);
			dt[d.len1] = '\n';
			dt[d.len1 + 1] = '\t';
			h.nl = (uint16_t)(dt + d.len1 - row);
			p += 2;
		}
		p += d.len1 + (d.cont ? d.len2 : 0);
	}
	h.len[COL_EXT] = (uint16_t)(p - row);
	memcpy(t->store + start, &h, sizeof(h));
	t->store_len = (size_t)(p - t->store);

	for (int c = 0; c < _COL_MAX; c++)
		len[c] = h.len[c];
	for (int c = COL_RECVQ; c <= COL_SENDQ; c++)
		if (len[c] < QUEUE_MIN)
			len[c] = QUEUE_MIN;
	note_widths(t, len);
	if (sim_line(t, len))
		render(o, t);
	return 0;
}

static int table_end(struct out *o)
{
	render(o, o->state);
	return 0;
}

static void table_done(struct out *o)
{
	struct table *t = o->state;

	free(t->store);
}

const struct out_ops out_table_ops = {
	.state_size = sizeof(struct table),
	.begin = table_begin,
	.sock = table_sock,
	.end = table_end,
	.done = table_done,
	.flush = table_end, /* prints the held rows; more may follow */
};
