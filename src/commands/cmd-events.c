// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -E: prints each TCP and UDP socket the kernel destroys, from the
 * sock_diag destroy multicast groups, one line per socket written out as
 * it comes, until SIGINT or SIGTERM (exit 0). Events are the kernel's
 * reports of freeing a full socket: a closed listener or unconnected
 * socket at once, a connection when its last state ends (after
 * LAST-ACK, or on entering TIME-WAIT, whose minisocket is not reported).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "filter/filter.h"
#include "netlink/nl-destroy.h"
#include "names/names.h"
#include "netlink/nl.h"
#include "output/out.h"

/* One datagram of events; the kernel sends one event a datagram. */
#define EVENTS_RECV_SIZE 16384

struct ctx {
	const struct options *opts;
	struct out *out;
	size_t forged;      /* messages not from the kernel, dropped */
	char stamp[CMD_STAMP_MAX]; /* RFC 3339, UTC, microseconds */
	uint64_t stamp_us;  /* the same, since the epoch */
	int err;
};

/* Whether @rec is one the user asked about: the groups chose the tables
 * and families, the FILTER's expression decides the rest. Its state
 * selectors do not apply: a destroyed socket is all but always closed. */
static bool selected(const struct options *opts, const struct sock_rec *rec)
{
	return query_has_netid(&opts->query, rec->netid) &&
	       query_has_family(&opts->query, rec->family) &&
	       filter_match(opts->query.filter, rec);
}

static int on_msg(const struct nlmsghdr *nlh, void *data)
{
	struct ctx *c = data;
	struct sock_rec rec;
	int r = nl_event_parse(nlh, &rec);

	if (r == 0 && selected(c->opts, &rec)) {
		if (c->opts->format == OUT_FORMAT_NDJSON)
			r = out_ndjson_event(c->out, "destroy", c->stamp,
					     c->stamp_us, &rec);
		else
			r = out_sock(c->out, &rec);
		if (r >= 0)
			r = out_flush(c->out);
	}
	if (r < 0) {
		c->err = r;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/* Runs until a signal (returns 0) or a failure (negative errno). */
static int follow(struct mnl_socket *nl, int sfd, struct ctx *c)
{
	struct pollfd p[2] = {
		{.fd = mnl_socket_get_fd(nl), .events = POLLIN},
		{.fd = sfd, .events = POLLIN},
	};
	char *buf = malloc(EVENTS_RECV_SIZE);
	struct sockaddr_nl from = {0};
	socklen_t fromlen = sizeof(from);
	int r = 0;

	if (!buf)
		return -ENOMEM;
	while (r >= 0) {
		ssize_t n;

		if (poll(p, 2, -1) < 0) {
			r = errno == EINTR ? 0 : -errno;
			continue;
		}
		if (p[1].revents)
			break; /* SIGINT or SIGTERM: the normal end */
		if (!p[0].revents)
			continue;
		n = recvfrom(p[0].fd, buf, EVENTS_RECV_SIZE, MSG_DONTWAIT,
			     (struct sockaddr *)&from, &fromlen);
		if (n < 0) {
			if (errno == ENOBUFS)
				fprintf(stderr,
					"sockscope: -E: events were lost (the "
					"kernel's queue overflowed)\n");
			else if (errno != EINTR && errno != EAGAIN)
				r = -errno;
			continue;
		}
		/* Any process with CAP_NET_ADMIN in a namespace it made
		 * itself can unicast to our port id: only the kernel (port
		 * id 0) speaks for the kernel. */
		if (fromlen != sizeof(from) || from.nl_family != AF_NETLINK ||
		    from.nl_pid != 0) {
			if (c->forged++ == 0)
				fprintf(stderr,
					"sockscope: -E: dropped a message "
					"that did not come from the kernel "
					"(sender port id %u)\n",
					(unsigned)from.nl_pid);
			fromlen = sizeof(from);
			continue;
		}
		fromlen = sizeof(from);
		/* The kernel's message carries no time: when we got it. */
		cmd_stamp_now(c->stamp, &c->stamp_us);
		c->err = 0;
		r = nl_run_buffer(buf, (size_t)n, 0, 0, on_msg, c, &c->err);
	}
	free(buf);
	return r < 0 ? r : 0;
}

int cmd_events(const struct options *opts)
{
	struct options o = *opts;
	struct mnl_socket *nl;
	struct out *out = NULL;
	struct names *names = NULL;
	struct ctx c = {.opts = &o};
	sigset_t mask;
	int sfd, r, write_err;
	uint32_t groups;

	/* Destroyed sockets come in any state: show the column. */
	o.query.states = SOCK_STATES_ALL;
	o.query.states_default = false;
	groups = nl_events_groups(o.query.netids, o.query.families);
	if (!groups) {
		fprintf(stderr, "sockscope: -E: the filter matches no TCP or "
				"UDP socket of inet or inet6\n");
		return CMD_EXIT_BADINPUT;
	}

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0 ||
	    (sfd = signalfd(-1, &mask, SFD_CLOEXEC)) < 0) {
		fprintf(stderr, "sockscope: -E: signals: %s\n",
			strerror(errno));
		return EXIT_FAILURE;
	}
	r = nl_events_open(groups, &nl);
	if (r < 0) {
		fprintf(stderr,
			"sockscope: -E: cannot join the kernel's socket "
			"destroy groups: %s\n",
			strerror(-r));
		close(sfd);
		return EXIT_FAILURE;
	}
	r = names_new(&o, NULL, &names);
	if (r >= 0)
		r = out_new(&o, names, STDOUT_FILENO, &out);
	if (r >= 0)
		r = out_begin(out);
	/* The header goes out with the first event, as ss's does, so that
	 * it is as wide as that event's row. */
	c.out = out;
	if (r >= 0)
		r = follow(nl, sfd, &c);
	write_err = out ? obuf_error(&out->ob) : 0;
	out_free(out);
	names_free(names);
	mnl_socket_close(nl);
	close(sfd);
	if (c.forged > 1)
		fprintf(stderr,
			"sockscope: -E: %zu messages in all did not come from "
			"the kernel and were dropped\n",
			c.forged);
	if (r >= 0)
		return EXIT_SUCCESS;
	if (write_err)
		return cmd_write_failed(write_err);
	if (r == -EBADMSG) {
		fprintf(stderr, "sockscope: -E: the kernel's event is "
				"malformed; refusing to guess\n");
		return CMD_EXIT_BADINPUT;
	}
	fprintf(stderr, "sockscope: -E: %s\n", strerror(-r));
	return EXIT_FAILURE;
}
