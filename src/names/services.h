/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Port -> service name and name -> port, from an /etc/services-format
 * file, read once. */

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
 * Reads the file at @path (a regular file of at most 16 MiB) whole:
 * 0 and a malloc'ed buffer in *ret_buf (free() it) of *ret_len bytes,
 * or a negative errno (both untouched).
 */
int services_read(const char *path, char **ret_buf, size_t *ret_len);

/*
 * Reads and parses the file at @path. Returns 0 and the table in *ret,
 * or a negative errno (*ret untouched).
 */
int services_load(const char *path, struct services **ret);

/*
 * The first name the file gives @port for protocol @proto ("tcp", "udp"),
 * or NULL. "mptcp" reads TCP's names, "sctp" SCTP's and then TCP's, as
 * ss shows them. The string lives as long as @s.
 */
const char *services_lookup(const struct services *s, uint16_t port,
			    const char *proto);

/*
 * The port of the first line (in file order) that gives @name, as its
 * name or one of its aliases, for protocol @proto ("tcp", "udp"), as
 * getservbyname(3) answers. Returns 0 and the port in *ret, or -ENOENT
 * (*ret untouched). A binary search: O(log n) comparisons.
 */
int services_port(struct services *s, const char *name, const char *proto,
		  uint16_t *ret);

/* The comparisons services_port() has made on @s so far (its cost, for
 * tests). */
size_t services_probes(const struct services *s);

/* Frees @s; NULL is fine. */
void services_free(struct services *s);
