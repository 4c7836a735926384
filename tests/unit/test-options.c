// SPDX-License-Identifier: GPL-2.0-or-later
/* options_parse: the ss-compatible command line. */
#include "unit.h"

#include "src/options.h"

#define TCP (1u << SOCK_NETID_TCP)
#define UDP (1u << SOCK_NETID_UDP)
#define RAW (1u << SOCK_NETID_RAW)
#define SCTP (1u << SOCK_NETID_SCTP)
#define MPTCP (1u << SOCK_NETID_MPTCP)
#define UNIX                                                                   \
	((1u << SOCK_NETID_UNIX_STREAM) | (1u << SOCK_NETID_UNIX_DGRAM) |      \
	 (1u << SOCK_NETID_UNIX_SEQPACKET))
#define PACKET ((1u << SOCK_NETID_PACKET_RAW) | (1u << SOCK_NETID_PACKET_DGRAM))
#define INET_TABLES (TCP | UDP | RAW | SCTP | MPTCP)
#define BOTH_FAMILIES (QUERY_FAMILY_INET | QUERY_FAMILY_INET6)

/* Last result and message, for the assertions. */
static struct options opts;
static char err[256];

/* Sentinel the result is filled with before each parse, so a failed
 * parse can be seen to have left it alone. */
static void fill_sentinel(struct options *o)
{
	memset(o, 0xa5, sizeof(*o));
}

static bool is_sentinel(const struct options *o)
{
	struct options s;

	fill_sentinel(&s);
	return memcmp(o, &s, sizeof(s)) == 0;
}

/* Runs options_parse over "sockscope" and the NULL-terminated words that
 * follow. argv gets fresh copies: getopt may permute it. */
static int parse(const char *first, ...)
{
	char *argv[32];
	int argc = 0, r;
	va_list ap;

	argv[argc++] = strdup("sockscope");
	va_start(ap, first);
	for (const char *w = first; w; w = va_arg(ap, const char *)) {
		assert_true(argc < 31);
		argv[argc++] = strdup(w);
	}
	va_end(ap);
	argv[argc] = NULL;

	fill_sentinel(&opts);
	memset(err, 0, sizeof(err));
	r = options_parse(argc, argv, err, sizeof(err), &opts);
	if (r < 0) {
		assert_int_equal(r, -EINVAL);
		assert_true(is_sentinel(&opts));
		assert_true(err[0] != '\0');
		assert_null(strchr(err, '\n'));
	} else {
		assert_int_equal(r, 0);
	}
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	return r;
}

/* The parse fails and the message names every one of the strings. */
static void assert_rejected(int r, const char *a, const char *b)
{
	assert_int_equal(r, -EINVAL);
	if (a && !strstr(err, a))
		fail_msg("message \"%s\" does not name \"%s\"", err, a);
	if (b && !strstr(err, b))
		fail_msg("message \"%s\" does not name \"%s\"", err, b);
}

static void defaults(void **state)
{
	/* ss without options: every table, every family, connected
	 * sockets of each (a table's own defaults apply once named). */
	assert_int_equal(parse(NULL), 0);
	assert_int_equal(opts.action, OPTIONS_RUN);
	assert_int_equal(opts.query.netids, QUERY_NETIDS_ALL);
	assert_int_equal(opts.query.netids_named, 0);
	assert_int_equal(opts.query.families, QUERY_FAMILY_ALL);
	assert_int_equal(opts.query.states, QUERY_STATES_CONNECTED);
	assert_false(opts.query.states_default);
	assert_int_equal(opts.format, OUT_FORMAT_TABLE);
	assert_false(opts.numeric);
	assert_false(opts.no_header);
	assert_false(opts.oneline);
	assert_false(opts.pretty);
	assert_int_equal(opts.source, COLLECT_SOURCE_AUTO);
	assert_null(opts.proc_root);
}

