// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * options -> query -> collect -> print -> exit status. The only file, with
 * the formatters, that writes to the terminal.
 *
 * Exit status: 0 success (even if some table could not be seen: that is
 * said on stderr and in JSON "warnings"); 1 a failure of the system (no
 * netlink socket, out of memory, a write error); 2 bad input: a usage
 * error or a kernel answer that does not parse.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collect.h"
#include "config.h"
#include "options.h"
#include "out.h"

#define EXIT_BADINPUT 2

static int emit(const struct sock_rec *rec, void *userdata)
{
	return out_sock(userdata, rec);
}

static int warn(enum sock_netid netid, int family, int err, void *userdata)
{
	fprintf(stderr, "sockscope: %s/%s sockets cannot be listed: %s\n",
		sock_netid_name(netid), sock_family_name(family),
		strerror(-err));
	return out_warning(userdata, netid, family, err);
}

static int run(const struct options *opts)
{
	struct collect_where where = {.netid = -1};
	struct out *out = NULL;
	char what[32] = "sockets";
	int r;

	r = out_new(opts, STDOUT_FILENO, &out);
	if (r < 0)
		goto fail;
	r = out_begin(out);
	if (r >= 0)
		r = collect_run(&opts->query, emit, warn, out, &where);
	if (r >= 0)
		r = out_end(out);
	out_free(out);
	if (r >= 0)
		return EXIT_SUCCESS;
	if (where.netid >= 0)
		snprintf(what, sizeof(what), "%s/%s sockets",
			 sock_netid_name(where.netid),
			 sock_family_name(where.family));
fail:
	switch (r) {
	case -EPIPE:
		/* The reader has all it wanted (| head): not an error. */
		return EXIT_SUCCESS;
	case -EBADMSG:
		fprintf(stderr, "sockscope: %s: the kernel's sock_diag answer "
				"is malformed; refusing to guess\n", what);
		return EXIT_BADINPUT;
	case -EINTR:
		fprintf(stderr, "sockscope: %s: the kernel interrupted every "
				"try of the dump (sockets churning too fast); "
				"try again\n", what);
		return EXIT_FAILURE;
	default:
		fprintf(stderr, "sockscope: %s: %s\n", what, strerror(-r));
		return EXIT_FAILURE;
	}
}

int main(int argc, char *argv[])
{
	struct options opts;
	char err[256];

	/* A closed pipe is an EPIPE from write(), handled as the end. */
	signal(SIGPIPE, SIG_IGN);

	if (options_parse(argc, argv, err, sizeof(err), &opts) < 0) {
		fprintf(stderr, "sockscope: %s (see sockscope --help)\n", err);
		return EXIT_BADINPUT;
	}
	switch (opts.action) {
	case OPTIONS_HELP:
		fputs(options_usage, stdout);
		break;
	case OPTIONS_VERSION:
		printf("sockscope %s\n", SOCKSCOPE_VERSION);
		break;
	case OPTIONS_RUN:
		return run(&opts);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "sockscope: write error: %s\n",
			strerror(errno));
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
