// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -K: closes every socket the listing would print, with SOCK_DESTROY, and
 * prints each one the kernel closed. options_parse() already narrowed the
 * tables to TCP and UDP and the source to netlink and refused to run
 * without a FILTER; main() parsed the FILTER into the query (collect_run()
 * drops what it does not match) and said whether it selects anything.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>

#include "cmd.h"
#include "netlink/nl-destroy.h"
#include "names/names.h"
#include "netlink/nl.h"
#include "netns/netns-run.h"
#include "output/out.h"

/* A dump resumes by position in a hash bucket, so closing sockets while
 * it runs can make it step over a neighbour: dump again until a pass
 * closes nothing, as many times as this. */
#define KILL_PASSES_MAX 8

/* Stands for a destroy error in the collector's return path, which would
 * take -EPERM or -ENOENT for "this table could not be seen". */
#define KILL_STOPPED (-ECANCELED)

struct ctx {
	const struct options *opts;
	struct out *out;
	struct mnl_socket *nl;
	size_t closed; /* in this pass */
	int err;       /* the destroy error that stopped the run */
	struct sock_rec failed; /* the socket it was about */
};

static int close_one(const struct sock_rec *rec, void *userdata)
{
	struct ctx *c = userdata;
	int r;

	r = nl_inet_destroy(c->nl, rec);
	/* Gone since the dump listed it (its peer's reset, a close), or
	 * its addresses belong to a newer socket now: nothing to close. */
	if (r == -ENOENT || r == -ESTALE)
		return 0;
	if (r < 0) {
		c->err = r;
		c->failed = *rec;
		return KILL_STOPPED;
	}
	c->closed++;
	return out_sock(c->out, rec);
}

static int warn(const struct sock_warning *w, void *userdata)
{
	struct ctx *c = userdata;

	return cmd_warn(c->opts, w) ? out_warning(c->out, w) : 0;
}

/* Whether the effective set holds CAP_NET_ADMIN. The kernel asks it of
 * the socket's namespace, which may differ (a user namespace owning the
 * network namespace): this only answers early the common case, the
 * kernel's EPERM stays the authority. */
static bool has_net_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3] = {0};

	if (syscall(SYS_capget, &h, d) < 0)
		return true;
	return d[CAP_TO_INDEX(CAP_NET_ADMIN)].effective &
	       CAP_TO_MASK(CAP_NET_ADMIN);
}

static int kill_failed(const struct ctx *c)
{
	char addr[64];

	switch (c->err) {
	case -EPERM:
	case -EACCES:
		fprintf(stderr, "sockscope: -K needs CAP_NET_ADMIN\n");
		break;
	case -EOPNOTSUPP:
		fprintf(stderr,
			"sockscope: -K: this kernel cannot close sockets "
			"(it was built without CONFIG_INET_DIAG_DESTROY)\n");
		break;
	default:
		out_fmt_addr(c->failed.family, c->failed.local_addr, addr);
		fprintf(stderr,
			"sockscope: -K: closing %s socket %s port %u: %s\n",
			sock_netid_name(c->failed.netid), addr,
			(unsigned)c->failed.local_port, strerror(-c->err));
		break;
	}
	return EXIT_FAILURE;
}

/* The passes over one namespace: the one the caller is in, or, with
 * --all-netns, the one the dumping thread entered (@origin). */
static int kill_passes(struct ctx *c, const struct sock_origin *origin,
		       struct collect_where *where)
{
	const struct collect_opts copts = {.source = COLLECT_SOURCE_NETLINK,
					   .origin = origin};
	struct collect_stats stats;
	int r = 0;

	for (int pass = 0; r >= 0 && pass < KILL_PASSES_MAX; pass++) {
		c->closed = 0;
		r = collect_run(&c->opts->query, &copts, close_one, warn, c,
				where, &stats);
		cmd_debug_collect(&stats);
		if (c->closed == 0)
			break;
	}
	return r;
}

struct all_kill {
	struct ctx *c;
	struct collect_where *where;
};

/* --all-netns: a destroy request acts in the namespace of the socket it
 * is sent on, so each namespace gets its own. */
static int kill_in(struct netns_entry *e, void *userdata)
{
	struct all_kill *a = userdata;
	struct mnl_socket *main_nl = a->c->nl;
	int r = nl_open(&a->c->nl);

	if (r < 0) {
		a->c->nl = main_nl;
		return r;
	}
	a->c->out->origin = &e->origin;
	names_netns_entered(a->c->out->names, e->inode);
	r = kill_passes(a->c, &e->origin, a->where);
	mnl_socket_close(a->c->nl);
	a->c->nl = main_nl;
	return r;
}

/* Returns as collect_run(); the list in *ret_list (JSON warnings point
 * into it until the output ends). */
static int kill_all_netns(struct ctx *c, struct collect_where *where,
			  struct netns_list **ret_list)
{
	struct all_kill a = {.c = c, .where = where};
	const struct netns_run nr = {
		.find_pinned = true,
		.dump = kill_in,
		.userdata = &a,
	};

	return cmd_all_netns(&nr, NULL, warn, c, ret_list);
}

int cmd_kill(const struct options *opts)
{
	struct collect_where where = {.netid = -1};
	struct ctx c = {.opts = opts};
	struct netns_list *list = NULL;
	struct names *names = NULL;
	int r, write_err;

	/* A FILTER of comments only, or "-F /dev/null". */
	if (!opts->has_selection) {
		fprintf(stderr, "sockscope: %s\n",
			options_kill_needs_selection);
		return CMD_EXIT_BADINPUT;
	}
	if (!has_net_admin()) {
		c.err = -EPERM;
		return kill_failed(&c);
	}
	r = nl_open(&c.nl);
	if (r < 0) {
		fprintf(stderr, "sockscope: netlink: %s\n", strerror(-r));
		return EXIT_FAILURE;
	}
	r = names_new(opts, NULL, &names);
	if (r >= 0)
		r = out_new(opts, names, STDOUT_FILENO, &c.out);
	if (r >= 0)
		r = out_begin(c.out);
	if (r >= 0)
		r = opts->all_netns ? kill_all_netns(&c, &where, &list)
				    : kill_passes(&c, NULL, &where);
	if (r >= 0)
		r = out_end(c.out);
	write_err = c.out ? obuf_error(&c.out->ob) : 0;
	out_free(c.out);
	netns_list_free(list);
	names_free(names);
	mnl_socket_close(c.nl);
	if (r >= 0)
		return EXIT_SUCCESS;
	if (r == KILL_STOPPED && c.err)
		return kill_failed(&c);
	if (write_err)
		return cmd_write_failed(write_err);
	return cmd_collect_failed(r, &where);
}
