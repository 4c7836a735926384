// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Prometheus text exposition format (0.0.4) of --prometheus. Records
 * are folded into fixed counters as they come; only listeners get a slot
 * each, because their labels (address, port, owner) are what operators
 * alert on and their number does not grow with the connections.
 */
#include <errno.h>
#include <linux/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "escape.h"
#include "kstruct.h"
#include "out.h"
#include "prom.h"
#include "util/grow.h"

/* Upper bounds of the RTT histogram, microseconds: loopback and LAN
 * (100 us..1 ms) to intercontinental and broken paths (seconds). */
static const uint32_t rtt_bounds_us[PROM_RTT_BUCKETS] = {
	100,    250,    500,    1000,   2500,    5000,    10000,
	25000,  50000,  100000, 250000, 500000, 1000000, 2500000,
};

/* One listener as it will be labelled; strings are escaped label text,
 * owned. */
struct listener {
	uint8_t netid;
	char *address;
	uint16_t port;   /* 0 with has_port false: unix */
	bool has_port;
	char *process;   /* "" when unknown */
	char *unit;
	uint64_t queue, backlog;
};

struct port_count {
	uint64_t local[_SOCK_STATE_MAX];
	uint64_t peer[_SOCK_STATE_MAX];
};

struct prom_agg {
	struct prom_scope scope;
	uint64_t sockets[_SOCK_NETID_MAX][_SOCK_STATE_MAX];
	/* sockets[][] but per listed port, for TCP/UDP/SCTP/MPTCP only
	 * (the tables with ports), netid folded in the index. */
	size_t n_ports;
	uint16_t ports[PROM_PORTS_MAX];
	struct port_count *port_counts; /* [n_ports][_SOCK_NETID_MAX] */
	/* Established TCP. */
	uint64_t rtt_buckets[PROM_RTT_BUCKETS]; /* not cumulative yet */
	uint64_t rtt_count, rtt_sum_us;
	uint64_t retrans, unacked;
	bool tcp_info_seen;
	struct listener *listeners;
	size_t n_listeners, cap_listeners;
};

int prom_agg_new(const uint16_t *ports, size_t n_ports,
		 const struct prom_scope *scope, struct prom_agg **ret)
{
	struct prom_agg *a;

	if (n_ports > PROM_PORTS_MAX || (scope && scope->n > PROM_SCOPE_MAX))
		return -EINVAL;
	a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	if (n_ports) {
		a->port_counts =
		    calloc(n_ports * _SOCK_NETID_MAX, sizeof(*a->port_counts));
		if (!a->port_counts) {
			free(a);
			return -ENOMEM;
		}
		memcpy(a->ports, ports, n_ports * sizeof(*ports));
	}
	a->n_ports = n_ports;
	if (scope)
		a->scope = *scope;
	*ret = a;
	return 0;
}

void prom_agg_free(struct prom_agg *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n_listeners; i++) {
		free(a->listeners[i].address);
		free(a->listeners[i].process);
		free(a->listeners[i].unit);
	}
	free(a->listeners);
	free(a->port_counts);
	free(a);
}

/* A copy of @len bytes of @s made safe as esc_table() makes it; "" for
 * NULL. */
static char *esc_dup(const char *s, size_t len)
{
	return esc_table_ndup(s ? s : "", s ? len : 0);
}

/* The address label of listener @rec: the plain address for inet, the
 * path for unix ("@name" abstract, "*" unbound), as escaped text. */
static char *listener_address(const struct sock_rec *rec)
{
	char buf[1 + OUT_PATH_MAX];
	size_t n;

	if (rec->family == AF_INET || rec->family == AF_INET6)
		return esc_dup(buf, out_fmt_addr(rec->family, rec->local_addr,
						 buf));
	if (rec->family == AF_UNIX && rec->path && rec->path_len) {
		n = rec->path_len < OUT_PATH_MAX ? rec->path_len : OUT_PATH_MAX;
		if (rec->path[0] == '\0') {
			buf[0] = '@';
			memcpy(buf + 1, rec->path + 1, n - 1);
			return esc_dup(buf, n);
		}
		return esc_dup(rec->path, strnlen(rec->path, n));
	}
	return esc_dup("*", 1);
}

