// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Hostile names: unix socket paths (files and abstract) holding newline,
 * tab, quote, backslash, an ESC colour sequence and invalid UTF-8. The
 * table must show each socket on one line with every control byte
 * escaped; -j and --ndjson must parse strictly and give back the exact
 * bytes ("path", or "path_hex" when they are not UTF-8).
 * For comparison, measured with iproute2 6.1: `ss -xl` prints the raw ESC
 * byte (the terminal turns red) and splits the row at the newline; netstat
 * does the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "harness.h"

#include "netns.h"
#include "sockjson.h"
#include "spawn.h"

struct hostile {
	const char *name; /* bytes after the directory, or after the NUL */
	size_t len;
	bool abstract;
	bool utf8;
	int fd;
	uint64_t inode;
	char path[108]; /* as sockscope shows it: "@" for the NUL */
	size_t path_len;
};

#define H(s, a, u) {s, sizeof(s) - 1, a, u, -1, 0, "", 0}
static struct hostile socks[] = {
	H("/nl\nx", false, true),
	H("/tab\tx", false, true),
	H("/quote\"x", false, true),
	H("/bs\\x", false, true),
	H("/esc\x1b[31mred", false, true),
	H("/bad\xff\xfe", false, false),
	H("hostile\n\t\"\\\x1b[31m", true, true),
	H("hostile\xff\xfe\n", true, false),
};
#define N (sizeof(socks) / sizeof(socks[0]))
static char dir[] = "/tmp/sockscope-hostile-XXXXXX";

static int setup(void **state)
{
	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < N; i++) {
		struct hostile *h = &socks[i];
		union {
			struct sockaddr sa;
			struct sockaddr_un un;
		} a = {.un = {.sun_family = AF_UNIX}};
		struct stat st;
		size_t off = 0;

		if (h->abstract) {
			h->path[0] = '@';
			off = 1;
		} else {
			off = strlen(dir);
			memcpy(h->path, dir, off);
		}
		memcpy(h->path + off, h->name, h->len);
		h->path_len = off + h->len;
		memcpy(a.un.sun_path, h->path, h->path_len);
		if (h->abstract)
			a.un.sun_path[0] = '\0';
		h->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		assert_true(h->fd >= 0);
		assert_int_equal(bind(h->fd, &a.sa,
				      offsetof(struct sockaddr_un, sun_path) +
					      h->path_len),
				 0);
		assert_int_equal(listen(h->fd, 1), 0);
		assert_int_equal(fstat(h->fd, &st), 0);
		h->inode = st.st_ino;
	}
	return 0;
}

static int teardown(void **state)
{
	for (size_t i = 0; i < N; i++) {
		close(socks[i].fd);
		if (!socks[i].abstract)
			unlink(socks[i].path);
	}
	rmdir(dir);
	return 0;
}

/* The table form esc_table() documents, written independently. */
static size_t escaped(const struct hostile *h, char *dst)
{
	size_t n = 0;

	for (size_t i = 0; i < h->path_len; i++) {
		unsigned char c = (unsigned char)h->path[i];
		if (c == '\\')
			n += (size_t)sprintf(dst + n, "\\\\");
		else if (c == '\n')
			n += (size_t)sprintf(dst + n, "\\n");
		else if (c == '\t')
			n += (size_t)sprintf(dst + n, "\\t");
		else if (c < 0x20 || c == 0x7f || c >= 0xfe)
			n += (size_t)sprintf(dst + n, "\\x%02x", c);
		else
			dst[n++] = (char)c;
	}
	dst[n] = '\0';
	return n;
}

