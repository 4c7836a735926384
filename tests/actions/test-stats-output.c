// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sockscope -s and --protocol-stats, text and JSON, over the recorded
 * proc roots (tests/fixtures/actions): no kernel state, so every number
 * is known. The capture (capture.py) made: a TCP listener on 127.0.0.1
 * with one connection, a listener on [::1] and one connection to it
 * closed (one TIME-WAIT), two UDP sockets on 127.0.0.1 and one on [::1].
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "actions-test.h"
#include "jdoc.h"
#include "spawn.h"

static void assert_ran_clean(const struct spawn_result *r)
{
	if (!r->exited || r->status != 0 || r->err_len != 0)
		fail_msg("sockscope %s %d, stderr: %s",
			 r->exited ? "exited" : "was killed by signal",
			 r->status, r->err);
}

static struct spawn_result run(const char *root, const char *a,
			       const char *b, const char *c)
{
	return spawn_sockscope(SPAWN_STDOUT_PIPE, "--proc-root",
			       actions_fixture(root), a, b, c, NULL);
}

static void summary_text_as_ss(void **state)
{
	struct spawn_result r = run("stats", "-s", NULL, NULL);

	assert_ran_clean(&r);
	assert_string_equal(r.out,
			    "Total: 9\n"
			    "TCP:   5 (estab 2, closed 0, orphaned 0, "
			    "timewait 1)\n"
			    "\n"
			    "Transport Total     IP        IPv6\n"
			    "RAW\t  0         0         0\n"
			    "UDP\t  3         2         1\n"
			    "TCP\t  4         3         1\n"
			    "INET\t  7         5         2\n"
			    "FRAG\t  0         0         0\n");
	spawn_result_done(&r);
}

static void summary_json(void **state)
{
	struct spawn_result r = run("stats", "-s", "-j", NULL);
	json_object *o;

	assert_ran_clean(&r);
	o = jdoc_parse(r.out, r.out_len);
	assert_int_equal(jdoc_int(o, "schema_version"), 1);
	assert_int_equal(jdoc_int(o, "total"), 9);
	assert_int_equal(jdoc_int(o, "tcp.total"), 5);
	assert_int_equal(jdoc_int(o, "tcp.established"), 2);
	assert_int_equal(jdoc_int(o, "tcp.closed"), 0);
	assert_int_equal(jdoc_int(o, "tcp.orphaned"), 0);
	assert_int_equal(jdoc_int(o, "tcp.time_wait"), 1);
	assert_int_equal(jdoc_int(o, "tcp.states.listening"), 2);
	assert_int_equal(jdoc_int(o, "tcp.states.established"), 2);
	assert_int_equal(jdoc_int(o, "tcp.states.time-wait"), 1);
	assert_int_equal(json_object_object_length(jdoc_get(o, "tcp.states")),
			 12);
	assert_int_equal(jdoc_int(o, "transport.udp.total"), 3);
	assert_int_equal(jdoc_int(o, "transport.udp.ipv4"), 2);
	assert_int_equal(jdoc_int(o, "transport.udp.ipv6"), 1);
	assert_int_equal(jdoc_int(o, "transport.tcp.ipv4"), 3);
	assert_int_equal(jdoc_int(o, "transport.tcp.ipv6"), 1);
	assert_int_equal(jdoc_int(o, "transport.inet.total"), 7);
	assert_int_equal(jdoc_int(o, "transport.raw.total"), 0);
	assert_int_equal(jdoc_int(o, "transport.frag.total"), 0);
	assert_int_equal(json_object_array_length(jdoc_get(o, "warnings")), 0);
	json_object_put(o);
	spawn_result_done(&r);
}

static void pretty_is_the_same_document(void **state)
{
	static const char *const cmds[] = {"-s", "--protocol-stats"};

	for (size_t i = 0; i < 2; i++) {
		struct spawn_result a = run("stats", cmds[i], "-j", NULL);
		struct spawn_result b = run("stats", cmds[i], "-j", "--pretty");
		json_object *x, *y;

		assert_ran_clean(&a);
		assert_ran_clean(&b);
		x = jdoc_parse(a.out, a.out_len);
		y = jdoc_parse(b.out, b.out_len);
		assert_true(json_object_equal(x, y));
		/* compact is one line; pretty is one member a line */
		assert_int_equal(spawn_count_lines(a.out), 1);
		assert_true(spawn_count_lines(b.out) > 20);
		json_object_put(x);
		json_object_put(y);
		spawn_result_done(&a);
		spawn_result_done(&b);
	}
}

