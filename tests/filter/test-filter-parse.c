// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The parser, table-driven: each accepted text with the tree it must
 * give, each rejected one with where the caret must point and what the
 * message must say.
 */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "filter-test.h"

#define S(x) (1u << SOCK_STATE_##x)

struct accepted {
	const char *text;
	const char *tree;
};

static const struct accepted accepted[] = {
	/* ports, every spelling of every comparison */
	{"dport = :443", "(dport = 443)"},
	{"dport == 443", "(dport = 443)"},
	{"dport eq :https", "(dport = 443)"},
	{"dport = https", "(dport = 443)"},
	{"sport = :syslog", "(sport = 514)"}, /* a udp-only name */
	{"sport != :22", "(not (sport = 22))"},
	{"sport ne :ssh", "(not (sport = 22))"},
	{"sport neq 22", "(not (sport = 22))"},
	{"dport < :1024", "(dport <= 1023)"},
	{"dport lt 1024", "(dport <= 1023)"},
	{"dport <= 1024", "(dport <= 1024)"},
	{"dport le 1024", "(dport <= 1024)"},
	{"dport leq 1024", "(dport <= 1024)"},
	{"dport > 1024", "(dport >= 1025)"},
	{"dport gt 1024", "(dport >= 1025)"},
	{"dport >= :1024", "(dport >= 1024)"},
	{"dport ge 1024", "(dport >= 1024)"},
	{"dport geq 1024", "(dport >= 1024)"},
	{"dport < 0", "false"},
	{"dport > 65535", "false"},
	{"dport = 0", "(dport = 0)"},
	/* as ss: "=" optional after every key, ports in C's bases,
	 * service aliases */
	{"sport :22", "(sport = 22)"},
	{"dport 22", "(dport = 22)"},
	{"sport *", "true"},
	{"sport = :*", "true"},
	{"dport != *", "(not true)"},
	{"dport :0x16", "(dport = 22)"},
	{"dport = 0X16", "(dport = 22)"},
	{"dport = :026", "(dport = 22)"},
	{"sport :ssh", "(sport = 22)"},
	{"dport = :www", "(dport = 80)"},
	{"dport www", "(dport = 80)"},
	{"src *:www", "(src *:80)"},
	{"dst 1.2.3.4:0x1bb", "(dst 1.2.3.4:443)"},
	{"dev lo", "(dev 1)"},
	{"dev 1", "(dev 1)"},
	{"dev 0x2", "(dev 2)"},
	{"fwmark 0x1/0xff", "(fwmark 0x1/0xff)"},
	{"fwmark 7", "(fwmark 0x7/0xffffffff)"},
	{"dport 22 or sport :ssh dev lo",
	 "(or (dport = 22) (and (sport = 22) (dev 1)))"},
	{"(dport 22)", "(dport = 22)"},
	{"dst inet:1.2.3.4 or dst inet6:[::1]",
	 "(and (family inet6) (or (dst 1.2.3.4) (dst [::1])))"},
	/* hosts */
	{"src 1.2.3.4", "(src 1.2.3.4)"},
	{"dst 10.0.0.0/8", "(dst 10.0.0.0/8)"},
	{"dst 10/8", "(dst 10.0.0.0/8)"},
	{"dst 192.168/16", "(dst 192.168.0.0/16)"},
	{"dst 1.2.3.4/32", "(dst 1.2.3.4)"},
	{"dst 0.0.0.0/0", "(dst 0.0.0.0/0)"},
	{"src [::1]", "(src [::1])"},
	{"src [2001:db8::]/32", "(src [2001:db8::]/32)"},
	{"src [::ffff:10.0.0.1]", "(src [::ffff:10.0.0.1])"},
	{"src *", "(src *)"},
	{"src *:*", "(src *)"},
	{"src :22", "(src *:22)"},
	{"src *:ssh", "(src *:22)"},
	{"dst 1.2.3.4:443", "(dst 1.2.3.4:443)"},
	{"dst 1.2.3.4:*", "(dst 1.2.3.4)"},
	{"dst [::1]:443", "(dst [::1]:443)"},
	{"dst [2001:db8::]/32:443", "(dst [2001:db8::]/32:443)"},
	{"src 10.0.0.0/8:https", "(src 10.0.0.0/8:443)"},
	{"src inet:*", "(and (family inet) (src 0.0.0.0/0))"},
	{"src inet:", "(and (family inet) (src 0.0.0.0/0))"},
	{"src inet:10.0.0.1:22", "(and (family inet) (src 10.0.0.1:22))"},
	{"src inet:*:22", "(and (family inet) (src 0.0.0.0/0:22))"},
	{"src inet6:*", "(and (family inet6) (src [::]/0))"},
	{"src inet6:[::1]:53", "(and (family inet6) (src [::1]:53))"},
	{"src = 1.2.3.4", "(src 1.2.3.4)"},
	{"src != 1.2.3.4", "(not (src 1.2.3.4))"},
	{"src unix:/run/*.sock", "(src unix:/run/*.sock)"},
	{"src unix:@abstract*", "(src unix:@abstract*)"},
	{"src unix:/a[!b]=c", "(src unix:/a[!b]=c)"},
	{"src unix:", "(src unix:)"},
	{"src /run/x.sock", "(src unix:/run/x.sock)"},
	{"src @x", "(src unix:@x)"},
	{"src link:ip:1", "(src link:0x0800:1)"},
	{"src link:*:lo", "(src link:*:1)"},
	{"src link:all", "(src link:0x0003:*)"},
	{"src link:0x86dd", "(src link:0x86dd:*)"},
	{"src link:lldp", "(src link:0x88cc:*)"},
	{"src link:LLDP", "(src link:0x88cc:*)"},
	{"src link:IPv6", "(src link:0x86dd:*)"},
	{"src link:802_3", "(src link:0x0001:*)"},
	{"src link:", "(src link:*:*)"},
	{"src netlink:rtnl:kernel", "(src netlink:0:0)"},
	{"dst netlink:genl:-5", "(dst netlink:16:4294967291)"},
	{"src netlink:4", "(src netlink:4:*)"},
	{"src vsock:2:1024", "(src vsock:2:1024)"},
	{"dst vsock:*:22", "(dst vsock:*:22)"},
	/* the other terms */
	{"dev = lo", "(dev 1)"},
	{"dev == 7", "(dev 7)"},
	{"dev != lo", "(not (dev 1))"},
	{"dev ne 3", "(not (dev 3))"},
	{"fwmark = 0x10/0xff", "(fwmark 0x10/0xff)"},
	{"fwmark = 16", "(fwmark 0x10/0xffffffff)"},
	{"fwmark = 010/0x0f", "(fwmark 0x8/0xf)"},
	{"fwmark != 1", "(not (fwmark 0x1/0xffffffff))"},
	{"autobound", "(autobound 32768-60999)"},
	/* operators and precedence: not, then and, then or */
	{"sport = :1 or sport = :2 and sport = :3",
	 "(or (sport = 1) (and (sport = 2) (sport = 3)))"},
	{"sport = :1 and sport = :2 or sport = :3",
	 "(or (and (sport = 1) (sport = 2)) (sport = 3))"},
	{"not sport = :1 and sport = :2",
	 "(and (not (sport = 1)) (sport = 2))"},
	{"not (sport = :1 and sport = :2)",
	 "(not (and (sport = 1) (sport = 2)))"},
	{"sport = :1 sport = :2", "(and (sport = 1) (sport = 2))"},
	{"sport = :1 or sport = :2 sport = :3",
	 "(or (sport = 1) (and (sport = 2) (sport = 3)))"},
	{"(sport = :1 or sport = :2) dport = :3",
	 "(and (or (sport = 1) (sport = 2)) (dport = 3))"},
	{"sport = :1 && sport = :2 || sport = :3 & sport = :4 | autobound",
	 "(or (and (sport = 1) (sport = 2)) (and (sport = 3) (sport = 4)) "
	 "(autobound 32768-60999))"},
	{"!sport = :1", "(not (sport = 1))"},
	{"not not autobound", "(not (not (autobound 32768-60999)))"},
	{"! ! autobound", "(not (not (autobound 32768-60999)))"},
	{"(dport=:22)", "(dport = 22)"},
	{"!(dport=:22)", "(not (dport = 22))"},
	{"(dport=:22)or(dport=:80)", "(or (dport = 22) (dport = 80))"},
	{"dport=:22||dport=:23", "(or (dport = 22) (dport = 23))"},
	{"dport>=:22&&dport<=:23", "(and (dport >= 22) (dport <= 23))"},
	{"dport!=:22", "(not (dport = 22))"},
	{"(src 1.2.3.4)", "(src 1.2.3.4)"},
	{"((((autobound))))", "(autobound 32768-60999)"},
	/* ss's own example */
	{"( dport = :443 or sport = :443 ) and dst 10.0.0.0/8",
	 "(and (or (dport = 443) (sport = 443)) (dst 10.0.0.0/8))"},
	/* comments and lines, as in an -F file */
	{"dport = :22 # ssh\nor dport = :80", "(or (dport = 22) (dport = 80))"},
	{"# nothing but a comment\n", "true"},
	{"\t dport\n=\n:22\n", "(dport = 22)"},
	/* state selectors alone */
	{"", "true"},
	{"state established", "true"},
};

