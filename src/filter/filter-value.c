// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The values of terms, each resolved once at parse time: ports and
 * service names, devices, marks, cgroup paths, the ephemeral port range.
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "filter-parse.h"
#include "names/services.h"
#include "util/num.h"

/* A name or alias from /etc/services: the tcp line wins, as sockscope
 * has always read it (ss asks udp and tcp, and refuses a name the two
 * give different ports only when it lists both tables). */
static bool service_port(struct services *s, const char *name, uint16_t *ret)
{
	return services_port(s, name, "tcp", ret) == 0 ||
	       services_port(s, name, "udp", ret) == 0;
}

int parse_port(struct parser *p, const char *s, size_t len, size_t off,
	       uint16_t *ret)
{
	const char *path = p->env->services_path ? p->env->services_path
						 : "/etc/services";
	char name[64];
	uint32_t n;

	/* In any base C reads, as ss (22, 0x16, 026). */
	if (len && s[0] >= '0' && s[0] <= '9') {
		if (num_parse_u32(s, len, 0, UINT16_MAX, &n) < 0)
			return parse_fail(p, off, len,
					  "expected a port from 0 to 65535");
		*ret = (uint16_t)n;
		return 0;
	}
	if (len == 0 || len >= sizeof(name))
		return parse_fail(p, off, len,
				  "expected a port number or service name");
	memcpy(name, s, len);
	name[len] = '\0';
	if (!p->services && !p->services_err) {
		p->services_err = services_load(path, &p->services);
		if (p->services_err == -ENOMEM)
			return -ENOMEM;
		if (!p->services_err && !p->services)
			p->services_err = -ENOENT;
	}
	if (p->services_err)
		return parse_fail(p, off, len,
				  "unknown service '%s' (cannot read %s: %s)",
				  name, path, strerror(-p->services_err));
	if (!service_port(p->services, name, ret))
		return parse_fail(p, off, len, "unknown service '%s'", name);
	return 0;
}

int parse_dev(struct parser *p, const struct token *t, uint32_t *ret)
{
	const char *s = p->lx.text + t->off;
	char name[IF_NAMESIZE];
	unsigned idx = 0;
	uint32_t n;

	/* As ss: a name first, then an index in any base C reads. */
	if (t->len > 0 && t->len < sizeof(name)) {
		memcpy(name, s, t->len);
		name[t->len] = '\0';
		idx = if_nametoindex(name);
	}
	if (idx) {
		*ret = idx;
		return 0;
	}
	if (num_parse_u32(s, t->len, 0, UINT32_MAX, &n) == 0) {
		*ret = n;
		return 0;
	}
	if (t->len == 0 || t->len >= sizeof(name))
		return parse_fail(p, t->off, t->len,
				  "expected a device name or index");
	return parse_fail(p, t->off, t->len, "unknown device '%s'", name);
}

/* fwmark numbers as ss reads them: decimal, 0x hexadecimal, 0 octal. */
static int mark_number(const char *s, size_t len, uint32_t *ret)
{
	return num_parse_u32(s, len, 0, UINT32_MAX, ret);
}

int parse_mark(struct parser *p, const struct token *t, uint32_t *ret_value,
	       uint32_t *ret_mask)
{
	const char *s = p->lx.text + t->off;
	const char *slash = memchr(s, '/', t->len);
	size_t vlen = slash ? (size_t)(slash - s) : t->len;
	uint32_t value, mask = UINT32_MAX;

	if (mark_number(s, vlen, &value) < 0)
		return parse_fail(p, t->off, vlen ? vlen : t->len,
				  "expected a mark (a 32-bit number)");
	if (slash && mark_number(slash + 1, t->len - vlen - 1, &mask) < 0)
		return parse_fail(p, t->off + vlen + 1, t->len - vlen - 1,
				  "expected a mask (a 32-bit number) after "
				  "'/'");
	if (value & ~mask)
		return parse_fail(p, t->off, t->len,
				  "expected a mark within its mask: no "
				  "socket can match 0x%x/0x%x",
				  value, mask);
	*ret_value = value;
	*ret_mask = mask;
	return 0;
}

