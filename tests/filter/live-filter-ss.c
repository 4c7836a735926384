// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The grammar is ss's. In a private network namespace holding the set of
 * live-sockets.c (and a listener on port 80, for the service alias
 * "www"), each expression below is given, as separate words on the
 * command line as a user types it, to ss and to sockscope (with and
 * without SOCKSCOPE_NO_BYTECODE=1): both must exit 0 and print the same
 * rows. Rows are compared as their fields (column widths aside) in
 * sorted order; ss must print at least one row, so no case can pass by
 * both sides printing nothing.
 */
#include <errno.h>
#include <netinet/in.h>
#include <sys/wait.h>
#include <unistd.h>

#include "filter-test.h"
#include "live-sockets.h"

static struct live_set set;
static int www_fd = -1;

struct ss_case {
	const char *expr; /* "%s" stands for the cgroup of lcg */
	unsigned needs;
};

#define NEEDS_MARKS 1u
#define NEEDS_CGROUP 2u

static const struct ss_case cases[] = {
	/* "=" is optional after every key */
	{"sport :1001"},
	{"dport 1001"},
	{"sport 1001 or dport :1001"},
	{"src 127.0.0.1 sport 1001"},
	{"dev lo"},
	{"dev 1"},
	{"sport * and src inet:127.0.0.1"},
	{"sport = :* dport 1001"},
	{"not dev lo and sport lt 1010"},
	{"fwmark 0x10/0xff", NEEDS_MARKS},
	{"fwmark 0x20", NEEDS_MARKS},
	{"cgroup %s", NEEDS_CGROUP},
	/* ports in any base ss reads */
	{"sport :0x3e9"},
	{"dport = :0x3E9"},
	{"sport = :01751"},
	{"src 127.0.0.1:0x3e9"},
	/* service aliases from /etc/services */
	{"sport = :www"},
	{"sport :www or sport :http"},
	{"src *:www"},
	/* inet: and inet6: select as ss selects */
	{"dst inet:127.0.0.1"},
	{"dst 127.0.0.1"},
	{"src inet:127.0.0.0/8"},
	{"src inet:*"},
	{"src inet6:*"},
	{"dst inet:*:1003"},
	{"dst inet6:[::ffff:127.0.0.1]"},
	{"( sport :1003 or dport :1003 ) and src inet:*"},
};

/* Runs @argv with SOCKSCOPE_NO_BYTECODE set to @nobc (NULL: unset);
 * its standard output in @out (@size bytes, NUL-terminated). Returns
 * the exit status, or -1 if it did not exit. */
