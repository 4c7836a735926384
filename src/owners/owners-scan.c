// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "owners-internal.h"
#include "util/num.h"
#include "util/grow.h"

/*
 * The walk: getdents64 on the /proc root for the pids, then per process
 * one directory open and one readlinkat per descriptor, relative to that
 * directory so the kernel looks up one path component, not four. Nothing
 * else is done per descriptor: no stat, no security context (ss asks
 * getfilecon of each), no allocation but the growth of the result vector.
 *
 * The kernel counts a process's descriptors in the size of its fd/
 * directory (Linux 6.2+; 0 before). One fstatat per process gives the
 * counts, which serve twice: descriptors are tried by number until that
 * many are found (see probe()), and threads take processes from a shared
 * counter largest first, so the work is spread evenly. Below
 * WALK_THREAD_MIN descriptors in all, starting a thread costs more than
 * it saves.
 */

#define WALK_THREAD_MIN 4096
#define DENTS_BUF (32 * 1024)

struct walk {
	int proc_fd;
	const uint32_t *pids;
	struct owners_name *names; /* by index into pids; each walker
				    * writes only the processes it takes */
	const uint32_t *order; /* indices into pids, largest fd/ first */
	const uint64_t *counts; /* by index into pids: descriptors the
				 * kernel counted; NULL when not procfs */
	size_t npids;
	size_t next;    /* the next index into order; atomic */
	int err;        /* the first error that ends the walk; atomic */
};

struct walker {
	pthread_t thread;
	struct walk *w;
	struct owners_part part;
	size_t unreadable, sockets;
	uint64_t dents[DENTS_BUF / sizeof(uint64_t)]; /* dirent64 aligned */
};

/* @s as a decimal number with no sign, no leading zero and no overflow
 * of uint32_t; false for anything else ("self", ".", "01"). */
static bool parse_u32(const char *s, uint32_t *ret)
{
	uint64_t v;

	if (s[0] == '0' && s[1] != '\0')
		return false;
	if (num_parse_cstr_u64(s, 10, UINT32_MAX, &v) < 0)
		return false;
	*ret = (uint32_t)v;
	return true;
}

/* The inode of a "socket:[N]" link text of @len bytes, or 0; sockfs
 * numbers its inodes in 32 bits. */
static uint32_t socket_inode(const char *s, size_t len)
{
	uint64_t v = num_socket_link(s, len);

	return v <= UINT32_MAX ? (uint32_t)v : 0;
}

static int part_push(struct owners_part *p, uint32_t inode, uint32_t proc,
		     int32_t fd)
{
	if (grow_array((void **)&p->v, &p->cap, p->n + 1, sizeof(*p->v),
		       1024) < 0)
		return -ENOMEM;
	p->v[p->n++] = (struct owners_raw){
		.inode = inode, .proc = proc, .fd = fd};
	return 0;
}

/* What an errno from a process's fd/ means: gone (0, nothing to say),
 * ours (a negative errno that ends the walk), or "may not look" (1). */
static int classify(int err)
{
	switch (err) {
	case ENOENT:
	case ESRCH: /* exited between the listing and now */
		return 0;
	case ENOMEM:
	case EMFILE:
	case ENFILE:
		return -err;
	default: /* EACCES, EPERM; and anything else we could not read */
		return 1;
	}
}

/* readlinkat() of descriptor @name (number @fd) in fd/ directory @dfd.
 * Returns 0, FD_MISSING when there is no such descriptor (never was, or
 * closed since), 1 when it may not be read, or a negative errno. */
#define FD_MISSING 2

static int read_fd(struct walker *k, int dfd, const char *name, uint32_t fd,
		   uint32_t proc)
{
	char link[32];
	ssize_t len = readlinkat(dfd, name, link, sizeof(link));
	uint32_t inode;

	if (len < 0)
		return errno == ENOENT ? FD_MISSING : classify(errno);
	inode = socket_inode(link, (size_t)len);
	if (!inode)
		return 0;
	k->sockets++;
	return part_push(&k->part, inode, proc, (int32_t)fd);
}

/*
 * A process's descriptors by number, 0, 1, 2, ... until as many as the
 * kernel counted are found or PROBE_MISSES_MIN + count/8 numbers were
 * not open: most tables are dense, and this spares the getdents64 that
 * would look up every descriptor's dentry once more. The count is only
 * a hint (the table changes meanwhile): the caller lists what is above
 * the numbers tried. Returns 0 with the first number not tried in
 * *ret_next, 1 when the descriptors may not be read, or a negative errno.
 */
#define PROBE_MISSES_MIN 64

