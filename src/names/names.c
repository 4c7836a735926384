// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <net/if.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "container.h"
#include "names.h"
#include "options.h"
#include "owners/owners.h"
#include "resolve.h"
#include "services.h"
#include "util/hash.h"
#include "util/num.h"

struct names {
	bool numeric;
	const char *proc_root;    /* borrowed from the options */
	struct owners *owners;    /* -p: borrowed; NULL without */
	struct resolve *resolve;  /* -r only */
	struct services *services; /* loaded on first use */
	bool services_tried;
	uint16_t ephemeral_lo, ephemeral_hi; /* read on first use */
	bool ephemeral_tried;
	struct cgroup_map *cgroups; /* loaded on first use */
	bool cgroups_tried;
	char proto_buf[1024];     /* getprotobynumber_r's scratch */
	char stat_buf[128];       /* the head of one /proc/PID/stat */
	struct container_cache *ctr; /* what runs each pid; first use */
	bool ctr_failed;          /* out of memory making it */
	struct sock_origin sock_origin; /* names_sock_origin()'s answer */
	const struct sock_origin **holders; /* its holders' origins */
	size_t holders_cap;
	char *services_text;      /* names_services_source()'s */
	size_t services_len;
	bool recorded[NAMES_TABLES]; /* answered from @answers only */
	struct hash_table answers; /* struct answer, by (table, netns, key) */
	uint64_t ifname_netns;     /* whose recorded interfaces answer */
	/* Recorded: each pid's origin put together from the PID_CTR_* and
	 * PID_POD_* tables, a struct sock_origin * by pid (allocated one
	 * by one: names_sock_origin() holds several at once). */
	struct hash_table pid_origins;
};

/* A slot of pid_origins. */
struct pid_origin {
	uint64_t pid;
	struct sock_origin *origin;
};

/* A recorded answer. */
struct answer {
	uint64_t table; /* enum names_table + 1: never an all-zero key */
	uint64_t netns; /* interfaces: the namespace's inode; else 0 */
	uint64_t key;
	char *text;     /* NUL-terminated */
	size_t len;
};

/* The longest answer of each table (net/if.h, container.h, stat_buf). */
static const size_t answer_max[NAMES_TABLES] = {
	IF_NAMESIZE - 1, 4095, 127, CONTAINER_UNIT_MAX - 1, 255,
	/* runtime, container id, container name, pod uid, namespace, name */
	15, 64, 255, 63, 255, 255,
};

int names_new(const struct options *opts, struct owners *owners,
	      struct names **ret)
{
	struct names *n = calloc(1, sizeof(*n));

	if (!n)
		return -ENOMEM;
	n->numeric = opts->numeric;
	n->proc_root = opts->proc_root ? opts->proc_root : "/proc";
	n->owners = owners;
	n->answers = HASH_TABLE_INIT(3 * sizeof(uint64_t), sizeof(struct answer));
	n->pid_origins = HASH_TABLE_INIT(sizeof(uint64_t),
					 sizeof(struct pid_origin));
	if (opts->resolve && resolve_new(&n->resolve) < 0) {
		free(n);
		return -ENOMEM;
	}
	*ret = n;
	return 0;
}

void names_free(struct names *n)
{
	if (!n)
		return;
	resolve_free(n->resolve);
	services_free(n->services);
	cgroup_map_free(n->cgroups);
	container_cache_free(n->ctr);
	free(n->holders);
	for (size_t i = 0; i < n->answers.cap; i++) {
		struct answer *a = hash_table_slot(&n->answers, i);

		if (a)
			free(a->text);
	}
	hash_table_done(&n->answers);
	for (size_t i = 0; i < n->pid_origins.cap; i++) {
		struct pid_origin *p = hash_table_slot(&n->pid_origins, i);

		if (p)
			free(p->origin);
	}
	hash_table_done(&n->pid_origins);
	free(n->services_text);
	free(n);
}

void names_recorded_use(struct names *n, enum names_table t)
{
	n->recorded[t] = true;
}

