/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Tokens of the filter language. Two modes, because values contain
 * characters that are operators elsewhere: a unix glob "[!a]*", a path
 * with '=', an address with ':' and '/'. Between terms, words stop at
 * any operator character, so "(dport=:22)" needs no spaces; a value
 * (after src, dst, an operator) runs to white space, a parenthesis,
 * '&' or '|'.
 */

#include <stdbool.h>
#include <stddef.h>

enum tok_kind {
	TOK_END,
	TOK_WORD,
	TOK_LPAREN,
	TOK_RPAREN,
	TOK_NOT, /* ! not */
	TOK_AND, /* & && and */
	TOK_OR,  /* | || or */
	TOK_EQ,  /* = == eq */
	TOK_NE,  /* != ne neq */
	TOK_LT,  /* < lt */
	TOK_LE,  /* <= le leq */
	TOK_GT,  /* > gt */
	TOK_GE,  /* >= ge geq */
};

struct token {
	enum tok_kind kind;
	size_t off, len; /* where it is in the text */
};

struct lexer {
	const char *text;
	size_t len, pos;
	size_t last_end; /* where the last token before the end stops */
};

/* Starts reading @text (@len bytes). */
void lex_init(struct lexer *lx, const char *text, size_t len);

/*
 * Reads the next token into *ret. @value selects value mode (see above);
 * the end of the text is a TOK_END placed right after the last token,
 * not after trailing blanks and comments, so a caret there lands next
 * to what is missing something.
 * a value is always TOK_WORD unless it starts with a parenthesis, '&',
 * '|', or the text ends. Operator words ("and", "eq") are recognized
 * only between terms. Never fails: an unknown character is part of a
 * word.
 */
void lex_next(struct lexer *lx, bool value, struct token *ret);

/* Whether @t is the word @word. */
bool tok_is(const struct lexer *lx, const struct token *t, const char *word);
