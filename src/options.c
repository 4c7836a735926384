// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "options.h"
#include "util/num.h"

enum {
	ARG_NDJSON = 0x100,
	ARG_PRETTY,
	ARG_VSOCK,
	ARG_XDP,
	ARG_TIPC,
	ARG_SOURCE,
	ARG_PROC_ROOT,
	ARG_PROTOCOL_STATS,
	ARG_PORT,
	ARG_SORT,
	ARG_COUNT_BY,
	ARG_COLUMNS,
	ARG_ALL_NETNS,
	ARG_SNAPSHOT,
	ARG_NO_OWNERS,
	ARG_FROM,
	ARG_DIFF,
	ARG_WATCH,
	ARG_REFRESHES,
	ARG_COLOR,
	/* --prometheus and its options */
	ARG_PROMETHEUS,
	ARG_TEXTFILE,
	ARG_LISTEN,
	ARG_PROM_PORTS,
};

const char options_usage[] =
	"Usage: sockscope [OPTIONS] [FILTER]\n"
	"List sockets, like ss(8).\n"
	"\n"
	"  -t, --tcp          TCP sockets\n"
	"  -u, --udp          UDP sockets\n"
	"  -w, --raw          RAW sockets\n"
	"  -x, --unix         Unix domain sockets\n"
	"  -0, --packet       packet sockets\n"
	"  -M, --mptcp        MPTCP sockets\n"
	"  -S, --sctp         SCTP sockets\n"
	"      --vsock        vsock sockets\n"
	"      --tipc         TIPC sockets\n"
	"      --xdp          XDP sockets\n"
	"  -A, --query LIST   tables by name: all, inet, tcp, udp, raw, unix,\n"
	"                     packet, netlink, ...; '!' excludes (all,!unix)\n"
	"  -f, --family FAM   inet, inet6, unix, link, netlink, vsock, tipc, xdp\n"
	"  -a, --all          sockets in every state\n"
	"  -l, --listening    listening (and unconnected) sockets only\n"
	"  -B, --bound-inactive  TCP sockets bound but neither listening\n"
	"                     nor connected, only (Linux 6.5+)\n"
	"  -n, --numeric      do not turn ports into service names\n"
	"  -4, --ipv4         IPv4 sockets only\n"
	"  -6, --ipv6         IPv6 sockets only\n"
	"  -H, --no-header    do not print the header line\n"
	"  -e, --extended     uid, inode, cookie, fwmark, cgroup, shutdown;\n"
	"                     and the timers of -o\n"
	"  -o, --options      timers\n"
	"  -m, --memory       socket memory use\n"
	"  -i, --info         TCP internals (tcp_info, congestion control)\n"
	"  -O, --oneline      details on the socket's line, not the next\n"
	"  -j, --json         one JSON object (schema_version 1)\n"
	"      --ndjson       one JSON object per socket, one per line\n"
	"      --pretty       indent the JSON of --json\n"
	"      --source SRC   auto (netlink, else /proc), netlink or procfs\n"
	"      --proc-root DIR  read DIR/net/* instead of /proc/net/*\n"
	"  -p, --processes    the processes that hold each socket\n"
	"  -r, --resolve      host names instead of addresses\n"
	"  -N, --net NSNAME   in network namespace NSNAME (ip netns), a\n"
	"                     namespace file, or pid:PID's namespace\n"
	"      --all-netns    every network namespace of the host, with its\n"
	"                     container, pod and unit (Netns, Container)\n"
	"  -F, --filter-file FILE  read FILTER from FILE ('-': stdin)\n"
	"      --port N[,N...]  who uses these ports: every inet table and\n"
	"                     state, either end, with owners; exit 1 if none\n"
	"      --sort KEY[,KEY...]  sort by JSON keys (recv_q, local_address,\n"
	"                     state, pid, ...); '-KEY' descending\n"
	"      --count-by KEY[,KEY...]  one row per distinct value, counted\n"
	"      --columns LIST  the table's columns, in this order\n"
	"  -s, --summary      socket totals by transport and state\n"
	"      --protocol-stats  the kernel's protocol counters (netstat -s)\n"
	"  -K, --kill         close the sockets a filter selects, print them\n"
	"  -E, --events       print sockets as they are destroyed, until ^C\n"
	"      --watch[=SECS] refresh every SECS (1): on a terminal a view\n"
	"                     marking new (+), changed (~) and gone (-)\n"
	"                     sockets; else one NDJSON event per change\n"
	"      --refreshes N  with --watch: stop after N refreshes\n"
	"      --color[=WHEN] auto (a terminal, unless NO_COLOR), always, never\n"
	"      --prometheus   counts in the Prometheus text format, once\n"
	"      --textfile FILE  with --prometheus: write FILE atomically (for\n"
	"                     node_exporter's textfile collector)\n"
	"      --listen ADDR:PORT  with --prometheus: serve GET /metrics\n"
	"      --prometheus-ports LIST  per-port series for these ports\n"
	"                     (443,5432; at most 64)\n"
	"      --snapshot FILE  record every table, detail, owner and name\n"
	"                     in FILE, to query later (--from, --diff)\n"
	"      --no-owners    with --snapshot: leave the owners out\n"
	"      --from FILE    answer from snapshot FILE (or an ss -D file)\n"
	"      --diff FILE    what was added, removed or changed since FILE\n"
	"                     (now, or with --from FILE2 between two files)\n"
	"  -D, --diag FILE    write the TCP table's raw replies as ss -D does\n"
	"  -h, --help         show this help and exit\n"
	"  -V, --version      show the version and exit\n"
	"\n"
	"Without a table option every table is shown; without -a/-l, ss's\n"
	"default states (connected, or unconnected for datagram tables).\n"
	"FILTER := [ state STATE | exclude STATE ]... [ EXPRESSION ], as ss:\n"
	"  sockscope -tn state established '( dport = :443 or sport = :443 )'\n"
	"Unlike ss, 'and' binds tighter than 'or' (not > and > or), and a\n"
	"bare endpoint (:8080, 10.0.0.1:443, [::1]:53) means either end.\n"
	"See sockscope(8) for the JSON schema and exit statuses.\n";

