/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The systemd unit a process runs in, from its cgroup (/proc/PID/cgroup):
 * systemd names each unit's cgroup directory after the unit, so the unit
 * is the last directory of the path that carries a unit suffix
 * (".service", ".scope"). A user's own units (under user@UID.service)
 * are found the same way, being deeper.
 */

#include <stddef.h>
#include <sys/types.h>

/* Longest unit name systemd allows (UNIT_NAME_MAX), with the NUL. */
#define UNIT_NAME_MAX 256

/*
 * Finds the unit in @len bytes of /proc/PID/cgroup text @buf: in the
 * cgroup v2 line ("0::/path"), else in the name=systemd v1 line (a hybrid
 * system). Writes it, NUL-
 * terminated, at @dst (UNIT_NAME_MAX bytes). Returns its length, or
 * -ENOENT when the path holds no unit (a kernel thread, a cgroup not
 * systemd's).
 */
int unit_from_cgroup(const char *buf, size_t len, char *dst);

/*
 * Reads <@proc_root>/<@pid>/cgroup and finds the unit as
 * unit_from_cgroup(). Returns its length, -ENOENT (no unit, or the
 * process is gone) or another negative errno of reading the file.
 */
int unit_of_pid(const char *proc_root, pid_t pid, char *dst);
