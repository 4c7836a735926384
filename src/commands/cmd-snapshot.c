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
#include <sys/stat.h>
#include <unistd.h>

#include <linux/netlink.h>

#include "cmd.h"
#include "collect.h"
#include "netns/netns-run.h"
#include "names/names.h"
#include "owners/owners.h"
#include "snapshot/snapshot.h"
#include "util/seen.h"
#include "util/grow.h"

static int discard(const struct sock_rec *rec, void *userdata)
{
	return 0;
}

/* --snapshot: what the dump saw that a later reader will look up: the
 * sockets' inodes (the owner map), bound devices and packet sockets'
 * interfaces, cgroups, netlink port ids (process names). */
struct seen_keys {
	struct seen inodes, ifindexes, cgroups, nl_pids;
	/* --all-netns, in a namespace not the writer's: its interface
	 * indexes are not the ones this host's names answer for, and go
	 * in @ns_ifindexes, named inside it once it is dumped. */
	bool foreign;
	struct seen ns_ifindexes;
	struct seen ownerless; /* inodes no owner is missed for: the
				* kernel's netlink sockets, and sock_diag
				* ones (ours, another inspector's: each
				* lives for a dump, maybe gone by the walk) */
};

static int note_keys(const struct sock_rec *rec, void *userdata)
{
	struct seen_keys *k = userdata;
	bool unowned = rec->netid == SOCK_NETID_NETLINK &&
		       (rec->portid == 0 || rec->protocol == NETLINK_SOCK_DIAG);

	if ((rec->inode && seen_add(&k->inodes, rec->inode) < 0) ||
	    (rec->inode && unowned &&
	     seen_add(&k->ownerless, rec->inode) < 0) ||
	    (rec->ifindex &&
	     seen_add(k->foreign ? &k->ns_ifindexes : &k->ifindexes,
		      rec->ifindex) < 0) ||
	    (rec->has_cgroup_id && rec->cgroup_id &&
	     seen_add(&k->cgroups, rec->cgroup_id) < 0) ||
	    (rec->netid == SOCK_NETID_NETLINK && (int32_t)rec->portid > 0 &&
	     seen_add(&k->nl_pids, rec->portid) < 0))
		return -ENOMEM;
	return 0;
}

static bool recorded(uint32_t inode, void *ctx)
{
	const struct seen *s = ctx;
	uint64_t key = inode;

	return hash_table_find(&s->t, &key) != NULL;
}

int cmd_warn_none(const struct sock_warning *w, void *userdata)
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

/* What is read beside the dump, on a thread of its own: the owner walk
 * (a readlinkat per descriptor of every process: as much kernel time as
 * the dump, and on two CPUs the two overlap) and the lookups that need
 * no socket seen first: the cgroup2 tree, the protocol names, the
 * services file. */
struct beside {
	bool owners;
	struct owners *m;
	int r;
	struct names *names; /* this thread's own stage */
	struct snapshot_name protos[255];
	char proto_text[255][256];
	size_t nprotos;
	uint16_t eph_lo, eph_hi;
	const char *services;
	size_t services_len;
};

static void *run_beside(void *arg)
{
	struct beside *b = arg;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	/* Two walkers beside the dump, even on two CPUs: when the dump
	 * ends first, both CPUs walk. Measured on a loaded two-CPU host
	 * with 360,000 socket descriptors: 5.2 s -> 4.3 s; with 120,000
	 * and the CPUs to ourselves (chrt): 462 -> 455 ms, a wash. */
	if (b->owners)
		b->r = owners_scan("/proc", cpus >= 2 ? 2 : 1, &b->m);
	names_cgroups_load(b->names);
	/* Every protocol the host names (a raw socket of any may be read
	 * from /proc/net/raw later): some 140 short names. */
	for (uint32_t p = 1; p < 256; p++) {
		const char *name = names_protocol(b->names, p);
		size_t len = name ? strnlen(name, 255) : 0;

		if (!len)
			continue;
		memcpy(b->proto_text[b->nprotos], name, len);
		b->protos[b->nprotos] = (struct snapshot_name){
			.key = p, .text = b->proto_text[b->nprotos], .len = len};
		b->nprotos++;
	}
	names_services_source(b->names, &b->eph_lo, &b->eph_hi, &b->services,
			      &b->services_len);
	return NULL;
}

/* A growing list of answers for one names section. */
struct answers {
	struct snapshot_name *v;
	size_t n, cap;
};

