// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "collect.h"
#include "filter/filter.h"

#define ELEMENTSOF(a) (sizeof(a) / sizeof((a)[0]))

/*
 * One slot per kind of dump, in ss's order; in each slot the sources in
 * the order they are tried. A NULL entry is a source this build lacks.
 */
struct slot {
	const struct collector *netlink;
	const struct collector *procfs;
};

static const struct slot slots[] = {
	{&nl_netlink_collector, &procfs_netlink_collector},
	{&nl_packet_collector, &procfs_packet_collector},
	{&nl_unix_collector, &procfs_unix_collector},
	{&nl_raw_collector, &procfs_raw_collector},
	{&nl_udp_collector, &procfs_udp_collector},
	{&nl_tcp_collector, &procfs_tcp_collector},
	{&nl_sctp_collector, NULL},
	{&nl_xdp_collector, NULL},
	{&nl_mptcp_collector, NULL},
};

bool collect_error_is_partial(int err)
{
	switch (err) {
	case -EPROTONOSUPPORT: /* no sock_diag at all */
	case -ENOENT:          /* no diag module for this protocol/family,
				* or no such /proc file */
	case -EOPNOTSUPP:
	case -EAFNOSUPPORT:
	case -EACCES:
	case -EPERM:
	case -ENOSYS:          /* sockscope has no collector for it */
		return true;
	default:
		return false;
	}
}

/* Drops what the query did not ask for: a collector may emit more (a /proc
 * file holds every state; one unix dump holds every unix table). */
struct gate {
	const struct sock_query *q;
	const struct sock_origin *origin;
	const struct sock_origin *(*origin_of)(const struct sock_rec *rec,
					       const struct sock_origin *ns,
					       void *data);
	void *origin_data;
	struct seen *inodes;
	bool as_recorded; /* keep every state (a TCPDIAG_FILE replay) */
	sock_emit_fn emit;
	void *userdata;
	size_t emitted;
	size_t dropped; /* extras left out of the sockets emitted */
};

static int gate_emit(const struct sock_rec *rec, void *userdata)
{
	struct gate *g = userdata;

	if (g->inodes && rec->inode && seen_add(g->inodes, rec->inode) < 0)
		return -ENOMEM;
	if (!query_has_netid(g->q, rec->netid) ||
	    (!g->as_recorded &&
	     !(query_states(g->q, rec->netid) & (1u << rec->state))))
		return 0;
	/* Even after the kernel ran the bytecode: a program may keep more
	 * than the expression does (filter_compile()), never less. */
	if (!filter_match_in(g->q->filter, rec,
			     g->origin_of ? g->origin_of(rec, g->origin,
							 g->origin_data)
					  : g->origin))
		return 0;
	g->emitted++;
	g->dropped += rec->detail.dropped;
	return g->emit(rec, g->userdata);
}

/* The filter's inet_diag program for one address family, compiled once
 * on first use and given to every collector that sends one. */
struct program {
	int family;    /* AF_INET or AF_INET6; 0: not compiled yet */
	void *code;    /* NULL: none (no filter, or nothing to ask) */
	size_t len;
};

/* The program for @family from @progs (one per inet family), compiling
 * it on first use. Returns 0 or filter_compile()'s negative errno. */
static int program_get(struct program *progs, size_t n,
		       const struct filter *filter, int family,
		       const struct program **ret)
{
	struct program *p = NULL;
	int r;

	for (size_t i = 0; i < n && !p; i++)
		if (progs[i].family == family || progs[i].family == 0)
			p = &progs[i];
	if (!p)
		return -EAFNOSUPPORT;
	if (p->family == 0) {
		r = filter_compile(filter, family, &p->code, &p->len, NULL);
		if (r < 0)
			return r;
		p->family = family;
	}
	*ret = p;
	return 0;
}

static int first_netid(uint32_t netids)
{
	return netids ? __builtin_ctz(netids) : -1;
}

