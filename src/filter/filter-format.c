// SPDX-License-Identifier: GPL-2.0-or-later
/* The tree as text (for tests and debugging), and where an error is. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "filter-internal.h"

struct out {
	char *buf;
	size_t size, len; /* len: what the whole text needs */
};

static void __attribute__((format(printf, 2, 3)))
out_add(struct out *o, const char *fmt, ...)
{
	size_t room = o->len < o->size ? o->size - o->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

/* "*" for -1, else the number. */
static void out_num(struct out *o, bool hex, int64_t v)
{
	if (v < 0)
		out_add(o, "*");
	else if (hex)
		out_add(o, "0x%04llx", (long long)v);
	else
		out_add(o, "%lld", (long long)v);
}

static void out_host(struct out *o, const struct fhost *h)
{
	char a[INET6_ADDRSTRLEN];

	switch (h->family) {
	case AF_UNSPEC:
		out_add(o, "*");
		break;
	case AF_INET:
		inet_ntop(AF_INET, h->addr, a, sizeof(a));
		out_add(o, "%s", a);
		if (h->prefix_len != 32)
			out_add(o, "/%u", h->prefix_len);
		break;
	case AF_INET6:
		inet_ntop(AF_INET6, h->addr, a, sizeof(a));
		out_add(o, "[%s]", a);
		if (h->prefix_len != 128)
			out_add(o, "/%u", h->prefix_len);
		break;
	case AF_UNIX:
		out_add(o, "unix:%s", h->pattern ? h->pattern : "*");
		return;
	case AF_PACKET:
		out_add(o, "link:");
		out_num(o, true, h->num);
		out_add(o, ":");
		out_num(o, false, h->port);
		return;
	case AF_NETLINK:
		out_add(o, "netlink:");
		out_num(o, false, h->num);
		out_add(o, ":");
		out_num(o, false, h->port);
		return;
	case AF_VSOCK:
		out_add(o, "vsock:");
		out_num(o, false, h->num);
		out_add(o, ":");
		out_num(o, false, h->port);
		return;
	}
	if (h->port >= 0)
		out_add(o, ":%lld", (long long)h->port);
}

static void out_node(struct out *o, const struct filter *f, uint32_t i)
{
	static const char *const ops[] = {
		[FPORT_EQ] = "=", [FPORT_LE] = "<=", [FPORT_GE] = ">="};
	const struct fnode *n = &f->nodes[i];
	const char *dir = n->dir == FDIR_SRC ? "src" : "dst";

	switch (n->kind) {
	case FN_CONST:
		out_add(o, n->u.value ? "true" : "false");
		return;
	case FN_AND:
	case FN_OR:
	case FN_NOT:
		out_add(o, "(%s", n->kind == FN_AND  ? "and"
				  : n->kind == FN_OR ? "or"
						     : "not");
		for (uint32_t k = 0; k < n->count; k++) {
			out_add(o, " ");
			out_node(o, f, filter_kid(f, n, k));
		}
		out_add(o, ")");
		return;
	case FN_HOST:
		out_add(o, "(%s ", dir);
		out_host(o, &n->u.host);
		out_add(o, ")");
		return;
	case FN_PORT:
		out_add(o, "(%s %s %u)", n->dir == FDIR_SRC ? "sport" : "dport",
			ops[n->u.port.op], n->u.port.port);
		return;
	case FN_DEV:
		out_add(o, "(dev %u)", n->u.ifindex);
		return;
	case FN_MARK:
		out_add(o, "(fwmark 0x%x/0x%x)", n->u.mark.value,
			n->u.mark.mask);
		return;
	case FN_CGROUP:
		out_add(o, "(cgroup %llu)", (unsigned long long)n->u.cgroup_id);
		return;
	case FN_AUTOBOUND:
		out_add(o, "(autobound %u-%u)", n->u.range.lo, n->u.range.hi);
		return;
	case FN_ORIGIN: {
		static const char *const what[] = {"netns", "container", "pod",
						   "unit"};
		out_add(o, "(%s %s)", what[n->u.origin.what],
			n->u.origin.pattern);
		return;
	}
	case FN_UID:
		out_add(o, "(uid %u)", n->u.uid);
		return;
	case FN_FAMILY:
		out_add(o, "(family %s)",
			n->u.family == AF_INET ? "inet" : "inet6");
		return;
	}
}

size_t filter_format(const struct filter *f, char *buf, size_t size)
{
	struct out o = {.buf = buf, .size = size};

	if (size)
		buf[0] = '\0';
	if (!f || f->root < 0)
		out_add(&o, "true");
	else
		out_node(&o, f, (uint32_t)f->root);
	return o.len;
}

/* A character is a byte that does not continue a UTF-8 sequence. */
static bool starts_char(char c)
{
	return ((unsigned char)c & 0xc0) != 0x80;
}

void filter_error_where(const char *text, const struct filter_error *err,
			struct filter_where *ret)
{
	size_t len = strlen(text), at = err->offset < len ? err->offset : len;
	struct filter_where w = {.line = 1, .column = 1};
	const char *nl;

	for (size_t i = 0; i < at; i++) {
		if (text[i] == '\n') {
			w.line++;
			w.line_start = i + 1;
			w.column = 1;
		} else if (starts_char(text[i])) {
			w.column++;
		}
	}
	nl = strchr(text + w.line_start, '\n');
	w.line_len = nl ? (size_t)(nl - text) - w.line_start
			: len - w.line_start;
	*ret = w;
}

void filter_error_caret(const char *text, const struct filter_error *err,
			char *buf, size_t size)
{
	struct filter_where w;
	size_t o = 0, at, end;

	if (size == 0)
		return;
	filter_error_where(text, err, &w);
	at = err->offset < w.line_start + w.line_len ? err->offset
						     : w.line_start + w.line_len;
	end = at + err->len;
	if (end > w.line_start + w.line_len)
		end = w.line_start + w.line_len;
	for (size_t i = w.line_start; i < at && o + 1 < size; i++)
		if (starts_char(text[i]))
			buf[o++] = text[i] == '\t' ? '\t' : ' ';
	if (o + 1 < size)
		buf[o++] = '^';
	for (size_t i = at + 1; i < end && o + 1 < size; i++)
		if (starts_char(text[i]))
			buf[o++] = '^';
	buf[o] = '\0';
}