static void connected_states_are_ss_default(void **state)
{
	/* ss without -a/-l: no listeners, unconnected, TIME-WAIT or
	 * SYN-RECV sockets; the other states. */
	uint32_t s = QUERY_STATES_CONNECTED;

	assert_true(s & (1u << SOCK_STATE_ESTABLISHED));
	assert_true(s & (1u << SOCK_STATE_SYN_SENT));
	assert_true(s & (1u << SOCK_STATE_FIN_WAIT1));
	assert_true(s & (1u << SOCK_STATE_FIN_WAIT2));
	assert_true(s & (1u << SOCK_STATE_CLOSE_WAIT));
	assert_true(s & (1u << SOCK_STATE_LAST_ACK));
	assert_true(s & (1u << SOCK_STATE_CLOSING));
	assert_false(s & (1u << SOCK_STATE_LISTEN));
	assert_false(s & (1u << SOCK_STATE_CLOSE));
	assert_false(s & (1u << SOCK_STATE_TIME_WAIT));
	assert_false(s & (1u << SOCK_STATE_SYN_RECV));
	assert_false(s & (1u << SOCK_STATE_UNKNOWN));
}

static void tcp_only(void **state)
{
	assert_int_equal(parse("-t", NULL), 0);
	assert_int_equal(opts.query.netids, TCP);
	assert_int_equal(opts.query.netids_named, TCP);
	assert_int_equal(opts.query.families, QUERY_FAMILY_ALL);
	assert_int_equal(parse("--tcp", NULL), 0);
	assert_int_equal(opts.query.netids, TCP);
}

static void udp_only(void **state)
{
	assert_int_equal(parse("-u", NULL), 0);
	assert_int_equal(opts.query.netids, UDP);
	assert_int_equal(parse("--udp", NULL), 0);
	assert_int_equal(opts.query.netids, UDP);
}

static void tcp_and_udp_union(void **state)
{
	assert_int_equal(parse("-t", "-u", NULL), 0);
	assert_int_equal(opts.query.netids, TCP | UDP);
	assert_int_equal(opts.query.netids_named, TCP | UDP);
}

static void other_table_options(void **state)
{
	assert_int_equal(parse("-w", NULL), 0);
	assert_int_equal(opts.query.netids, RAW);
	assert_int_equal(parse("-x", NULL), 0);
	assert_int_equal(opts.query.netids, UNIX);
	assert_int_equal(parse("--packet", NULL), 0);
	assert_int_equal(opts.query.netids, PACKET);
	assert_int_equal(parse("-0", "-M", "-S", NULL), 0);
	assert_int_equal(opts.query.netids, PACKET | MPTCP | SCTP);
	assert_int_equal(parse("--vsock", "--tipc", "--xdp", NULL), 0);
	assert_int_equal(opts.query.netids,
			 (1u << SOCK_NETID_VSOCK_STREAM) |
				 (1u << SOCK_NETID_VSOCK_DGRAM) |
				 (1u << SOCK_NETID_TIPC) |
				 (1u << SOCK_NETID_XDP));
}

static void query_list_option(void **state)
{
	assert_int_equal(parse("-A", "tcp,udp", NULL), 0);
	assert_int_equal(opts.query.netids, TCP | UDP);
	assert_int_equal(parse("--query=inet", NULL), 0);
	assert_int_equal(opts.query.netids, INET_TABLES);
	assert_int_equal(parse("-A", "unix_stream", "-t", NULL), 0);
	assert_int_equal(opts.query.netids,
			 TCP | (1u << SOCK_NETID_UNIX_STREAM));
	/* '!' takes away, from the named tables or from all of them. */
	assert_int_equal(parse("-A", "all,!unix", NULL), 0);
	assert_int_equal(opts.query.netids, QUERY_NETIDS_ALL & ~UNIX);
	assert_int_equal(parse("-A", "inet,!tcp", NULL), 0);
	assert_int_equal(opts.query.netids, INET_TABLES & ~TCP);
	assert_int_equal(parse("--socket", "netlink", NULL), 0);
	assert_int_equal(opts.query.netids, 1u << SOCK_NETID_NETLINK);
}

static void query_list_errors_named(void **state)
{
	assert_rejected(parse("-A", "tcp,bogus", NULL), "'bogus'", NULL);
	assert_rejected(parse("-A", "tcp,", NULL), "-A", NULL);
	assert_rejected(parse("-A", "!", NULL), "-A", NULL);
	assert_rejected(parse("-A", NULL), "-A", "argument");
	/* Everything named is taken away again. */
	assert_rejected(parse("-A", "tcp,!tcp", NULL), "no socket table",
			NULL);
}

