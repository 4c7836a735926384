// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netns.h"

static int write_file(const char *path, const char *text)
{
	size_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int err;

	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	err = n < 0 ? -errno : (size_t)n == len ? 0 : -EIO;
	close(fd);
	return err;
}

/* An unprivileged user namespace may only map the ids we already have, and
 * a gid_map needs setgroups denied first (user_namespaces(7)). */
static int map_ids(uid_t uid, gid_t gid)
{
	char line[64];
	int r;

	snprintf(line, sizeof(line), "0 %u 1\n", (unsigned)uid);
	r = write_file("/proc/self/uid_map", line);
	if (r < 0)
		return r;
	r = write_file("/proc/self/setgroups", "deny");
	if (r < 0 && r != -ENOENT) /* kernels before 3.19 have no file */
		return r;
	snprintf(line, sizeof(line), "0 %u 1\n", (unsigned)gid);
	return write_file("/proc/self/gid_map", line);
}

int netns_link_up(const char *name, bool up)
{
	struct ifreq ifr = {0};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int r = 0;

	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		r = -errno;
	} else if (!(ifr.ifr_flags & IFF_UP) != !up) {
		ifr.ifr_flags ^= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			r = -errno;
	}
	close(fd);
	return r;
}

int netns_enter(uint32_t *ret_uid)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	int r;

	if (unshare(CLONE_NEWNET) < 0) {
		if (errno != EPERM)
			return -errno;
		if (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0)
			return -errno;
		r = map_ids(uid, gid);
		if (r < 0)
			return r;
	}
	/* The `ip link set lo up` of the namespace, without ip(8). */
	r = netns_link_up("lo", true);
	if (r < 0)
		return r;
	/* sock_diag reports owners as seen from the asking netlink socket's
	 * user namespace, which is ours: the mapped uid. */
	*ret_uid = (uint32_t)geteuid();
	return 0;
}

uint32_t netns_enter_or_skip(void)
{
	uint32_t uid;
	int r = netns_enter(&uid);

	if (r < 0) {
		fprintf(stderr,
			"skipped: cannot make a network namespace: "
			"%s\n",
			strerror(-r));
		exit(NETNS_EXIT_SKIP);
	}
	return uid;
}