static int run(char *const *argv, const char *nobc, char *out, size_t size)
{
	int pipefd[2], status;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (nobc)
			setenv("SOCKSCOPE_NO_BYTECODE", nobc, 1);
		else
			unsetenv("SOCKSCOPE_NO_BYTECODE");
		dup2(pipefd[1], 1);
		close(pipefd[0]);
		close(pipefd[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pipefd[1]);
	while ((n = read(pipefd[0], out + got, size - 1 - got)) > 0)
		got += (size_t)n;
	close(pipefd[0]);
	out[got] = '\0';
	assert_true(got < size - 1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Rewrites @text as its rows, each row's fields joined by one space,
 * sorted; returns the number of rows. */
static size_t normalize(char *text, char *buf, size_t size)
{
	char *lines[256];
	size_t n = 0, len = 0;

	for (char *save = NULL, *l = strtok_r(text, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		char *w, *save2 = NULL, *row = malloc(strlen(l) + 1);
		size_t rl = 0;

		assert_non_null(row);
		for (w = strtok_r(l, " \t", &save2); w;
		     w = strtok_r(NULL, " \t", &save2))
			rl += (size_t)sprintf(row + rl, "%s%s", rl ? " " : "",
					      w);
		row[rl] = '\0';
		if (rl == 0) {
			free(row);
			continue;
		}
		assert_true(n < 256);
		lines[n++] = row;
	}
	qsort(lines, n, sizeof(lines[0]), cmp_line);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		len += (size_t)snprintf(buf + len, size - len, "%s\n",
					lines[i]);
		assert_true(len < size);
		free(lines[i]);
	}
	return n;
}

static void check(const char *expr)
{
	static char out[65536], want[65536], got[65536];
	static char opts[] = "-tuanH", ss[] = "ss";
	char words[256], *argv[40];
	size_t argc = 2, rows;
	const char *sockscope = getenv("SOCKSCOPE");
	static const char *const nobc[] = {NULL, "1"};

	snprintf(words, sizeof(words), "%s", expr);
	argv[1] = opts;
	for (char *save = NULL, *w = strtok_r(words, " ", &save); w;
	     w = strtok_r(NULL, " ", &save)) {
		assert_true(argc < 39);
		argv[argc++] = w;
	}
	argv[argc] = NULL;

	argv[0] = ss;
	if (run(argv, NULL, out, sizeof(out)) != 0)
		fail_msg("ss refused '%s'", expr);
	rows = normalize(out, want, sizeof(want));
	if (rows == 0)
		fail_msg("ss printed nothing for '%s': not a test", expr);

	argv[0] = (char *)sockscope;
	for (size_t b = 0; b < 2; b++) {
		int r = run(argv, nobc[b], out, sizeof(out));

		if (r != 0)
			fail_msg("sockscope refused '%s'%s (exit %d)", expr,
				 b ? " without bytecode" : "", r);
		normalize(out, got, sizeof(got));
		if (strcmp(got, want) != 0)
			fail_msg("'%s'%s:\nss:\n%ssockscope:\n%s", expr,
				 b ? " without bytecode" : "", want, got);
	}
}

static void test_as_ss(void **state)
{
	size_t ran = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct ss_case *c = &cases[i];
		char expr[256];
		const char *at = strstr(c->expr, "%s");

		if (((c->needs & NEEDS_MARKS) && !set.marks) ||
		    ((c->needs & NEEDS_CGROUP) && !set.cgroup[0])) {
			print_message("skipped (not possible here): %s\n",
				      c->expr);
			continue;
		}
		if (at)
			snprintf(expr, sizeof(expr), "%.*s%s%s",
				 (int)(at - c->expr), c->expr, set.cgroup,
				 at + 2);
		else
			snprintf(expr, sizeof(expr), "%s", c->expr);
		check(expr);
		ran++;
	}
	print_message("%zu expressions as ss reads them, with and without "
		      "bytecode\n",
		      ran);
	assert_true(ran >= 20);
}

static int setup(void **state)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons(80),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	char why[256];
	int r = live_set_make(&set, why, sizeof(why));

	if (r < 0) {
		fprintf(stderr, "cannot make the socket set: %s\n", why);
		return -1;
	}
	www_fd = socket(AF_INET, SOCK_STREAM, 0);
	if (www_fd < 0 || bind(www_fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(www_fd, 1) < 0) {
		fprintf(stderr, "cannot listen on port 80: %s\n",
			strerror(errno));
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	if (www_fd >= 0)
		close(www_fd);
	live_set_done(&set);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_as_ss),
	};
	const char *sockscope = getenv("SOCKSCOPE");
	int r;

	if (!sockscope || access(sockscope, X_OK) < 0) {
		fprintf(stderr, "skipped: $SOCKSCOPE is no program\n");
		return 77;
	}
	if (system("ss -V >/dev/null 2>&1") != 0) {
		fprintf(stderr, "skipped: no ss to compare with\n");
		return 77;
	}
	r = live_netns_enter();
	if (r < 0) {
		fprintf(stderr, "skipped: no private network namespace: %s\n",
			strerror(-r));
		return 77;
	}
	return harness_run_group(tests, setup, teardown);
}