static void test_accepted(void **state)
{
	for (size_t i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
		struct filter *f = parse_ok(accepted[i].text);
		char tree[512];

		filter_format(f, tree, sizeof(tree));
		if (strcmp(tree, accepted[i].tree) != 0)
			fail_msg("'%s': tree %s, expected %s", accepted[i].text,
				 tree, accepted[i].tree);
		filter_free(f);
	}
}

struct rejected {
	const char *text;
	size_t offset, len;
	const char *msg; /* must appear in the message */
};

static const struct rejected rejected[] = {
	{"dport", 5, 0, "expected a comparison"},
	{"dport = ", 7, 0, "expected a port"},
	{"dport = :", 8, 1, "after ':'"},
	{"dport = :htps", 9, 4, "unknown service 'htps'"},
	{"dport = :wwww", 9, 4, "unknown service 'wwww'"},
	{"dport = :0x10000", 9, 7, "expected a port from 0 to 65535"},
	{"dport = :08", 9, 2, "expected a port from 0 to 65535"},
	{"dport > *", 8, 1, "unknown service '*'"},
	{"dport = :70000", 9, 5, "expected a port from 0 to 65535"},
	{"dport = (", 8, 1, "expected a port"},
	{"src", 3, 0, "expected an address after 'src'"},
	{"dst )", 4, 1, "expected an address after 'dst'"},
	{"src 1.2.3", 4, 5, "expected an address"},
	{"src 1.2.3.4.5", 4, 9, "expected an address"},
	{"src 300.1.1.1", 4, 9, "expected an address"},
	{"src ::1", 4, 3, "in brackets"},
	{"src fe80::1:22", 4, 10, "in brackets"},
	{"src [::1", 4, 4, "expected ']'"},
	{"src [zz]", 5, 2, "inside [ ]"},
	{"src [::1]x", 9, 1, "expected '/PREFIX' or ':PORT'"},
	{"src [::1]/129", 10, 3, "from 0 to 128"},
	{"src 1.2.3.4/33", 12, 2, "from 0 to 32"},
	{"src 1.2.3.4/x", 12, 1, "from 0 to 32"},
	{"src 1.2.3.4:", 12, 0, "expected a port after ':'"},
	{"src 1.2.3.4:nope", 12, 4, "unknown service 'nope'"},
	{"src example.com", 4, 11, "unknown host name 'example.com'"},
	{"src bad!name", 4, 8, "expected an address"},
	{"src inet:[::1]", 9, 5, "IPv4 address after 'inet:'"},
	{"src inet6:1.2.3.4", 10, 7, "in brackets after 'inet6:'"},
	{"src inet6:10/8", 10, 4, "in brackets after 'inet6:'"},
	{"dst unix:/x", 4, 7, "expected 'src' before a unix name"},
	{"dst /x", 4, 2, "expected 'src' before a unix name"},
	{"dst link:ip", 4, 7, "packet sockets have no peer"},
	{"src link:bogus", 9, 5, "expected a link protocol"},
	{"src link:ip:nosuchdev0", 12, 10, "unknown device 'nosuchdev0'"},
	{"src netlink:bogus", 12, 5, "expected a netlink protocol"},
	{"src netlink:rtnl:x", 17, 1, "expected a port id"},
	{"src vsock:x", 10, 1, "expected a vsock CID"},
	{"src vsock:1:y", 12, 1, "expected a vsock port"},
	{"foo", 0, 3, "expected a condition (src, dst"},
	{"dport = :22 foo", 12, 3, "expected a condition"},
	{"dport = :22 and", 15, 0, "expected a condition"},
	{"dport = :22 or or", 15, 2, "expected a condition"},
	{"and", 0, 3, "expected a condition"},
	{"not", 3, 0, "expected a condition"},
	{"(dport = :22", 12, 0, "expected ')' to close the '(' of line 1, "
				"column 1"},
	{"dport = :1 or (dport = :22 autobound", 36, 0, "column 15"},
	{"dport = :22)", 11, 1, "this ')' closes nothing"},
	{"()", 1, 1, "expected a condition inside the parentheses"},
	{"dport = :22 = 5", 12, 1, "expected 'and', 'or' or the end"},
	{"state", 5, 0, "expected a state name (established"},
	{"state bogus", 6, 5, "expected a state name"},
	{"exclude =", 8, 1, "expected a state name"},
	{"dport = :22 state established", 12, 5,
	 "state selectors come before the expression"},
	{"dev and", 4, 3, "expected '=', '!=' or a value after 'dev'"},
	{"dport or", 6, 2, "expected a comparison"},
	{"sport (", 6, 1, "expected a comparison"},
	{"fwmark", 6, 0, "expected '=', '!=' or a value after 'fwmark'"},
	{"dev =", 5, 0, "expected a value after 'dev ='"},
	{"dev = nosuchdev0", 6, 10, "unknown device 'nosuchdev0'"},
	{"dev = averyveryverylongname", 6, 21, "expected a device name"},
	{"fwmark = x", 9, 1, "expected a mark"},
	{"fwmark = 0x100000000", 9, 11, "expected a mark"},
	{"fwmark = 1/", 11, 0, "expected a mask"},
	{"fwmark = 0x10/0x0f", 9, 9, "expected a mark within its mask"},
	{"cgroup = foo", 9, 3, "expected a cgroup path starting with '/'"},
	{"cgroup != ", 9, 0, "expected a value after 'cgroup !='"},
	{"dport = :22\n  and sport = :x", 27, 1, "unknown service 'x'"},
	/* the end is right after the last token, not after blanks */
	{"(dport = :22  \n# done\n", 12, 0, "expected ')'"},
	{"dport = :22 or  ", 14, 0, "expected a condition"},
};