static void table_one_line_each(void **state)
{
	struct spawn_result r =
		spawn_sockscope(SPAWN_STDOUT_PIPE, "-xlH", NULL);

	if (!r.exited || r.status != 0)
		fail_msg("sockscope -xlH: status %d: %s", r.status, r.err);
	for (size_t i = 0; i < r.out_len; i++) {
		unsigned char c = (unsigned char)r.out[i];
		if ((c < 0x20 && c != '\n') || c == 0x7f)
			fail_msg("control byte 0x%02x at offset %zu of the "
				 "table:\n%s",
				 c, i, r.out);
	}
	/* Only the test's sockets exist in its namespace. */
	if (spawn_count_lines(r.out) != N)
		fail_msg("want %zu lines, got:\n%s", N, r.out);
	for (size_t i = 0; i < N; i++) {
		char want[4 * 108 + 1];
		escaped(&socks[i], want);
		char *at = strstr(r.out, want);
		if (!at)
			fail_msg("\"%s\" not in the table:\n%s", want, r.out);
		/* On a line of its own: no second occurrence. */
		if (strstr(at + 1, want) && !socks[i].abstract)
			fail_msg("\"%s\" twice in the table:\n%s", want, r.out);
	}
	spawn_result_done(&r);
}

static void check_json(struct js_sock *v, size_t n, const char *how)
{
	if (n != N)
		fail_msg("%s: want %zu sockets, got %zu", how, N, n);
	for (size_t i = 0; i < N; i++) {
		const struct hostile *h = &socks[i];
		const struct js_sock *s = NULL;

		for (size_t k = 0; k < n; k++)
			if ((uint64_t)v[k].inode == h->inode)
				s = &v[k];
		if (!s)
			fail_msg("%s: inode %llu missing", how,
				 (unsigned long long)h->inode);
		assert_int_equal(s->abstract, h->abstract);
		if (!h->abstract) {
			/* vfs_dev as the man page says: stat(2)'s st_dev of
			 * the bound file, not the kernel's encoding. */
			struct stat st;

			assert_int_equal(lstat(h->path, &st), 0);
			if (s->vfs_dev != (int64_t)st.st_dev ||
			    s->vfs_inode != (int64_t)st.st_ino)
				fail_msg("%s: vfs_dev %lld vfs_inode %lld, "
					 "stat says %llu %llu", how,
					 (long long)s->vfs_dev,
					 (long long)s->vfs_inode,
					 (unsigned long long)st.st_dev,
					 (unsigned long long)st.st_ino);
		}
		if (h->utf8) {
			if (s->path_len != h->path_len ||
			    memcmp(s->path, h->path, h->path_len) != 0)
				fail_msg("%s: path not round-tripped: %s", how,
					 s->text);
			if (s->path_hex[0])
				fail_msg("%s: path_hex for a UTF-8 path: %s",
					 how, s->text);
			continue;
		}
		/* Not UTF-8: "path" holds U+FFFD, "path_hex" the bytes. */
		char hex[2 * 108 + 1];
		for (size_t k = 0; k < h->path_len; k++)
			sprintf(hex + 2 * k, "%02x",
				(unsigned char)h->path[k]);
		if (strcmp(s->path_hex, hex) != 0)
			fail_msg("%s: path_hex %s, want %s", how, s->path_hex,
				 hex);
		if (!memmem(s->path, s->path_len, "\xef\xbf\xbd", 3))
			fail_msg("%s: no U+FFFD in path: %s", how, s->text);
	}
}

static void json_round_trip(void **state)
{
	struct spawn_result r =
		spawn_sockscope(SPAWN_STDOUT_PIPE, "-xl", "-j", NULL);
	size_t n;

	assert_true(r.exited && r.status == 0);
	struct js_sock *v = sockjson_parse_doc(r.out, r.out_len, &n);
	check_json(v, n, "-j");
	free(v);
	spawn_result_done(&r);
}

static void ndjson_round_trip(void **state)
{
	struct spawn_result r =
		spawn_sockscope(SPAWN_STDOUT_PIPE, "-xl", "--ndjson", NULL);
	size_t n;

	assert_true(r.exited && r.status == 0);
	struct js_sock *v = sockjson_parse_ndjson(r.out, r.out_len, &n);
	check_json(v, n, "--ndjson");
	free(v);
	spawn_result_done(&r);
}

/*
 * /proc/net/unix prints a path's bytes raw, so a newline in a path splits
 * its row in two and the socket cannot be read back from there; sockscope
 * skips both pieces and says so on stderr (the count checked here) rather
 * than list a truncated path. Every other hostile path comes through, and
 * escaped as from sock_diag.
 */
