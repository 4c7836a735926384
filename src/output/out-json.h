/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The JSON member writers of out-json.c, for the other files that write
 * parts of a socket object (out-json-detail.c). Each writes one member of
 * the object or array being written, with its comma and, for --pretty,
 * its indentation; a NULL @key writes an array element.
 */

#include <stdbool.h>
#include <stddef.h>

struct out;

/* The key (or the separator of an element) only: the value follows. */
void out_json_member(struct out *o, const char *key);
void out_json_u64(struct out *o, const char *key, unsigned long long v);
/* A string sockscope chose (plain ASCII). */
void out_json_str(struct out *o, const char *key, const char *s);
/* A string from outside: escaped, with "<key>_hex" when not UTF-8. */
void out_json_name(struct out *o, const char *key, const char *s,
		   size_t len);
void out_json_bool(struct out *o, const char *key, bool v);
/* Opens an object ('{') or array ('[') as member @key; close it with
 * out_json_close() and the matching character. */
void out_json_open(struct out *o, const char *key, char c);
void out_json_close(struct out *o, char c);