static void summary_without_ipv6(void **state)
{
	struct spawn_result r = run("noipv6", "-s", "-j", NULL);
	json_object *o;

	/* No sockstat6, no tcp6: a kernel without IPv6, said nowhere. */
	assert_ran_clean(&r);
	o = jdoc_parse(r.out, r.out_len);
	assert_int_equal(jdoc_int(o, "transport.inet.ipv6"), 0);
	assert_int_equal(jdoc_int(o, "transport.udp.ipv4"), 2);
	assert_int_equal(jdoc_int(o, "tcp.total"), 3);
	json_object_put(o);
	spawn_result_done(&r);
}

/* Lines of @text that are "Proto:" headings. */
static size_t headings(const char *text)
{
	size_t n = 0;

	for (const char *p = text; *p; p = strchr(p, '\n') + 1) {
		if (*p != ' ')
			n++;
		if (!strchr(p, '\n'))
			break;
	}
	return n;
}

static void protostats_text_grouped(void **state)
{
	struct spawn_result r = run("stats", "--protocol-stats", NULL, NULL);

	assert_ran_clean(&r);
	/* snmp, then netstat, then snmp6, each in file order. */
	assert_int_equal(strncmp(r.out,
				 "Ip:\n    Forwarding: 2\n    DefaultTTL: 64\n",
				 40),
			 0);
	assert_non_null(strstr(r.out, "\nTcp:\n    RtoAlgorithm: 1\n"
				      "    RtoMin: 200\n    RtoMax: 120000\n"
				      "    MaxConn: -1\n    ActiveOpens: 2\n"));
	assert_non_null(strstr(r.out, "\nIp6:\n    InReceives: 7\n"));
	assert_true(strstr(r.out, "\nUdpLite:\n") < strstr(r.out, "\nTcpExt:"));
	assert_true(strstr(r.out, "\nMPTcpExt:\n") < strstr(r.out, "\nIp6:"));
	/* 12 protocols, 397 counters: snmp 82, netstat 229, snmp6 86 */
	assert_int_equal(headings(r.out), 12);
	assert_int_equal(spawn_count_lines(r.out), 12 + 397);
	spawn_result_done(&r);
}

static void protostats_json(void **state)
{
	struct spawn_result r = run("stats", "--protocol-stats", "-j", NULL);
	json_object *o, *protos;
	size_t total = 0;
	const char *first = NULL;

	assert_ran_clean(&r);
	o = jdoc_parse(r.out, r.out_len);
	assert_int_equal(jdoc_int(o, "schema_version"), 1);
	assert_int_equal(json_object_object_length(o), 2);
	protos = jdoc_get(o, "protocols");
	assert_int_equal(json_object_object_length(protos), 12);
	json_object_object_foreach(protos, k, v) {
		if (!first)
			first = k;
		total += (size_t)json_object_object_length(v);
	}
	assert_string_equal(first, "Ip");
	assert_int_equal(total, 397);
	assert_int_equal(jdoc_int(o, "protocols.Tcp.MaxConn"), -1);
	assert_int_equal(jdoc_int(o, "protocols.Tcp.ActiveOpens"), 2);
	assert_int_equal(jdoc_int(o, "protocols.TcpExt.TW"), 1);
	assert_int_equal(jdoc_int(o, "protocols.Ip6.InReceives"), 7);
	assert_int_equal(jdoc_int(o, "protocols.Udp6.InDatagrams"), 0);
	json_object_put(o);
	spawn_result_done(&r);
}

/* netstat's -st habit: a table option narrows to that table's counters;
 * one with no counters, or a family option, is refused, never ignored. */
