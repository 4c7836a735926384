// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * popgen: builds a population of established TCP loopback connections in
 * the current network namespace, runs a command while it exists, then
 * tears it down.
 *
 *   popgen [-n SOCKETS] [-w WORKERS | -m PER_WORKER] [-l LISTENERS] [-f]
 *          [-- COMMAND [ARG...]]
 *
 * SOCKETS (default 120000) counts both ends: SOCKETS/2 pairs. The pairs are
 * spread over WORKERS forked processes (default 10, the "about ten
 * processes hold 100k sockets" shape a -p benchmark wants), more if one
 * process could not hold its share under RLIMIT_NOFILE. Clients connect
 * round-robin to LISTENERS listeners on 127.0.0.1:5000 and up, so each
 * (source port, destination) 4-tuple stays far from exhaustion.
 *
 * When every worker holds its share, "ready SOCKETS" goes to stdout and
 * COMMAND runs (execvp, no shell); its exit status becomes popgen's. With
 * no COMMAND, popgen waits for SIGINT or SIGTERM. Progress and errors go
 * to stderr.
 *
 * It writes two per-namespace sysctls (net.ipv4.ip_local_port_range and
 * net.core.somaxconn), so it refuses to run in a namespace with any device
 * but lo unless given -f: run it under `unshare -n`.
 *
 * Build: cc -O2 -Wall -Wextra -o popgen popgen.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BASE_PORT 5000
#define MAX_LISTENERS 64
#define DEFAULT_SOCKETS 120000L
#define DEFAULT_WORKERS 10L
#define DEFAULT_LISTENERS 16L
/* Connects issued before a worker drains the accept queues: small enough
 * that W workers together never fill a listener's queue, large enough
 * that poll() is rare. */
#define BATCH 128
/* Descriptors a worker holds besides its sockets: stdio, the ready pipe,
 * slack for the C library. */
#define FD_SLACK 16

struct config {
	long sockets;
	long workers;    /* 0: choose */
	long per_worker; /* 0: not given */
	long listeners;
	bool force;
	char **command; /* NULL-terminated, or NULL */
};

static void usage(FILE *f)
{
	fputs("Usage: popgen [-n SOCKETS] [-w WORKERS | -m PER_WORKER] "
	      "[-l LISTENERS] [-f] [-- COMMAND [ARG...]]\n"
	      "  -n  TCP sockets to create, both ends counted (default "
	      "120000)\n"
	      "  -w  worker processes holding them (default 10, more if "
	      "RLIMIT_NOFILE needs)\n"
	      "  -m  sockets per worker instead of -w\n"
	      "  -l  listeners on 127.0.0.1:5000.. (default 16, max 64)\n"
	      "  -f  run even in a namespace with devices besides lo\n",
	      f);
}

static int parse_long(const char *s, long min, long max, long *ret)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -EINVAL;
	*ret = v;
	return 0;
}

static int parse_args(int argc, char **argv, struct config *ret)
{
	struct config c = {
		.sockets = DEFAULT_SOCKETS,
		.listeners = DEFAULT_LISTENERS,
	};
	int opt;

	while ((opt = getopt(argc, argv, "+n:w:m:l:fh")) != -1) {
		int r = 0;

		switch (opt) {
		case 'n':
			r = parse_long(optarg, 2, 100000000, &c.sockets);
			break;
		case 'w':
			r = parse_long(optarg, 1, 100000, &c.workers);
			break;
		case 'm':
			r = parse_long(optarg, 2, 100000000, &c.per_worker);
			break;
		case 'l':
			r = parse_long(optarg, 1, MAX_LISTENERS, &c.listeners);
			break;
		case 'f':
			c.force = true;
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_SUCCESS);
		default:
			usage(stderr);
			return -EINVAL;
		}
		if (r < 0) {
			fprintf(stderr, "popgen: bad value for -%c: %s\n",
				opt, optarg);
			return r;
		}
	}
	if (c.workers && c.per_worker) {
		fprintf(stderr, "popgen: -w and -m conflict\n");
		return -EINVAL;
	}
	c.sockets += c.sockets & 1; /* a pair has two ends */
	if (optind < argc)
		c.command = argv + optind;
	*ret = c;
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A namespace made by `unshare -n` holds only lo. Anything else (the
 * host's, a container's) has other devices, and its sysctls are not ours
 * to change. Comparing with PID 1's namespace is not enough: /proc/1/ns
 * is often unreadable, even to root in a container. */