/* names_recorded_put() into namespace @netns's part of table @t. */
static int recorded_put(struct names *n, enum names_table t, uint64_t netns,
			uint64_t key, const char *text, size_t len)
{
	uint64_t k[3] = {(uint64_t)t + 1, netns, key};
	struct answer *a;
	int r;

	if (!key || len > answer_max[t])
		return -EINVAL;
	r = hash_table_insert(&n->answers, k, (void **)&a);
	if (r <= 0)
		return r;
	a->text = strndup(text, len);
	if (!a->text) {
		/* An answer without text reads as none. */
		a->len = 0;
		return -ENOMEM;
	}
	a->len = len;
	return 0;
}

int names_recorded_put(struct names *n, enum names_table t, uint64_t key,
		       const char *text, size_t len)
{
	return recorded_put(n, t, t == NAMES_TABLE_IFNAME ? n->ifname_netns : 0,
			    key, text, len);
}

/* The recorded answer for @key in @t, or NULL. */
static const struct answer *recorded(const struct names *n,
				     enum names_table t, uint64_t key)
{
	uint64_t k[3] = {(uint64_t)t + 1,
			 t == NAMES_TABLE_IFNAME ? n->ifname_netns : 0, key};
	const struct answer *a = hash_table_find(&n->answers, k);

	return a && a->text ? a : NULL;
}

/* The recorded answer of process @pid in @t, its length in *ret_len
 * (untouched when none). */
static const char *recorded_pid(const struct names *n, enum names_table t,
				int32_t pid, size_t *ret_len)
{
	const struct answer *a = pid > 0 ? recorded(n, t, (uint64_t)pid) : NULL;

	if (!a)
		return NULL;
	*ret_len = a->len;
	return a->text;
}

int names_recorded_services(struct names *n, uint16_t lo, uint16_t hi,
			    const char *text, size_t len)
{
	struct services *s;
	int r = services_parse(text, len, &s);

	if (r < 0)
		return r;
	services_free(n->services);
	n->services = s;
	n->services_tried = true;
	n->ephemeral_lo = lo;
	n->ephemeral_hi = hi;
	n->ephemeral_tried = true;
	return 0;
}

/* The kernel's ephemeral port range, as ss reads it: a port in it is
 * some connection's random end, and a service name there would be a
 * coincidence (57000 is not "dircproxy"). Unreadable: ss's 1024-4999. */
static bool is_ephemeral(struct names *n, uint16_t port)
{
	if (!n->ephemeral_tried) {
		char path[4096], buf[64];
		struct stat st;
		ssize_t len = -1;
		int fd;

		n->ephemeral_tried = true;
		n->ephemeral_lo = 1024;
		n->ephemeral_hi = 4999;
		snprintf(path, sizeof(path),
			 "%s/sys/net/ipv4/ip_local_port_range", n->proc_root);
		fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
		if (fd >= 0) {
			if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
				len = read(fd, buf, sizeof(buf));
			close(fd);
		}
		if (len > 0)
			(void)num_parse_port_range(buf, (size_t)len,
						     &n->ephemeral_lo,
						     &n->ephemeral_hi);
	}
	return port >= n->ephemeral_lo && port <= n->ephemeral_hi;
}

void names_services_source(struct names *n, uint16_t *ret_lo,
			   uint16_t *ret_hi, const char **ret_text,
			   size_t *ret_len)
{
	(void)is_ephemeral(n, 0);
	if (!n->services_text &&
	    services_read("/etc/services", &n->services_text,
			  &n->services_len) < 0)
		n->services_len = 0;
	*ret_lo = n->ephemeral_lo;
	*ret_hi = n->ephemeral_hi;
	*ret_text = n->services_text;
	*ret_len = n->services_len;
}

const char *names_service(struct names *n, uint16_t port,
			  enum sock_netid netid)
{
	if (n->numeric || port == 0 || is_ephemeral(n, port))
		return NULL;
	if (!n->services_tried) {
		n->services_tried = true;
		/* No services file is no error: numbers it is. */
		(void)services_load("/etc/services", &n->services);
	}
	return n->services ? services_lookup(n->services, port,
					     sock_netid_name(netid))
			   : NULL;
}