static int answers_add(struct answers *a, uint64_t key, const char *text,
		       size_t len, size_t max)
{
	char *copy;

	if (!text || !len || len > max || memchr(text, 0, len))
		return 0; /* no answer (or none a reader takes): not kept */
	if (grow_array((void **)&a->v, &a->cap, a->n + 1, sizeof(*a->v),
		       16) < 0)
		return -ENOMEM;
	copy = malloc(len);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, text, len);
	a->v[a->n++] = (struct snapshot_name){.key = key, .text = copy,
					      .len = len};
	return 0;
}

static void answers_done(struct answers *a)
{
	for (size_t i = 0; i < a->n; i++)
		free((char *)a->v[i].text);
	free(a->v);
	*a = (struct answers){0};
}

/* --all-netns: the interface names of the namespaces not the writer's,
 * each asked inside its namespace as it was dumped. */
struct ns_ifnames {
	struct ns_ifname {
		uint64_t netns;
		struct answers a;
	} *v;
	size_t n, cap;
};

static void ns_ifnames_done(struct ns_ifnames *f)
{
	for (size_t i = 0; i < f->n; i++)
		answers_done(&f->v[i].a);
	free(f->v);
	*f = (struct ns_ifnames){0};
}

/* The keys of @s (seen_add()'s set), each asked of @ask. */
static int ask_each(const struct seen *s, struct answers *a, size_t max,
		    const char *(*ask)(struct names *n, uint64_t key,
				       size_t *ret_len),
		    struct names *n)
{
	for (size_t i = 0; i < s->t.cap; i++) {
		const uint64_t *key = hash_table_slot(&s->t, i);
		const char *text;
		size_t len = 0;
		int r;

		if (!key)
			continue;
		text = ask(n, *key, &len);
		r = answers_add(a, *key, text, len, max);
		if (r < 0)
			return r;
	}
	return 0;
}

static const char *ask_ifname(struct names *n, uint64_t key, size_t *ret_len)
{
	const char *s = names_ifname(n, (uint32_t)key);

	*ret_len = s ? strnlen(s, IF_NAMESIZE) : 0;
	return s;
}

static const char *ask_cgroup(struct names *n, uint64_t key, size_t *ret_len)
{
	const char *s = names_cgroup(n, key);

	*ret_len = s ? strlen(s) : 0;
	return s;
}

static const char *ask_comm(struct names *n, uint64_t key, size_t *ret_len)
{
	return names_pid_comm(n, (int32_t)key, ret_len);
}

/* The container and pod of owner @pid (@o: names_pid_origin()'s, or
 * NULL), one answer per field known: --from --all-netns -p attributes
 * each socket from its holders as the live run did. */
static int record_origin(struct answers *a, uint32_t pid,
			 const struct sock_origin *o)
{
	const struct {
		enum snapshot_names_kind kind;
		const char *text;
	} f[] = {
		{SNAPSHOT_NAMES_CTR_RUNTIME, o ? o->ctr_runtime : NULL},
		{SNAPSHOT_NAMES_CTR_ID, o ? o->ctr_id : NULL},
		{SNAPSHOT_NAMES_CTR_NAME, o ? o->ctr_name : NULL},
		{SNAPSHOT_NAMES_POD_UID, o ? o->pod_uid : NULL},
		{SNAPSHOT_NAMES_POD_NAMESPACE, o ? o->pod_namespace : NULL},
		{SNAPSHOT_NAMES_POD_NAME, o ? o->pod_name : NULL},
	};
	int r = 0;

	for (size_t i = 0; r >= 0 && i < sizeof(f) / sizeof(f[0]); i++)
		if (f[i].text)
			r = answers_add(&a[f[i].kind], pid, f[i].text,
					strlen(f[i].text),
					snapshot_names_max(f[i].kind));
	return r;
}

/*
 * The names sections: what the names stage @n answers now for the keys
 * the dump saw (@k) and for the owners recorded, and what @b read beside
 * the dump. Returns 0 or a negative errno.
 */
