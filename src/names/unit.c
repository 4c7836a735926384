// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

static const char *const suffixes[] = {".service", ".scope"};

/* Whether the path component @s (@n bytes) is a unit name. */
static bool is_unit(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t k = strlen(suffixes[i]);
		if (n > k && n < UNIT_NAME_MAX &&
		    memcmp(s + n - k, suffixes[i], k) == 0)
			return true;
	}
	return false;
}

/* The unit in cgroup path @p (@n bytes), as unit_from_cgroup(). */
static int unit_in_path(const char *p, size_t n, char *dst)
{
	const char *best = NULL;
	size_t best_len = 0;

	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && p[j] != '/')
			j++;
		if (is_unit(p + i, j - i)) {
			best = p + i;
			best_len = j - i;
		}
		i = j + 1;
	}
	if (!best)
		return -ENOENT;
	memcpy(dst, best, best_len);
	dst[best_len] = '\0';
	return (int)best_len;
}

int unit_from_cgroup(const char *buf, size_t len, char *dst)
{
	const char *v1 = NULL;
	size_t v1_len = 0;
	int r = -ENOENT;

	for (size_t i = 0; i < len && r < 0;) {
		const char *line = buf + i, *nl = memchr(line, '\n', len - i);
		size_t n = nl ? (size_t)(nl - line) : len - i;
		const char *c;

		i += n + 1;
		if (n >= 3 && memcmp(line, "0::", 3) == 0) {
			r = unit_in_path(line + 3, n - 3, dst);
			continue;
		}
		/* v1: "ID:name=systemd:/path" */
		c = memchr(line, ':', n);
		if (c && (size_t)(line + n - c) >= 15 &&
		    memcmp(c, ":name=systemd:", 14) == 0) {
			v1 = c + 14;
			v1_len = (size_t)(line + n - v1);
		}
	}
	/* A hybrid system keeps its units in the v1 name=systemd tree; its
	 * v2 tree ("0::/") may say nothing. */
	if (r < 0 && v1)
		r = unit_in_path(v1, v1_len, dst);
	return r;
}

int unit_of_pid(const char *proc_root, pid_t pid, char *dst)
{
	char path[4096], buf[4096];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%d/cgroup",
		 proc_root ? proc_root : "/proc", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ESRCH ? -ENOENT : -errno;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0)
		return errno == ESRCH ? -ENOENT : -errno;
	return unit_from_cgroup(buf, (size_t)n, dst);
}
