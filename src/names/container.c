// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "container.h"
#include "util/hash.h"

static bool all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static bool has_suffix(const char *s, size_t n, const char *suf, size_t *ret)
{
	size_t k = strlen(suf);

	if (n < k || memcmp(s + n - k, suf, k) != 0)
		return false;
	*ret = n - k;
	return true;
}

/* "PREFIX<64 hex>" with an optional ".scope": the id's offset, or 0. */
static size_t prefixed_id(const char *c, size_t n, const char *prefix)
{
	size_t k = strlen(prefix), base = n;

	has_suffix(c, n, ".scope", &base);
	if (base != k + CONTAINER_ID_LEN || memcmp(c, prefix, k) != 0 ||
	    !all_hex(c + k, CONTAINER_ID_LEN))
		return 0;
	return k;
}

static const struct {
	const char *prefix, *runtime;
} scopes[] = {
	{"docker-", "docker"},
	{"cri-containerd-", "containerd"},
	{"crio-", "crio"},
	{"libpod-", "podman"},
};

/* A pod uid from "pod<uid>" or "kubepods-...-pod<uid with _>.slice". */
static bool pod_component(const char *c, size_t n, char *uid)
{
	const char *p = NULL;
	size_t len = n;

	if (n == 3 + 36 && memcmp(c, "pod", 3) == 0) {
		p = c + 3;
		len = 36;
	} else if (n > 8 + 6 && memcmp(c, "kubepods", 8) == 0 &&
		   has_suffix(c, n, ".slice", &len)) {
		const char *q = NULL;
		for (size_t i = 0; i + 3 <= len; i++)
			if (memcmp(c + i, "pod", 3) == 0 && i > 0 &&
			    c[i - 1] == '-')
				q = c + i + 3;
		if (!q || (size_t)(c + len - q) != 36)
			return false;
		p = q;
		len = 36;
	}
	if (!p)
		return false;
	for (size_t i = 0; i < 36; i++) {
		char ch = p[i] == '_' ? '-' : p[i];
		if (!(ch == '-' || (ch >= '0' && ch <= '9') ||
		      (ch >= 'a' && ch <= 'f')))
			return false;
		uid[i] = ch;
	}
	uid[36] = '\0';
	return true;
}

/* One cgroup path; @unit_ok: this line may give the unit. */
static void parse_path(const char *path, size_t plen, bool unit_ok,
		       struct container_attr *a, bool *unit_found)
{
	const char *end = path + plen, *c = path, *prev = NULL;
	size_t prevlen = 0;

	while (c < end) {
		const char *slash = memchr(c, '/', (size_t)(end - c));
		size_t n = (size_t)((slash ? slash : end) - c), base;
		bool is_ctr = false;

		for (size_t i = 0; n && i < sizeof(scopes) / sizeof(scopes[0]);
		     i++) {
			size_t off = prefixed_id(c, n, scopes[i].prefix);
			if (!off)
				continue;
			is_ctr = true;
			if (!a->id[0]) {
				memcpy(a->id, c + off, CONTAINER_ID_LEN);
				a->id[CONTAINER_ID_LEN] = '\0';
				a->runtime = scopes[i].runtime;
			}
		}
		/* cgroupfs drivers: /docker/<id>; kubepods .../pod<uid>/<id> */
		if (!is_ctr && n == CONTAINER_ID_LEN && all_hex(c, n) && prev) {
			is_ctr = true;
			if (!a->id[0]) {
				memcpy(a->id, c, CONTAINER_ID_LEN);
				a->id[CONTAINER_ID_LEN] = '\0';
				if (prevlen == 6 && memcmp(prev, "docker", 6) == 0)
					a->runtime = "docker";
			}
		}
		if (!a->pod_uid[0])
			pod_component(c, n, a->pod_uid);
		if (unit_ok && !is_ctr && n < CONTAINER_UNIT_MAX &&
		    (has_suffix(c, n, ".service", &base) ||
		     has_suffix(c, n, ".scope", &base)) &&
		    base > 0) {
			memcpy(a->unit, c, n);
			a->unit[n] = '\0';
			*unit_found = true;
		}
		prev = c;
		prevlen = n;
		c += n + 1;
	}
}

