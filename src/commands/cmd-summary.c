// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -s: the totals of ss -s, from the kernel's counters as ss reads them
 * (summary.h says which), and from a dump of the namespace's TCP sockets
 * where the kernel's counter is the whole system's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "netns/netns-run.h"
#include "output/escape.h"
#include "output/jsonw.h"
#include "procfs/proc-snmp.h"
#include "summary.h"

#define SCHEMA_VERSION 1

struct ctx {
	const struct options *opts;
	struct summary s;
	struct sock_warning *warnings; /* for JSON */
	size_t nwarnings;
};

static int count(const struct sock_rec *rec, void *userdata)
{
	struct ctx *c = userdata;

	summary_add_sock(&c->s, rec);
	return 0;
}

static int warn(const struct sock_warning *w, void *userdata)
{
	struct ctx *c = userdata;
	struct sock_warning *v;

	if (!cmd_warn(c->opts, w))
		return 0;
	v = realloc(c->warnings, (c->nwarnings + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	v[c->nwarnings++] = *w;
	c->warnings = v;
	return 0;
}

/* Parses counter file @name (sockstat, sockstat6 or snmp) into @set.
 * Returns 0, -ENOENT if sockstat6 is absent, or says why it failed and
 * returns the exit status (> 0). */
static int load(const char *root, const char *name, struct counters *set)
{
	char *buf;
	size_t len;
	int r = procfs_stats_read(root, name, &buf, &len);

	if (r == -ENOENT && strcmp(name, "sockstat6") == 0)
		return r;
	if (r == 0) {
		r = strcmp(name, "snmp") == 0
			    ? procfs_snmp_parse(buf, len, counters_add_cb, set)
			    : procfs_sockstat_parse(buf, len, counters_add_cb,
						    set);
		free(buf);
	}
	if (r < 0)
		return cmd_stats_file_failed(root, name, r);
	return 0;
}

/* sockstat and sockstat6 into c->s. Returns -1, or the exit status. */
static int load_sockstat(const char *root, struct ctx *c)
{
	struct counters v4 = {0}, v6 = {0};
	int r = load(root, "sockstat", &v4), r6 = 0;

	if (r == 0)
		r6 = load(root, "sockstat6", &v6);
	if (r == 0 && r6 > 0)
		r = r6;
	if (r == 0)
		r = summary_set_sockstat(&c->s, &v4,
					 r6 == -ENOENT ? NULL : &v6);
	if (r < 0) {
		fprintf(stderr,
			"sockscope: %s/net/sockstat%s %s; refusing to guess\n",
			root, r6 == -ENOENT ? "" : "(6)",
			r == -ERANGE ? "holds a count over 2147483647, which "
				       "no kernel prints"
				     : "lacks a count it always has");
		r = CMD_EXIT_BADINPUT;
	}
	counters_done(&v4);
	counters_done(&v6);
	return r == 0 ? -1 : r;
}

/* snmp's CurrEstab into c->s. Returns -1, or the exit status. */
static int load_snmp(const char *root, struct ctx *c)
{
	struct counters snmp = {0};
	int r = load(root, "snmp", &snmp);

	if (r == 0 && summary_set_snmp(&c->s, &snmp) < 0) {
		fprintf(stderr,
			"sockscope: %s/net/snmp lacks Tcp CurrEstab; refusing "
			"to guess\n",
			root);
		r = CMD_EXIT_BADINPUT;
	}
	counters_done(&snmp);
	return r == 0 ? -1 : r;
}

static void put_row(struct obuf *ob, const char *name, uint64_t v4,
		    uint64_t v6)
{
	char num[24];
	size_t n;

	/* ss's columns ("%-9d"), without its trailing blanks. */
	obuf_puts(ob, name);
	obuf_puts(ob, "\t  ");
	n = fmt_u64(num, v4 + v6);
	obuf_put(ob, num, n);
	obuf_pad(ob, n < 9 ? 10 - n : 1);
	n = fmt_u64(num, v4);
	obuf_put(ob, num, n);
	obuf_pad(ob, n < 9 ? 10 - n : 1);
	obuf_put_u64(ob, v6);
	obuf_putc(ob, '\n');
}

static uint64_t inet4(const struct summary *s)
{
	return s->raw.ipv4 + s->udp.ipv4 + s->tcp.ipv4;
}

static uint64_t inet6(const struct summary *s)
{
	return s->raw.ipv6 + s->udp.ipv6 + s->tcp.ipv6;
}

/* UNCONN in the table: TCP has no other unconnected sockets to dump. */
static uint64_t closed(const struct summary *s)
{
	return s->tcp_states[SOCK_STATE_CLOSE] +
	       s->tcp_states[SOCK_STATE_BOUND_INACTIVE];
}

static void write_text(struct obuf *ob, const struct summary *s)
{
	char line[256];

	snprintf(line, sizeof(line),
		 "Total: %llu\n"
		 "TCP:   %llu (estab %llu, closed %llu, orphaned %llu, "
		 "timewait %llu)\n\n"
		 "Transport Total     IP        IPv6\n",
		 (unsigned long long)s->sockets,
		 (unsigned long long)s->tcp_total,
		 (unsigned long long)s->tcp_estab,
		 (unsigned long long)closed(s),
		 (unsigned long long)s->tcp_orphaned,
		 (unsigned long long)s->tcp_timewait);
	obuf_puts(ob, line);
	put_row(ob, "RAW", s->raw.ipv4, s->raw.ipv6);
	put_row(ob, "UDP", s->udp.ipv4, s->udp.ipv6);
	put_row(ob, "TCP", s->tcp.ipv4, s->tcp.ipv6);
	put_row(ob, "INET", inet4(s), inet6(s));
	put_row(ob, "FRAG", s->frag.ipv4, s->frag.ipv6);
}

static void json_pair(struct jsonw *w, const char *key, uint64_t v4,
		      uint64_t v6)
{
	jsonw_open(w, key, '{');
	jsonw_u64(w, "total", v4 + v6);
	jsonw_u64(w, "ipv4", v4);
	jsonw_u64(w, "ipv6", v6);
	jsonw_close(w, '}');
}

static void json_warnings(struct jsonw *w, const struct ctx *c)
{
	jsonw_open(w, "warnings", '[');
	for (size_t i = 0; i < c->nwarnings; i++) {
		const struct sock_warning *v = &c->warnings[i];
		const char *family = sock_family_name(v->family);
		const char *name = strerrorname_np(-v->err);

		jsonw_open(w, NULL, '{');
		if (v->netns_path) {
			jsonw_netns_warning(w, v);
			continue;
		}
		jsonw_str(w, "netid", sock_netid_name(v->netid));
		jsonw_str(w, "family", family ? family : "unknown");
		jsonw_str(w, "source", v->source == SOCK_SOURCE_PROCFS
					       ? "procfs"
					       : "netlink");
		jsonw_str(w, "error", name ? name : "EUNKNOWN");
		if (v->dropped) {
			jsonw_u64(w, "dropped_attributes", v->dropped);
			jsonw_str(w, "message",
				  "attributes of unexpected size left out");
		} else if (v->repeated) {
			jsonw_u64(w, "repeated_lines", v->repeated);
			jsonw_str(w, "message", "repeated lines dropped");
		} else if (v->skipped) {
			jsonw_u64(w, "skipped_lines", v->skipped);
			jsonw_str(w, "message", "malformed lines skipped");
		} else {
			jsonw_str(w, "message", strerror(-v->err));
		}
		jsonw_close(w, '}');
	}
	jsonw_close(w, ']');
}

/* The members of one summary, in the object @w has open. */
static void json_counts(struct jsonw *w, const struct summary *s)
{
	jsonw_u64(w, "total", s->sockets);
	jsonw_open(w, "tcp", '{');
	jsonw_u64(w, "total", s->tcp_total);
	jsonw_u64(w, "established", s->tcp_estab);
	jsonw_u64(w, "closed", closed(s));
	jsonw_u64(w, "orphaned", s->tcp_orphaned);
	jsonw_u64(w, "time_wait", s->tcp_timewait);
	jsonw_open(w, "states", '{');
	for (unsigned st = 1; st < _SOCK_STATE_MAX; st++)
		if (st != SOCK_STATE_NEW_SYN_RECV)
			jsonw_u64(w, sock_state_name(st), s->tcp_states[st]);
	jsonw_close(w, '}');
	jsonw_close(w, '}');
	jsonw_open(w, "transport", '{');
	json_pair(w, "raw", s->raw.ipv4, s->raw.ipv6);
	json_pair(w, "udp", s->udp.ipv4, s->udp.ipv6);
	json_pair(w, "tcp", s->tcp.ipv4, s->tcp.ipv6);
	json_pair(w, "inet", inet4(s), inet6(s));
	json_pair(w, "frag", s->frag.ipv4, s->frag.ipv6);
	jsonw_close(w, '}');
}

static void write_json(struct obuf *ob, const struct ctx *c, bool pretty)
{
	struct jsonw w;

	jsonw_init(&w, ob, pretty);
	jsonw_open(&w, NULL, '{');
	jsonw_u64(&w, "schema_version", SCHEMA_VERSION);
	json_counts(&w, &c->s);
	json_warnings(&w, c);
	jsonw_close(&w, '}');
	obuf_putc(ob, '\n');
}

/* -s --all-netns: one summary per namespace, written as it is done. */
struct all_sum {
	struct ctx *c;
	const struct sock_query *q;
	const char *root;                /* where /proc/net is read */
	const struct collect_tape *tape; /* --from: the file's */
	struct obuf *ob;
	struct jsonw w;
	int status; /* an exit status from load_sockstat(), or 0 */
};

/* "Netns: NAME (INODE)  Container: NAME" before a namespace's block. */
static void text_origin(struct obuf *ob, const struct sock_origin *g)
{
	const char *ctr = g->ctr_name ? g->ctr_name : g->ctr_id;
	char *dst = obuf_reserve(ob, 64 + ESC_TABLE_MAX(2 * 256));
	size_t n = 0;

	memcpy(dst, "Netns: ", 7);
	n = 7;
	if (g->netns_name) {
		n += esc_table(dst + n, g->netns_name,
			       strnlen(g->netns_name, 256));
		dst[n++] = ' ';
		dst[n++] = '(';
	}
	n += fmt_u64(dst + n, g->netns_inode);
	if (g->netns_name)
		dst[n++] = ')';
	if (ctr) {
		memcpy(dst + n, "  Container: ", 13);
		n += 13;
		n += esc_table(dst + n, ctr, strnlen(ctr, 256));
	}
	dst[n++] = '\n';
	obuf_commit(ob, n);
}

static int sum_in(struct netns_entry *e, void *userdata)
{
	struct all_sum *a = userdata;
	const struct collect_opts copts = {
		.source = a->c->opts->source,
		.proc_root = a->root,
		.origin = &e->origin,
		.tape = a->tape,
	};
	struct collect_where where = {.netid = -1};
	struct collect_stats stats;
	int r;

	memset(&a->c->s, 0, sizeof(a->c->s));
	r = load_sockstat(a->root, a->c);
	if (r < 0)
		r = load_snmp(a->root, a->c);
	if (r >= 0) {
		a->status = r;
		return -ECANCELED;
	}
	r = collect_run(a->q, &copts, count, warn, a->c, &where, &stats);
	if (r < 0) {
		a->status = cmd_collect_failed(r, &where);
		return -ECANCELED;
	}
	if (a->c->opts->format == OUT_FORMAT_JSON) {
		jsonw_open(&a->w, NULL, '{');
		jsonw_origin(&a->w, &e->origin);
		json_counts(&a->w, &a->c->s);
		jsonw_close(&a->w, '}');
	} else {
		text_origin(a->ob, &e->origin);
		write_text(a->ob, &a->c->s);
		obuf_putc(a->ob, '\n');
	}
	return obuf_error(a->ob);
}

/* With @src open (--from), the namespaces it recorded; else the live
 * ones. */
static int summary_all_netns(struct ctx *c, const struct sock_query *q,
			     struct obuf *ob, struct cmd_source *src)
{
	struct all_sum a = {
		.c = c,
		.q = q,
		.ob = ob,
		/* Live: this thread's namespace, the one it entered. */
		.root = src->snap ? src->proc_root : "/proc/thread-self",
		.tape = src->tape,
	};
	const struct netns_run nr = {
		.find_pinned = true,
		.dump = sum_in,
		.userdata = &a,
	};
	struct netns_list *l = NULL;
	int r;

	jsonw_init(&a.w, ob, c->opts->pretty);
	if (c->opts->format == OUT_FORMAT_JSON) {
		jsonw_open(&a.w, NULL, '{');
		jsonw_u64(&a.w, "schema_version", SCHEMA_VERSION);
		jsonw_open(&a.w, "namespaces", '[');
	}
	r = src->snap ? cmd_source_all_netns(src, &nr, warn, c)
		      : cmd_all_netns(&nr, NULL, warn, c, &l);
	if (r >= 0 && c->opts->format == OUT_FORMAT_JSON) {
		jsonw_close(&a.w, ']');
		json_warnings(&a.w, c);
		jsonw_close(&a.w, '}');
		obuf_putc(ob, '\n');
	}
	netns_list_free(l);
	if (r == -ECANCELED && a.status)
		return a.status;
	if (r < 0 && src->snap)
		return cmd_source_failed(src, r,
					 &(struct collect_where){.netid = -1});
	if (r < 0) {
		fprintf(stderr, "sockscope: --all-netns: %s\n", strerror(-r));
		return EXIT_FAILURE;
	}
	r = obuf_flush(ob);
	return r < 0 ? cmd_write_failed(r) : EXIT_SUCCESS;
}

int cmd_summary(const struct options *opts)
{
	struct cmd_source src = {0};
	const char *root = opts->proc_root ? opts->proc_root : "/proc";
	const struct sock_query q = {
		.netids = 1u << SOCK_NETID_TCP,
		/* Not named: a family the kernel lacks (no IPv6) is
		 * silently empty, as in the listing; a refusal is said. */
		.families = QUERY_FAMILY_INET | QUERY_FAMILY_INET6,
		.states = SOCK_STATES_ALL,
	};
	struct collect_opts copts = {
		.source = opts->source,
		.proc_root = opts->proc_root,
	};
	struct collect_where where = {.netid = -1};
	struct collect_stats stats;
	struct ctx c = {.opts = opts};
	struct obuf *ob = NULL;
	int status, r;

	/* --from: the counters and the TCP table of that moment. */
	r = cmd_source_counters(opts, &src, &root);
	if (r)
		return r;
	if (opts->all_netns) {
		ob = malloc(sizeof(*ob));
		if (!ob) {
			cmd_source_done(&src);
			fprintf(stderr, "sockscope: %s\n", strerror(ENOMEM));
			return EXIT_FAILURE;
		}
		obuf_init(ob, STDOUT_FILENO);
		status = summary_all_netns(&c, &q, ob, &src);
		free(ob);
		free(c.warnings);
		cmd_source_done(&src);
		return status;
	}
	copts.tape = src.tape;
	if (src.proc_root)
		copts.proc_root = src.proc_root;
	status = load_sockstat(root, &c);
	if (status < 0)
		status = load_snmp(root, &c);
	if (status >= 0) {
		cmd_source_done(&src);
		return status;
	}
	r = collect_run(&q, &copts, count, warn, &c, &where, &stats);
	if (r < 0) {
		free(c.warnings);
		r = cmd_source_failed(&src, r, &where);
		cmd_source_done(&src);
		return r;
	}
	cmd_source_done(&src);
	ob = malloc(sizeof(*ob));
	if (!ob) {
		free(c.warnings);
		fprintf(stderr, "sockscope: %s\n", strerror(ENOMEM));
		return EXIT_FAILURE;
	}
	obuf_init(ob, STDOUT_FILENO);
	if (opts->format == OUT_FORMAT_JSON)
		write_json(ob, &c, opts->pretty);
	else
		write_text(ob, &c.s);
	r = obuf_flush(ob);
	free(ob);
	free(c.warnings);
	return r < 0 ? cmd_write_failed(r) : EXIT_SUCCESS;
}
