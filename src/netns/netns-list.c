// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/nsfs.h>
#include <linux/sockios.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "netns-list.h"
#include "util/hash.h"
#include "util/num.h"
#include "util/seen.h"
#include "util/grow.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

struct index_slot {
	uint64_t inode;
	size_t pos;
};

static struct hash_table *index_of(struct netns_list *l)
{
	return l->index;
}

/* Adds a namespace not seen yet; returns its entry, NULL when it was
 * known (*ret_known set) or on -ENOMEM (*ret_known false). */
static struct netns_entry *list_add(struct netns_list *l, uint64_t inode,
				    bool *ret_known)
{
	struct index_slot *slot;
	struct netns_entry *e;
	int r;

	*ret_known = false;
	slot = hash_table_find(index_of(l), &inode);
	if (slot) {
		*ret_known = true;
		return l->v[slot->pos];
	}
	if (grow_array((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v),
		       16) < 0)
		return NULL;
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	r = hash_table_insert(index_of(l), &inode, (void **)&slot);
	if (r < 0) {
		free(e);
		return NULL;
	}
	slot->pos = l->n;
	e->inode = inode;
	e->fd = -1;
	e->origin.netns_inode = inode;
	e->origin.nsid = -1;
	l->v[l->n++] = e;
	return e;
}

static void entry_add_pid(struct netns_entry *e, uint32_t pid)
{
	for (size_t i = 0; i < e->npids; i++)
		if (e->pids[i] == pid)
			return;
	if (e->npids < NETNS_PIDS_MAX)
		e->pids[e->npids++] = pid;
}

static int unescape_octal(const char *s, size_t len, char *dst, size_t size)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '\\' && i + 3 < len &&
		    s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
		    s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
			c = (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 +
				   (s[i + 3] - '0'));
			i += 3;
		}
		if (n + 1 >= size)
			return -ENAMETOOLONG;
		dst[n++] = c;
	}
	dst[n] = '\0';
	return 0;
}

int netns_mountinfo_nsfs(const char *line, size_t len, char *dst,
			 size_t size)
{
	const char *f[5], *end = line + len, *p = line, *sep;
	size_t flen[5];

	/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE */
	for (int i = 0; i < 5; i++) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		if (!sp)
			return -EINVAL;
		f[i] = p;
		flen[i] = (size_t)(sp - p);
		p = sp + 1;
	}
	sep = p;
	for (;;) {
		const char *sp = memchr(sep, ' ', (size_t)(end - sep));
		if (!sp)
			return -EINVAL;
		if (sp - sep == 1 && *sep == '-')
			break;
		sep = sp + 1;
	}
	sep += 2;
	if ((size_t)(end - sep) < 5 || memcmp(sep, "nsfs ", 5) != 0)
		return -ENOENT;
	return unescape_octal(f[4], flen[4], dst, size);
}

/* The inode of the network namespace at @path, or 0 (not one, gone). */
static uint64_t netns_inode_at(const char *path, int *ret_err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		*ret_err = -errno;
		return 0;
	}
	if (ioctl(fd, NS_GET_NSTYPE) != CLONE_NEWNET || fstat(fd, &st) < 0) {
		close(fd);
		*ret_err = -EINVAL;
		return 0;
	}
	close(fd);
	return st.st_ino;
}

static char *name_under_run_netns(const char *mnt)
{
	const char *base;

	if (strncmp(mnt, "/run/netns/", 11) != 0 &&
	    strncmp(mnt, "/var/run/netns/", 15) != 0)
		return NULL;
	base = strrchr(mnt, '/') + 1;
	return *base ? strdup(base) : NULL;
}

static int find_mounts(struct netns_list *l)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *line = NULL, mnt[PATH_MAX];
	size_t cap = 0;
	ssize_t n;
	int r = 0;

	if (!f)
		return 0; /* no mount table: no bind mounts to find */
	while (r == 0 && (n = getline(&line, &cap, f)) > 0) {
		struct netns_entry *e;
		uint64_t ino;
		bool known;
		int err;

		if (line[n - 1] == '\n')
			n--;
		if (netns_mountinfo_nsfs(line, (size_t)n, mnt, sizeof(mnt)))
			continue;
		ino = netns_inode_at(mnt, &err);
		if (!ino)
			continue; /* another kind of namespace */
		e = list_add(l, ino, &known);
		if (!e) {
			r = -ENOMEM;
			break;
		}
		if (!e->name) {
			e->name = name_under_run_netns(mnt);
			e->origin.netns_name = e->name;
		}
		if (!known && !(e->path = strdup(mnt)))
			r = -ENOMEM;
	}
	free(line);
	fclose(f);
	return r;
}