int container_cgroup_parse(const char *buf, size_t len,
			   struct container_attr *ret)
{
	const char *end = buf + len, *line = buf;
	struct container_attr a = {0};
	bool unit_v2 = false;

	/* Two passes: the v2 line's unit wins over name=systemd's. */
	for (int pass = 0; pass < 2; pass++) {
		line = buf;
		while (line < end) {
			const char *nl = memchr(line, '\n', (size_t)(end - line));
			const char *le = nl ? nl : end, *c1, *c2;
			bool v2, sysd, found = false;

			c1 = memchr(line, ':', (size_t)(le - line));
			c2 = c1 ? memchr(c1 + 1, ':', (size_t)(le - c1 - 1)) : NULL;
			if (c2) {
				v2 = c1 - line == 1 && *line == '0' && c2 == c1 + 1;
				sysd = (size_t)(c2 - c1 - 1) == 12 &&
				       memcmp(c1 + 1, "name=systemd", 12) == 0;
				if (pass == 0)
					parse_path(c2 + 1, (size_t)(le - c2 - 1),
						   v2, &a, &found);
				else if (sysd && !unit_v2)
					parse_path(c2 + 1, (size_t)(le - c2 - 1),
						   true, &a, &found);
				if (pass == 0 && v2 && found)
					unit_v2 = true;
			}
			line = le + 1;
		}
	}
	*ret = a;
	return a.id[0] || a.pod_uid[0] || a.unit[0] ? 0 : -ENOENT;
}

struct container_names {
	struct container_roots roots;
	bool podman_loaded;
	json_object **podman; /* parsed containers.json arrays */
	size_t npodman;
	struct hash_table memo; /* struct memo: one answer per id */
};

/* Every process of a container (of a pod) asks for the same id: the
 * runtime's file (the pods directory) is read for the first only. */
struct memo {
	char key[1 + 64]; /* 'P' podman, 'D' docker, 'k' a pod; then the
			   * id, NUL-padded */
	int r;            /* the lookup's return */
	char *a, *b;      /* its strings: a name; a pod's namespace, name */
};

int container_names_new(const struct container_roots *roots,
			struct container_names **ret)
{
	struct container_names *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	c->memo = HASH_TABLE_INIT(sizeof(((struct memo *)0)->key),
				  sizeof(struct memo));
	if (roots)
		c->roots = *roots;
	if (!c->roots.podman)
		c->roots.podman = "/var/lib/containers/storage";
	if (!c->roots.docker)
		c->roots.docker = "/var/lib/docker";
	if (!c->roots.pods)
		c->roots.pods = "/var/log/pods";
	*ret = c;
	return 0;
}

/* Every DRIVER-containers/containers.json of the storage, parsed once. */
static int podman_load(struct container_names *c)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	size_t base;

	c->podman_loaded = true;
	d = opendir(c->roots.podman);
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		json_object *j, **v;

		if (!has_suffix(de->d_name, strlen(de->d_name), "-containers",
				&base) || base == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s/containers.json",
			 c->roots.podman, de->d_name);
		j = json_object_from_file(path);
		if (!j)
			continue;
		if (!json_object_is_type(j, json_type_array)) {
			json_object_put(j);
			continue;
		}
		v = realloc(c->podman, (c->npodman + 1) * sizeof(*v));
		if (!v) {
			json_object_put(j);
			closedir(d);
			return -ENOMEM;
		}
		v[c->npodman++] = j;
		c->podman = v;
	}
	closedir(d);
	return 0;
}

static int podman_name(struct container_names *c, const char *id,
		       char **ret_name)
{
	int r = c->podman_loaded ? 0 : podman_load(c);

	if (r < 0)
		return r;
	for (size_t f = 0; f < c->npodman; f++) {
		size_t n = json_object_array_length(c->podman[f]);

		for (size_t i = 0; i < n; i++) {
			json_object *o = json_object_array_get_idx(c->podman[f], i);
			json_object *jid, *names, *first;
			const char *s;

			if (!json_object_object_get_ex(o, "id", &jid) ||
			    !(s = json_object_get_string(jid)) ||
			    strcmp(s, id) != 0)
				continue;
			if (!json_object_object_get_ex(o, "names", &names) ||
			    !json_object_is_type(names, json_type_array) ||
			    !(first = json_object_array_get_idx(names, 0)) ||
			    !json_object_is_type(first, json_type_string))
				return -ENOENT;
			*ret_name = strdup(json_object_get_string(first));
			return *ret_name ? 0 : -ENOMEM;
		}
	}
	return -ENOENT;
}

