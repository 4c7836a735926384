// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "util/grow.h"

/* Bounds on what one walk may hold open and keep. */
#define CGROUP_DEPTH_MAX 64
#define CGROUP_ENTRIES_MAX (1u << 20)

struct cgroup_entry {
	uint64_t id;
	char *path;
};

struct cgroup_map {
	struct cgroup_entry *v;
	size_t n, cap;
};

int cgroup_mount_find(const char *mountinfo, size_t len, char *dst,
		      size_t size)
{
	const char *line = mountinfo, *end = mountinfo + len;

	/* "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [TAGS...] - FSTYPE SRC
	 * SUPEROPTS": the mount point is field 5, the type follows "-". */
	while (line < end) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		const char *f[5], *p = line, *sep;
		size_t n = 0;

		if (!eol)
			eol = end;
		for (; n < 5 && p < eol; n++) {
			f[n] = p;
			p = memchr(p, ' ', (size_t)(eol - p));
			if (!p)
				p = eol;
			else
				p++;
		}
		sep = memmem(line, (size_t)(eol - line), " - cgroup2 ", 11);
		if (n == 5 && sep && sep > f[4]) {
			const char *mp = f[4];
			const char *mend = memchr(mp, ' ', (size_t)(eol - mp));
			size_t mlen = (size_t)((mend ? mend : eol) - mp);

			/* Spaces and such are written \040: such a mount
			 * point is rare enough to go without. */
			if (mlen + 1 <= size && !memchr(mp, '\\', mlen)) {
				memcpy(dst, mp, mlen);
				dst[mlen] = '\0';
				return 0;
			}
		}
		line = eol + 1;
	}
	return -ENOENT;
}

/* The cgroup id of the directory open at @fd: its file handle, which
 * for cgroup2 is the 64-bit id; the inode number where handles are not
 * to be had (the same value on 64-bit kernels). */
static int dir_id(int fd, uint64_t *ret)
{
	struct {
		struct file_handle fh;
		unsigned char bytes[sizeof(uint64_t)];
	} h = {.fh.handle_bytes = sizeof(uint64_t)};
	struct stat st;
	int mount_id;

	if (name_to_handle_at(fd, "", &h.fh, &mount_id, AT_EMPTY_PATH) == 0 &&
	    h.fh.handle_bytes == sizeof(uint64_t)) {
		memcpy(ret, h.fh.f_handle, sizeof(*ret));
		return 0;
	}
	if (fstat(fd, &st) < 0)
		return -errno;
	*ret = st.st_ino;
	return 0;
}

static int map_add(struct cgroup_map *m, uint64_t id, const char *path)
{
	char *copy;

	if (m->n == CGROUP_ENTRIES_MAX)
		return 0;
	if (grow_array((void **)&m->v, &m->cap, m->n + 1, sizeof(*m->v),
		       64) < 0)
		return -ENOMEM;
	copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	m->v[m->n++] = (struct cgroup_entry){.id = id, .path = copy};
	return 0;
}

/* Adds the directory open at @fd (taken over: closed here), whose path is
 * @path (@len bytes in a PATH_MAX buffer), and everything below it. */
static int walk(struct cgroup_map *m, int fd, char *path, size_t len,
		int depth)
{
	struct dirent *de;
	uint64_t id = 0;
	DIR *dir;
	int r;

	if (dir_id(fd, &id) == 0) {
		r = map_add(m, id, len ? path : "/");
		if (r < 0) {
			close(fd);
			return r;
		}
	}
	if (depth == CGROUP_DEPTH_MAX) {
		close(fd);
		return 0;
	}
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return 0;
	}
	r = 0;
	while (r >= 0 && (de = readdir(dir))) {
		size_t nlen = strlen(de->d_name);
		int child;

		if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
			continue;
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (len + 1 + nlen + 1 > 4096)
			continue;
		child = openat(dirfd(dir), de->d_name,
			       O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (child < 0)
			continue; /* a file (DT_UNKNOWN), or gone */
		path[len] = '/';
		memcpy(path + len + 1, de->d_name, nlen + 1);
		r = walk(m, child, path, len + 1 + nlen, depth + 1);
		path[len] = '\0';
	}
	closedir(dir);
	return r;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct cgroup_entry *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

int cgroup_map_load(const char *root, struct cgroup_map **ret)
{
	struct cgroup_map *m;
	char path[4096] = "";
	int fd, r;

	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	m = calloc(1, sizeof(*m));
	if (!m) {
		close(fd);
		return -ENOMEM;
	}
	r = walk(m, fd, path, 0, 0);
	if (r < 0) {
		cgroup_map_free(m);
		return r;
	}
	qsort(m->v, m->n, sizeof(*m->v), cmp_entry);
	*ret = m;
	return 0;
}

int cgroup_map_load_system(struct cgroup_map **ret)
{
	char buf[1 << 16], mnt[4096];
	size_t len = 0;
	ssize_t n;
	int fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	/* The first 64 KiB: the cgroup2 mount comes early; a line cut at
	 * the end simply does not match. */
	while (len < sizeof(buf) &&
	       (n = read(fd, buf + len, sizeof(buf) - len)) > 0)
		len += (size_t)n;
	close(fd);
	if (cgroup_mount_find(buf, len, mnt, sizeof(mnt)) < 0)
		return -ENOENT;
	return cgroup_map_load(mnt, ret);
}

const char *cgroup_map_path(const struct cgroup_map *m, uint64_t id)
{
	struct cgroup_entry key = {.id = id};
	const struct cgroup_entry *e;

	if (!m || !m->n)
		return NULL;
	e = bsearch(&key, m->v, m->n, sizeof(*m->v), cmp_entry);
	return e ? e->path : NULL;
}

void cgroup_map_free(struct cgroup_map *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].path);
	free(m->v);
	free(m);
}