static void test_rejected(void **state)
{
	for (size_t i = 0; i < sizeof(rejected) / sizeof(rejected[0]); i++) {
		const struct rejected *t = &rejected[i];
		struct filter_env env = test_env();
		struct filter_error err = {0};
		struct filter *f = NULL;
		int r = filter_parse(t->text, &env, &f, &err);

		if (r != -EINVAL)
			fail_msg("'%s' was accepted (%d)", t->text, r);
		assert_null(f);
		if (err.offset != t->offset || err.len != t->len)
			fail_msg("'%s': error at %zu+%zu, expected %zu+%zu (%s)",
				 t->text, err.offset, err.len, t->offset,
				 t->len, err.msg);
		if (!strstr(err.msg, t->msg))
			fail_msg("'%s': message \"%s\" lacks \"%s\"", t->text,
				 err.msg, t->msg);
	}
}

static void test_nesting_limit(void **state)
{
	char text[1024] = "";
	struct filter_env env = test_env();
	struct filter_error err = {0};
	struct filter *f = NULL;

	for (int i = 0; i < 200; i++)
		strcat(text, "(");
	assert_int_equal(filter_parse(text, &env, &f, &err), -EINVAL);
	assert_int_equal(err.offset, 128);
	assert_non_null(strstr(err.msg, "at most 128 nested"));

	memset(text, 0, sizeof(text));
	for (int i = 0; i < 127; i++)
		strcat(text, "!");
	strcat(text, "autobound");
	f = parse_ok(text);
	filter_free(f);
}