static int record_names(struct snapshot_writer *w, struct names *n,
			const struct seen_keys *k, struct beside *b,
			const struct ns_ifnames *f)
{
	struct answers a[SNAPSHOT_NAMES_KINDS] = {{0}};
	uint32_t *pids = NULL;
	size_t npids = 0;
	int r;

	r = ask_each(&k->ifindexes, &a[SNAPSHOT_NAMES_IFNAME], IF_NAMESIZE - 1,
		     ask_ifname, n);
	if (r >= 0)
		r = ask_each(&k->cgroups, &a[SNAPSHOT_NAMES_CGROUP], 4095,
			     ask_cgroup, b->names);
	if (r >= 0)
		r = ask_each(&k->nl_pids, &a[SNAPSHOT_NAMES_COMM], 127,
			     ask_comm, n);
	/* The systemd unit of each owner (--all-netns shows it). */
	if (r >= 0 && b->m)
		r = owners_holders(b->m, recorded, (void *)&k->inodes, &pids,
				   &npids);
	for (size_t i = 0; r >= 0 && i < npids; i++) {
		size_t len = 0;
		const char *u = names_pid_unit(n, (int32_t)pids[i], &len);

		r = answers_add(&a[SNAPSHOT_NAMES_UNIT], pids[i], u, len, 255);
		if (r >= 0)
			r = record_origin(a, pids[i],
					  names_pid_origin(n, (int32_t)pids[i]));
	}
	free(pids);
	for (int kind = 0; r >= 0 && kind < SNAPSHOT_NAMES_KINDS; kind++) {
		bool proto = kind == SNAPSHOT_NAMES_PROTOCOL;
		struct stat st = {0};

		if (kind == SNAPSHOT_NAMES_IFNAME)
			stat("/proc/self/ns/net", &st);
		r = snapshot_writer_names(w, (enum snapshot_names_kind)kind,
					  (uint64_t)st.st_ino,
					  proto ? b->protos : a[kind].v,
					  proto ? b->nprotos : a[kind].n);
	}
	/* After the writer's own, which a reader takes first. */
	for (size_t i = 0; r >= 0 && i < f->n; i++)
		r = snapshot_writer_names(w, SNAPSHOT_NAMES_IFNAME,
					  f->v[i].netns, f->v[i].a.v,
					  f->v[i].a.n);
	for (int kind = 0; kind < SNAPSHOT_NAMES_KINDS; kind++)
		answers_done(&a[kind]);
	if (r >= 0)
		r = snapshot_writer_services(w, b->eph_lo, b->eph_hi,
					     b->services, b->services_len);
	return r;
}

/* As the listing says it: when processes could not be read and a socket
 * recorded has a file but no owner found, that owner may be one of
 * them. */
static void owners_missing(const struct owners *m, const struct seen_keys *k)
{
	size_t unreadable = owners_stats(m)->unreadable, ownerless = 0;

	if (!unreadable)
		return;
	for (size_t i = 0; i < k->inodes.t.cap; i++) {
		const uint64_t *inode = hash_table_slot(&k->inodes.t, i);
		size_t n;

		if (inode && !hash_table_find(&k->ownerless.t, inode) &&
		    !owners_lookup(m, (uint32_t)*inode, &n))
			ownerless++;
	}
	if (ownerless)
		cmd_error("--snapshot: the owner of %zu recorded socket%s is "
			  "unknown: %zu process%s descriptors could not be "
			  "read",
			  ownerless, ownerless == 1 ? "" : "s", unreadable,
			  unreadable == 1 ? "'s" : "es'");
}

/* The names stage a recording asks: every name, as a listing without
 * -n would look it up. */
static int recording_names(const struct options *opts, struct names **ret)
{
	struct options o = *opts;

	o.numeric = false;
	o.resolve = false;
	return names_new(&o, NULL, ret);
}

/* --snapshot --all-netns: each namespace written out as it is dumped,
 * on the dumping thread, inside it; nothing of it is held after. */
struct record_all {
	const struct options *opts;
	struct snapshot_writer *w;
	struct seen_keys *keys;
	struct names *names;     /* the dumping thread's, for ifnames */
	struct ns_ifnames *ifnames;
	struct collect_where where;
	int err; /* of the file, not of a dump (where.netid < 0) */
};

/* The names of the interfaces namespace @e's sockets use, asked on the
 * dumping thread while it is inside @e. Returns 0 or -ENOMEM. */
static int record_ns_ifnames(struct record_all *a, struct netns_entry *e)
{
	struct ns_ifnames *f = a->ifnames;
	struct answers ans = {0};
	int r;

	names_netns_entered(a->names, e->origin.netns_inode);
	r = ask_each(&a->keys->ns_ifindexes, &ans, IF_NAMESIZE - 1,
		     ask_ifname, a->names);
	seen_done(&a->keys->ns_ifindexes);
	if (r < 0 || !ans.n) {
		answers_done(&ans);
		return r;
	}
	if (grow_array((void **)&f->v, &f->cap, f->n + 1, sizeof(*f->v),
		       4) < 0) {
		answers_done(&ans);
		return -ENOMEM;
	}
	f->v[f->n++] = (struct ns_ifname){.netns = e->origin.netns_inode,
					  .a = ans};
	return 0;
}

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
	a->keys->foreign = !e->own;
	r = collect_run(&everything, &copts, note_keys, cmd_warn_none, a->keys,
			&a->where, &stats);
	a->keys->foreign = false;
	if (r >= 0 && !e->own) {
		r = record_ns_ifnames(a, e);
		if (r < 0)
			a->err = r;
	}
	return r;
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
			    struct snapshot_writer *w, struct seen_keys *keys,
			    struct ns_ifnames *ifnames,
			    struct collect_where *where)
{
	struct record_all a = {.opts = opts, .w = w, .keys = keys,
			       .ifnames = ifnames, .where = {.netid = -1}};
	const struct netns_run nr = {
		.find_pinned = true,
		.dump = record_netns,
		.userdata = &a,
	};
	struct netns_list *l = NULL;
	int r = recording_names(opts, &a.names);