static uint32_t slot_netids(const struct slot *s)
{
	return (s->netlink ? s->netlink->netids : 0) |
	       (s->procfs ? s->procfs->netids : 0);
}

/* Says what collector @c skipped as malformed and dropped as repeats in
 * @req, and how many extra attributes (@dropped) it left out of the
 * sockets listed, a warning each: once per table, never per socket.
 * Returns 0, or what @warn returned. */
static int warn_lines(const struct collect_req *req, const struct collector *c,
		      const struct sock_query *q, size_t dropped,
		      collect_warn_fn warn, void *userdata)
{
	struct sock_warning w = {
		.netid = (enum sock_netid)first_netid(c->netids & q->netids),
		.family = req->family,
		.source = c->source,
	};
	int r = 0;

	if (req->skipped) {
		w.err = -EBADMSG;
		w.skipped = req->skipped;
		r = warn(&w, userdata);
	}
	if (req->repeated && r >= 0) {
		w.err = -EEXIST; /* the socket is listed already */
		w.skipped = 0;
		w.repeated = req->repeated;
		r = warn(&w, userdata);
	}
	if (dropped && r >= 0) {
		w.err = -EBADMSG;
		w.skipped = 0;
		w.repeated = 0;
		w.dropped = dropped;
		r = warn(&w, userdata);
	}
	return r;
}

/* Runs one slot for one address family: netlink, then /proc if allowed
 * and netlink could not answer before it sent anything. */
static int run_slot(const struct slot *s, const struct sock_query *q,
		    const struct collect_opts *opts, int family,
		    struct gate *g, struct program *progs, size_t nprogs,
		    collect_warn_fn warn, void *userdata,
		    struct collect_where *ret_where,
		    struct collect_stats *stats)
{
	const struct collector *order[2];
	const struct collector *last = NULL;
	const struct collect_tape *tape = NULL;
	size_t n = 0;
	int r = 0;

	/* A recording answers for the kernel in the tables it covers (and,
	 * standing for the whole kernel, in every table): this host's
	 * /proc must not stand in for what it lacks, only the /proc text
	 * the recording holds (opts->proc_root). */
	if (opts->tape && (!opts->tape->replay || opts->tape->only ||
			   (opts->tape->netids & slot_netids(s))))
		tape = opts->tape;

	if (opts->source != COLLECT_SOURCE_PROCFS && s->netlink)
		order[n++] = s->netlink;
	if (opts->source != COLLECT_SOURCE_NETLINK && s->procfs &&
	    !(tape && tape->replay && !opts->proc_root))
		order[n++] = s->procfs;
	if (n == 0) {
		/* No allowed source has this table (sctp from /proc): not
		 * the kernel's doing but ours (-ENOSYS), told when named. */
		const struct collector *c = s->netlink ? s->netlink : s->procfs;
		struct sock_warning w = {
			.netid = (enum sock_netid)first_netid(c->netids &
							      q->netids),
			.family = family,
			.source = opts->source == COLLECT_SOURCE_PROCFS
					  ? SOCK_SOURCE_PROCFS
					  : SOCK_SOURCE_NETLINK,
			.err = -ENOSYS,
		};
		return warn(&w, userdata);
	}