/* A long flat "and" is no deeper than two terms. */
static void test_long_chain(void **state)
{
	size_t n = 20000, len = 0;
	char *text = malloc(n * 16);
	struct filter *f;
	struct sock_rec r = rec_inet(SOCK_NETID_TCP, 1, "127.0.0.1", 5,
				     "127.0.0.1", 6);

	assert_non_null(text);
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "%sdport != %zu",
				       i ? " " : "", 100 + i % 1000);
	f = parse_ok(text);
	assert_true(filter_match(f, &r));
	filter_free(f);
	free(text);
}

/*
 * A 1 MiB -F text of service names against a services file of 40,000
 * names: each name is one search (tests/unit/test-services.c bounds its
 * comparisons), where it used to be a walk over every port (70 s).
 */
static void test_many_service_names(void **state)
{
	char path[] = "/tmp/sockscope-services-XXXXXX";
	size_t n = 40000, cap = 1024 * 1024, len = 0, used = 0;
	char *text = malloc(cap);
	int fd = mkstemp(path);
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	struct filter_env env = test_env();
	struct filter_error err = {0};
	struct filter *f = NULL;
	struct sock_rec hit = rec_inet(SOCK_NETID_TCP, 1, "127.0.0.1", 5,
				       "127.0.0.1", 0);
	struct sock_rec miss = rec_inet(SOCK_NETID_TCP, 1, "127.0.0.1", 5,
					"127.0.0.1", 50000);

	assert_non_null(text);
	assert_non_null(fp);
	for (size_t i = 0; i < n; i++)
		fprintf(fp, "name%zu %zu/tcp alias%zu\n", i, 1 + i, i);
	assert_int_equal(fclose(fp), 0);
	/* "dport = :nameN" and ":aliasN" in turn, until the text is 1 MiB */
	while (len + 64 < cap) {
		size_t i = (used * 7919) % n;

		len += (size_t)snprintf(text + len, cap - len, "%sdport = :%s%zu",
					used ? " or " : "",
					used % 2 ? "alias" : "name", i);
		used++;
	}
	env.services_path = path;
	assert_int_equal(filter_parse(text, &env, &f, &err), 0);
	unlink(path);
	/* name0 (port 1) is the first; nothing names 50000 */
	hit.peer_port = 1;
	assert_true(filter_match(f, &hit));
	assert_false(filter_match(f, &miss));
	print_message("%zu service names in %zu bytes\n", used, len);
	assert_true(used > 40000);
	filter_free(f);
	free(text);
}

