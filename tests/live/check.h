/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Comparisons of sockscope's output with the population that made it.
 * Each fails the running cmocka test, naming the socket at fault. */

#include <stdbool.h>
#include <stddef.h>

#include "population.h"
#include "sockjson.h"

/*
 * Asserts that @v (@n sockets parsed from JSON) is exactly the part of
 * @pop that ss-style @flags select: each selected socket once, with every
 * field right (netid, family, state, addresses and ports, queues within
 * their range, interface, v6only, inode, uid, cookie, source), and no
 * other socket.
 */
void check_json_sockets(const struct population *pop, const char *flags,
			const struct js_sock *v, size_t n);

/*
 * Asserts that @a and @b, two outputs taken one after the other, hold the
 * same sockets with the same fields, in any order. Queue lengths are
 * compared only where @pop says the kernel's count cannot move.
 */
void check_json_same(const struct population *pop, const struct js_sock *a,
		     size_t na, const struct js_sock *b, size_t nb);

/* One line of a table, split at runs of blanks. */
#define CHECK_TOKENS_MAX 8
struct check_row {
	char *tok[CHECK_TOKENS_MAX];
	size_t ntok;
	const char *line; /* a copy of the whole line, NUL-terminated */
	size_t len;
	const char *base; /* where the line starts in the split text: the
			   * column of tok[i] is tok[i] - base */
};

/*
 * Splits @text (NUL-terminated, modified in place: lines and tokens are
 * cut with NULs) into rows. A copy of each whole line is kept in ->line.
 * Returns the rows (free with check_rows_free()) and their number.
 */
struct check_row *check_rows(char *text, size_t *ret_n);
void check_rows_free(struct check_row *rows, size_t n);
