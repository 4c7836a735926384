/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The ss filter language:
 *
 *   [ state NAME | exclude NAME ]... [ EXPRESSION ]
 *
 * parsed once into a tree, then used two ways: filter_match() decides any
 * record in userspace (every family, every source), and filter_compile()
 * turns the part of the tree the kernel understands into inet_diag
 * bytecode, so an inet dump copies only sockets that may match.
 *
 * The compiled program never rejects a socket the expression accepts: a
 * term the kernel cannot decide (autobound) is replaced by whichever
 * constant keeps the program a superset. The caller therefore runs
 * filter_match() on every record the kernel returns, and the output is
 * the same with or without bytecode.
 *
 * Developer switch: SOCKSCOPE_NO_BYTECODE=1 in the environment (or
 * filter_env.no_bytecode) makes filter_compile() return no program, so
 * the kernel sends everything and only userspace decides. tests/filter
 * runs every expression both ways and compares.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sock.h"

struct filter;

/* Where filter_parse() looks things up; zero-initialize for the system's
 * files. Tests point these at fixtures. */
struct filter_env {
	const char *services_path;   /* NULL: /etc/services */
	const char *cgroup_root;     /* cgroup2 mount point; NULL: found in
				      * /proc/self/mountinfo */
	const char *port_range_path; /* NULL: the running netns's
				      * /proc/sys/net/ipv4/ip_local_port_range */
	bool no_resolve;  /* host names are errors instead of lookups */
	bool no_bytecode; /* filter_compile() never returns a program */
	/* --port: besides the text's expression, either end of the socket
	 * must be on one of these @n_ports ports (borrowed; may be NULL). */
	const uint16_t *ports;
	size_t n_ports;
};

#define FILTER_MSG_MAX 192

/* Why a text is not a filter. */
struct filter_error {
	size_t offset; /* byte offset of the offending token in the text */
	size_t len;    /* its length in bytes; 0 at the end of the text */
	char msg[FILTER_MSG_MAX]; /* "expected ...", or "unknown service
				   * 'htps'": one phrase, no position */
};

/*
 * Parses @text (NUL-terminated; may span lines, '#' starts a comment that
 * runs to the end of the line). Resolves what the text names: services,
 * host names (every address), devices, cgroups. Returns 0 and a new
 * filter in *ret; -EINVAL with *ret_err filled when the text is not a
 * filter or names something unknown; -ENOMEM. *ret is untouched on
 * failure, *ret_err on success.
 */
int filter_parse(const char *text, const struct filter_env *env,
		 struct filter **ret, struct filter_error *ret_err);

/* Frees @f; NULL is fine. */
void filter_free(struct filter *f);

/*
 * The states the selectors (state NAME, exclude NAME) choose, as ss: the
 * first "state" starts from none, the first "exclude" from all. Returns
 * true and the mask (bit 1 << enum sock_state) in *ret_states, or false
 * when the text had no selector (*ret_states untouched).
 */
bool filter_states(const struct filter *f, uint32_t *ret_states);

/* Whether the filter has an expression (not only state selectors). */
bool filter_has_expression(const struct filter *f);

/* Whether @rec matches the expression. A NULL filter, or one without an
 * expression, matches everything. Pure and cheap; safe from any thread. */
bool filter_match(const struct filter *f, const struct sock_rec *rec);

/*
 * filter_match() for a record seen where @origin says (--all-netns; NULL:
 * unknown, so "container = X" is false and "container != X" true). The
 * netns, container, pod, unit and uid/user terms are sockscope's own,
 * decided here only: ss has none of them.
 */
bool filter_match_in(const struct filter *f, const struct sock_rec *rec,
		     const struct sock_origin *origin);

/* Whether the expression has a netns or container term, so it may be
 * confined to namespaces or containers (-K --all-netns needs one). */
bool filter_names_origin(const struct filter *f);

/* Whether the expression has a container, pod or unit term: what runs a
 * socket, which may differ from socket to socket of one namespace (its
 * holders', with -p). */
bool filter_names_runner(const struct filter *f);

/* The address families (QUERY_FAMILY_* bits) of sockets the expression
 * can match at all: a collector may skip the others. */
uint32_t filter_families(const struct filter *f);

/*
 * Compiles the expression for an inet_diag dump of address family
 * @family (AF_INET or AF_INET6) into an INET_DIAG_REQ_BYTECODE payload.
 * Returns 0 and a malloc'ed program in *ret_code (*ret_len bytes), or 0
 * with *ret_code NULL and *ret_len 0 when no program should be attached
 * (every socket may match, bytecode is switched off, or the program
 * would not fit in a netlink attribute); -ENOMEM. When @ret_exact is not
 * NULL it says whether the kernel's verdict equals filter_match()'s for
 * every socket of the family (false: a superset; filter_match() must
 * still run). A program may use INET_DIAG_BC_MARK_COND, which the kernel
 * refuses (EPERM) without CAP_NET_ADMIN, and INET_DIAG_BC_CGROUP_COND,
 * which it refuses (EINVAL) without CONFIG_SOCK_CGROUP_DATA: on either,
 * dump again without the program.
 */
int filter_compile(const struct filter *f, int family, void **ret_code,
		   size_t *ret_len, bool *ret_exact);

/*
 * Writes the expression tree as an S-expression ("(and (dport = 443)
 * (dst 10.0.0.0/8))", "true" when there is none) into @buf, always
 * NUL-terminated. Returns the length the whole text needs (as
 * snprintf), for tests and debugging.
 */
size_t filter_format(const struct filter *f, char *buf, size_t size);

/* Where an error is, for printing the offending line with a caret. */
struct filter_where {
	unsigned line;     /* 1-based */
	unsigned column;   /* 1-based, in characters of that line */
	size_t line_start; /* byte offset of the line in the text */
	size_t line_len;   /* bytes, without the newline */
};

/* Locates @err in @text (the text given to filter_parse()). */
void filter_error_where(const char *text, const struct filter_error *err,
			struct filter_where *ret);

/*
 * Writes the caret line for @err into @buf: the characters of the line
 * before the error turned into spaces (tabs kept, so the caret lines up
 * under a terminal's tab stops), then '^' under each character of the
 * token (one at the end of the text). Always NUL-terminated; truncated
 * if @size is short.
 */
void filter_error_caret(const char *text, const struct filter_error *err,
			char *buf, size_t size);

/*
 * Builds the filter text from the command line: the @nwords words joined
 * with spaces, then, if @file is not NULL, a newline and the contents of
 * @file ("-" reads standard input). Returns 0 and a malloc'ed string in
 * *ret_text; -ENOMEM; or the negative errno of opening or reading the
 * file (-EINVAL for a file holding a NUL byte or over 1 MiB).
 */
int filter_text_load(char *const *words, int nwords, const char *file,
		     char **ret_text);