static const struct option long_options[] = {
	{"tcp", no_argument, NULL, 't'},
	{"udp", no_argument, NULL, 'u'},
	{"raw", no_argument, NULL, 'w'},
	{"unix", no_argument, NULL, 'x'},
	{"packet", no_argument, NULL, '0'},
	{"mptcp", no_argument, NULL, 'M'},
	{"sctp", no_argument, NULL, 'S'},
	{"vsock", no_argument, NULL, ARG_VSOCK},
	{"xdp", no_argument, NULL, ARG_XDP},
	{"tipc", no_argument, NULL, ARG_TIPC},
	{"query", required_argument, NULL, 'A'},
	{"socket", required_argument, NULL, 'A'},
	{"family", required_argument, NULL, 'f'},
	{"source", required_argument, NULL, ARG_SOURCE},
	{"proc-root", required_argument, NULL, ARG_PROC_ROOT},
	{"filter-file", required_argument, NULL, 'F'},
	{"filter", required_argument, NULL, 'F'}, /* ss's name */
	{"summary", no_argument, NULL, 's'},
	{"protocol-stats", no_argument, NULL, ARG_PROTOCOL_STATS},
	{"kill", no_argument, NULL, 'K'},
	{"events", no_argument, NULL, 'E'},
	{"watch", optional_argument, NULL, ARG_WATCH},
	{"refreshes", required_argument, NULL, ARG_REFRESHES},
	{"color", optional_argument, NULL, ARG_COLOR},
	{"colour", optional_argument, NULL, ARG_COLOR},
	{"prometheus", no_argument, NULL, ARG_PROMETHEUS},
	{"textfile", required_argument, NULL, ARG_TEXTFILE},
	{"listen", required_argument, NULL, ARG_LISTEN},
	{"prometheus-ports", required_argument, NULL, ARG_PROM_PORTS},
	{"processes", no_argument, NULL, 'p'},
	{"resolve", no_argument, NULL, 'r'},
	{"net", required_argument, NULL, 'N'},
	{"all-netns", no_argument, NULL, ARG_ALL_NETNS},
	{"extended", no_argument, NULL, 'e'},
	{"options", no_argument, NULL, 'o'},
	{"memory", no_argument, NULL, 'm'},
	{"info", no_argument, NULL, 'i'},
	{"port", required_argument, NULL, ARG_PORT},
	{"sort", required_argument, NULL, ARG_SORT},
	{"count-by", required_argument, NULL, ARG_COUNT_BY},
	{"columns", required_argument, NULL, ARG_COLUMNS},
	{"snapshot", required_argument, NULL, ARG_SNAPSHOT},
	{"no-owners", no_argument, NULL, ARG_NO_OWNERS},
	{"from", required_argument, NULL, ARG_FROM},
	{"diff", required_argument, NULL, ARG_DIFF},
	{"diag", required_argument, NULL, 'D'},
	/* ss options not implemented yet: matched, so the error names them. */
	{"context", no_argument, NULL, 'Z'},
	{"contexts", no_argument, NULL, 'z'},
	{"bpf", no_argument, NULL, 'b'},
	{"dccp", no_argument, NULL, 'd'},
	{"threads", no_argument, NULL, 'T'},
	{"all", no_argument, NULL, 'a'},
	{"listening", no_argument, NULL, 'l'},
	{"bound-inactive", no_argument, NULL, 'B'},
	{"numeric", no_argument, NULL, 'n'},
	{"ipv4", no_argument, NULL, '4'},
	{"ipv6", no_argument, NULL, '6'},
	{"no-header", no_argument, NULL, 'H'},
	{"oneline", no_argument, NULL, 'O'},
	{"json", no_argument, NULL, 'j'},
	{"ndjson", no_argument, NULL, ARG_NDJSON},
	{"pretty", no_argument, NULL, ARG_PRETTY},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{},
};

