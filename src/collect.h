/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Collectors: one per file, each a const descriptor. collect.c owns the
 * order in which tables are dumped and what happens when one fails.
 */

#include "query.h"
#include "sock.h"

struct collector {
	const char *name; /* the source, for messages: "netlink" */
	enum sock_netid netid;
	enum sock_source source;
	/*
	 * Emits every socket of table @netid and address family @family
	 * that the kernel holds in the states of @q. Returns 0, the
	 * negative errno @emit returned, or a negative errno saying why
	 * the kernel could not answer.
	 */
	int (*collect)(const struct sock_query *q, int family,
		       sock_emit_fn emit, void *userdata);
};

extern const struct collector nl_tcp_collector;
extern const struct collector nl_udp_collector;

/*
 * Told about a table/family the kernel would not show. @err is a negative
 * errno. Returning a negative errno stops the whole collection.
 */
typedef int (*collect_warn_fn)(enum sock_netid netid, int family, int err,
			       void *userdata);

/*
 * Whether a collector error means "this part could not be seen" (a
 * warning; the rest goes on) rather than a failure that ends the run.
 */
bool collect_error_is_partial(int err);

/* Which collection failed, for the message. */
struct collect_where {
	int netid; /* enum sock_netid, or -1: not a collector's failure */
	int family;
};

/*
 * Dumps every table and family @q selects, in ss's order, calling @emit
 * per socket and @warn per table/family that could not be seen. Returns 0,
 * or the first negative errno that was not partial (from a collector,
 * @emit or @warn); nothing more is collected after it, and *ret_where
 * says which table and family were being dumped.
 */
int collect_run(const struct sock_query *q, sock_emit_fn emit,
		collect_warn_fn warn, void *userdata,
		struct collect_where *ret_where);
