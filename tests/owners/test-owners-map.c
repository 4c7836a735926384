// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * owners_scan() over a fake /proc: a temporary tree of PID/fd/N symlinks
 * to "socket:[N]", "pipe:[N]" and paths, and PID/comm files. What the
 * map answers, what it counts as not readable, the command names it reads
 * (once), and the users:(...) cell. Then one scan of the real /proc for a
 * socket of this process.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

#include "src/names/names.h"
#include "src/options.h"
#include "src/output/out.h"
#include "src/owners/owners.h"

static char root[64];

static void put_file(const char *rel, const char *text, size_t len)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
}

static void put_dir(const char *fmt, ...)
{
	char rel[128], path[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

/* PID/fd/FD -> @target, making PID/ and PID/fd/ as needed. */
static void put_fd(unsigned pid, const char *fd, const char *target)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%u", root, pid);
	(void)mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%u/fd", root, pid);
	(void)mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%u/fd/%s", root, pid, fd);
	assert_int_equal(symlink(target, path), 0);
}

static void put_link(const char *rel, const char *target)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(symlink(target, path), 0);
}

static void put_comm(unsigned pid, const char *text, size_t len)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "%u/comm", pid);
	put_file(rel, text, len);
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	return remove(path);
}

/*
 *   100: fd 3 socket:[123], 4 pipe, 7 socket:[456], "x" (not an fd)
 *   200: fd 5 socket:[123]
 *   300: no fd/ (exited): neither owner nor unreadable
 *   400: fd is a file: cannot be read
 *   450: fd is a symlink: not followed, cannot be read
 *   500: the largest inode, and link texts that only look like sockets
 *   600: fd 10 socket:[123], no comm (exited since)
 *   700: a name with a newline and an escape byte
 *   self, net: not processes
 */
static int setup(void **state)
{
	strcpy(root, "/tmp/owners-test-XXXXXX");
	assert_non_null(mkdtemp(root));

	put_fd(100, "3", "socket:[123]");
	put_fd(100, "4", "pipe:[55]");
	put_fd(100, "7", "socket:[456]");
	put_fd(100, "x", "socket:[999]");
	put_comm(100, "web\n", 4);
	put_fd(200, "5", "socket:[123]");
	put_comm(200, "db\n", 3);
	put_dir("300");
	put_dir("400");
	put_file("400/fd", "", 0);
	put_dir("450");
	put_dir("450/real");
	put_link("450/real/1", "socket:[789]");
	put_link("450/fd", "real");
	put_fd(500, "0", "/dev/null");
	put_fd(500, "1", "socket:[4294967295]");
	put_fd(500, "2", "socket:[4294967296]");
	put_fd(500, "8", "socket:[12a]");
	put_fd(500, "9", "socket:[]");
	put_fd(500, "11", "/tmp/socket:[321]");
	put_comm(500, "x\n", 2);
	put_fd(600, "10", "socket:[123]");
	put_fd(700, "3", "socket:[777]");
	put_comm(700, "a\nb\x1b\n", 5);
	put_dir("net");
	put_link("self", "100");
	return 0;
}

static int teardown(void **state)
{
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

static struct owners *scan(unsigned threads)
{
	struct owners *m = NULL;

	assert_int_equal(owners_scan(root, threads, &m), 0);
	assert_non_null(m);
	return m;
}

static void every_holder_of_a_socket_sorted(void **state)
{
	struct owners *m = scan(1);
	size_t n;
	const struct owners_entry *v = owners_lookup(m, 123, &n);

	assert_int_equal(n, 3);
	assert_int_equal(v[0].pid, 100);
	assert_int_equal(v[0].fd, 3);
	assert_int_equal(v[1].pid, 200);
	assert_int_equal(v[1].fd, 5);
	assert_int_equal(v[2].pid, 600);
	assert_int_equal(v[2].fd, 10);
	v = owners_lookup(m, 456, &n);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].pid, 100);
	assert_int_equal(v[0].fd, 7);
	owners_free(m);
}

static void only_socket_links_count(void **state)
{
	struct owners *m = scan(1);
	size_t n = 99;

	assert_null(owners_lookup(m, 55, &n)); /* a pipe */
	assert_int_equal(n, 0);
	assert_null(owners_lookup(m, 999, &n)); /* "x" is no descriptor */
	assert_null(owners_lookup(m, 12, &n));
	assert_null(owners_lookup(m, 321, &n)); /* a path */
	assert_null(owners_lookup(m, 789, &n)); /* behind a symlinked fd/ */
	/* 4294967296 does not fit an inode: not wrapped to 0 or 1. */
	assert_null(owners_lookup(m, 0, &n));
	assert_int_equal(n, 0);
	assert_null(owners_lookup(m, 1, &n));
	assert_non_null(owners_lookup(m, 4294967295u, &n));
	assert_int_equal(n, 1);
	owners_free(m);
}