static int docker_name(struct container_names *c, const char *id,
		       char **ret_name)
{
	char path[PATH_MAX];
	json_object *j, *name;
	const char *s;
	int r = -ENOENT;

	snprintf(path, sizeof(path), "%s/containers/%s/config.v2.json",
		 c->roots.docker, id);
	j = json_object_from_file(path);
	if (!j)
		return -ENOENT;
	if (json_object_object_get_ex(j, "Name", &name) &&
	    json_object_is_type(name, json_type_string) &&
	    (s = json_object_get_string(name))) {
		if (*s == '/')
			s++;
		if (*s) {
			*ret_name = strdup(s);
			r = *ret_name ? 0 : -ENOMEM;
		}
	}
	json_object_put(j);
	return r;
}

static int names_lookup(struct container_names *c, const char *runtime,
			const char *id, char **ret_name)
{
	if (!runtime || !id[0])
		return -ENOENT;
	if (strcmp(runtime, "podman") == 0)
		return podman_name(c, id, ret_name);
	if (strcmp(runtime, "docker") == 0)
		return docker_name(c, id, ret_name);
	return -ENOENT;
}

static int pod_lookup(struct container_names *c, const char *uid,
		      char **ret_namespace, char **ret_name)
{
	size_t ulen = strlen(uid), n;
	struct dirent *de;
	int r = -ENOENT;
	DIR *d = opendir(c->roots.pods);

	if (!d)
		return -ENOENT;
	while (r == -ENOENT && (de = readdir(d))) {
		const char *s = de->d_name, *us;
		char *ns, *name;

		n = strlen(s);
		/* NAMESPACE_NAME_UID: neither a namespace nor a pod name
		 * holds '_' (DNS labels). */
		if (n < ulen + 4 || strcmp(s + n - ulen, uid) != 0 ||
		    s[n - ulen - 1] != '_')
			continue;
		us = memchr(s, '_', n - ulen - 1);
		if (!us || us == s || us + 1 >= s + n - ulen - 1)
			continue;
		ns = strndup(s, (size_t)(us - s));
		name = strndup(us + 1, (size_t)(s + n - ulen - 1 - us - 1));
		r = ns && name ? 0 : -ENOMEM;
		if (r < 0) {
			free(ns);
			free(name);
		} else {
			*ret_namespace = ns;
			*ret_name = name;
		}
	}
	closedir(d);
	return r;
}

/* The memo of (@kind, @id), made empty (r 1) when new; NULL for an id
 * too long to be one, or out of memory: then asked every time. */
static struct memo *memo_of(struct container_names *c, char kind,
			    const char *id)
{
	struct memo key = {.key = {kind}};
	size_t len = strlen(id);
	struct memo *m;
	int r;

	if (len > sizeof(key.key) - 1)
		return NULL;
	memcpy(key.key + 1, id, len);
	r = hash_table_insert(&c->memo, key.key, (void **)&m);
	if (r < 0)
		return NULL;
	if (r > 0)
		m->r = 1;
	return m;
}

/* Copies of @a and @b (either may be NULL) into *ret_a and *ret_b. */
static int memo_answer(const struct memo *m, char **ret_a, char **ret_b)
{
	char *a = NULL, *b = NULL;

	if (m->r < 0)
		return m->r;
	if ((m->a && !(a = strdup(m->a))) || (m->b && !(b = strdup(m->b)))) {
		free(a);
		return -ENOMEM;
	}
	*ret_a = a;
	if (ret_b)
		*ret_b = b;
	return 0;
}

