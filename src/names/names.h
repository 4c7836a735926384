/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The names stage: every number a formatter shows as a word found by
 * looking something up (a port's service, a raw socket's protocol, a host
 * name for -r, an interface, a cgroup path, a netlink socket's process,
 * the owners -p found) comes from here. The formatters call these and do
 * no I/O of their own; main.c and the commands build the stage from the
 * options and hand it to out_new().
 *
 * Each lookup is made once, when first asked, and kept: /etc/services is
 * read on the first port named, the cgroup2 tree walked on the first
 * cgroup id, so a listing that needs neither pays for neither. The
 * strings returned live as long as the stage unless said otherwise.
 */

#include <stdbool.h>
#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

#include "sock.h"

struct options;
struct owners;
struct owners_entry;
struct owners_stats;
struct names;

/*
 * Builds the stage for @opts (borrowed; must outlive the stage): -n names
 * no port or protocol, -r names hosts, --proc-root says where processes
 * are read. @owners is -p's map (borrowed; NULL without -p). Returns 0
 * and the stage in *ret, or -ENOMEM (*ret untouched). Free with
 * names_free().
 */
int names_new(const struct options *opts, struct owners *owners,
	      struct names **ret);

/* Makes @owners (borrowed; NULL: none) the map names_owners() reads
 * from now on: --watch's refreshes each scan anew, and name a socket
 * gone since by the map of the refresh that saw it. */
void names_set_owners(struct names *n, struct owners *owners);

/* Frees @n and every cache it owns, not the owners; NULL is fine. */
void names_free(struct names *n);

/* The service name of @port for @netid's protocol from /etc/services,
 * or NULL (-n, port 0, a port in the kernel's ephemeral range as ss
 * leaves it, unknown, no file). Unchecked: escape it. */
const char *names_service(struct names *n, uint16_t port,
			  enum sock_netid netid);

/* The name of IP protocol @proto (a raw socket's "port") from the
 * protocols database, or NULL (-n, 0, unknown). Unchecked: escape it.
 * The string lives until the next call. */
const char *names_protocol(struct names *n, uint32_t proto);

/* -r: the host name of @addr (@family AF_INET: 4 bytes, AF_INET6: 16),
 * or NULL (no -r, a wildcard, no name). Unchecked: escape it. */
const char *names_host(struct names *n, int family, const uint8_t *addr);

/* True when -r asked for host names. */
bool names_hosts_wanted(const struct names *n);

/* The name of interface @index; its number when the kernel no longer
 * knows it; NULL only when out of memory. At most IF_NAMESIZE bytes,
 * NUL-terminated. */
const char *names_ifname(struct names *n, uint32_t index);

/* --all-netns: the sockets given next are network namespace @inode's
 * (its nsfs inode), and interface indexes are per namespace. Live, each
 * namespace's names are asked inside it and kept apart, so a caller that
 * looked an index up while inside (--sort, as it holds a row) may name
 * it again after, with @inode given again; from recorded answers,
 * interfaces are named from namespace @inode's (names_recorded_put()
 * after this call), and a namespace nothing was recorded for names
 * none. */
void names_netns_entered(struct names *n, uint64_t inode);

/* The path of cgroup @id, or NULL when the cgroup2 tree does not hold it
 * (no mount, made after the walk, removed). */
const char *names_cgroup(struct names *n, uint64_t id);

/* Walks the cgroup2 tree now, if not yet (names_cgroup() does on first
 * use): for a caller that has a thread to spare for it. */
void names_cgroups_load(struct names *n);

/*
 * The command name of process @pid as <proc_root>/<pid>/stat gives it
 * (up to the last ')', since a name may hold one), for a netlink port id.
 * Returns the bytes (not NUL-terminated, unescaped) and their number in
 * *ret_len (at least 1; the first 127 bytes of the file are read), or
 * NULL when it cannot be read (*ret_len untouched). Read when asked, as
 * ss does: lives until the next call.
 */
const char *names_pid_comm(struct names *n, int32_t pid, size_t *ret_len);

/*
 * The systemd unit process @pid runs in, from <proc_root>/<pid>/cgroup
 * (names/container.h: "nginx.service"; a container's own scope is its
 * container, not its unit), with its length in *ret_len; NULL when it
 * has none or it cannot be read (*ret_len untouched). NUL-terminated,
 * unescaped; lives until names_set_owners() or names_free().
 */
