/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The parser's state, shared by the grammar (filter-parse.c) and the
 * readers of values. The files call only downwards, never back up:
 *
 *   filter.c        filter_parse(): the entry
 *   filter-parse.c  the grammar (recursive within itself)
 *   filter-host.c   src/dst HOST
 *   filter-value.c  ports, services, dev, fwmark, cgroup, port range
 *   filter-tree.c   nodes and errors      filter-lex.c  tokens
 */

#include <stdint.h>

#include "filter-internal.h"
#include "filter-lex.h"

struct services;

struct parser {
	struct filter *f;
	const struct filter_env *env;
	struct lexer lx;
	struct token cur; /* the next token, read between terms */
	struct filter_error *err;
	unsigned depth;
	uint32_t *stack; /* children of the AND/OR nodes being built */
	size_t n_stack, cap_stack;
	struct services *services; /* loaded at the first service name */
	int services_err;          /* 0, or why they could not be */
	int family_sel; /* AF_* of the last "inet:"-style prefix, as ss
			 * narrows the whole query to it; AF_UNSPEC: none */
};

/* filter-tree.c */

/* Records the error at [@off, @off + @len) of the text; returns
 * -EINVAL. */
int parse_fail(struct parser *p, size_t off, size_t len, const char *fmt,
	       ...) __attribute__((format(printf, 4, 5)));

/* Appends a node and returns its index through *ret_idx: 0 or -ENOMEM. */
int parse_node(struct parser *p, const struct fnode *n, int64_t *ret_idx);

/* An AND/OR/NOT node of @kind over the @count children in @kids. */
int parse_parent(struct parser *p, enum fnode_kind kind, const uint32_t *kids,
		 size_t count, int64_t *ret_idx);

/* An OR node over the @count indices in @idx (or the one node itself). */
int parse_any_of(struct parser *p, const uint32_t *idx, size_t count,
		 int64_t *ret_idx);

/* Replaces *idx by a NOT node over it: 0 or -ENOMEM. */
int parse_negate(struct parser *p, int64_t *idx);

/* filter-value.c */

/* Reads @len bytes at @s (at offset @off of the text) as a port: a
 * number in C's bases, as ss reads one (22, 0x16, 026), or a name or
 * alias from /etc/services. */
int parse_port(struct parser *p, const char *s, size_t len, size_t off,
	       uint16_t *ret);

/* The values of dev, fwmark and cgroup, in token @t. */
int parse_dev(struct parser *p, const struct token *t, uint32_t *ret);
int parse_mark(struct parser *p, const struct token *t, uint32_t *ret_value,
	       uint32_t *ret_mask);
int parse_cgroup(struct parser *p, const struct token *t, uint64_t *ret);

/* The ephemeral port range, for autobound; @t for the error position. */
int parse_port_range(struct parser *p, const struct token *t, uint16_t *ret_lo,
		     uint16_t *ret_hi);

/* filter-host.c */

/* src/dst HOST in token @t; the new node's index in *ret_idx. A family
 * prefix (inet:, unix:, ...) also sets p->family_sel. */
int parse_host(struct parser *p, enum fdir dir, const struct token *t,
	       int64_t *ret_idx);

/* filter-parse.c */

/* Parses the whole text of @p into p->f: selectors, then the
 * expression. Returns 0, -EINVAL (p->err filled) or -ENOMEM. */
int filter_parse_text(struct parser *p);

/* Joins to p->f's expression, by "and", "either end on one of the @n
 * @ports" (--port); the whole expression when there was none. Returns 0
 * or -ENOMEM. */
int filter_parse_ports(struct parser *p, const uint16_t *ports, size_t n);

/* Whether @kw is one of sockscope's own terms (filter-origin.c): netns,
 * container, pod, unit, uid, user. */
bool filter_is_origin_word(const struct lexer *lx, const struct token *kw);

/* Adds the node of own term @kw with value @v (negated when @neg).
 * Returns as parse_node(); an unknown user fails the parse. */
int filter_parse_origin(struct parser *p, const struct token *kw,
			const struct token *v, bool neg, int64_t *ret_idx);
