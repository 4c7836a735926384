/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The collection: collect.c owns the order in which tables are dumped,
 * the netlink-then-procfs fallback, and the filter's part (compiled once,
 * handed to the collectors as bytecode; every record tested after).
 */

#include <stddef.h>

#include "collector.h"
#include "query.h"
#include "sock.h"
#include "util/seen.h"

enum collect_source {
	COLLECT_SOURCE_AUTO,    /* netlink, and procfs where netlink cannot */
	COLLECT_SOURCE_NETLINK, /* netlink only */
	COLLECT_SOURCE_PROCFS,  /* procfs only */
};

struct collect_opts {
	enum collect_source source;
	const char *proc_root; /* NULL: "/proc" */
	unsigned detail;       /* SOCK_DETAIL_*, for collect_req.detail */
	/* --all-netns: where the records come from, for the filter's
	 * netns/container/pod/unit terms; NULL: not known. Borrowed. */
	const struct sock_origin *origin;
	/* With @origin: the origin of one record where it may differ from
	 * its namespace's (its holders run elsewhere: -p), asked only for a
	 * filter with container, pod or unit terms; NULL: @origin for all.
	 * Returns @ns or an origin that lives until the next call. */
	const struct sock_origin *(*origin_of)(const struct sock_rec *rec,
					       const struct sock_origin *ns,
					       void *data);
	void *origin_data;
	/* NULL, or a set every socket collected (before the query's
	 * states and filter) adds its inode to: --all-netns learns which
	 * sockets are in a namespace it has dumped. Borrowed. */
	struct seen *inodes;
	const struct collect_tape *tape; /* NULL, or a recording to replay
					  * (no /proc fallback but to
					  * @proc_root) or to record to;
					  * borrowed */
};

/* Told about a table/family that could not be seen (w->err: negative
 * errno; w->source: the last source tried) or was seen with malformed
 * lines skipped. Returning a negative errno stops the whole collection. */
typedef int (*collect_warn_fn)(const struct sock_warning *w, void *userdata);

/*
 * Whether a collector error means "this part could not be seen" (a
 * warning, or a reason to try /proc) rather than a failure that ends the
 * run.
 */
bool collect_error_is_partial(int err);

/* Which collection failed, for the message. */
struct collect_where {
	int netid; /* enum sock_netid of the first table the collector
		    * serves, or -1: not a collector's failure */
	int family;
	enum sock_source source;
};

/* Totals of a run, for the caller to report. */
struct collect_stats {
	size_t skipped; /* malformed /proc lines skipped */
	size_t repeated; /* /proc lines dropped as repeats */
	size_t dropped;  /* netlink: extra attributes of an unexpected size
			  * left out (sock_detail.dropped, summed) */
	size_t bc_retries; /* dumps asked again without the filter program
			    * the kernel refused (mark, cgroup tests) */
	int bc_err;        /* the last refusal's negative errno */
};

/*
 * Dumps every table and family @q selects, in ss's order, calling @emit
 * per socket and @warn per table/family that could not be seen from any
 * allowed source. Returns 0, or the first negative errno that was not
 * partial (from a collector, @emit or @warn); nothing more is collected
 * after it, and *ret_where says which table and family were being dumped.
 * *ret_stats is filled either way.
 */
int collect_run(const struct sock_query *q, const struct collect_opts *opts,
		sock_emit_fn emit, collect_warn_fn warn, void *userdata,
		struct collect_where *ret_where, struct collect_stats *ret_stats);