	if (r < 0)
		return r;
	r = cmd_all_netns(&nr, NULL, record_warning, &a, &l);
	netns_list_free(l);
	seen_done(&keys->ns_ifindexes);
	names_free(a.names);
	*where = a.err ? (struct collect_where){.netid = -1} : a.where;
	return r;
}

int cmd_snapshot(const struct options *opts)
{
	struct snapshot_writer *w = NULL;
	struct collect_where where = {.netid = -1};
	struct collect_stats stats;
	struct beside b = {.owners = !opts->no_owners};
	struct names *names = NULL;
	pthread_t thread;
	bool beside;
	struct seen_keys keys = {0};
	struct ns_ifnames ifnames = {0};
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
	if (recording_names(opts, &names) < 0 ||
	    recording_names(opts, &b.names) < 0) {
		names_free(names);
		snapshot_writer_free(w);
		cmd_error("--snapshot: %s", strerror(ENOMEM));
		return EXIT_FAILURE;
	}
	copts.tape = snapshot_writer_tape(w);
	beside = pthread_create(&thread, NULL, run_beside, &b) == 0;
	if (!beside)
		run_beside(&b);
	if (opts->all_netns)
		r = record_all_netns(opts, w, &keys, &ifnames, &where);
	else
		r = collect_run(&everything, &copts, note_keys, cmd_warn_none, &keys,
				&where, &stats);
	if (beside)
		pthread_join(thread, NULL);
	if (r < 0 && opts->all_netns && where.netid < 0) {
		/* The file, or the namespaces' walk: not a table. */
		cmd_error("--snapshot %s: %s", opts->snapshot, strerror(-r));
		r = EXIT_FAILURE;
		goto done;
	}
	if (r < 0) {
		r = cmd_collect_failed(r, &where);
		goto done;
	}
	if (b.owners && b.r < 0)
		cmd_error("--snapshot: owners not recorded: "
				"/proc: %s",
			strerror(-b.r));
	if (b.m)
		owners_missing(b.m, &keys);
	if (b.m)
		r = snapshot_writer_owners(w, b.m, recorded, &keys.inodes);
	if (r >= 0)
		r = record_names(w, names, &keys, &b, &ifnames);
	if (r >= 0)
		r = snapshot_writer_commit(w);
	if (r < 0) {
		cmd_error("--snapshot %s: %s",
			opts->snapshot, strerror(-r));
		r = EXIT_FAILURE;
	} else {
		r = EXIT_SUCCESS;
	}
done:
	owners_free(b.m);
	names_free(b.names);
	names_free(names);
	seen_done(&keys.inodes);
	seen_done(&keys.ifindexes);
	seen_done(&keys.cgroups);
	seen_done(&keys.nl_pids);
	seen_done(&keys.ownerless);
	ns_ifnames_done(&ifnames);
	snapshot_writer_free(w);
	return r;
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
	r = collect_run(&q, &copts, discard, cmd_warn_none, NULL, &where, &stats);
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

int cmd_bad_file(const char *what, const char *path,
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

/* --all-netns: every namespace's tables, as check_replay(). */
static int check_replay_all(struct cmd_source *src,
			    const struct options *opts)
{
	struct check_all c = {.src = src, .opts = opts};
	int r = snapshot_netns_walk(src->snap, check_netns, cmd_warn_none, &c);

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
	r = collect_run(&q, &copts, discard, cmd_warn_none, NULL, &where, &stats);
	if (r >= 0) {
		snapshot_rewind(src->snap);
		return 0;
	}
	if (r == -EBADMSG && snapshot_last_dump(src->snap, &e) == 0)
		return cmd_bad_file(src->what, src->path, &e);
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
		return cmd_bad_file(src.what, src.path, &e);
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
			r = cmd_bad_file(src.what, src.path, &e);
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
		return cmd_bad_file(src->what, src->path, &e);
	return cmd_collect_failed(r, where);
}

/* Every namespace's recorded interfaces (--all-netns: an IFNM each),
 * the writer's (the first) selected at the end, for a listing of it
 * alone; a listing of every namespace selects each in turn
 * (names_netns_entered()). */
static int recorded_ifnames(struct snapshot *s, struct names *n)
{
	const struct snapshot_name *v;
	uint64_t netns, own = 0;
	size_t count;
	int r = 0;

	for (size_t j = 0; r >= 0 && snapshot_names_at(s, SNAPSHOT_NAMES_IFNAME,
						     j, &netns, &v, &count) == 0;
	     j++) {
		if (j == 0)
			own = netns;
		names_netns_entered(n, netns);
		for (size_t i = 0; i < count && r >= 0; i++)
			r = names_recorded_put(n, NAMES_TABLE_IFNAME, v[i].key,
					       v[i].text, v[i].len);
	}
	names_netns_entered(n, own);
	return r;
}

int cmd_source_names(const struct cmd_source *src, struct names *n)
{
	static const enum names_table table[SNAPSHOT_NAMES_KINDS] = {
		[SNAPSHOT_NAMES_IFNAME] = NAMES_TABLE_IFNAME,
		[SNAPSHOT_NAMES_CGROUP] = NAMES_TABLE_CGROUP,
		[SNAPSHOT_NAMES_COMM] = NAMES_TABLE_PID_COMM,
		[SNAPSHOT_NAMES_UNIT] = NAMES_TABLE_PID_UNIT,
		[SNAPSHOT_NAMES_PROTOCOL] = NAMES_TABLE_PROTOCOL,
		[SNAPSHOT_NAMES_CTR_RUNTIME] = NAMES_TABLE_PID_CTR_RUNTIME,
		[SNAPSHOT_NAMES_CTR_ID] = NAMES_TABLE_PID_CTR_ID,
		[SNAPSHOT_NAMES_CTR_NAME] = NAMES_TABLE_PID_CTR_NAME,
		[SNAPSHOT_NAMES_POD_UID] = NAMES_TABLE_PID_POD_UID,
		[SNAPSHOT_NAMES_POD_NAMESPACE] = NAMES_TABLE_PID_POD_NAMESPACE,
		[SNAPSHOT_NAMES_POD_NAME] = NAMES_TABLE_PID_POD_NAME,
	};
	const char *text;
	size_t len;
	uint16_t lo, hi;
	int r = 0;

	/* TCPDIAG_FILE: the rest is live, and named as live. */
	if (!src->snap || strcmp(src->what, "--from"))
		return 0;
	for (int k = 0; k < SNAPSHOT_NAMES_KINDS && r >= 0; k++) {
		const struct snapshot_name *v;
		size_t count;

		/* A file from before these sections: this host names. */
		if (snapshot_names(src->snap, (enum snapshot_names_kind)k, 0,
				   &v, &count) < 0)
			continue;
		names_recorded_use(n, table[k]);
		if (k == SNAPSHOT_NAMES_IFNAME) {
			r = recorded_ifnames(src->snap, n);
			continue;
		}
		for (size_t i = 0; i < count && r >= 0; i++)
			r = names_recorded_put(n, table[k], v[i].key,
					       v[i].text, v[i].len);
	}
	if (r >= 0 && snapshot_services(src->snap, &lo, &hi, &text, &len) == 0)
		r = names_recorded_services(n, lo, hi, text, len);
	return r;
}

/* --from --all-netns: each namespace recorded, as cmd_all_netns()
 * gives a live one to run->dump. */
struct replay_all {
	struct cmd_source *src;
	const struct netns_run *run;
	int (*warn)(const struct sock_warning *w, void *data);
	void *warn_data;
	size_t next, n; /* the entry the next namespace takes; how many */
};

static int replay_netns(const struct sock_origin *o, void *userdata)
{
	struct replay_all *a = userdata;
	struct netns_entry *e;

	if (a->next >= a->n)
		return -EBADMSG; /* more namespaces than NETN sections */
	e = &a->src->entry[a->next++];

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
	size_t n = snapshot_netns_count(src->snap);
	struct replay_all a = {.src = src, .run = run, .warn = warn,
			       .warn_data = warn_data, .n = n ? n : 1};

	/* One entry a namespace, kept as long as @src: what was printed
	 * (or held, --sort) points at its origin, as at a live entry's. */
	free(src->entry);
	src->entry = calloc(a.n, sizeof(*src->entry));
	if (!src->entry)
		return -ENOMEM;
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
