// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --diff FILE: what changed between the sockets FILE recorded (before)
 * and now, or the sockets of --from FILE2. The before side is held whole
 * (its records point into the file, which stays in memory); the after
 * side streams, each socket looked up in the before side: by cookie, or
 * where the cookies differ by table, addresses, ports and inode. Added
 * and changed sockets are printed as they come, removed ones at the end.
 * With --all-netns both sides are every namespace (the file's, and the
 * live host's or FILE2's), and a socket is keyed by its namespace too:
 * 127.0.0.1:80 in two namespaces is two sockets.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "collect.h"
#include "names/names.h"
#include "netns/netns-run.h"
#include "output/out.h"
#include "snapshot/snapshot.h"
#include "util/grow.h"
#include "util/hash.h"

struct cookie_key {
	uint64_t cookie;
	uint64_t netns; /* its nsfs inode with --all-netns, else 0 */
	uint32_t netid; /* + 1: never all zero */
	uint32_t zero;
};

struct tuple_key {
	uint64_t netns;
	uint32_t netid; /* + 1 */
	uint32_t family;
	uint32_t inode;
	uint16_t local_port, peer_port;
	uint8_t local_addr[16], peer_addr[16];
};

/* A before socket, and whether an after one was found the same. */
struct before_rec {
	struct sock_rec rec;
	/* --all-netns: its namespace (one of the file's origins) */
	const struct sock_origin *origin;
	bool matched;
};

struct before {
	uint32_t self;  /* the pid of the sockscope that wrote the file */
	struct before_rec *v;
	const struct sock_origin *cur; /* --all-netns: the one being read */
	size_t n, cap;
	struct hash_table by_cookie; /* cookie_key -> uint32_t index */
	struct hash_table by_tuple;  /* tuple_key -> uint32_t index */
};

struct diff {
	const struct options *opts;
	uint32_t self; /* the pid of the after side's sockscope */
	struct before before;
	struct out *out;
	char stamp[CMD_STAMP_MAX]; /* the after side's moment (now) */
	uint64_t stamp_us;
	size_t changes;
	const struct sock_origin *cur; /* --all-netns: the after side's */
	struct collect_opts copts;     /* the after side's */
	struct collect_where where;
};

static uint64_t netns_of(const struct sock_origin *o)
{
	return o ? o->netns_inode : 0;
}

static struct cookie_key cookie_key(const struct sock_rec *rec,
				    const struct sock_origin *o)
{
	return (struct cookie_key){.cookie = rec->cookie,
				   .netns = netns_of(o),
				   .netid = (uint32_t)rec->netid + 1};
}

static struct tuple_key tuple_key(const struct sock_rec *rec,
				  const struct sock_origin *o)
{
	struct tuple_key k = {
		.netns = netns_of(o),
		.netid = (uint32_t)rec->netid + 1,
		.family = (uint32_t)rec->family,
		.inode = rec->inode,
		.local_port = rec->local_port,
		.peer_port = rec->peer_port,
	};

	memcpy(k.local_addr, rec->local_addr, sizeof(k.local_addr));
	memcpy(k.peer_addr, rec->peer_addr, sizeof(k.peer_addr));
	return k;
}

/* Indexes record @i under @key in @t; the first record of a key keeps
 * it (a later one is found by the other key). */
static int index_put(struct hash_table *t, const void *key, uint32_t i)
{
	void *slot;
	int r = hash_table_insert(t, key, &slot);

	if (r == 1)
		memcpy((char *)slot + t->key_size, &i, sizeof(i));
	return r < 0 ? r : 0;
}

static int index_get(const struct hash_table *t, const void *key,
		     uint32_t *ret)
{
	const void *slot = hash_table_find(t, key);

	if (!slot)
		return -ENOENT;
	memcpy(ret, (const char *)slot + t->key_size, sizeof(*ret));
	return 0;
}

/* Whether @rec is the sock_diag socket the sockscope of pid @self dumped
 * through: the kernel binds a process's first netlink socket to its pid.
 * It comes and goes with every run, and is no change of the host. */
static bool is_self(const struct sock_rec *rec, uint32_t self)
{
	return rec->netid == SOCK_NETID_NETLINK && self &&
	       rec->protocol == NETLINK_SOCK_DIAG && rec->portid == self;
}

