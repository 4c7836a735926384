// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out-color.h"
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
	COL_NETNS,     /* --all-netns only */
	COL_CONTAINER, /* --all-netns only */
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
	[COL_NETNS] = "Netns",
	[COL_CONTAINER] = "Container",
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
	[COL_CONTAINER] = 1, [COL_NETID] = 1, /* after Netns, Container */
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
	/* Records one after the other: REC_TEXT, a struct rec_head and the
	 * cells' bytes; or REC_INET and the fields its cells are made of. */
	char *store;
	size_t store_len, store_cap;
	size_t max_len[_COL_MAX]; /* widest cell so far, as ss's max_len */
	bool show[_COL_MAX];
	bool show_procs;
	bool header_pending;
	bool detail; /* any of -e -o -m -i */
	bool compact; /* inet rows held as their fields, not their text */
	struct ss_sim sim;
	char *scratch; /* one row's cells, REC_ROOM bytes */
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
	t->show[COL_NETNS] = t->show[COL_CONTAINER] = o->opts->all_netns;
	t->show_procs = names_has_owners(o->names);
	t->detail = options_detail(o->opts) != 0;
	/* A compact row is formatted again when printed: with --all-netns
	 * its namespace would be the one being dumped then. */
	t->compact = !t->show_procs && !t->detail && !o->opts->resolve &&
		     !o->opts->all_netns;
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

/* --color: the sequence cell @c of a line starts with, or NULL. */
static const char *cell_color(const struct out *o, int c,
			      const char *const *cell, const size_t *len)
{
	if (!o->opts->color)
		return NULL;
	if (c == COL_STATE)
		return out_color_state(cell[c], len[c]);
	if ((c == COL_LHOST || c == COL_LPORT) &&
	    out_color_is_listener(cell[COL_STATE], len[COL_STATE]))
		return OUT_COLOR_LISTENER;
	return NULL;
}

/* Writes one line of @cell/@len at the obuf, laid out as ss lays it out,
 * after --watch's @mark; blanks at the end of the line, and before the
 * EXT cell's newline at @nl, are left out. */
