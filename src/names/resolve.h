/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * -r/--resolve: addresses to host names, each distinct address asked of
 * the resolver (getnameinfo: /etc/hosts, DNS, as nsswitch.conf says) once
 * per run, since a table of many connections repeats few addresses and a
 * DNS answer can take long.
 */

#include <stdint.h>

struct resolve;

/* Creates an empty cache. Returns 0 and it in *ret, or -ENOMEM. */
int resolve_new(struct resolve **ret);

/*
 * The host name of @addr (@family AF_INET: 4 bytes, AF_INET6: 16, in
 * network order), or NULL when it has none, it is the unspecified
 * address (0.0.0.0, ::: a wildcard, never looked up), the family is
 * another, or memory ran out. The name is the resolver's, unchecked:
 * escape it before printing. It lives as long as @r.
 */
const char *resolve_host(struct resolve *r, int family, const uint8_t *addr);

/* How many lookups the resolver was asked (a cached address is not asked
 * again). */
unsigned long resolve_lookups(const struct resolve *r);

/* Frees @r; NULL is fine. */
void resolve_free(struct resolve *r);