int container_names_get(struct container_names *c, const char *runtime,
			const char *id, char **ret_name)
{
	struct memo *m;
	int r;

	if (!runtime || !id[0] || (strcmp(runtime, "podman") != 0 &&
				   strcmp(runtime, "docker") != 0))
		return -ENOENT;
	m = memo_of(c, runtime[0] == 'p' ? 'P' : 'D', id);
	if (!m)
		return names_lookup(c, runtime, id, ret_name);
	if (m->r == 1) {
		r = names_lookup(c, runtime, id, &m->a);
		if (r == -ENOMEM)
			return r; /* asked again next time */
		m->r = r;
	}
	return memo_answer(m, ret_name, NULL);
}

int container_names_pod(struct container_names *c, const char *uid,
			char **ret_namespace, char **ret_name)
{
	struct memo *m = memo_of(c, 'k', uid);
	int r;

	if (!m)
		return pod_lookup(c, uid, ret_namespace, ret_name);
	if (m->r == 1) {
		r = pod_lookup(c, uid, &m->a, &m->b);
		if (r == -ENOMEM)
			return r;
		m->r = r;
	}
	return memo_answer(m, ret_namespace, ret_name);
}

void container_names_free(struct container_names *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->npodman; i++)
		json_object_put(c->podman[i]);
	free(c->podman);
	for (size_t i = 0; i < c->memo.cap; i++) {
		struct memo *m = hash_table_slot(&c->memo, i);

		if (m) {
			free(m->a);
			free(m->b);
		}
	}
	hash_table_done(&c->memo);
	free(c);
}

/* The cgroup file of @pid: up to 8 KiB, more than v1's dozen controller
 * lines take. */
static int read_cgroup(const char *proc_root, uint32_t pid,
		       struct container_attr *ret)
{
	char path[PATH_MAX], buf[8192];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%u/cgroup", proc_root, pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -ENOENT;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n < 0)
		return -ENOENT;
	/* Nothing found is an answer (no container, no unit), not an
	 * unreadable file. */
	(void)container_cgroup_parse(buf, (size_t)n, ret);
	return 0;
}

/* One process's answer; the origin points into the rest. */
struct who {
	struct sock_origin o;
	struct container_attr a;
	char *ctr_name, *pod_namespace, *pod_name;
};

/* A hash slot: the pid, and its answer (NULL: unreadable). */
struct pid_slot {
	uint32_t pid;
	struct who *who;
};

struct container_cache {
	const char *proc_root;
	struct container_names *names;
	struct hash_table pids; /* of struct pid_slot */
};

int container_cache_new(const char *proc_root,
			const struct container_roots *roots,
			struct container_cache **ret)
{
	struct container_cache *c = calloc(1, sizeof(*c));

	if (!c || container_names_new(roots, &c->names) < 0) {
		free(c);
		return -ENOMEM;
	}
	c->proc_root = proc_root ? proc_root : "/proc";
	c->pids = HASH_TABLE_INIT(sizeof(uint32_t), sizeof(struct pid_slot));
	*ret = c;
	return 0;
}

static void who_free(struct who *w)
{
	if (!w)
		return;
	free(w->ctr_name);
	free(w->pod_namespace);
	free(w->pod_name);
	free(w);
}

/* Reads @pid's cgroup and the names of what it says. Returns 0 and a new
 * answer, -ENOENT (unreadable) or -ENOMEM. */
static int who_read(struct container_cache *c, uint32_t pid,
		    struct who **ret)
{
	struct who *w = calloc(1, sizeof(*w));
	int r;

	if (!w)
		return -ENOMEM;
	r = read_cgroup(c->proc_root, pid, &w->a);
	if (r < 0) {
		free(w);
		return r;
	}
	w->o.nsid = -1;
	if (w->a.id[0]) {
		r = container_names_get(c->names, w->a.runtime, w->a.id,
					&w->ctr_name);
		if (r == -ENOMEM)
			goto fail;
		w->o.ctr_runtime = w->a.runtime;
		w->o.ctr_id = w->a.id;
		w->o.ctr_name = w->ctr_name;
	}
	if (w->a.pod_uid[0]) {
		r = container_names_pod(c->names, w->a.pod_uid,
					&w->pod_namespace, &w->pod_name);
		if (r == -ENOMEM)
			goto fail;
		w->o.pod_uid = w->a.pod_uid;
		w->o.pod_namespace = w->pod_namespace;
		w->o.pod_name = w->pod_name;
	}
	if (w->a.unit[0])
		w->o.unit = w->a.unit;
	*ret = w;
	return 0;
fail:
	who_free(w);
	return -ENOMEM;
}

