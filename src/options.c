// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "options.h"

enum {
	ARG_NDJSON = 0x100,
	ARG_PRETTY,
};

const char options_usage[] =
	"Usage: sockscope [OPTIONS]\n"
	"List sockets, like ss(8).\n"
	"\n"
	"  -t, --tcp          TCP sockets\n"
	"  -u, --udp          UDP sockets\n"
	"  -a, --all          sockets in every state\n"
	"  -l, --listening    listening (and unconnected) sockets only\n"
	"  -n, --numeric      do not turn ports into service names\n"
	"  -4, --ipv4         IPv4 sockets only\n"
	"  -6, --ipv6         IPv6 sockets only\n"
	"  -H, --no-header    do not print the header line\n"
	"  -O, --oneline      one line per socket (always the case)\n"
	"  -j, --json         one JSON object (schema_version 1)\n"
	"      --ndjson       one JSON object per socket, one per line\n"
	"      --pretty       indent the JSON of --json\n"
	"  -h, --help         show this help and exit\n"
	"  -V, --version      show the version and exit\n"
	"\n"
	"Without -t/-u both are shown; without -a/-l, connected sockets only.\n"
	"See sockscope(8) for the JSON schema and exit statuses.\n";

static const struct option long_options[] = {
	{"tcp", no_argument, NULL, 't'},
	{"udp", no_argument, NULL, 'u'},
	{"all", no_argument, NULL, 'a'},
	{"listening", no_argument, NULL, 'l'},
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
	['p'] = "--processes", ['e'] = "--extended", ['o'] = "--options",
	['m'] = "--memory",    ['i'] = "--info",     ['s'] = "--summary",
	['K'] = "--kill",      ['N'] = "--net",      ['E'] = "--events",
	['r'] = "--resolve",   ['x'] = "--unix",     ['w'] = "--raw",
	['0'] = "--packet",    ['M'] = "--mptcp",    ['S'] = "--sctp",
	['f'] = "--family",    ['A'] = "--query",    ['F'] = "--filter",
	['D'] = "--diag",      ['Z'] = "--context",  ['z'] = "--contexts",
	['b'] = "--bpf",       ['d'] = "--dccp",     ['T'] = "--threads",
};

int options_parse(int argc, char *argv[], char *errbuf, size_t errlen,
		  struct options *ret)
{
	struct options o = {
		.action = OPTIONS_RUN,
		.format = OUT_FORMAT_TABLE,
		.query.states = QUERY_STATES_CONNECTED,
		.query.states_default = true,
	};
	bool json = false, ndjson = false;
	int c;

	opterr = 0; /* we word the errors ourselves, on one line */
	optind = 0; /* full reset, so the parser can run more than once */
	while ((c = getopt_long(argc, argv, ":tual46nHOjhV", long_options,
				NULL)) != -1) {
		switch (c) {
		case 't':
			o.query.netids |= 1u << SOCK_NETID_TCP;
			break;
		case 'u':
			o.query.netids |= 1u << SOCK_NETID_UDP;
			break;
		case 'a':
			o.query.states = SOCK_STATES_ALL;
			o.query.states_default = false;
			break;
		case 'l':
			o.query.states = QUERY_STATES_LISTENING;
			o.query.states_default = false;
			break;
		case 'n':
			o.numeric = true;
			break;
		case '4':
			o.query.families |= QUERY_FAMILY_INET;
			break;
		case '6':
			o.query.families |= QUERY_FAMILY_INET6;
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
		case 'h':
			o.action = OPTIONS_HELP;
			break;
		case 'V':
			o.action = OPTIONS_VERSION;
			break;
		case '?':
			if (optopt > 0 && optopt < 128 && not_yet[optopt])
				snprintf(errbuf, errlen,
					 "option '-%c' (%s) is not implemented "
					 "in this version",
					 optopt, not_yet[optopt]);
			else if (optopt > 0)
				snprintf(errbuf, errlen,
					 "unknown option '-%c'", optopt);
			else
				snprintf(errbuf, errlen,
					 "unknown option '%s'",
					 argv[optind - 1]);
			return -EINVAL;
		default:
			snprintf(errbuf, errlen, "cannot parse option '%s'",
				 argv[optind - 1]);
			return -EINVAL;
		}
	}

	if (o.action != OPTIONS_RUN)
		goto done;

	if (optind < argc) {
		snprintf(errbuf, errlen,
			 "unexpected argument '%s': filter expressions are not "
			 "implemented in this version",
			 argv[optind]);
		return -EINVAL;
	}
	if (json && ndjson) {
		snprintf(errbuf, errlen,
			 "--json and --ndjson conflict: choose one");
		return -EINVAL;
	}
	if (o.pretty && !json) {
		snprintf(errbuf, errlen, "--pretty needs --json");
		return -EINVAL;
	}
	o.format = json     ? OUT_FORMAT_JSON
		   : ndjson ? OUT_FORMAT_NDJSON
			    : OUT_FORMAT_TABLE;
	o.query.netids_named = o.query.netids;
	if (!o.query.netids)
		o.query.netids = (1u << SOCK_NETID_TCP) | (1u << SOCK_NETID_UDP);
	if (!o.query.families)
		o.query.families = QUERY_FAMILY_ALL;
done:
	*ret = o;
	return 0;
}
