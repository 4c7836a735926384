// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "harness.h"

#include "spawn.h"

#define SPAWN_ARGS_MAX 32

struct sink {
	int fd; /* -1 once at EOF or closed */
	char *buf;
	size_t len, cap;
};

static int sink_read(struct sink *s)
{
	ssize_t n;

	if (s->cap - s->len < 4096 + 1) {
		size_t cap = s->cap ? s->cap * 2 : 65536;
		char *buf = realloc(s->buf, cap);
		if (!buf)
			return -ENOMEM;
		s->buf = buf;
		s->cap = cap;
	}
	n = read(s->fd, s->buf + s->len, s->cap - s->len - 1);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	if (n == 0) {
		close(s->fd);
		s->fd = -1;
	}
	s->len += (size_t)n;
	s->buf[s->len] = '\0';
	return 0;
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void child(const char *path, const char *const *argv,
		  enum spawn_stdout mode, int out_w, int err_w)
{
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (null < 0 || dup2(null, STDIN_FILENO) < 0)
		_exit(126);
	if (dup2(err_w, STDERR_FILENO) < 0)
		_exit(126);
	switch (mode) {
	case SPAWN_STDOUT_PIPE:
	case SPAWN_STDOUT_HEAD:
		if (dup2(out_w, STDOUT_FILENO) < 0)
			_exit(126);
		break;
	case SPAWN_STDOUT_FULL: {
		int full = open("/dev/full", O_WRONLY | O_CLOEXEC);
		if (full < 0 || dup2(full, STDOUT_FILENO) < 0)
			_exit(126);
		break;
	}
	case SPAWN_STDOUT_CLOSED:
		close(STDOUT_FILENO);
		break;
	}
	/* The program must see SIGPIPE as a shell would start it. */
	signal(SIGPIPE, SIG_DFL);
	execv(path, (char *const *)argv);
	_exit(127);
}

int spawn_run(const char *path, const char *const *argv, enum spawn_stdout mode,
	      struct spawn_result *ret)
{
	int out[2] = {-1, -1}, err[2] = {-1, -1};
	struct sink sinks[2] = {{.fd = -1}, {.fd = -1}};
	bool want_out = mode == SPAWN_STDOUT_PIPE || mode == SPAWN_STDOUT_HEAD;
	pid_t pid;
	int status, r = 0;

	if (pipe2(err, O_CLOEXEC) < 0)
		return -errno;
	if (want_out && pipe2(out, O_CLOEXEC) < 0) {
		r = -errno;
		goto close_all;
	}
	/* A one-page pipe makes `| head -1` reach the writer after little
	 * output, whatever the system's default pipe size. */
	if (mode == SPAWN_STDOUT_HEAD)
		(void)fcntl(out[0], F_SETPIPE_SZ, 4096);

	pid = fork();
	if (pid < 0) {
		r = -errno;
		goto close_all;
	}
	if (pid == 0)
		child(path, argv, mode, out[1], err[1]);

	close(err[1]);
	err[1] = -1;
	if (out[1] >= 0) {
		close(out[1]);
		out[1] = -1;
	}
	sinks[0].fd = out[0];
	sinks[1].fd = err[0];
	out[0] = err[0] = -1;

	/* Both pipes at once: a child blocked on a full stderr while we wait
	 * on stdout would never finish. */
	while (sinks[0].fd >= 0 || sinks[1].fd >= 0) {
		struct pollfd p[2] = {
		    {.fd = sinks[0].fd, .events = POLLIN},
		    {.fd = sinks[1].fd, .events = POLLIN},
		};
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			break;
		}
		for (int i = 0; i < 2 && r == 0; i++)
			if (sinks[i].fd >= 0 && p[i].revents)
				r = sink_read(&sinks[i]);
		if (r < 0)
			break;
		if (mode == SPAWN_STDOUT_HEAD && sinks[0].fd >= 0 &&
		    sinks[0].buf && memchr(sinks[0].buf, '\n', sinks[0].len)) {
			close(sinks[0].fd);
			sinks[0].fd = -1;
		}
	}
	for (int i = 0; i < 2; i++)
		if (sinks[i].fd >= 0)
			close(sinks[i].fd);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			r = -errno;
			break;
		}
	}
	if (r < 0) {
		free(sinks[0].buf);
		free(sinks[1].buf);
		return r;
	}
	*ret = (struct spawn_result){
	    .out = sinks[0].buf ? sinks[0].buf : strdup(""),
	    .out_len = sinks[0].len,
	    .err = sinks[1].buf ? sinks[1].buf : strdup(""),
	    .err_len = sinks[1].len,
	    .exited = WIFEXITED(status),
	    .status =
		WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
	};
	return 0;

close_all:
	for (int i = 0; i < 2; i++) {
		if (out[i] >= 0)
			close(out[i]);
		if (err[i] >= 0)
			close(err[i]);
	}
	return r;
}

void spawn_result_done(struct spawn_result *r)
{
	if (!r)
		return;
	free(r->out);
	free(r->err);
	*r = (struct spawn_result){0};
}

size_t spawn_count_lines(const char *s)
{
	const char *p = s;
	size_t n = 0;

	for (; *p; p++)
		if (*p == '\n')
			n++;
	if (p > s && p[-1] != '\n')
		n++;
	return n;
}

const char *spawn_sockscope_path(void)
{
	const char *path = getenv("SOCKSCOPE");

	if (!path || !*path)
		fail_msg("$SOCKSCOPE is not set: run through `meson test`");
	return path;
}

struct spawn_result spawn_sockscope(enum spawn_stdout mode, ...)
{
	const char *argv[SPAWN_ARGS_MAX + 2] = {"sockscope"};
	struct spawn_result res;
	size_t n = 1;
	va_list ap;
	int r;

	va_start(ap, mode);
	for (const char *a;
	     (a = va_arg(ap, const char *)) && n <= SPAWN_ARGS_MAX;)
		argv[n++] = a;
	va_end(ap);
	assert_true(n <= SPAWN_ARGS_MAX);
	argv[n] = NULL;

	r = spawn_run(spawn_sockscope_path(), argv, mode, &res);
	if (r < 0)
		fail_msg("cannot run sockscope: %s", strerror(-r));
	return res;
}

bool spawn_can_become_nobody(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return false;
	if (pid == 0) {
		/* gid first: once nobody, changing it is not allowed. */
		if (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
		    setresuid(65534, 65534, 65534) < 0)
			_exit(1);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}
