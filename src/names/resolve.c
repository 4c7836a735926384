// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "resolve.h"

struct entry {
	bool used;
	uint8_t family; /* AF_INET or AF_INET6 fit */
	uint8_t addr[16];
	char *name;     /* NULL: looked up, has none */
};

/* Open addressing, grown at half full. */
struct resolve {
	struct entry *v;
	size_t cap, n;
	unsigned long lookups;
};

int resolve_new(struct resolve **ret)
{
	struct resolve *r = calloc(1, sizeof(*r));

	if (!r)
		return -ENOMEM;
	*ret = r;
	return 0;
}

static size_t hash(int family, const uint8_t *addr)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)family; /* FNV-1a */

	for (int i = 0; i < 16; i++)
		h = (h ^ addr[i]) * 1099511628211ull;
	return (size_t)h;
}

static struct entry *find(const struct resolve *r, int family,
			  const uint8_t *addr)
{
	size_t i = hash(family, addr) & (r->cap - 1);

	while (r->v[i].used && (r->v[i].family != family ||
				memcmp(r->v[i].addr, addr, 16) != 0))
		i = (i + 1) & (r->cap - 1);
	return &r->v[i];
}

static int grow(struct resolve *r)
{
	size_t cap = r->cap ? r->cap * 2 : 64;
	struct entry *old = r->v, *v = calloc(cap, sizeof(*v));
	size_t oldcap = r->cap;

	if (!v)
		return -ENOMEM;
	r->v = v;
	r->cap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].used)
			*find(r, old[i].family, old[i].addr) = old[i];
	free(old);
	return 0;
}

static char *lookup(int family, const uint8_t *addr)
{
	union {
		struct sockaddr sa;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
	} u = {.sa.sa_family = (sa_family_t)family};
	socklen_t salen;
	char host[NI_MAXHOST];

	if (family == AF_INET) {
		memcpy(&u.in.sin_addr, addr, 4);
		salen = sizeof(u.in);
	} else {
		memcpy(&u.in6.sin6_addr, addr, 16);
		salen = sizeof(u.in6);
	}
	/* NI_NAMEREQD: no name is an error, not the number as text. */
	if (getnameinfo(&u.sa, salen, host, sizeof(host), NULL, 0,
			NI_NAMEREQD) != 0)
		return NULL;
	return strdup(host);
}

const char *resolve_host(struct resolve *r, int family, const uint8_t *addr)
{
	static const uint8_t zero[16];
	uint8_t key[16] = {0};
	struct entry *e;

	if (family != AF_INET && family != AF_INET6)
		return NULL;
	memcpy(key, addr, family == AF_INET ? 4 : 16);
	if (memcmp(key, zero, 16) == 0)
		return NULL;
	if ((r->n + 1) * 2 > r->cap && grow(r) < 0)
		return NULL;
	e = find(r, family, key);
	if (!e->used) {
		*e = (struct entry){.used = true, .family = (uint8_t)family};
		memcpy(e->addr, key, 16);
		e->name = lookup(family, key);
		r->n++;
		r->lookups++;
	}
	return e->name;
}

unsigned long resolve_lookups(const struct resolve *r)
{
	return r->lookups;
}

void resolve_free(struct resolve *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->cap; i++)
		free(r->v[i].name);
	free(r->v);
	free(r);
}
