// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "escape.h"
#include "jsonw.h"

void jsonw_init(struct jsonw *w, struct obuf *ob, bool pretty)
{
	*w = (struct jsonw){.ob = ob, .pretty = pretty, .first = true};
}

static void newline_indent(struct jsonw *w)
{
	obuf_putc(w->ob, '\n');
	obuf_pad(w->ob, (size_t)w->depth * 2);
}

/* The separator, indentation and key before a value. */
static void member(struct jsonw *w, const char *key)
{
	if (!w->first)
		obuf_putc(w->ob, ',');
	w->first = false;
	if (w->pretty && w->depth > 0)
		newline_indent(w);
	if (key) {
		json_put_string(w->ob, key, strlen(key));
		obuf_puts(w->ob, w->pretty ? ": " : ":");
	}
}

void jsonw_open(struct jsonw *w, const char *key, char bracket)
{
	member(w, key);
	obuf_putc(w->ob, bracket);
	w->depth++;
	w->first = true;
}

void jsonw_close(struct jsonw *w, char bracket)
{
	w->depth--;
	if (w->pretty && !w->first)
		newline_indent(w);
	obuf_putc(w->ob, bracket);
	w->first = false;
}

void jsonw_u64(struct jsonw *w, const char *key, uint64_t v)
{
	member(w, key);
	obuf_put_u64(w->ob, v);
}

void jsonw_signed(struct jsonw *w, const char *key, bool negative,
		  uint64_t magnitude)
{
	member(w, key);
	if (negative)
		obuf_putc(w->ob, '-');
	obuf_put_u64(w->ob, magnitude);
}

void jsonw_str(struct jsonw *w, const char *key, const char *s)
{
	member(w, key);
	json_put_string(w->ob, s, strlen(s));
}

void jsonw_strn(struct jsonw *w, const char *key, const char *s, size_t len)
{
	member(w, key);
	json_put_string(w->ob, s, len);
}

void jsonw_origin(struct jsonw *w, const struct sock_origin *g)
{
	jsonw_open(w, "netns", '{');
	jsonw_u64(w, "inode", g->netns_inode);
	if (g->netns_name)
		jsonw_str(w, "name", g->netns_name);
	if (g->nsid >= 0)
		jsonw_u64(w, "nsid", (uint64_t)g->nsid);
	jsonw_close(w, '}');
	if (g->ctr_id) {
		jsonw_open(w, "container", '{');
		if (g->ctr_runtime)
			jsonw_str(w, "runtime", g->ctr_runtime);
		jsonw_str(w, "id", g->ctr_id);
		if (g->ctr_name)
			jsonw_str(w, "name", g->ctr_name);
		jsonw_close(w, '}');
	}
	if (g->pod_uid) {
		jsonw_open(w, "pod", '{');
		jsonw_str(w, "uid", g->pod_uid);
		if (g->pod_namespace)
			jsonw_str(w, "namespace", g->pod_namespace);
		if (g->pod_name)
			jsonw_str(w, "name", g->pod_name);
		jsonw_close(w, '}');
	}
	if (g->unit)
		jsonw_str(w, "unit", g->unit);
}

void jsonw_netns_warning(struct jsonw *w, const struct sock_warning *v)
{
	const char *name = strerrorname_np(-v->err);

	jsonw_open(w, "netns", '{');
	if (v->netns_inode)
		jsonw_u64(w, "inode", v->netns_inode);
	jsonw_str(w, "path", v->netns_path);
	jsonw_close(w, '}');
	jsonw_str(w, "error", name ? name : "EUNKNOWN");
	if (v->skipped)
		jsonw_u64(w, "processes", v->skipped);
	jsonw_str(w, "message", strerror(-v->err));
	jsonw_close(w, '}');
}
