// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --protocol-stats: the counters netstat -s and nstat read, from
 * /proc/net/snmp, netstat and snmp6, grouped by protocol in file order.
 * Printed raw: names as the kernel spells them, values as it counts them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "counters.h"
#include "output/jsonw.h"
#include "procfs/proc-snmp.h"
#include "query.h"

#define SCHEMA_VERSION 1

typedef int (*parse_fn)(const char *buf, size_t len, procfs_counter_fn cb,
			void *userdata);

static const struct {
	const char *name;
	parse_fn parse;
	bool optional; /* absent on a kernel without IPv6 */
} files[] = {
	{"snmp", procfs_snmp_parse, false},
	{"netstat", procfs_snmp_parse, false},
	{"snmp6", procfs_snmp6_parse, true},
};

/* Reads every file into @set; on failure says why and returns the exit
 * status, else returns -1. */
static int load(const char *root, struct counters *set)
{
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *buf;
		size_t len;
		int r = procfs_stats_read(root, files[i].name, &buf, &len);

		if (r == -ENOENT && files[i].optional)
			continue;
		if (r == 0) {
			r = files[i].parse(buf, len, counters_add_cb, set);
			free(buf);
		}
		if (r < 0)
			return cmd_stats_file_failed(root, files[i].name,
						     r);
	}
	return -1;
}

#define T(n) (1u << SOCK_NETID_##n)

/* The counter groups of the tables -t, -u, -w and -M name, netstat's -st
 * habit: TCP's, UDP's (and UDP-Lite's), the IP layer's for raw sockets,
 * MPTCP's. The other tables have no counters here (options.c refuses
 * them with --protocol-stats: PROTOSTATS_TABLES). */
static const struct {
	const char *proto;
	uint32_t netids;
} groups[] = {
	{"Ip", T(RAW)},	      {"Icmp", T(RAW)},	    {"IcmpMsg", T(RAW)},
	{"IpExt", T(RAW)},    {"Ip6", T(RAW)},	    {"Icmp6", T(RAW)},
	{"Tcp", T(TCP)},      {"TcpExt", T(TCP)},   {"Udp", T(UDP)},
	{"UdpLite", T(UDP)},  {"Udp6", T(UDP)},	    {"UdpLite6", T(UDP)},
	{"MPTcpExt", T(MPTCP)},
};

/* Whether group @proto is shown for tables @netids (all of them: every
 * group, those of a newer kernel too). */
static bool shown(const char *proto, uint32_t netids)
{
	if (netids == QUERY_NETIDS_ALL)
		return true;
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (strcmp(groups[i].proto, proto) == 0)
			return groups[i].netids & netids;
	return false;
}

static void put_value(struct obuf *ob, const struct counter *c)
{
	if (c->negative)
		obuf_putc(ob, '-');
	obuf_put_u64(ob, c->value);
}

/* As netstat -s sections: "Tcp:", then one "    Name: value" a counter. */
static void write_text(struct obuf *ob, const struct counters *set,
		       uint32_t netids)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct counter_group *g = &set->groups[i];

		if (!shown(g->proto, netids))
			continue;
		obuf_puts(ob, g->proto);
		obuf_puts(ob, ":\n");
		for (size_t j = 0; j < g->n; j++) {
			obuf_puts(ob, "    ");
			obuf_puts(ob, g->v[j].name);
			obuf_puts(ob, ": ");
			put_value(ob, &g->v[j]);
			obuf_putc(ob, '\n');
		}
	}
}

static void write_json(struct obuf *ob, const struct counters *set,
		       uint32_t netids, bool pretty)
{
	struct jsonw w;

	jsonw_init(&w, ob, pretty);
	jsonw_open(&w, NULL, '{');
	jsonw_u64(&w, "schema_version", SCHEMA_VERSION);
	jsonw_open(&w, "protocols", '{');
	for (size_t i = 0; i < set->n; i++) {
		const struct counter_group *g = &set->groups[i];

		if (!shown(g->proto, netids))
			continue;
		jsonw_open(&w, g->proto, '{');
		for (size_t j = 0; j < g->n; j++)
			jsonw_signed(&w, g->v[j].name, g->v[j].negative,
				     g->v[j].value);
		jsonw_close(&w, '}');
	}
	jsonw_close(&w, '}');
	jsonw_close(&w, '}');
	obuf_putc(ob, '\n');
}

int cmd_protostats(const struct options *opts)
{
	const char *root = opts->proc_root ? opts->proc_root : "/proc";
	struct cmd_source src = {0};
	struct counters set = {0};
	struct obuf *ob;
	int status, r;

	/* --from: the counters of that moment. */
	r = cmd_source_counters(opts, &src, &root);
	if (r)
		return r;
	status = load(root, &set);
	cmd_source_done(&src);
	if (status >= 0) {
		counters_done(&set);
		return status;
	}
	ob = malloc(sizeof(*ob));
	if (!ob) {
		counters_done(&set);
		fprintf(stderr, "sockscope: %s\n", strerror(ENOMEM));
		return EXIT_FAILURE;
	}
	obuf_init(ob, STDOUT_FILENO);
	if (opts->format == OUT_FORMAT_JSON)
		write_json(ob, &set, opts->query.netids, opts->pretty);
	else
		write_text(ob, &set, opts->query.netids);
	r = obuf_flush(ob);
	free(ob);
	counters_done(&set);
	return r < 0 ? cmd_write_failed(r) : EXIT_SUCCESS;
}
