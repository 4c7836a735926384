/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Collectors: one per file, each a const descriptor. collect.c owns the
 * order in which tables are dumped and the netlink-then-procfs fallback.
 */

#include <stddef.h>

#include "query.h"
#include "sock.h"

/* Everything one collector call needs; built by collect.c. */
struct collect_req {
	const struct sock_query *q;
	int family;            /* the address family to dump (AF_INET6 too,
				* for a collector whose .family is AF_INET) */
	const char *proc_root; /* "/proc", or --proc-root */
	sock_emit_fn emit;
	void *userdata;
	size_t skipped;        /* procfs: malformed lines skipped (added to) */
	size_t repeated;       /* procfs: lines dropped as a repeat of a
				* socket already listed (added to) */
	unsigned detail;       /* SOCK_DETAIL_*: what else to ask the
				* kernel for (netlink; procfs has none) */
};

struct collector {
	const char *name;      /* for messages: "netlink", "procfs" */
	enum sock_source source;
	int family;            /* AF_INET stands for inet and inet6: such a
				* collector is called once per address family */
	uint32_t netids;       /* bit (1 << enum sock_netid) it produces */
	/*
	 * Emits every socket of req->family in the tables and states of
	 * req->q (the collector may emit more; the caller drops what was
	 * not asked for). Returns 0, the negative errno emit returned, or a
	 * negative errno saying why the kernel could not answer:
	 * -EPROTONOSUPPORT/-ENOENT/-EOPNOTSUPP/-EAFNOSUPPORT when the kernel
	 * lacks it, -EACCES/-EPERM when we may not see it, -EBADMSG for an
	 * answer that does not parse.
	 */
	int (*collect)(struct collect_req *req);
};

/* netlink/: sock_diag, one file each (.name "netlink"). */
extern const struct collector nl_netlink_collector;
extern const struct collector nl_packet_collector;
extern const struct collector nl_unix_collector;
extern const struct collector nl_raw_collector;
extern const struct collector nl_udp_collector;
extern const struct collector nl_tcp_collector;
extern const struct collector nl_sctp_collector;
extern const struct collector nl_xdp_collector;
extern const struct collector nl_mptcp_collector;

/* procfs/: each reads <proc_root>/net/<file> (.name "procfs"). */
extern const struct collector procfs_tcp_collector;     /* tcp, tcp6 */
extern const struct collector procfs_udp_collector;     /* udp, udp6 */
extern const struct collector procfs_raw_collector;     /* raw, raw6 */
extern const struct collector procfs_unix_collector;    /* unix */
extern const struct collector procfs_packet_collector;  /* packet */
extern const struct collector procfs_netlink_collector; /* netlink */

enum collect_source {
	COLLECT_SOURCE_AUTO,    /* netlink, and procfs where netlink cannot */
	COLLECT_SOURCE_NETLINK, /* netlink only */
	COLLECT_SOURCE_PROCFS,  /* procfs only */
};

struct collect_opts {
	enum collect_source source;
	const char *proc_root; /* NULL: "/proc" */
	unsigned detail;       /* SOCK_DETAIL_*, for collect_req.detail */
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
