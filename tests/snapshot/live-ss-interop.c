// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ss's dump files, both ways, against the ss installed here. In a
 * private namespace holding the standard TCP population:
 *   - files written by `ss -D` (and by `sockscope -D`) for several
 *     option sets are read with TCPDIAG_FILE by ss and by sockscope,
 *     under many listing options and filters: the same bytes, after
 *     trailing blanks and the "Process" title ss always prints
 *     (sockscope prints it only with -p: a documented difference of
 *     the table);
 *   - ss reads sockscope's -D files as it reads its own written at the
 *     same moment, and as the live table: the same bytes;
 *   - --from reads an ss file whole: both its halves (ss's reader stops
 *     after IPv4's).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#include "netns.h"
#include "population.h"
#include "settle.h"
#include "spawn.h"

static struct population pop;
static char dir[] = "/tmp/sockscope-ssdump-XXXXXX";

/* The dump files: who writes them, with which options. */
struct dumpfile {
	const char *name;
	bool ours;
	const char *opts[4];
};

static const struct dumpfile files[] = {
	{"ss-all", false, {"-ta"}},
	{"ss-conn", false, {"-t"}},
	{"ss-listen", false, {"-tl"}},
	{"ss-6", false, {"-6", "-ta"}},
	{"ss-4", false, {"-4", "-ta"}},
	{"ours-all", true, {"-ta"}},
	{"ours-conn", true, {"-t"}},
	{"ours-listen", true, {"-tl"}},
	{"ours-4", true, {"-4", "-ta"}},
	{"ours-6", true, {"-6", "-ta"}},
};
#define NFILES (sizeof(files) / sizeof(files[0]))

static const char *ss_path(void)
{
	return access("/usr/bin/ss", X_OK) == 0 ? "/usr/bin/ss" : "/bin/ss";
}

static void file_path(const struct dumpfile *f, char *dst, size_t len)
{
	snprintf(dst, len, "%s/%s.dump", dir, f->name);
}

static int setup(void **state)
{
	uint32_t uid = netns_enter_or_skip();

	if (access(ss_path(), X_OK) != 0) {
		fprintf(stderr, "no ss installed\n");
		skip();
	}
	assert_non_null(mkdtemp(dir));
	population_init(&pop, uid);
	population_add_standard(&pop);
	settle();
	/* Every file at one moment, nothing moving in between. */
	for (size_t i = 0; i < NFILES; i++) {
		const char *argv[8] = {files[i].ours ? "sockscope" : "ss"};
		char path[128];
		struct spawn_result r;
		size_t k = 1;

		file_path(&files[i], path, sizeof(path));
		argv[k++] = "-D";
		argv[k++] = path;
		for (size_t j = 0; files[i].opts[j]; j++)
			argv[k++] = files[i].opts[j];
		argv[k] = NULL;
		assert_int_equal(spawn_run(files[i].ours ? spawn_sockscope_path()
							 : ss_path(),
					   argv, SPAWN_STDOUT_PIPE, &r),
				 0);
		assert_true(r.exited);
		assert_int_equal(r.status, 0);
		assert_int_equal(r.out_len, 0);
		spawn_result_done(&r);
	}
	return 0;
}

static int teardown(void **state)
{
	char path[128];

	for (size_t i = 0; i < NFILES; i++) {
		file_path(&files[i], path, sizeof(path));
		unlink(path);
	}
	rmdir(dir);
	population_done(&pop);
	return 0;
}

/* Trailing blanks off every line, and ss's "Process" title. */
static void tidy(char *s)
{
	char *w = s;

	for (char *p = s; *p;) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		while (n && p[n - 1] == ' ')
			n--;
		/* ss leaves no blank before it when the peer column is
		 * full. */
		if (n >= 7 && !memcmp(p + n - 7, "Process", 7) && p == s)
			n -= 7;
		while (n && p[n - 1] == ' ')
			n--;
		memmove(w, p, n);
		w += n;
		if (nl)
			*w++ = '\n';
		p = nl ? nl + 1 : p + strlen(p);
	}
	*w = '\0';
}

static struct spawn_result run(bool ours, const char *const *argv)
{
	struct spawn_result r;

	assert_int_equal(spawn_run(ours ? spawn_sockscope_path() : ss_path(),
				   argv, SPAWN_STDOUT_PIPE, &r),
			 0);
	assert_true(r.exited);
	return r;
}