static int add_listener(struct prom_agg *a, const struct sock_rec *rec,
			const struct prom_owner *owner)
{
	struct listener *l;

	if (grow_array((void **)&a->listeners, &a->cap_listeners,
		       a->n_listeners + 1, sizeof(*a->listeners), 16) < 0)
		return -ENOMEM;
	l = &a->listeners[a->n_listeners];
	*l = (struct listener){
		.netid = (uint8_t)rec->netid,
		.port = rec->local_port,
		.has_port = rec->family == AF_INET || rec->family == AF_INET6,
		.queue = rec->recv_q,
		.backlog = rec->send_q,
	};
	l->address = listener_address(rec);
	l->process = esc_dup(owner ? owner->process : NULL,
			     owner ? owner->process_len : 0);
	l->unit = esc_dup(owner ? owner->unit : NULL,
			  owner ? owner->unit_len : 0);
	if (!l->address || !l->process || !l->unit) {
		free(l->address);
		free(l->process);
		free(l->unit);
		return -ENOMEM;
	}
	a->n_listeners++;
	return 0;
}

static void add_tcp_info(struct prom_agg *a, const struct sock_detail *d)
{
	uint64_t rtt;
	size_t b = 0;

	if (d->info_kind != SOCK_INFO_TCP ||
	    !KS_HAS(struct tcp_info, tcpi_rtt, d->info_len))
		return;
	a->tcp_info_seen = true;
	rtt = KS_GET(struct tcp_info, tcpi_rtt, d->info, d->info_len);
	while (b < PROM_RTT_BUCKETS && rtt > rtt_bounds_us[b])
		b++;
	if (b < PROM_RTT_BUCKETS)
		a->rtt_buckets[b]++;
	a->rtt_count++;
	a->rtt_sum_us += rtt;
	a->retrans += KS_GET(struct tcp_info, tcpi_total_retrans, d->info,
			     d->info_len);
	a->unacked += KS_GET(struct tcp_info, tcpi_unacked, d->info,
			     d->info_len);
}

static bool has_ports(enum sock_netid netid)
{
	return netid == SOCK_NETID_TCP || netid == SOCK_NETID_UDP ||
	       netid == SOCK_NETID_SCTP || netid == SOCK_NETID_MPTCP;
}

int prom_agg_add(struct prom_agg *a, const struct sock_rec *rec,
		 const struct prom_owner *owner)
{
	unsigned netid = rec->netid, state = rec->state;

	if (netid >= _SOCK_NETID_MAX)
		return 0;
	if (state >= _SOCK_STATE_MAX)
		state = SOCK_STATE_UNKNOWN;
	if (state == SOCK_STATE_LISTEN) {
		int r = add_listener(a, rec, owner);
		if (r < 0)
			return r;
	}
	a->sockets[netid][state]++;
	if (netid == SOCK_NETID_TCP && state == SOCK_STATE_ESTABLISHED)
		add_tcp_info(a, &rec->detail);
	if (a->n_ports && has_ports(rec->netid)) {
		for (size_t i = 0; i < a->n_ports; i++) {
			struct port_count *pc =
			    &a->port_counts[i * _SOCK_NETID_MAX + netid];
			if (rec->local_port == a->ports[i])
				pc->local[state]++;
			if (rec->peer_port == a->ports[i] &&
			    state != SOCK_STATE_LISTEN)
				pc->peer[state]++;
		}
	}
	return 0;
}

void prom_put_label_value(struct obuf *ob, const char *s, size_t len)
{
	/* In pieces that end between UTF-8 sequences, so esc_table()'s
	 * scratch stays on the stack. */
	char tmp[ESC_TABLE_MAX(256)];
	const uint8_t *p = (const uint8_t *)s;

	for (size_t i = 0; i < len;) {
		size_t j = i, m, o = 0;

		while (j < len && j - i <= 256 - 4) {
			size_t n = utf8_seq_len(p + j, len - j);
			j += n ? n : 1;
		}
		m = esc_table(tmp, s + i, j - i);
		for (size_t k = 0; k < m; k++) {
			if (tmp[k] != '\\' && tmp[k] != '"')
				continue;
			obuf_put(ob, tmp + o, k - o);
			obuf_putc(ob, '\\');
			o = k;
		}
		obuf_put(ob, tmp + o, m - o);
		i = j;
	}
}