static void family_word_option(void **state)
{
	assert_int_equal(parse("-f", "inet6", NULL), 0);
	assert_int_equal(opts.query.families, QUERY_FAMILY_INET6);
	assert_int_equal(opts.query.netids, INET_TABLES);
	assert_int_equal(parse("--family=link", NULL), 0);
	assert_int_equal(opts.query.netids, PACKET);
	assert_int_equal(parse("-f", "unix", "-f", "netlink", NULL), 0);
	assert_int_equal(opts.query.netids, UNIX | (1u << SOCK_NETID_NETLINK));
	assert_rejected(parse("-f", "inet7", NULL), "'inet7'", NULL);
}

/* As ss: a named table whose families none names brings them in, a
 * named family none of whose tables is named brings its tables in. */
static void family_and_table_join_as_ss(void **state)
{
	assert_int_equal(parse("-x", "-4", NULL), 0);
	assert_int_equal(opts.query.netids, UNIX | INET_TABLES);
	assert_int_equal(opts.query.families,
			 QUERY_FAMILY_INET | QUERY_FAMILY_UNIX);
	assert_int_equal(parse("-t", "-x", "-4", NULL), 0);
	assert_int_equal(opts.query.netids, TCP | UNIX);
	assert_int_equal(opts.query.families,
			 QUERY_FAMILY_INET | QUERY_FAMILY_UNIX);
	assert_int_equal(parse("-f", "unix", "-t", NULL), 0);
	assert_int_equal(opts.query.netids, TCP | UNIX);
	assert_int_equal(opts.query.families, QUERY_FAMILY_UNIX |
						      QUERY_FAMILY_INET |
						      QUERY_FAMILY_INET6);
	/* a family its table shares narrows it */
	assert_int_equal(parse("-t", "-6", NULL), 0);
	assert_int_equal(opts.query.netids, TCP);
	assert_int_equal(opts.query.families, QUERY_FAMILY_INET6);
	assert_rejected(parse("-A", "tcp,!tcp", NULL), "no socket table",
			NULL);
}

static void source_option(void **state)
{
	assert_int_equal(parse("--source", "netlink", NULL), 0);
	assert_int_equal(opts.source, COLLECT_SOURCE_NETLINK);
	assert_int_equal(parse("--source=procfs", NULL), 0);
	assert_int_equal(opts.source, COLLECT_SOURCE_PROCFS);
	assert_int_equal(parse("--source=auto", NULL), 0);
	assert_int_equal(opts.source, COLLECT_SOURCE_AUTO);
	assert_rejected(parse("--source=kernel", NULL), "'kernel'", NULL);
}

static void proc_root_option(void **state)
{
	char *root;

	assert_int_equal(parse("--proc-root", "/tmp/capture", NULL), 0);
	/* Files say nothing of the running kernel: procfs is implied. */
	assert_int_equal(opts.source, COLLECT_SOURCE_PROCFS);
	assert_non_null(opts.proc_root);
	assert_int_equal(parse("--source=procfs", "--proc-root=/x", NULL), 0);
	assert_int_equal(opts.source, COLLECT_SOURCE_PROCFS);
	assert_rejected(parse("--proc-root=/x", "--source=netlink", NULL),
			"--proc-root", "--source=netlink");
	assert_rejected(parse("--proc-root=", NULL), "--proc-root", NULL);
	assert_rejected(parse("--proc-root", NULL), "--proc-root",
			"argument");

	/* The path is borrowed from argv, not copied. */
	{
		char *argv[] = {strdup("sockscope"), strdup("--proc-root"),
				root = strdup("/srv/cap"), NULL};
		struct options o;
		char e[64];

		assert_int_equal(options_parse(3, argv, e, sizeof(e), &o), 0);
		assert_ptr_equal(o.proc_root, root);
		for (int i = 0; i < 3; i++)
			free(argv[i]);
	}
}

static void all_states(void **state)
{
	assert_int_equal(parse("-a", NULL), 0);
	assert_int_equal(opts.query.states, SOCK_STATES_ALL);
	assert_false(opts.query.states_default);
	assert_int_equal(parse("--all", NULL), 0);
	assert_int_equal(opts.query.states, SOCK_STATES_ALL);
}