int container_cache_pid(struct container_cache *c, uint32_t pid,
			const struct sock_origin **ret)
{
	struct pid_slot *slot;
	struct who *w = NULL;
	int r;

	/* pid 0 is no process, and the table cannot keep an all-zero key. */
	if (pid == 0)
		return -ENOENT;
	slot = hash_table_find(&c->pids, &pid);
	if (!slot) {
		void *p;

		r = who_read(c, pid, &w);
		if (r == -ENOMEM)
			return r;
		if (hash_table_insert(&c->pids, &pid, &p) < 0) {
			who_free(w);
			return -ENOMEM;
		}
		slot = p;
		slot->who = w;
	}
	if (!slot->who)
		return -ENOENT;
	*ret = &slot->who->o;
	return 0;
}

void container_cache_forget(struct container_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->pids.cap; i++) {
		struct pid_slot *s = hash_table_slot(&c->pids, i);

		if (s)
			who_free(s->who);
	}
	hash_table_done(&c->pids);
}

void container_cache_free(struct container_cache *c)
{
	if (!c)
		return;
	container_cache_forget(c);
	container_names_free(c->names);
	free(c);
}

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

void container_origin_decide(const struct sock_origin *ns,
			     const struct sock_origin *const *holders,
			     size_t n, struct sock_origin *ret)
{
	const struct sock_origin *first = NULL;
	bool ctr = true, pod = true, unit = true;

	for (size_t i = 0; i < n; i++) {
		const struct sock_origin *h = holders[i];

		if (!h)
			continue;
		if (!first) {
			first = h;
			continue;
		}
		/* The id names the container, the uid the pod. */
		ctr = ctr && same(h->ctr_id, first->ctr_id);
		pod = pod && same(h->pod_uid, first->pod_uid);
		unit = unit && same(h->unit, first->unit);
	}
	*ret = *ns;
	if (!first)
		return;
	ret->ctr_runtime = ctr ? first->ctr_runtime : NULL;
	ret->ctr_id = ctr ? first->ctr_id : NULL;
	ret->ctr_name = ctr ? first->ctr_name : NULL;
	ret->pod_uid = pod ? first->pod_uid : NULL;
	ret->pod_namespace = pod ? first->pod_namespace : NULL;
	ret->pod_name = pod ? first->pod_name : NULL;
	ret->unit = unit ? first->unit : NULL;
}

/* Keeps a copy of @s (NULL: none) in a free slot of @strings. Returns
 * it, or NULL when @s is NULL; -ENOMEM through *err. */
static const char *keep(char **strings, size_t nstrings, const char *s,
			int *err)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	for (size_t i = 0; d && i < nstrings; i++)
		if (!strings[i])
			return strings[i] = d;
	free(d);
	*err = -ENOMEM;
	return NULL;
}

int container_origin_fill(struct container_cache *c, const uint32_t *pids,
			  size_t n, struct sock_origin *o, char **strings,
			  size_t nstrings)
{
	const struct sock_origin *ctr = NULL, *pod = NULL, *unit = NULL, *w;
	int r = 0;

	for (size_t i = 0; i < n; i++) {
		int k = container_cache_pid(c, pids[i], &w);

		if (k == -ENOMEM)
			return k;
		if (k < 0)
			continue;
		if (!ctr && w->ctr_id)
			ctr = w;
		if (!pod && w->pod_uid)
			pod = w;
		if (!unit && w->unit)
			unit = w;
	}
	if (ctr) {
		o->ctr_runtime = ctr->ctr_runtime; /* static */
		o->ctr_id = keep(strings, nstrings, ctr->ctr_id, &r);
		o->ctr_name = keep(strings, nstrings, ctr->ctr_name, &r);
	}
	if (pod) {
		o->pod_uid = keep(strings, nstrings, pod->pod_uid, &r);
		o->pod_namespace = keep(strings, nstrings, pod->pod_namespace,
					&r);
		o->pod_name = keep(strings, nstrings, pod->pod_name, &r);
	}
	if (unit)
		o->unit = keep(strings, nstrings, unit->unit, &r);
	return r;
}
