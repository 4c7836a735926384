// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * options -> query -> collect -> print -> exit status. The only file, with
 * the formatters, that writes to the terminal.
 *
 * Exit status: 0 success (even if some table could not be seen: that is
 * said on stderr and in JSON "warnings"); 1 a failure of the system (no
 * netlink socket, out of memory, a write error), or no socket at all on
 * the ports of --port; 2 bad input: a usage
 * error or a kernel answer that does not parse.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/netlink.h>

#include "commands/cmd.h"
#include "collect.h"
#include "config.h"
#include "filter/filter.h"
#include "names/names.h"
#include "netns.h"
#include "netns/netns-run.h"
#include "options.h"
#include "output/out.h"
#include "owners/owners.h"
#include "util/num.h"

#define EXIT_BADINPUT 2

struct run_ctx {
	const struct options *opts;
	struct out *out;
	size_t nsocks; /* sockets printed (or counted) */
	const struct owners *owners; /* -p */
	size_t ownerless; /* -p: listed sockets with a file but no owner */
};

/* Whether socket @inode is one of ours: the dump's own netlink socket,
 * opened after the owners were scanned. A handful of descriptors. */
static bool inode_is_ours(uint32_t inode)
{
	char link[32];
	bool found = false;
	struct dirent *d;
	DIR *dir = opendir("/proc/self/fd");

	if (!dir)
		return false;
	while (!found && (d = readdir(dir))) {
		ssize_t n = readlinkat(dirfd(dir), d->d_name, link,
				       sizeof(link));

		found = n > 0 && num_socket_link(link, (size_t)n) == inode;
	}
	closedir(dir);
	return found;
}

static int emit(const struct sock_rec *rec, void *userdata)
{
	struct run_ctx *ctx = userdata;
	size_t n = 0;

	ctx->nsocks++;
	/* A netlink socket of port id 0 is the kernel's own: it has no
	 * owner to miss. */
	if (ctx->owners && rec->inode &&
	    !(rec->netid == SOCK_NETID_NETLINK && rec->portid == 0)) {
		owners_lookup(ctx->owners, rec->inode, &n);
		/* Our own sockets, opened after the scan, are sock_diag
		 * ones: only those are worth a look at our descriptors,
		 * not every ownerless socket of a large table. */
		ctx->ownerless += !n && !(rec->netid == SOCK_NETID_NETLINK &&
					  rec->protocol == NETLINK_SOCK_DIAG &&
					  inode_is_ours(rec->inode));
	}
	return out_sock(ctx->out, rec);
}

static int warn(const struct sock_warning *w, void *userdata)
{
	struct run_ctx *ctx = userdata;

	return cmd_warn(ctx->opts, w) ? out_warning(ctx->out, w) : 0;
}

/* -p: who holds each socket, from the live /proc, before the first socket
 * is printed. What could not be looked at is said after the listing, and
 * only if it hid the owner of a socket listed (owners_said()). Returns 0
 * and the map in *ret, or the exit status. */
static int scan_owners(struct owners **ret)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct owners *m;
	int r;

	/* The walk is kernel time per descriptor and splits cleanly: on two
	 * free CPUs two threads halve it (120,000 sockets: 350 -> 177 ms). */
	r = owners_scan("/proc", cpus >= 2 ? 2 : 1, &m);
	if (r < 0) {
		cmd_error("-p: /proc: %s", strerror(-r));
		return EXIT_FAILURE;
	}
	*ret = m;
	return 0;
}

/* --all-netns: one namespace, on the dumping thread, inside it. */
struct all_ctx {
	struct run_ctx run;
	struct collect_opts copts;
	struct collect_where where;
	/* Kept until the output ends: JSON warnings point into it. */
	struct netns_list *list;
};

/* The filter's answer on what runs a socket: the formatters'. */
static const struct sock_origin *sock_origin_of(const struct sock_rec *rec,
						const struct sock_origin *ns,
						void *data)
{
	return names_sock_origin(data, rec, ns);
}

static int all_dump(struct netns_entry *e, void *userdata)
{
	struct all_ctx *a = userdata;
	struct collect_stats stats;
	struct collect_opts copts = a->copts;
	int r;

	copts.origin = &e->origin;
	copts.origin_of = sock_origin_of;
	copts.origin_data = a->run.out->names;
	copts.inodes = e->dumped;
	a->run.out->origin = &e->origin;
	/* Interface indexes are per namespace. */
	names_netns_entered(a->run.out->names, e->inode);
	r = collect_run(&a->run.opts->query, &copts, emit, warn, &a->run,
			&a->where, &stats);
	cmd_debug_collect(&stats);
	return r;
}

