// SPDX-License-Identifier: GPL-2.0-or-later
/* options_parse() for -s, --protocol-stats, -K and -E. */
#include "actions-test.h"

#include "src/options.h"

#define TCP (1u << SOCK_NETID_TCP)
#define UDP (1u << SOCK_NETID_UDP)

static struct options opts;
static char err[256];

/* The words of the last parse: options borrow strings from argv. */
static char *argv[16];
static int argc;

/* Runs options_parse over "sockscope" and the NULL-terminated words. */
static int parse(const char *first, ...)
{
	va_list ap;
	int r;

	for (int i = 0; i < argc; i++)
		free(argv[i]);
	argc = 0;
	argv[argc++] = strdup("sockscope");
	va_start(ap, first);
	for (const char *w = first; w; w = va_arg(ap, const char *)) {
		assert_true(argc < 15);
		argv[argc++] = strdup(w);
	}
	va_end(ap);
	argv[argc] = NULL;
	memset(&opts, 0xa5, sizeof(opts));
	err[0] = '\0';
	r = options_parse(argc, argv, err, sizeof(err), &opts);
	if (r < 0) {
		assert_int_equal(r, -EINVAL);
		assert_true(err[0] != '\0');
		assert_null(strchr(err, '\n'));
	}
	return r;
}

static void assert_rejected(int r, const char *a, const char *b)
{
	assert_int_equal(r, -EINVAL);
	if (a && !strstr(err, a))
		fail_msg("message \"%s\" does not name \"%s\"", err, a);
	if (b && !strstr(err, b))
		fail_msg("message \"%s\" does not name \"%s\"", err, b);
}

static void each_command_by_short_and_long_name(void **state)
{
	assert_int_equal(parse("-s", NULL), 0);
	assert_int_equal(opts.action, OPTIONS_SUMMARY);
	assert_int_equal(parse("--summary", NULL), 0);
	assert_int_equal(opts.action, OPTIONS_SUMMARY);
	assert_int_equal(parse("--protocol-stats", NULL), 0);
	assert_int_equal(opts.action, OPTIONS_PROTOCOL_STATS);
	assert_int_equal(parse("-E", NULL), 0);
	assert_int_equal(opts.action, OPTIONS_EVENTS);
	assert_int_equal(parse("--events", NULL), 0);
	assert_int_equal(opts.action, OPTIONS_EVENTS);
	/* -K is refused without a selection (below): its name is known. */
	assert_rejected(parse("--kill", NULL), "-K", NULL);
	assert_null(strstr(err, "not implemented"));
}

static void commands_exclude_each_other(void **state)
{
	assert_rejected(parse("-s", "-E", NULL), "-s", "-E");
	assert_rejected(parse("-E", "--protocol-stats", NULL), "-E",
			"--protocol-stats");
	assert_rejected(parse("-sK", NULL), "-s", "-K");
	/* The same one twice is still one. */
	assert_int_equal(parse("-s", "--summary", NULL), 0);
	assert_int_equal(opts.action, OPTIONS_SUMMARY);
}

static void help_wins_over_a_command(void **state)
{
	assert_int_equal(parse("-K", "-h", NULL), 0);
	assert_int_equal(opts.action, OPTIONS_HELP);
}

static void documents_take_json_not_ndjson(void **state)
{
	assert_int_equal(parse("-s", "-j", "--pretty", NULL), 0);
	assert_int_equal(opts.format, OUT_FORMAT_JSON);
	assert_true(opts.pretty);
	assert_int_equal(parse("--protocol-stats", "-j", NULL), 0);
	assert_int_equal(opts.format, OUT_FORMAT_JSON);
	assert_rejected(parse("-s", "--ndjson", NULL), "-s", "--json");
	assert_rejected(parse("--protocol-stats", "--ndjson", NULL),
			"--protocol-stats", NULL);
}

static void documents_read_proc_root(void **state)
{
	assert_int_equal(parse("--protocol-stats", "--proc-root", "/x", NULL),
			 0);
	assert_string_equal(opts.proc_root, "/x");
	assert_int_equal(parse("-s", "--proc-root", "/x", NULL), 0);
	assert_int_equal(opts.source, COLLECT_SOURCE_PROCFS);
}

