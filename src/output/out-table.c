// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "owners/owners.h"

/*
 * The ss-like table. Columns are as wide as their widest cell, but the
 * cells are only known as the kernel sends them: rows are held in batches
 * of TABLE_BATCH, each batch widens the columns to fit it and is printed.
 * Memory stays bounded and rows after the first batch still line up
 * unless a later cell is wider than all before it.
 */

#define TABLE_BATCH 1024

enum col {
	COL_NETNS,     /* --all-netns only */
	COL_CONTAINER, /* --all-netns only */
	COL_NETID,
	COL_STATE,
	COL_RECVQ,
	COL_SENDQ,
	COL_LHOST,
	COL_LPORT,
	COL_PHOST,
	COL_PPORT,
	COL_PROC, /* -p only */
	_COL_MAX,
};

static const char *const col_titles[_COL_MAX] = {
	[COL_NETNS] = "Netns",
	[COL_CONTAINER] = "Container",
	[COL_NETID] = "Netid",
	[COL_STATE] = "State",
	[COL_RECVQ] = "Recv-Q",
	[COL_SENDQ] = "Send-Q",
	[COL_LHOST] = "Local Address",
	[COL_LPORT] = "Port",
	[COL_PHOST] = "Peer Address",
	[COL_PPORT] = "Port",
	[COL_PROC] = "Process",
};

/* Host columns are right-aligned against the ':' before their port. */
static const bool col_right[_COL_MAX] = {
	[COL_LHOST] = true,
	[COL_PHOST] = true,
};

/* What follows each column's cell. */
static const char col_sep[_COL_MAX] = {
	[COL_NETNS] = ' ', [COL_CONTAINER] = ' ',
	[COL_NETID] = ' ', [COL_STATE] = ' ', [COL_RECVQ] = ' ',
	[COL_SENDQ] = ' ', [COL_LHOST] = ':', [COL_LPORT] = ' ',
	[COL_PHOST] = ':', [COL_PPORT] = ' ', [COL_PROC] = '\0',
};

#define ROW_MAX (16 + 16 + 10 + 10 + OUT_HOST_MAX * 2 + OUT_PORT_MAX * 2 + \
		 2 * ESC_TABLE_MAX(ORIGIN_CELL_MAX))
/* Netns and Container cells: names cut to this many bytes before
 * escaping. */
#define ORIGIN_CELL_MAX 64

struct row {
	uint32_t off;           /* into text */
	uint16_t len[_COL_MAX];
	char sep[_COL_MAX];     /* after each cell; differs by family */
	uint16_t dlen[2];       /* -e -o -m -i text after the cells: on the
				 * line, on the continuation line */
	bool cont;              /* a continuation line follows */
};

struct table {
	struct row rows[TABLE_BATCH];
	size_t nrows;
	char *text;
	size_t text_len, text_cap;
	size_t width[_COL_MAX];
	bool show_origin;
	bool show_netid;
	bool show_state;
	bool show_procs;
	bool header_done;
	bool detail;     /* any of -e -o -m -i */
};

static int table_begin(struct out *o)
{
	struct table *t = o->state;

	const struct sock_query *q = &o->opts->query;
	uint32_t states = 0;

	/* As ss: Netid only when several tables are shown, State only when
	 * more than one state can appear. */
	t->show_netid = query_count_netids(q) > 1;
	for (unsigned n = 0; n < _SOCK_NETID_MAX; n++)
		if (query_has_netid(q, n))
			states |= query_states(q, n);
	t->show_state = (states & (states - 1)) != 0;
	t->show_procs = o->owners != NULL;
	t->show_origin = o->opts->all_netns;
	t->detail = options_detail(o->opts) != 0;
	for (int c = 0; c < _COL_MAX; c++)
		t->width[c] = strlen(col_titles[c]);
	return 0;
}