/* Finds and dumps every namespace (with --from, every one the file
 * recorded); returns 0 or a negative errno, with a->where saying which
 * table failed. */
static int collect_all_netns(struct all_ctx *a, struct cmd_source *src)
{
	const struct netns_run nr = {
		/* Always: a namespace only a socket keeps alive would
		 * otherwise be a silent gap. The walk runs on this thread
		 * while another dumps. */
		.find_pinned = true,
		.dump = all_dump,
		.userdata = a,
	};

	if (a->run.opts->from)
		return cmd_source_all_netns(src, &nr, warn, &a->run);
	return cmd_all_netns(&nr, names_container_cache(a->run.out->names),
			     warn, &a->run, &a->list);
}

/* -p: when processes could not be read and a socket listed has a file
 * but no owner found, that owner may be one of them: said once, on
 * stderr and in JSON. Returns out_warning()'s value. */
static int owners_said(struct run_ctx *ctx, const struct owners *m)
{
	const struct owners_stats *st = owners_stats(m);
	struct sock_warning w = {
		.err = -EACCES,
		.owners_unknown = ctx->ownerless,
		.procs_unreadable = st->unreadable,
	};

	if (!ctx->ownerless || !st->unreadable)
		return 0;
	cmd_error("-p: the owner of %zu listed socket%s is unknown: "
		"%zu process%s descriptors could not be read (%s)",
		ctx->ownerless, ctx->ownerless == 1 ? "" : "s", st->unreadable,
		st->unreadable == 1 ? "'s" : "es'",
		geteuid() ? "need root" : "permission denied");
	return out_warning(ctx->out, &w);
}

static int run(const struct options *opts)
{
	struct collect_where where = {.netid = -1};
	struct collect_opts copts = {
		.source = opts->source,
		.proc_root = opts->proc_root,
		.detail = options_detail(opts),
	};
	struct collect_stats stats;
	struct run_ctx ctx = {.opts = opts};
	struct cmd_source src;
	struct out *out = NULL;
	struct owners *owners = NULL;
	struct netns_list *list = NULL;
	struct names *names = NULL;
	int r, write_err = 0;

	r = cmd_source_open(opts, &src);
	if (r)
		return r;
	copts.tape = src.tape;
	if (src.proc_root)
		copts.proc_root = src.proc_root;
	if (opts->processes && opts->from) {
		/* The owners of that moment, or none: this host's are
		 * someone else's. */
		owners = src.owners;
		src.owners = NULL;
		if (!owners)
			cmd_error("--from %s: the file "
					"records no owners (-p)",
				opts->from);
	} else if (opts->processes) {
		r = scan_owners(&owners);
		if (r) {
			cmd_source_done(&src);
			return r;
		}
	}
	/* collect -> names -> output: the formatter asks the names stage
	 * for every word that takes a lookup. */
	r = names_new(opts, owners, &names);
	if (r >= 0)
		r = cmd_source_names(&src, names);
	if (r >= 0)
		r = out_new(opts, names, STDOUT_FILENO, &out);
	if (r < 0) {
		names_free(names);
		owners_free(owners);
		cmd_source_done(&src);
		goto fail;
	}
	ctx.out = out;
	ctx.owners = owners;
	r = out_begin(out);
	if (r >= 0 && opts->all_netns) {
		struct all_ctx a = {
			.run = ctx,
			.copts = copts,
			.where = where,
		};
		/* The dumping thread reads /proc/net as its own; a file's
		 * namespaces have theirs written where src says. */
		a.copts.proc_root = opts->from ? src.proc_root
					       : "/proc/thread-self";
		r = collect_all_netns(&a, &src);
		where = a.where;
		list = a.list;
		ctx.ownerless = a.run.ownerless;
	} else if (r >= 0) {
		r = collect_run(&opts->query, &copts, emit, warn, &ctx, &where,
				&stats);
		cmd_debug_collect(&stats);
	}
	if (r >= 0 && owners)
		r = owners_said(&ctx, owners);
	if (r >= 0)
		r = out_end(out);
	/* Output fails through the formatter, not the collector that was
	 * running when the buffer filled: name it as what it is. */
	write_err = obuf_error(&out->ob);
	out_free(out);
	netns_list_free(list);
	names_free(names);
	owners_free(owners);
	/* --port: "nothing uses it" is exit 1, as lsof -i and fuser say
	 * it, for "if sockscope --port 8080 >/dev/null". */
	if (r >= 0) {
		cmd_source_done(&src);
		return opts->n_ports && !ctx.nsocks ? EXIT_FAILURE
						    : EXIT_SUCCESS;
	}
	if (write_err) {
		cmd_source_done(&src);
		return cmd_write_failed(write_err);
	}
	r = cmd_source_failed(&src, r, &where);
	cmd_source_done(&src);
	return r;
fail:
	return cmd_collect_failed(r, &where);
}