const char *names_protocol(struct names *n, uint32_t proto)
{
	struct protoent pe, *res = NULL;

	/* Few raw sockets exist and the lookup is a small file: no cache. */
	if (n->numeric || proto == 0 || proto >= 256)
		return NULL;
	if (n->recorded[NAMES_TABLE_PROTOCOL]) {
		const struct answer *a = recorded(n, NAMES_TABLE_PROTOCOL, proto);

		return a ? a->text : NULL;
	}
	if (getprotobynumber_r((int)proto, &pe, n->proto_buf,
			       sizeof(n->proto_buf), &res) != 0 ||
	    !res)
		return NULL;
	return res->p_name;
}

const char *names_host(struct names *n, int family, const uint8_t *addr)
{
	return n->resolve ? resolve_host(n->resolve, family, addr) : NULL;
}

bool names_hosts_wanted(const struct names *n)
{
	return n->resolve != NULL;
}

void names_netns_entered(struct names *n, uint64_t inode)
{
	n->ifname_netns = inode;
}

const char *names_ifname(struct names *n, uint32_t index)
{
	const struct answer *a;
	char name[IF_NAMESIZE];
	size_t len;

	if (!index)
		return "if0";
	a = recorded(n, NAMES_TABLE_IFNAME, index);
	if (a)
		return a->text;
	/* Live: asked once per namespace and index, from inside it (where
	 * names_netns_entered() last said), and kept by namespace, so rows
	 * printed after the walk (--sort) find their own namespace's name.
	 * From a recording, an index it does not name reads as its number,
	 * as a device the kernel no longer knows does live. */
	if (!n->recorded[NAMES_TABLE_IFNAME] && if_indextoname(index, name))
		len = strnlen(name, sizeof(name));
	else
		len = (size_t)snprintf(name, sizeof(name), "if%u", index);
	if (names_recorded_put(n, NAMES_TABLE_IFNAME, index, name, len) < 0)
		return NULL;
	a = recorded(n, NAMES_TABLE_IFNAME, index);
	return a ? a->text : NULL;
}

void names_cgroups_load(struct names *n)
{
	if (!n->cgroups_tried) {
		n->cgroups_tried = true;
		/* No cgroup2 mount is no error: ids are printed. */
		(void)cgroup_map_load_system(&n->cgroups);
	}
}

const char *names_cgroup(struct names *n, uint64_t id)
{
	if (n->recorded[NAMES_TABLE_CGROUP]) {
		const struct answer *a = recorded(n, NAMES_TABLE_CGROUP, id);

		return a ? a->text : NULL;
	}
	names_cgroups_load(n);
	return cgroup_map_path(n->cgroups, id);
}