static bool is_pid_name(const char *s)
{
	if (*s < '1' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9')
		s++;
	return *s == '\0';
}

/* Each task of process @pid: stat(ns/net) gives the namespace. */
static int find_tasks_of(struct netns_list *l, const char *proc_root,
			 const char *pid)
{
	char path[PATH_MAX];
	struct dirent *de;
	bool denied = false;
	DIR *d;
	int r = 0;

	snprintf(path, sizeof(path), "%s/%s/task", proc_root, pid);
	d = opendir(path);
	if (!d)
		return 0; /* exited */
	while (r == 0 && (de = readdir(d))) {
		struct netns_entry *e;
		struct stat st;
		bool known;

		if (!is_pid_name(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s/task/%s/ns/net", proc_root,
			 pid, de->d_name);
		if (stat(path, &st) < 0) {
			denied |= errno == EACCES || errno == EPERM;
			continue;
		}
		e = list_add(l, st.st_ino, &known);
		if (!e || (!e->path && !(e->path = strdup(path))))
			r = -ENOMEM;
		else
			entry_add_pid(e, (uint32_t)atol(pid));
	}
	closedir(d);
	l->procs_unreadable += denied;
	return r;
}

int netns_list_find(const char *proc_root, struct netns_list **ret)
{
	struct netns_list *l;
	struct netns_entry *e;
	struct dirent *de;
	struct stat st;
	char path[PATH_MAX];
	bool known;
	DIR *d;
	int r = 0;

	if (!proc_root)
		proc_root = "/proc";
	snprintf(path, sizeof(path), "%s/thread-self/ns/net", proc_root);
	if (stat(path, &st) < 0)
		return -errno;
	l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	l->index = malloc(sizeof(struct hash_table));
	if (!l->index) {
		free(l);
		return -ENOMEM;
	}
	*index_of(l) = HASH_TABLE_INIT(sizeof(uint64_t),
				       sizeof(struct index_slot));
	e = list_add(l, st.st_ino, &known);
	if (!e || !(e->path = strdup(path))) {
		netns_list_free(l);
		return -ENOMEM;
	}
	e->own = true;
	/* Held: the dumping thread's own thread-self is elsewhere by then. */
	e->fd = open(path, O_RDONLY | O_CLOEXEC);
	r = e->fd < 0 ? -errno : find_mounts(l);
	d = r == 0 ? opendir(proc_root) : NULL;
	if (r == 0 && !d)
		r = -errno;
	while (r == 0 && (de = readdir(d)))
		if (is_pid_name(de->d_name))
			r = find_tasks_of(l, proc_root, de->d_name);
	if (d)
		closedir(d);
	if (r < 0) {
		netns_list_free(l);
		return r;
	}
	*ret = l;
	return 0;
}

/* The namespace of socket @sfd (ours), as an open nsfs descriptor and
 * its inode; -1 when the kernel will not say. */
static int socket_netns(int sfd, uint64_t *ret_inode)
{
	struct stat st;
	int nsfd = ioctl(sfd, SIOCGSKNS);

	if (nsfd < 0)
		return -1;
	if (fstat(nsfd, &st) < 0) {
		close(nsfd);
		return -1;
	}
	*ret_inode = st.st_ino;
	return nsfd;
}

static int refs_push(struct netns_sockrefs *refs, uint32_t pid, int32_t fd,
		     uint64_t inode)
{
	if (grow_array((void **)&refs->v, &refs->cap, refs->n + 1,
		       sizeof(*refs->v), 256) < 0)
		return -ENOMEM;
	refs->v[refs->n++] = (struct netns_sockref){pid, fd, inode};
	return 0;
}

/* One process: its socket descriptors, appended to @refs. */
static int sockets_of(struct netns_list *l, const char *proc_root,
		      const char *pid, struct netns_sockrefs *refs)
{
	char path[PATH_MAX], link[64];
	struct dirent *de;
	uint64_t npid, nfd;
	int r = 0;
	DIR *d;

	if (num_parse_cstr_u64(pid, 10, UINT32_MAX, &npid) < 0)
		return 0;
	snprintf(path, sizeof(path), "%s/%s/fd", proc_root, pid);
	d = opendir(path);
	if (!d) {
		if (errno == EACCES || errno == EPERM)
			l->pinned_unreadable++;
		return 0;
	}
	while (r == 0 && (de = readdir(d))) {
		uint64_t ino;
		ssize_t n;

		if (num_parse_cstr_u64(de->d_name, 10, INT32_MAX, &nfd) < 0)
			continue;
		n = readlinkat(dirfd(d), de->d_name, link, sizeof(link));
		if (n < 0 && (errno == EACCES || errno == EPERM)) {
			l->pinned_unreadable++;
			break;
		}
		ino = n > 0 ? num_socket_link(link, (size_t)n) : 0;
		if (ino)
			r = refs_push(refs, (uint32_t)npid, (int32_t)nfd, ino);
	}
	closedir(d);
	return r;
}

int netns_list_walk_sockets(struct netns_list *l, const char *proc_root,
			    struct netns_sockrefs *refs)
{
	struct dirent *de;
	int r = 0;
	DIR *d;

	if (!proc_root)
		proc_root = "/proc";
	d = opendir(proc_root);
	if (!d)
		return 0;
	while (r == 0 && (de = readdir(d)))
		if (is_pid_name(de->d_name))
			r = sockets_of(l, proc_root, de->d_name, refs);
	closedir(d);
	return r;
}

/* The namespace of socket @ref, held by another process reachable
 * through @pidfd: an nsfs descriptor and its inode in *ret_inode,
 * -ENOENT when the socket is gone or the kernel will not say, -EPERM
 * when we may not take it. (Not -1: that is -EPERM, and every socket
 * closed between the walk and the asking counted as a process we may
 * not look at.) */
static int ref_netns(int pidfd, const struct netns_sockref *ref,
		     uint64_t *ret_inode)
{
	int sfd = (int)syscall(SYS_pidfd_getfd, pidfd, ref->fd, 0);
	int nsfd;

	if (sfd < 0)
		return errno == EPERM || errno == EACCES || errno == ENOSYS
			       ? -EPERM
			       : -ENOENT; /* closed meanwhile */
	nsfd = socket_netns(sfd, ret_inode);
	close(sfd);
	return nsfd < 0 ? -ENOENT : nsfd;
}

/* Records namespace @nsfd (inode @ino), found through @ref, unless known;
 * takes @nsfd either way. Returns 1 when added, 0, or -ENOMEM. */
static int add_found(struct netns_list *l, int nsfd, uint64_t ino,
		     const struct netns_sockref *ref,
		     void (*lock)(void *, bool), void *lock_data)
{
	char path[64];
	struct netns_entry *e;
	bool known;
	int r = 0;

	if (lock)
		lock(lock_data, true);
	e = list_add(l, ino, &known);
	if (e && !known) {
		snprintf(path, sizeof(path), "pid:%u fd:%d", ref->pid, ref->fd);
		e->path = strdup(path);
		e->fd = nsfd;
		e->pinned = true;
		nsfd = -1;
		r = 1;
	}
	if (lock)
		lock(lock_data, false);
	if (nsfd >= 0)
		close(nsfd);
	return e ? r : -ENOMEM;
}

int netns_list_add_pinned(struct netns_list *l,
			  const struct netns_sockrefs *refs, struct seen *known,
			  void (*lock)(void *, bool), void *lock_data)
{
	struct seen asked = {0};
	struct seen *skip = known ? known : &asked;
	uint32_t pid = 0;
	int pidfd = -1, added = 0, r = 0;
	bool barred = false; /* this process's sockets are not ours to ask */

	for (size_t i = 0; i < refs->n && r >= 0; i++) {
		const struct netns_sockref *ref = &refs->v[i];
		uint64_t ino;
		int nsfd;

		if (ref->pid != pid) {
			if (pidfd >= 0)
				close(pidfd);
			pid = ref->pid;
			barred = false;
			pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
			/* Exited; else not ours to see, or a kernel (or
			 * valgrind) without pidfds: counted. */
			if (pidfd < 0 && errno != ESRCH)
				l->pinned_unreadable++;
		}
		if (pidfd < 0 || barred)
			continue;
		/* Dumped already (or asked already): its namespace is known. */
		r = seen_add(skip, ref->inode);
		if (r <= 0)
			continue;
		nsfd = ref_netns(pidfd, ref, &ino);
		if (nsfd == -EPERM) {
			l->pinned_unreadable++;
			barred = true;
			continue;
		}
		if (nsfd < 0)
			continue;
		r = add_found(l, nsfd, ino, ref, lock, lock_data);
		added += r > 0;
	}
	if (pidfd >= 0)
		close(pidfd);
	seen_done(&asked);
	return r < 0 ? r : added;
}

void netns_sockrefs_done(struct netns_sockrefs *refs)
{
	if (!refs)
		return;
	free(refs->v);
	*refs = (struct netns_sockrefs){0};
}

int netns_entry_open(const struct netns_entry *e)
{
	int fd;

	if (e->fd >= 0)
		fd = fcntl(e->fd, F_DUPFD_CLOEXEC, 3);
	else
		fd = open(e->path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

void netns_list_free(struct netns_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		struct netns_entry *e = l->v[i];

		if (e->fd >= 0)
			close(e->fd);
		for (size_t k = 0; k < sizeof(e->strings) / sizeof(e->strings[0]);
		     k++)
			free(e->strings[k]);
		free(e->path);
		free(e->name);
		free(e);
	}
	free(l->v);
	hash_table_done(index_of(l));
	free(l->index);
	free(l);
}
