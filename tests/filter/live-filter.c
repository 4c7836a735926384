// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel and the evaluator agree. In a private network namespace
 * with the sockets of live-sockets.c, each expression below is decided
 * three ways, and all three must give exactly the sockets listed:
 *
 *  - userspace alone: a dump with no bytecode, then filter_match();
 *  - the kernel: a dump with filter_compile()'s program, then
 *    filter_match() on what comes back (what sockscope prints);
 *  - and the kernel alone must have kept every one of them, and, where
 *    the compiler says the program is exact, nothing else.
 *
 * The kernel must also accept every program (inet_diag_bc_audit), and
 * the model in bc-check.c must keep exactly what the kernel kept.
 */
#include <errno.h>
#include <unistd.h>

#include "bc-check.h"
#include "filter-test.h"
#include "live-sockets.h"

#define MAX_RECS (LIVE_MAX * 4)

static struct live_set set;

struct live_case {
	const char *expr; /* "%s" stands for the cgroup of lcg */
	const char *names; /* the sockets it selects, any order */
	unsigned needs;    /* NEEDS_* */
};

#define NEEDS_MARKS 1u
#define NEEDS_CGROUP 2u

/* Every inet socket of the set but those listed after the colon. */
static const struct live_case cases[] = {
	{"sport = :1001", "l4 e4s eas"},
	{"dport = :1001", "e4c eac tw"},
	{"sport = :1001 or dport = :1001", "l4 e4s eas e4c eac tw"},
	{"src 127.0.0.1", "l4 lcg e4c e4s emc ems eac eas u4 u4c"},
	{"src 127.0.0.0/8", "l4 lmark lcg e4c e4s emc ems eac eas tw u4 u4c"},
	{"dst 127.0.0.1", "e4c e4s emc ems eac eas tw u4c"},
	{"src [::1]", "l6 e6c e6s u6"},
	{"src inet6:*", "l6 ldual l2001 e6c e6s ems u6 u6only"},
	{"src [::]/0", "l6 ldual l2001 e6c e6s ems u6 u6only"},
	/* as ss: inet: keeps IPv4 sockets only, not v4-mapped ones */
	{"src inet:*", "l4 l4dev lmark lcg l10 e4c e4s emc eac eas tw u4 u4c"},
	{"src [::ffff:127.0.0.1]", "ems"},
	{"src [::ffff:0.0.0.0]/96", "ems"},
	{"src 0.0.0.0", "l4dev"},
	{"src [::]", "ldual u6only"},
	{"dev = lo", "l4dev"},
	{"dev = 1 or dev = 2", "l4dev"},
	{"dev != lo and sport < 1010",
	 "l4 l6 ldual lmark lcg l10 l2001 e4s e6s ems eas"},
	{"sport >= 2000 and sport < 3000", "e4c e6c emc tw"},
	{"dport > 1000 and dport <= 1003", "e4c e6c emc eac tw"},
	{"not sport = :1001 and src 127.0.0.1",
	 "lcg e4c emc ems eac u4 u4c"},
	{"sport = :1001 or sport = :1002 and src [::1]", "l4 e4s eas l6 e6s"},
	{"(sport = :1001 or sport = :1002) and src [::1]", "l6 e6s"},
	{"src 10.0.0.0/8", "l10"},
	{"src [2001:db8::]/32", "l2001"},
	{"src [2001:db8::]/32 or src 10.0.0.0/8", "l10 l2001"},
	{"dst 127.0.0.1:1001", "e4c eac tw"},
	{"src localhost:1001", "l4 e4s eas"},
	{"src *:3001", "u4"},
	{"autobound", "eac"},
	{"not autobound and dport = :1001", "e4c tw"},
	{"dport = :1003 or dst [::ffff:127.0.0.1]", "emc ems"},
	{"src unix:/x", ""},
	{"src unix:* or sport = :3002", "u6"},
	{"dst 0.0.0.0", "l4 l4dev lmark lcg l10 u4"},
	{"dst [::]", "l6 ldual l2001 u6 u6only"},
	{"src 127.0.0.1 dport != 0", "e4c e4s emc ems eac eas u4c"},
	{"dst inet:*:2001", "e4s"},
	{"( dport = :1001 or sport = :1001 ) and dst 127.0.0.0/8",
	 "e4c eac tw e4s eas"},
	/* ss's grammar: "=" optional, ports in C's bases, inet: narrows */
	{"sport :1001", "l4 e4s eas"},
	{"dport 0x3e9", "e4c eac tw"},
	{"dev lo", "l4dev"},
	{"dst inet:127.0.0.1", "e4c e4s emc eac eas tw u4c"},
	{"dst inet:127.0.0.1 or src [::1]", "e4c e4s emc eac eas tw u4c"},
	{"src inet6:* and sport 01751", ""},
	{"src inet6:* or sport 1001", "l6 ldual l2001 e6c e6s ems u6 u6only"},
	{"fwmark 0x10/0xff", "lmark", NEEDS_MARKS},
	{"fwmark = 0x10", "lmark", NEEDS_MARKS},
	{"fwmark = 0x20", "tw", NEEDS_MARKS}, /* TIME-WAIT keeps its mark */
	{"fwmark = 0x20/0x20 or fwmark = 0x10/0xf0", "lmark tw", NEEDS_MARKS},
	{"not fwmark = 0/0xff and src 127.0.0.0/8", "lmark tw", NEEDS_MARKS},
	{"cgroup = %s", "lcg", NEEDS_CGROUP},
	{"cgroup != %s and src 127.0.0.1",
	 "l4 e4c e4s emc ems eac eas u4 u4c", NEEDS_CGROUP},
	/* TIME-WAIT sockets have no cgroup: the kernel tests 0 */
	{"not cgroup = %s and sport = :2004", "tw", NEEDS_CGROUP},
};