struct states_case {
	const char *text;
	uint32_t states;
};

static const struct states_case states_cases[] = {
	{"state established", S(ESTABLISHED)},
	{"state ESTABLISHED", S(ESTABLISHED)},
	{"state syn-sent state syn-recv", S(SYN_SENT) | S(SYN_RECV)},
	{"state syn-rcv", S(SYN_RECV)},
	{"state fin-wait-1 state fin-wait-2", S(FIN_WAIT1) | S(FIN_WAIT2)},
	{"state time-wait", S(TIME_WAIT)},
	{"state closed", S(CLOSE)},
	{"state close", S(CLOSE)},
	{"state unconnected", S(CLOSE)},
	{"state close-wait state last-ack", S(CLOSE_WAIT) | S(LAST_ACK)},
	{"state listening", S(LISTEN)},
	{"state listen", S(LISTEN)},
	{"state closing", S(CLOSING)},
	{"state all", SOCK_STATES_ALL},
	{"state connected",
	 SOCK_STATES_ALL & ~(S(CLOSE) | S(LISTEN) | S(BOUND_INACTIVE))},
	{"state synchronized", SOCK_STATES_ALL & ~(S(CLOSE) | S(LISTEN) |
						   S(SYN_SENT) |
						   S(BOUND_INACTIVE))},
	{"state bound-inactive", S(BOUND_INACTIVE)},
	{"state bucket", S(SYN_RECV) | S(TIME_WAIT)},
	{"state big", SOCK_STATES_ALL & ~(S(SYN_RECV) | S(TIME_WAIT))},
	/* ss: the first "exclude" starts from every state */
	{"exclude time-wait", SOCK_STATES_ALL & ~S(TIME_WAIT)},
	{"excl listening excl closed",
	 SOCK_STATES_ALL & ~(S(LISTEN) | S(CLOSE))},
	{"state connected exclude established",
	 SOCK_STATES_ALL &
		 ~(S(CLOSE) | S(LISTEN) | S(ESTABLISHED) | S(BOUND_INACTIVE))},
	{"exclude all state listening", S(LISTEN)},
	{"state established dport = :22", S(ESTABLISHED)},
};

