// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * filter_compile() against a model of the kernel (bc-check.c): every
 * program must pass the audit, and on every record the model's verdict
 * must equal filter_match()'s when the compiler says the program is
 * exact, and be a superset of it otherwise. The kernel itself is asked
 * in live-filter.c.
 */
#include <errno.h>
#include <linux/inet_diag.h>

#include "bc-check.h"
#include "filter-test.h"

#define N_RECS 600

static struct sock_rec recs[N_RECS];

/* A small deterministic generator: the same records every run. */
static uint32_t rng_state = 12345;
static uint32_t rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

static const char *const v4[] = {"127.0.0.1", "10.1.2.3", "0.0.0.0",
				 "192.168.7.9"};
static const char *const v6[] = {"::1", "::ffff:10.1.2.3", "2001:db8::5",
				 "::", "::ffff:127.0.0.1", "fe80::1"};
static const uint16_t ports[] = {0, 22, 80, 443, 1023, 1024, 40000, 65535};

#define PICK(a) (a[rng() % (sizeof(a) / sizeof(a[0]))])

static int setup(void **state)
{
	struct filter_env env = test_env();
	struct filter_error err;
	struct filter *f = NULL;
	unsigned long long cgroup = 0;
	char tree[64];

	/* The data directory stands for a cgroup: some records are in it. */
	env.cgroup_root = data_path("");
	if (filter_parse("cgroup = /", &env, &f, &err) < 0)
		return -1;
	filter_format(f, tree, sizeof(tree));
	filter_free(f);
	if (sscanf(tree, "(cgroup %llu)", &cgroup) != 1)
		return -1;

	for (size_t i = 0; i < N_RECS; i++) {
		bool six = rng() % 2;
		struct sock_rec r = rec_inet(
			rng() % 2 ? SOCK_NETID_TCP : SOCK_NETID_UDP,
			1 + rng() % 11, six ? PICK(v6) : PICK(v4), PICK(ports),
			six ? PICK(v6) : PICK(v4), PICK(ports));

		r.ifindex = rng() % 3;
		/* A privileged dump has a mark for every socket; the
		 * kernel sends no cgroup id for TIME-WAIT and SYN-RECV. */
		r.has_mark = true;
		r.mark = rng() % 3 == 0 ? 0x10 : rng() % 2;
		r.has_cgroup_id = r.state != SOCK_STATE_TIME_WAIT &&
				  r.state != SOCK_STATE_SYN_RECV;
		r.cgroup_id = !r.has_cgroup_id ? 0
			      : rng() % 2   ? cgroup
					    : 1;
		recs[i] = r;
	}
	return 0;
}

/* Compiles @f for both families and holds the program to the model.
 * Returns how many programs were exact. */
static int check(const char *text, struct filter *f)
{
	static const int families[] = {AF_INET, AF_INET6};
	int exact_count = 0;

	for (size_t k = 0; k < 2; k++) {
		void *code = NULL;
		size_t len = 0;
		bool exact = false;
		char why[128];

		assert_int_equal(filter_compile(f, families[k], &code, &len,
						&exact),
				 0);
		if (code && bc_check_audit(code, len, why, sizeof(why)) < 0)
			fail_msg("'%s' (%s): the kernel would refuse: %s", text,
				 families[k] == AF_INET ? "inet" : "inet6",
				 why);
		exact_count += exact;
		for (size_t i = 0; i < N_RECS; i++) {
			const struct sock_rec *r = &recs[i];
			bool user, kernel;

			if (r->family != families[k])
				continue;
			user = filter_match(f, r);
			kernel = code ? bc_check_run(code, len, r) : true;
			if (user && !kernel)
				fail_msg("'%s': the kernel drops record %zu, "
					 "which matches",
					 text, i);
			if (exact && user != kernel)
				fail_msg("'%s' claims exact, but the kernel "
					 "keeps record %zu, which does not "
					 "match",
					 text, i);
		}
		free(code);
	}
	return exact_count;
}

struct bc_case {
	const char *text;
	bool exact; /* for both families */
};