static void protostats_narrowed_by_table(void **state)
{
	struct spawn_result r = run("stats", "--protocol-stats", "-t", NULL);
	json_object *o;

	assert_ran_clean(&r);
	assert_int_equal(headings(r.out), 2);
	assert_true(strncmp(r.out, "Tcp:\n", 5) == 0);
	assert_non_null(strstr(r.out, "\nTcpExt:\n"));
	spawn_result_done(&r);
	r = run("stats", "--protocol-stats", "-u", "-j");
	assert_ran_clean(&r);
	o = jdoc_parse(r.out, r.out_len);
	assert_int_equal(json_object_object_length(jdoc_get(o, "protocols")),
			 4);
	assert_int_equal(jdoc_int(o, "protocols.Udp6.InDatagrams"), 0);
	json_object_put(o);
	spawn_result_done(&r);
	for (int i = 0; i < 3; i++) {
		static const char *const refused[] = {"-x", "-4", "-S"};

		r = run("stats", "--protocol-stats", refused[i], NULL);
		if (!r.exited || r.status != 2 || r.out_len ||
		    spawn_count_lines(r.err) != 1)
			fail_msg("--protocol-stats %s: status %d, stderr %s",
				 refused[i], r.status, r.err);
		spawn_result_done(&r);
	}
}

static void protostats_without_ipv6(void **state)
{
	struct spawn_result r = run("noipv6", "--protocol-stats", "-j", NULL);
	json_object *o, *v;

	assert_ran_clean(&r);
	o = jdoc_parse(r.out, r.out_len);
	assert_false(json_object_object_get_ex(jdoc_get(o, "protocols"),
					       "Ip6", &v));
	assert_int_equal(json_object_object_length(jdoc_get(o, "protocols")),
			 8);
	json_object_put(o);
	spawn_result_done(&r);
}

/* A proc root in /tmp holding net/@name with @text (NULL: no file). */
static char *temp_root(const char *name, const char *text)
{
	static char dir[64];
	char path[128];
	int fd;

	strcpy(dir, "/tmp/sockscope-stats-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/net", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	if (text) {
		snprintf(path, sizeof(path), "%s/net/%s", dir, name);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, text, strlen(text)),
				 (ssize_t)strlen(text));
		close(fd);
	}
	return dir;
}

static void remove_root(const char *dir, const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/net/%s", dir, name);
	unlink(path);
	snprintf(path, sizeof(path), "%s/net", dir);
	rmdir(path);
	rmdir(dir);
}

/* Exit @status, nothing on stdout, one line on stderr holding @why. */
static void check_refusal(const char *root, const char *cmd, int status,
			  const char *why)
{
	struct spawn_result r = spawn_sockscope(SPAWN_STDOUT_PIPE,
						"--proc-root", root, cmd,
						NULL);

	if (!r.exited || r.status != status)
		fail_msg("sockscope %s: status %d, want %d; stderr %s", cmd,
			 r.status, status, r.err);
	assert_int_equal(r.out_len, 0);
	assert_int_equal(spawn_count_lines(r.err), 1);
	if (!strstr(r.err, why))
		fail_msg("\"%s\" does not say \"%s\"", r.err, why);
	spawn_result_done(&r);
}

static void malformed_files_refused(void **state)
{
	char *root = temp_root("snmp", "Tcp: A B\nTcp: 1\n");

	check_refusal(root, "--protocol-stats", 2, "net/snmp is not in the");
	remove_root(root, "snmp");
	root = temp_root("sockstat", "sockets: used\n");
	check_refusal(root, "-s", 2, "net/sockstat is not in the");
	remove_root(root, "sockstat");
	/* Well-formed, but a count -s needs is not there. */
	root = temp_root("sockstat", "sockets: used 1\nTCP: inuse 1\n");
	check_refusal(root, "-s", 2, "lacks a count");
	remove_root(root, "sockstat");
	/* Well-formed, but a count no kernel prints ("%d"): not summed
	 * into a wrapped INET total. */
	root = temp_root("sockstat",
			 "sockets: used 1\n"
			 "TCP: inuse 18446744073709551615 orphan 0 tw 0 "
			 "alloc 0 mem 0\n"
			 "UDP: inuse 1 mem 0\nUDPLITE: inuse 0\n"
			 "RAW: inuse 0\nFRAG: inuse 0 memory 0\n");
	check_refusal(root, "-s", 2, "holds a count over 2147483647");
	remove_root(root, "sockstat");
}

static void missing_files_are_failures(void **state)
{
	char *root = temp_root("snmp", NULL);

	check_refusal(root, "--protocol-stats", 1, "net/snmp: No such file");
	check_refusal(root, "-s", 1, "net/sockstat: No such file");
	remove_root(root, "snmp");
}

