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
};

int container_names_new(const struct container_roots *roots,
			struct container_names **ret)
{
	struct container_names *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
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

int container_names_get(struct container_names *c, const char *runtime,
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

int container_names_pod(struct container_names *c, const char *uid,
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

		n = strlen(s);
		/* NAMESPACE_NAME_UID: neither a namespace nor a pod name
		 * holds '_' (DNS labels). */
		if (n < ulen + 4 || strcmp(s + n - ulen, uid) != 0 ||
		    s[n - ulen - 1] != '_')
			continue;
		us = memchr(s, '_', n - ulen - 1);
		if (!us || us == s || us + 1 >= s + n - ulen - 1)
			continue;
		*ret_namespace = strndup(s, (size_t)(us - s));
		*ret_name = strndup(us + 1, (size_t)(s + n - ulen - 1 - us - 1));
		r = *ret_namespace && *ret_name ? 0 : -ENOMEM;
		if (r < 0) {
			free(*ret_namespace);
			free(*ret_name);
		}
	}
	closedir(d);
	return r;
}

void container_names_free(struct container_names *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->npodman; i++)
		json_object_put(c->podman[i]);
	free(c->podman);
	free(c);
}

static int read_cgroup(const char *proc_root, uint32_t pid,
		       struct container_attr *ret)
{
	char path[PATH_MAX], buf[8192];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%u/cgroup", proc_root, pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n <= 0)
		return -ENOENT;
	return container_cgroup_parse(buf, (size_t)n, ret);
}

/* Keeps @s in a free slot of @strings; NULL when @s is NULL or no slot
 * is free (then @s is freed). */
static const char *keep(char **strings, size_t nstrings, char *s)
{
	for (size_t i = 0; s && i < nstrings; i++)
		if (!strings[i])
			return strings[i] = s;
	free(s);
	return NULL;
}

int container_origin_fill(struct container_names *c, const char *proc_root,
			  const uint32_t *pids, size_t n,
			  struct sock_origin *o, char **strings,
			  size_t nstrings)
{
	struct container_attr a = {0}, b;
	char *s1 = NULL, *s2 = NULL;
	int r;

	for (size_t i = 0; i < n; i++) {
		if (read_cgroup(proc_root, pids[i], &b) < 0)
			continue;
		if (!a.id[0] && b.id[0]) {
			memcpy(a.id, b.id, sizeof(a.id));
			a.runtime = b.runtime;
		}
		if (!a.pod_uid[0])
			memcpy(a.pod_uid, b.pod_uid, sizeof(a.pod_uid));
		if (!a.unit[0])
			memcpy(a.unit, b.unit, sizeof(a.unit));
	}
	if (a.id[0]) {
		if (!(o->ctr_id = keep(strings, nstrings, strdup(a.id))))
			return -ENOMEM;
		o->ctr_runtime = a.runtime;
		r = container_names_get(c, a.runtime, a.id, &s1);
		if (r == -ENOMEM)
			return r;
		if (r == 0 && !(o->ctr_name = keep(strings, nstrings, s1)))
			return -ENOMEM;
	}
	if (a.pod_uid[0]) {
		if (!(o->pod_uid = keep(strings, nstrings, strdup(a.pod_uid))))
			return -ENOMEM;
		r = container_names_pod(c, a.pod_uid, &s1, &s2);
		if (r == -ENOMEM)
			return r;
		if (r == 0) {
			o->pod_namespace = keep(strings, nstrings, s1);
			o->pod_name = keep(strings, nstrings, s2);
			if (!o->pod_namespace || !o->pod_name)
				return -ENOMEM;
		}
	}
	if (a.unit[0] && !(o->unit = keep(strings, nstrings, strdup(a.unit))))
		return -ENOMEM;
	return 0;
}