static void listening_states(void **state)
{
	assert_int_equal(parse("-l", NULL), 0);
	assert_int_equal(opts.query.states, QUERY_STATES_LISTENING);
	assert_false(opts.query.states_default);
	assert_int_equal(parse("--listening", NULL), 0);
	assert_int_equal(opts.query.states, QUERY_STATES_LISTENING);
}

static void all_and_listening_last_wins(void **state)
{
	assert_int_equal(parse("-a", "-l", NULL), 0);
	assert_int_equal(opts.query.states, QUERY_STATES_LISTENING);
	assert_int_equal(parse("-l", "-a", NULL), 0);
	assert_int_equal(opts.query.states, SOCK_STATES_ALL);
	assert_int_equal(parse("-al", NULL), 0);
	assert_int_equal(opts.query.states, QUERY_STATES_LISTENING);
}

static void bundled_short_options(void **state)
{
	assert_int_equal(parse("-tuln", NULL), 0);
	assert_int_equal(opts.query.netids, TCP | UDP);
	assert_int_equal(opts.query.states, QUERY_STATES_LISTENING);
	assert_true(opts.numeric);
	assert_int_equal(opts.query.families, QUERY_FAMILY_ALL);

	assert_int_equal(parse("-tan4H", NULL), 0);
	assert_int_equal(opts.query.netids, TCP);
	assert_int_equal(opts.query.states, SOCK_STATES_ALL);
	assert_int_equal(opts.query.families, QUERY_FAMILY_INET);
	assert_true(opts.numeric);
	assert_true(opts.no_header);

	/* An option with an argument ends the bundle. */
	assert_int_equal(parse("-nAtcp", NULL), 0);
	assert_int_equal(opts.query.netids, TCP);
	assert_true(opts.numeric);
}

static void processes_resolve_and_net_options(void **state)
{
	/* ss users type -tulpn. */
	assert_int_equal(parse("-tulpn", NULL), 0);
	assert_true(opts.processes);
	assert_false(opts.resolve);
	assert_null(opts.netns);
	assert_int_equal(parse("-tr", "--net", "blue", NULL), 0);
	assert_false(opts.processes);
	assert_true(opts.resolve);
	assert_non_null(opts.netns);
	assert_int_equal(parse("-Npid:1", "--processes", "--resolve", NULL), 0);
	assert_true(opts.processes && opts.resolve);
	assert_rejected(parse("-N", NULL), "'-N'", "needs an argument");
	assert_rejected(parse("--net=", NULL), "-N", "empty");
	assert_rejected(parse("-p", "--proc-root=/x", NULL), "--proc-root",
			"-p");

	/* The name is borrowed from argv, as given. */
	{
		char *argv[] = {strdup("sockscope"), strdup("-tN"),
				strdup("blue"), NULL};
		struct options o;
		char e[64];

		assert_int_equal(options_parse(3, argv, e, sizeof(e), &o), 0);
		assert_ptr_equal(o.netns, argv[2]);
		for (int i = 0; i < 3; i++)
			free(argv[i]);
	}
}

static void other_unimplemented_ss_options_named(void **state)
{
	assert_rejected(parse("-T", NULL), "-T", "--threads");
	assert_rejected(parse("-tiZ", NULL), "-Z", "--context");
	assert_rejected(parse("-b", NULL), "-b", "--bpf");
}

static void unimplemented_long_forms_named(void **state)
{
	assert_rejected(parse("--threads", NULL), "-T", "--threads");
	/* An argument does not change what is missing. */
	assert_rejected(parse("--threads=foo", NULL), "-T", "--threads");
}

