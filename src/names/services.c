// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "services.h"
#include "util/num.h"
#include "util/grow.h"

/* Sorted by (port, proto, file order) so a lookup is a binary search and
 * the first entry of a port is the one getservbyport(3) would return. */
struct service {
	uint16_t port;
	uint16_t order;
	char proto[8]; /* "tcp", "udp", "sctp", "dccp"... */
	const char *name;
};

/* Every name and alias of a line, sorted by (name, proto, file order):
 * the way back from a name is one binary search, not a walk over every
 * port. */
struct service_name {
	const char *name;
	uint32_t order;
	uint16_t port;
	char proto[8];
};

struct services {
	struct service *v;
	size_t n;
	struct service_name *names;
	size_t n_names;
	size_t probes; /* comparisons made by services_port() */
	char *text; /* names point into this copy of the file */
};

static int cmp_service(const void *a, const void *b)
{
	const struct service *x = a, *y = b;
	int c;

	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	c = strcmp(x->proto, y->proto);
	if (c)
		return c;
	return (x->order > y->order) - (x->order < y->order);
}

/* Cuts the next whitespace-separated word out of [*p, end); NUL-ends it
 * in place. Returns NULL when the line has no more words. */
static char *next_word(char **p, char *end)
{
	char *s = *p, *w;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s >= end)
		return NULL;
	w = s;
	while (s < end && *s != ' ' && *s != '\t')
		s++;
	*s = '\0';
	*p = s < end ? s + 1 : end;
	return w;
}

static int cmp_name(const void *a, const void *b)
{
	const struct service_name *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	c = strcmp(x->proto, y->proto);
	if (c)
		return c;
	return (x->order > y->order) - (x->order < y->order);
}

/* Parses a line into *ret; *ret_rest is where its aliases start and
 * *ret_end where they stop. */
static int parse_line(char *line, char *end, struct service *ret,
		      char **ret_rest, char **ret_end)
{
	char *hash = memchr(line, '#', (size_t)(end - line));
	char *p = line, *name, *portproto, *slash;
	uint64_t port;

	if (hash)
		end = hash;
	name = next_word(&p, end);
	portproto = name ? next_word(&p, end) : NULL;
	if (!portproto)
		return -EINVAL;
	slash = strchr(portproto, '/');
	if (!slash || slash == portproto || !isdigit((unsigned char)*portproto))
		return -EINVAL;
	*slash = '\0';
	if (num_parse_cstr_u64(portproto, 10, UINT16_MAX, &port) < 0 ||
	    strlen(slash + 1) > 7)
		return -EINVAL;
	ret->port = (uint16_t)port;
	strcpy(ret->proto, slash + 1);
	ret->name = name;
	*ret_rest = p;
	*ret_end = end;
	return 0;
}

/* Appends @name of @sv to the name index. */
static int add_name(struct services *s, size_t *cap, const struct service *sv,
		    const char *name)
{
	struct service_name *v;

	if (grow_array((void **)&s->names, cap, s->n_names + 1,
		       sizeof(*s->names), 256) < 0)
		return -ENOMEM;
	v = s->names;
	v[s->n_names] = (struct service_name){
		.name = name, .order = (uint32_t)s->n_names, .port = sv->port};
	memcpy(v[s->n_names].proto, sv->proto, sizeof(sv->proto));
	s->n_names++;
	return 0;
}

int services_parse(const char *buf, size_t len, struct services **ret)
{
	struct services *s = calloc(1, sizeof(*s));
	size_t cap = 0, cap_names = 0;
	char *p, *end;

	if (!s)
		return -ENOMEM;
	s->text = malloc(len + 1);
	if (!s->text)
		goto oom;
	memcpy(s->text, buf, len);
	s->text[len] = '\0';
	end = s->text + len;
	for (p = s->text; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *eol = nl ? nl : end;
		struct service sv;
		char *rest, *stop, *alias;

		*eol = '\0';
		if (parse_line(p, eol, &sv, &rest, &stop) == 0 &&
		    s->n < UINT16_MAX) {
			if (grow_array((void **)&s->v, &cap, s->n + 1,
				       sizeof(*s->v), 256) < 0)
				goto oom;
			sv.order = (uint16_t)s->n;
			s->v[s->n++] = sv;
			if (add_name(s, &cap_names, &sv, sv.name) < 0)
				goto oom;
			while ((alias = next_word(&rest, stop)))
				if (add_name(s, &cap_names, &sv, alias) < 0)
					goto oom;
		}
		p = eol + 1;
	}
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), cmp_service);
	if (s->n_names)
		qsort(s->names, s->n_names, sizeof(*s->names), cmp_name);
	*ret = s;
	return 0;
oom:
	services_free(s);
	return -ENOMEM;
}

int services_read(const char *path, char **ret_buf, size_t *ret_len)
{
	struct stat st = {0};
	char *buf;
	ssize_t n;
	size_t got = 0;
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > 16 * 1024 * 1024) {
		r = !S_ISREG(st.st_mode) || st.st_size > 16 * 1024 * 1024
			    ? -EINVAL
			    : -errno;
		close(fd);
		return r;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (got < (size_t)st.st_size &&
	       (n = read(fd, buf + got, (size_t)st.st_size - got)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			free(buf);
			close(fd);
			return r;
		}
		got += (size_t)n;
	}
	close(fd);
	*ret_buf = buf;
	*ret_len = got;
	return 0;
}

int services_load(const char *path, struct services **ret)
{
	char *buf;
	size_t len;
	int r = services_read(path, &buf, &len);

	if (r < 0)
		return r;
	r = services_parse(buf, len, ret);
	free(buf);
	return r;
}

static const char *lookup(const struct services *s, uint16_t port,
			  const char *proto)
{
	size_t lo = 0, hi = s->n;

	/* Lower bound of (port, proto): the first entry in file order. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct service *v = &s->v[mid];
		int c = v->port != port ? (v->port < port ? -1 : 1)
					: strcmp(v->proto, proto);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->n && s->v[lo].port == port &&
	    strcmp(s->v[lo].proto, proto) == 0)
		return s->v[lo].name;
	return NULL;
}

const char *services_lookup(const struct services *s, uint16_t port,
			    const char *proto)
{
	const char *name;

	/* MPTCP listens on TCP's ports. For SCTP, ss asks getservbyport()
	 * for any protocol, which answers the first line naming the port:
	 * its own line where the file has one, else in practice TCP's. */
	if (strcmp(proto, "mptcp") == 0)
		return lookup(s, port, "tcp");
	if (strcmp(proto, "sctp") == 0) {
		name = lookup(s, port, "sctp");
		return name ? name : lookup(s, port, "tcp");
	}
	return lookup(s, port, proto);
}

int services_port(struct services *s, const char *name, const char *proto,
		  uint16_t *ret)
{
	size_t lo = 0, hi = s->n_names;

	/* Lower bound of (name, proto): the first line in file order that
	 * names it, as getservbyname(3) answers. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct service_name *v = &s->names[mid];
		int c = strcmp(v->name, name);

		if (!c)
			c = strcmp(v->proto, proto);
		s->probes++;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->n_names && strcmp(s->names[lo].name, name) == 0 &&
	    strcmp(s->names[lo].proto, proto) == 0) {
		*ret = s->names[lo].port;
		return 0;
	}
	return -ENOENT;
}

size_t services_probes(const struct services *s)
{
	return s->probes;
}

void services_free(struct services *s)
{
	if (!s)
		return;
	free(s->names);
	free(s->v);
	free(s->text);
	free(s);
}
