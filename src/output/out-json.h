/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The JSON member writers (out-json-member.c), for the files that write
 * parts of a socket object (out-json.c, out-json-detail.c). Each writes
 * one member of the object or array being written, with its comma and,
 * for --pretty, its indentation; a NULL @key writes an array element.
 */

#include <stdbool.h>
#include <stddef.h>

struct out;
struct sock_warning;

/* The JSON formatters' state (struct out's state). */
struct json {
	size_t nsocks;
	struct sock_warning *warnings; /* printed after the sockets */
	size_t nwarnings;
	int depth;   /* nesting, for --pretty */
	bool first;  /* no member written yet at this depth */
};

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
/* Opens an object or array where the key (or separator) was written. */
void out_json_begin(struct out *o, char c);
void out_json_close(struct out *o, char c);
