/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * --all-netns: dumps every namespace of a netns_list in one process. One
 * thread enters each namespace in turn (setns on that thread only) and
 * runs the per-namespace callback there, so every socket the callback's
 * collectors open belongs to that namespace; meanwhile the calling
 * thread walks the descriptors of every process for namespaces only a
 * socket keeps alive. Once the namespaces known are dumped, it asks the
 * namespace of each socket none of their dumps listed (the dump callback
 * adds each socket's inode to entry->dumped), and those it finds are
 * dumped after the others. One
 * namespace's records are done with (printed) before the next one is
 * entered: memory does not grow with the number of namespaces.
 */

#include <stdbool.h>

#include "netns-list.h"

/* Called on the dumping thread, inside namespace @e (its nsid filled;
 * what runs there is the caller's to add, see cmd_all_netns()), for its
 * records. Returns 0, or a negative errno to stop the run. */
typedef int (*netns_dump_fn)(struct netns_entry *e, void *userdata);

/* Called on the dumping thread for a namespace that could not be entered
 * (@err: setns()'s or open()'s negative errno). Returns as above. */
typedef int (*netns_skip_fn)(struct netns_entry *e, int err, void *userdata);

struct netns_run {
	const char *proc_root;         /* NULL: "/proc" */
	bool find_pinned;              /* walk the processes' sockets too */
	netns_dump_fn dump;
	netns_skip_fn skip;
	void *userdata;
};

/*
 * Dumps every namespace of @l (and, with run->find_pinned, those found
 * meanwhile, added to @l) through run->dump. Returns 0, the first
 * negative errno a callback returned, -ENOMEM, or pthread_create's
 * error; nothing is dumped after an error.
 */
int netns_run_all(struct netns_list *l, const struct netns_run *run);

/*
 * The whole of --all-netns for one command: finds the host's namespaces
 * (netns_list_find()), dumps each through run->dump, then
 * tells @warn (with @warn_data) how many processes could not be looked
 * at, if any, as warnings whose netns_path names what was not readable
 * and skipped counts the processes. Returns as netns_run_all(), or the
 * error of finding the namespaces; the list in *ret_list either way
 * when it was made (warnings point into it: free it with
 * netns_list_free() once they are written).
 */
int netns_run_host(const struct netns_run *run,
		   int (*warn)(const struct sock_warning *w, void *data),
		   void *warn_data, struct netns_list **ret_list);
