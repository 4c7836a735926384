/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A small JSON writer for the documents that are not socket lists (-s,
 * --protocol-stats): objects and arrays of numbers and strings, compact
 * or indented two spaces a level (--pretty), written into an obuf.
 * It checks no nesting: the caller closes what it opened.
 */

#include <stdbool.h>
#include <stdint.h>

#include "obuf.h"
#include "sock.h"

struct jsonw {
	struct obuf *ob; /* borrowed */
	bool pretty;
	int depth;
	bool first; /* nothing written yet at this depth */
};

/* Prepares @w to write into @ob. */
void jsonw_init(struct jsonw *w, struct obuf *ob, bool pretty);

/* Opens an object ('{') or array ('[') as member @key of the enclosing
 * object, or as an element (@key NULL: an array's, or the document). */
void jsonw_open(struct jsonw *w, const char *key, char bracket);

/* Closes what the last jsonw_open() at this depth opened. */
void jsonw_close(struct jsonw *w, char bracket);

/* Members: @key (escaped as any string) and a value. */
void jsonw_u64(struct jsonw *w, const char *key, uint64_t v);
/* A signed number given as sign and magnitude ("-1" for true, 1). */
void jsonw_signed(struct jsonw *w, const char *key, bool negative,
		  uint64_t magnitude);
void jsonw_str(struct jsonw *w, const char *key, const char *s);
/* A string of @len bytes from outside (escaped, invalid UTF-8 as
 * U+FFFD). */
void jsonw_strn(struct jsonw *w, const char *key, const char *s, size_t len);

/* Members "netns", "container", "pod", "unit" of --all-netns's @g, as the
 * socket objects have them (sockscope(8), JSON): each only when known. */
void jsonw_origin(struct jsonw *w, const struct sock_origin *g);

/* The members of --all-netns's warning @v (netns_path set), then the
 * '}' of the object the caller opened for it (sockscope(8), Warnings). */
void jsonw_netns_warning(struct jsonw *w, const struct sock_warning *v);