static const struct bc_case cases[] = {
	{"dport = :443", true},
	{"sport != :22", true},
	{"sport < 1024", true},
	{"sport > 1023 and dport <= 443", true},
	{"dport >= 65535 or sport <= 0", true},
	{"src 127.0.0.1", true},
	{"src 127.0.0.0/8:22", true},
	{"dst 10.0.0.0/8 or dst 192.168.0.0/16", true},
	{"src [::1]", true},
	{"src [::ffff:10.1.2.3]", true},
	{"src [2001:db8::]/32:80", true},
	{"src [fe80::]/10", true},
	{"dst [::]/0", true},
	{"src 0.0.0.0/0", true},
	{"src inet:*:22", true},
	{"src inet6:*", true},
	{"src *:40000", true},
	{"dev = 1", true},
	{"dev != 2 and sport = :22", true},
	{"fwmark = 0x10", true},
	{"fwmark = 0/1", true},
	{"not fwmark = 1", true},
	{"cgroup = /", true},
	{"( dport = :443 or sport = :443 ) and dst 10.0.0.0/8", true},
	{"not (src 127.0.0.1 or src [::1]) and not dport = :22", true},
	{"sport = :22 or sport = :80 or sport = :443 or sport = :1024", true},
	{"(sport = :22 or dport = :22) and (src 127.0.0.1 or dst 127.0.0.1) "
	 "and not dev = 2",
	 true},
	{"src unix:/x", true},            /* nothing in an inet dump */
	{"src unix:/x or dport = :22", true},
	{"not src link:*", true},         /* everything */
	{"autobound", false},
	{"autobound and dport = :22", false},
	{"not autobound and dport = :22", false},
	{"autobound or dport = :22", false},
	{"not (autobound or dport = :22)", false},
	{"src *", true},
	{"dport < 0", true},
};

static void test_cases(void **state)
{
	struct filter_env env = test_env();

	env.cgroup_root = data_path("");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct filter_error err;
		struct filter *f = NULL;
		int exact;

		if (filter_parse(cases[i].text, &env, &f, &err) < 0)
			fail_msg("'%s': %s", cases[i].text, err.msg);
		exact = check(cases[i].text, f);
		if (exact != (cases[i].exact ? 2 : 0))
			fail_msg("'%s': exact for %d families, expected %d",
				 cases[i].text, exact, cases[i].exact ? 2 : 0);
		filter_free(f);
	}
}

/* Random trees of terms under and/or/not, the same every run. */
static const char *const terms[] = {
	"sport = :22",	    "dport = :443",	"sport < 1024",
	"dport > 1024",	    "sport >= 40000",	"dport <= 80",
	"src 127.0.0.1",    "dst 10.0.0.0/8",	"src [::1]",
	"dst [::ffff:10.1.2.3]", "src inet:*",	"src inet6:*:22",
	"src *",	    "dev = 1",		"dev = 2",
	"fwmark = 0x10",    "fwmark = 0/0x1",	"cgroup = /",
	"autobound",	    "src unix:/x",	"src 0.0.0.0:0",
	"dst [::]/0:443",   "dport != 0",	"src [fe80::]/10",
};

/* Appends a random expression to @buf (@size bytes) at *@len. */
static void random_expr(char *buf, size_t size, size_t *len, int depth)
{
	unsigned pick = rng() % (depth > 3 ? 1 : 5);

#define ADD(s) (*len += (size_t)snprintf(buf + *len, size - *len, "%s", s))
	if (*len + 256 > size)
		pick = 0; /* room for one term, not a tree */
	switch (pick) {
	case 0:
		ADD(PICK(terms));
		break;
	case 1:
		ADD("not ");
		random_expr(buf, size, len, depth + 1);
		break;
	case 2:
	case 3:
		ADD("(");
		random_expr(buf, size, len, depth + 1);
		ADD(pick == 2 ? " and " : " or ");
		random_expr(buf, size, len, depth + 1);
		ADD(")");
		break;
	default:
		random_expr(buf, size, len, depth + 1);
		ADD(" "); /* juxtaposed: and */
		random_expr(buf, size, len, depth + 1);
		break;
	}
#undef ADD
}