/* Whether @name is a word of the space-separated @names. */
static bool listed(const char *names, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = names; (p = strstr(p, name)); p += n)
		if ((p == names || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

static bool present(const char *name)
{
	for (size_t i = 0; i < set.n; i++)
		if (strcmp(set.v[i].name, name) == 0)
			return true;
	return false;
}

/* Every dump of the set: tcp and udp, inet and inet6. */
static const struct {
	enum sock_netid netid;
	int family;
} dumps[] = {
	{SOCK_NETID_TCP, AF_INET},
	{SOCK_NETID_TCP, AF_INET6},
	{SOCK_NETID_UDP, AF_INET},
	{SOCK_NETID_UDP, AF_INET6},
};

static void check_case(const struct live_case *c, const char *expr)
{
	struct filter_env env = test_env();
	struct filter_error err;
	struct filter *f = NULL;
	char user[512] = "", shown[512] = "";

	env.no_resolve = false; /* "localhost" only */
	env.port_range_path = NULL; /* this namespace's range */
	if (filter_parse(expr, &env, &f, &err) < 0)
		fail_msg("'%s': %s", expr, err.msg);

	for (size_t d = 0; d < sizeof(dumps) / sizeof(dumps[0]); d++) {
		struct live_rec all[MAX_RECS], kept[MAX_RECS];
		size_t n_all = 0, n_kept = 0;
		void *code = NULL;
		size_t len = 0;
		bool exact = false;
		char why[128];
		int r;

		assert_int_equal(live_dump(&set, dumps[d].netid,
					   dumps[d].family, NULL, 0, all,
					   MAX_RECS, &n_all),
				 0);
		assert_int_equal(filter_compile(f, dumps[d].family, &code,
						&len, &exact),
				 0);
		if (code && bc_check_audit(code, len, why, sizeof(why)) < 0)
			fail_msg("'%s': bad program: %s", expr, why);
		r = live_dump(&set, dumps[d].netid, dumps[d].family, code, len,
			      kept, MAX_RECS, &n_kept);
		if (r < 0)
			fail_msg("'%s': the kernel refused the program: %s",
				 expr, strerror(-r));

		for (size_t i = 0; i < n_all; i++) {
			const struct live_rec *a = &all[i];
			bool in_kernel = false, match;

			if (!a->name)
				fail_msg("a socket not of the set: port %u",
					 a->rec.local_port);
			for (size_t k = 0; k < n_kept && !in_kernel; k++)
				in_kernel = kept[k].name == a->name;
			match = filter_match(f, &a->rec);
			if (match) {
				strcat(user, " ");
				strcat(user, a->name);
			}
			if (match && in_kernel) {
				strcat(shown, " ");
				strcat(shown, a->name);
			}
			if (match && !in_kernel)
				fail_msg("'%s': the kernel dropped %s, which "
					 "matches",
					 expr, a->name);
			if (exact && !match && in_kernel)
				fail_msg("'%s': the program is exact but the "
					 "kernel kept %s",
					 expr, a->name);
			if (code && in_kernel != bc_check_run(code, len,
							      &a->rec))
				fail_msg("'%s': the model and the kernel "
					 "disagree on %s",
					 expr, a->name);
		}
		free(code);
	}
	filter_free(f);

	/* Both ways must give exactly the listed sockets. */
	for (const char *w = c->names; *w;) {
		char name[16];
		size_t n = strcspn(w, " ");

		snprintf(name, sizeof(name), "%.*s", (int)n, w);
		w += n + (w[n] == ' ');
		if (!present(name))
			continue; /* lcg when no cgroup could be made */
		if (!listed(user, name))
			fail_msg("'%s' misses %s (userspace:%s)", expr, name,
				 user);
		if (!listed(shown, name))
			fail_msg("'%s' misses %s (kernel:%s)", expr, name,
				 shown);
	}
	for (size_t i = 0; i < set.n; i++)
		if (listed(user, set.v[i].name) !=
			    listed(c->names, set.v[i].name) ||
		    listed(shown, set.v[i].name) !=
			    listed(c->names, set.v[i].name))
			fail_msg("'%s' selects%s (kernel:%s), expected %s",
				 expr, user, shown, c->names);
}

/* @tmpl with its "%s" replaced by @cgroup. */
static void expand(char *buf, size_t size, const char *tmpl,
		   const char *cgroup)
{
	const char *at = strstr(tmpl, "%s");

	if (!at)
		snprintf(buf, size, "%s", tmpl);
	else
		snprintf(buf, size, "%.*s%s%s", (int)(at - tmpl), tmpl, cgroup,
			 at + 2);
}

static void test_expressions(void **state)
{
	size_t ran = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct live_case *c = &cases[i];
		char expr[256];

		if (((c->needs & NEEDS_MARKS) && !set.marks) ||
		    ((c->needs & NEEDS_CGROUP) && !set.cgroup[0])) {
			print_message("skipped (not possible here): %s\n",
				      c->expr);
			continue;
		}
		expand(expr, sizeof(expr), c->expr, set.cgroup);
		check_case(c, expr);
		ran++;
	}
	print_message("%zu expressions, each with and without bytecode\n",
		      ran);
	assert_true(ran >= 30);
}

/* The whole set is there, as the table in live-sockets.c says. */
static void test_population(void **state)
{
	static const char *const names[] = {
		"l4",  "l6",  "ldual", "l4dev", "lmark", "l10", "l2001",
		"e4c", "e4s", "e6c",   "e6s",	"emc",	 "ems", "eac",
		"eas", "tw",  "u4",    "u6",	"u4c",	 "u6only"};
	size_t seen = 0;

	for (size_t d = 0; d < sizeof(dumps) / sizeof(dumps[0]); d++) {
		struct live_rec all[MAX_RECS];
		size_t n = 0;

		assert_int_equal(live_dump(&set, dumps[d].netid,
					   dumps[d].family, NULL, 0, all,
					   MAX_RECS, &n),
				 0);
		for (size_t i = 0; i < n; i++) {
			assert_non_null(all[i].name);
			seen++;
		}
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_true(present(names[i]));
	assert_int_equal(seen, set.n);
}

/* The kernel keeps what a "kernel-only" expression asks for. */
static void test_program_alone(void **state)
{
	struct filter *f = parse_ok("dport = :1001 or src [::1]");
	struct live_rec kept[MAX_RECS];
	size_t n = 0;
	void *code;
	size_t len;
	bool exact;

	assert_int_equal(filter_compile(f, AF_INET, &code, &len, &exact), 0);
	assert_true(exact);
	assert_int_equal(live_dump(&set, SOCK_NETID_TCP, AF_INET, code, len,
				   kept, MAX_RECS, &n),
			 0);
	/* e4c, eac, tw: no filter_match() here, the kernel did it all */
	assert_int_equal(n, 3);
	free(code);
	filter_free(f);
}

static int setup(void **state)
{
	char why[256];
	int r = live_set_make(&set, why, sizeof(why));

	if (r < 0) {
		fprintf(stderr, "cannot make the socket set: %s\n", why);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	live_set_done(&set);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_population),
		cmocka_unit_test(test_expressions),
		cmocka_unit_test(test_program_alone),
	};
	int r = live_netns_enter();

	if (r < 0) {
		fprintf(stderr, "skipped: no private network namespace: %s\n",
			strerror(-r));
		return 77;
	}
	unsetenv("SOCKSCOPE_NO_BYTECODE");
	return harness_run_group(tests, setup, teardown);
}