const char *names_pid_unit(struct names *n, int32_t pid, size_t *ret_len);

/*
 * What runs process @pid, from its cgroup (read once per pid) and the
 * runtimes' state: an origin whose container, pod and unit fields are
 * set where known (its netns fields are not). NULL when its cgroup
 * cannot be read. Lives until names_set_owners() or names_free().
 */
const struct sock_origin *names_pid_origin(struct names *n, int32_t pid);

/*
 * --all-netns: where socket @rec runs, for the table, JSON and the
 * filter alike: @ns (its namespace's origin) with the container, pod and
 * unit its holders' cgroups agree on (-p), as container_origin_decide()
 * rules; @ns itself without -p or when no holder is known (TIME-WAIT,
 * orphans). The answer lives until the next call.
 */
const struct sock_origin *names_sock_origin(struct names *n,
					    const struct sock_rec *rec,
					    const struct sock_origin *ns);

struct container_cache;

/* The stage's per-pid cache (names/container.h), made on first use, so
 * that --all-netns's namespace attribution reads each cgroup once with
 * the sockets'; NULL when out of memory. Owned by @n. */
struct container_cache *names_container_cache(struct names *n);

/*
 * Recorded answers: a snapshot holds what the recording host's lookups
 * answered (--from names as it would have named live then). After
 * names_recorded_use(@t), lookups of table @t answer only from the
 * entries names_recorded_put() added, never from this host: a key not
 * recorded has no name (an interface: its number, "if5", as live for a
 * device gone).
 */
enum names_table {
	NAMES_TABLE_IFNAME,   /* names_ifname(): interface index */
	NAMES_TABLE_CGROUP,   /* names_cgroup(): cgroup id */
	NAMES_TABLE_PID_COMM, /* names_pid_comm(): pid */
	NAMES_TABLE_PID_UNIT, /* names_pid_unit(): pid */
	NAMES_TABLE_PROTOCOL, /* names_protocol(): IP protocol */
	/* names_pid_origin() (and so names_sock_origin()), by pid: */
	NAMES_TABLE_PID_CTR_RUNTIME,
	NAMES_TABLE_PID_CTR_ID,
	NAMES_TABLE_PID_CTR_NAME,
	NAMES_TABLE_PID_POD_UID,
	NAMES_TABLE_PID_POD_NAMESPACE,
	NAMES_TABLE_PID_POD_NAME,
	NAMES_TABLES
};

void names_recorded_use(struct names *n, enum names_table t);

/* Adds @len bytes of @text (copied) as the answer for @key in table @t
 * (NAMES_TABLE_IFNAME: of the namespace names_netns_entered() gave
 * last); a key given twice keeps its first answer. Returns 0, -EINVAL (a key
 * 0, or a name longer than the lookup gives), or -ENOMEM. */
int names_recorded_put(struct names *n, enum names_table t, uint64_t key,
		       const char *text, size_t len);

/* names_service() from now on answers from @len bytes of services file
 * @text (parsed now) and the ephemeral range @lo..@hi, never this
 * host's. Returns 0 or -ENOMEM. */
int names_recorded_services(struct names *n, uint16_t lo, uint16_t hi,
			    const char *text, size_t len);

/* What names_service() reads, for a recording: the ephemeral range in
 * *ret_lo..*ret_hi and the bytes of the services file (*ret_len 0
 * when there is none; they live as long as @n). */
void names_services_source(struct names *n, uint16_t *ret_lo,
			   uint16_t *ret_hi, const char **ret_text,
			   size_t *ret_len);

/* True when -p's owners were scanned. */
bool names_has_owners(const struct names *n);

/* -p: the descriptors on socket @inode, as owners_lookup(); none (NULL,
 * *ret_n 0) without -p. */
const struct owners_entry *names_owners(const struct names *n, uint32_t inode,
					size_t *ret_n);

/* -p: the command name of @e's process, as owners_comm(). */
const char *names_owner_comm(const struct names *n,
			     const struct owners_entry *e, size_t *ret_len);

/* -p: what the owner walk saw, or NULL without -p. */
const struct owners_stats *names_owners_stats(const struct names *n);