static void stats_count_processes_sockets_and_unreadable(void **state)
{
	struct owners *m = scan(1);
	const struct owners_stats *st = owners_stats(m);

	/* 100 200 300 400 450 500 600 700; not self, not net. */
	assert_int_equal(st->procs, 8);
	/* 400 (fd/ a file) and 450 (fd/ a symlink); 300 has exited. */
	assert_int_equal(st->unreadable, 2);
	/* 100: 2, 200: 1, 500: 1, 600: 1, 700: 1 */
	assert_int_equal(st->sockets, 6);
	owners_free(m);
}

static void command_name_read_once(void **state)
{
	struct owners *m = scan(1);
	size_t n, len = 0;
	const struct owners_entry *v = owners_lookup(m, 123, &n);
	const char *comm = owners_comm(m, &v[0], &len);

	assert_non_null(comm);
	assert_int_equal(len, 3);
	assert_string_equal(comm, "web");
	/* Read once per process: a later change is not seen. */
	put_comm(100, "changed\n", 8);
	assert_string_equal(owners_comm(m, &v[0], &len), "web");
	/* The same process through another socket: the same name. */
	v = owners_lookup(m, 456, &n);
	assert_string_equal(owners_comm(m, &v[0], &len), "web");
	/* No comm: the process is gone. */
	v = owners_lookup(m, 123, &n);
	assert_null(owners_comm(m, &v[2], &len));
	owners_free(m);
	put_comm(100, "web\n", 4);
}

/* Issue 10 point 9: the names are read in the walk, with the
 * descriptors, not when printed: a process that exits after the walk and
 * whose pid a new process takes does not lend the new one's name. */
static void reused_pid_lends_no_name(void **state)
{
	struct owners *m = scan(1);
	size_t n, len = 0;
	const struct owners_entry *v = owners_lookup(m, 123, &n);

	const char *comm;
	char got[OWNERS_COMM_MAX + 1] = "";

	/* Before any name is asked for, pid 100 becomes another process. */
	put_comm(100, "impostor\n", 9);
	comm = owners_comm(m, &v[0], &len);
	if (comm)
		memcpy(got, comm, len);
	put_comm(100, "web\n", 4); /* the other tests' tree again */
	assert_string_equal(got, "web");
	assert_int_equal(len, 3);
	owners_free(m);
}

static void command_name_keeps_inner_bytes(void **state)
{
	struct owners *m = scan(1);
	size_t n, len = 0;
	const struct owners_entry *v = owners_lookup(m, 777, &n);
	const char *comm;

	assert_int_equal(n, 1);
	comm = owners_comm(m, &v[0], &len);
	assert_int_equal(len, 4);
	assert_memory_equal(comm, "a\nb\x1b", 4);
	owners_free(m);
}

/* The names stage out_fmt_users() reads @m's command names through. */
static struct names *names_of(struct owners *m)
{
	static const struct options opts;
	struct names *names;

	assert_int_equal(names_new(&opts, m, &names), 0);
	return names;
}

static void users_cell_as_ss(void **state)
{
	struct owners *m = scan(1);
	struct names *names = names_of(m);
	char cell[OUT_USERS_MAX + 1];
	size_t n, len;
	const struct owners_entry *v = owners_lookup(m, 123, &n);

	len = out_fmt_users(names, v, n, cell);
	cell[len] = '\0';
	assert_string_equal(
		cell,
		"users:((\"web\",pid=100,fd=3),(\"db\",pid=200,fd=5),(?,pid=600,fd=10))");
	v = owners_lookup(m, 777, &n);
	len = out_fmt_users(names, v, n, cell);
	cell[len] = '\0';
	assert_string_equal(cell, "users:((\"a\\nb\\x1b\",pid=700,fd=3))");
	assert_int_equal(out_fmt_users(names, NULL, 0, cell), 0);
	names_free(names);
	owners_free(m);
}

/* Sockets 10000 + i, each held by process 1000 + i; socket 5 by every
 * one of them, each named with 15 control bytes. */
#define MANY 300