	for (size_t i = 0; i < n; i++) {
		struct collect_req req = {
			.family = family,
			.states = query_states_any(q, order[i]->netids),
			.detail = opts->detail,
			.proc_root = opts->proc_root ? opts->proc_root
						     : "/proc",
			.tape = order[i]->source == SOCK_SOURCE_NETLINK
					? tape
					: NULL,
			.emit = gate_emit,
			.userdata = g,
		};
		size_t before = g->emitted, dropped_before = g->dropped;
		const struct program *prog;

		last = order[i];
		/* A program that cannot be built fails as the collector
		 * that would have sent it. */
		r = last->bytecode ? program_get(progs, nprogs, q->filter,
						 family, &prog)
				   : 0;
		if (r >= 0 && last->bytecode) {
			req.bytecode = prog->code;
			req.bytecode_len = prog->len;
		}
		g->as_recorded = tape && tape->as_recorded;
		if (r >= 0)
			r = last->collect(&req);
		g->as_recorded = false;
		stats->skipped += req.skipped;
		stats->repeated += req.repeated;
		stats->dropped += g->dropped - dropped_before;
		if (req.bytecode_refused) {
			stats->bc_retries++;
			stats->bc_err = req.bytecode_refused;
		}
		if (r >= 0)
			r = warn_lines(&req, last, q, g->dropped - dropped_before,
				       warn, userdata);
		/* Falling back after output would print sockets twice. */
		if (r >= 0 || !collect_error_is_partial(r) ||
		    g->emitted != before)
			break;
	}
	if (r < 0 && collect_error_is_partial(r)) {
		struct sock_warning w = {
			.netid = (enum sock_netid)first_netid(last->netids &
							      q->netids),
			.family = family,
			.source = last->source,
			.err = r,
		};
		r = warn(&w, userdata);
	}
	if (r < 0)
		*ret_where = (struct collect_where){
			.netid = first_netid(last->netids & q->netids),
			.family = family,
			.source = last->source,
		};
	return r;
}

/*
 * Runs an inet slot for both families at once through its netlink
 * collector's .collect_both, where that asks the kernel nothing more
 * than two dumps would: both families wanted, netlink allowed, no
 * recording, and the filter's program (if any) the same bytes for both
 * families, so each socket meets the program its own family's dump
 * would have sent. Returns 1 when it
 * answered for both, 0 when the slot must be run per family (nothing
 * emitted), or a negative errno.
 */
static int run_slot_both(const struct slot *s, const struct sock_query *q,
			 const struct collect_opts *opts, struct gate *g,
			 struct program *progs, size_t nprogs,
			 collect_warn_fn warn, void *userdata,
			 struct collect_where *ret_where,
			 struct collect_stats *stats)
{
	const struct collector *c = s->netlink;
	const struct program *p4, *p6;
	size_t dropped_before = g->dropped, before = g->emitted;
	int r;

	if (!c || !c->collect_both || opts->tape ||
	    opts->source == COLLECT_SOURCE_PROCFS ||
	    !query_has_family(q, AF_INET) || !query_has_family(q, AF_INET6))
		return 0;
	/* A program that cannot be built is the per-family way's to say. */
	if (program_get(progs, nprogs, q->filter, AF_INET, &p4) < 0 ||
	    program_get(progs, nprogs, q->filter, AF_INET6, &p6) < 0 ||
	    p4->len != p6->len || !p4->code != !p6->code ||
	    (p4->code && memcmp(p4->code, p6->code, p4->len) != 0))
		return 0;

	struct collect_req req = {
		.family = AF_UNSPEC,
		.states = query_states_any(q, c->netids),
		.detail = opts->detail,
		.bytecode = p4->code,
		.bytecode_len = p4->len,
		.proc_root = opts->proc_root ? opts->proc_root : "/proc",
		.emit = gate_emit,
		.userdata = g,
	};
	r = c->collect_both(&req);
	if ((r == -EINVAL || r == -ENOENT || r == -EOPNOTSUPP) &&
	    g->emitted == before)
		return 0;
	stats->dropped += g->dropped - dropped_before;
	/* Malformed replies and odd attributes are told as IPv4's: one
	 * walk cannot say which family they came from. */
	req.family = AF_INET;
	if (r >= 0)
		r = warn_lines(&req, c, q, g->dropped - dropped_before, warn,
			       userdata);
	if (r < 0) {
		*ret_where = (struct collect_where){
			.netid = first_netid(c->netids & q->netids),
			.family = AF_INET,
			.source = c->source,
		};
		return r;
	}
	return 1;
}

