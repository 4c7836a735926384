/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * cgroup v2 id -> path, for -e's "cgroup:" (ss prints the path the kernel's
 * INET_DIAG_CGROUP_ID names). The id of a cgroup is the file handle of its
 * directory, so the map is built by walking the cgroup2 mount once.
 */

#include <stddef.h>
#include <stdint.h>

struct cgroup_map;

/*
 * Finds the mount point of the cgroup2 file system in @mountinfo (the
 * text of /proc/self/mountinfo, @len bytes) and writes it, NUL-terminated,
 * at @dst (@size bytes). Returns 0, or -ENOENT when there is none (or its
 * path does not fit).
 */
int cgroup_mount_find(const char *mountinfo, size_t len, char *dst,
		      size_t size);

/*
 * Walks the directories under @root (a cgroup2 mount) and maps each one's
 * id to its path relative to @root ("/" for @root itself, "/a/b" below).
 * Directories that cannot be read are left out. Returns 0 and the map in
 * *ret, or -ENOMEM, or the negative errno of opening @root (*ret
 * untouched). Free with cgroup_map_free().
 */
int cgroup_map_load(const char *root, struct cgroup_map **ret);

/* The map of the running system's cgroup2 mount, found through
 * /proc/self/mountinfo. Returns as cgroup_map_load(). */
int cgroup_map_load_system(struct cgroup_map **ret);

/* The path of cgroup @id, NUL-terminated and owned by @m, or NULL when @m
 * does not know it (a cgroup made after the walk, or removed). */
const char *cgroup_map_path(const struct cgroup_map *m, uint64_t id);

/* Frees @m; NULL is fine. */
void cgroup_map_free(struct cgroup_map *m);
