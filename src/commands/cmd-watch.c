// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --watch[=SECONDS]: the listing again every SECONDS, told as what
 * changed since the refresh before, until SIGINT or SIGTERM (exit 0) or
 * --refreshes N. On a terminal (and not --ndjson) a view redrawn in
 * place like top's: sockets that appeared ('+') or changed state or
 * queues ('~') first, then for one refresh those that went away ('-'),
 * then the rest, as many as the screen holds. Elsewhere one NDJSON event
 * per change: the first refresh's sockets as "added", then "added",
 * "changed" (with the previous state and queues) and "removed"; where
 * the kernel reports destructions (TCP and UDP, as -E), a socket's
 * removal is told when it happens, not at the next refresh.
 *
 * Sockets are told apart by cookie (by inode where the source has none).
 * The last refresh's sockets are held (the record without -e -o -m -i
 * details, and its Unix path), one entry each, updated in place by the
 * next refresh, which then drops those it did not see: a removed socket
 * is printed as it was last seen, named with -p by the owners scanned
 * in the refresh that saw it.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "collect.h"
#include "filter/filter.h"
#include "names/names.h"
#include "netlink/nl-destroy.h"
#include "netlink/nl.h"
#include "output/out.h"
#include "owners/owners.h"
#include "util/hash.h"
#include "util/grow.h"

#define EVENTS_RECV_SIZE 16384

/* The held part of a record: everything before its details. */
#define BASE_SIZE offsetof(struct sock_rec, detail)

struct key {
	uint64_t id;    /* cookie, or inode */
	uint32_t netid; /* + 1: never all zero */
	uint32_t kind;  /* KEY_COOKIE, KEY_INODE, KEY_TUPLE */
};

enum { KEY_COOKIE = 1, KEY_INODE, KEY_TUPLE };

struct entry {
	unsigned char base[BASE_SIZE]; /* a struct sock_rec's first bytes;
					* its path points at @path */
	char *path;                    /* owned copy of the Unix name */
	struct key key;
	unsigned long seen;            /* the refresh that last saw it */
	char mark;                     /* then: '+', '~' or ' ' */
	bool gone;                     /* told removed by a kernel event */
};

struct watch {
	const struct options *opts;
	struct options eopts; /* the events' options: --ndjson */
	bool view;            /* a terminal's view, not events */
	struct names *names;
	struct out *out;
	/* The sockets of the last refresh, in the order first seen, and
	 * until the next refresh ends those it did not see. */
	struct entry *v;
	size_t n, cap;
	struct hash_table idx; /* struct key -> uint32_t index in v */
	/* -p: the last refresh's owners, and the one's before, which
	 * name the sockets gone since. */
	struct owners *owners, *prev_owners;
	unsigned long refresh; /* the refresh running or last run, from 1 */
	size_t added, changed, removed;
	char stamp[CMD_STAMP_MAX];
	uint64_t stamp_us;
	int err;
};

static struct key key_of(const struct sock_rec *rec)
{
	struct key k = {.netid = (uint32_t)rec->netid + 1};

	if (rec->has_cookie) {
		k.id = rec->cookie;
		k.kind = KEY_COOKIE;
	} else if (rec->inode) {
		k.id = rec->inode;
		k.kind = KEY_INODE;
	} else {
		/* /proc's TIME-WAIT rows: no cookie, no inode. */
		uint64_t h = hash_bytes(HASH_SEED, rec->local_addr, 16);

		h = hash_bytes(h, rec->peer_addr, 16);
		h = hash_bytes(h, &rec->local_port, 2);
		k.id = hash_bytes(h, &rec->peer_port, 2);
		k.kind = KEY_TUPLE;
	}
	return k;
}

/* The record @e holds, without details. */
static void entry_rec(const struct entry *e, struct sock_rec *rec)
{
	memset(rec, 0, sizeof(*rec));
	memcpy(rec, e->base, BASE_SIZE);
}