static void test_random(void **state)
{
	struct filter_env env = test_env();

	env.cgroup_root = data_path("");
	for (int i = 0; i < 400; i++) {
		struct filter_error err;
		struct filter *f = NULL;
		char text[8192];
		size_t len = 0;

		random_expr(text, sizeof(text), &len, 0);
		if (filter_parse(text, &env, &f, &err) < 0)
			fail_msg("'%s': %s", text, err.msg);
		check(text, f);
		filter_free(f);
	}
}

static void test_shapes(void **state)
{
	struct inet_diag_bc_op op;
	struct filter *f;
	void *code;
	size_t len;
	bool exact;

	/* no expression, or one every socket meets: nothing to attach */
	f = parse_ok("state established");
	assert_int_equal(filter_compile(f, AF_INET, &code, &len, &exact), 0);
	assert_null(code);
	assert_int_equal(len, 0);
	assert_true(exact);
	filter_free(f);
	f = parse_ok("src * or autobound");
	assert_int_equal(filter_compile(f, AF_INET6, &code, &len, NULL), 0);
	assert_null(code);
	filter_free(f);

	/* nothing can match: one jump past the end */
	f = parse_ok("src [::1]");
	assert_int_equal(filter_compile(f, AF_INET, &code, &len, &exact), 0);
	assert_int_equal(len, sizeof(op));
	memcpy(&op, code, sizeof(op));
	assert_int_equal(op.code, INET_DIAG_BC_JMP);
	assert_int_equal(op.no, 8);
	assert_true(exact);
	free(code);
	filter_free(f);

	/* not an inet family: no program */
	f = parse_ok("dport = :22");
	assert_int_equal(filter_compile(f, AF_UNIX, &code, &len, &exact), 0);
	assert_null(code);
	assert_false(exact);
	filter_free(f);
	assert_int_equal(filter_compile(NULL, AF_INET, &code, &len, &exact),
			 0);
	assert_null(code);
}

/* Both switches: the environment variable and filter_env. */
static void test_switched_off(void **state)
{
	struct filter_env env = test_env();
	struct filter_error err;
	struct filter *f = NULL;
	void *code;
	size_t len;

	env.no_bytecode = true;
	assert_int_equal(filter_parse("dport = :22", &env, &f, &err), 0);
	assert_int_equal(filter_compile(f, AF_INET, &code, &len, NULL), 0);
	assert_null(code);
	filter_free(f);

	setenv("SOCKSCOPE_NO_BYTECODE", "1", 1);
	f = parse_ok("dport = :22");
	assert_int_equal(filter_compile(f, AF_INET, &code, &len, NULL), 0);
	assert_null(code);
	filter_free(f);
	setenv("SOCKSCOPE_NO_BYTECODE", "0", 1);
	f = parse_ok("dport = :22");
	assert_int_equal(filter_compile(f, AF_INET, &code, &len, NULL), 0);
	assert_non_null(code);
	free(code);
	filter_free(f);
	unsetenv("SOCKSCOPE_NO_BYTECODE");
}

/* A program that would not fit in an attribute is not sent. */
static void test_too_big(void **state)
{
	size_t n = 6000, o = 0;
	char *text = malloc(n * 20);
	struct filter *f;
	void *code;
	size_t len;
	bool exact = true;

	assert_non_null(text);
	for (size_t i = 0; i < n; i++)
		o += (size_t)sprintf(text + o, "dport != %zu ", i + 1);
	f = parse_ok(text);
	assert_int_equal(filter_compile(f, AF_INET, &code, &len, &exact), 0);
	assert_null(code);
	assert_false(exact);
	filter_free(f);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_switched_off),
		cmocka_unit_test(test_too_big),
	};

	unsetenv("SOCKSCOPE_NO_BYTECODE");
	return harness_run_group(tests, setup, NULL);
}