/* Writes one label: name="value". @value is safe text already (from
 * esc_dup() or ours); only '\\' and '"' remain to escape. */
static void put_label(struct obuf *ob, bool *first, const char *name,
		      const char *value)
{
	obuf_puts(ob, *first ? "{" : ",");
	*first = false;
	obuf_puts(ob, name);
	obuf_puts(ob, "=\"");
	for (const char *p = value; *p; p++) {
		if (*p == '\\' || *p == '"')
			obuf_putc(ob, '\\');
		obuf_putc(ob, *p);
	}
	obuf_putc(ob, '"');
}

/* The scope's labels, opening the label set. */
static void put_scope(struct obuf *ob, const struct prom_agg *a, bool *first)
{
	for (size_t i = 0; i < a->scope.n; i++) {
		obuf_puts(ob, *first ? "{" : ",");
		*first = false;
		obuf_puts(ob, a->scope.names[i]);
		obuf_puts(ob, "=\"");
		prom_put_label_value(ob, a->scope.values[i],
				     strlen(a->scope.values[i]));
		obuf_putc(ob, '"');
	}
}

static void put_value_end(struct obuf *ob, bool first, uint64_t v)
{
	obuf_puts(ob, first ? " " : "} ");
	obuf_put_u64(ob, v);
	obuf_putc(ob, '\n');
}

/* @us microseconds as decimal seconds, exactly. */
static void put_seconds(struct obuf *ob, uint64_t us)
{
	char frac[8];

	obuf_put_u64(ob, us / 1000000);
	frac[0] = '.';
	for (int i = 6, v = (int)(us % 1000000); i >= 1; i--, v /= 10)
		frac[i] = (char)('0' + v % 10);
	obuf_put(ob, frac, 7);
}

static void family(struct obuf *ob, const char *name, const char *type,
		   const char *help)
{
	obuf_puts(ob, "# HELP ");
	obuf_puts(ob, name);
	obuf_putc(ob, ' ');
	obuf_puts(ob, help);
	obuf_puts(ob, "\n# TYPE ");
	obuf_puts(ob, name);
	obuf_putc(ob, ' ');
	obuf_puts(ob, type);
	obuf_putc(ob, '\n');
}

static void write_sockets(struct obuf *ob, struct prom_agg *const *aggs,
			  size_t n)
{
	family(ob, "sockscope_sockets", "gauge",
	       "Sockets selected, by table and state.");
	for (size_t k = 0; k < n; k++)
		for (unsigned t = 0; t < _SOCK_NETID_MAX; t++)
			for (unsigned s = 0; s < _SOCK_STATE_MAX; s++) {
				bool first = true;
				if (!aggs[k]->sockets[t][s])
					continue;
				obuf_puts(ob, "sockscope_sockets");
				put_scope(ob, aggs[k], &first);
				put_label(ob, &first, "netid",
					  sock_netid_name(t));
				put_label(ob, &first, "state",
					  s ? sock_state_name(s) : "unknown");
				put_value_end(ob, first, aggs[k]->sockets[t][s]);
			}
}

static void port_series(struct obuf *ob, const struct prom_agg *a,
			size_t i, unsigned t, const char *end,
			const uint64_t *counts)
{
	char port[8];

	for (unsigned s = 0; s < _SOCK_STATE_MAX; s++) {
		bool first = true;
		if (!counts[s])
			continue;
		port[fmt_u64(port, a->ports[i])] = '\0';
		obuf_puts(ob, "sockscope_port_sockets");
		put_scope(ob, a, &first);
		put_label(ob, &first, "netid", sock_netid_name(t));
		put_label(ob, &first, "port", port);
		put_label(ob, &first, "end", end);
		put_label(ob, &first, "state",
			  s ? sock_state_name(s) : "unknown");
		put_value_end(ob, first, counts[s]);
	}
}