static int keep_before(const struct sock_rec *rec, void *userdata)
{
	struct before *b = userdata;
	struct tuple_key tk = tuple_key(rec, b->cur);
	int r;

	if (is_self(rec, b->self))
		return 0;
	if (b->n >= UINT32_MAX)
		return -E2BIG;
	r = grow_array((void **)&b->v, &b->cap, b->n + 1, sizeof(*b->v), 1024);
	if (r < 0)
		return r;
	b->v[b->n] = (struct before_rec){.rec = *rec, .origin = b->cur};
	if (rec->has_cookie) {
		struct cookie_key ck = cookie_key(rec, b->cur);

		r = index_put(&b->by_cookie, &ck, (uint32_t)b->n);
		if (r < 0)
			return r;
	}
	r = index_put(&b->by_tuple, &tk, (uint32_t)b->n);
	if (r < 0)
		return r;
	b->n++;
	return 0;
}

static void before_done(struct before *b)
{
	free(b->v);
	hash_table_done(&b->by_cookie);
	hash_table_done(&b->by_tuple);
}

/* One change: a table row marked @mark, or an --ndjson event. */
static int report(struct diff *d, char mark, const char *event,
		  const struct sock_rec *rec)
{
	d->changes++;
	if (d->opts->format == OUT_FORMAT_NDJSON)
		return out_ndjson_event(d->out, event, d->stamp, d->stamp_us,
					rec);
	d->out->mark = mark;
	return out_sock(d->out, rec);
}

/* The before socket @rec is the same socket as, or -ENOENT. */
static int find_before(struct before *b, const struct sock_rec *rec,
		       const struct sock_origin *o, uint32_t *ret)
{
	struct tuple_key tk = tuple_key(rec, o);
	uint32_t i;

	if (rec->has_cookie) {
		struct cookie_key ck = cookie_key(rec, o);

		if (index_get(&b->by_cookie, &ck, &i) == 0 && !b->v[i].matched) {
			*ret = i;
			return 0;
		}
	}
	if (index_get(&b->by_tuple, &tk, &i) == 0 && !b->v[i].matched) {
		*ret = i;
		return 0;
	}
	return -ENOENT;
}

static int on_after(const struct sock_rec *rec, void *userdata)
{
	struct diff *d = userdata;
	const struct sock_rec *was;
	uint32_t i;

	if (is_self(rec, d->self))
		return 0;
	if (find_before(&d->before, rec, d->cur, &i) < 0)
		return report(d, '+', "added", rec);
	d->before.v[i].matched = true;
	was = &d->before.v[i].rec;
	if (was->state != rec->state || was->recv_q != rec->recv_q ||
	    was->send_q != rec->send_q)
		return report(d, '~', "changed", rec);
	return 0;
}

static int on_warning(const struct sock_warning *w, void *userdata)
{
	struct diff *d = userdata;

	return cmd_warn(d->opts, w) && d->opts->format != OUT_FORMAT_NDJSON
		       ? out_warning(d->out, w)
		       : 0;
}


/* --all-netns: the before side's namespaces, one at a time. */
struct before_all {
	struct diff *d;
	struct collect_opts copts;
	struct collect_where *where;
};

static int before_netns(const struct sock_origin *o, void *userdata)
{
	struct before_all *a = userdata;
	struct collect_opts copts = a->copts;
	struct collect_stats stats;

	copts.origin = o;
	a->d->before.cur = o;
	return collect_run(&a->d->opts->query, &copts, keep_before, cmd_warn_none,
			   &a->d->before, a->where, &stats);
}

/* Reads the before side whole, before anything is printed. */
static int load_before(struct diff *d, struct snapshot **ret)
{
	const struct options *opts = d->opts;
	struct collect_where where = {.netid = -1};
	struct collect_opts copts = {.detail = options_detail(opts)};
	struct collect_stats stats;
	struct snapshot_error e;
	struct snapshot *s;
	int r;

	r = snapshot_open(opts->diff, SNAPSHOT_FROM, &s, &e);
	if (r == -EBADMSG)
		return cmd_bad_file("--diff", opts->diff, &e);
	if (r < 0) {
		cmd_error("--diff %s: %s", opts->diff,
			strerror(-r));
		return r == -ENOMEM ? EXIT_FAILURE : CMD_EXIT_BADINPUT;
	}
	copts.tape = snapshot_tape(s);
	d->before.self = snapshot_pid(s);
	r = snapshot_proc_root(s, &copts.proc_root);
	if (r < 0) {
		cmd_error("--diff %s: %s", opts->diff,
			strerror(-r));
		snapshot_free(s);
		return EXIT_FAILURE;
	}
	if (opts->all_netns) {
		struct before_all a = {.d = d, .copts = copts,
				       .where = &where};

		/* Warnings are the after side's to say. */
		r = snapshot_netns_walk(s, before_netns, cmd_warn_none, &a);
	} else {
		r = collect_run(&opts->query, &copts, keep_before, cmd_warn_none,
				&d->before, &where, &stats);
	}
	if (r == -EBADMSG && snapshot_last_dump(s, &e) == 0) {
		snapshot_free(s);
		return cmd_bad_file("--diff", opts->diff, &e);
	}
	if (r < 0) {
		snapshot_free(s);
		return cmd_collect_failed(r, &where);
	}
	*ret = s;
	return 0;
}