/* Makes @e hold @rec (its path copied). */
static int entry_set(struct entry *e, const struct sock_rec *rec)
{
	struct sock_rec base;
	char *path = NULL;

	memcpy(&base, rec, BASE_SIZE);
	if (rec->path && rec->path_len) {
		path = malloc(rec->path_len);
		if (!path)
			return -ENOMEM;
		memcpy(path, rec->path, rec->path_len);
	}
	free(e->path);
	e->path = path;
	base.path = path;
	memcpy(e->base, &base, BASE_SIZE);
	return 0;
}

static struct entry *find(struct watch *w, const struct key *k)
{
	const unsigned char *slot = hash_table_find(&w->idx, k);
	uint32_t i;

	if (!slot)
		return NULL;
	memcpy(&i, slot + sizeof(*k), sizeof(i));
	return &w->v[i];
}

static int index_put(struct watch *w, const struct key *k, uint32_t i)
{
	void *slot;
	int r = hash_table_insert(&w->idx, k, &slot);

	if (r < 0)
		return r;
	memcpy((unsigned char *)slot + sizeof(*k), &i, sizeof(i));
	return 0;
}

/* A socket not held yet, at the end; returns it in *ret. */
static int append(struct watch *w, const struct key *k,
		  const struct sock_rec *rec, struct entry **ret)
{
	struct entry *e;
	int r;

	if (w->n >= UINT32_MAX)
		return -E2BIG;
	if (grow_array((void **)&w->v, &w->cap, w->n + 1, sizeof(*w->v),
		       1024) < 0)
		return -ENOMEM;
	e = &w->v[w->n];
	memset(e, 0, sizeof(*e));
	e->key = *k;
	r = entry_set(e, rec);
	if (r >= 0)
		r = index_put(w, k, (uint32_t)w->n);
	if (r < 0) {
		free(e->path);
		return r;
	}
	w->n++;
	*ret = e;
	return 0;
}

static bool unseen(const struct watch *w, const struct entry *e)
{
	return e->seen != w->refresh && !e->gone;
}

/* Drops what the last refresh did not see, and indexes the rest anew
 * (the hash table has no removal). */
static int compact(struct watch *w)
{
	size_t j = 0;
	int r = 0;

	for (size_t i = 0; i < w->n; i++) {
		if (w->v[i].seen == w->refresh)
			w->v[j++] = w->v[i];
		else
			free(w->v[i].path);
	}
	if (j == w->n)
		return 0;
	w->n = j;
	hash_table_done(&w->idx);
	r = hash_table_reserve(&w->idx, w->n);
	for (size_t i = 0; i < w->n && r >= 0; i++)
		r = index_put(w, &w->v[i].key, (uint32_t)i);
	return r;
}

static bool moved(const struct sock_rec *was, const struct sock_rec *rec)
{
	return was->state != rec->state || was->recv_q != rec->recv_q ||
	       was->send_q != rec->send_q;
}

static int event(struct watch *w, const char *what, const struct sock_rec *rec)
{
	return out_ndjson_event(w->out, what, w->stamp, w->stamp_us, rec);
}

/* One socket of this refresh's dump. */
static int on_sock(const struct sock_rec *rec, void *userdata)
{
	struct watch *w = userdata;
	struct key k = key_of(rec);
	struct entry *e = find(w, &k);
	char mark = '+';
	int r = 0;

	if (e && e->seen == w->refresh)
		return 0; /* the dump gave it twice: the first counts */
	if (e && !e->gone) {
		struct sock_rec old;

		memcpy(&old, e->base, BASE_SIZE);
		mark = moved(&old, rec) ? '~' : ' ';
		if (mark == '~' && !w->view)
			r = out_ndjson_change(w->out, w->stamp, w->stamp_us,
					      rec, &old);
	} else if (!w->view) {
		r = event(w, "added", rec);
	}
	if (r >= 0)
		r = e ? entry_set(e, rec) : append(w, &k, rec, &e);
	if (r < 0)
		return r;
	if (w->refresh == 1)
		mark = ' '; /* nothing to compare with yet */
	e->seen = w->refresh;
	e->mark = mark;
	e->gone = false;
	w->added += mark == '+';
	w->changed += mark == '~';
	return 0;
}