static void recording_options(void **state)
{
	assert_int_equal(parse("--snapshot", "f.scope", NULL), 0);
	assert_int_equal(opts.action, OPTIONS_SNAPSHOT);
	assert_non_null(opts.snapshot); /* argv is freed: only its presence */
	assert_int_equal(parse("-N", "x", "--snapshot=f", NULL), 0);
	assert_false(opts.processes);
	assert_int_equal(parse("--snapshot=f", "-p", NULL), 0);
	assert_true(opts.processes);
	/* A snapshot holds everything: what would narrow it is refused. */
	assert_rejected(parse("--snapshot", "f", "-t", NULL), "--snapshot",
			NULL);
	assert_rejected(parse("--snapshot", "f", "sport", "=", ":22", NULL),
			"--snapshot", NULL);
	assert_rejected(parse("--snapshot", "f", "-s", NULL), "--snapshot",
			"-s");
	assert_rejected(parse("--snapshot", "-", NULL), "--snapshot",
			"standard output");
	assert_int_equal(parse("--from", "f", "-tanp", NULL), 0);
	assert_int_equal(opts.action, OPTIONS_RUN);
	assert_non_null(opts.from);
	assert_true(opts.processes);
	assert_int_equal(parse("--from", "f", "-s", NULL), 0);
	assert_int_equal(opts.action, OPTIONS_SUMMARY);
	assert_rejected(parse("--from", "f", "-K", "sport", "=", ":1", NULL),
			"--from", "-K");
	assert_rejected(parse("--diff", "f", "-s", NULL), "--diff", "-s");
	assert_rejected(parse("--from", "f", "-N", "x", NULL), "--from", "-N");
	assert_rejected(parse("--from", "f", "--proc-root", "/p", NULL),
			"--from", "--proc-root");
	assert_int_equal(parse("--diff", "old", "--from", "new", "--ndjson",
			       NULL),
			 0);
	assert_non_null(opts.diff);
	assert_rejected(parse("--diff", "f", "-j", NULL), "--diff",
			"--ndjson");
	assert_int_equal(parse("-D", "-", "-ta", NULL), 0);
	assert_non_null(opts.dump_file);
	assert_rejected(parse("-D", "f", "-t", "sport", "=", ":22", NULL), "-D",
			"FILTER");
	assert_rejected(parse("--diag=f", "--from", "g", NULL), "-D", NULL);
}

static void detail_options(void **state)
{
	/* ss -tieom: each option its own flag, bundled or long. */
	assert_int_equal(parse("-tan", NULL), 0);
	assert_false(opts.extended || opts.timers || opts.memory ||
		     opts.info);
	assert_int_equal(options_detail(&opts), 0);
	assert_int_equal(parse("-tieom", NULL), 0);
	assert_true(opts.extended && opts.timers && opts.memory && opts.info);
	assert_int_equal(options_detail(&opts),
			 SOCK_DETAIL_EXTENDED | SOCK_DETAIL_TIMERS |
				 SOCK_DETAIL_MEMORY | SOCK_DETAIL_INFO);
	assert_int_equal(parse("--memory", NULL), 0);
	assert_int_equal(options_detail(&opts), SOCK_DETAIL_MEMORY);
	assert_int_equal(parse("--info", "--options", NULL), 0);
	assert_int_equal(options_detail(&opts),
			 SOCK_DETAIL_INFO | SOCK_DETAIL_TIMERS);
	/* ss's -e shows the timers of -o as well. */
	assert_int_equal(parse("--extended", "-O", NULL), 0);
	assert_int_equal(options_detail(&opts),
			 SOCK_DETAIL_EXTENDED | SOCK_DETAIL_TIMERS);
	assert_true(opts.oneline);
	/* They combine with JSON too. */
	assert_int_equal(parse("-i", "-j", NULL), 0);
	assert_int_equal(opts.format, OUT_FORMAT_JSON);
	assert_true(opts.info);
}

static void argument_to_flag_option_rejected(void **state)
{
	assert_rejected(parse("--tcp=1", NULL), "'--tcp'", "no argument");
	assert_rejected(parse("--json=yes", NULL), "'--json'", "no argument");
	assert_rejected(parse("--ndjson=", NULL), "'--ndjson'",
			"no argument");
}

static void family_options(void **state)
{
	assert_int_equal(parse("-4", NULL), 0);
	assert_int_equal(opts.query.families, QUERY_FAMILY_INET);
	/* Without a table option: every table of the family. */
	assert_int_equal(opts.query.netids, INET_TABLES);
	assert_int_equal(parse("--ipv6", NULL), 0);
	assert_int_equal(opts.query.families, QUERY_FAMILY_INET6);
	assert_int_equal(parse("-4", "-6", NULL), 0);
	assert_int_equal(opts.query.families, BOTH_FAMILIES);
	assert_int_equal(parse("--ipv4", "-6", "-t", NULL), 0);
	assert_int_equal(opts.query.families, BOTH_FAMILIES);
	assert_int_equal(opts.query.netids, TCP);
}

