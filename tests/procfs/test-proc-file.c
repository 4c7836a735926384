// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * procfs_file_read(): the line splitting, the header gate, skipped lines,
 * over-long and cut-off lines, errors. Files are written to a fresh
 * <tmp>/net/ directory per test.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "procfs-test.h"

struct tmp {
	char root[64];
	char net[80];
};

static int tmp_setup(void **state)
{
	struct tmp *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	strcpy(t->root, "/tmp/sockscope-procfs-XXXXXX");
	assert_non_null(mkdtemp(t->root));
	snprintf(t->net, sizeof(t->net), "%s/net", t->root);
	assert_int_equal(mkdir(t->net, 0700), 0);
	*state = t;
	return 0;
}

static int tmp_teardown(void **state)
{
	struct tmp *t = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->root);
	assert_int_equal(system(cmd), 0);
	free(t);
	return 0;
}

static void put(const struct tmp *t, const char *name, const void *data,
		size_t len)
{
	char path[160];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", t->net, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static bool header_is_h(const char *line, size_t len)
{
	return len == 1 && line[0] == 'H';
}

/* Records what it is given: lines joined with '|', NULL as '#'. Lines
 * starting with 'x' are refused (-EBADMSG), "stop" stops (-EPIPE). */
struct seen {
	char text[4 * 1024 * 1024];
	size_t len;
	size_t calls, nulls;
};

static int seen_line(const char *line, size_t len, void *userdata)
{
	struct seen *s = userdata;

	s->calls++;
	if (!line) {
		s->nulls++;
		s->text[s->len++] = '#';
		s->text[s->len++] = '|';
		return -EBADMSG;
	}
	assert_true(s->len + len + 2 < sizeof(s->text));
	assert_null(memchr(line, '\n', len));
	memcpy(s->text + s->len, line, len);
	s->len += len;
	s->text[s->len++] = '|';
	s->text[s->len] = '\0';
	if (len == 4 && memcmp(line, "stop", 4) == 0)
		return -EPIPE;
	return len > 0 && line[0] == 'x' ? -EBADMSG : 0;
}

static int read_file(const struct tmp *t, const char *name, struct seen *s,
		     size_t *skipped)
{
	memset(s, 0, sizeof(*s));
	*skipped = 0;
	return procfs_file_read(t->root, name, header_is_h, seen_line, s,
				skipped);
}

static void lines_come_in_order_without_newline(void **state)
{
	static struct seen s;
	size_t skipped;

	put(*state, "f", LINE("H\none\n\ntwo words\n"));
	assert_int_equal(read_file(*state, "f", &s, &skipped), 0);
	assert_string_equal(s.text, "one||two words|");
	assert_int_equal(skipped, 0);
}

static void refused_lines_are_counted(void **state)
{
	static struct seen s;
	size_t skipped;

	put(*state, "f", LINE("H\nxa\nb\nxc\n"));
	assert_int_equal(read_file(*state, "f", &s, &skipped), 0);
	assert_string_equal(s.text, "xa|b|xc|");
	assert_int_equal(skipped, 2);
}

static void header_only_is_no_lines(void **state)
{
	static struct seen s;
	size_t skipped;

	put(*state, "f", LINE("H\n"));
	assert_int_equal(read_file(*state, "f", &s, &skipped), 0);
	assert_int_equal(s.calls, 0);
}

static void wrong_header_is_ebadmsg(void **state)
{
	static struct seen s;
	size_t skipped;

	put(*state, "f", LINE("not the header\nline\n"));
	assert_int_equal(read_file(*state, "f", &s, &skipped), -EBADMSG);
	assert_int_equal(s.calls, 0); /* no line is trusted */
}

static void empty_file_is_ebadmsg(void **state)
{
	static struct seen s;
	size_t skipped;

	put(*state, "f", "", 0);
	assert_int_equal(read_file(*state, "f", &s, &skipped), -EBADMSG);
}

static void header_without_newline_is_ebadmsg(void **state)
{
	static struct seen s;
	size_t skipped;

	put(*state, "f", LINE("H"));
	assert_int_equal(read_file(*state, "f", &s, &skipped), -EBADMSG);
}

static void missing_file_is_enoent(void **state)
{
	static struct seen s;
	size_t skipped;

	assert_int_equal(read_file(*state, "nope", &s, &skipped), -ENOENT);
}

static void directory_is_a_read_error(void **state)
{
	const struct tmp *t = *state;
	static struct seen s;
	size_t skipped;
	char path[160];

	snprintf(path, sizeof(path), "%s/dir", t->net);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(read_file(*state, "dir", &s, &skipped), -EISDIR);
}

static void cut_last_line_is_not_delivered(void **state)
{
	static struct seen s;
	size_t skipped;

	put(*state, "f", LINE("H\nwhole\ncut"));
	assert_int_equal(read_file(*state, "f", &s, &skipped), 0);
	assert_string_equal(s.text, "whole|#|");
	assert_int_equal(skipped, 1);
}

static void overlong_line_is_skipped_once(void **state)
{
	static char data[PROCFS_LINE_MAX * 3];
	static struct seen s;
	size_t skipped, n = 0;

	n += (size_t)sprintf(data, "H\nbefore\n");
	memset(data + n, 'a', PROCFS_LINE_MAX + 1);
	n += PROCFS_LINE_MAX + 1;
	n += (size_t)sprintf(data + n, "\nafter\n");
	put(*state, "f", data, n);
	assert_int_equal(read_file(*state, "f", &s, &skipped), 0);
	assert_string_equal(s.text, "before|#|after|");
	assert_int_equal(skipped, 1);
}

static void line_of_the_bound_is_delivered(void **state)
{
	static char data[PROCFS_LINE_MAX + 16];
	static struct seen s;
	size_t skipped, n = 0;

	n += (size_t)sprintf(data, "H\n");
	memset(data + n, 'b', PROCFS_LINE_MAX);
	n += PROCFS_LINE_MAX;
	data[n++] = '\n';
	put(*state, "f", data, n);
	assert_int_equal(read_file(*state, "f", &s, &skipped), 0);
	assert_int_equal(s.nulls, 0);
	assert_int_equal(s.len, PROCFS_LINE_MAX + 1);
}

static void overlong_header_is_ebadmsg(void **state)
{
	static char data[PROCFS_LINE_MAX + 16];
	static struct seen s;
	size_t skipped;

	memset(data, 'H', PROCFS_LINE_MAX + 1);
	data[PROCFS_LINE_MAX + 1] = '\n';
	put(*state, "f", data, PROCFS_LINE_MAX + 2);
	assert_int_equal(read_file(*state, "f", &s, &skipped), -EBADMSG);
}

/* Far more than one read buffer: lines of every length from 0 to 199
 * must come out whole wherever the reads split them. */
static void lines_survive_read_boundaries(void **state)
{
	static char data[2 * 1024 * 1024], want[sizeof(data)];
	static struct seen s;
	size_t skipped, n = 0, w = 0, lines = 0;

	n += (size_t)sprintf(data, "H\n");
	while (n < sizeof(data) - 512) {
		size_t len = lines % 200;

		for (size_t i = 0; i < len; i++)
			data[n + i] = want[w + i] = (char)('a' + (lines + i) % 26);
		n += len;
		w += len;
		data[n++] = '\n';
		want[w++] = '|';
		lines++;
	}
	want[w] = '\0';
	/* read_file() below needs s.text to hold it all */
	assert_true(w < sizeof(s.text));
	put(*state, "f", data, n);
	assert_int_equal(read_file(*state, "f", &s, &skipped), 0);
	assert_int_equal(s.calls, lines);
	assert_int_equal(s.len, w);
	assert_memory_equal(s.text, want, w);
}

/* An over-long line that spans several reads is still one skip. */
static void huge_line_across_reads_is_one_skip(void **state)
{
	static char data[700 * 1024];
	static struct seen s;
	size_t skipped, n = 0;

	n += (size_t)sprintf(data, "H\nfirst\n");
	memset(data + n, 'z', 600 * 1024);
	n += 600 * 1024;
	n += (size_t)sprintf(data + n, "\nlast\n");
	put(*state, "f", data, n);
	assert_int_equal(read_file(*state, "f", &s, &skipped), 0);
	assert_string_equal(s.text, "first|#|last|");
	assert_int_equal(skipped, 1);
}

/* A file that claims to be net/<name> but would never end or never
 * answer: refused at open, before any read. Today's main spins forever on
 * /dev/zero and blocks in open() on a FIFO: meson's timeout fails it. */
static void device_symlink_is_refused(void **state)
{
	const struct tmp *t = *state;
	static struct seen s;
	size_t skipped;
	char path[160];

	snprintf(path, sizeof(path), "%s/zero", t->net);
	assert_int_equal(symlink("/dev/zero", path), 0);
	assert_int_equal(read_file(*state, "zero", &s, &skipped),
			 -PROCFS_ENOTFILE);
	assert_int_equal(s.calls, 0);
}

static void fifo_is_refused_without_blocking(void **state)
{
	const struct tmp *t = *state;
	static struct seen s;
	size_t skipped;
	char path[160];
	int fd;

	snprintf(path, sizeof(path), "%s/fifo", t->net);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(read_file(*state, "fifo", &s, &skipped),
			 -PROCFS_ENOTFILE);
	assert_int_equal(s.calls, 0);
	fd = procfs_open(t->root, "fifo");
	assert_int_equal(fd, -PROCFS_ENOTFILE);
}

/* /proc's own files are read as before (they are regular there too). */
static void proc_itself_is_read(void **state)
{
	int fd = procfs_open("/proc", "unix");

	if (fd == -ENOENT)
		skip(); /* no AF_UNIX in this kernel */
	assert_true(fd >= 0);
	assert_int_equal(procfs_fd_check(fd), 0);
	close(fd);
}

/* A sparse file of @size bytes holding @head at its start: zeros after,
 * read in no time but never ending in a '\n'. */
static void put_sparse(const struct tmp *t, const char *name,
		       const char *head, off_t size)
{
	char path[160];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", t->net, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, head, strlen(head)), (ssize_t)strlen(head));
	assert_int_equal(ftruncate(fd, size), 0);
	close(fd);
}

/* The search for the header's '\n' stops past PROCFS_LINE_MAX: a 1 TiB
 * first line is refused after one read (main reads it all). */
static void header_search_is_bounded(void **state)
{
	static struct seen s;
	size_t skipped;

	put_sparse(*state, "f", "", (off_t)1 << 40);
	assert_int_equal(read_file(*state, "f", &s, &skipped), -EBADMSG);
	assert_int_equal(s.calls, 0);
}

/* A line over PROCFS_LINE_HARD_MAX refuses the file, with or without a
 * '\n' at its end: a 1 TiB line is not read to its end (main does), a
 * 2 MiB one is not skipped as if the rest could be trusted. */
static void huge_line_refuses_the_file(void **state)
{
	static char data[2 * 1024 * 1024 + 64];
	static struct seen s;
	size_t skipped, n = 0;

	put_sparse(*state, "f", "H\nfirst\n", (off_t)1 << 40);
	assert_int_equal(read_file(*state, "f", &s, &skipped), -EBADMSG);
	assert_string_equal(s.text, "first|");

	n += (size_t)sprintf(data, "H\nfirst\n");
	memset(data + n, 'z', 2 * 1024 * 1024);
	n += 2 * 1024 * 1024;
	n += (size_t)sprintf(data + n, "\nlast\n");
	put(*state, "g", data, n);
	assert_int_equal(read_file(*state, "g", &s, &skipped), -EBADMSG);
	assert_string_equal(s.text, "first|");
}

static void callback_error_stops_the_read(void **state)
{
	static struct seen s;
	size_t skipped;

	put(*state, "f", LINE("H\nxbad\nstop\nnever\n"));
	assert_int_equal(read_file(*state, "f", &s, &skipped), -EPIPE);
	assert_string_equal(s.text, "xbad|stop|");
	assert_int_equal(skipped, 1); /* counted before the stop */
}

static void overlong_root_is_enametoolong(void **state)
{
	static char root[8192];
	size_t skipped = 0;

	memset(root, 'r', sizeof(root) - 1);
	assert_int_equal(procfs_file_read(root, "tcp", header_is_h, seen_line,
					  NULL, &skipped),
			 -ENAMETOOLONG);
}

#define T(f) cmocka_unit_test_setup_teardown(f, tmp_setup, tmp_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(lines_come_in_order_without_newline),
		T(refused_lines_are_counted),
		T(header_only_is_no_lines),
		T(wrong_header_is_ebadmsg),
		T(empty_file_is_ebadmsg),
		T(header_without_newline_is_ebadmsg),
		T(missing_file_is_enoent),
		T(directory_is_a_read_error),
		T(cut_last_line_is_not_delivered),
		T(overlong_line_is_skipped_once),
		T(line_of_the_bound_is_delivered),
		T(overlong_header_is_ebadmsg),
		T(lines_survive_read_boundaries),
		T(huge_line_across_reads_is_one_skip),
		T(callback_error_stops_the_read),
		T(device_symlink_is_refused),
		T(fifo_is_refused_without_blocking),
		T(header_search_is_bounded),
		T(huge_line_refuses_the_file),
		cmocka_unit_test(proc_itself_is_read),
		cmocka_unit_test(overlong_root_is_enametoolong),
	};

	return harness_run_group(tests, NULL, NULL);
}
