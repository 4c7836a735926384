/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Command-line state: parsed once in main, then passed down, never global. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collect.h"
#include "query.h"

enum out_format {
	OUT_FORMAT_TABLE,
	OUT_FORMAT_JSON,
	OUT_FORMAT_NDJSON,
};

enum options_action {
	OPTIONS_RUN,
	OPTIONS_HELP,
	OPTIONS_VERSION,
	OPTIONS_SUMMARY,        /* -s */
	OPTIONS_PROTOCOL_STATS, /* --protocol-stats */
	OPTIONS_KILL,           /* -K */
	OPTIONS_EVENTS,         /* -E */
	OPTIONS_SNAPSHOT,       /* --snapshot FILE */
	OPTIONS_WATCH,          /* --watch */
	OPTIONS_PROMETHEUS,     /* --prometheus */
};

/* Most ports one --port takes. */
#define OPTIONS_PORTS_MAX 64
/* --color: "auto" colors only a terminal (and not under NO_COLOR). */
enum options_color {
	OPTIONS_COLOR_AUTO,
	OPTIONS_COLOR_ALWAYS,
	OPTIONS_COLOR_NEVER,
};

/* Ports --prometheus-ports may list. */
#define OPTIONS_PROM_PORTS_MAX 64

struct options {
	enum options_action action;
	struct sock_query query;
	enum out_format format;
	bool numeric;   /* -n: ports as numbers, not service names */
	bool no_header; /* -H */
	bool oneline;   /* -O: -m/-i details on the socket's line, as ss -O */
	bool pretty;    /* --pretty: indented JSON */
	bool extended;  /* -e: uid, inode, cookie, fwmark, cgroup, shutdown;
			 * sets timers too, as in ss */
	bool timers;    /* -o: the pending timer */
	bool memory;    /* -m: socket memory */
	bool info;      /* -i: tcp_info, congestion control, ULP, MPTCP */
	enum collect_source source; /* --source */
	const char *proc_root;      /* --proc-root, borrowed from argv */
	bool processes; /* -p: the processes that hold each socket */
	bool resolve;   /* -r: host names instead of addresses */
	/* Files, borrowed from argv: --snapshot FILE (written), --from
	 * FILE (read instead of the kernel: a snapshot or an ss -D file),
	 * --diff FILE (the "before" of a comparison), -D FILE (ss's dump
	 * of the TCP table, written; "-": standard output). */
	const char *snapshot;
	bool no_owners; /* --no-owners: a --snapshot without -p's map */
	const char *from;
	const char *diff;
	const char *dump_file;
	const char *netns; /* -N: a namespace name, path or pid:PID;
			    * borrowed from argv */
	bool all_netns;    /* --all-netns: every network namespace */
	/* FILTER: the words after the options (ss joins them with
	 * spaces) and -F/--filter-file FILE ("-": standard input), both
	 * borrowed from argv; main() parses them. */
	char *const *filter_words;
	int n_filter_words;
	const char *filter_file;
	/* Answers: --port, --sort, --count-by, --columns, for the listing
	 * only. The lists of keys and columns are the output's names:
	 * borrowed from argv here, checked by out_options_check(). */
	uint16_t ports[OPTIONS_PORTS_MAX]; /* --port N[,N...] */
	size_t n_ports;
	const char *sort;     /* --sort KEY[,KEY...] ('-': descending) */
	const char *count_by; /* --count-by KEY[,KEY...] */
	const char *columns;  /* --columns LIST */
	/* The FILTER holds a state selector (state NAME, exclude NAME) or
	 * an expression: -K closes nothing without one. Set by main() once
	 * it has parsed the FILTER; false from options_parse(). */
	bool has_selection;
	/* --watch[=SECONDS]: milliseconds between refreshes (>= 0);
	 * --refreshes N: stop after N (0: until a signal). */
	unsigned watch_ms;
	unsigned long refreshes;
	/* --color as given, and whether the table colors: set by main()
	 * from the mode and the terminal; false from options_parse(). */
	enum options_color color_mode;
	bool color;
	/* --prometheus (cmd-prometheus.c): where the exposition goes
	 * (neither: standard output, once) and the ports that get series
	 * of their own. Strings borrowed from argv. */
	const char *prom_textfile; /* --textfile FILE */
	const char *prom_listen;   /* --listen ADDR:PORT */
	size_t n_prom_ports;
	uint16_t prom_ports[OPTIONS_PROM_PORTS_MAX];
};

/*
 * Parses argv into *ret. On success returns 0 and fills *ret. On a usage
 * error returns -EINVAL, leaves *ret untouched and writes one line of
 * explanation (no trailing newline, no program name) into errbuf.
 * Calls getopt_long, so it resets and uses getopt's globals.
 */
int options_parse(int argc, char *argv[], char *errbuf, size_t errlen,
		  struct options *ret);

/*
 * Adds the tables named in the -A list @list ("tcp,udp", "all,!unix") to
 * *include or, with '!', to *exclude; the tables only the group word
 * "inet" brought in also to *grouped, and a table a word names alone
 * ("sctp") is taken out of it: a group does not name its members, so a
 * member the kernel lacks is not worth a warning. Returns 0, or -EINVAL
 * with a message in errbuf (nothing changed).
 */
int options_parse_query(const char *list, uint32_t *include,
			uint32_t *exclude, uint32_t *grouped, char *errbuf,
			size_t errlen);

/*
 * Tables and families both named, as ss joins them: a table none of whose
 * families was named brings its families in (-4 -x: unix too), and a
 * family none of whose tables was named brings its tables in (-f unix -t:
 * every unix table). *netids (bit (1 << enum sock_netid)) and *families
 * (QUERY_FAMILY_*) are both read and widened.
 */
void options_merge_tables(uint32_t *netids, uint32_t *families);

/*
 * Adds the QUERY_FAMILY_* bit of -f word @name ("inet", "link", ...) to
 * *families. Returns 0, or -EINVAL with a message in errbuf.
 */
int options_parse_family(const char *name, uint32_t *families, char *errbuf,
			 size_t errlen);

/* Every table whose address family is among @families (QUERY_FAMILY_*). */
uint32_t options_netids_of_families(uint32_t families);

/* The SOCK_DETAIL_* bits of @o's -e, -o, -m and -i. */
unsigned options_detail(const struct options *o);

/* The --help text. */
extern const char options_usage[];

/* Why -K refuses to run without a selection, for the messages. */
extern const char options_kill_needs_selection[];
