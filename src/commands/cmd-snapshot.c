// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Recordings: --snapshot FILE writes one, -D FILE writes ss's; --from
 * FILE and TCPDIAG_FILE make one the listing's source.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "collect.h"
#include "netns/netns-run.h"
#include "owners/owners.h"
#include "snapshot/snapshot.h"
#include "util/seen.h"

static int discard(const struct sock_rec *rec, void *userdata)
{
	return 0;
}

/* --snapshot: the inodes of the sockets recorded, for the owner map. */
static int note_inode(const struct sock_rec *rec, void *userdata)
{
	return rec->inode ? seen_add(userdata, rec->inode) < 0 ? -ENOMEM : 0
			  : 0;
}

static bool recorded(uint32_t inode, void *ctx)
{
	const struct seen *s = ctx;
	uint64_t key = inode;

	return hash_table_find(&s->t, &key) != NULL;
}

static int quiet(const struct sock_warning *w, void *userdata)
{
	return 0;
}

/* Every table, family and state, with every detail. */
static const struct sock_query everything = {
	.netids = QUERY_NETIDS_ALL,
	.families = QUERY_FAMILY_ALL,
	.states = SOCK_STATES_ALL,
};

#define ALL_DETAIL                                                             \
	(SOCK_DETAIL_EXTENDED | SOCK_DETAIL_TIMERS | SOCK_DETAIL_MEMORY |      \
	 SOCK_DETAIL_INFO)

static const char *const proc_files[] = {
	"raw", "raw6", "sockstat", "sockstat6", "snmp", "snmp6", "netstat",
};

/* The -p walk, on a thread of its own while the kernel is dumped: both
 * are mostly kernel time, and on two CPUs they overlap. */
struct owner_walk {
	struct owners *m;
	int r;
};

static void *walk_owners(void *arg)
{
	struct owner_walk *ow = arg;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	/* One thread here beside the dump on two CPUs; more with more. */
	ow->r = owners_scan("/proc", cpus > 2 ? 2 : 1, &ow->m);
	return NULL;
}

/* --snapshot --all-netns: each namespace written out as it is dumped,
 * on the dumping thread, inside it; nothing of it is held after. */
struct record_all {
	const struct options *opts;
	struct snapshot_writer *w;
	struct seen *inodes;
	struct collect_where where;
	int err; /* of the file, not of a dump (where.netid < 0) */
};

static int record_netns(struct netns_entry *e, void *userdata)
{
	struct record_all *a = userdata;
	struct collect_opts copts = {
		.source = COLLECT_SOURCE_NETLINK,
		.detail = ALL_DETAIL,
		.tape = snapshot_writer_tape(a->w),
		/* The pinned search skips the sockets dumped here. */
		.inodes = e->dumped,
	};
	struct collect_stats stats;
	int r = snapshot_writer_netns(a->w, &e->origin, e->path, e->own);

	/* The counters first, as -s --all-netns reads them: before this
	 * thread opens a socket in the namespace. */
	for (size_t i = 0;
	     r >= 0 && i < sizeof(proc_files) / sizeof(*proc_files); i++)
		r = snapshot_writer_proc(a->w, "/proc/thread-self",
					 proc_files[i]);
	if (r < 0) {
		a->err = r;
		return r;
	}
	return collect_run(&everything, &copts, note_inode, quiet, a->inodes,
			   &a->where, &stats);
}

/* A namespace not entered, or processes not looked at: said as the
 * listing says it, and recorded for --from to say again. */
static int record_warning(const struct sock_warning *sw, void *userdata)
{
	struct record_all *a = userdata;
	int r;

	cmd_warn(a->opts, sw);
	r = snapshot_writer_netns_warning(a->w, sw);
	if (r < 0)
		a->err = r;
	return r;
}

static int record_all_netns(const struct options *opts,
			    struct snapshot_writer *w, struct seen *inodes,
			    struct collect_where *where)
{
	struct record_all a = {.opts = opts, .w = w, .inodes = inodes,
			       .where = {.netid = -1}};
	const struct netns_run nr = {
		.find_pinned = true,
		.dump = record_netns,
		.userdata = &a,
	};
	struct netns_list *l = NULL;
	int r = cmd_all_netns(&nr, record_warning, &a, &l);

