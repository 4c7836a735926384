// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "resolve.h"
#include "util/hash.h"

/* A slot of the cache, keyed by its first 17 bytes. */
struct entry {
	uint8_t family; /* AF_INET or AF_INET6 fit; never 0 */
	uint8_t addr[16];
	char *name;     /* NULL: looked up, has none */
};

#define ENTRY_KEY_SIZE (offsetof(struct entry, addr) + 16)

struct resolve {
	struct hash_table cache; /* of struct entry */
	unsigned long lookups;
};

int resolve_new(struct resolve **ret)
{
	struct resolve *r = calloc(1, sizeof(*r));

	if (!r)
		return -ENOMEM;
	r->cache = HASH_TABLE_INIT(ENTRY_KEY_SIZE, sizeof(struct entry));
	*ret = r;
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
	struct entry key = {.family = (uint8_t)family}, *e;
	void *slot;
	int n;

	if (family != AF_INET && family != AF_INET6)
		return NULL;
	memcpy(key.addr, addr, family == AF_INET ? 4 : 16);
	if (memcmp(key.addr, zero, 16) == 0)
		return NULL;
	n = hash_table_insert(&r->cache, &key, &slot);
	if (n < 0)
		return NULL;
	e = slot;
	if (n > 0) {
		e->name = lookup(family, key.addr);
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
	for (size_t i = 0; i < r->cache.cap; i++) {
		struct entry *e = hash_table_slot(&r->cache, i);

		if (e)
			free(e->name);
	}
	hash_table_done(&r->cache);
	free(r);
}
