// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sockscope's own terms, which ss has none of and the kernel cannot test:
 * netns, container, pod, unit (where a socket runs, from --all-netns's
 * origin) and uid/user (the record's uid). Decided in userspace only; the
 * bytecode treats them as "maybe" (filter-bc.c keeps a superset).
 */
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter-internal.h"
#include "filter-parse.h"
#include "util/num.h"

static const struct {
	const char *word;
	enum forigin what;
} origin_words[] = {
	{"netns", FORIGIN_NETNS},
	{"container", FORIGIN_CONTAINER},
	{"pod", FORIGIN_POD},
	{"unit", FORIGIN_UNIT},
};

bool filter_is_origin_word(const struct lexer *lx, const struct token *kw)
{
	for (size_t i = 0; i < sizeof(origin_words) / sizeof(origin_words[0]);
	     i++)
		if (tok_is(lx, kw, origin_words[i].word))
			return true;
	return tok_is(lx, kw, "uid") || tok_is(lx, kw, "user");
}

/* uid = N, user = NAME (or a number, as id(1) takes it). */
static int parse_uid(struct parser *p, const struct token *v, uint32_t *ret)
{
	const char *s = p->lx.text + v->off;
	struct passwd pw, *res = NULL;
	char buf[4096], name[256];

	if (num_parse_u32(s, v->len, 10, UINT32_MAX - 1, ret) == 0)
		return 0;
	if (v->len >= sizeof(name))
		return parse_fail(p, v->off, v->len, "unknown user '%.*s'",
				  (int)v->len, s);
	memcpy(name, s, v->len);
	name[v->len] = '\0';
	if (getpwnam_r(name, &pw, buf, sizeof(buf), &res) != 0 || !res)
		return parse_fail(p, v->off, v->len, "unknown user '%.*s'",
				  (int)v->len, s);
	*ret = res->pw_uid;
	return 0;
}

int filter_parse_origin(struct parser *p, const struct token *kw,
			const struct token *v, bool neg, int64_t *ret_idx)
{
	struct fnode n = {.kind = FN_ORIGIN};
	int r;

	if (tok_is(&p->lx, kw, "uid") || tok_is(&p->lx, kw, "user")) {
		n.kind = FN_UID;
		r = parse_uid(p, v, &n.u.uid);
	} else {
		for (size_t i = 0;
		     i < sizeof(origin_words) / sizeof(origin_words[0]); i++)
			if (tok_is(&p->lx, kw, origin_words[i].word))
				n.u.origin.what = origin_words[i].what;
		n.u.origin.pattern = strndup(p->lx.text + v->off, v->len);
		r = n.u.origin.pattern ? 0 : -ENOMEM;
	}
	if (r >= 0)
		r = parse_node(p, &n, ret_idx);
	if (r < 0 && n.kind == FN_ORIGIN)
		free(n.u.origin.pattern); /* the node was not made */
	if (r >= 0 && neg)
		r = parse_negate(p, ret_idx);
	return r;
}

static bool glob(const char *pattern, const char *s)
{
	return s && fnmatch(pattern, s, 0) == 0;
}

bool filter_origin_match(const struct fnode *n, const struct sock_origin *o)
{
	const char *pat = n->u.origin.pattern;
	char buf[512];

	if (!o)
		return false;
	switch (n->u.origin.what) {
	case FORIGIN_NETNS:
		if (glob(pat, o->netns_name))
			return true;
		snprintf(buf, sizeof(buf), "%" PRIu64, o->netns_inode);
		return glob(pat, buf);
	case FORIGIN_CONTAINER:
		/* An id may be given short, as runtimes print it. */
		return glob(pat, o->ctr_name) ||
		       (o->ctr_id && strlen(pat) >= 3 &&
			strncmp(o->ctr_id, pat, strlen(pat)) == 0);
	case FORIGIN_POD:
		if (o->pod_namespace && o->pod_name) {
			snprintf(buf, sizeof(buf), "%s/%s", o->pod_namespace,
				 o->pod_name);
			if (glob(pat, buf))
				return true;
		}
		return glob(pat, o->pod_name) || glob(pat, o->pod_uid);
	case FORIGIN_UNIT:
		return glob(pat, o->unit);
	}
	return false;
}