/* -N: into the namespace before any socket is opened. Returns -1 once
 * there, or the exit status: 2 when what was named is not there or not a
 * network namespace, 1 when we may not enter it. */
static int enter_netns(const char *spec)
{
	char path[4096];
	int r = netns_path(spec, path, sizeof(path));

	if (r < 0) {
		cmd_error("-N %s: %s", spec,
			r == -EINVAL ? "not a namespace name, path or pid:PID"
				     : strerror(-r));
		return EXIT_BADINPUT;
	}
	r = netns_join(path);
	if (r == 0)
		return -1;
	cmd_error("-N %s: %s: %s", spec, path,
		r == -EINVAL ? "not a network namespace" : strerror(-r));
	switch (r) {
	case -ENOENT:
	case -ENOTDIR:
	case -EINVAL:
	case -ELOOP:
	case -ENAMETOOLONG:
		return EXIT_BADINPUT;
	default: /* EPERM: not ours to enter; EACCES, ENOMEM, ... */
		return EXIT_FAILURE;
	}
}

/*
 * Parses the command line's FILTER, if any, into *ret: its state
 * selectors replace the states of opts->query, its expression goes in
 * opts->query.filter. A malformed filter is told in three lines: what
 * was expected where, the line, a caret under the token. Returns 0 or
 * an exit status.
 */
static int load_filter(struct options *opts, struct filter **ret)
{
	struct filter_env env = {.ports = opts->ports,
				 .n_ports = opts->n_ports};
	struct filter_error ferr;
	char *text = NULL;
	uint32_t states;
	int r;

	if (opts->n_filter_words == 0 && !opts->filter_file && !opts->n_ports)
		return 0;
	/* --port alone is the filter "either end on these ports". */
	if (opts->n_filter_words == 0 && !opts->filter_file)
		r = (text = strdup("")) ? 0 : -ENOMEM;
	else
		r = filter_text_load(opts->filter_words, opts->n_filter_words,
				     opts->filter_file, &text);
	if (r == -ENOMEM) {
		cmd_error("filter: %s", strerror(-r));
		return EXIT_FAILURE;
	}
	if (r < 0) {
		cmd_error("-F %s: %s", opts->filter_file,
			r == -EINVAL ? "not a filter (a NUL byte, or over "
				       "1 MiB)"
				     : strerror(-r));
		return EXIT_BADINPUT;
	}
	r = filter_parse(text, &env, ret, &ferr);
	if (r == -EINVAL)
		cmd_filter_error(text, &ferr);
	else if (r < 0)
		cmd_error("filter: %s", strerror(-r));
	free(text);
	if (r < 0)
		return r == -EINVAL ? EXIT_BADINPUT : EXIT_FAILURE;
	if (filter_states(*ret, &states)) {
		opts->query.states = states;
		opts->query.states_default = false;
	}
	/* No dump of a family the expression cannot match. */
	opts->query.families &= filter_families(*ret);
	opts->query.filter = *ret;
	return 0;
}

/* --proc-root must hold a net/ directory: a typo must not read as "no
 * sockets at all". */
static bool proc_root_ok(const char *root)
{
	char path[4096];
	struct stat st = {0};

	errno = 0;
	snprintf(path, sizeof(path), "%s/net", root);
	if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode))
		errno = ENOTDIR;
	if (errno || !S_ISDIR(st.st_mode)) {
		cmd_error("--proc-root %s: %s is not a directory of /proc/net "
			  "files%s%s",
			  root, path, errno ? ": " : "",
			errno ? strerror(errno) : "");
		return false;
	}
	return true;
}