static int on_warning(const struct sock_warning *sw, void *userdata)
{
	struct watch *w = userdata;

	/* The same table is missing every refresh: said once. */
	if (w->refresh == 1)
		cmd_warn(w->opts, sw);
	return 0;
}

/* Prints @e through the table or as a "removed" event. */
static int put_removed(struct watch *w, const struct entry *e)
{
	struct sock_rec rec;

	entry_rec(e, &rec);
	if (!w->view)
		return event(w, "removed", &rec);
	w->out->mark = '-';
	return out_sock(w->out, &rec);
}

/* Rows the screen holds for sockets: its height less the status line,
 * the header and the cursor's last line; 0 when it cannot be told. */
static size_t screen_rows(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0 || ws.ws_row < 4)
		return 0;
	return (size_t)ws.ws_row - 3;
}

/* The view: the status line, then the table, marked rows first. */
static int draw(struct watch *w)
{
	size_t room = screen_rows(), shown = 0,
	       total = w->n - w->removed;
	struct tm tm;
	time_t now = time(NULL);
	char line[256], clock[16];
	int r;

	localtime_r(&now, &tm);
	strftime(clock, sizeof(clock), "%H:%M:%S", &tm);
	/* Home, clear, no wrapping: a long row is cut at the edge rather
	 * than pushing the rows below it off the screen. */
	snprintf(line, sizeof(line),
		 "\033[H\033[2J\033[?7lsockscope --watch=%u.%03u  %s  %zu "
		 "sockets  +%zu ~%zu -%zu\n",
		 w->opts->watch_ms / 1000, w->opts->watch_ms % 1000, clock,
		 total, w->added, w->changed, w->removed);
	obuf_puts(&w->out->ob, line);
	r = out_begin(w->out);
	/* Marked rows, then the gone (named by the owners of the refresh
	 * that saw them), then the rest. */
	for (int pass = 0; pass < 3 && r >= 0; pass++) {
		if (pass == 1 && w->prev_owners)
			names_set_owners(w->names, w->prev_owners);
		for (size_t i = 0; i < w->n && r >= 0; i++) {
			const struct entry *e = &w->v[i];
			struct sock_rec rec;

			if (room && shown >= room)
				break;
			if (pass == 1) {
				if (!unseen(w, e))
					continue;
				r = put_removed(w, e);
				shown++;
				continue;
			}
			if (e->seen != w->refresh ||
			    (pass == 0) != (e->mark != ' '))
				continue;
			entry_rec(e, &rec);
			w->out->mark = e->mark;
			r = out_sock(w->out, &rec);
			shown++;
		}
		if (pass == 1 && w->owners)
			names_set_owners(w->names, w->owners);
	}
	if (r >= 0)
		r = out_end(w->out);
	return r;
}

/* -p: this refresh's owners, before the dump; the last ones are kept
 * to name the sockets gone since. */
static int scan_owners(struct watch *w)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct owners *m;
	int r = owners_scan("/proc", cpus >= 2 ? 2 : 1, &m);

	if (r < 0)
		return r;
	owners_free(w->prev_owners);
	w->prev_owners = w->owners;
	w->owners = m;
	names_set_owners(w->names, m);
	return 0;
}

/* One refresh: dump, compare with the last, tell. Returns 0 or a
 * negative errno, *where saying what was being dumped. */
static int refresh(struct watch *w, struct collect_where *where)
{
	struct collect_opts copts = {
		.source = w->opts->source,
		.proc_root = w->opts->proc_root,
		.detail = w->view ? 0 : options_detail(w->opts),
	};
	struct collect_stats stats;
	int r = 0;

	w->refresh++;
	w->added = w->changed = w->removed = 0;
	cmd_stamp_now(w->stamp, &w->stamp_us);
	if (w->opts->processes)
		r = scan_owners(w);
	if (r >= 0)
		r = collect_run(&w->opts->query, &copts, on_sock, on_warning,
				w, where, &stats);
	if (r < 0)
		return r;
	for (size_t i = 0; i < w->n; i++)
		w->removed += unseen(w, &w->v[i]);
	if (w->view) {
		r = draw(w);
	} else if (w->removed) {
		if (w->prev_owners)
			names_set_owners(w->names, w->prev_owners);
		for (size_t i = 0; i < w->n && r >= 0; i++)
			if (unseen(w, &w->v[i]))
				r = put_removed(w, &w->v[i]);
		if (w->owners)
			names_set_owners(w->names, w->owners);
	}
	if (r >= 0)
		r = out_flush(w->out);
	if (r >= 0)
		r = compact(w);
	return r;
}