static void write_ports(struct obuf *ob, struct prom_agg *const *aggs,
			size_t n)
{
	bool any = false;

	for (size_t k = 0; k < n; k++)
		any = any || aggs[k]->n_ports;
	if (!any)
		return;
	family(ob, "sockscope_port_sockets", "gauge",
	       "Sockets on a port listed in --prometheus-ports, by the end "
	       "that has it (local or peer) and state.");
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < aggs[k]->n_ports; i++)
			for (unsigned t = 0; t < _SOCK_NETID_MAX; t++) {
				const struct port_count *pc =
				    &aggs[k]->port_counts[i * _SOCK_NETID_MAX +
							  t];
				port_series(ob, aggs[k], i, t, "local",
					    pc->local);
				port_series(ob, aggs[k], i, t, "peer", pc->peer);
			}
}

static int cmp_listener(const void *pa, const void *pb)
{
	const struct listener *a = pa, *b = pb;
	int c;

	if (a->netid != b->netid)
		return a->netid < b->netid ? -1 : 1;
	if ((c = strcmp(a->address, b->address)))
		return c;
	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	if ((c = strcmp(a->process, b->process)))
		return c;
	return strcmp(a->unit, b->unit);
}

static bool same_place(const struct listener *a, const struct listener *b)
{
	return a->netid == b->netid && a->port == b->port &&
	       strcmp(a->address, b->address) == 0;
}

static void listener_labels(struct obuf *ob, const struct prom_agg *a,
			    const struct listener *l, bool *first)
{
	char port[8];

	port[l->has_port ? fmt_u64(port, l->port) : 0] = '\0';
	put_scope(ob, a, first);
	put_label(ob, first, "netid", sock_netid_name(l->netid));
	put_label(ob, first, "address", l->address);
	put_label(ob, first, "port", port);
}

static void write_listeners(struct obuf *ob, struct prom_agg *const *aggs,
			    size_t n)
{
	static const char *const names[] = {"sockscope_listen_queue",
					    "sockscope_listen_backlog"};
	static const char *const helps[] = {
		"Connections waiting to be accepted (Recv-Q of a listener), "
		"added over listeners sharing the labels.",
		"Accept queue size (Send-Q of a listener, the listen() "
		"backlog), added over listeners sharing the labels."};

	family(ob, "sockscope_listener_info", "gauge",
	       "A listening socket (value 1), with the process and systemd "
	       "unit holding it when known (-p).");
	for (size_t k = 0; k < n; k++) {
		const struct prom_agg *a = aggs[k];
		for (size_t i = 0; i < a->n_listeners; i++) {
			const struct listener *l = &a->listeners[i];
			bool first = true;
			if (i && cmp_listener(l - 1, l) == 0)
				continue;
			obuf_puts(ob, "sockscope_listener_info");
			listener_labels(ob, a, l, &first);
			put_label(ob, &first, "process", l->process);
			put_label(ob, &first, "unit", l->unit);
			put_value_end(ob, first, 1);
		}
	}
	for (int f = 0; f < 2; f++) {
		family(ob, names[f], "gauge", helps[f]);
		for (size_t k = 0; k < n; k++) {
			const struct prom_agg *a = aggs[k];
			for (size_t i = 0; i < a->n_listeners;) {
				const struct listener *l = &a->listeners[i];
				uint64_t sum = 0;
				bool first = true;
				for (; i < a->n_listeners &&
				       same_place(l, &a->listeners[i]);
				     i++)
					sum += f ? a->listeners[i].backlog
						 : a->listeners[i].queue;
				obuf_puts(ob, names[f]);
				listener_labels(ob, a, l, &first);
				put_value_end(ob, first, sum);
			}
		}
	}
}

static void put_scoped(struct obuf *ob, const char *name,
		       const struct prom_agg *a, const char *label,
		       const char *value)
{
	bool first = true;

	obuf_puts(ob, name);
	put_scope(ob, a, &first);
	if (label)
		put_label(ob, &first, label, value);
	obuf_puts(ob, first ? " " : "} ");
}