/*
 * The one environment-setup step every action goes through, in this
 * order: the --proc-root is checked, the namespace of -N entered, the
 * FILTER loaded. A failure of any step ends the run before anything is
 * read or acted on: -K must never close sockets in the caller's
 * namespace because -N named one that is not there. Returns 0 (the
 * filter, if any, in *ret_filter) or the exit status.
 */
static int setup_env(struct options *opts, struct filter **ret_filter)
{
	uint32_t states;
	int r;

	if (opts->proc_root && !proc_root_ok(opts->proc_root))
		return EXIT_BADINPUT;
	if (opts->netns) {
		r = enter_netns(opts->netns);
		if (r >= 0)
			return r;
	}
	r = load_filter(opts, ret_filter);
	if (r != 0)
		return r;
	opts->has_selection = *ret_filter &&
			      (filter_states(*ret_filter, &states) ||
			       filter_has_expression(*ret_filter));
	/* Every namespace of the host is every container's connections:
	 * -K must be told which. */
	if (opts->action == OPTIONS_KILL && opts->all_netns &&
	    !filter_names_origin(*ret_filter)) {
		fprintf(stderr, "sockscope: -K --all-netns needs a filter "
				"that names a netns or a container (such as "
				"'container = web1 dport = :80')\n");
		return EXIT_BADINPUT;
	}
	return 0;
}

/* Runs the action options_parse() chose; returns the exit status. */
static int dispatch(const struct options *opts)
{
	switch (opts->action) {
	case OPTIONS_SUMMARY:
		return cmd_summary(opts);
	case OPTIONS_PROTOCOL_STATS:
		return cmd_protostats(opts);
	case OPTIONS_KILL:
		return cmd_kill(opts);
	case OPTIONS_EVENTS:
		return cmd_events(opts);
	case OPTIONS_SNAPSHOT:
		return cmd_snapshot(opts);
	case OPTIONS_WATCH:
		return cmd_watch(opts);
	case OPTIONS_PROMETHEUS:
		return cmd_prometheus(opts);
	case OPTIONS_RUN:
		if (opts->dump_file)
			return cmd_ssdump(opts);
		return opts->diff ? cmd_diff(opts) : run(opts);
	case OPTIONS_HELP:
	case OPTIONS_VERSION:
		break;
	}
	return EXIT_SUCCESS;
}

/* --color: always and never as said; auto colors a terminal only, and
 * not when NO_COLOR is set to anything (no-color.org) or TERM is dumb. */
static bool color_wanted(enum options_color mode)
{
	const char *v;

	if (mode != OPTIONS_COLOR_AUTO)
		return mode == OPTIONS_COLOR_ALWAYS;
	v = getenv("NO_COLOR");
	if (v && *v)
		return false;
	v = getenv("TERM");
	if (!v || strcmp(v, "dumb") == 0)
		return false;
	return isatty(STDOUT_FILENO) == 1;
}

/* With a standard descriptor closed, the next socket would take its
 * number and our output would go down the netlink socket: hold 0-2 with
 * /dev/null opened the wrong way round, so their use fails (EBADF). */
static void hold_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		int n = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
		if (n >= 0 && n != fd) {
			dup2(n, fd);
			close(n);
		}
	}
}

int main(int argc, char *argv[])
{
	struct options opts;
	struct filter *filter = NULL;
	char err[1024];
	int r;

	hold_std_fds();
	/* A closed pipe is an EPIPE from write(), handled as the end. */
	signal(SIGPIPE, SIG_IGN);

	if (options_parse(argc, argv, err, sizeof(err), &opts) < 0 ||
	    out_options_check(&opts, err, sizeof(err)) < 0) {
		cmd_error("%s (see sockscope --help)", err);
		return EXIT_BADINPUT;
	}
	if (opts.action == OPTIONS_HELP) {
		fputs(options_usage, stdout);
	} else if (opts.action == OPTIONS_VERSION) {
		printf("sockscope %s\n", SOCKSCOPE_VERSION);
	} else {
		/* Every action, listing or not, acts only after its whole
		 * environment is in place, or not at all. */
		opts.color = color_wanted(opts.color_mode);
		r = setup_env(&opts, &filter);
		if (r == 0)
			r = dispatch(&opts);
		filter_free(filter);
		return r;
	}
	if ((fflush(stdout) != 0 || ferror(stdout)) && errno != EPIPE) {
		cmd_error("write error: %s",
			strerror(errno));
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
