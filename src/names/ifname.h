/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Interface index -> name, each index asked of the kernel once. */

#include <net/if.h>
#include <stdint.h>

struct ifname_entry {
	uint32_t index;
	char name[IF_NAMESIZE];
};

/* Zero-initialize; free with ifname_cache_done(). */
struct ifname_cache {
	struct ifname_entry *v;
	size_t n, cap;
};

/*
 * The name of interface @index. An index the kernel does not know (the
 * device is gone) reads as "if" and its number, as ss does. The string lives as
 * long as @c. Returns NULL only when out of memory.
 */
const char *ifname_get(struct ifname_cache *c, uint32_t index);

/* Frees the cache; NULL is fine. */
void ifname_cache_done(struct ifname_cache *c);