static bool netns_is_private(void)
{
	struct if_nameindex *ifs = if_nameindex();
	bool only_lo = ifs != NULL;

	for (struct if_nameindex *i = ifs; i && i->if_index; i++)
		if (strcmp(i->if_name, "lo") != 0)
			only_lo = false;
	if (ifs)
		if_freenameindex(ifs);
	return only_lo;
}

static void write_sysctl(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, value, strlen(value)) < 0)
		fprintf(stderr, "popgen: warning: cannot set %s to \"%s\": "
				"%s\n",
			path, value, strerror(errno));
	if (fd >= 0)
		close(fd);
}

static struct sockaddr_in listener_addr(long i)
{
	return (struct sockaddr_in){
		.sin_family = AF_INET,
		.sin_port = htons((uint16_t)(BASE_PORT + i)),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
}

/* Linger 0: the teardown (SIGKILL of the workers) then sends RSTs and
 * leaves no TIME-WAIT sockets behind to skew a later population. Accepted
 * sockets inherit it from the listener. */
static const struct linger abort_on_close = {.l_onoff = 1, .l_linger = 0};

static int open_listeners(long n, int *fds)
{
	for (long i = 0; i < n; i++) {
		struct sockaddr_in a = listener_addr(i);
		int one = 1;
		int fd = socket(AF_INET,
				SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

		if (fd < 0 ||
		    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
			       sizeof(one)) < 0 ||
		    setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close,
			       sizeof(abort_on_close)) < 0 ||
		    bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
		    listen(fd, 65535) < 0) {
			fprintf(stderr, "popgen: listener 127.0.0.1:%ld: %s\n",
				BASE_PORT + i, strerror(errno));
			return -errno;
		}
		fds[i] = fd;
	}
	return 0;
}

/* Accepts @want connections from any of the listeners. The queues are
 * shared by all workers, so what this worker accepts may be another's
 * client: the totals still match, since each worker accepts exactly as
 * many as it connected. */
static int accept_some(const int *lfds, long nl, long want)
{
	struct pollfd pfd[MAX_LISTENERS];

	for (long i = 0; i < nl; i++)
		pfd[i] = (struct pollfd){.fd = lfds[i], .events = POLLIN};
	while (want > 0) {
		bool got = false;

		for (long i = 0; i < nl && want > 0; i++) {
			int fd = accept4(lfds[i], NULL, NULL, SOCK_CLOEXEC);

			if (fd >= 0) {
				want--;
				got = true;
				continue;
			}
			if (errno != EAGAIN && errno != EINTR &&
			    errno != ECONNABORTED) {
				fprintf(stderr, "popgen: accept: %s\n",
					strerror(errno));
				return -errno;
			}
		}
		if (!got && poll(pfd, (nfds_t)nl, 1000) < 0 && errno != EINTR)
			return -errno;
	}
	return 0;
}

static int populate(const int *lfds, long nl, long pairs, long first)
{
	for (long done = 0; done < pairs;) {
		long batch = pairs - done < BATCH ? pairs - done : BATCH;

		for (long j = 0; j < batch; j++) {
			struct sockaddr_in a =
				listener_addr((first + done + j) % nl);
			int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC,
					0);

			if (fd < 0) {
				fprintf(stderr, "popgen: socket: %s\n",
					strerror(errno));
				return -errno;
			}
			setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close,
				   sizeof(abort_on_close));
			/* Loopback: the handshake completes inside the call,
			 * so blocking costs nothing. */
			while (connect(fd, (struct sockaddr *)&a, sizeof(a)) <
			       0) {
				if (errno == EINTR)
					continue;
				fprintf(stderr, "popgen: connect: %s%s\n",
					strerror(errno),
					errno == EADDRNOTAVAIL
						? " (out of local ports: "
						  "add listeners with -l)"
						: "");
				return -errno;
			}
		}
		int r = accept_some(lfds, nl, batch);
		if (r < 0)
			return r;
		done += batch;
	}
	return 0;
}

static void kill_all(const pid_t *pids, long n)
{
	for (long i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGKILL);
	for (long i = 0; i < n; i++)
		if (pids[i] > 0)
			while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
				;
}

