/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * -N/--net: run in another network namespace. Every socket the program
 * opens afterwards (sock_diag, the interface-name ioctl, DNS for -r)
 * belongs to that namespace; /proc, and so -p, stays the caller's pid
 * namespace, which is what owners need.
 */

#include <stddef.h>

/*
 * Writes the file that names network namespace @spec at @buf (@len
 * bytes): "/run/netns/NAME" for a NAME with no '/' (where `ip netns add`
 * puts it), "/proc/PID/ns/net" for "pid:PID", @spec itself for a path.
 * Returns 0, -EINVAL for an empty @spec, a "pid:" not followed by a
 * process id, or a NAME that is "." or "..", or -ENAMETOOLONG.
 */
int netns_path(const char *spec, char *buf, size_t len);

/*
 * Moves the calling thread into the network namespace at @path (see
 * netns_path()); call it before any socket is opened and before any
 * thread is started. Returns 0, or a negative errno: -ENOENT and the like
 * from open(2), -EINVAL when @path is not a network namespace (any file
 * outside nsfs; a FIFO too, opened without blocking),
 * -EPERM when we may not enter it (CAP_SYS_ADMIN is needed).
 */
int netns_join(const char *path);
