// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sockscope -j / --ndjson / --pretty against sockets this test made in its
 * own network namespace: every socket there, each field right, nothing
 * else, for each selection flag.
 */
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "harness.h"

#include "check.h"
#include "netns.h"
#include "population.h"
#include "sockjson.h"
#include "spawn.h"

static struct population pop;
static uint32_t uid;

static int setup(void **state)
{
	population_init(&pop, uid);
	population_add_standard(&pop);
	return 0;
}

static int teardown(void **state)
{
	population_done(&pop);
	return 0;
}

static void assert_ran_clean(const struct spawn_result *r)
{
	if (!r->exited || r->status != 0 || r->err_len != 0)
		fail_msg("sockscope %s %d, stderr: %s",
			 r->exited ? "exited" : "was killed by signal",
			 r->status, r->err);
}

/* Runs `sockscope @opt -j` (@opt NULL: no option) and checks the sockets
 * against the population selected by the same flags. */
static void check_selection(const char *opt)
{
	struct spawn_result r =
	    opt ? spawn_sockscope(SPAWN_STDOUT_PIPE, opt, "-j", NULL)
		: spawn_sockscope(SPAWN_STDOUT_PIPE, "-j", NULL);
	struct js_sock *socks;
	size_t n;

	assert_ran_clean(&r);
	socks = sockjson_parse_doc(r.out, r.out_len, &n);
	check_json_sockets(&pop, opt ? opt + 1 : "", socks, n);
	free(socks);
	spawn_result_done(&r);
}

static void json_document_is_one_line(void **state)
{
	struct spawn_result r =
	    spawn_sockscope(SPAWN_STDOUT_PIPE, "-tuan", "-j", NULL);
	struct js_sock *socks;
	size_t n;

	assert_ran_clean(&r);
	assert_int_equal(spawn_count_lines(r.out), 1);
	/* schema_version 1, sockets, warnings == [] and nothing else. */
	socks = sockjson_parse_doc(r.out, r.out_len, &n);
	assert_int_equal(n, pop_count(&pop, &(struct pop_filter){
						.tcp = true,
						.udp = true,
						.inet = true,
						.inet6 = true,
						.states = UINT32_MAX,
					    }));
	free(socks);
	spawn_result_done(&r);
}

static void json_all_states(void **state) { check_selection("-tuan"); }
static void json_no_option_shows_connected(void **state)
{
	check_selection(NULL);
}
static void json_tcp_udp_connected(void **state) { check_selection("-tun"); }
static void json_tcp_connected(void **state) { check_selection("-tn"); }
static void json_udp_connected(void **state) { check_selection("-un"); }
static void json_tcp_listening(void **state) { check_selection("-tln"); }
static void json_udp_listening_is_unconnected(void **state)
{
	check_selection("-uln");
}
static void json_listening(void **state) { check_selection("-tuln"); }
static void json_tcp_only(void **state) { check_selection("-tan"); }
static void json_udp_only(void **state) { check_selection("-uan"); }
static void json_ipv4_only(void **state) { check_selection("-tuan4"); }
static void json_ipv6_only(void **state) { check_selection("-tuan6"); }
static void json_ipv4_and_ipv6(void **state) { check_selection("-tuan46"); }
static void json_ipv6_listening(void **state) { check_selection("-tl6"); }

static void json_empty_selection(void **state)
{
	/* No connected UDP over IPv6 was made. */
	struct spawn_result r =
	    spawn_sockscope(SPAWN_STDOUT_PIPE, "-u6", "-j", NULL);
	struct js_sock *socks;
	size_t n;

	assert_ran_clean(&r);
	socks = sockjson_parse_doc(r.out, r.out_len, &n);
	assert_int_equal(n, 0);
	free(socks);
	spawn_result_done(&r);

	r = spawn_sockscope(SPAWN_STDOUT_PIPE, "-u6", "--ndjson", NULL);
	assert_ran_clean(&r);
	assert_int_equal(r.out_len, 0);
	spawn_result_done(&r);
}