/* --all-netns: one namespace of the after side, live (on the dumping
 * thread, inside it) or from FILE2. */
static int after_netns(struct netns_entry *e, void *userdata)
{
	struct diff *d = userdata;
	struct collect_opts copts = d->copts;
	struct collect_stats stats;

	copts.origin = &e->origin;
	copts.inodes = e->dumped; /* NULL for a file's */
	d->cur = &e->origin;
	d->out->origin = &e->origin;
	/* Interface indexes are per namespace. */
	names_netns_entered(d->out->names, e->inode);
	return collect_run(&d->opts->query, &copts, on_after, on_warning, d,
			   &d->where, &stats);
}

static int after_all_netns(struct diff *d, struct cmd_source *src,
			   struct netns_list **ret_list)
{
	const struct netns_run nr = {
		.find_pinned = true,
		.dump = after_netns,
		.userdata = d,
	};

	if (src->snap)
		return cmd_source_all_netns(src, &nr, on_warning, d);
	/* The dumping thread reads /proc/net as its own. */
	d->copts.proc_root = "/proc/thread-self";
	return cmd_all_netns(&nr, NULL, on_warning, d, ret_list);
}

int cmd_diff(const struct options *opts)
{
	struct diff d = {
		.opts = opts,
		.before = {
			.by_cookie = HASH_TABLE_INIT(sizeof(struct cookie_key),
						     sizeof(struct cookie_key) +
							     sizeof(uint32_t)),
			.by_tuple = HASH_TABLE_INIT(sizeof(struct tuple_key),
						    sizeof(struct tuple_key) +
							    sizeof(uint32_t)),
		},
	};
	struct collect_opts copts = {
		.source = opts->source,
		.detail = options_detail(opts),
	};
	struct collect_where where = {.netid = -1};
	struct collect_stats stats;
	struct snapshot *before = NULL;
	struct cmd_source src = {0};
	struct names *names = NULL;
	struct netns_list *list = NULL;
	int r, write_err;

	r = load_before(&d, &before);
	if (r)
		goto out;
	r = cmd_source_open(opts, &src);
	if (r)
		goto out;
	copts.tape = src.tape;
	if (src.proc_root)
		copts.proc_root = src.proc_root;
	d.self = src.snap ? snapshot_pid(src.snap) : (uint32_t)getpid();
	cmd_stamp_now(d.stamp, &d.stamp_us);
	r = names_new(opts, NULL, &names);
	/* With --from, named as that file's host named. */
	if (r >= 0)
		r = cmd_source_names(&src, names);
	if (r >= 0)
		r = out_new(opts, names, STDOUT_FILENO, &d.out);
	if (r < 0) {
		r = cmd_collect_failed(r, &where);
		goto out;
	}
	d.out->marked = opts->format == OUT_FORMAT_TABLE;
	r = out_begin(d.out);
	if (r >= 0 && opts->all_netns) {
		d.copts = copts;
		d.where = where;
		r = after_all_netns(&d, &src, &list);
		where = d.where;
	} else if (r >= 0) {
		r = collect_run(&opts->query, &copts, on_after, on_warning, &d,
				&where, &stats);
	}
	for (size_t i = 0; i < d.before.n && r >= 0; i++) {
		if (d.before.v[i].matched)
			continue;
		d.out->origin = d.before.v[i].origin;
		r = report(&d, '-', "removed", &d.before.v[i].rec);
	}
	if (r >= 0)
		r = out_end(d.out);
	write_err = obuf_error(&d.out->ob);
	out_free(d.out);
	if (r >= 0)
		r = EXIT_SUCCESS;
	else if (write_err)
		r = cmd_write_failed(write_err);
	else
		r = cmd_source_failed(&src, r, &where);
out:
	netns_list_free(list);
	names_free(names);
	cmd_source_done(&src);
	snapshot_free(before);
	before_done(&d.before);
	return r;
}