static void procfs_table(void **state)
{
	struct spawn_result r = spawn_sockscope(
		SPAWN_STDOUT_PIPE, "--source=procfs", "-xlH", NULL);
	size_t split = 0, listed = 0;
	char want_err[128];

	assert_true(r.exited && r.status == 0);
	for (size_t i = 0; i < r.out_len; i++) {
		unsigned char c = (unsigned char)r.out[i];
		if ((c < 0x20 && c != '\n') || c == 0x7f)
			fail_msg("control byte 0x%02x in the table:\n%s", c,
				 r.out);
	}
	for (size_t i = 0; i < N; i++) {
		char want[4 * 108 + 1];

		if (memchr(socks[i].path, '\n', socks[i].path_len)) {
			split++;
			continue;
		}
		escaped(&socks[i], want);
		if (!strstr(r.out, want))
			fail_msg("\"%s\" not in the table:\n%s", want, r.out);
		listed++;
	}
	if (spawn_count_lines(r.out) != listed)
		fail_msg("want %zu lines, got:\n%s", listed, r.out);
	snprintf(want_err, sizeof(want_err), "skipped %zu malformed lines",
		 2 * split);
	if (!strstr(r.err, want_err))
		fail_msg("stderr does not say \"%s\": %s", want_err, r.err);
	spawn_result_done(&r);
}

/* Whether sockscope refused an option it does not have yet: exit 2 and
 * "not implemented" (the option lands on another branch). */
static bool not_implemented(const struct spawn_result *r)
{
	return r->exited && r->status == 2 &&
	       strstr(r->err, "not implemented") != NULL;
}

/* A child named @name (PR_SET_NAME: up to 15 bytes, any but NUL) holding
 * a unix socket, until killed. Returns its pid. */
static pid_t named_child(const char *name)
{
	int ready[2];
	char c;
	pid_t pid;

	assert_int_equal(pipe(ready), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);
		/* Gone with the test even when a failed check skips the
		 * kill below. */
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		prctl(PR_SET_NAME, name, 0, 0, 0);
		(void)fd;
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	close(ready[1]);
	return pid;
}

/* A process name with ESC and a newline (PR_SET_NAME takes any bytes but
 * NUL), shown by -p: escaped in the table. */
static void process_name_escaped(void **state)
{
	pid_t pid = named_child("ev\x1b[31m\nil");
	struct spawn_result r =
		spawn_sockscope(SPAWN_STDOUT_PIPE, "-xap", NULL);

	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (not_implemented(&r)) {
		print_message("skipped: sockscope -p: %s", r.err);
		spawn_result_done(&r);
		skip();
	}
	assert_true(r.exited && r.status == 0);
	for (size_t i = 0; i < r.out_len; i++) {
		unsigned char b = (unsigned char)r.out[i];
		if ((b < 0x20 && b != '\n') || b == 0x7f)
			fail_msg("control byte 0x%02x in the table:\n%s", b,
				 r.out);
	}
	if (!strstr(r.out, "ev\\x1b[31m\\nil"))
		fail_msg("escaped process name not in:\n%s", r.out);
	spawn_result_done(&r);
}

/* A name of exactly 15 bytes that, printed raw between ss's quotes, reads
 * as two owners: ("",pid=1),("sshd",pid=N,fd=M). Escaped, it is one.
 * For comparison, measured with iproute2 6.1: `ss -xp` prints the name
 * raw and cut at its first ')' (it reads /proc/PID/stat so):
 * users:(("",pid=1",pid=N,fd=M)). */
static void process_name_cannot_forge_owner(void **state)
{
	pid_t pid = named_child("\",pid=1),(\"sshd");
	char want[64];
	struct spawn_result r =
		spawn_sockscope(SPAWN_STDOUT_PIPE, "-xap", NULL);

	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_true(r.exited && r.status == 0);
	snprintf(want, sizeof(want), "((\"\\\",pid=1),(\\\"sshd\",pid=%d,",
		 (int)pid);
	if (!strstr(r.out, want))
		fail_msg("\"%s\" not in:\n%s", want, r.out);
	if (strstr(r.out, "((\"\",pid=1)"))
		fail_msg("a forged owner (\"\",pid=1) in:\n%s", r.out);
	spawn_result_done(&r);
}