static void ndjson_same_sockets_as_json(void **state)
{
	struct spawn_result nd =
	    spawn_sockscope(SPAWN_STDOUT_PIPE, "-tuan", "--ndjson", NULL);
	struct spawn_result j =
	    spawn_sockscope(SPAWN_STDOUT_PIPE, "-tuan", "-j", NULL);
	struct js_sock *a, *b;
	size_t na, nb;

	assert_ran_clean(&nd);
	assert_ran_clean(&j);
	/* One object per line, each parsing alone with schema_version 1. */
	a = sockjson_parse_ndjson(nd.out, nd.out_len, &na);
	assert_int_equal(spawn_count_lines(nd.out), na);
	check_json_sockets(&pop, "tuan", a, na);
	b = sockjson_parse_doc(j.out, j.out_len, &nb);
	check_json_same(&pop, a, na, b, nb);
	free(a);
	free(b);
	spawn_result_done(&nd);
	spawn_result_done(&j);
}

static void ndjson_selection(void **state)
{
	struct spawn_result r =
	    spawn_sockscope(SPAWN_STDOUT_PIPE, "-tln6", "--ndjson", NULL);
	struct js_sock *v;
	size_t n;

	assert_ran_clean(&r);
	v = sockjson_parse_ndjson(r.out, r.out_len, &n);
	check_json_sockets(&pop, "tl6", v, n);
	free(v);
	spawn_result_done(&r);
}

static void pretty_same_sockets_as_json(void **state)
{
	static const char head[] = "{\n  \"schema_version\": 1,\n";
	struct spawn_result p =
	    spawn_sockscope(SPAWN_STDOUT_PIPE, "-tuan", "-j", "--pretty", NULL);
	struct spawn_result j =
	    spawn_sockscope(SPAWN_STDOUT_PIPE, "-tuan", "-j", NULL);
	struct js_sock *a, *b;
	size_t na, nb;

	assert_ran_clean(&p);
	assert_ran_clean(&j);
	/* sockscope(8): two spaces per level, one member per line, a space
	 * after each ':'. */
	assert_int_equal(strncmp(p.out, head, strlen(head)), 0);
	assert_non_null(strstr(p.out, "\n      \"netid\": \""));
	assert_true(spawn_count_lines(p.out) > pop.n * 10);
	for (const char *l = p.out; *l; l = strchr(l, '\n') + 1) {
		size_t lead = strspn(l, " ");
		if (lead % 2 || l[lead] == '\n')
			fail_msg("--pretty: odd indentation or empty line: "
				 "\"%.*s\"",
				 (int)strcspn(l, "\n"), l);
	}
	a = sockjson_parse_doc(p.out, p.out_len, &na);
	check_json_sockets(&pop, "tuan", a, na);
	b = sockjson_parse_doc(j.out, j.out_len, &nb);
	check_json_same(&pop, a, na, b, nb);
	free(a);
	free(b);
	spawn_result_done(&p);
	spawn_result_done(&j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(json_document_is_one_line),
	    cmocka_unit_test(json_all_states),
	    cmocka_unit_test(json_no_option_shows_connected),
	    cmocka_unit_test(json_tcp_udp_connected),
	    cmocka_unit_test(json_tcp_connected),
	    cmocka_unit_test(json_udp_connected),
	    cmocka_unit_test(json_tcp_listening),
	    cmocka_unit_test(json_udp_listening_is_unconnected),
	    cmocka_unit_test(json_listening),
	    cmocka_unit_test(json_tcp_only),
	    cmocka_unit_test(json_udp_only),
	    cmocka_unit_test(json_ipv4_only),
	    cmocka_unit_test(json_ipv6_only),
	    cmocka_unit_test(json_ipv4_and_ipv6),
	    cmocka_unit_test(json_ipv6_listening),
	    cmocka_unit_test(json_empty_selection),
	    cmocka_unit_test(ndjson_same_sockets_as_json),
	    cmocka_unit_test(ndjson_selection),
	    cmocka_unit_test(pretty_same_sockets_as_json),
	};

	uid = netns_enter_or_skip();
	return harness_run_group(tests, setup, teardown);
}