/* Whether TIME-WAIT rows of @rec's table are listed: a connection's
 * destruction event then says "timewait next", not "gone". */
static bool timewait_follows(const struct watch *w, const struct sock_rec *rec)
{
	const struct sock_query *q = &w->opts->query;

	if (rec->netid != SOCK_NETID_TCP ||
	    !(query_states(q, rec->netid) & (1u << SOCK_STATE_TIME_WAIT)))
		return false;
	switch (rec->state) {
	case SOCK_STATE_ESTABLISHED:
	case SOCK_STATE_FIN_WAIT1:
	case SOCK_STATE_FIN_WAIT2:
	case SOCK_STATE_CLOSING:
		return true;
	default:
		return false;
	}
}

/* A kernel destroy event: a socket of the last refresh that is gone now
 * is told at once (it will not be told again). */
static int on_destroy(const struct nlmsghdr *nlh, void *data)
{
	struct watch *w = data;
	struct sock_rec ev, last;
	struct entry *e;
	struct key k;
	int r = nl_event_parse(nlh, &ev);

	if (r == NL_EVENT_SKIP)
		return MNL_CB_OK;
	if (r < 0) {
		w->err = r;
		return MNL_CB_ERROR;
	}
	k = key_of(&ev);
	e = find(w, &k);
	if (!e || e->gone || e->seen != w->refresh)
		return MNL_CB_OK;
	entry_rec(e, &last);
	if (timewait_follows(w, &last))
		return MNL_CB_OK;
	e->gone = true;
	cmd_stamp_now(w->stamp, &w->stamp_us);
	r = put_removed(w, e);
	if (r >= 0)
		r = out_flush(w->out);
	if (r < 0) {
		w->err = r;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/* Reads what the destroy groups sent; only the kernel speaks for the
 * kernel (as -E). Returns 0 or a negative errno. */
static int read_events(struct watch *w, struct mnl_socket *nl, char *buf)
{
	struct sockaddr_nl from = {0};
	socklen_t fromlen = sizeof(from);
	ssize_t n = recvfrom(mnl_socket_get_fd(nl), buf, EVENTS_RECV_SIZE,
			     MSG_DONTWAIT, (struct sockaddr *)&from, &fromlen);

	if (n < 0) {
		/* Lost events leave their sockets to the next refresh. */
		return errno == ENOBUFS || errno == EINTR || errno == EAGAIN
			       ? 0
			       : -errno;
	}
	if (fromlen != sizeof(from) || from.nl_family != AF_NETLINK ||
	    from.nl_pid != 0)
		return 0;
	w->err = 0;
	return nl_run_buffer(buf, (size_t)n, 0, 0, on_destroy, w, &w->err);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Waits until @deadline (CLOCK_MONOTONIC ms), telling destroy events as
 * they come. Returns 0 at the deadline, 1 on SIGINT or SIGTERM, or a
 * negative errno. */
static int wait_until(struct watch *w, uint64_t deadline, int sfd,
		      struct mnl_socket *nl, char *buf)
{
	struct pollfd p[2] = {
		{.fd = sfd, .events = POLLIN},
		{.fd = nl ? mnl_socket_get_fd(nl) : -1, .events = POLLIN},
	};

	for (;;) {
		uint64_t now = now_ms();
		int r;

		r = poll(p, 2, now >= deadline ? 0 : (int)(deadline - now));
		if (r < 0 && errno != EINTR)
			return -errno;
		if (p[0].revents)
			return 1;
		if (r > 0 && p[1].revents) {
			r = read_events(w, nl, buf);
			if (r < 0)
				return r;
			continue;
		}
		if (now_ms() >= deadline)
			return 0;
	}
}

static int block_signals(void)
{
	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
		return -1;
	return signalfd(-1, &mask, SFD_CLOEXEC);
}

/* Events only: the kernel's destroy groups for the tables watched, when
 * it has them and we may join (else the refreshes tell every removal). */
static struct mnl_socket *open_events(const struct options *opts)
{
	struct mnl_socket *nl = NULL;
	uint32_t groups;

	if (opts->source == COLLECT_SOURCE_PROCFS || opts->proc_root)
		return NULL;
	groups = nl_events_groups(opts->query.netids, opts->query.families);
	if (!groups || nl_events_open(groups, &nl) < 0)
		return NULL;
	return nl;
}

/* Says why the watch stopped with @r; returns the exit status. */
static int failed(struct watch *w, int r, const struct collect_where *where)
{
	int write_err = w->out ? obuf_error(&w->out->ob) : 0;

	if (write_err)
		return cmd_write_failed(write_err);
	if (r == -EBADMSG && where->netid < 0) {
		fprintf(stderr, "sockscope: --watch: the kernel's event is "
				"malformed; refusing to guess\n");
		return CMD_EXIT_BADINPUT;
	}
	return cmd_collect_failed(r, where);
}

int cmd_watch(const struct options *opts)
{
	struct watch w = {.opts = opts, .eopts = *opts};
	struct collect_where where = {.netid = -1};
	struct mnl_socket *nl = NULL;
	char *buf = NULL;
	uint64_t next;
	int sfd, r;

	w.view = opts->format == OUT_FORMAT_TABLE && isatty(STDOUT_FILENO);
	if (w.view && options_detail(opts)) {
		fprintf(stderr, "sockscope: --watch: the view shows no -e, -o, "
				"-m or -i details; use --ndjson for them\n");
		return CMD_EXIT_BADINPUT;
	}
	w.eopts.format = w.view ? OUT_FORMAT_TABLE : OUT_FORMAT_NDJSON;
	w.idx = HASH_TABLE_INIT(sizeof(struct key),
				sizeof(struct key) + sizeof(uint32_t));
	sfd = block_signals();
	if (sfd < 0) {
		fprintf(stderr, "sockscope: --watch: signals: %s\n",
			strerror(errno));
		return EXIT_FAILURE;
	}
	if (!w.view) {
		nl = open_events(opts);
		buf = nl ? malloc(EVENTS_RECV_SIZE) : NULL;
		if (nl && !buf) {
			r = -ENOMEM;
			goto out;
		}
	}
	r = names_new(&w.eopts, NULL, &w.names);
	if (r >= 0)
		r = out_new(&w.eopts, w.names, STDOUT_FILENO, &w.out);
	if (r < 0)
		goto out;
	w.out->marked = w.view;
	next = now_ms();
	for (;;) {
		r = refresh(&w, &where);
		if (r < 0 || (opts->refreshes && w.refresh >= opts->refreshes))
			break;
		where.netid = -1;
		next += opts->watch_ms;
		r = wait_until(&w, next, sfd, nl, buf);
		if (r != 0)
			break;
		if (now_ms() > next)
			next = now_ms(); /* a slow refresh: no catching up */
		/* The table is made anew each time: its widths are the
		 * refresh's own. */
		if (w.view) {
			out_free(w.out);
			w.out = NULL;
			r = out_new(&w.eopts, w.names, STDOUT_FILENO, &w.out);
			if (r < 0)
				break;
			w.out->marked = true;
		}
	}
out:
	if (w.view && w.out) {
		obuf_puts(&w.out->ob, "\033[?7h");
		(void)obuf_flush(&w.out->ob);
	}
	/* A signal (r > 0) is the normal end. */
	r = r < 0 ? failed(&w, r, &where) : EXIT_SUCCESS;
	out_free(w.out);
	names_free(w.names);
	for (size_t i = 0; i < w.n; i++)
		free(w.v[i].path);
	free(w.v);
	hash_table_done(&w.idx);
	owners_free(w.owners);
	owners_free(w.prev_owners);
	free(buf);
	if (nl)
		mnl_socket_close(nl);
	close(sfd);
	return r;
}
