/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * --prometheus: socket records folded into aggregates as they stream by,
 * then written as the Prometheus text exposition format (version 0.0.4).
 * Nothing is kept per socket: counts per (table, state), sums and a
 * histogram over established TCP, and one slot per distinct listener
 * (listeners are few and their number does not grow with connections).
 * Pure: names the caller resolved come in as strings; nothing here opens
 * a file or looks a name up.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "obuf.h"
#include "sock.h"

/* Ports --prometheus-ports may list. */
#define PROM_PORTS_MAX 64

/* The RTT histogram's upper bounds, in microseconds (+Inf is implicit). */
#define PROM_RTT_BUCKETS 14

/* Who holds a listener, as the caller found it; NULL fields: unknown. */
struct prom_owner {
	const char *process; /* command name (raw bytes, escaped here) */
	size_t process_len;
	const char *unit;    /* systemd unit ("nginx.service") */
	size_t unit_len;
};

/* Labels put first on every series of one aggregate: the slot for the
 * network namespace and container labels of a multi-namespace scrape.
 * Names must match [a-zA-Z_][a-zA-Z0-9_]*; values are escaped here. */
#define PROM_SCOPE_MAX 4
struct prom_scope {
	size_t n;
	const char *names[PROM_SCOPE_MAX];
	const char *values[PROM_SCOPE_MAX];
};

/* What the scrape itself reports. */
struct prom_scrape {
	uint64_t duration_us; /* collection and aggregation */
	uint64_t errors;      /* tables that could not be seen */
};

struct prom_agg;

/*
 * Creates an empty aggregate. @ports (@n_ports <= PROM_PORTS_MAX, copied)
 * are the ports that get per-port series; @scope (copied pointers: the
 * strings must outlive the aggregate; NULL: none) labels every series.
 * Returns 0 and the aggregate in *ret, -EINVAL for too many ports or
 * scope labels, or -ENOMEM (*ret untouched). Free with prom_agg_free().
 */
int prom_agg_new(const uint16_t *ports, size_t n_ports,
		 const struct prom_scope *scope, struct prom_agg **ret);

/*
 * Counts @rec. @owner names the holder of a listening socket (NULL, or
 * any field NULL: unknown); it is read only for listeners, and copied.
 * Returns 0, or -ENOMEM (the record is then not counted).
 */
int prom_agg_add(struct prom_agg *a, const struct sock_rec *rec,
		 const struct prom_owner *owner);

/*
 * Writes the exposition text of @n aggregates (one per scope; a family's
 * HELP and TYPE once, then the series of each aggregate in turn) and
 * @scrape's figures to @ob. Listener series are sorted, and listeners
 * with the same labels merged (queues and backlogs added): SO_REUSEPORT
 * groups and per-device bindings would otherwise repeat a series, which
 * Prometheus rejects. Returns 0; a write error sticks in @ob.
 */
int prom_write(struct prom_agg *const *aggs, size_t n,
	       const struct prom_scrape *scrape, struct obuf *ob);

/*
 * Writes @len bytes of @s to @ob as the inside of a quoted label value:
 * first made safe to show as esc_table() does (controls and invalid UTF-8
 * become visible "\n" "\xNN" text), then '\\' and '"' escaped as the
 * format requires, so any byte string reads back as printable UTF-8.
 */
void prom_put_label_value(struct obuf *ob, const char *s, size_t len);

/* Frees @a; NULL is fine. */
void prom_agg_free(struct prom_agg *a);