/* Undoes mountinfo's octal escapes ("\040" for a space) in place. */
static void unescape(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' &&
		    r[2] >= '0' && r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 +
				      (r[3] - '0'));
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

/* The first cgroup2 mount point in /proc/self/mountinfo (on a hybrid
 * system it is not /sys/fs/cgroup). */
static int cgroup2_root(char *buf, size_t size)
{
	FILE *fp = fopen("/proc/self/mountinfo", "re");
	char *line = NULL;
	size_t cap = 0;
	int r = -ENOENT;

	if (!fp)
		return -errno;
	while (getline(&line, &cap, fp) > 0) {
		char *sep = strstr(line, " - ");
		char *mnt = line;

		if (!sep || strncmp(sep + 3, "cgroup2 ", 8) != 0)
			continue;
		/* The mount point is the fifth field. */
		for (int i = 0; i < 4 && mnt; i++) {
			mnt = strchr(mnt, ' ');
			if (mnt)
				mnt++;
		}
		if (!mnt || !strchr(mnt, ' '))
			continue;
		*strchr(mnt, ' ') = '\0';
		unescape(mnt);
		if (strlen(mnt) >= size)
			continue;
		strcpy(buf, mnt);
		r = 0;
		break;
	}
	free(line);
	fclose(fp);
	return r;
}

/* The id the kernel reports for a cgroup v2 directory: its kernfs file
 * handle, which is the inode number on 64-bit machines. */
static int cgroup_id(const char *path, uint64_t *ret)
{
	struct {
		struct file_handle fh;
		uint64_t id;
	} h = {.fh.handle_bytes = sizeof(uint64_t)};
	struct stat st;
	int mount_id;

	if (stat(path, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	if (name_to_handle_at(AT_FDCWD, path, &h.fh, &mount_id, 0) == 0 &&
	    h.fh.handle_bytes == sizeof(uint64_t)) {
		memcpy(ret, h.fh.f_handle, sizeof(*ret));
		return 0;
	}
	*ret = st.st_ino;
	return 0;
}

int parse_cgroup(struct parser *p, const struct token *t, uint64_t *ret)
{
	const char *s = p->lx.text + t->off;
	char root[4096], path[8192];
	int r;

	if (s[0] != '/')
		return parse_fail(p, t->off, t->len,
				  "expected a cgroup path starting with '/'");
	if (p->env->cgroup_root) {
		snprintf(root, sizeof(root), "%s", p->env->cgroup_root);
	} else {
		r = cgroup2_root(root, sizeof(root));
		if (r < 0)
			return parse_fail(p, t->off, t->len,
					  "unknown cgroup '%.*s': no cgroup2 "
					  "file system is mounted",
					  (int)t->len, s);
	}
	if (strlen(root) + t->len >= sizeof(path))
		return parse_fail(p, t->off, t->len, "expected a shorter path");
	snprintf(path, sizeof(path), "%s%.*s", root, (int)t->len, s);
	r = cgroup_id(path, ret);
	if (r < 0)
		return parse_fail(p, t->off, t->len, "unknown cgroup '%.*s': %s",
				  (int)t->len, s, strerror(-r));
	return 0;
}

int parse_port_range(struct parser *p, const struct token *t, uint16_t *ret_lo,
		     uint16_t *ret_hi)
{
	const char *path =
		p->env->port_range_path ? p->env->port_range_path
					: "/proc/sys/net/ipv4/ip_local_port_range";
	char buf[64];
	FILE *fp = fopen(path, "re");
	size_t n = fp ? fread(buf, 1, sizeof(buf), fp) : 0;
	uint16_t lo = 1, hi = 0;

	if (fp)
		fclose(fp);
	(void)num_parse_port_range(buf, n, &lo, &hi);
	if (lo > hi)
		return parse_fail(p, t->off, t->len,
				  "autobound needs the ephemeral port range, "
				  "and %s does not say it",
				  path);
	*ret_lo = lo;
	*ret_hi = hi;
	return 0;
}
