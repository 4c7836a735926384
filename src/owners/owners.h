/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Who holds each socket (-p): a map from socket inode to every process
 * with a descriptor on it, built once by walking /proc/PID/fd. The
 * kernel says nothing of owners in sock_diag; this walk is the only way,
 * and the slowest part of -p, so it does one readlinkat per descriptor
 * and nothing else, on more than one thread when there is enough to do.
 * The command name of each process holding a socket is read in the same
 * walk, while its directory is open.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One descriptor on a socket. */
struct owners_entry {
	uint32_t pid;
	int32_t fd;
	uint32_t proc; /* the process's slot in the map, for owners_comm() */
};

struct owners_stats {
	size_t procs;      /* processes listed in the /proc root */
	size_t unreadable; /* of those, how many had an fd directory or a
			    * descriptor we may not read (EACCES, EPERM:
			    * not root, or another user namespace's
			    * process); their sockets may lack owners. On
			    * Linux 6.2+ a process the kernel counts no
			    * descriptor for (a kernel thread) is not
			    * read, so never counted here */
	size_t sockets;    /* socket descriptors found */
};

struct owners;

/* The most threads owners_scan() uses, whatever it is asked. */
#define OWNERS_THREADS_MAX 4

/*
 * Walks <@proc_root>/<PID>/fd of every process listed in @proc_root
 * (NULL: "/proc") and maps each socket inode to the (pid, fd) pairs that
 * hold it. Up to @threads threads (0 and 1: the caller's only) share the
 * processes when there are enough descriptors to pay for them. A process
 * that exits during the walk is no error; one whose descriptors may not
 * be read is counted in the stats. Returns 0 and the map in *ret (free
 * with owners_free()), or a negative errno (*ret untouched): the error of
 * opening @proc_root itself, -ENOMEM, or -EMFILE/-ENFILE when no
 * descriptor is left to open a directory with.
 */
int owners_scan(const char *proc_root, unsigned threads, struct owners **ret);

/* What the walk saw; lives as long as @m. */
const struct owners_stats *owners_stats(const struct owners *m);

/*
 * The descriptors on socket @inode, sorted by pid then fd, and their
 * number in *ret_n (0, and NULL returned, when none is known; inode 0,
 * a socket no file holds, never has any). The array lives as long as @m.
 */
const struct owners_entry *owners_lookup(const struct owners *m,
					 uint32_t inode, size_t *ret_n);

/* The longest name owners_comm() returns. */
#define OWNERS_COMM_MAX 64

/*
 * The command name of @e's process, read from <proc_root>/<pid>/comm
 * during the walk, through the same handle as its descriptors. Returns
 * the bytes (NUL-terminated; a name may hold any other byte) and their
 * number in *ret_len, or NULL when the name could not be read (the
 * process exited during the walk). The string lives as long as @m.
 */
const char *owners_comm(const struct owners *m, const struct owners_entry *e,
			size_t *ret_len);

/*
 * The part of map @m whose socket inodes @keep(inode, @ctx) accepts, as
 * bytes for a snapshot, with the command name of each process holding
 * such a socket (read now, if not yet): a malloc'ed buffer in *ret_buf
 * (free() it) of *ret_len bytes. Returns 0 or -ENOMEM.
 */
int owners_save(struct owners *m, bool (*keep)(uint32_t inode, void *ctx),
		void *ctx, void **ret_buf, size_t *ret_len);

/*
 * The pids of the processes that hold a socket whose inode @keep(inode,
 * @ctx) accepts, each once, in /proc order: a malloc'ed array in *ret
 * (free() it) and their number in *ret_n. Returns 0 or -ENOMEM.
 */
int owners_holders(const struct owners *m,
		   bool (*keep)(uint32_t inode, void *ctx), void *ctx,
		   uint32_t **ret, size_t *ret_n);

/*
 * The map owners_save() wrote, from @len bytes at @buf (only read).
 * Command names come from the bytes, never /proc. Returns 0 and the map
 * in *ret (free with owners_free()), -EBADMSG for bytes owners_save()
 * cannot have written, or -ENOMEM.
 */
int owners_load(const void *buf, size_t len, struct owners **ret);

/* Frees @m; NULL is fine. */
void owners_free(struct owners *m);