static void add_many(void)
{
	char fd[16], target[32], comm[16];

	memset(comm, 1, 15);
	comm[15] = '\n';
	for (unsigned i = 0; i < MANY; i++) {
		snprintf(target, sizeof(target), "socket:[%u]", 10000 + i);
		put_fd(1000 + i, "3", target);
		snprintf(fd, sizeof(fd), "%u", 4 + i % 7);
		put_fd(1000 + i, fd, "socket:[5]");
		put_comm(1000 + i, comm, sizeof(comm));
	}
}

static void long_list_cut_with_ellipsis(void **state)
{
	struct owners *m;
	struct names *names;
	char *cell = malloc(OUT_USERS_MAX);
	size_t n, len;
	const struct owners_entry *v;

	add_many();
	m = scan(1);
	names = names_of(m);
	v = owners_lookup(m, 5, &n);
	assert_int_equal(n, MANY);
	len = out_fmt_users(names, v, n, cell);
	assert_true(len <= OUT_USERS_MAX);
	assert_true(len > OUT_USERS_MAX / 2);
	assert_memory_equal(cell + len - 5, ",...)", 5);
	assert_memory_equal(cell, "users:((\"\\x01", 13);
	free(cell);
	names_free(names);
	owners_free(m);
}

static void threads_find_the_same(void **state)
{
	struct owners *one = scan(1), *four = scan(4);
	size_t n1, n4;

	/* add_many() ran before: enough descriptors for threads. */
	assert_int_equal(owners_stats(one)->sockets,
			 owners_stats(four)->sockets);
	assert_int_equal(owners_stats(one)->unreadable,
			 owners_stats(four)->unreadable);
	for (uint32_t inode = 0; inode < 10000 + MANY; inode++) {
		const struct owners_entry *a = owners_lookup(one, inode, &n1);
		const struct owners_entry *b = owners_lookup(four, inode, &n4);
		assert_int_equal(n1, n4);
		for (size_t i = 0; i < n1; i++) {
			assert_int_equal(a[i].pid, b[i].pid);
			assert_int_equal(a[i].fd, b[i].fd);
		}
	}
	assert_int_equal(owners_lookup(four, 5, &n4)[MANY - 1].pid,
			 1000 + MANY - 1);
	owners_free(one);
	owners_free(four);
}

static void missing_root_is_an_error(void **state)
{
	struct owners *m = (struct owners *)&m;

	assert_int_equal(owners_scan("/nonexistent/proc", 1, &m), -ENOENT);
	assert_ptr_equal(m, (struct owners *)&m);
	owners_free(NULL);
}

/* Whether the map holds (this process, @fd) on @inode, once. */
static bool holds(struct owners *m, uint32_t inode, int fd)
{
	size_t n, len, seen = 0;
	const struct owners_entry *v = owners_lookup(m, inode, &n);

	for (size_t i = 0; i < n; i++)
		if (v[i].pid == (uint32_t)getpid() && v[i].fd == fd) {
			assert_non_null(owners_comm(m, &v[i], &len));
			seen++;
		}
	return seen == 1;
}

/* The real /proc, where descriptors are tried by number before any
 * listing: a low one, and one far past a gap the probe gives up on, or
 * past the count it was given if this process opened more since (the
 * walk itself opens one). */
static void own_sockets_in_real_proc(void **state)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int far = 900;
	struct owners *m;
	struct stat st;

	assert_true(fd >= 0 && fd < 64);
	assert_int_equal(fstat(fd, &st), 0);
	if (fcntl(far, F_GETFD) >= 0 || dup3(fd, far, O_CLOEXEC) != far)
		far = -1; /* taken, or over the limit: only the low one */
	for (unsigned threads = 1; threads <= 2; threads++) {
		assert_int_equal(owners_scan(NULL, threads, &m), 0);
		assert_true(holds(m, (uint32_t)st.st_ino, fd));
		if (far >= 0)
			assert_true(holds(m, (uint32_t)st.st_ino, far));
		owners_free(m);
	}
	if (far >= 0)
		close(far);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_holder_of_a_socket_sorted),
		cmocka_unit_test(only_socket_links_count),
		cmocka_unit_test(stats_count_processes_sockets_and_unreadable),
		cmocka_unit_test(command_name_read_once),
		cmocka_unit_test(reused_pid_lends_no_name),
		cmocka_unit_test(command_name_keeps_inner_bytes),
		cmocka_unit_test(users_cell_as_ss),
		cmocka_unit_test(long_list_cut_with_ellipsis),
		cmocka_unit_test(threads_find_the_same),
		cmocka_unit_test(missing_root_is_an_error),
		cmocka_unit_test(own_sockets_in_real_proc),
	};

	return harness_run_group(tests, setup, teardown);
}
