// SPDX-License-Identifier: GPL-2.0-or-later
/* The messages the commands share with the listing (main.c), worded the
 * same way. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cmd.h"
#include "names/container.h"
#include "netns/netns-run.h"
#include "collect.h"
#include "procfs/procfs.h"

static bool err_is_absence(int err)
{
	return err == -ENOENT || err == -EPROTONOSUPPORT ||
	       err == -EOPNOTSUPP || err == -EAFNOSUPPORT || err == -ENOSYS;
}

bool cmd_warn_counts(const struct options *opts, const struct sock_warning *w)
{
	/* A table this kernel lacks is silently absent from "everything",
	 * but not from what the user asked for by name; what we may not
	 * see is always said. */
	return w->skipped || !err_is_absence(w->err) ||
	       (opts->query.netids_named & (1u << w->netid));
}

bool cmd_warn(const struct options *opts, const struct sock_warning *w)
{
	const char *source = w->source == SOCK_SOURCE_PROCFS ? "procfs"
							    : "netlink";

	if (w->netns_path && w->skipped) {
		fprintf(stderr, "sockscope: --all-netns: %zu process%s "
			"network namespace%s could not be seen (%s): %s\n",
			w->skipped, w->skipped == 1 ? "'s" : "es'",
			w->skipped == 1 ? "" : "s", w->netns_path,
			strerror(-w->err));
		return true;
	}
	if (w->netns_path && w->err == -ESRCH) {
		fprintf(stderr, "sockscope: network namespace %llu: every "
			"process in it exited before it was read (%s)\n",
			(unsigned long long)w->netns_inode, w->netns_path);
		return true;
	}
	if (w->netns_path) {
		fprintf(stderr, "sockscope: network namespace %llu (%s) "
			"cannot be entered: %s\n",
			(unsigned long long)w->netns_inode, w->netns_path,
			strerror(-w->err));
		return true;
	}
	if (w->skipped) {
		fprintf(stderr,
			"sockscope: %s/%s (%s): skipped %zu malformed "
			"line%s\n",
			sock_netid_name(w->netid), sock_family_name(w->family),
			source, w->skipped, w->skipped == 1 ? "" : "s");
		return true;
	}
	if (w->repeated) {
		fprintf(stderr,
			"sockscope: %s/%s (%s): dropped %zu repeated line%s "
			"(the kernel listed a socket again as sockets came "
			"and went)\n",
			sock_netid_name(w->netid), sock_family_name(w->family),
			source, w->repeated, w->repeated == 1 ? "" : "s");
		return true;
	}
	if (!cmd_warn_counts(opts, w))
		return false;
	if (w->err == -ENOSYS && w->family != AF_INET &&
	    w->family != AF_INET6)
		/* vsock, tipc: never asked of the kernel */
		fprintf(stderr,
			"sockscope: %s sockets are not listed: sockscope has "
			"no %s collector (the kernel was not asked)\n",
			sock_family_name(w->family),
			sock_family_name(w->family));
	else if (w->err == -ENOSYS)
		fprintf(stderr,
			"sockscope: %s sockets are not listed: sockscope "
			"reads them only through netlink, not %s\n",
			sock_netid_name(w->netid), source);
	else if (err_is_absence(w->err) && w->source == SOCK_SOURCE_NETLINK)
		/* One line for both inet families: collect_run() asks no
		 * more once the kernel said it lacks the protocol. */
		fprintf(stderr,
			"sockscope: %s sockets cannot be listed: the kernel "
			"has no sock_diag support for them (netlink: %s)\n",
			sock_netid_name(w->netid), strerror(-w->err));
	else
		fprintf(stderr,
			"sockscope: %s/%s sockets cannot be listed (%s): %s\n",
			sock_netid_name(w->netid),
			sock_family_name(w->family), source,
			strerror(-w->err));
	return true;
}

