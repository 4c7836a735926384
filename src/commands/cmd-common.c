// SPDX-License-Identifier: GPL-2.0-or-later
/* The messages the commands share with the listing (main.c), worded the
 * same way. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cmd.h"
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
