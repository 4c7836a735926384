// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Warnings say true things, once. In the test's own namespace: a table
 * sockscope has no collector for (vsock, tipc) is said as that, not as an
 * error the kernel never gave; a protocol the kernel lacks is one line,
 * not one per inet family; a group word (-A inet) names none of its
 * members, so a member the kernel lacks is not worth a line; JSON says
 * the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "netns.h"
#include "spawn.h"

static struct spawn_result run(const char *a, const char *b)
{
	struct spawn_result r = spawn_sockscope(SPAWN_STDOUT_PIPE, a, b, NULL);

	if (!r.exited || r.status != 0)
		fail_msg("sockscope %s %s: status %d, stderr %s", a,
			 b ? b : "", r.status, r.err);
	return r;
}

static size_t count(const char *text, const char *word)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, word)); p += strlen(word))
		n++;
	return n;
}

/* No line is said twice, and none is about a family: one per table. */
static void assert_once(const char *err)
{
	const char *line = err;

	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char *copy = strndup(line, len);

		assert_non_null(copy);
		if (count(err, copy) != 1)
			fail_msg("said more than once: %s", copy);
		free(copy);
		line += len + (end != NULL);
	}
	assert_null(strstr(err, "/inet6 sockets"));
}

static void group_names_no_member(void **state)
{
	struct spawn_result r = run("-A", "inet");

	/* sctp may be missing here (no sctp_diag): not named, not said */
	assert_string_equal(r.err, "");
	spawn_result_done(&r);
	r = run("-aA", "inet");
	assert_string_equal(r.err, "");
	spawn_result_done(&r);
}

static void absent_collector_said_as_such(void **state)
{
	struct spawn_result r = run("-A", "all");

	assert_once(r.err);
	/* sockscope never asked the kernel for these */
	assert_null(strstr(r.err, "v_str/vsock"));
	assert_null(strstr(r.err, "Protocol not supported"));
	assert_int_equal(count(r.err, "sockscope: vsock sockets are not "
				      "listed: sockscope has no vsock "
				      "collector (the kernel was not asked)"),
			 1);
	assert_int_equal(count(r.err, "sockscope: tipc sockets are not "
				      "listed: sockscope has no tipc "
				      "collector (the kernel was not asked)"),
			 1);
	assert_true(count(r.err, "sctp") <= 1);
	spawn_result_done(&r);
}

static void named_absent_protocol_once(void **state)
{
	struct spawn_result r = run("-S", NULL);

	/* where the kernel has sctp_diag, nothing to say */
	assert_true(spawn_count_lines(r.err) <= 1);
	if (r.err_len)
		assert_non_null(strstr(r.err, "sockscope: sctp sockets cannot "
					      "be listed: the kernel has no "
					      "sock_diag support for them"));
	spawn_result_done(&r);
	r = run("-S", "--source=procfs");
	assert_string_equal(r.err, "sockscope: sctp sockets are not listed: "
				   "sockscope reads them only through "
				   "netlink, not procfs\n");
	spawn_result_done(&r);
}

static void json_says_the_same(void **state)
{
	struct spawn_result r = run("--vsock", "-j");
	json_object *doc = json_tokener_parse(r.out), *w, *e;

	assert_non_null(doc);
	assert_true(json_object_object_get_ex(doc, "warnings", &w));
	assert_int_equal(json_object_array_length(w), 1);
	w = json_object_array_get_idx(w, 0);
	assert_true(json_object_object_get_ex(w, "error", &e));
	assert_string_equal(json_object_get_string(e), "ENOSYS");
	assert_true(json_object_object_get_ex(w, "family", &e));
	assert_string_equal(json_object_get_string(e), "vsock");
	assert_true(json_object_object_get_ex(w, "message", &e));
	assert_non_null(strstr(json_object_get_string(e), "not asked"));
	json_object_put(doc);
	spawn_result_done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(group_names_no_member),
		cmocka_unit_test(absent_collector_said_as_such),
		cmocka_unit_test(named_absent_protocol_once),
		cmocka_unit_test(json_says_the_same),
	};

	netns_enter_or_skip();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