const char *names_pid_comm(struct names *n, int32_t pid, size_t *ret_len)
{
	/* The name is at most 64 bytes (TASK_COMM_LEN is 16; kernel
	 * threads' full names 64), and comes first after the pid. */
	char path[4096];
	const char *open_paren, *close_paren;
	char *buf = n->stat_buf;
	ssize_t got;
	int fd;

	if (n->recorded[NAMES_TABLE_PID_COMM])
		return recorded_pid(n, NAMES_TABLE_PID_COMM, pid, ret_len);
	snprintf(path, sizeof(path), "%s/%" PRId32 "/stat", n->proc_root,
		 pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	got = read(fd, buf, sizeof(n->stat_buf) - 1);
	close(fd);
	if (got <= 0)
		return NULL;
	buf[got] = '\0';
	open_paren = memchr(buf, '(', (size_t)got);
	close_paren = memrchr(buf, ')', (size_t)got);
	if (!open_paren || !close_paren || close_paren <= open_paren + 1)
		return NULL;
	*ret_len = (size_t)(close_paren - open_paren - 1);
	return open_paren + 1;
}

void names_set_owners(struct names *n, struct owners *owners)
{
	n->owners = owners;
	/* A new scan: a pid may be another process by now. */
	container_cache_forget(n->ctr);
}

struct container_cache *names_container_cache(struct names *n)
{
	if (!n->ctr && !n->ctr_failed)
		n->ctr_failed = container_cache_new(n->proc_root, NULL,
						    &n->ctr) < 0;
	return n->ctr;
}

/* The text recorded for @pid in @t, or NULL. */
static const char *recorded_text(const struct names *n, enum names_table t,
				 int32_t pid)
{
	size_t len;

	return recorded_pid(n, t, pid, &len);
}

/* From a recording: what ran process @pid there. A process recorded with
 * no container, pod or unit is a host process (all unset), never one
 * whose cgroup could not be read: the recording does not tell them apart. */
static const struct sock_origin *recorded_origin(struct names *n, int32_t pid)
{
	uint64_t key = (uint64_t)pid;
	struct pid_origin *slot;
	struct sock_origin *o;

	if (pid <= 0 || hash_table_insert(&n->pid_origins, &key,
					  (void **)&slot) < 0)
		return NULL;
	if (slot->origin)
		return slot->origin;
	o = calloc(1, sizeof(*o));
	if (!o)
		return NULL;
	o->nsid = -1;
	o->ctr_runtime = recorded_text(n, NAMES_TABLE_PID_CTR_RUNTIME, pid);
	o->ctr_id = recorded_text(n, NAMES_TABLE_PID_CTR_ID, pid);
	o->ctr_name = recorded_text(n, NAMES_TABLE_PID_CTR_NAME, pid);
	o->pod_uid = recorded_text(n, NAMES_TABLE_PID_POD_UID, pid);
	o->pod_namespace =
		recorded_text(n, NAMES_TABLE_PID_POD_NAMESPACE, pid);
	o->pod_name = recorded_text(n, NAMES_TABLE_PID_POD_NAME, pid);
	o->unit = recorded_text(n, NAMES_TABLE_PID_UNIT, pid);
	slot->origin = o;
	return o;
}

const struct sock_origin *names_pid_origin(struct names *n, int32_t pid)
{
	struct container_cache *c;
	const struct sock_origin *o;

	if (n->recorded[NAMES_TABLE_PID_CTR_ID])
		return recorded_origin(n, pid);
	c = names_container_cache(n);
	if (!c || pid <= 0 || container_cache_pid(c, (uint32_t)pid, &o) < 0)
		return NULL;
	return o;
}

const char *names_pid_unit(struct names *n, int32_t pid, size_t *ret_len)
{
	const struct sock_origin *o;

	if (n->recorded[NAMES_TABLE_PID_UNIT])
		return recorded_pid(n, NAMES_TABLE_PID_UNIT, pid, ret_len);
	o = names_pid_origin(n, pid);
	if (!o || !o->unit)
		return NULL;
	*ret_len = strlen(o->unit);
	return o->unit;
}

const struct sock_origin *names_sock_origin(struct names *n,
					    const struct sock_rec *rec,
					    const struct sock_origin *ns)
{
	size_t k;
	const struct owners_entry *v = names_owners(n, rec->inode, &k);

	if (!k)
		return ns;
	if (k > n->holders_cap) {
		const struct sock_origin **h =
			realloc(n->holders, k * sizeof(*h));

		/* Out of memory: the namespace's answer, as without -p. */
		if (!h)
			return ns;
		n->holders = h;
		n->holders_cap = k;
	}
	for (size_t i = 0; i < k; i++)
		n->holders[i] = names_pid_origin(n, (int32_t)v[i].pid);
	container_origin_decide(ns, n->holders, k, &n->sock_origin);
	return &n->sock_origin;
}

bool names_has_owners(const struct names *n)
{
	return n->owners != NULL;
}

const struct owners_entry *names_owners(const struct names *n, uint32_t inode,
					size_t *ret_n)
{
	if (!n->owners) {
		*ret_n = 0;
		return NULL;
	}
	return owners_lookup(n->owners, inode, ret_n);
}

const char *names_owner_comm(const struct names *n,
			     const struct owners_entry *e, size_t *ret_len)
{
	return n->owners ? owners_comm(n->owners, e, ret_len) : NULL;
}

const struct owners_stats *names_owners_stats(const struct names *n)
{
	return n->owners ? owners_stats(n->owners) : NULL;
}
