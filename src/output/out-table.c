// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out-color.h"
#include "out.h"
#include "owners/owners.h"
#include "recpack.h"

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

/* --columns: each column's JSON key and the title that names it (the
 * ports' titles say whose port; titles match in any case). */
static const char *const col_keys[_COL_MAX] = {
	[COL_NETNS] = "netns",
	[COL_CONTAINER] = "container",
	[COL_NETID] = "netid",
	[COL_STATE] = "state",
	[COL_RECVQ] = "recv_q",
	[COL_SENDQ] = "send_q",
	[COL_LHOST] = "local_address",
	[COL_LPORT] = "local_port",
	[COL_PHOST] = "peer_address",
	[COL_PPORT] = "peer_port",
	[COL_EXT] = "processes",
};
/* A column's title when its port and host are not side by side, where
 * that differs from col_titles (titles apart from ss's). */
static const char *const col_apart[_COL_MAX] = {
	[COL_LHOST] = "Local Address",
	[COL_LPORT] = "Local Port",
	[COL_PHOST] = "Peer Address",
	[COL_PPORT] = "Peer Port",
};

/* The title --columns matches for column @c. */
static const char *col_name(int c)
{
	return col_apart[c] ? col_apart[c] : col_titles[c];
}

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
	int order[_COL_MAX]; /* the columns shown, in print order */
	const char *title[_COL_MAX];
	int ncols;
	bool show_procs;
	bool header_pending;
	bool detail; /* any of -e -o -m -i */
	bool compact; /* inet rows held as their fields, not their text */
	bool opts_columns; /* --columns chose the columns and their order */
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

/* The column --columns word @s (@len bytes) names, or -1. */
static int col_lookup(const char *s, size_t len)
{
	for (int c = 0; c < _COL_MAX; c++)
		if ((strlen(col_keys[c]) == len &&
		     strncmp(s, col_keys[c], len) == 0) ||
		    (strlen(col_name(c)) == len &&
		     strncasecmp(s, col_name(c), len) == 0))
			return c;
	return -1;
}

/* Parses --columns @list into @order (*ret_n columns); -EINVAL with a
 * message in @errbuf. */
static int columns_parse(const struct options *opts, int *order,
			 int *ret_n, char *errbuf, size_t errlen)
{
	const char *s = opts->columns;
	bool seen[_COL_MAX] = {0};
	int n = 0;

	for (;;) {
		size_t len = strcspn(s, ",");
		int c = col_lookup(s, len);

		if (c < 0) {
			char valid[512];
			size_t v = 0;

			for (int k = 0; k < _COL_MAX; k++)
				v += (size_t)snprintf(valid + v,
						      sizeof(valid) - v,
						      "%s%s (%s)", k ? ", " : "",
						      col_keys[k], col_name(k));
			snprintf(errbuf, errlen,
				 "--columns: unknown column '%.*s' (valid: %s)",
				 (int)len, s, valid);
			return -EINVAL;
		}
		if (seen[c]) {
			snprintf(errbuf, errlen,
				 "--columns: column '%.*s' named twice",
				 (int)len, s);
			return -EINVAL;
		}
		if ((c == COL_NETNS || c == COL_CONTAINER) &&
		    !opts->all_netns) {
			snprintf(errbuf, errlen,
				 "--columns: '%.*s' is known with --all-netns "
				 "only",
				 (int)len, s);
			return -EINVAL;
		}
		if (c == COL_EXT && !opts->processes && !options_detail(opts)) {
			snprintf(errbuf, errlen,
				 "--columns: column '%.*s' needs -p (or -e, "
				 "-o, -m, -i)",
				 (int)len, s);
			return -EINVAL;
		}
		seen[c] = true;
		order[n++] = c;
		if (!s[len])
			break;
		s += len + 1;
	}
	*ret_n = n;
	return 0;
}

int out_table_columns_check(const struct options *opts, char *errbuf,
			    size_t errlen)
{
	int order[_COL_MAX], n;

	return columns_parse(opts, order, &n, errbuf, errlen);
}

/* --columns: "Local Address:" and "Port" as ss when the port follows
 * its host; apart, "Local Address" and "Local Port". */
static void set_titles(struct table *t)
{
	for (int i = 0; i < t->ncols; i++) {
		int c = t->order[i];
		bool joined;

		if (c == COL_LHOST || c == COL_PHOST)
			joined = i + 1 < t->ncols && t->order[i + 1] == c + 1;
		else if (c == COL_LPORT || c == COL_PPORT)
			joined = i > 0 && t->order[i - 1] == c - 1;
		else
			continue;
		t->title[c] = joined ? col_titles[c] : col_apart[c];
	}
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
	t->ncols = _COL_MAX;
	for (int c = 0; c < _COL_MAX; c++)
		t->order[c] = c;
	for (int c = 0; c < _COL_MAX; c++)
		t->title[c] = col_titles[c];
	t->show[COL_NETNS] = t->show[COL_CONTAINER] = o->opts->all_netns;
	if (o->opts->columns) {
		char err[8];

		if (columns_parse(o->opts, t->order, &t->ncols, err,
				  sizeof(err)) < 0)
			return -EINVAL;
		t->opts_columns = true;
		for (int c = 0; c < _COL_MAX; c++)
			t->show[c] = false;
		for (int i = 0; i < t->ncols; i++)
			t->show[t->order[i]] = true;
		set_titles(t);
	}
	t->show_procs = names_has_owners(o->names);
	t->detail = options_detail(o->opts) != 0;
	/* A compact row is formatted again when printed: with --all-netns
	 * its namespace would be the one being dumped then. */
	t->compact = !t->show_procs && !t->detail && !o->opts->resolve &&
		     !o->opts->all_netns;
	if (!o->opts->no_header) {
		size_t len[_COL_MAX];

		for (int c = 0; c < _COL_MAX; c++)
			len[c] = strlen(t->title[c]);
		note_widths(t, len);
		t->header_pending = true;
		/* ss writes the titles into its buffer like any line. */
		(void)sim_line(t, len);
	}
	return 0;
}