static void header_oneline_numeric_flags(void **state)
{
	assert_int_equal(parse("-H", NULL), 0);
	assert_true(opts.no_header);
	assert_false(opts.oneline);
	assert_false(opts.numeric);
	assert_int_equal(parse("-O", NULL), 0);
	assert_true(opts.oneline);
	assert_false(opts.no_header);
	assert_int_equal(parse("-n", NULL), 0);
	assert_true(opts.numeric);
	assert_int_equal(parse("--no-header", "--oneline", "--numeric", NULL),
			 0);
	assert_true(opts.no_header);
	assert_true(opts.oneline);
	assert_true(opts.numeric);
	/* -O changes nothing else. */
	assert_int_equal(opts.format, OUT_FORMAT_TABLE);
}

static void json_option(void **state)
{
	assert_int_equal(parse("-j", NULL), 0);
	assert_int_equal(opts.format, OUT_FORMAT_JSON);
	assert_false(opts.pretty);
	assert_int_equal(parse("--json", NULL), 0);
	assert_int_equal(opts.format, OUT_FORMAT_JSON);
	assert_int_equal(parse("-tlj", NULL), 0);
	assert_int_equal(opts.format, OUT_FORMAT_JSON);
	assert_int_equal(opts.query.netids, TCP);
}

static void ndjson_option(void **state)
{
	assert_int_equal(parse("--ndjson", NULL), 0);
	assert_int_equal(opts.format, OUT_FORMAT_NDJSON);
	assert_false(opts.pretty);
}

static void json_and_ndjson_conflict(void **state)
{
	assert_rejected(parse("--json", "--ndjson", NULL), "--json",
			"--ndjson");
	assert_rejected(parse("--ndjson", "-j", NULL), "--json", "--ndjson");
}

static void pretty_with_json(void **state)
{
	assert_int_equal(parse("-j", "--pretty", NULL), 0);
	assert_int_equal(opts.format, OUT_FORMAT_JSON);
	assert_true(opts.pretty);
	assert_int_equal(parse("--pretty", "--json", NULL), 0);
	assert_true(opts.pretty);
}

static void watch_option(void **state)
{
	assert_int_equal(parse("--watch", NULL), 0);
	assert_int_equal(opts.action, OPTIONS_WATCH);
	assert_int_equal(opts.watch_ms, 1000);
	assert_int_equal(opts.refreshes, 0);
	assert_int_equal(parse("--watch=2", "-tan", NULL), 0);
	assert_int_equal(opts.watch_ms, 2000);
	assert_int_equal(opts.query.netids, TCP);
	assert_int_equal(parse("--watch=0.25", "--refreshes=3", NULL), 0);
	assert_int_equal(opts.watch_ms, 250);
	assert_int_equal(opts.refreshes, 3);
	assert_int_equal(parse("--watch=1.5", "--ndjson", "-p", NULL), 0);
	assert_int_equal(opts.watch_ms, 1500);
	assert_true(opts.processes);
	assert_int_equal(parse("--watch=0", NULL), 0);
	assert_int_equal(opts.watch_ms, 0);
	assert_rejected(parse("--watch=x", NULL), "--watch", "'x'");
	assert_rejected(parse("--watch=1.", NULL), "--watch", NULL);
	assert_rejected(parse("--watch=0.0001", NULL), "--watch", NULL);
	assert_rejected(parse("--watch=-1", NULL), "--watch", NULL);
	assert_rejected(parse("--watch=86401", NULL), "--watch", NULL);
	assert_rejected(parse("--watch", "-j", NULL), "--watch", "--ndjson");
	assert_rejected(parse("--watch", "-E", NULL), "--watch", "-E");
	assert_rejected(parse("--refreshes=2", NULL), "--refreshes",
			"--watch");
	assert_rejected(parse("--watch", "--refreshes=0", NULL),
			"--refreshes", NULL);
}