static int probe(struct walker *k, int dfd, uint32_t proc, uint64_t count,
		 uint32_t *ret_next)
{
	uint64_t found = 0, misses = 0, budget = PROBE_MISSES_MIN + count / 8;
	uint32_t fd = 0;

	for (; found < count && misses < budget && fd < INT32_MAX; fd++) {
		char name[24];
		int r;

		name[fmt_u64(name, fd)] = '\0';
		r = read_fd(k, dfd, name, fd, proc);
		if (r == FD_MISSING)
			misses++;
		else if (r != 0)
			return r;
		else
			found++;
	}
	*ret_next = fd;
	return 0;
}

/* Reads the descriptors of process @proc numbered @from and up, as
 * getdents64 lists them. Returns 0, 1 when they may not be read, or a
 * negative errno. */
static int list_fds(struct walker *k, int dfd, uint32_t proc, uint32_t from)
{
	for (;;) {
		ssize_t n = getdents64(dfd, k->dents, sizeof(k->dents));

		if (n <= 0)
			return n < 0 ? classify(errno) : 0;
		for (ssize_t off = 0; off < n;) {
			const void *at = (const char *)k->dents + off;
			const struct dirent64 *d = at;
			uint32_t fd;
			int r;

			off += d->d_reclen;
			if (!parse_u32(d->d_name, &fd) || fd > INT32_MAX ||
			    fd < from)
				continue;
			r = read_fd(k, dfd, d->d_name, fd, proc);
			if (r != 0 && r != FD_MISSING)
				return r;
		}
	}
}

/* Reads the command name of process @proc into @name, relative to @pfd,
 * its /proc/PID directory. */
static void read_comm(int pfd, struct owners_name *name)
{
	ssize_t n;
	int fd;

	name->state = 2;
	fd = openat(pfd, "comm", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, name->text, sizeof(name->text) - 1);
	close(fd);
	if (n <= 0)
		return;
	/* The kernel ends the name with one newline; the name itself may
	 * hold others. */
	if (name->text[n - 1] == '\n')
		n--;
	name->text[n] = '\0';
	name->len = (uint8_t)n;
	name->state = 1;
}

/* Reads every descriptor of process @proc, then, when it holds a socket,
 * its command name. Returns 0, 1 when they may not be read, or a negative
 * errno that ends the walk. */