/* ss options whose features have not landed: named, so a user knows the
 * option exists in ss but not here yet, instead of "unknown option". */
static const char *const not_yet[128] = {
	['Z'] = "--context",  ['z'] = "--contexts",
	['b'] = "--bpf",       ['d'] = "--dccp",     ['T'] = "--threads",
};

/* Whether @arg is "--NAME[=...]" for a long option whose value is @val. */
static const struct option *long_option_of(const char *arg, int val)
{
	if (strncmp(arg, "--", 2) != 0)
		return NULL;
	for (const struct option *lo = long_options; lo->name; lo++) {
		size_t n = strlen(lo->name);
		if (lo->val == val && strncmp(arg + 2, lo->name, n) == 0 &&
		    (arg[2 + n] == '\0' || arg[2 + n] == '='))
			return lo;
	}
	return NULL;
}

/* Words a usage error into @errbuf; returns -EINVAL, for "return
 * usage_error(...)". */
__attribute__((format(printf, 3, 4))) static int
usage_error(char *errbuf, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errbuf, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Words getopt's complaint: @arg is the argument it stopped at (for a
 * bundle like -tZ, maybe not the one holding @opt), @opt the option. */
static void unknown_option(const char *arg, int opt, char *errbuf,
			   size_t errlen)
{
	const struct option *lo = opt > 0 ? long_option_of(arg, opt) : NULL;

	/* glibc hands a non-ASCII option byte back sign-extended. */
	if (opt < 0) {
		snprintf(errbuf, errlen, "unknown option byte '\\x%02x'",
			 (unsigned)(unsigned char)opt);
		return;
	}
	if (opt > 0 && opt < 128 && not_yet[opt])
		snprintf(errbuf, errlen,
			 "option '-%c' (%s) is not implemented in this "
			 "version",
			 opt, not_yet[opt]);
	else if (lo && lo->has_arg == no_argument && strchr(arg, '='))
		snprintf(errbuf, errlen, "option '--%s' takes no argument",
			 lo->name);
	else if (opt > 0 && !lo)
		snprintf(errbuf, errlen, "unknown option '-%c'", opt);
	else
		snprintf(errbuf, errlen, "unknown option '%s'", arg);
}

const char options_kill_needs_selection[] =
	"-K needs a filter expression or a state selection (such as "
	"'state established dport = :80'): it will not close every socket";

/* The option that asks for each command, for messages. */
static const char *const cmd_option[] = {
	[OPTIONS_SUMMARY] = "-s",
	[OPTIONS_PROTOCOL_STATS] = "--protocol-stats",
	[OPTIONS_KILL] = "-K",
	[OPTIONS_EVENTS] = "-E",
	[OPTIONS_SNAPSHOT] = "--snapshot",
	[OPTIONS_WATCH] = "--watch",
	[OPTIONS_PROMETHEUS] = "--prometheus",
};

/* Records command @want; a second, different command is a usage error. */
static int set_cmd(enum options_action *cmd, enum options_action want,
		   char *errbuf, size_t errlen)
{
	if (*cmd != OPTIONS_RUN && *cmd != want) {
		return usage_error(errbuf, errlen,
				   "%s and %s conflict: choose one",
				   cmd_option[*cmd], cmd_option[want]);
	}
	*cmd = want;
	return 0;
}

/* A port list, "443,5432": numbers 1-65535, each kept once, at most
 * @max in @ports (*@n so far), for option @opt. */
static int parse_port_list(const char *opt, const char *list,
			   uint16_t *ports, size_t *n, size_t max,
			   char *errbuf, size_t errlen)
{
	const char *p = list;

	do {
		size_t len = strcspn(p, ",");
		uint32_t port;

		if (num_parse_u32(p, len, 10, 65535, &port) < 0 || port == 0) {
			return usage_error(errbuf, errlen,
					   "%s: '%.*s' is not a port (1-65535)",
					   opt, (int)(len < 64 ? len : 64), p);
		}
		if (*n == max) {
			return usage_error(errbuf, errlen,
					   "%s: more than %zu ports", opt, max);
		}
		for (size_t i = 0; i < *n; i++)
			if (ports[i] == port)
				goto next;
		ports[(*n)++] = (uint16_t)port;
next:
		p += len;
	} while (*p++ == ',');
	return 0;
}

/* --port asks "who uses it": every inet table unless tables are named,
 * every state unless a state option says otherwise, owners as -p (but
 * not from captured files, which are no process's). */
static void apply_port(struct options *o, bool states_set)
{
	/* Unnamed, so a table this kernel lacks (sctp) is silently absent,
	 * as from "everything". */
	if (!o->n_ports)
		return;
	if (!o->query.netids_named)
		o->query.netids &= (1u << SOCK_NETID_TCP) |
				   (1u << SOCK_NETID_UDP) |
				   (1u << SOCK_NETID_RAW) |
				   (1u << SOCK_NETID_SCTP) |
				   (1u << SOCK_NETID_MPTCP);
	if (!states_set) {
		o->query.states = SOCK_STATES_ALL;
		o->query.states_default = false;
	}
	if (!o->proc_root)
		o->processes = true;
}

