/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * --all-netns: every network namespace of the host, once each (by nsfs
 * inode), and how to enter it. Three ways in, in this order: the
 * caller's own; every nsfs bind mount in /proc/self/mountinfo (`ip netns
 * add` under /run/netns, Docker's /run/docker/netns, ...); every task's
 * /proc/PID/task/TID/ns/net. netns_list_walk_sockets() and
 * netns_list_add_pinned() add those that only a socket keeps alive,
 * found from the sockets themselves.
 *
 * Entries are allocated one by one and never move, so a dumping thread
 * may hold one while another thread appends (under the caller's lock).
 * An entry costs a few hundred bytes: the list grows with the number of
 * namespaces, never with their sockets.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sock.h"

struct seen;

/* Processes kept per namespace, to attribute its sockets to a container
 * or unit when no owner is known. */
#define NETNS_PIDS_MAX 4

struct netns_entry {
	uint64_t inode;
	char *path;   /* the file to open (a bind mount, a task's ns/net);
		       * for a pinned one "pid:PID fd:FD", for messages */
	int fd;       /* -1, or the namespace, held open (pinned ones: no
		       * path reaches them) */
	char *name;   /* the `ip netns` name (/run/netns/NAME); NULL */
	uint32_t pids[NETNS_PIDS_MAX]; /* processes inside, first found */
	size_t npids;
	bool own;     /* the caller's namespace */
	bool pinned;  /* kept alive by a socket only */
	/* While run->dump runs: the set each dumped socket's inode goes in
	 * (collect_opts.inodes), so the search for pinned namespaces skips
	 * sockets of namespaces dumped already; NULL: not searching. */
	struct seen *dumped;
	/* Filled by netns_attribute() (netns-attr.c); strings owned. */
	struct sock_origin origin;
	char *strings[8];
};

struct netns_list {
	struct netns_entry **v;
	size_t n, cap;
	size_t procs_unreadable; /* tasks whose ns/net we may not see */
	size_t pinned_unreadable; /* processes whose sockets we may not
				   * ask for their namespace */
	void *index; /* inode -> position (struct hash_table) */
};

/*
 * Finds the namespaces reachable from @proc_root (NULL: "/proc") and the
 * mount table of the caller: its own first, then bind mounts in mount
 * order, then those of tasks in /proc order. Returns 0 and the list in
 * *ret (free with netns_list_free()), or a negative errno: opening
 * @proc_root or the caller's own namespace, -ENOMEM.
 */
int netns_list_find(const char *proc_root, struct netns_list **ret);

/* A socket descriptor of some process, to ask later for its namespace. */
struct netns_sockref {
	uint32_t pid;
	int32_t fd;
	uint64_t inode;
};

/* Zero-initialize; free with netns_sockrefs_done(). */
struct netns_sockrefs {
	struct netns_sockref *v; /* in walk order: one process's together */
	size_t n, cap;
};

/*
 * The first half of finding the namespaces only sockets keep alive, cheap
 * enough to run while namespaces are dumped: walks every process's
 * descriptors under @proc_root (NULL: "/proc") and appends each socket
 * (pid, fd, inode) to @refs. Processes we may not look at are counted in
 * l->pinned_unreadable. Returns 0 or -ENOMEM (@refs keeps what it got).
 */
int netns_list_walk_sockets(struct netns_list *l, const char *proc_root,
			    struct netns_sockrefs *refs);

/*
 * The second half: asks the namespace of each socket of @refs (SIOCGSKNS
 * on a copy taken with pidfd_getfd) and adds those not in @l yet, as
 * pinned entries holding the namespace open. A socket whose inode is in
 * @known (the inodes dumped from namespaces already in @l; NULL: none)
 * is not asked: it is in one of them. Every inode asked is added to
 * @known. @lock, if not NULL, is taken around each append (a dumping
 * thread reads the list meanwhile; it must not use @known meanwhile).
 * Returns how many were added, or -ENOMEM; processes we may not take
 * sockets from are counted in l->pinned_unreadable.
 */
int netns_list_add_pinned(struct netns_list *l,
			  const struct netns_sockrefs *refs, struct seen *known,
			  void (*lock)(void *, bool), void *lock_data);

/* Frees @refs' memory; NULL-safe. */
void netns_sockrefs_done(struct netns_sockrefs *refs);

/*
 * Opens entry @e for setns(): its held fd duplicated, or its path.
 * Returns the descriptor, or a negative errno.
 */
int netns_entry_open(const struct netns_entry *e);

/* Frees @l and its entries; NULL is fine. */
void netns_list_free(struct netns_list *l);

/*
 * Parses one line of /proc/self/mountinfo (@line, @len bytes, no
 * newline): when its file system is "nsfs", writes the mount point,
 * unescaped (\040 and the like), NUL-terminated at @dst (@size bytes) and
 * returns 0; -ENOENT for another file system, -EINVAL for a line that
 * does not parse, -ENAMETOOLONG.
 */
int netns_mountinfo_nsfs(const char *line, size_t len, char *dst,
			 size_t size);
