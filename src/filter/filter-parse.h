/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* The parser's state, shared by the grammar (filter-parse.c) and the
 * readers of values (filter-host.c, filter-value.c). */

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
};

/* Records the error at [@off, @off + @len) of the text; returns
 * -EINVAL. */
int parse_fail(struct parser *p, size_t off, size_t len, const char *fmt,
	       ...) __attribute__((format(printf, 4, 5)));

/* Appends a node and returns its index through *ret_idx: 0 or -ENOMEM. */
int parse_node(struct parser *p, const struct fnode *n, int64_t *ret_idx);

/* An OR node over the @count indices in @idx (or the one node itself). */
int parse_any_of(struct parser *p, const uint32_t *idx, size_t count,
		 int64_t *ret_idx);

/* Reads the text of @t (@len bytes at @s, at offset @off of the text) as
 * a port: a number or an /etc/services name. */
int parse_port(struct parser *p, const char *s, size_t len, size_t off,
	       uint16_t *ret);

/* src/dst HOST in token @t; the new node's index in *ret_idx. */
int parse_host(struct parser *p, enum fdir dir, const struct token *t,
	       int64_t *ret_idx);

/* The values of dev, fwmark and cgroup, in token @t. */
int parse_dev(struct parser *p, const struct token *t, uint32_t *ret);
int parse_mark(struct parser *p, const struct token *t, uint32_t *ret_value,
	       uint32_t *ret_mask);
int parse_cgroup(struct parser *p, const struct token *t, uint64_t *ret);

/* The ephemeral port range, for autobound; @t for the error position. */
int parse_port_range(struct parser *p, const struct token *t, uint16_t *ret_lo,
		     uint16_t *ret_hi);

/* Parses the decimal number in [s, s + len) into *ret, at most @max.
 * Strict: digits only, no sign, no space. */
int parse_uint(const char *s, size_t len, uint64_t max, uint64_t *ret);

/* Parses the whole text of @p into p->f: selectors, then the
 * expression. Returns 0, -EINVAL (p->err filled) or -ENOMEM. */
int filter_parse_text(struct parser *p);