int cmd_collect_failed(int r, const struct collect_where *where)
{
	char what[32] = "sockets";

	if (where->netid >= 0)
		snprintf(what, sizeof(what), "%s/%s sockets",
			 sock_netid_name(where->netid),
			 sock_family_name(where->family));
	switch (r) {
	case -EPIPE:
		/* The reader has all it wanted (| head): not an error. */
		return EXIT_SUCCESS;
	case -EBADMSG:
		if (where->netid >= 0 && where->source == SOCK_SOURCE_PROCFS)
			fprintf(stderr,
				"sockscope: %s: the /proc/net file is not in "
				"the format the kernel writes (header line "
				"differs, or a line of over 1 MiB); refusing "
				"to guess\n",
				what);
		else
			fprintf(stderr,
				"sockscope: %s: the kernel's sock_diag answer "
				"is malformed; refusing to guess\n",
				what);
		return CMD_EXIT_BADINPUT;
	case -PROCFS_ENOTFILE:
		fprintf(stderr,
			"sockscope: %s: the /proc/net file is not a regular "
			"file (a device, FIFO or socket); refusing to read "
			"it\n",
			what);
		return CMD_EXIT_BADINPUT;
	case -EINTR:
		fprintf(stderr,
			"sockscope: %s: the kernel interrupted every try of "
			"the dump (sockets churning too fast); try again\n",
			what);
		return EXIT_FAILURE;
	default:
		fprintf(stderr, "sockscope: %s: %s\n", what, strerror(-r));
		return EXIT_FAILURE;
	}
}

int cmd_stats_file_failed(const char *root, const char *name, int err)
{
	if (err == -EBADMSG || err == -PROCFS_ENOTFILE) {
		fprintf(stderr, "sockscope: %s/net/%s %s; refusing to %s\n",
			root, name,
			err == -EBADMSG
				? "is not in the format the kernel writes (or "
				  "repeats a counter)"
				: "is not a regular file (a device, FIFO or "
				  "socket)",
			err == -EBADMSG ? "guess" : "read it");
		return CMD_EXIT_BADINPUT;
	}
	fprintf(stderr, "sockscope: %s/net/%s: %s\n", root, name,
		strerror(-err));
	return EXIT_FAILURE;
}

int cmd_write_failed(int err)
{
	if (err == -EPIPE)
		return EXIT_SUCCESS;
	fprintf(stderr, "sockscope: write error: %s\n", strerror(-err));
	return EXIT_FAILURE;
}

struct attr_ctx {
	const struct netns_run *run;
	struct container_names *names;
	int (*warn)(const struct sock_warning *w, void *data);
	void *warn_data;
};

static int attribute_then_dump(struct netns_entry *e, void *userdata)
{
	struct attr_ctx *a = userdata;
	int r = container_origin_fill(
		a->names, a->run->proc_root ? a->run->proc_root : "/proc",
		e->pids, e->npids, &e->origin, e->strings,
		sizeof(e->strings) / sizeof(e->strings[0]));

	return r < 0 ? r : a->run->dump(e, a->run->userdata);
}

/* A namespace not entered is a warning, unless run->skip says more. */
static int skip_through(struct netns_entry *e, int err, void *userdata)
{
	struct attr_ctx *a = userdata;
	const struct sock_warning w = {
		.err = err,
		.netns_inode = e->inode,
		.netns_path = e->path,
	};

	if (a->run->skip)
		return a->run->skip(e, err, a->run->userdata);
	return a->warn(&w, a->warn_data);
}

int cmd_all_netns(const struct netns_run *run,
		  int (*warn)(const struct sock_warning *w, void *data),
		  void *warn_data, struct netns_list **ret_list)
{
	struct attr_ctx a = {.run = run, .warn = warn, .warn_data = warn_data};
	struct netns_run nr = *run;
	int r = container_names_new(NULL, &a.names);

	if (r < 0)
		return r;
	nr.dump = attribute_then_dump;
	nr.skip = skip_through;
	nr.userdata = &a;
	r = netns_run_host(&nr, warn, warn_data, ret_list);
	container_names_free(a.names);
	return r;
}
