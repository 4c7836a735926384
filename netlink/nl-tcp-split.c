// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A TCP dump that asks for bound-inactive sockets costs the kernel a walk
 * of its whole bind hash (every bound port's owners), on top of the
 * listener and established walks: at 120,000 sockets, 40 ms of system
 * time in the one thread that waits for the answer. That walk is split
 * off onto a second thread and socket, asked for the bound-inactive state
 * alone, while the main dump asks for the rest; its replies are kept as
 * the kernel's bytes and parsed where the single dump would have put them.
 * The kernel dumps listeners, then bound-inactive sockets, then the
 * established table, so they go out before the first socket that is not
 * a listener: the order is the single dump's, the wall time the longer
 * of the two walks.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

#include "nl-split.h"
#include "nl.h"

struct side {
	struct nlmsghdr *req; /* the bound-inactive request (owned) */
	char *buf;            /* the replies, whole messages back to back */
	size_t len, cap;
	int err;              /* why the side dump failed, or 0 */
	int cb_err;
};

static int keep_msg(const struct nlmsghdr *nlh, void *data)
{
	struct side *s = data;
	size_t n = NLMSG_ALIGN(nlh->nlmsg_len);

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return MNL_CB_OK;
	if (n > s->cap - s->len) {
		size_t cap = s->cap ? s->cap * 2 : 16384;
		char *p;

		while (cap - s->len < n)
			cap *= 2;
		p = realloc(s->buf, cap);
		if (!p) {
			s->cb_err = -ENOMEM;
			return MNL_CB_ERROR;
		}
		s->buf = p;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, nlh, nlh->nlmsg_len);
	memset(s->buf + s->len + nlh->nlmsg_len, 0, n - nlh->nlmsg_len);
	s->len += n;
	return MNL_CB_OK;
}

static void *side_run(void *arg)
{
	struct side *s = arg;
	int r = -EINTR;

	/* An interrupted dump starts over with nothing kept, as
	 * nl_collect() does; the parse later drops nothing twice. */
	for (int attempt = 0; attempt < NL_DUMP_MAX_TRIES && r == -EINTR;
	     attempt++) {
		struct mnl_socket *nl;

		s->len = 0;
		r = nl_open(&nl);
		if (r < 0)
			break;
		s->cb_err = 0;
		r = nl_dump(nl, s->req, keep_msg, s, &s->cb_err);
		mnl_socket_close(nl);
	}
	s->err = r < 0 ? r : 0;
	return NULL;
}

struct split {
	struct side side;
	pthread_t thread;
	bool running;   /* the thread is to be joined */
	bool replayed;  /* the side's sockets went out */
	nl_parse_fn parse;
	const void *arg;
	sock_emit_fn emit;
	void *userdata;
	int err;        /* the side's failure, told after the main dump */
};

/* Sends the side's sockets through the same parser and emit, once. */
static int replay(struct split *sp)
{
	struct nl_collect c = {
		.parse = sp->parse,
		.arg = sp->arg,
		.emit = sp->emit,
		.userdata = sp->userdata,
	};
	int r = 0;

	if (sp->replayed)
		return 0;
	sp->replayed = true;
	if (sp->running) {
		pthread_join(sp->thread, NULL);
		sp->running = false;
	}
	if (sp->side.err < 0) {
		sp->err = sp->side.err;
		return 0;
	}
	if (sp->side.len)
		r = nl_run_buffer(sp->side.buf, sp->side.len, 0, 0,
				  nl_collect_msg, &c, &c.err);
	seen_done(&c.seen);
	return r < 0 ? r : 0;
}

static int split_emit(const struct sock_rec *rec, void *userdata)
{
	struct split *sp = userdata;

	if (!sp->replayed && rec->state != SOCK_STATE_LISTEN) {
		int r = replay(sp);

		if (r < 0)
			return r;
	}
	return sp->emit(rec, sp->userdata);
}

bool nl_split_worth(uint32_t states)
{
	uint32_t bound = 1u << SOCK_STATE_BOUND_INACTIVE;

	return (states & bound) && (states & ~bound) &&
	       sysconf(_SC_NPROCESSORS_ONLN) >= 2;
}

int nl_split_collect(struct nlmsghdr *main_req, struct nlmsghdr *side_req,
		     nl_parse_fn parse, const void *arg, sock_emit_fn emit,
		     void *userdata)
{
	struct split sp = {
		.side.req = side_req,
		.parse = parse,
		.arg = arg,
		.emit = emit,
		.userdata = userdata,
	};
	int r;

	if (pthread_create(&sp.thread, NULL, side_run, &sp.side) == 0) {
		sp.running = true;
	} else {
		/* No thread: the side dump runs first, in this one. */
		side_run(&sp.side);
	}
	r = nl_collect(main_req, parse, arg, split_emit, &sp);
	if (sp.running) {
		pthread_join(sp.thread, NULL);
		sp.running = false;
	}
	/* No socket past the listeners: the side's go last. */
	if (r >= 0)
		r = replay(&sp);
	if (r >= 0 && sp.err < 0)
		r = sp.err;
	free(sp.side.buf);
	return r;
}