/* The answers (--port, --sort, --count-by, --columns) are about the
 * listing, and --count-by prints counts, not sockets. */
static int check_answers(const struct options *o, char *errbuf,
			 size_t errlen)
{
	const char *opt = o->n_ports ? "--port" : o->sort ? "--sort"
			  : o->count_by ? "--count-by"
			  : o->columns ? "--columns" : NULL;

	if (opt && o->action != OPTIONS_RUN) {
		return usage_error(errbuf, errlen,
				   "%s and %s conflict: %s lists sockets", opt,
				   cmd_option[o->action], opt);
	}
	if (o->diff && (o->sort || o->count_by)) {
		return usage_error(errbuf, errlen,
				   "--diff prints changes as they are "
				   "found: --%s does not apply",
				   o->sort ? "sort" : "count-by");
	}
	if (o->count_by && (o->sort || o->columns)) {
		return usage_error(errbuf, errlen,
				   "--count-by prints counts, not "
				   "sockets: --%s does not apply",
				   o->sort ? "sort" : "columns");
	}
	if (o->columns && o->format != OUT_FORMAT_TABLE) {
		return usage_error(
		    errbuf, errlen,
		    "--columns chooses the table's columns: not with "
		    "--json or --ndjson");
	}
	if (o->count_by && o->format == OUT_FORMAT_NDJSON) {
		return usage_error(
		    errbuf, errlen,
		    "--count-by writes one document: use --json, not "
		    "--ndjson");
	}
	return 0;
}

/* --watch's SECONDS: "2", "0.5", "0.25" (milliseconds at most), up to a
 * day. */
static int parse_seconds(const char *s, unsigned *ret_ms)
{
	const char *dot = strchr(s, '.');
	size_t ilen = dot ? (size_t)(dot - s) : strlen(s);
	uint64_t sec, frac = 0;
	size_t flen = dot ? strlen(dot + 1) : 0;

	if (num_parse_u64(s, ilen, 10, 86400, &sec) < 0)
		return -EINVAL;
	if (dot && (flen == 0 || flen > 3 ||
		    num_parse_u64(dot + 1, flen, 10, 999, &frac) < 0))
		return -EINVAL;
	for (size_t i = flen; i < 3; i++)
		frac *= 10;
	*ret_ms = (unsigned)(sec * 1000 + frac);
	return 0;
}

