// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The grammar. Precedence as the ss man page says and ss does not do:
 *
 *   filter  := ( ("state" | "exclude" | "excl") STATE )* [ or ]
 *   or      := and ( ("or" | "||" | "|") and )*
 *   and     := unary ( [ "and" | "&&" | "&" ] unary )*
 *   unary   := ("not" | "!") unary | "(" or ")" | term
 *   term    := src/dst/sport/dport/... | ENDPOINT
 *
 * A bare ENDPOINT (":8080", "10.0.0.1:443", "[::1]:53") is an extension:
 * either end, "(src E or dst E)"; ss rejects it.
 * so "not" binds tighter than "and", which binds tighter than "or", and
 * two terms side by side are joined by "and". (ss's yacc grammar gives
 * "and" and "or" one precedence, left to right: "a or b and c" is
 * "(a or b) and c" there.)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "filter-parse.h"

static int push(struct parser *p, int64_t idx)
{
	if (p->n_stack == p->cap_stack) {
		size_t cap = p->cap_stack ? p->cap_stack * 2 : 16;
		uint32_t *v = realloc(p->stack, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		p->stack = v;
		p->cap_stack = cap;
	}
	p->stack[p->n_stack++] = (uint32_t)idx;
	return 0;
}

/* Replaces the stack above @base by one node of @kind over it. */
static int pop_into(struct parser *p, size_t base, enum fnode_kind kind,
		    int64_t *ret_idx)
{
	int r = 0;

	if (p->n_stack - base == 1)
		*ret_idx = p->stack[base];
	else
		r = parse_parent(p, kind, p->stack + base, p->n_stack - base,
				 ret_idx);
	p->n_stack = base;
	return r;
}

static void advance(struct parser *p)
{
	lex_next(&p->lx, false, &p->cur);
}

/* The token at the current position read as a value; consumes it. */
static void take_value(struct parser *p, struct token *ret)
{
	p->lx.pos = p->cur.off;
	lex_next(&p->lx, true, ret);
	advance(p);
}

static int parse_or(struct parser *p, int64_t *ret_idx);

static const char expected_term[] =
	"expected a condition (src, dst, sport, dport, dev, fwmark, "
	"cgroup, autobound, netns, container, pod, unit, uid, user, an endpoint "
	"like :80), 'not' or '('";

/* Reads "= VALUE", "!= VALUE" or, as ss, "VALUE" after @kw; *ret_neg
 * says which. */
static int equality(struct parser *p, const struct token *kw,
		    struct token *ret_value, bool *ret_neg)
{
	const char *word = p->lx.text + kw->off;

	if (p->cur.kind != TOK_EQ && p->cur.kind != TOK_NE &&
	    p->cur.kind != TOK_WORD)
		return parse_fail(p, p->cur.off, p->cur.len,
				  "expected '=', '!=' or a value after '%.*s'",
				  (int)kw->len, word);
	*ret_neg = p->cur.kind == TOK_NE;
	if (p->cur.kind != TOK_WORD)
		advance(p);
	take_value(p, ret_value);
	if (ret_value->kind != TOK_WORD)
		return parse_fail(p, ret_value->off, ret_value->len,
				  "expected a value after '%.*s %s'",
				  (int)kw->len, word, *ret_neg ? "!=" : "=");
	return 0;
}

static int term_host(struct parser *p, const struct token *kw,
		     int64_t *ret_idx)
{
	enum fdir dir = tok_is(&p->lx, kw, "src") ? FDIR_SRC : FDIR_DST;
	struct token v;
	bool neg = false;
	int r;

	/* "src = HOST" and "src != HOST" as well as ss's "src HOST". */
	if (p->cur.kind == TOK_EQ || p->cur.kind == TOK_NE) {
		neg = p->cur.kind == TOK_NE;
		advance(p);
	}
	take_value(p, &v);
	if (v.kind != TOK_WORD)
		return parse_fail(p, v.off, v.len,
				  "expected an address after '%s'",
				  dir == FDIR_SRC ? "src" : "dst");
	r = parse_host(p, dir, &v, ret_idx);
	if (r >= 0 && neg)
		r = parse_negate(p, ret_idx);
	return r;
}

static int term_port(struct parser *p, const struct token *kw,
		     int64_t *ret_idx)
{
	struct fnode n = {.kind = FN_PORT};
	enum tok_kind op = p->cur.kind;
	const char *s;
	struct token v;
	uint16_t port;
	size_t skip;
	int r;

	n.dir = tok_is(&p->lx, kw, "sport") ? FDIR_SRC : FDIR_DST;
	/* ss's "=" is optional: "dport 22", "sport :ssh" */
	if (op == TOK_WORD)
		op = TOK_EQ;
	else if (op < TOK_EQ || op > TOK_GE)
		return parse_fail(p, p->cur.off, p->cur.len,
				  "expected a comparison (=, !=, <, <=, >, "
				  ">=) or a port after '%s'",
				  n.dir == FDIR_SRC ? "sport" : "dport");
	else
		advance(p);
	take_value(p, &v);
	if (v.kind != TOK_WORD)
		return parse_fail(p, v.off, v.len,
				  "expected a port (:22, :https) after the "
				  "comparison");
	s = p->lx.text + v.off;
	skip = s[0] == ':' ? 1 : 0;
	if (v.len == skip)
		return parse_fail(p, v.off, v.len,
				  "expected a port number or service name "
				  "after ':'");
	if (v.len - skip == 1 && s[skip] == '*' &&
	    (op == TOK_EQ || op == TOK_NE)) {
		/* ss: "sport *" is any port, which every socket has */
		n = (struct fnode){.kind = FN_CONST, .u.value = true};
		r = parse_node(p, &n, ret_idx);
		if (r >= 0 && op == TOK_NE)
			r = parse_negate(p, ret_idx);
		return r;
	}
	r = parse_port(p, s + skip, v.len - skip, v.off + skip, &port);
	if (r < 0)
		return r;

	n.u.port.port = port;
	switch (op) {
	case TOK_EQ:
	case TOK_NE:
		n.u.port.op = FPORT_EQ;
		break;
	case TOK_LE:
		n.u.port.op = FPORT_LE;
		break;
	case TOK_GE:
		n.u.port.op = FPORT_GE;
		break;
	case TOK_LT: /* no port is below 0 */
		n.u.port.op = FPORT_LE;
		if (port == 0)
			n = (struct fnode){.kind = FN_CONST, .u.value = false};
		else
			n.u.port.port = port - 1;
		break;
	default: /* TOK_GT; none is above 65535 */
		n.u.port.op = FPORT_GE;
		if (port == UINT16_MAX)
			n = (struct fnode){.kind = FN_CONST, .u.value = false};
		else
			n.u.port.port = port + 1;
		break;
	}
	r = parse_node(p, &n, ret_idx);
	if (r >= 0 && op == TOK_NE)
		r = parse_negate(p, ret_idx);
	return r;
}

/* dev, fwmark, cgroup: KEYWORD (= | !=) VALUE. */
static int term_value(struct parser *p, const struct token *kw,
		      int64_t *ret_idx)
{
	struct fnode n = {0};
	struct token v;
	bool neg = false;
	int r;

	r = equality(p, kw, &v, &neg);
	if (r < 0)
		return r;
	if (tok_is(&p->lx, kw, "dev")) {
		n.kind = FN_DEV;
		r = parse_dev(p, &v, &n.u.ifindex);
	} else if (tok_is(&p->lx, kw, "fwmark")) {
		n.kind = FN_MARK;
		r = parse_mark(p, &v, &n.u.mark.value, &n.u.mark.mask);
	} else {
		n.kind = FN_CGROUP;
		r = parse_cgroup(p, &v, &n.u.cgroup_id);
	}
	if (r >= 0)
		r = parse_node(p, &n, ret_idx);
	if (r >= 0 && neg)
		r = parse_negate(p, ret_idx);
	return r;
}

/* Whether word @kw is a bare endpoint (":8080", "10.0.0.1:443",
 * "[::1]:53", "2001:db8::1"): no keyword starts so. */
static bool bare_endpoint(const struct parser *p, const struct token *kw)
{
	char c = p->lx.text[kw->off];

	return c == ':' || c == '[' || (c >= '0' && c <= '9');
}

/*
 * A bare endpoint, an extension (ss rejects it): either end is it,
 * "(src E or dst E)", or for a lone port "(sport = :P or dport = :P)".
 * The word is read again as a value: between terms it stops at ':'-free
 * operators only, and an address may hold none of them anyway.
 */
static int term_endpoint(struct parser *p, int64_t *ret_idx)
{
	struct token v;
	int64_t end[2];
	uint32_t kids[2];
	int r;

	take_value(p, &v);
	for (int i = 0; i < 2; i++) {
		enum fdir dir = i == 0 ? FDIR_SRC : FDIR_DST;
		const char *s = p->lx.text + v.off;

		if (s[0] == ':') {
			struct fnode n = {.kind = FN_PORT, .dir = dir};

			if (v.len == 1)
				return parse_fail(p, v.off, v.len,
						  "expected a port number or "
						  "service name after ':'");
			r = parse_port(p, s + 1, v.len - 1, v.off + 1,
				       &n.u.port.port);
			n.u.port.op = FPORT_EQ;
			if (r >= 0)
				r = parse_node(p, &n, &end[i]);
		} else {
			r = parse_host(p, dir, &v, &end[i]);
		}
		if (r < 0)
			return r;
		kids[i] = (uint32_t)end[i];
	}
	return parse_parent(p, FN_OR, kids, 2, ret_idx);
}

static int parse_term(struct parser *p, int64_t *ret_idx)
{
	struct token kw = p->cur;
	struct fnode n = {.kind = FN_AUTOBOUND};
	int r;

	if (kw.kind != TOK_WORD)
		return parse_fail(p, kw.off, kw.len, expected_term);
	if (tok_is(&p->lx, &kw, "state") || tok_is(&p->lx, &kw, "exclude") ||
	    tok_is(&p->lx, &kw, "excl"))
		return parse_fail(p, kw.off, kw.len,
				  "expected a condition: state selectors "
				  "come before the expression");
	if (tok_is(&p->lx, &kw, "src") || tok_is(&p->lx, &kw, "dst")) {
		advance(p);
		return term_host(p, &kw, ret_idx);
	}
	if (tok_is(&p->lx, &kw, "sport") || tok_is(&p->lx, &kw, "dport")) {
		advance(p);
		return term_port(p, &kw, ret_idx);
	}
	if (tok_is(&p->lx, &kw, "dev") || tok_is(&p->lx, &kw, "fwmark") ||
	    tok_is(&p->lx, &kw, "cgroup")) {
		advance(p);
		return term_value(p, &kw, ret_idx);
	}
	if (filter_is_origin_word(&p->lx, &kw)) {
		struct token v;
		bool neg = false;

		advance(p);
		r = equality(p, &kw, &v, &neg);
		return r < 0 ? r : filter_parse_origin(p, &kw, &v, neg, ret_idx);
	}
	if (tok_is(&p->lx, &kw, "autobound")) {
		r = parse_port_range(p, &kw, &n.u.range.lo, &n.u.range.hi);
		if (r < 0)
			return r;
		advance(p);
		return parse_node(p, &n, ret_idx);
	}
	if (bare_endpoint(p, &kw))
		return term_endpoint(p, ret_idx);
	return parse_fail(p, kw.off, kw.len, expected_term);
}

static int deeper(struct parser *p)
{
	if (++p->depth > FILTER_MAX_DEPTH)
		return parse_fail(p, p->cur.off, p->cur.len,
				  "expected at most %d nested parentheses "
				  "and 'not's",
				  FILTER_MAX_DEPTH);
	return 0;
}

static int parse_unary(struct parser *p, int64_t *ret_idx)
{
	struct token open = p->cur;
	int r;

	if (p->cur.kind == TOK_NOT) {
		r = deeper(p);
		if (r < 0)
			return r;
		advance(p);
		r = parse_unary(p, ret_idx);
		if (r >= 0)
			r = parse_negate(p, ret_idx);
		p->depth--;
		return r;
	}
	if (p->cur.kind != TOK_LPAREN)
		return parse_term(p, ret_idx);

	r = deeper(p);
	if (r < 0)
		return r;
	advance(p);
	if (p->cur.kind == TOK_RPAREN)
		return parse_fail(p, p->cur.off, p->cur.len,
				  "expected a condition inside the "
				  "parentheses");
	r = parse_or(p, ret_idx);
	if (r < 0)
		return r;
	if (p->cur.kind != TOK_RPAREN) {
		struct filter_where w;
		struct filter_error e = {.offset = open.off};

		filter_error_where(p->lx.text, &e, &w);
		return parse_fail(p, p->cur.off, p->cur.len,
				  "expected ')' to close the '(' of line %u, "
				  "column %u",
				  w.line, w.column);
	}
	advance(p);
	p->depth--;
	return 0;
}

static bool starts_unary(enum tok_kind k)
{
	/* Any word: two terms side by side mean "and", and a word that is
	 * no condition is best reported where it stands. */
	return k == TOK_NOT || k == TOK_LPAREN || k == TOK_WORD;
}

static int parse_and(struct parser *p, int64_t *ret_idx)
{
	size_t base = p->n_stack;
	int64_t idx;
	int r;

	for (;;) {
		r = parse_unary(p, &idx);
		if (r >= 0)
			r = push(p, idx);
		if (r < 0)
			goto fail;
		if (p->cur.kind == TOK_AND)
			advance(p);
		else if (!starts_unary(p->cur.kind))
			break;
	}
	return pop_into(p, base, FN_AND, ret_idx);
fail:
	p->n_stack = base;
	return r;
}

static int parse_or(struct parser *p, int64_t *ret_idx)
{
	size_t base = p->n_stack;
	int64_t idx;
	int r;

	for (;;) {
		r = parse_and(p, &idx);
		if (r >= 0)
			r = push(p, idx);
		if (r < 0) {
			p->n_stack = base;
			return r;
		}
		if (p->cur.kind != TOK_OR)
			break;
		advance(p);
	}
	return pop_into(p, base, FN_OR, ret_idx);
}

static int parse_selectors(struct parser *p)
{
	struct filter *f = p->f;

	while (p->cur.kind == TOK_WORD &&
	       (tok_is(&p->lx, &p->cur, "state") ||
		tok_is(&p->lx, &p->cur, "exclude") ||
		tok_is(&p->lx, &p->cur, "excl"))) {
		bool exclude = !tok_is(&p->lx, &p->cur, "state");
		uint32_t mask = 0;

		advance(p);
		if (p->cur.kind == TOK_WORD)
			mask = filter_state_word(p->lx.text + p->cur.off,
						 p->cur.len);
		if (!mask)
			return parse_fail(p, p->cur.off, p->cur.len,
					  "expected a state name (%s)",
					  filter_state_words);
		/* ss: the first selector decides where counting starts. */
		if (!f->has_states)
			f->states = exclude ? SOCK_STATES_ALL : 0;
		f->has_states = true;
		if (exclude)
			f->states &= ~mask;
		else
			f->states |= mask;
		advance(p);
	}
	return 0;
}

int filter_parse_text(struct parser *p)
{
	int64_t root;
	int r;

	advance(p);
	r = parse_selectors(p);
	if (r < 0 || p->cur.kind == TOK_END)
		return r;
	r = parse_or(p, &root);
	if (r < 0)
		return r;
	if (p->family_sel != AF_UNSPEC) {
		/* ss's inet:/inet6: narrowing, as one more condition */
		struct fnode n = {.kind = FN_FAMILY, .u.family = p->family_sel};
		uint32_t kids[2];
		int64_t fam;

		r = parse_node(p, &n, &fam);
		if (r < 0)
			return r;
		kids[0] = (uint32_t)fam;
		kids[1] = (uint32_t)root;
		r = parse_parent(p, FN_AND, kids, 2, &root);
		if (r < 0)
			return r;
	}
	if (p->cur.kind != TOK_END)
		return parse_fail(p, p->cur.off, p->cur.len,
				  p->cur.kind == TOK_RPAREN
					  ? "expected the end of the filter: "
					    "this ')' closes nothing"
					  : "expected 'and', 'or' or the end "
					    "of the filter");
	p->f->root = root;
	return 0;
}

int filter_parse_ports(struct parser *p, const uint16_t *ports, size_t n)
{
	size_t base = p->n_stack;
	int64_t idx;
	uint32_t kids[2];
	int r = 0;

	for (size_t i = 0; i < n && r >= 0; i++)
		for (int end = 0; end < 2 && r >= 0; end++) {
			struct fnode node = {
				.kind = FN_PORT,
				.dir = end ? FDIR_DST : FDIR_SRC,
				.u.port = {.op = FPORT_EQ, .port = ports[i]},
			};

			r = parse_node(p, &node, &idx);
			if (r >= 0)
				r = push(p, idx);
		}
	if (r < 0) {
		p->n_stack = base;
		return r;
	}
	r = pop_into(p, base, FN_OR, &idx);
	if (r < 0 || p->f->root < 0) {
		if (r >= 0)
			p->f->root = idx;
		return r;
	}
	kids[0] = (uint32_t)p->f->root;
	kids[1] = (uint32_t)idx;
	r = parse_parent(p, FN_AND, kids, 2, &idx);
	if (r >= 0)
		p->f->root = idx;
	return r;
}
