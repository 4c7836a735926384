// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "filter-lex.h"

void lex_init(struct lexer *lx, const char *text, size_t len)
{
	*lx = (struct lexer){.text = text, .len = len};
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/* Skips white space and comments: '#' at the start of a token runs to the
 * end of its line, as in an -F file. */
static void skip_blank(struct lexer *lx)
{
	while (lx->pos < lx->len) {
		char c = lx->text[lx->pos];

		if (is_space(c)) {
			lx->pos++;
		} else if (c == '#') {
			while (lx->pos < lx->len && lx->text[lx->pos] != '\n')
				lx->pos++;
		} else {
			break;
		}
	}
}

struct word_op {
	const char *word;
	enum tok_kind kind;
};

static const struct word_op word_ops[] = {
	{"and", TOK_AND}, {"or", TOK_OR},  {"not", TOK_NOT}, {"eq", TOK_EQ},
	{"ne", TOK_NE},   {"neq", TOK_NE}, {"lt", TOK_LT},   {"le", TOK_LE},
	{"leq", TOK_LE},  {"gt", TOK_GT},  {"ge", TOK_GE},   {"geq", TOK_GE},
};

/* The operator at @p (@left bytes remain), its length in *ret_len. */
static enum tok_kind symbol(const char *p, size_t left, size_t *ret_len)
{
	char c = p[0], d = left > 1 ? p[1] : '\0';

	*ret_len = 1;
	switch (c) {
	case '(':
		return TOK_LPAREN;
	case ')':
		return TOK_RPAREN;
	case '&':
		*ret_len = d == '&' ? 2 : 1;
		return TOK_AND;
	case '|':
		*ret_len = d == '|' ? 2 : 1;
		return TOK_OR;
	case '!':
		if (d == '=') {
			*ret_len = 2;
			return TOK_NE;
		}
		return TOK_NOT;
	case '=':
		*ret_len = d == '=' ? 2 : 1;
		return TOK_EQ;
	case '<':
		*ret_len = d == '=' ? 2 : 1;
		return d == '=' ? TOK_LE : TOK_LT;
	case '>':
		*ret_len = d == '=' ? 2 : 1;
		return d == '=' ? TOK_GE : TOK_GT;
	default:
		return TOK_WORD;
	}
}

void lex_next(struct lexer *lx, bool value, struct token *ret)
{
	const char *stops = value ? "()&|" : "()&|!=<>";
	size_t start, oplen;
	enum tok_kind k;

	skip_blank(lx);
	start = lx->pos;
	if (start >= lx->len) {
		*ret = (struct token){.kind = TOK_END, .off = lx->last_end};
		return;
	}
	if (lx->text[start] != '\0' && strchr(stops, lx->text[start])) {
		k = symbol(lx->text + start, lx->len - start, &oplen);
		lx->pos += oplen;
		lx->last_end = lx->pos;
		*ret = (struct token){.kind = k, .off = start, .len = oplen};
		return;
	}
	while (lx->pos < lx->len && !is_space(lx->text[lx->pos]) &&
	       lx->text[lx->pos] != '\0' && !strchr(stops, lx->text[lx->pos]))
		lx->pos++;
	lx->last_end = lx->pos;
	*ret = (struct token){
		.kind = TOK_WORD, .off = start, .len = lx->pos - start};
	if (value)
		return;
	for (size_t i = 0; i < sizeof(word_ops) / sizeof(word_ops[0]); i++)
		if (tok_is(lx, ret, word_ops[i].word)) {
			ret->kind = word_ops[i].kind;
			break;
		}
}

bool tok_is(const struct lexer *lx, const struct token *t, const char *word)
{
	size_t n = strlen(word);

	return t->len == n && memcmp(lx->text + t->off, word, n) == 0;
}
