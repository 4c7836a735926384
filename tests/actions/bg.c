// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "harness.h"

#include "bg.h"
#include "spawn.h"

void bg_start(struct bg *b, ...)
{
	const char *argv[16] = {"sockscope"};
	const char *path = spawn_sockscope_path();
	int out[2], err[2];
	size_t n = 1;
	va_list ap;

	va_start(ap, b);
	for (const char *a; (a = va_arg(ap, const char *)) && n < 15;)
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	*b = (struct bg){.out = -1, .err = -1};
	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	assert_int_equal(pipe2(err, O_CLOEXEC), 0);
	b->pid = fork();
	assert_true(b->pid >= 0);
	if (b->pid == 0) {
		int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

		if (null < 0 || dup2(null, 0) < 0 || dup2(out[1], 1) < 0 ||
		    dup2(err[1], 2) < 0)
			_exit(126);
		signal(SIGPIPE, SIG_DFL);
		execv(path, (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	b->out = out[0];
	b->err = err[0];
}

static void append(char **buf, size_t *len, size_t *cap, const char *p,
		   size_t n)
{
	if (*cap - *len < n + 1) {
		size_t c = (*len + n + 1) * 2;
		char *q = realloc(*buf, c);

		assert_non_null(q);
		*buf = q;
		*cap = c;
	}
	memcpy(*buf + *len, p, n);
	*len += n;
	(*buf)[*len] = '\0';
}

/* Reads what is ready on @fd (waiting up to @ms) into the buffer. */
static void pump(struct bg *b, int ms)
{
	struct pollfd p[2] = {
		{.fd = b->out, .events = POLLIN},
		{.fd = b->err, .events = POLLIN},
	};
	char chunk[4096];

	if (poll(p, 2, ms) <= 0)
		return;
	for (int i = 0; i < 2; i++) {
		ssize_t n;

		if (p[i].fd < 0 || !p[i].revents)
			continue;
		n = read(p[i].fd, chunk, sizeof(chunk));
		if (n <= 0) {
			close(p[i].fd);
			if (i == 0)
				b->out = -1;
			else
				b->err = -1;
			continue;
		}
		if (i == 0)
			append(&b->buf, &b->len, &b->cap, chunk, (size_t)n);
		else
			append(&b->errbuf, &b->errlen, &b->errcap, chunk,
			       (size_t)n);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *bg_line(struct bg *b, int seconds)
{
	static char line[4096];
	double end = now() + seconds;

	for (;;) {
		char *nl = b->buf ? memchr(b->buf, '\n', b->len) : NULL;

		if (nl) {
			size_t n = (size_t)(nl - b->buf);

			assert_true(n < sizeof(line));
			memcpy(line, b->buf, n);
			line[n] = '\0';
			memmove(b->buf, nl + 1, b->len - n - 1);
			b->len -= n + 1;
			b->buf[b->len] = '\0';
			return line;
		}
		if (b->out < 0)
			fail_msg("sockscope's output ended; stderr: %s",
				 b->errbuf ? b->errbuf : "");
		if (now() > end)
			fail_msg("no line from sockscope in %d s; stderr: %s",
				 seconds, b->errbuf ? b->errbuf : "");
		pump(b, 100);
	}
}

/* Whether the netlink table of @pid's own network namespace (it may have
 * moved with -N) has a sock_diag socket of @pid in a group. */
static bool subscribed(pid_t pid)
{
	char path[64];
	FILE *f;
	char line[512];
	bool found = false;

	snprintf(path, sizeof(path), "/proc/%d/net/netlink", (int)pid);
	f = fopen(path, "re");

	assert_non_null(f);
	while (!found && fgets(line, sizeof(line), f)) {
		unsigned long long sk;
		int eth;
		unsigned portid, groups;

		if (sscanf(line, "%llx %d %u %x", &sk, &eth, &portid,
			   &groups) == 4 &&
		    eth == 4 /* NETLINK_SOCK_DIAG */ &&
		    portid == (unsigned)pid && groups != 0)
			found = true;
	}
	fclose(f);
	return found;
}

void bg_wait_subscribed(struct bg *b, int seconds)
{
	double end = now() + seconds;

	while (!subscribed(b->pid)) {
		if (now() > end)
			fail_msg("sockscope joined no group in %d s; "
				 "stderr: %s",
				 seconds, b->errbuf ? b->errbuf : "");
		pump(b, 10);
	}
}

bool bg_stop(struct bg *b, int sig, int *ret_status)
{
	double end = now() + 10;
	int status;

	assert_int_equal(kill(b->pid, sig), 0);
	while (b->out >= 0 || b->err >= 0) {
		if (now() > end)
			fail_msg("sockscope still runs 10 s after signal %d",
				 sig);
		pump(b, 100);
	}
	assert_int_equal(waitpid(b->pid, &status, 0), b->pid);
	b->pid = 0;
	if (!b->errbuf)
		append(&b->errbuf, &b->errlen, &b->errcap, "", 0);
	*ret_status = WIFEXITED(status) ? WEXITSTATUS(status)
					: WTERMSIG(status);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void bg_done(struct bg *b)
{
	if (!b)
		return;
	if (b->pid > 0) {
		kill(b->pid, SIGKILL);
		waitpid(b->pid, NULL, 0);
	}
	if (b->out >= 0)
		close(b->out);
	if (b->err >= 0)
		close(b->err);
	free(b->buf);
	free(b->errbuf);
	*b = (struct bg){.out = -1, .err = -1};
}
