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

/*
 * Fills what runs in a network namespace into @o, from the cgroups
 * (<@proc_root>/PID/cgroup) of its processes @pids (@n of them): the
 * first container, pod and unit any of them says (the others are not
 * asked again), and the names @c finds for them. The strings are
 * malloc'ed into the first free slots of @strings (@nstrings of them,
 * NULL when free; the caller frees them), and @o points into them.
 * Returns 0, or -ENOMEM (@o then partly filled, still consistent).
 */
int container_origin_fill(struct container_names *c, const char *proc_root,
			  const uint32_t *pids, size_t n,
			  struct sock_origin *o, char **strings,
			  size_t nstrings);
