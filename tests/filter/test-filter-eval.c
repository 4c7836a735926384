// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * filter_match() over hand-made records of every family: each case is an
 * expression and the exact set of records it must select.
 */
#include <errno.h>
#include <net/if.h>

#include "filter-test.h"
#include "query.h"

struct named {
	const char *name;
	struct sock_rec rec;
};

static struct named recs[32];
static size_t n_recs;
static uint64_t data_cgroup; /* the id "cgroup = /" has in test_env */

static void add(const char *name, struct sock_rec r)
{
	assert_true(n_recs < sizeof(recs) / sizeof(recs[0]));
	recs[n_recs++] = (struct named){.name = name, .rec = r};
}

static struct sock_rec rec_unix(const char *path, size_t len)
{
	return (struct sock_rec){
		.netid = SOCK_NETID_UNIX_STREAM,
		.family = AF_UNIX,
		.state = SOCK_STATE_ESTABLISHED,
		.path = path,
		.path_len = len,
	};
}

static int setup(void **state)
{
	struct sock_rec r;
	uint32_t cid;

	r = rec_inet(SOCK_NETID_TCP, SOCK_STATE_ESTABLISHED, "10.1.2.3",
		     40000, "93.184.216.34", 443);
	r.has_mark = true;
	r.mark = 0x10;
	r.has_cgroup_id = true;
	r.cgroup_id = data_cgroup;
	add("t4", r);
	r = rec_inet(SOCK_NETID_TCP, SOCK_STATE_LISTEN, "0.0.0.0", 22,
		     "0.0.0.0", 0);
	r.ifindex = 2;
	r.has_mark = true;
	add("t4l", r);
	add("t6m", rec_inet(SOCK_NETID_TCP, SOCK_STATE_ESTABLISHED,
			    "::ffff:10.1.2.3", 22, "::ffff:192.168.1.5",
			    50000));
	add("t6", rec_inet(SOCK_NETID_TCP, SOCK_STATE_ESTABLISHED,
			   "2001:db8::1", 443, "2001:db8:1::2", 33333));
	add("t6l", rec_inet(SOCK_NETID_TCP, SOCK_STATE_LISTEN, "::", 80, "::",
			    0));
	add("u4", rec_inet(SOCK_NETID_UDP, SOCK_STATE_CLOSE, "127.0.0.1", 53,
			   "0.0.0.0", 0));
	add("x1", rec_unix("/run/foo.sock", 13));
	add("x2", rec_unix("\0abc", 4));
	add("x3", rec_unix(NULL, 0));
	add("x4", rec_unix("\0" "0a1b2", 6));
	add("p1", (struct sock_rec){.netid = SOCK_NETID_PACKET_RAW,
				    .family = AF_PACKET,
				    .state = SOCK_STATE_CLOSE,
				    .protocol = 0x0800,
				    .ifindex = 2});
	add("p2", (struct sock_rec){.netid = SOCK_NETID_PACKET_DGRAM,
				    .family = AF_PACKET,
				    .state = SOCK_STATE_CLOSE,
				    .protocol = 0x0003});
	add("n1", (struct sock_rec){.netid = SOCK_NETID_NETLINK,
				    .family = AF_NETLINK,
				    .state = SOCK_STATE_CLOSE,
				    .protocol = 0,
				    .portid = 1234});
	add("n2", (struct sock_rec){.netid = SOCK_NETID_NETLINK,
				    .family = AF_NETLINK,
				    .state = SOCK_STATE_CLOSE,
				    .protocol = 16,
				    .portid = (uint32_t)-5});
	r = (struct sock_rec){.netid = SOCK_NETID_VSOCK_STREAM,
			      .family = AF_VSOCK,
			      .state = SOCK_STATE_ESTABLISHED,
			      .local_port = 1024,
			      .peer_port = 22};
	cid = 3;
	memcpy(r.local_addr, &cid, 4);
	cid = 2;
	memcpy(r.peer_addr, &cid, 4);
	add("v1", r);
	return 0;
}

struct match_case {
	const char *expr;
	const char *names; /* every record it selects, in table order */
};

#define ALL "t4 t4l t6m t6 t6l u4 x1 x2 x3 x4 p1 p2 n1 n2 v1"