static void test_states(void **state)
{
	for (size_t i = 0; i < sizeof(states_cases) / sizeof(states_cases[0]);
	     i++) {
		struct filter *f = parse_ok(states_cases[i].text);
		uint32_t mask = 0;

		if (!filter_states(f, &mask))
			fail_msg("'%s': no states", states_cases[i].text);
		if (mask != states_cases[i].states)
			fail_msg("'%s': states 0x%x, expected 0x%x",
				 states_cases[i].text, mask,
				 states_cases[i].states);
		filter_free(f);
	}
}

static void test_no_states(void **state)
{
	struct filter *f = parse_ok("dport = :22");
	uint32_t mask = 12345;

	assert_false(filter_states(f, &mask));
	assert_int_equal(mask, 12345);
	assert_true(filter_has_expression(f));
	filter_free(f);
	f = parse_ok("state all");
	assert_false(filter_has_expression(f));
	filter_free(f);
	assert_false(filter_states(NULL, &mask));
}

/* The caret sits under the token; tabs stay tabs so it lines up. */
static void test_caret(void **state)
{
	struct filter_env env = test_env();
	struct filter_error err = {0};
	struct filter_where w;
	struct filter *f = NULL;
	char caret[128];
	const char *text = "dport = :22\n\tor sport = :htps # x";

	assert_int_equal(filter_parse(text, &env, &f, &err), -EINVAL);
	filter_error_where(text, &err, &w);
	assert_int_equal(w.line, 2);
	assert_int_equal(w.column, 14);
	assert_int_equal(w.line_start, 12);
	assert_int_equal(w.line_len, 21);
	filter_error_caret(text, &err, caret, sizeof(caret));
	assert_string_equal(caret, "\t            ^^^^");

	/* at the end of the text: one caret after the last character */
	assert_int_equal(filter_parse("dport =", &env, &f, &err), -EINVAL);
	filter_error_caret("dport =", &err, caret, sizeof(caret));
	assert_string_equal(caret, "       ^");
	filter_error_where("dport =", &err, &w);
	assert_int_equal(w.column, 8);

	/* a short buffer truncates, still terminated */
	filter_error_caret("dport =", &err, caret, 4);
	assert_string_equal(caret, "   ");

	/* columns count characters, not UTF-8 bytes */
	text = "src /r\xc3\xa9p dport";
	assert_int_equal(filter_parse(text, &env, &f, &err), -EINVAL);
	assert_int_equal(err.offset, 15);
	filter_error_where(text, &err, &w);
	assert_int_equal(w.column, 15);
	filter_error_caret(text, &err, caret, sizeof(caret));
	assert_string_equal(caret, "              ^");
}