/* --color's WHEN into *ret; -EINVAL for another word. */
static int color_mode(const char *when, enum options_color *ret)
{
	static const char *const words[] = {
		[OPTIONS_COLOR_AUTO] = "auto",
		[OPTIONS_COLOR_ALWAYS] = "always",
		[OPTIONS_COLOR_NEVER] = "never",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (strcmp(when, words[i]) == 0) {
			*ret = (enum options_color)i;
			return 0;
		}
	return -EINVAL;
}

#define KILLABLE ((1u << SOCK_NETID_TCP) | (1u << SOCK_NETID_UDP))

/* --protocol-stats narrows to the counters of the tables named, as
 * netstat -st does (cmd-protostats.c has which are whose); a table with
 * none, or a family option, is refused rather than ignored. */
#define PROTOSTATS_TABLES                                                      \
	((1u << SOCK_NETID_TCP) | (1u << SOCK_NETID_UDP) |                     \
	 (1u << SOCK_NETID_RAW) | (1u << SOCK_NETID_MPTCP))

static int check_protostats(const struct options *o, char *errbuf,
			    size_t errlen)
{
	if (o->query.families != QUERY_FAMILY_ALL) {
		return usage_error(
		    errbuf, errlen,
		    "--protocol-stats prints the counters of every "
		    "family: -4, -6 and -f do not apply");
	}
	if (o->query.netids != QUERY_NETIDS_ALL &&
	    (o->query.netids & ~PROTOSTATS_TABLES)) {
		return usage_error(
		    errbuf, errlen,
		    "--protocol-stats has counters for the tcp, udp, raw "
		    "and mptcp tables only (-t, -u, -w, -M)");
	}
	return 0;
}

/* What each command accepts beyond the listing's options. */
static int check_cmd(struct options *o, bool source_set, char *errbuf,
		     size_t errlen)
{
	const char *name = cmd_option[o->action];
	bool procfs = o->proc_root || (source_set &&
				       o->source == COLLECT_SOURCE_PROCFS);

	/* An option the action would not use is refused, not dropped: a
	 * user who asked for owners must not think there were none. */
	if (o->action != OPTIONS_RUN && o->action != OPTIONS_WATCH &&
	    o->action != OPTIONS_PROMETHEUS &&
	    o->processes) {
		return usage_error(errbuf, errlen,
				   "%s does not look up owners: -p does "
				   "not apply",
				   name);
	}
	switch (o->action) {
	case OPTIONS_SUMMARY:
	case OPTIONS_PROTOCOL_STATS:
		if (o->resolve || o->extended || o->timers || o->memory ||
		    o->info) {
			return usage_error(
			    errbuf, errlen,
			    "%s prints counters, not sockets: -r, -e, -o, "
			    "-m and -i do not apply",
			    name);
		}
		if (o->n_filter_words || o->filter_file) {
			return usage_error(
			    errbuf, errlen,
			    "%s counts every socket: it takes no FILTER", name);
		}
		if (o->format == OUT_FORMAT_NDJSON) {
			return usage_error(
			    errbuf, errlen,
			    "%s writes one document: use --json, not "
			    "--ndjson",
			    name);
		}
		if (o->action == OPTIONS_PROTOCOL_STATS)
			return check_protostats(o, errbuf, errlen);
		return 0;
	case OPTIONS_EVENTS:
	case OPTIONS_WATCH:
		if (o->format == OUT_FORMAT_JSON) {
			return usage_error(
			    errbuf, errlen,
			    "%s never ends, so it cannot write one JSON "
			    "document: use --ndjson",
			    name);
		}
		if (o->action == OPTIONS_WATCH)
			return 0;
		break;
	case OPTIONS_KILL:
		break;
	default:
		return 0;
	}
	/* -K and -E act on the running kernel's sockets. */
	if (procfs) {
		return usage_error(
		    errbuf, errlen,
		    "%s works through netlink only: --proc-root and "
		    "--source=procfs do not apply",
		    name);
	}
	o->source = COLLECT_SOURCE_NETLINK;
	o->query.netids &= KILLABLE;
	o->query.netids_named &= KILLABLE;
	if (!o->query.netids) {
		return usage_error(
		    errbuf, errlen,
		    "%s handles TCP and UDP sockets only, and the table "
		    "options select neither",
		    name);
	}
	/* ss -K alone closes every connected socket: one typo away from
	 * cutting this very session. No FILTER at all is told here; one
	 * without selector or expression (a file of comments) by main(). */
	if (o->action == OPTIONS_KILL && !o->n_filter_words &&
	    !o->filter_file) {
		return usage_error(errbuf, errlen, "%s",
				   options_kill_needs_selection);
	}
	return 0;
}

/* What the recording options (--snapshot, --from, --diff, -D) take. */
static int check_files(const struct options *o, bool source_set,
		       bool tables_named, char *errbuf, size_t errlen)
{
	bool procfs = o->proc_root || source_set;
	bool filter = o->n_filter_words || o->filter_file;

	if (o->action == OPTIONS_SNAPSHOT) {
		if (!strcmp(o->snapshot, "-") || !*o->snapshot) {
			return usage_error(
			    errbuf, errlen,
			    "--snapshot writes a file, renamed into place "
			    "when whole: not standard output");
		}
		if (o->from || o->diff || o->dump_file || procfs || filter ||
		    tables_named || o->format != OUT_FORMAT_TABLE ||
		    o->extended || o->timers || o->memory || o->info ||
		    o->resolve || o->numeric) {
			return usage_error(
			    errbuf, errlen,
			    "--snapshot records every table, state and "
			    "detail as the kernel gives them: it takes no "
			    "other option but -p, --no-owners, -N and "
			    "--all-netns");
		}
		if (o->no_owners && o->processes) {
			return usage_error(
			    errbuf, errlen,
			    "--snapshot records owners (-p) unless told "
			    "--no-owners: not both");
		}
		return 0;
	}
	if (o->no_owners) {
		return usage_error(
		    errbuf, errlen,
		    "--no-owners leaves the owners out of a --snapshot "
		    "file: it goes with --snapshot only");
	}
	if (o->dump_file && (o->from || o->diff || filter || procfs ||
			     o->action != OPTIONS_RUN)) {
		return usage_error(
		    errbuf, errlen,
		    "-D writes the kernel's TCP table as ss does, in the "
		    "states and families asked: it takes no FILTER, "
		    "--from, --diff, --source, --proc-root or command");
	}
	if (o->from && (procfs || o->netns)) {
		return usage_error(
		    errbuf, errlen,
		    "--from reads a file: --source, --proc-root and -N "
		    "do not apply");
	}
	if (o->diff && o->processes) {
		return usage_error(
		    errbuf, errlen,
		    "--diff compares sockets, not their owners: -p does "
		    "not apply");
	}
	if (o->diff && o->format == OUT_FORMAT_JSON) {
		return usage_error(
		    errbuf, errlen,
		    "--diff writes one event per change: use --ndjson, "
		    "not --json");
	}
	if ((o->diff && o->action != OPTIONS_RUN) ||
	    (o->from && (o->action == OPTIONS_KILL ||
			 o->action == OPTIONS_EVENTS ||
			 o->action == OPTIONS_PROMETHEUS))) {
		return usage_error(
		    errbuf, errlen, "%s reads a file: %s does not apply",
		    o->diff ? "--diff" : "--from", cmd_option[o->action]);
	}
	return 0;
}

/* --prometheus: its options, kept together. */

/* What --prometheus accepts: no option that shapes the listing's text;
 * every state unless -a, -l or the FILTER says otherwise, so the counts
 * add up to what -a lists. */
static int check_prometheus(struct options *o, bool listing_output,
			    bool states_set, char *errbuf, size_t errlen)
{
	if (o->action != OPTIONS_PROMETHEUS) {
		if (!o->prom_textfile && !o->prom_listen && !o->n_prom_ports)
			return 0;
		return usage_error(errbuf, errlen, "%s needs --prometheus",
				   o->prom_textfile ? "--textfile"
				   : o->prom_listen ? "--listen"
						    : "--prometheus-ports");
	}
	if (o->prom_textfile && o->prom_listen) {
		return usage_error(
		    errbuf, errlen,
		    "--textfile and --listen conflict: choose one");
	}
	if (listing_output) {
		return usage_error(
		    errbuf, errlen,
		    "--prometheus writes its own format: -j, --ndjson, "
		    "-e, -o, -m, -i, -r and -O do not apply");
	}
	if (!states_set) {
		o->query.states = SOCK_STATES_ALL;
		o->query.states_default = false;
	}
	return 0;
}

int options_parse(int argc, char *argv[], char *errbuf, size_t errlen,
		  struct options *ret)
{
	struct options o = {
		.action = OPTIONS_RUN,
		.format = OUT_FORMAT_TABLE,
		.query.states = QUERY_STATES_CONNECTED,
		.query.states_default = true,
	};
	bool json = false, ndjson = false, source_set = false;
	bool tables_named;
	bool states_set = false;
	enum options_action cmd = OPTIONS_RUN;
	uint32_t netids = 0, excluded = 0, families = 0, grouped = 0;
	bool query_words = false;
	int c;

	opterr = 0; /* we word the errors ourselves, on one line */
	optind = 0; /* full reset, so the parser can run more than once */
	while ((c = getopt_long(argc, argv, ":tuwx0MSA:f:F:alB46neomiHOjhVprN:sKED:",
				long_options,
				NULL)) != -1) {
		switch (c) {
		case 't':
			netids |= 1u << SOCK_NETID_TCP;
			break;
		case 'u':
			netids |= 1u << SOCK_NETID_UDP;
			break;
		case 'w':
			netids |= 1u << SOCK_NETID_RAW;
			break;
		case 'x':
			netids |= (1u << SOCK_NETID_UNIX_STREAM) |
				  (1u << SOCK_NETID_UNIX_DGRAM) |
				  (1u << SOCK_NETID_UNIX_SEQPACKET);
			break;
		case '0':
			netids |= (1u << SOCK_NETID_PACKET_RAW) |
				  (1u << SOCK_NETID_PACKET_DGRAM);
			break;
		case 'M':
			netids |= 1u << SOCK_NETID_MPTCP;
			grouped &= ~(1u << SOCK_NETID_MPTCP);
			break;
		case 'S':
			netids |= 1u << SOCK_NETID_SCTP;
			grouped &= ~(1u << SOCK_NETID_SCTP);
			break;
		case ARG_VSOCK:
			netids |= (1u << SOCK_NETID_VSOCK_STREAM) |
				  (1u << SOCK_NETID_VSOCK_DGRAM);
			break;
		case ARG_XDP:
			netids |= 1u << SOCK_NETID_XDP;
			break;
		case ARG_TIPC:
			netids |= 1u << SOCK_NETID_TIPC;
			break;
		case 'A':
			if (options_parse_query(optarg, &netids, &excluded,
						&grouped, errbuf, errlen) < 0)
				return -EINVAL;
			query_words = true;
			break;
		case 'f':
			if (options_parse_family(optarg, &families, errbuf,
						 errlen) < 0)
				return -EINVAL;
			break;
		case 'F':
			o.filter_file = optarg;
			break;
		case ARG_SOURCE:
			if (strcmp(optarg, "auto") == 0)
				o.source = COLLECT_SOURCE_AUTO;
			else if (strcmp(optarg, "netlink") == 0)
				o.source = COLLECT_SOURCE_NETLINK;
			else if (strcmp(optarg, "procfs") == 0)
				o.source = COLLECT_SOURCE_PROCFS;
			else {
				return usage_error(
				    errbuf, errlen,
				    "--source: unknown source '%s' "
				    "(expected auto, netlink or procfs)",
				    optarg);
			}
			source_set = true;
			break;
		case ARG_PROC_ROOT:
			if (!*optarg) {
				return usage_error(
				    errbuf, errlen,
				    "--proc-root: empty directory name");
			}
			o.proc_root = optarg;
			break;
		case 'a':
			o.query.states = SOCK_STATES_ALL;
			o.query.states_default = false;
			states_set = true;
			break;
		case 'l':
			o.query.states = QUERY_STATES_LISTENING;
			o.query.states_default = false;
			states_set = true;
			break;
		case 'B':
			o.query.states = 1u << SOCK_STATE_BOUND_INACTIVE;
			o.query.states_default = false;
			states_set = true;
			break;
		case 'n':
			o.numeric = true;
			break;
		case 'p':
			o.processes = true;
			break;
		case 'r':
			o.resolve = true;
			break;
		case 'N':
			if (!*optarg) {
				return usage_error(errbuf, errlen,
						   "-N: empty namespace name");
			}
			o.netns = optarg;
			break;
		case ARG_ALL_NETNS:
			o.all_netns = true;
			break;
		case '4':
			families |= QUERY_FAMILY_INET;
			break;
		case '6':
			families |= QUERY_FAMILY_INET6;
			break;
		case 'e':
			/* As in ss, -e shows the timers of -o too. */
			o.extended = true;
			o.timers = true;
			break;
		case 'o':
			o.timers = true;
			break;
		case 'm':
			o.memory = true;
			break;
		case 'i':
			o.info = true;
			break;
		case 'H':
			o.no_header = true;
			break;
		case 'O':
			o.oneline = true;
			break;
		case 'j':
			json = true;
			break;
		case ARG_NDJSON:
			ndjson = true;
			break;
		case ARG_PRETTY:
			o.pretty = true;
			break;
		case ARG_PORT:
			if (parse_port_list("--port", optarg, o.ports,
					    &o.n_ports, OPTIONS_PORTS_MAX,
					    errbuf, errlen) < 0)
				return -EINVAL;
			break;
		case ARG_SORT:
			o.sort = optarg;
			break;
		case ARG_COUNT_BY:
			o.count_by = optarg;
			break;
		case ARG_COLUMNS:
			o.columns = optarg;
			break;
		case 's':
			if (set_cmd(&cmd, OPTIONS_SUMMARY, errbuf, errlen) < 0)
				return -EINVAL;
			break;
		case ARG_PROTOCOL_STATS:
			if (set_cmd(&cmd, OPTIONS_PROTOCOL_STATS, errbuf,
				    errlen) < 0)
				return -EINVAL;
			break;
		case 'K':
			if (set_cmd(&cmd, OPTIONS_KILL, errbuf, errlen) < 0)
				return -EINVAL;
			break;
		case 'E':
			if (set_cmd(&cmd, OPTIONS_EVENTS, errbuf, errlen) < 0)
				return -EINVAL;
			break;
		case ARG_SNAPSHOT:
			if (set_cmd(&cmd, OPTIONS_SNAPSHOT, errbuf, errlen) < 0)
				return -EINVAL;
			o.snapshot = optarg;
			break;
		case ARG_NO_OWNERS:
			o.no_owners = true;
			break;
		case ARG_FROM:
			o.from = optarg;
			break;
		case ARG_DIFF:
			o.diff = optarg;
			break;
		case 'D':
			o.dump_file = optarg;
			break;
		case ARG_WATCH:
			if (set_cmd(&cmd, OPTIONS_WATCH, errbuf, errlen) < 0)
				return -EINVAL;
			o.watch_ms = 1000;
			if (optarg && parse_seconds(optarg, &o.watch_ms) < 0) {
				return usage_error(
				    errbuf, errlen,
				    "--watch: '%s' is not a number of "
				    "seconds (0 to 86400, up to three "
				    "decimals)",
				    optarg);
			}
			break;
		case ARG_REFRESHES: {
			uint64_t n;

			if (num_parse_cstr_u64(optarg, 10, UINT32_MAX, &n) < 0 ||
			    n == 0) {
				return usage_error(
				    errbuf, errlen,
				    "--refreshes: '%s' is not a count "
				    "(1 or more)",
				    optarg);
			}
			o.refreshes = (unsigned long)n;
			break;
		}
		case ARG_COLOR:
			/* --color alone is --color=always, as ls's. */
			o.color_mode = OPTIONS_COLOR_ALWAYS;
			if (optarg && color_mode(optarg, &o.color_mode) < 0) {
				return usage_error(
				    errbuf, errlen,
				    "--color: unknown mode '%s' (expected "
				    "auto, always or never)",
				    optarg);
			}
			break;
		case ARG_PROMETHEUS:
			if (set_cmd(&cmd, OPTIONS_PROMETHEUS, errbuf,
				    errlen) < 0)
				return -EINVAL;
			break;
		case ARG_TEXTFILE:
			if (!*optarg) {
				return usage_error(
				    errbuf, errlen,
				    "--textfile: empty file name");
			}
			o.prom_textfile = optarg;
			break;
		case ARG_LISTEN:
			o.prom_listen = optarg;
			break;
		case ARG_PROM_PORTS:
			if (parse_port_list("--prometheus-ports", optarg,
					    o.prom_ports, &o.n_prom_ports,
					    OPTIONS_PROM_PORTS_MAX, errbuf,
					    errlen) < 0)
				return -EINVAL;
			break;
		case 'h':
			o.action = OPTIONS_HELP;
			break;
		case 'V':
			o.action = OPTIONS_VERSION;
			break;
		case ':':
			return usage_error(errbuf, errlen,
					   "option '%s' needs an argument",
					   argv[optind - 1]);
		case '?':
			unknown_option(argv[optind - 1], optopt, errbuf, errlen);
			return -EINVAL;
		default:
			unknown_option(argv[optind - 1], c, errbuf, errlen);
			return -EINVAL;
		}
	}

	if (o.action != OPTIONS_RUN)
		goto done;

	o.filter_words = argv + optind;
	o.n_filter_words = argc - optind;
	if (json && ndjson) {
		return usage_error(errbuf, errlen,
				   "--json and --ndjson conflict: choose one");
	}
	if (o.pretty && !json) {
		return usage_error(errbuf, errlen, "--pretty needs --json");
	}
	o.format = json     ? OUT_FORMAT_JSON
		   : ndjson ? OUT_FORMAT_NDJSON
			    : OUT_FORMAT_TABLE;
	if (o.proc_root) {
		/* Files captured elsewhere say nothing of this kernel. */
		if (source_set && o.source == COLLECT_SOURCE_NETLINK) {
			return usage_error(
			    errbuf, errlen,
			    "--proc-root and --source=netlink conflict: "
			    "netlink asks the running kernel, not files");
		}
		o.source = COLLECT_SOURCE_PROCFS;
		/* Owners come from the running system's /proc/PID/fd: matched
		 * against captured files, they would be someone else's. */
		if (o.processes) {
			return usage_error(
			    errbuf, errlen,
			    "--proc-root and -p conflict: owners are "
			    "read from the live /proc");
		}
	}

	/* ss: tables named (-t, -A) or, if none, every table; address
	 * families (-4, -6, -f) narrow that; "!" in -A removes. */
	tables_named = netids || families || excluded;
	o.query.families = families ? families : QUERY_FAMILY_ALL;
	o.query.netids_named = netids & ~excluded & ~grouped;
	/* ss: -A makes "connected" the states of every table it lists, the
	 * defaults of -0 and the like included, unless -a, -l or -B say
	 * otherwise (-A netlink alone lists nothing; -A netlink -a does). */
	if (query_words && o.query.states_default)
		o.query.states_default = false;
	if (!netids && !families) {
		/* ss with no table named shows connected sockets of every
		 * table; a table's own defaults apply only once named. */
		netids = QUERY_NETIDS_ALL;
		o.query.states_default = false;
	}
	if (!netids)
		netids = QUERY_NETIDS_ALL;
	else if (families)
		options_merge_tables(&netids, &o.query.families);
	o.query.netids = netids & ~excluded &
			 options_netids_of_families(o.query.families);
	apply_port(&o, states_set);
	if (!o.query.netids) {
		return usage_error(
		    errbuf, errlen,
		    "no socket table is left: the table and family "
		    "options exclude each other");
	}
	/* --snapshot, --from and --diff record and read every namespace
	 * (a file records them all); -D is ss's, of one namespace. */
	if (o.all_netns && (o.netns || o.proc_root || o.dump_file)) {
		return usage_error(
		    errbuf, errlen,
		    "--all-netns and %s conflict: it "
		    "reads every namespace of the running kernel",
		    o.netns	  ? "-N"
		    : o.proc_root ? "--proc-root"
				  : "-D");
	}
	if (o.all_netns && (cmd == OPTIONS_EVENTS || cmd == OPTIONS_PROMETHEUS ||
			    cmd == OPTIONS_WATCH ||
			    cmd == OPTIONS_PROTOCOL_STATS)) {
		return usage_error(errbuf, errlen,
				   "--all-netns does not apply to %s",
				   cmd == OPTIONS_EVENTS       ? "-E"
				   : cmd == OPTIONS_PROMETHEUS ? "--prometheus"
				   : cmd == OPTIONS_WATCH      ? "--watch"
							  : "--protocol-stats");
	}
	if (o.refreshes && cmd != OPTIONS_WATCH) {
		return usage_error(errbuf, errlen, "--refreshes needs --watch");
	}
	o.action = cmd;
	if (check_answers(&o, errbuf, errlen) < 0 ||
	    check_files(&o, source_set, tables_named, errbuf, errlen) < 0)
		return -EINVAL;
	/* check_cmd() refuses -p to the other commands. */
	if (o.action == OPTIONS_SNAPSHOT)
		goto done;
	if (check_cmd(&o, source_set, errbuf, errlen) < 0)
		return -EINVAL;
	if (check_prometheus(&o,
			     json || ndjson || o.extended || o.timers ||
				 o.memory || o.info || o.resolve || o.oneline,
			     states_set, errbuf, errlen) < 0)
		return -EINVAL;
done:
	*ret = o;
	return 0;
}

unsigned options_detail(const struct options *o)
{
	return (o->extended ? SOCK_DETAIL_EXTENDED : 0) |
	       (o->timers ? SOCK_DETAIL_TIMERS : 0) |
	       (o->memory ? SOCK_DETAIL_MEMORY : 0) |
	       (o->info ? SOCK_DETAIL_INFO : 0);
}