static void color_option(void **state)
{
	assert_int_equal(parse(NULL), 0);
	assert_int_equal(opts.color_mode, OPTIONS_COLOR_AUTO);
	assert_false(opts.color); /* main() decides */
	assert_int_equal(parse("--color", NULL), 0);
	assert_int_equal(opts.color_mode, OPTIONS_COLOR_ALWAYS);
	assert_int_equal(parse("--color=never", NULL), 0);
	assert_int_equal(opts.color_mode, OPTIONS_COLOR_NEVER);
	assert_int_equal(parse("--colour=auto", NULL), 0);
	assert_int_equal(opts.color_mode, OPTIONS_COLOR_AUTO);
	assert_rejected(parse("--color=sometimes", NULL), "--color",
			"sometimes");
}

static void pretty_without_json_rejected(void **state)
{
	assert_rejected(parse("--pretty", NULL), "--pretty", NULL);
	assert_rejected(parse("--ndjson", "--pretty", NULL), "--pretty",
			NULL);
}

static void unknown_short_option_named(void **state)
{
	assert_rejected(parse("-q", NULL), "'-q'", NULL);
	assert_rejected(parse("-tq", NULL), "'-q'", NULL);
	assert_rejected(parse("-t", "-Y", NULL), "'-Y'", NULL);
}

/* glibc's optopt is a (signed) char, so the byte 0xc3 of "é" comes back
 * negative, and argv[optind - 1] is still the previous argument while the
 * bundle is unfinished: the message must name the byte itself. */
static void unknown_non_ascii_short_option_named(void **state)
{
	assert_int_equal(parse("-t", "-\xc3\xa9", NULL), -EINVAL);
	/* Raw or escaped, the byte must be named. */
	if (!strstr(err, "\xc3") && !strstr(err, "\\xc3"))
		fail_msg("message \"%s\" does not name \"-\xc3\xa9\"", err);
	assert_int_equal(parse("-\xc3\xa9", NULL), -EINVAL);
	if (!strstr(err, "\xc3") && !strstr(err, "\\xc3"))
		fail_msg("message \"%s\" does not name \"-\xc3\xa9\"", err);
}

static void unknown_long_option_named(void **state)
{
	assert_rejected(parse("--bogus", NULL), "'--bogus'", NULL);
	assert_rejected(parse("-t", "--tcpp", NULL), "'--tcpp'", NULL);
	assert_rejected(parse("--bogus=1", NULL), "--bogus", NULL);
}

/* Words after the options are the FILTER, as in ss; options_parse only
 * hands them on (main parses them), with -F's file. (parse() frees its
 * argv, so only counts and presence are checked here.) */
static void positional_words_are_the_filter(void **state)
{
	assert_int_equal(parse("-t", "state", "established", NULL), 0);
	assert_int_equal(opts.n_filter_words, 2);
	assert_null(opts.filter_file);
	assert_int_equal(parse("--", "-dport", NULL), 0);
	assert_int_equal(opts.n_filter_words, 1);
	assert_int_equal(parse("-F", "-", "-t", NULL), 0);
	assert_non_null(opts.filter_file);
	assert_int_equal(opts.n_filter_words, 0);
	assert_rejected(parse("-F", NULL), "-F", "argument");
}

static void double_dash_alone_accepted(void **state)
{
	assert_int_equal(parse("-t", "--", NULL), 0);
	assert_int_equal(opts.query.netids, TCP);
}

static void help_and_version_actions(void **state)
{
	assert_int_equal(parse("-h", NULL), 0);
	assert_int_equal(opts.action, OPTIONS_HELP);
	assert_int_equal(parse("--help", NULL), 0);
	assert_int_equal(opts.action, OPTIONS_HELP);
	assert_int_equal(parse("-V", NULL), 0);
	assert_int_equal(opts.action, OPTIONS_VERSION);
	assert_int_equal(parse("--version", NULL), 0);
	assert_int_equal(opts.action, OPTIONS_VERSION);
	/* Whatever else the line holds, help is help. */
	assert_int_equal(parse("-t", "-h", "--pretty", "extra", NULL), 0);
	assert_int_equal(opts.action, OPTIONS_HELP);
	assert_non_null(strstr(options_usage, "--ndjson"));
}

