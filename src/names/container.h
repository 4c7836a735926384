/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What runs a process, from its /proc/PID/cgroup: a container (runtime
 * and id), a Kubernetes pod (uid), a systemd unit; then the names the
 * runtimes keep on disk (podman's containers.json, Docker's
 * config.v2.json, the kubelet's /var/log/pods/NS_NAME_UID), read with
 * json-c and only for a container id actually found.
 */

#include <stddef.h>

#include "sock.h"

#define CONTAINER_ID_LEN 64
/* Longest unit name systemd allows (UNIT_NAME_MAX), with the NUL. */
#define CONTAINER_UNIT_MAX 256

struct container_attr {
	const char *runtime;            /* static string; NULL: none */
	char id[CONTAINER_ID_LEN + 1];  /* "" when none */
	char pod_uid[37];               /* "" when none */
	char unit[CONTAINER_UNIT_MAX];  /* "" when none */
};

/*
 * Parses the text of a /proc/PID/cgroup file (@buf, @len bytes; cgroup
 * v1, v2 or both) into *ret. The unit is the innermost systemd unit
 * (*.service, *.scope) of the v2 line, else of the name=systemd line.
 * A container scope (docker-ID.scope, libpod-ID.scope, ...) counts as
 * a container, not as a unit. Pure. Returns 0 when anything was found,
 * -ENOENT when nothing was (*ret zeroed either way).
 */
int container_cgroup_parse(const char *buf, size_t len,
			   struct container_attr *ret);

/* Where runtimes keep their state; zero-initialize for the system's. */
struct container_roots {
	const char *podman;  /* NULL: /var/lib/containers/storage */
	const char *docker;  /* NULL: /var/lib/docker */
	const char *pods;    /* NULL: /var/log/pods */
};

struct container_names;

/* Creates an empty cache of runtime state over @roots (copied
 * pointers, borrowed). Returns 0 or -ENOMEM. */
int container_names_new(const struct container_roots *roots,
			struct container_names **ret);

/*
 * The name @runtime gives container @id, read from its state on disk the
 * first time it is asked (podman: every *-containers/containers.json
 * under its storage, "names"[0]; docker: containers/ID/config.v2.json,
 * "Name" without its '/'). Returns a malloc'ed string in *ret_name, or
 * -ENOENT (unknown, unreadable) / -ENOMEM.
 */
int container_names_get(struct container_names *c, const char *runtime,
			const char *id, char **ret_name);

/*
 * The namespace and name of pod @uid from a NAMESPACE_NAME_UID directory
 * under the pods root. Returns 0 with malloc'ed strings, or -ENOENT /
 * -ENOMEM.
 */
int container_names_pod(struct container_names *c, const char *uid,
			char **ret_namespace, char **ret_name);

/* Frees @c; NULL is fine. */
void container_names_free(struct container_names *c);

struct container_cache;

/*
 * A cache of what runs each process, keyed by pid, so that a process
 * holding 100,000 sockets costs one read of its cgroup file. Reads
 * <@proc_root>/PID/cgroup (@proc_root borrowed; NULL: "/proc") and the
 * runtimes' state under @roots (as container_names_new()). Returns 0 or
 * -ENOMEM. Free with container_cache_free().
 */
int container_cache_new(const char *proc_root,
			const struct container_roots *roots,
			struct container_cache **ret);

/*
 * What runs process @pid: an origin whose netns fields are unset (inode
 * 0, nsid -1, no name) and whose container, pod and unit fields say what
 * its cgroup and the runtimes' state say (NULL: none). Asked once per
 * pid, the answer kept (an unreadable cgroup too) until
 * container_cache_forget(). Returns 0 with *ret owned by @c; -ENOENT
 * when the cgroup cannot be read (the process is gone) or -ENOMEM, *ret
 * untouched.
 */
int container_cache_pid(struct container_cache *c, uint32_t pid,
			const struct sock_origin **ret);

/* Drops every answer kept (pids are reused between --watch's scans).
 * Origins returned before are invalid after. */
void container_cache_forget(struct container_cache *c);

/* Frees @c; NULL is fine. */
void container_cache_free(struct container_cache *c);

/*
 * The one rule for what runs a socket, used by the table, JSON and the
 * filter alike. @ns is its namespace's origin; @holders the origins of
 * the processes holding it (container_cache_pid(); NULL for one whose
 * cgroup could not be read), @n of them. When no holder is known (@n 0,
 * every entry NULL: TIME-WAIT, orphans, no -p), *ret is @ns. Otherwise
 * the netns fields are @ns's and container (runtime, id, name), pod
 * (uid, namespace, name) and unit are each decided alone: the value every
 * known holder shares (none when they share none), and none when two
 * differ, since a socket held from two containers is no one container's
 * and the namespace's first processes would be a guess. Pure: *ret
 * points into @ns and @holders.
 */
void container_origin_decide(const struct sock_origin *ns,
			     const struct sock_origin *const *holders,
			     size_t n, struct sock_origin *ret);

/*
 * Fills what runs in a network namespace into @o, from its processes
 * @pids (@n of them) through @c: the first container, pod and unit any of
 * them says (the namespace's attribution, for sockets no process holds).
 * The strings are malloc'ed into the first free slots of @strings
 * (@nstrings of them, NULL when free; the caller frees them), and @o
 * points into them. Returns 0, or -ENOMEM (@o then partly filled, still
 * consistent).
 */
int container_origin_fill(struct container_cache *c, const uint32_t *pids,
			  size_t n, struct sock_origin *o, char **strings,
			  size_t nstrings);