/* Listing options and filters for TCPDIAG_FILE. */
static const char *const listings[][16] = {
	{"-tan"},
	{"-tn"},
	{"-tln"},
	{"-ta"},
	{"-4tan"},
	{"-6tan"},
	{"-tn", "sport", "=", ":22"},
	{"-tan", "dport", "=", ":22"},
	{"-tan", "src", "127.0.0.1"},
	{"-tan", "dst", "[::1]"},
	{"-tan", "(", "sport", "=", ":22", "or", "dport", "=", ":22", ")"},
};
#define NLISTINGS (sizeof(listings) / sizeof(listings[0]))

static void test_tcpdiag_file(void **state)
{
	size_t compared = 0, rows = 0;

	for (size_t f = 0; f < NFILES; f++) {
		char path[128];

		file_path(&files[f], path, sizeof(path));
		setenv("TCPDIAG_FILE", path, 1);
		for (size_t i = 0; i < NLISTINGS; i++) {
			const char *argv[20] = {"x"};
			struct spawn_result a, b;
			size_t k = 1;

			for (size_t j = 0; listings[i][j]; j++)
				argv[k++] = listings[i][j];
			argv[k] = NULL;
			a = run(false, argv);
			b = run(true, argv);
			tidy(a.out);
			tidy(b.out);
			if (a.status != b.status || strcmp(a.out, b.out))
				fail_msg("TCPDIAG_FILE=%s %s: ss (%d):\n%s\n"
					 "sockscope (%d):\n%s%s",
					 files[f].name, listings[i][0],
					 a.status, a.out, b.status, b.out,
					 b.err);
			rows += spawn_count_lines(a.out) > 1;
			compared++;
			spawn_result_done(&a);
			spawn_result_done(&b);
		}
	}
	unsetenv("TCPDIAG_FILE");
	assert_true(compared >= 30);
	/* Most must show sockets, or the comparison proves little. */
	assert_true(rows >= compared / 2);
}

/* ss reading our file prints what it prints reading its own, and for a
 * file of one family what it prints live. */
static void test_ss_reads_ours(void **state)
{
	static const char *const pairs[][3] = {
		/* ours, ss's, live options ("" for none) */
		{"ours-all", "ss-all", ""},
		{"ours-conn", "ss-conn", ""},
		{"ours-listen", "ss-listen", ""},
		{"ours-4", "ss-4", "-4ta"},
		{"ours-6", "ss-6", "-6ta"},
	};

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		char ours[128], theirs[128];
		const char *argv[4] = {"ss", "-tan", NULL};
		struct spawn_result a, b, live;

		snprintf(ours, sizeof(ours), "%s/%s.dump", dir, pairs[i][0]);
		snprintf(theirs, sizeof(theirs), "%s/%s.dump", dir,
			 pairs[i][1]);
		setenv("TCPDIAG_FILE", ours, 1);
		a = run(false, argv);
		setenv("TCPDIAG_FILE", theirs, 1);
		b = run(false, argv);
		unsetenv("TCPDIAG_FILE");
		assert_int_equal(a.status, 0);
		assert_true(spawn_count_lines(a.out) > 1);
		if (strcmp(a.out, b.out)) {
			fprintf(stderr, "ss reads %s:\n%s\nand %s:\n%s",
				pairs[i][0], a.out, pairs[i][1], b.out);
			fail();
		}
		if (*pairs[i][2]) {
			argv[1] = pairs[i][2];
			argv[2] = "-n";
			argv[3] = NULL;
			live = run(false, argv);
			if (strcmp(a.out, live.out))
				fail_msg("ss reads %s:\n%s\nlive:\n%s",
					 pairs[i][0], a.out, live.out);
			spawn_result_done(&live);
		}
		spawn_result_done(&a);
		spawn_result_done(&b);
	}
}

/* --from reads both halves of ss's file; TCPDIAG_FILE only the first. */
static void test_from_reads_whole(void **state)
{
	char path[128];
	const char *argv[5] = {"sockscope", "--from", path, "-tan", NULL};
	const char *live_argv[3] = {"sockscope", "-tan", NULL};
	struct spawn_result from, live;

	snprintf(path, sizeof(path), "%s/ss-all.dump", dir);
	from = run(true, argv);
	live = run(true, live_argv);
	assert_int_equal(from.status, 0);
	assert_non_null(strstr(from.out, "[::1]"));
	assert_non_null(strstr(from.out, "127.0.0.1"));
	assert_string_equal(from.out, live.out);
	spawn_result_done(&from);
	spawn_result_done(&live);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcpdiag_file),
		cmocka_unit_test(test_ss_reads_ours),
		cmocka_unit_test(test_from_reads_whole),
	};

	return harness_run_group(tests, setup, teardown);
}