static void result_untouched_on_every_error(void **state)
{
	/* parse() itself asserts the sentinel survives every failure;
	 * here, one of each kind in a row. */
	assert_int_equal(parse("-T", NULL), -EINVAL);
	assert_true(is_sentinel(&opts));
	assert_int_equal(parse("--bogus", NULL), -EINVAL);
	assert_true(is_sentinel(&opts));
	assert_int_equal(parse("-F", NULL), -EINVAL);
	assert_true(is_sentinel(&opts));
	assert_int_equal(parse("-j", "--ndjson", NULL), -EINVAL);
	assert_true(is_sentinel(&opts));
	assert_int_equal(parse("--pretty", NULL), -EINVAL);
	assert_true(is_sentinel(&opts));
}

static void parse_twice_in_a_row(void **state)
{
	/* getopt keeps state in globals; a second run must start clean,
	 * even after a run that stopped in the middle of a bundle. */
	assert_int_equal(parse("-tlq", NULL), -EINVAL);
	assert_int_equal(parse("-ul", NULL), 0);
	assert_int_equal(opts.query.netids, UDP);
	assert_int_equal(opts.query.states, QUERY_STATES_LISTENING);
	assert_int_equal(parse("-t", NULL), 0);
	assert_int_equal(opts.query.netids, TCP);
	assert_int_equal(opts.query.states, QUERY_STATES_CONNECTED);
	assert_true(opts.query.states_default);
	assert_false(opts.numeric);
	assert_int_equal(parse("-A", "bogus", NULL), -EINVAL);
	assert_int_equal(parse(NULL), 0);
	assert_int_equal(opts.query.netids, QUERY_NETIDS_ALL);
}

static void message_cut_to_errlen(void **state)
{
	char *argv[] = {strdup("sockscope"), strdup("-tulTn"), NULL};
	char small[8];
	struct options o;

	memset(small, 'X', sizeof(small));
	assert_int_equal(options_parse(2, argv, small, sizeof(small), &o),
			 -EINVAL);
	assert_int_equal(small[sizeof(small) - 1], '\0');
	assert_int_equal(strlen(small), sizeof(small) - 1);
	free(argv[0]);
	free(argv[1]);
}

int main(int argc, char *argv[])
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(connected_states_are_ss_default),
		cmocka_unit_test(tcp_only),
		cmocka_unit_test(udp_only),
		cmocka_unit_test(tcp_and_udp_union),
		cmocka_unit_test(other_table_options),
		cmocka_unit_test(query_list_option),
		cmocka_unit_test(query_list_errors_named),
		cmocka_unit_test(family_word_option),
		cmocka_unit_test(family_and_table_join_as_ss),
		cmocka_unit_test(source_option),
		cmocka_unit_test(proc_root_option),
		cmocka_unit_test(all_states),
		cmocka_unit_test(listening_states),
		cmocka_unit_test(all_and_listening_last_wins),
		cmocka_unit_test(bundled_short_options),
		cmocka_unit_test(processes_resolve_and_net_options),
		cmocka_unit_test(other_unimplemented_ss_options_named),
		cmocka_unit_test(unimplemented_long_forms_named),
		cmocka_unit_test(recording_options),
		cmocka_unit_test(detail_options),
		cmocka_unit_test(argument_to_flag_option_rejected),
		cmocka_unit_test(family_options),
		cmocka_unit_test(header_oneline_numeric_flags),
		cmocka_unit_test(json_option),
		cmocka_unit_test(ndjson_option),
		cmocka_unit_test(json_and_ndjson_conflict),
		cmocka_unit_test(pretty_with_json),
		cmocka_unit_test(pretty_without_json_rejected),
		cmocka_unit_test(watch_option),
		cmocka_unit_test(color_option),
		cmocka_unit_test(unknown_short_option_named),
		cmocka_unit_test(unknown_long_option_named),
		cmocka_unit_test(positional_words_are_the_filter),
		cmocka_unit_test(double_dash_alone_accepted),
		cmocka_unit_test(help_and_version_actions),
		cmocka_unit_test(result_untouched_on_every_error),
		cmocka_unit_test(parse_twice_in_a_row),
		cmocka_unit_test(message_cut_to_errlen),
		cmocka_unit_test(unknown_non_ascii_short_option_named),
	};

	return harness_run_group(tests, NULL, NULL);
}