static void events_stream_ndjson_not_json(void **state)
{
	assert_int_equal(parse("-E", "--ndjson", NULL), 0);
	assert_int_equal(opts.format, OUT_FORMAT_NDJSON);
	assert_rejected(parse("-E", "-j", NULL), "-E", "--ndjson");
}

static void events_tcp_and_udp_only(void **state)
{
	/* No table named: both; other tables named: narrowed away. */
	assert_int_equal(parse("-E", NULL), 0);
	assert_int_equal(opts.query.netids, TCP | UDP);
	assert_int_equal(opts.source, COLLECT_SOURCE_NETLINK);
	assert_int_equal(parse("-E", "-tx", NULL), 0);
	assert_int_equal(opts.query.netids, TCP);
	assert_int_equal(opts.query.netids_named, TCP);
	assert_int_equal(parse("-E", "-u", "-6", NULL), 0);
	assert_int_equal(opts.query.netids, UDP);
	assert_int_equal(opts.query.families, QUERY_FAMILY_INET6);
	assert_rejected(parse("-E", "-x", NULL), "-E", "TCP and UDP");
}

static void events_and_kill_refuse_procfs(void **state)
{
	assert_rejected(parse("-E", "--proc-root", "/x", NULL), "-E",
			"--proc-root");
	assert_rejected(parse("-E", "--source=procfs", NULL), "-E",
			"--source=procfs");
	assert_rejected(parse("-K", "--proc-root", "/x", NULL), "-K",
			"--proc-root");
	/* netlink is what they use anyway */
	assert_int_equal(parse("-E", "--source=netlink", NULL), 0);
}

static void kill_refused_without_selection(void **state)
{
	/* ss -K alone closes every connected socket; no table or state
	 * option counts as a selection. */
	assert_rejected(parse("-K", NULL), "-K", "filter");
	assert_rejected(parse("-tK", NULL), "-K", "state");
	assert_rejected(parse("-K", "-a", NULL), "-K", NULL);
	assert_rejected(parse("-K", "-l", "-4", NULL), "-K", NULL);
	/* A table -K cannot close is said first: no selection fixes it. */
	assert_rejected(parse("-K", "-x", NULL), "-K", "TCP and UDP");
}

static void kill_takes_a_filter(void **state)
{
	/* Whether the FILTER selects anything is main()'s to say, once it
	 * parsed it: options only hand the words on. */
	assert_int_equal(parse("-K", "state", "established", NULL), 0);
	assert_int_equal(opts.action, OPTIONS_KILL);
	assert_int_equal(opts.n_filter_words, 2);
	assert_false(opts.has_selection);
	assert_int_equal(parse("-Kt", "-F", "-", NULL), 0);
	assert_string_equal(opts.filter_file, "-");
	assert_int_equal(opts.query.netids, TCP);
	assert_int_equal(parse("-E", "dport", "=", ":80", NULL), 0);
	assert_int_equal(opts.n_filter_words, 3);
}

static void counts_take_no_filter(void **state)
{
	assert_rejected(parse("-s", "state", "established", NULL), "-s",
			"FILTER");
	assert_rejected(parse("--protocol-stats", "-F", "f", NULL),
			"--protocol-stats", "FILTER");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_command_by_short_and_long_name),
		cmocka_unit_test(commands_exclude_each_other),
		cmocka_unit_test(help_wins_over_a_command),
		cmocka_unit_test(documents_take_json_not_ndjson),
		cmocka_unit_test(documents_read_proc_root),
		cmocka_unit_test(events_stream_ndjson_not_json),
		cmocka_unit_test(events_tcp_and_udp_only),
		cmocka_unit_test(events_and_kill_refuse_procfs),
		cmocka_unit_test(kill_refused_without_selection),
		cmocka_unit_test(kill_takes_a_filter),
		cmocka_unit_test(counts_take_no_filter),
	};

	int r = harness_run_group(tests, NULL, NULL);

	for (int i = 0; i < argc; i++)
		free(argv[i]);
	return r;
}