	netns_list_free(l);
	*where = a.err ? (struct collect_where){.netid = -1} : a.where;
	return r;
}

int cmd_snapshot(const struct options *opts)
{
	struct snapshot_writer *w = NULL;
	struct collect_where where = {.netid = -1};
	struct collect_stats stats;
	struct owner_walk ow = {0};
	pthread_t walker;
	bool walking;
	struct seen inodes = {0};
	struct collect_opts copts = {
		/* What the kernel said, not /proc's text: a table it lacks
		 * is recorded as lacking. */
		.source = COLLECT_SOURCE_NETLINK,
		.detail = ALL_DETAIL,
	};
	int r;

	r = snapshot_writer_new(opts->snapshot, &w);
	if (r < 0) {
		cmd_error("--snapshot %s: %s",
			opts->snapshot, strerror(-r));
		return EXIT_FAILURE;
	}
	/* What the kernel may have no sock_diag for (raw), and the
	 * counters of -s and --protocol-stats, as the kernel prints them:
	 * read before any socket of ours is opened, as -s reads them, or
	 * sockstat's "sockets: used" counts our dump sockets, which the
	 * kernel frees only after a grace period. --all-netns reads them
	 * in each namespace, as -s --all-netns does. */
	for (size_t i = 0; !opts->all_netns &&
			   i < sizeof(proc_files) / sizeof(*proc_files);
	     i++) {
		r = snapshot_writer_proc(w, "/proc", proc_files[i]);
		if (r < 0) {
			cmd_error("--snapshot %s: /proc/net/%s: "
					"%s",
				opts->snapshot, proc_files[i], strerror(-r));
			snapshot_writer_free(w);
			return EXIT_FAILURE;
		}
	}
	copts.tape = snapshot_writer_tape(w);
	/* -p: the walk costs more than the whole dump (a readlink per
	 * descriptor of every process), so, as for the listing, only when
	 * asked. */
	walking = opts->processes &&
		  pthread_create(&walker, NULL, walk_owners, &ow) == 0;
	if (opts->processes && !walking)
		walk_owners(&ow);
	if (opts->all_netns)
		r = record_all_netns(opts, w, &inodes, &where);
	else
		r = collect_run(&everything, &copts, note_inode, quiet,
				&inodes, &where, &stats);
	if (walking)
		pthread_join(walker, NULL);
	if (r < 0) {
		owners_free(ow.m);
		seen_done(&inodes);
		snapshot_writer_free(w);
		if (opts->all_netns && where.netid < 0) {
			/* The file, or the namespaces' walk: not a table. */
			cmd_error("--snapshot %s: %s", opts->snapshot,
				  strerror(-r));
			return EXIT_FAILURE;
		}
		return cmd_collect_failed(r, &where);
	}
	if (r >= 0 && opts->processes && ow.r < 0)
		cmd_error("--snapshot: owners not recorded: "
				"/proc: %s",
			strerror(-ow.r));
	if (r >= 0 && ow.m && owners_stats(ow.m)->unreadable) {
		size_t n = owners_stats(ow.m)->unreadable;

		fprintf(stderr,
			"sockscope: --snapshot: %zu process%s sockets could "
			"not be inspected; owners may be missing\n",
			n, n == 1 ? "'s" : "es'");
	}
	if (r >= 0 && ow.m)
		r = snapshot_writer_owners(w, ow.m, recorded, &inodes);
	owners_free(ow.m);
	seen_done(&inodes);
	if (r >= 0)
		r = snapshot_writer_commit(w);
	snapshot_writer_free(w);
	if (r < 0) {
		cmd_error("--snapshot %s: %s",
			opts->snapshot, strerror(-r));
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}

/* -D: each TCP dump's datagrams as received, to the file, as ss does. */
struct ssdump {
	FILE *f;
	bool seekable;
	off_t at; /* where the dump being written starts, or -1 */
};

static int ssdump_begin(void *ctx, const struct collect_tape_key *key)
{
	struct ssdump *d = ctx;

	/* A dump started over: ss would have written the first try too,
	 * but a reader must not see a socket twice. */
	if (d->at >= 0 && (fflush(d->f) != 0 || ftruncate(fileno(d->f),
							  d->at) < 0 ||
			   fseeko(d->f, d->at, SEEK_SET) < 0))
		return d->seekable ? -errno : 0;
	d->at = d->seekable ? ftello(d->f) : -1;
	return 0;
}

static int ssdump_data(void *ctx, const void *buf, size_t len)
{
	struct ssdump *d = ctx;

	return fwrite(buf, 1, len, d->f) == len ? 0 : -EIO;
}

static int ssdump_end(void *ctx, int status)
{
	struct ssdump *d = ctx;

	d->at = -1;
	return 0;
}

int cmd_ssdump(const struct options *opts)
{
	struct ssdump d = {.at = -1};
	struct collect_tape tape = {
		.begin = ssdump_begin,
		.data = ssdump_data,
		.end = ssdump_end,
		.ctx = &d,
	};
	struct sock_query q = opts->query;
	struct collect_opts copts = {
		.source = COLLECT_SOURCE_NETLINK,
		.detail = options_detail(opts),
		.tape = &tape,
	};
	struct collect_where where = {.netid = -1};
	struct collect_stats stats;
	bool out = strcmp(opts->dump_file, "-") == 0;
	int r;

	/* ss dumps TCP alone, in the states and families asked. */
	q.netids = 1u << SOCK_NETID_TCP;
	q.filter = NULL;
	d.f = out ? stdout : fopen(opts->dump_file, "we");
	if (!d.f) {
		cmd_error("-D %s: %s", opts->dump_file,
			strerror(errno));
		return EXIT_FAILURE;
	}
	d.seekable = !out && ftello(d.f) >= 0;
	r = collect_run(&q, &copts, discard, quiet, NULL, &where, &stats);
	if (fflush(d.f) != 0 && r >= 0)
		r = -errno;
	if (!out && fclose(d.f) != 0 && r >= 0)
		r = -errno;
	if (r == -EIO || (r < 0 && where.netid < 0)) {
		cmd_error("-D %s: %s", opts->dump_file,
			strerror(-r));
		return EXIT_FAILURE;
	}
	return r < 0 ? cmd_collect_failed(r, &where) : EXIT_SUCCESS;
}

static int bad_file(const char *what, const char *path,
		    const struct snapshot_error *e)
{
	cmd_error("%s %s: section %s at byte %zu: %s", what,
		path, e->section, e->offset, e->what);
	return CMD_EXIT_BADINPUT;
}

/* Every table the query could show, replayed without printing: a reply
 * that does not parse is found before the first line is written. */
static int check_replay(struct cmd_source *src, const struct options *opts);

struct check_all {
	struct cmd_source *src;
	const struct options *opts;
	int status;
};

static int check_netns(const struct sock_origin *o, void *userdata)
{
	struct check_all *c = userdata;

	c->status = check_replay(c->src, c->opts);
	return c->status ? -ECANCELED : 0;
}

static int no_warning(const struct sock_warning *w, void *userdata)
{
	return 0;
}

/* --all-netns: every namespace's tables, as check_replay(). */
static int check_replay_all(struct cmd_source *src,
			    const struct options *opts)
{
	struct check_all c = {.src = src, .opts = opts};
	int r = snapshot_netns_walk(src->snap, check_netns, no_warning, &c);

	if (c.status)
		return c.status;
	if (r < 0) {
		cmd_error("%s %s: %s", src->what, src->path, strerror(-r));
		return EXIT_FAILURE;
	}
	return 0;
}

static int check_replay(struct cmd_source *src, const struct options *opts)
{
	struct sock_query q = opts->query;
	struct collect_opts copts = {.tape = src->tape,
				     .proc_root = src->proc_root};
	struct collect_where where = {.netid = -1};
	struct collect_stats stats;
	struct snapshot_error e;
	int r;

	q.states = SOCK_STATES_ALL;
	q.states_default = false;
	q.filter = NULL;
	r = collect_run(&q, &copts, discard, quiet, NULL, &where, &stats);
	if (r >= 0) {
		snapshot_rewind(src->snap);
		return 0;
	}
	if (r == -EBADMSG && snapshot_last_dump(src->snap, &e) == 0)
		return bad_file(src->what, src->path, &e);
	return cmd_collect_failed(r, &where);
}

int cmd_source_open(const struct options *opts, struct cmd_source *ret)
{
	struct cmd_source src = {0};
	struct snapshot_error e;
	enum snapshot_mode mode = SNAPSHOT_FROM;
	int r;

	if (opts->from) {
		src.path = opts->from;
		src.what = "--from";
	} else if (getenv("TCPDIAG_FILE")) {
		src.path = getenv("TCPDIAG_FILE");
		src.what = "TCPDIAG_FILE";
		mode = SNAPSHOT_TCPDIAG;
	} else {
		*ret = src;
		return 0;
	}
	r = snapshot_open(src.path, mode, &src.snap, &e);
	if (r == -EBADMSG)
		return bad_file(src.what, src.path, &e);
	if (r < 0) {
		cmd_error("%s %s: %s", src.what, src.path,
			strerror(-r));
		return r == -ENOMEM ? EXIT_FAILURE : CMD_EXIT_BADINPUT;
	}
	src.tape = snapshot_tape(src.snap);
	r = snapshot_proc_root(src.snap, &src.proc_root);
	if (r < 0) {
		cmd_error("%s %s: %s", src.what, src.path,
			strerror(-r));
		cmd_source_done(&src);
		return EXIT_FAILURE;
	}
	r = opts->all_netns && mode == SNAPSHOT_FROM
		    ? check_replay_all(&src, opts)
		    : check_replay(&src, opts);
	if (r == 0 && opts->processes && mode == SNAPSHOT_FROM) {
		r = snapshot_owners(src.snap, &src.owners, &e);
		if (r == -EBADMSG)
			r = bad_file(src.what, src.path, &e);
		else if (r < 0)
			r = EXIT_FAILURE;
	}
	if (r) {
		cmd_source_done(&src);
		return r;
	}
	*ret = src;
	return 0;
}

int cmd_source_counters(const struct options *opts, struct cmd_source *ret,
			const char **root)
{
	int r;

	*ret = (struct cmd_source){0};
	if (!opts->from)
		return 0;
	r = cmd_source_open(opts, ret);
	if (r)
		return r;
	if (!ret->proc_root) {
		cmd_error("--from %s: the file records no "
				"counters (an ss -D file holds the TCP table "
				"alone)",
			opts->from);
		cmd_source_done(ret);
		return CMD_EXIT_BADINPUT;
	}
	*root = ret->proc_root;
	return 0;
}

int cmd_source_failed(const struct cmd_source *src, int r,
		      const struct collect_where *where)
{
	struct snapshot_error e;

	if (src->snap && r == -EBADMSG &&
	    snapshot_last_dump(src->snap, &e) == 0)
		return bad_file(src->what, src->path, &e);
	return cmd_collect_failed(r, where);
}

/* --from --all-netns: each namespace recorded, as cmd_all_netns()
 * gives a live one to run->dump. */
struct replay_all {
	struct cmd_source *src;
	const struct netns_run *run;
	int (*warn)(const struct sock_warning *w, void *data);
	void *warn_data;
};

static int replay_netns(const struct sock_origin *o, void *userdata)
{
	struct replay_all *a = userdata;
	struct netns_entry *e = a->src->entry;

	*e = (struct netns_entry){
		.inode = o->netns_inode,
		.fd = -1,
		.origin = *o,
	};
	snapshot_rewind(a->src->snap);
	return a->run->dump(e, a->run->userdata);
}

static int replay_warning(const struct sock_warning *w, void *userdata)
{
	struct replay_all *a = userdata;

	return a->warn(w, a->warn_data);
}

int cmd_source_all_netns(struct cmd_source *src, const struct netns_run *run,
			 int (*warn)(const struct sock_warning *w, void *data),
			 void *warn_data)
{
	struct replay_all a = {.src = src, .run = run, .warn = warn,
			       .warn_data = warn_data};

	if (!src->entry) {
		src->entry = calloc(1, sizeof(*src->entry));
		if (!src->entry)
			return -ENOMEM;
	}
	return snapshot_netns_walk(src->snap, replay_netns, replay_warning,
				   &a);
}

void cmd_source_done(struct cmd_source *src)
{
	free(src->entry);
	owners_free(src->owners);
	snapshot_free(src->snap);
	*src = (struct cmd_source){0};
}