static void put_line(struct out *o, const struct table *t,
		     const char *const *cell, const size_t *len, size_t nl,
		     char mark)
{
	size_t room = 2 + 2 + (_COL_MAX + 1) * OUT_COLOR_MAX, n = 0;
	bool first = true;
	int lead = 0;
	char *dst;

	while (!t->show[lead])
		lead++;

	for (int c = 0; c < _COL_MAX; c++)
		room += col_width(t, c, false) + len[c];
	dst = obuf_reserve(&o->ob, room);
	if (o->marked) {
		const char *sgr = o->opts->color ? out_color_mark(mark) : NULL;

		n = (size_t)sprintf(dst, "%s%c%s ", sgr ? sgr : "", mark,
				    sgr ? OUT_COLOR_RESET : "");
	}
	for (int c = 0; c < _COL_MAX; c++) {
		size_t width, used, fill;
		const char *sgr = cell_color(o, c, cell, len);

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
		if (sgr)
			n += (size_t)sprintf(dst + n, "%s", sgr);
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
		if (sgr)
			n += (size_t)sprintf(dst + n, OUT_COLOR_RESET);
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

/* Netns and Container cells: names cut to this many bytes before
 * escaping. */
#define ORIGIN_CELL_MAX 64

/* Largest text of one row's cells (without -p and details). */
#define ROW_MAX (16 + 16 + 10 + 10 + (OUT_HOST_MAX + 1 + OUT_PORT_MAX) * 2 + \
		 2 * ESC_TABLE_MAX(ORIGIN_CELL_MAX))

/* Netns: the `ip netns` name, else the inode. Container: the name, else
 * the id's first 12 digits, as runtimes print it; "-" when none. */
static size_t origin_cell(const struct sock_origin *g, bool container,
			  char *dst)
{
	const char *s;
	size_t len;

	if (!g)
		return (size_t)(stpcpy(dst, "-") - dst);
	if (!container && !g->netns_name)
		return fmt_u64(dst, g->netns_inode);
	s = !container ? g->netns_name : g->ctr_name ? g->ctr_name : g->ctr_id;
	if (!s)
		return (size_t)(stpcpy(dst, "-") - dst);
	len = strlen(s);
	if (container && !g->ctr_name && len > 12)
		len = 12;
	if (len > ORIGIN_CELL_MAX)
		len = ORIGIN_CELL_MAX;
	return esc_table(dst, s, len);
}

/* A queue as ss prints it, a C int: what the kernel computes as a
 * difference comes out negative past zero (a UDP socket's send queue as
 * it is destroyed: -1, not 4294967295). */
static size_t fmt_queue(char *dst, uint32_t v)
{
	if (v <= INT32_MAX)
		return fmt_u64(dst, v);
	dst[0] = '-';
	return 1 + fmt_u64(dst + 1, (uint64_t)UINT32_MAX + 1 - v);
}

/*
 * Writes the cells of @rec at @dst, one after the other, and their
 * lengths in @h, as ss writes its tokens: hosts with their separator,
 * the queues as numbers (ss pads them to QUEUE_MIN: see cell_lengths),
 * EXT as " users:(...)" (-p) and the details, the continuation line's
 * after a newline and a tab unless -O. Returns the bytes written.
 */
static size_t fmt_cells(struct out *o, const struct table *t,
			const struct sock_rec *rec, char *dst,
			struct rec_head *h)
{
	char *p = dst, *cell = dst;

	h->len[COL_NETNS] = h->len[COL_CONTAINER] = 0;
	if (t->show[COL_NETNS]) {
		h->len[COL_NETNS] = (uint16_t)origin_cell(o->origin, false, p);
		p += h->len[COL_NETNS];
		h->len[COL_CONTAINER] =
			(uint16_t)origin_cell(o->origin, true, p);
		p += h->len[COL_CONTAINER];
		cell = p;
	}
	p = stpcpy(p, sock_netid_name(rec->netid));
	h->len[COL_NETID] = (uint16_t)(p - cell);
	cell = p;
	p = stpcpy(p, sock_state_label(rec->state));
	h->len[COL_STATE] = (uint16_t)(p - cell);
	h->len[COL_RECVQ] = (uint16_t)fmt_queue(p, rec->recv_q);
	p += h->len[COL_RECVQ];
	h->len[COL_SENDQ] = (uint16_t)fmt_queue(p, rec->send_q);
	p += h->len[COL_SENDQ];
	for (int local = 1; local >= 0; local--) {
		int hc = local ? COL_LHOST : COL_PHOST;
		size_t hlen, plen;
		char port[OUT_PORT_MAX];
		char sep = out_fmt_endpoint(o, rec, local, p, &hlen, port,
					    &plen);

		if (sep)
			p[hlen++] = sep;
		memcpy(p + hlen, port, plen);
		h->len[hc] = (uint16_t)hlen;
		h->len[hc + 1] = (uint16_t)plen;
		p += hlen + plen;
	}

	cell = p;
	h->nl = NO_NEWLINE;
	if (t->show_procs) {
		size_t nown, n;
		const struct owners_entry *v =
			names_owners(o->names, rec->inode, &nown);

		*p = ' ';
		n = out_fmt_users_units(o->names, v, nown,
					o->opts->all_netns, p + 1);
		if (n)
			p += 1 + n;
	}
	if (t->detail) {
		struct out_detail d;

		out_detail_table(o, rec, p, &d);
		if (d.cont && !o->opts->oneline) {
			memmove(p + d.len1 + 2, p + d.len1, d.len2);
			p[d.len1] = '\n';
			p[d.len1 + 1] = '\t';
			h->nl = (uint16_t)(p + d.len1 - cell);
			p += 2;
		}
		p += d.len1 + (d.cont ? d.len2 : 0);
	}
	h->len[COL_EXT] = (uint16_t)(p - cell);
	return (size_t)(p - dst);
}

/* Room fmt_cells() needs. */
static size_t cells_room(const struct table *t)
{
	return ROW_MAX + (t->show_procs ? 1 + OUT_USERS_MAX : 0) +
	       (t->detail ? OUT_DETAIL_MAX + 2 : 0);
}

/* A record's first byte: its kind, and above it --watch's mark. */
enum { REC_TEXT, REC_INET, REC_KIND = 0x0f, REC_MARK_SHIFT = 4 };
static const char rec_mark[16] = " +-~";

static char rec_kind(const struct out *o, int kind)
{
	const char *m = o->marked && o->mark ? strchr(rec_mark + 1, o->mark)
					     : NULL;

	return (char)(kind | (m ? (m - rec_mark) << REC_MARK_SHIFT : 0));
}

/* Flags of a REC_INET record: the fields that follow, when not 0. */
enum {
	INET_RECVQ = 1,
	INET_SENDQ = 2,
	INET_IFINDEX = 4,
};

/* Largest REC_INET record. */
#define INET_REC_MAX (6 + 2 * 2 + 3 * 4 + 2 * 16)

/*
 * A REC_INET record, for an inet row whose cells are made of nothing but
 * these fields (no -p, no details, no -r): kind, netid, state, family,
 * v6only, flags, the ports, the flagged numbers, the two addresses. About
 * 18 bytes for IPv4 where its text takes 50: ss holds 5 MiB of rows, and
 * the table must not hold more than ss does.
 */
static bool inet_compactable(const struct table *t, const struct sock_rec *rec)
{
	return t->compact &&
	       (rec->family == AF_INET || rec->family == AF_INET6) &&
	       (unsigned)rec->netid <= UINT8_MAX;
}

static size_t inet_put(char *dst, const struct sock_rec *rec)
{
	size_t alen = rec->family == AF_INET ? 4 : 16, n = 6;
	uint8_t flags = (rec->recv_q ? INET_RECVQ : 0) |
			(rec->send_q ? INET_SENDQ : 0) |
			(rec->ifindex ? INET_IFINDEX : 0);

	dst[0] = REC_INET;
	dst[1] = (char)rec->netid;
	dst[2] = (char)rec->state;
	dst[3] = rec->family == AF_INET ? 4 : 6;
	dst[4] = (char)rec->v6only;
	dst[5] = (char)flags;
	memcpy(dst + n, &rec->local_port, 2);
	memcpy(dst + n + 2, &rec->peer_port, 2);
	n += 4;
	if (flags & INET_RECVQ) {
		memcpy(dst + n, &rec->recv_q, 4);
		n += 4;
	}
	if (flags & INET_SENDQ) {
		memcpy(dst + n, &rec->send_q, 4);
		n += 4;
	}
	if (flags & INET_IFINDEX) {
		memcpy(dst + n, &rec->ifindex, 4);
		n += 4;
	}
	memcpy(dst + n, rec->local_addr, alen);
	memcpy(dst + n + alen, rec->peer_addr, alen);
	return n + 2 * alen;
}

/* Rebuilds in @rec (zeroed) the fields of the REC_INET record at @src;
 * returns its size. */
static size_t inet_get(const char *src, struct sock_rec *rec)
{
	uint8_t flags = (uint8_t)src[5];
	size_t alen, n = 6;

	rec->netid = (enum sock_netid)(uint8_t)src[1];
	rec->state = (uint8_t)src[2];
	rec->family = src[3] == 4 ? AF_INET : AF_INET6;
	rec->v6only = (int8_t)src[4];
	alen = rec->family == AF_INET ? 4 : 16;
	memcpy(&rec->local_port, src + n, 2);
	memcpy(&rec->peer_port, src + n + 2, 2);
	n += 4;
	if (flags & INET_RECVQ) {
		memcpy(&rec->recv_q, src + n, 4);
		n += 4;
	}
	if (flags & INET_SENDQ) {
		memcpy(&rec->send_q, src + n, 4);
		n += 4;
	}
	if (flags & INET_IFINDEX) {
		memcpy(&rec->ifindex, src + n, 4);
		n += 4;
	}
	memcpy(rec->local_addr, src + n, alen);
	memcpy(rec->peer_addr, src + n + alen, alen);
	return n + 2 * alen;
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
		put_line(o, t, cell, len, NO_NEWLINE, ' ');
		t->header_pending = false;
	}
	for (size_t off = 0; off < t->store_len;) {
		struct rec_head h;
		const char *text;
		char mark = rec_mark[(uint8_t)t->store[off] >> REC_MARK_SHIFT];

		if ((t->store[off] & REC_KIND) == REC_INET) {
			struct sock_rec rec = {0};

			off += inet_get(t->store + off, &rec);
			fmt_cells(o, t, &rec, t->scratch, &h);
			text = t->scratch;
		} else {
			memcpy(&h, t->store + off + 1, sizeof(h));
			off += 1 + sizeof(h);
			text = t->store + off;
			for (int c = 0; c < _COL_MAX; c++)
				off += h.len[c];
		}
		for (int c = 0; c < _COL_MAX; c++) {
			cell[c] = text;
			len[c] = h.len[c];
			text += h.len[c];
		}
		put_line(o, t, cell, len, h.nl, mark);
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

static int table_sock(struct out *o, const struct sock_rec *rec)
{
	struct table *t = o->state;
	struct rec_head h;
	size_t len[_COL_MAX], n;
	int r;

	if (!t->scratch) {
		t->scratch = malloc(cells_room(t));
		if (!t->scratch)
			return -ENOMEM;
	}
	n = fmt_cells(o, t, rec, t->scratch, &h);
	if (inet_compactable(t, rec)) {
		r = reserve(t, INET_REC_MAX);
		if (r < 0)
			return r;
		n = inet_put(t->store + t->store_len, rec);
		t->store[t->store_len] = rec_kind(o, REC_INET);
		t->store_len += n;
	} else {
		r = reserve(t, 1 + sizeof(h) + n);
		if (r < 0)
			return r;
		t->store[t->store_len] = rec_kind(o, REC_TEXT);
		memcpy(t->store + t->store_len + 1, &h, sizeof(h));
		memcpy(t->store + t->store_len + 1 + sizeof(h), t->scratch, n);
		t->store_len += 1 + sizeof(h) + n;
	}

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
	free(t->scratch);
}

const struct out_ops out_table_ops = {
	.state_size = sizeof(struct table),
	.begin = table_begin,
	.sock = table_sock,
	.end = table_end,
	.done = table_done,
	.flush = table_end, /* prints the held rows; more may follow */
};
