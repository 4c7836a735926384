// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sockscope against ss(8) in the same private network namespace: both
 * must list the same sockets, written the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "harness.h"

#include "check.h"
#include "netns.h"
#include "population.h"
#include "spawn.h"

static struct population pop;
static uint32_t uid;
static const char *ss_path;

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

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The sorted tuples of a -H table with a Netid column: "netid state local
 * peer", plus the queues when @queues. ss's Process column, absent
 * without -p, and its trailing blanks are ignored.
 */
static char **tuples(char *text, bool queues, size_t *ret_n)
{
	size_t n;
	struct check_row *rows = check_rows(text, &n);
	char **v = calloc(n ? n : 1, sizeof(*v));

	assert_non_null(v);
	for (size_t i = 0; i < n; i++) {
		const struct check_row *r = &rows[i];
		int len;

		if (r->ntok < 6)
			fail_msg("short line \"%s\"", r->line);
		len = queues ? asprintf(&v[i], "%s %s %s %s %s %s", r->tok[0],
					r->tok[1], r->tok[2], r->tok[3],
					r->tok[4], r->tok[5])
			     : asprintf(&v[i], "%s %s %s %s", r->tok[0],
					r->tok[1], r->tok[4], r->tok[5]);
		assert_true(len > 0);
	}
	check_rows_free(rows, n);
	qsort(v, n, sizeof(*v), cmp_str);
	*ret_n = n;
	return v;
}

/* Runs `ss @opt` and `sockscope @opt`; @flags are @opt's selection
 * letters, for the count of sockets the test made. */
static void compare_with_ss(const char *opt, const char *flags, bool queues)
{
	struct pop_filter f = pop_filter_from_flags(flags);
	const char *argv[] = {"ss", opt, NULL};
	struct spawn_result ss, me;
	char **a, **b;
	size_t na, nb;

	if (!ss_path)
		skip();
	assert_int_equal(spawn_run(ss_path, argv, SPAWN_STDOUT_PIPE, &ss), 0);
	if (!ss.exited || ss.status != 0)
		fail_msg("%s %s failed (%d): %s", ss_path, opt, ss.status,
			 ss.err);
	me = spawn_sockscope(SPAWN_STDOUT_PIPE, opt, NULL);
	if (!me.exited || me.status != 0 || me.err_len)
		fail_msg("sockscope %s failed (%d): %s", opt, me.status,
			 me.err);

	a = tuples(ss.out, queues, &na);
	b = tuples(me.out, queues, &nb);
	for (size_t i = 0, k = 0; i < na || k < nb;) {
		int c = i == na ? 1 : k == nb ? -1 : strcmp(a[i], b[k]);
		if (c == 0) {
			i++, k++;
			continue;
		}
		/* Print the whole difference before failing: one missing
		 * line tends to come with its misspelt twin. */
		if (c < 0)
			print_error("%s: only ss lists:        %s\n", opt,
				    a[i++]);
		else
			print_error("%s: only sockscope lists: %s\n", opt,
				    b[k++]);
		for (; i < na; i++)
			print_error("%s: ss:        %s\n", opt, a[i]);
		for (; k < nb; k++)
			print_error("%s: sockscope: %s\n", opt, b[k]);
		fail_msg("%s: ss and sockscope list different sockets", opt);
	}
	/* The namespace holds only our sockets: the lists are not empty
	 * by accident. */
	assert_int_equal(nb, pop_count(&pop, &f));
	for (size_t i = 0; i < na; i++)
		free(a[i]);
	for (size_t k = 0; k < nb; k++)
		free(b[k]);
	free(a);
	free(b);
	spawn_result_done(&ss);
	spawn_result_done(&me);
}

static void ss_same_sockets_all(void **state)
{
	compare_with_ss("-tuanH", "tuan", false);
}

static void ss_same_sockets_listening(void **state)
{
	/* Listener and unconnected queues do not move: compare them too. */
	compare_with_ss("-tulnH", "tuln", true);
}

static void ss_same_sockets_connected(void **state)
{
	compare_with_ss("-tunH", "tun", false);
}

static void ss_same_sockets_no_option(void **state)
{
	/* Every table ss knows, connected sockets only: here, ours. */
	compare_with_ss("-H", "", false);
}

static void ss_same_sockets_ipv6(void **state)
{
	compare_with_ss("-tuan6H", "tuan6", false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(ss_same_sockets_all),
	    cmocka_unit_test(ss_same_sockets_listening),
	    cmocka_unit_test(ss_same_sockets_connected),
	    cmocka_unit_test(ss_same_sockets_ipv6),
	    cmocka_unit_test(ss_same_sockets_no_option),
	};

	if (access("/usr/bin/ss", X_OK) == 0)
		ss_path = "/usr/bin/ss";
	else if (access("/bin/ss", X_OK) == 0)
		ss_path = "/bin/ss";
	uid = netns_enter_or_skip();
	return harness_run_group(tests, setup, teardown);
}
