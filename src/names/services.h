/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Port -> service name, from an /etc/services-format file, read once. */

#include <stddef.h>
#include <stdint.h>

struct services;

/*
 * Parses /etc/services-format text (@len bytes of @buf, need not be
 * NUL-terminated) into a new table in *ret. Lines that do not parse are
 * skipped, as getservent(3) does. Returns 0 or -ENOMEM.
 */
int services_parse(const char *buf, size_t len, struct services **ret);

/*
 * Reads and parses the file at @path. Returns 0 and the table in *ret,
 * or a negative errno (*ret untouched).
 */
int services_load(const char *path, struct services **ret);

/*
 * The first name the file gives @port for protocol @proto ("tcp", "udp"),
 * or NULL. The string lives as long as @s.
 */
const char *services_lookup(const struct services *s, uint16_t port,
			    const char *proto);

/* Frees @s; NULL is fine. */
void services_free(struct services *s);