static int walk_proc(struct walker *k, uint32_t proc)
{
	uint64_t count = k->w->counts ? k->w->counts[proc] : 0;
	size_t sockets = k->sockets;
	uint32_t from = 0;
	char path[32];
	int pfd, dfd, r = 0;

	/* No descriptor (a kernel thread): nothing to read, nothing hidden,
	 * even from a user who could not open its fd/. */
	if (k->w->counts && !count)
		return 0;
	/* fd/ and comm through one handle on the process's directory: once
	 * the process is gone the handle reads nothing, so a new process
	 * given the same pid cannot lend its name to the old one's sockets
	 * (as it could if comm were read by path when printed). */
	snprintf(path, sizeof(path), "%u", (unsigned)k->w->pids[proc]);
	pfd = openat(k->w->proc_fd, path,
		     O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (pfd < 0)
		return classify(errno);
	dfd = openat(pfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (dfd < 0) {
		r = classify(errno);
		close(pfd);
		return r;
	}
	/* procfs lists fd/ from position N + 2 (after "." and "..") on
	 * with descriptor N: after a probe, only what is above it. Should
	 * the seek fail, the listing starts at 0 and skips what was tried. */
	if (count) {
		r = probe(k, dfd, proc, count, &from);
		if (r == 0)
			(void)lseek(dfd, (off_t)from + 2, SEEK_SET);
	}
	if (r == 0)
		r = list_fds(k, dfd, proc, from);
	close(dfd);
	if (r == 0 && k->sockets > sockets)
		read_comm(pfd, &k->w->names[proc]);
	close(pfd);
	return r;
}

static void *walker_run(void *arg)
{
	struct walker *k = arg;
	struct walk *w = k->w;

	while (!__atomic_load_n(&w->err, __ATOMIC_RELAXED)) {
		size_t i = __atomic_fetch_add(&w->next, 1, __ATOMIC_RELAXED);
		int r;

		if (i >= w->npids)
			break;
		r = walk_proc(k, w->order[i]);
		if (r == 1)
			k->unreadable++;
		else if (r < 0)
			__atomic_compare_exchange_n(&w->err, &(int){0}, r,
						    false, __ATOMIC_RELAXED,
						    __ATOMIC_RELAXED);
	}
	return NULL;
}

/* Every numeric entry of the /proc root, into m->pids. */
static int list_pids(struct owners *m)
{
	uint64_t buf[DENTS_BUF / sizeof(uint64_t)];
	size_t cap = 0;

	for (;;) {
		ssize_t n = getdents64(m->proc_fd, buf, sizeof(buf));

		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		for (ssize_t off = 0; off < n;) {
			const void *at = (const char *)buf + off;
			const struct dirent64 *d = at;
			uint32_t pid;

			off += d->d_reclen;
			if (!parse_u32(d->d_name, &pid) || pid == 0)
				continue;
			if (grow_array((void **)&m->pids, &cap, m->npids + 1,
				       sizeof(*m->pids), 256) < 0)
				return -ENOMEM;
			m->pids[m->npids++] = pid;
		}
	}
}

struct sized {
	uint64_t size;
	uint32_t proc;
};

static int by_size_desc(const void *a, const void *b)
{
	const struct sized *x = a, *y = b;

	if (x->size != y->size)
		return x->size < y->size ? 1 : -1;
	return x->proc < y->proc ? -1 : x->proc > y->proc;
}

/* The descriptor count of each process (the size of its fd/), into
 * *ret_counts by index into m->pids; the processes largest first, into
 * *ret_order; the total, into *ret_total. */
static int plan(const struct owners *m, uint64_t **ret_counts,
		uint32_t **ret_order, uint64_t *ret_total)
{
	struct sized *s = malloc((m->npids + 1) * sizeof(*s));
	uint32_t *order = malloc((m->npids + 1) * sizeof(*order));
	uint64_t *counts = malloc((m->npids + 1) * sizeof(*counts));
	uint64_t total = 0;

	if (!s || !order || !counts) {
		free(s);
		free(order);
		free(counts);
		return -ENOMEM;
	}
	for (size_t i = 0; i < m->npids; i++) {
		char path[32];
		struct stat st;

		snprintf(path, sizeof(path), "%u/fd", (unsigned)m->pids[i]);
		s[i] = (struct sized){.proc = (uint32_t)i};
		if (fstatat(m->proc_fd, path, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISDIR(st.st_mode) && st.st_size > 0)
			s[i].size = (uint64_t)st.st_size;
		counts[i] = s[i].size;
		total += s[i].size;
	}
	qsort(s, m->npids, sizeof(*s), by_size_desc);
	for (size_t i = 0; i < m->npids; i++)
		order[i] = s[i].proc;
	free(s);
	*ret_counts = counts;
	*ret_order = order;
	*ret_total = total;
	return 0;
}

/* Whether @fd is a procfs, whose fd/ sizes are descriptor counts; in
 * another tree (a test's) they are bytes. */
static bool is_procfs(int fd)
{
	struct statfs sf;

	return fstatfs(fd, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC;
}

/* Runs @n walkers, the first on this thread; fewer if threads cannot be
 * had. */
static void run_walkers(struct walker *k, size_t n)
{
	size_t started = 1;

	for (; started < n; started++)
		if (pthread_create(&k[started].thread, NULL, walker_run,
				   &k[started]) != 0)
			break;
	walker_run(&k[0]);
	for (size_t i = 1; i < started; i++)
		pthread_join(k[i].thread, NULL);
}

static int scan(struct owners *m, unsigned threads)
{
	struct walk w = {.proc_fd = m->proc_fd, .pids = m->pids,
			 .names = m->names, .npids = m->npids};
	struct owners_part parts[OWNERS_THREADS_MAX];
	struct walker *k;
	uint32_t *order;
	uint64_t *counts, total;
	size_t n;
	int r;

	r = plan(m, &counts, &order, &total);
	if (r < 0)
		return r;
	w.order = order;
	/* Before 6.2 the sizes are all 0: then they say nothing. */
	w.counts = is_procfs(m->proc_fd) && total ? counts : NULL;
	n = threads < 1 ? 1 : threads > OWNERS_THREADS_MAX ? OWNERS_THREADS_MAX
							   : threads;
	if (total < WALK_THREAD_MIN)
		n = 1;
	k = calloc(n, sizeof(*k));
	if (!k) {
		free(order);
		free(counts);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		k[i].w = &w;
	run_walkers(k, n);

	r = w.err;
	for (size_t i = 0; i < n; i++) {
		parts[i] = k[i].part;
		m->stats.unreadable += k[i].unreadable;
		m->stats.sockets += k[i].sockets;
	}
	if (r == 0)
		r = owners_map_build(m, parts, n);
	for (size_t i = 0; i < n; i++)
		free(parts[i].v);
	free(k);
	free(order);
	free(counts);
	return r;
}

int owners_scan(const char *proc_root, unsigned threads, struct owners **ret)
{
	struct owners *m = calloc(1, sizeof(*m));
	int r;

	if (!m)
		return -ENOMEM;
	m->proc_fd = open(proc_root ? proc_root : "/proc",
			  O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (m->proc_fd < 0) {
		r = -errno;
		owners_free(m);
		return r;
	}
	r = list_pids(m);
	if (r >= 0) {
		m->stats.procs = m->npids;
		m->names = calloc(m->npids ? m->npids : 1, sizeof(*m->names));
		if (!m->names)
			r = -ENOMEM;
	}
	if (r >= 0)
		r = scan(m, threads);
	if (r < 0) {
		owners_free(m);
		return r;
	}
	*ret = m;
	return 0;
}