static void put_cell(char *dst, size_t *n, const char *s, size_t len,
		     size_t width, bool right, bool pad)
{
	size_t fill = width > len ? width - len : 0;

	if (right && fill) {
		memset(dst + *n, ' ', fill);
		*n += fill;
	}
	memcpy(dst + *n, s, len);
	*n += len;
	if (!right && pad && fill) {
		memset(dst + *n, ' ', fill);
		*n += fill;
	}
}

/* One line from cells @cell/@len, each followed by @sep (NUL: nothing):
 * padding to t->width, no trailing blanks. @r, if not NULL, may have
 * detail text at @detail. As ss: it goes in the Process field, after the
 * owners if any (the text starts with a blank, as ss's "users:" does), so
 * the peer port is padded; and on a line of its own after a tab, unless
 * -O. */
static void put_line(struct out *o, struct table *t, const char *const *cell,
		     const uint16_t *len, const char *sep,
		     const struct row *r, const char *detail)
{
	bool more = r && (r->dlen[0] || r->cont);
	size_t room = ROW_MAX + 4, n = 0;
	int last = t->show_procs ? COL_PROC : COL_PPORT;
	char *dst;

	for (int c = 0; c < _COL_MAX; c++)
		room += t->width[c] + 1;
	if (r)
		room += (size_t)r->dlen[0] + r->dlen[1];
	dst = obuf_reserve(&o->ob, room);
	for (int c = 0; c < _COL_MAX; c++) {
		if (((c == COL_NETNS || c == COL_CONTAINER) &&
		     !t->show_origin) ||
		    (c == COL_NETID && !t->show_netid) ||
		    (c == COL_STATE && !t->show_state) || c > last)
			continue;
		put_cell(dst, &n, cell[c], len[c], t->width[c], col_right[c],
			 c != last || (more && c == COL_PPORT));
		/* The detail text brings its own blank. */
		if (sep[c] && !(more && c == COL_PPORT &&
				(c == last || len[COL_PROC] == 0)))
			dst[n++] = sep[c];
	}
	if (more) {
		memcpy(dst + n, detail, r->dlen[0]);
		n += r->dlen[0];
	}
	if (more && r->cont && !o->opts->oneline) {
		while (n > 0 && dst[n - 1] == ' ')
			n--;
		dst[n++] = '\n';
		dst[n++] = '\t';
	}
	if (more && r->cont) {
		memcpy(dst + n, detail + r->dlen[0], r->dlen[1]);
		n += r->dlen[1];
	}
	while (n > 0 && dst[n - 1] == ' ')
		n--;
	dst[n++] = '\n';
	obuf_commit(&o->ob, n);
}

static void flush_rows(struct out *o, struct table *t)
{
	for (size_t i = 0; i < t->nrows; i++)
		for (int c = 0; c < _COL_MAX; c++)
			if (t->rows[i].len[c] > t->width[c])
				t->width[c] = t->rows[i].len[c];

	if (!t->header_done && !o->opts->no_header) {
		uint16_t len[_COL_MAX];
		for (int c = 0; c < _COL_MAX; c++)
			len[c] = (uint16_t)strlen(col_titles[c]);
		put_line(o, t, col_titles, len, col_sep, NULL, NULL);
	}
	t->header_done = true;

	for (size_t i = 0; i < t->nrows; i++) {
		const struct row *r = &t->rows[i];
		const char *cell[_COL_MAX];
		size_t off = r->off;
		for (int c = 0; c < _COL_MAX; c++) {
			cell[c] = t->text + off;
			off += r->len[c];
		}
		put_line(o, t, cell, r->len, r->sep, r, t->text + off);
	}
	t->nrows = 0;
	t->text_len = 0;
}

/* Netns: the `ip netns` name, else the inode. Container: the name, else
 * the id's first 12 digits, as runtimes print it; "-" when none. */