static int run_command(char **argv)
{
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		perror("popgen: fork");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "popgen: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	struct config c;
	struct rlimit rl;
	int lfds[MAX_LISTENERS];
	int ready[2];
	pid_t *pids;
	long pairs, fd_room, per_worker_max, got = 0;
	double t0;
	char byte;
	int status = 1;

	if (parse_args(argc, argv, &c) < 0)
		return 2;
	if (!c.force && !netns_is_private()) {
		fprintf(stderr, "popgen: this network namespace has devices "
				"besides lo, so it is not a private one made "
				"for popgen, whose sysctls it changes; run it "
				"under `unshare -n` (or pass -f)\n");
		return 2;
	}

	/* Every worker inherits the raised soft limit. */
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0) {
		perror("popgen: getrlimit");
		return 1;
	}
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0) {
		perror("popgen: setrlimit");
		return 1;
	}
	fd_room = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > LONG_MAX
			  ? LONG_MAX
			  : (long)rl.rlim_max;
	per_worker_max = (fd_room - c.listeners - FD_SLACK) & ~1L;
	if (per_worker_max < 2) {
		fprintf(stderr, "popgen: RLIMIT_NOFILE %ld leaves no room for "
				"sockets\n",
			fd_room);
		return 1;
	}
	pairs = c.sockets / 2;
	if (c.per_worker)
		c.workers = (c.sockets + c.per_worker - 1) / c.per_worker;
	else if (!c.workers) {
		long need = (c.sockets + per_worker_max - 1) / per_worker_max;
		c.workers = need > DEFAULT_WORKERS ? need : DEFAULT_WORKERS;
	}
	if (c.workers > pairs)
		c.workers = pairs;
	if ((pairs + c.workers - 1) / c.workers * 2 > per_worker_max) {
		fprintf(stderr, "popgen: %ld workers cannot hold %ld sockets "
				"under RLIMIT_NOFILE %ld; use more\n",
			c.workers, c.sockets, fd_room);
		return 2;
	}

	/* Per namespace: the default range (32768-60999) gives each
	 * destination only 28k source ports, and the default accept
	 * backlog cap (4096) is below what ten workers keep in flight. */
	write_sysctl("/proc/sys/net/ipv4/ip_local_port_range", "1024 65535");
	write_sysctl("/proc/sys/net/core/somaxconn", "65535");

	if (open_listeners(c.listeners, lfds) < 0)
		return 1;
	pids = calloc((size_t)c.workers, sizeof(*pids));
	if (!pids || pipe2(ready, O_CLOEXEC) < 0) {
		perror("popgen");
		return 1;
	}

	t0 = now();
	for (long w = 0, first = 0; w < c.workers; w++) {
		long share = pairs / c.workers + (w < pairs % c.workers);
		pid_t parent = getpid();
		pid_t pid = fork();

		if (pid < 0) {
			perror("popgen: fork");
			kill_all(pids, w);
			return 1;
		}
		if (pid == 0) {
			/* Never outlive popgen, however it ends. */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != parent)
				_exit(1);
			close(ready[0]);
			if (populate(lfds, c.listeners, share, first) < 0)
				_exit(1);
			byte = 'R';
			if (write(ready[1], &byte, 1) != 1)
				_exit(1);
			close(ready[1]);
			for (;;)
				pause();
		}
		pids[w] = pid;
		first += share;
	}

	/* EOF once every worker has either said ready or died. */
	close(ready[1]);
	for (;;) {
		ssize_t n = read(ready[0], &byte, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got++;
	}
	close(ready[0]);
	if (got != c.workers) {
		fprintf(stderr, "popgen: %ld of %ld workers failed\n",
			c.workers - got, c.workers);
		kill_all(pids, c.workers);
		return 1;
	}
	fprintf(stderr, "popgen: %ld sockets (%ld pairs) in %ld processes, "
			"%ld listeners, built in %.2f s\n",
		pairs * 2, pairs, c.workers, c.listeners, now() - t0);
	printf("ready %ld\n", pairs * 2);
	fflush(stdout);

	if (c.command) {
		status = run_command(c.command);
	} else {
		struct sigaction sa = {.sa_handler = on_signal};
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		while (!stop)
			pause();
		status = 0;
	}
	kill_all(pids, c.workers);
	free(pids);
	return status;
}