/* A proc root whose @name is a symlink to /dev/zero (@fifo false) or a
 * FIFO: each command that reads it refuses in one line, exit 2, at once
 * (main spins on /dev/zero and blocks on a FIFO: the test times out). */
static char *never_ending_root(const char *name, bool fifo)
{
	char *root = temp_root(name, NULL), path[128];

	snprintf(path, sizeof(path), "%s/net/%s", root, name);
	if (fifo)
		assert_int_equal(mkfifo(path, 0600), 0);
	else
		assert_int_equal(symlink("/dev/zero", path), 0);
	return root;
}

static void files_that_never_end_refused(void **state)
{
	static const char *const why = "is not a regular file";
	char *root;

	for (int fifo = 0; fifo < 2; fifo++) {
		root = never_ending_root("tcp", fifo);
		check_refusal(root, "-tan", 2, why);
		remove_root(root, "tcp");
		root = never_ending_root("snmp", fifo);
		check_refusal(root, "--protocol-stats", 2, why);
		remove_root(root, "snmp");
		root = never_ending_root("sockstat", fifo);
		check_refusal(root, "-s", 2, why);
		remove_root(root, "sockstat");
	}
}

/* -N given a FIFO: "not a network namespace", exit 2, without waiting
 * for a writer. */
static void net_option_fifo_refused(void **state)
{
	char *root = never_ending_root("ns", true), path[128];
	struct spawn_result r;

	snprintf(path, sizeof(path), "%s/net/ns", root);
	r = spawn_sockscope(SPAWN_STDOUT_PIPE, "-N", path, "-tan", NULL);
	if (!r.exited || r.status != 2)
		fail_msg("-N FIFO: status %d, stderr %s", r.status, r.err);
	assert_int_equal(spawn_count_lines(r.err), 1);
	assert_non_null(strstr(r.err, "not a network namespace"));
	spawn_result_done(&r);
	remove_root(root, "ns");
}

/* A /proc table that lists sockets twice (tests/fixtures/procfs/repeated):
 * each socket once, and stderr says what was dropped and what was
 * malformed, one line each; exit 0. */
static void repeated_lines_said_on_stderr(void **state)
{
	struct spawn_result r = run("../procfs/repeated", "-xa", NULL, NULL);
	json_object *o, *w;

	if (!r.exited || r.status != 0)
		fail_msg("status %d: %s", r.status, r.err);
	assert_int_equal(spawn_count_lines(r.out), 1 + 5);
	assert_int_equal(spawn_count_lines(r.err), 2);
	assert_non_null(strstr(r.err, "u_str/unix (procfs): dropped 4 "
				      "repeated lines"));
	assert_non_null(strstr(r.err, "u_str/unix (procfs): skipped 1 "
				      "malformed line"));
	spawn_result_done(&r);

	/* In JSON: a warning each, with every key a warning always has. */
	r = run("../procfs/repeated", "-xa", "-j", NULL);
	assert_true(r.exited && r.status == 0);
	o = jdoc_parse(r.out, r.out_len);
	assert_int_equal(json_object_array_length(jdoc_get(o, "sockets")), 5);
	w = jdoc_get(o, "warnings");
	assert_int_equal(json_object_array_length(w), 2);
	assert_string_equal(jdoc_str(json_object_array_get_idx(w, 0), "error"),
			    "EBADMSG");
	assert_string_equal(jdoc_str(json_object_array_get_idx(w, 1), "error"),
			    "EEXIST");
	assert_int_equal(jdoc_int(json_object_array_get_idx(w, 1),
				  "repeated_lines"),
			 4);
	json_object_put(o);
	spawn_result_done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(summary_text_as_ss),
		cmocka_unit_test(summary_json),
		cmocka_unit_test(pretty_is_the_same_document),
		cmocka_unit_test(summary_without_ipv6),
		cmocka_unit_test(protostats_text_grouped),
		cmocka_unit_test(protostats_json),
		cmocka_unit_test(protostats_narrowed_by_table),
		cmocka_unit_test(protostats_without_ipv6),
		cmocka_unit_test(malformed_files_refused),
		cmocka_unit_test(missing_files_are_failures),
		cmocka_unit_test(files_that_never_end_refused),
		cmocka_unit_test(net_option_fifo_refused),
		cmocka_unit_test(repeated_lines_said_on_stderr),
	};

	return harness_run_group(tests, NULL, NULL);
}