static void write_tcp(struct obuf *ob, struct prom_agg *const *aggs,
		      size_t n)
{
	char le[24];

	family(ob, "sockscope_tcp_rtt_seconds", "histogram",
	       "Smoothed round-trip time of established TCP sockets.");
	for (size_t k = 0; k < n; k++) {
		const struct prom_agg *a = aggs[k];
		uint64_t cum = 0;
		for (size_t b = 0; b < PROM_RTT_BUCKETS; b++) {
			uint32_t us = rtt_bounds_us[b];
			/* Shortest exact decimal: 0.0001, 0.00025, 2.5. */
			int len = snprintf(le, sizeof(le), "%u.%06u",
					   us / 1000000, us % 1000000);
			while (len > 3 && le[len - 1] == '0' &&
			       le[len - 2] != '.')
				le[--len] = '\0';
			cum += a->rtt_buckets[b];
			put_scoped(ob, "sockscope_tcp_rtt_seconds_bucket", a,
				   "le", le);
			obuf_put_u64(ob, cum);
			obuf_putc(ob, '\n');
		}
		put_scoped(ob, "sockscope_tcp_rtt_seconds_bucket", a, "le",
			   "+Inf");
		obuf_put_u64(ob, a->rtt_count);
		obuf_putc(ob, '\n');
		put_scoped(ob, "sockscope_tcp_rtt_seconds_sum", a, NULL, NULL);
		put_seconds(ob, a->rtt_sum_us);
		obuf_putc(ob, '\n');
		put_scoped(ob, "sockscope_tcp_rtt_seconds_count", a, NULL, NULL);
		obuf_put_u64(ob, a->rtt_count);
		obuf_putc(ob, '\n');
	}
	family(ob, "sockscope_tcp_retransmitted_segments", "gauge",
	       "Segments retransmitted over the lifetime of the established "
	       "TCP sockets open now (falls as they close).");
	for (size_t k = 0; k < n; k++) {
		put_scoped(ob, "sockscope_tcp_retransmitted_segments", aggs[k],
			   NULL, NULL);
		obuf_put_u64(ob, aggs[k]->retrans);
		obuf_putc(ob, '\n');
	}
	family(ob, "sockscope_tcp_unacked_segments", "gauge",
	       "Segments sent and not yet acknowledged, over the established "
	       "TCP sockets.");
	for (size_t k = 0; k < n; k++) {
		put_scoped(ob, "sockscope_tcp_unacked_segments", aggs[k], NULL,
			   NULL);
		obuf_put_u64(ob, aggs[k]->unacked);
		obuf_putc(ob, '\n');
	}
}

static void write_scrape(struct obuf *ob, const struct prom_scrape *s)
{
	family(ob, "sockscope_scrape_duration_seconds", "gauge",
	       "Time this scrape took to read and count the sockets.");
	obuf_puts(ob, "sockscope_scrape_duration_seconds ");
	put_seconds(ob, s->duration_us);
	obuf_putc(ob, '\n');
	family(ob, "sockscope_scrape_errors", "gauge",
	       "Socket tables or address families this scrape could not "
	       "read (they are missing from the counts).");
	obuf_puts(ob, "sockscope_scrape_errors ");
	obuf_put_u64(ob, s->errors);
	obuf_putc(ob, '\n');
}

int prom_write(struct prom_agg *const *aggs, size_t n,
	       const struct prom_scrape *scrape, struct obuf *ob)
{
	/* Sorting makes listener duplicates adjacent; it is the only work
	 * proportional to anything but the fixed counters. */
	for (size_t k = 0; k < n; k++)
		if (aggs[k]->n_listeners)
			qsort(aggs[k]->listeners, aggs[k]->n_listeners,
		      sizeof(struct listener), cmp_listener);
	write_sockets(ob, aggs, n);
	write_listeners(ob, aggs, n);
	write_ports(ob, aggs, n);
	write_tcp(ob, aggs, n);
	write_scrape(ob, scrape);
	return 0;
}
