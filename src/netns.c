// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <linux/magic.h>

#include "netns.h"
#include "util/num.h"

/* A pid as /proc names it: no sign, no leading zero, at most INT32_MAX. */
static bool is_pid(const char *s)
{
	uint64_t v;

	return *s >= '1' && *s <= '9' &&
	       num_parse_cstr_u64(s, 10, INT32_MAX, &v) == 0;
}

int netns_path(const char *spec, char *buf, size_t len)
{
	int n;

	if (!*spec)
		return -EINVAL;
	if (strncmp(spec, "pid:", 4) == 0) {
		if (!is_pid(spec + 4))
			return -EINVAL;
		n = snprintf(buf, len, "/proc/%s/ns/net", spec + 4);
	} else if (strchr(spec, '/')) {
		n = snprintf(buf, len, "%s", spec);
	} else {
		/* Not a path: "." and ".." would name /run/netns itself. */
		if (strcmp(spec, ".") == 0 || strcmp(spec, "..") == 0)
			return -EINVAL;
		n = snprintf(buf, len, "/run/netns/%s", spec);
	}
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

int netns_join(const char *path)
{
	/* Without blocking: a FIFO named by -N opens at once and is then
	 * refused for what it is, not waited on for a writer. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct statfs sfs;
	int r = 0;

	if (fd < 0)
		return -errno;
	/* setns says EINVAL both for "not a namespace" and for "not a
	 * network one": either way, not what -N wants; a file outside nsfs
	 * is not even a namespace. */
	if (fstatfs(fd, &sfs) < 0)
		r = -errno;
	else if (sfs.f_type != NSFS_MAGIC)
		r = -EINVAL;
	else if (setns(fd, CLONE_NEWNET) < 0)
		r = -errno;
	close(fd);
	return r;
}