/* The blank ss prints before the column at position @i of the line:
 * col_ldelim[]'s. Columns --columns moved have one each, but for a port
 * right after its host (the separator joins them); the process column's
 * own leading blank is then dropped (see put_line). */
static size_t col_delim(const struct table *t, int i)
{
	int c = t->order[i];

	if (!t->opts_columns)
		return col_ldelim[c];
	if (i == 0)
		return 0;
	if ((c == COL_LPORT || c == COL_PPORT) && t->order[i - 1] == c - 1)
		return 0;
	return 1;
}

/* Width of the column at position @i as ss computes it without a
 * terminal: the widest cell, plus the blank before it unless it is the
 * first column shown. */
static size_t col_width(const struct table *t, int i, bool first)
{
	int c = t->order[i];

	if (!first && t->max_len[c])
		return t->max_len[c] + col_delim(t, i);
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
	char *dst;

	for (int c = 0; c < _COL_MAX; c++)
		room += t->max_len[c] + 1 + len[c];
	dst = obuf_reserve(&o->ob, room);
	if (o->marked) {
		const char *sgr = o->opts->color ? out_color_mark(mark) : NULL;

		n = (size_t)sprintf(dst, "%s%c%s ", sgr ? sgr : "", mark,
				    sgr ? OUT_COLOR_RESET : "");
	}
	for (int i = 0; i < t->ncols; i++) {
		int c = t->order[i];
		const char *text = cell[c];
		size_t width, used, fill, tlen = len[c], tnl = nl;
		bool pad = !col_right[c] && c != COL_EXT;
		const char *sgr = cell_color(o, c, cell, len);

		if (!t->show[c])
			continue;
		if (t->opts_columns && c == COL_EXT) {
			/* Padded like any column, its blank the delimiter's. */
			pad = true;
			if (tlen && text[0] == ' ') {
				text++;
				tlen--;
				if (tnl != NO_NEWLINE)
					tnl--;
			}
		}
		width = col_width(t, i, first);
		used = first ? 0 : col_delim(t, i);
		if (used)
			dst[n++] = ' ';
		first = false;
		fill = width > used + tlen ? width - used - tlen : 0;
		if (col_right[c]) {
			memset(dst + n, ' ', fill);
			n += fill;
		}
		if (sgr)
			n += (size_t)sprintf(dst + n, "%s", sgr);
		if (c == COL_EXT && tnl != NO_NEWLINE) {
			memcpy(dst + n, text, tnl);
			n += tnl;
			while (n > 0 && dst[n - 1] == ' ')
				n--;
			memcpy(dst + n, text + tnl, tlen - tnl);
			n += tlen - tnl;
		} else {
			memcpy(dst + n, text, tlen);
			n += tlen;
		}
		if (sgr)
			n += (size_t)sprintf(dst + n, OUT_COLOR_RESET);
		if (pad) {
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
	/* Inode 0: not known (an ss -D file says nothing of it). */
	if (!container && !g->netns_name && g->netns_inode)
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
		/* What runs it: JSON's and the filter's answer too. */
		const struct sock_origin *g =
			o->origin ? names_sock_origin(o->names, rec, o->origin)
				  : NULL;

		h->len[COL_NETNS] = (uint16_t)origin_cell(g, false, p);
		p += h->len[COL_NETNS];
		h->len[COL_CONTAINER] = (uint16_t)origin_cell(g, true, p);
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

		/* The separator belongs with the port: without its column
		 * (--columns), the host stands alone. */
		if (sep && t->show[hc + 1])
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

/*
 * A REC_INET record holds an inet row whose cells are made of nothing but
 * its fields (no -p, no details, no -r), packed (recpack.h): about 20
 * bytes for IPv4 where its text takes 50. ss holds 5 MiB of rows, and the
 * table must not hold more than ss does.
 */
static bool inet_compactable(const struct table *t, const struct sock_rec *rec)
{
	return t->compact &&
	       (rec->family == AF_INET || rec->family == AF_INET6);
}

/* Prints the held rows (and the titles, first) at the widths so far. */
static void render(struct out *o, struct table *t)
{
	const char *cell[_COL_MAX];
	size_t len[_COL_MAX];

	if (t->header_pending) {
		for (int c = 0; c < _COL_MAX; c++) {
			cell[c] = t->title[c];
			len[c] = strlen(t->title[c]);
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
			struct sock_rec rec;

			off += 1 + recpack_get(t->store + off + 1, &rec);
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
		r = reserve(t, 1 + recpack_size(rec, RECPACK_TABLE));
		if (r < 0)
			return r;
		t->store[t->store_len] = rec_kind(o, REC_INET);
		t->store_len += 1 + recpack_put(t->store + t->store_len + 1, rec,
						RECPACK_TABLE);
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