static size_t origin_cell(const struct sock_origin *g, bool container,
			  char *dst)
{
	const char *s = NULL;
	size_t len;

	if (!g)
		return (size_t)(stpcpy(dst, "-") - dst);
	if (!container) {
		if (!g->netns_name)
			return fmt_u64(dst, g->netns_inode);
		s = g->netns_name;
	} else {
		s = g->ctr_name ? g->ctr_name : g->ctr_id;
	}
	if (!s)
		return (size_t)(stpcpy(dst, "-") - dst);
	len = strlen(s);
	if (container && !g->ctr_name && len > 12)
		len = 12;
	if (len > ORIGIN_CELL_MAX)
		len = ORIGIN_CELL_MAX;
	return esc_table(dst, s, len);
}

static int table_sock(struct out *o, const struct sock_rec *rec)
{
	struct table *t = o->state;
	struct row *r;
	char *p;
	size_t n;

	if (t->text_cap - t->text_len <
	    (size_t)ROW_MAX + (t->show_procs ? OWNERS_USERS_MAX : 0) +
		    (t->detail ? OUT_DETAIL_MAX : 0)) {
		size_t cap = t->text_cap ? t->text_cap * 2 : 64 * 1024;
		char *text = realloc(t->text, cap);
		if (!text)
			return -ENOMEM;
		t->text = text;
		t->text_cap = cap;
	}
	r = &t->rows[t->nrows];
	r->off = (uint32_t)t->text_len;
	p = t->text + t->text_len;

#define CELL(col, expr)                                                        \
	do {                                                                   \
		n = (expr);                                                    \
		r->len[col] = (uint16_t)n;                                     \
		p += n;                                                        \
	} while (0)

	CELL(COL_NETNS, origin_cell(o->origin, false, p));
	CELL(COL_CONTAINER, origin_cell(o->origin, true, p));
	CELL(COL_NETID, stpcpy(p, sock_netid_name(rec->netid)) - p);
	CELL(COL_STATE, stpcpy(p, sock_state_label(rec->state)) - p);
	CELL(COL_RECVQ, fmt_u64(p, rec->recv_q));
	CELL(COL_SENDQ, fmt_u64(p, rec->send_q));
#undef CELL
	memcpy(r->sep, col_sep, sizeof(r->sep));
	for (int local = 1; local >= 0; local--) {
		int hc = local ? COL_LHOST : COL_PHOST;
		size_t hlen, plen;
		char port[OUT_PORT_MAX];

		r->sep[hc] = out_fmt_endpoint(o, rec, local, p, &hlen, port,
					      &plen);
		memcpy(p + hlen, port, plen);
		r->len[hc] = (uint16_t)hlen;
		r->len[hc + 1] = (uint16_t)plen;
		p += hlen + plen;
	}
	r->len[COL_PROC] = 0;
	if (t->show_procs) {
		size_t nown;
		const struct owners_entry *v =
			owners_lookup(o->owners, rec->inode, &nown);

		n = owners_fmt_users(o->owners, v, nown, p);
		r->len[COL_PROC] = (uint16_t)n;
		p += n;
	}
	r->dlen[0] = r->dlen[1] = 0;
	r->cont = false;
	if (t->detail) {
		struct out_detail d;

		out_detail_table(o, rec, p, &d);
		r->dlen[0] = (uint16_t)d.len1;
		r->dlen[1] = (uint16_t)d.len2;
		r->cont = d.cont;
		p += d.len1 + d.len2;
	}

	t->text_len = (size_t)(p - t->text);
	if (++t->nrows == TABLE_BATCH)
		flush_rows(o, t);
	return 0;
}

static int table_end(struct out *o)
{
	struct table *t = o->state;

	flush_rows(o, t);
	return 0;
}

static void table_done(struct out *o)
{
	struct table *t = o->state;

	free(t->text);
}

const struct out_ops out_table_ops = {
	.state_size = sizeof(struct table),
	.begin = table_begin,
	.sock = table_sock,
	.end = table_end,
	.done = table_done,
	.flush = table_end, /* prints the held rows; more may follow */
};