/* U+202E (right-to-left override) and U+200B in a process name would
 * reorder or hide the rest of the row on a terminal: escaped per byte. */
static void process_name_bidi_escaped(void **state)
{
	pid_t pid = named_child("ab\xe2\x80\xae" "cd\xe2\x80\x8b");
	struct spawn_result r =
		spawn_sockscope(SPAWN_STDOUT_PIPE, "-xap", NULL);

	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_true(r.exited && r.status == 0);
	if (!strstr(r.out, "\"ab\\xe2\\x80\\xaecd\\xe2\\x80\\x8b\""))
		fail_msg("escaped bidi name not in:\n%s", r.out);
	if (strstr(r.out, "\xe2\x80\xae") || strstr(r.out, "\xe2\x80\x8b"))
		fail_msg("a raw format character in:\n%s", r.out);
	spawn_result_done(&r);
}

/* Fails the test if @s holds a byte a terminal acts on (C0 but newline,
 * DEL, the first byte of a C1 control) or a bidi/zero-width character. */
static void no_terminal_bytes(const char *what, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char b = (unsigned char)s[i];
		if ((b < 0x20 && b != '\n') || b == 0x7f ||
		    (b == 0xc2 && i + 1 < len &&
		     (unsigned char)s[i + 1] < 0xa0))
			fail_msg("%s: byte 0x%02x reached the terminal:\n%s",
				 what, b, s);
		if (b == 0xe2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0xae)
			fail_msg("%s: U+202E reached the terminal:\n%s", what, s);
	}
}

/* A filter, an option and an -F path holding ESC ]0;...BEL (which would
 * retitle the terminal), a CSI and U+202E: every message that echoes them
 * shows them escaped, the caret still under the escaped token. */
static void hostile_input_in_messages_escaped(void **state)
{
	static const char osc[] = "\x1b]0;pwned\x07";
	char filter[128], option[64], file[64];
	struct spawn_result r;

	snprintf(filter, sizeof(filter), "dport = :%s", osc);
	r = spawn_sockscope(SPAWN_STDOUT_PIPE, "-t", filter, NULL);
	assert_true(r.exited && r.status == 2);
	no_terminal_bytes("filter error", r.err, r.err_len);
	if (!strstr(r.err, "dport = :\\x1b]0;pwned\\x07\n"
			   "         ^^^^^^^^^^^^^^^^\n"))
		fail_msg("escaped filter line and caret not in:\n%s", r.err);
	spawn_result_done(&r);

	snprintf(option, sizeof(option), "--x\x1b[2J\xe2\x80\xae");
	r = spawn_sockscope(SPAWN_STDOUT_PIPE, option, NULL);
	assert_true(r.exited && r.status == 2);
	no_terminal_bytes("option error", r.err, r.err_len);
	if (!strstr(r.err, "--x\\x1b[2J\\xe2\\x80\\xae"))
		fail_msg("escaped option not in:\n%s", r.err);
	spawn_result_done(&r);

	snprintf(file, sizeof(file), "/nonexistent%s", osc);
	r = spawn_sockscope(SPAWN_STDOUT_PIPE, "-F", file, NULL);
	assert_true(r.exited && r.status == 2);
	no_terminal_bytes("-F error", r.err, r.err_len);
	if (!strstr(r.err, "-F /nonexistent\\x1b]0;pwned\\x07:"))
		fail_msg("escaped -F path not in:\n%s", r.err);
	spawn_result_done(&r);

	r = spawn_sockscope(SPAWN_STDOUT_PIPE, "-N", file, NULL);
	assert_true(r.exited && r.status == 2);
	no_terminal_bytes("-N error", r.err, r.err_len);
	spawn_result_done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_one_line_each),
		cmocka_unit_test(json_round_trip),
		cmocka_unit_test(ndjson_round_trip),
		cmocka_unit_test(procfs_table),
		cmocka_unit_test(process_name_escaped),
		cmocka_unit_test(hostile_input_in_messages_escaped),
		cmocka_unit_test(process_name_cannot_forge_owner),
		cmocka_unit_test(process_name_bidi_escaped),
	};

	netns_enter_or_skip();
	return harness_run_group(tests, setup, teardown);
}