/* Passes warnings on, noting one that says netlink lacks the table. */
struct absence {
	collect_warn_fn warn;
	void *userdata;
	bool absent; /* from netlink, or from every source sockscope has */
};

static int absence_warn(const struct sock_warning *w, void *userdata)
{
	struct absence *a = userdata;

	if (w->err == -ENOSYS ||
	    (w->source == SOCK_SOURCE_NETLINK && !w->skipped &&
	     collect_error_is_partial(w->err) && w->err != -EACCES &&
	     w->err != -EPERM))
		a->absent = true;
	return a->warn(w, a->userdata);
}

static int slot_family(const struct slot *s)
{
	return s->netlink ? s->netlink->family : s->procfs->family;
}

int collect_run(const struct sock_query *q, const struct collect_opts *opts,
		sock_emit_fn emit, collect_warn_fn warn, void *userdata,
		struct collect_where *ret_where, struct collect_stats *ret_stats)
{
	static const int inet_families[] = {AF_INET, AF_INET6};
	struct collect_stats stats = {0};
	struct gate g = {.q = q,
			 .origin = opts->origin,
			 .inodes = opts->inodes,
			 .emit = emit,
			 .userdata = userdata};
	struct program progs[ELEMENTSOF(inet_families)] = {0};
	int r = 0;

	/* Only a term on what runs a socket needs each one's own answer. */
	if (opts->origin && opts->origin_of &&
	    filter_names_runner(q->filter)) {
		g.origin_of = opts->origin_of;
		g.origin_data = opts->origin_data;
	}
	for (size_t i = 0; i < ELEMENTSOF(slots) && r >= 0; i++) {
		const struct slot *s = &slots[i];
		int family = slot_family(s);

		if (!(slot_netids(s) & q->netids))
			continue;
		if (family != AF_INET) {
			if (query_has_family(q, family))
				r = run_slot(s, q, opts, family, &g, progs,
					     ELEMENTSOF(progs), warn, userdata,
					     ret_where, &stats);
			continue;
		}
		r = run_slot_both(s, q, opts, &g, progs, ELEMENTSOF(progs),
				  warn, userdata, ret_where, &stats);
		if (r != 0) {
			r = r < 0 ? r : 0;
			continue;
		}
		for (size_t f = 0; f < ELEMENTSOF(inet_families) && r >= 0;
		     f++) {
			struct absence a = {.warn = warn, .userdata = userdata};

			if (!query_has_family(q, inet_families[f]))
				continue;
			r = run_slot(s, q, opts, inet_families[f], &g, progs,
				     ELEMENTSOF(progs), absence_warn, &a,
				     ret_where, &stats);
			/* inet_diag finds its handler by protocol alone: a
			 * protocol it lacks for IPv4 it lacks for IPv6 too,
			 * which is one thing to say, once. */
			if (a.absent)
				break;
		}
	}
	/* Tables no slot serves (vsock, tipc: no collector in this build)
	 * were never asked of the kernel: one warning per family says so
	 * (-ENOSYS), not an error the kernel did not give. */
	for (unsigned n = 0; n < _SOCK_NETID_MAX && r >= 0; n++) {
		struct sock_warning w = {
			.netid = (enum sock_netid)n,
			.family = n == SOCK_NETID_TIPC ? AF_TIPC : AF_VSOCK,
			.err = -ENOSYS,
		};
		bool served = false;

		for (size_t i = 0; i < ELEMENTSOF(slots); i++)
			served |= (slot_netids(&slots[i]) >> n) & 1;
		if (served || !query_has_netid(q, (enum sock_netid)n))
			continue;
		r = warn(&w, userdata);
		if (n == SOCK_NETID_VSOCK_STREAM)
			n++; /* v_dgr: the same family, the same absence */
	}
	for (size_t i = 0; i < ELEMENTSOF(progs); i++)
		free(progs[i].code);
	*ret_stats = stats;
	return r;
}