static const struct match_case cases[] = {
	{"src 10.1.2.3", "t4 t6m"}, /* v4-mapped sockets meet v4 rules */
	{"src 10.0.0.0/8", "t4 t6m"},
	{"src 10.1.2.3:22", "t6m"},
	{"dst 192.168.0.0/16", "t6m"},
	{"src [::ffff:10.1.2.3]", "t6m"}, /* but no v4 socket meets v6 */
	{"src [2001:db8::]/32", "t6"},
	{"dst [2001:db8:1::]/48:33333", "t6"},
	/* as ss: inet: and inet6: narrow the query to their family */
	{"src inet:*", "t4 t4l u4"},
	{"dst inet:192.168.0.0/16", ""},
	{"dst 192.168.0.0/16 or src inet:*:22", "t4l"},
	{"src inet6:*", "t6m t6 t6l"},
	{"src 0.0.0.0/0", "t4 t4l t6m u4"},
	{"src 0.0.0.0", "t4l"},
	{"src [::]", "t6l"},
	{"src *", ALL},
	{"src :22", "t4l t6m"},
	{"sport = :22", "t4l t6m"},
	{"dst :22", "v1"},
	{"dport = :22", "v1"},
	{"dport = :https", "t4"},
	{"dport >= 33333", "t6m t6"},
	{"dport > 33333", "t6m"},
	{"sport < 100", "t4l t6m t6l u4"},
	{"sport <= 53 and sport >= 53", "u4"},
	{"not sport < 100", "t4 t6 x1 x2 x3 x4 p1 p2 n1 n2 v1"},
	{"sport != :22", "t4 t6 t6l u4 x1 x2 x3 x4 p1 p2 n1 n2 v1"},
	{"dev = 2", "t4l p1"},
	{"dev != 2", "t4 t6m t6 t6l u4 x1 x2 x3 x4 p2 n1 n2 v1"},
	{"fwmark = 0x10", "t4"},
	{"fwmark = 0/0xf", "t4 t4l"},
	{"fwmark = 0", "t4l"}, /* a record without a mark has none */
	{"fwmark != 0x10", "t4l t6m t6 t6l u4 x1 x2 x3 x4 p1 p2 n1 n2 v1"},
	{"cgroup = /", "t4"},
	{"src unix:/run/*.sock", "x1"},
	{"src /run/foo.sock", "x1"},
	{"src unix:@*", "x2 x4"},
	{"src @abc", "x2"},
	{"src unix:", "x3"},
	{"src unix:*", "x1 x2 x3 x4"},
	{"src link:ip", "p1"},
	{"src link:*:2", "p1"},
	{"src link:all", "p2"},
	{"src netlink:rtnl", "n1"},
	{"src netlink:*:1234", "n1"},
	{"src netlink:genl:-5", "n2"},
	{"dst netlink:*:kernel", "n1 n2"},
	{"src vsock:3", "v1"},
	{"dst vsock:2:22", "v1"},
	{"src vsock:2", ""},
	{"autobound", "t4 x3 x4 p2 n2 v1"},
	{"not autobound", "t4l t6m t6 t6l u4 x1 x2 p1 n1"},
	{"sport = :22 or sport = :53 and src inet6:*", "t6m"},
	{"(sport = :22 or sport = :53) and src inet6:*", "t6m"},
	{"not src inet:* or dport = :443", "t4"},
	{"src unix:* or src link:*", "x1 x2 x3 x4 p1 p2"},
	{"dport < 0", ""},
	{"", ALL},
	{"state listening", ALL}, /* states are for the query, not here */
};

static void test_match(void **state)
{
	struct filter_env env = test_env();

	env.cgroup_root = data_path("");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct filter_error err = {0};
		struct filter *f = NULL;
		char got[256] = "";

		if (filter_parse(cases[i].expr, &env, &f, &err) < 0)
			fail_msg("'%s': %s", cases[i].expr, err.msg);
		for (size_t k = 0; k < n_recs; k++)
			if (filter_match(f, &recs[k].rec)) {
				if (*got)
					strcat(got, " ");
				strcat(got, recs[k].name);
			}
		if (strcmp(got, cases[i].names) != 0)
			fail_msg("'%s' selects \"%s\", expected \"%s\"",
				 cases[i].expr, got, cases[i].names);
		filter_free(f);
	}
}

struct families_case {
	const char *expr;
	uint32_t families;
};

#define F(x) QUERY_FAMILY_##x

static const struct families_case families_cases[] = {
	{"", QUERY_FAMILY_ALL},
	{"src *", QUERY_FAMILY_ALL},
	{"src unix:/x", F(UNIX)},
	{"not src unix:/x", QUERY_FAMILY_ALL},
	{"dport = :22", F(INET) | F(INET6) | F(VSOCK)},
	{"src 10.0.0.1", F(INET) | F(INET6)},
	{"src [::1]", F(INET6)},
	{"src [::1] or src link:*", F(INET6) | F(PACKET)},
	{"src [::1] and src link:*", 0},
	{"dev = 1", QUERY_FAMILY_ALL},
	{"autobound", QUERY_FAMILY_ALL & ~(F(TIPC) | F(XDP))},
	{"dport < 0", 0},
	{"not dport < 0", QUERY_FAMILY_ALL},
	{"src netlink:* or src vsock:*", F(NETLINK) | F(VSOCK)},
};

static void test_families(void **state)
{
	for (size_t i = 0;
	     i < sizeof(families_cases) / sizeof(families_cases[0]); i++) {
		struct filter *f = parse_ok(families_cases[i].expr);
		uint32_t got = filter_families(f);

		if (got != families_cases[i].families)
			fail_msg("'%s': families 0x%x, expected 0x%x",
				 families_cases[i].expr, got,
				 families_cases[i].families);
		filter_free(f);
	}
	assert_int_equal(filter_families(NULL), QUERY_FAMILY_ALL);
}

/* An abstract name with a NUL inside still matches as printed. */
static void test_unix_inner_nul(void **state)
{
	struct sock_rec r = rec_unix("\0a\0b", 4);
	struct filter *f = parse_ok("src unix:@a@b");

	assert_true(filter_match(f, &r));
	filter_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_families),
		cmocka_unit_test(test_unix_inner_nul),
	};
	char tree[64];
	struct filter_env env = test_env();
	struct filter_error err;
	struct filter *f = NULL;
	unsigned long long id;

	/* Whatever id the data directory has stands for a cgroup. */
	env.cgroup_root = data_path("");
	if (filter_parse("cgroup = /", &env, &f, &err) < 0 ||
	    filter_format(f, tree, sizeof(tree)) >= sizeof(tree) ||
	    sscanf(tree, "(cgroup %llu)", &id) != 1) {
		fprintf(stderr, "cannot resolve the data directory as a "
				"cgroup: %s\n", err.msg);
		return 1;
	}
	filter_free(f);
	data_cgroup = id;
	return harness_run_group(tests, setup, NULL);
}