static void test_autobound_needs_range(void **state)
{
	struct filter_env env = test_env();
	struct filter_error err = {0};
	struct filter *f = NULL;

	env.port_range_path = data_path("port_range.bad");
	assert_int_equal(filter_parse("dport = :1 or autobound", &env, &f,
				      &err),
			 -EINVAL);
	assert_int_equal(err.offset, 14);
	assert_non_null(strstr(err.msg, "ephemeral port range"));
}

static void test_services_missing(void **state)
{
	struct filter_env env = test_env();
	struct filter_error err = {0};
	struct filter *f = NULL;

	env.services_path = data_path("no-such-file");
	assert_int_equal(filter_parse("dport = :https", &env, &f, &err),
			 -EINVAL);
	assert_non_null(strstr(err.msg, "unknown service 'https' (cannot "
					"read"));
	/* numbers need no file */
	f = NULL;
	assert_int_equal(filter_parse("dport = :443", &env, &f, &err), 0);
	filter_free(f);
}

/* cgroup paths are resolved under the cgroup2 mount; its root is id 1. */
static void test_cgroup(void **state)
{
	struct filter_env env = test_env();
	struct filter_error err = {0};
	struct filter *f = NULL;
	char tree[64];

	env.cgroup_root = "/nonexistent-cgroup-root";
	assert_int_equal(filter_parse("cgroup = /a", &env, &f, &err), -EINVAL);
	assert_int_equal(err.offset, 9);
	assert_non_null(strstr(err.msg, "unknown cgroup '/a'"));

	env.cgroup_root = NULL;
	if (filter_parse("cgroup = /", &env, &f, &err) < 0)
		skip(); /* no cgroup2 here */
	filter_format(f, tree, sizeof(tree));
	assert_string_equal(tree, "(cgroup 1)");
	filter_free(f);
	f = NULL;
	assert_int_equal(filter_parse("cgroup = /no/such/cgroup/here", &env,
				      &f, &err),
			 -EINVAL);
	assert_non_null(strstr(err.msg, "No such file"));
}

/* Host names: every address, or-ed; only "localhost" is relied on. */
static void test_host_name(void **state)
{
	struct filter_env env = test_env();
	struct filter_error err = {0};
	struct filter *f = NULL;
	char tree[256];
	struct sock_rec lo = rec_inet(SOCK_NETID_TCP, 1, "127.0.0.1", 22,
				      "127.0.0.1", 40000);
	struct sock_rec other = rec_inet(SOCK_NETID_TCP, 1, "127.0.0.2", 22,
					 "127.0.0.1", 40000);

	env.no_resolve = false;
	assert_int_equal(filter_parse("src localhost:ssh", &env, &f, &err), 0);
	filter_format(f, tree, sizeof(tree));
	assert_non_null(strstr(tree, "(src 127.0.0.1:22)"));
	assert_true(filter_match(f, &lo));
	assert_false(filter_match(f, &other));
	filter_free(f);
	f = NULL;
	/* localhost may have no IPv6 address: then that is the error */
	if (filter_parse("src inet6:localhost", &env, &f, &err) < 0)
		assert_non_null(strstr(err.msg,
				       "unknown host name 'localhost'"));
	filter_free(f);
}

static void test_null_safe(void **state)
{
	char buf[8];

	filter_free(NULL);
	assert_true(filter_match(NULL, NULL));
	assert_int_equal(filter_format(NULL, buf, sizeof(buf)), 4);
	assert_string_equal(buf, "true");
	/* the needed length is reported when the buffer is short */
	{
		struct filter *f = parse_ok("dport = :443");
		assert_int_equal(filter_format(f, buf, 4), 13);
		assert_string_equal(buf, "(dp");
		filter_free(f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted),
		cmocka_unit_test(test_rejected),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_long_chain),
		cmocka_unit_test(test_many_service_names),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_no_states),
		cmocka_unit_test(test_caret),
		cmocka_unit_test(test_autobound_needs_range),
		cmocka_unit_test(test_services_missing),
		cmocka_unit_test(test_cgroup),
		cmocka_unit_test(test_host_name),
		cmocka_unit_test(test_null_safe),
	};

	return harness_run_group(tests, NULL, NULL);
}
