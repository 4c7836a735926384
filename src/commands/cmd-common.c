// SPDX-License-Identifier: GPL-2.0-or-later
/* The messages the commands share with the listing (main.c), worded the
 * same way. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>

#include "cmd.h"
#include "names/container.h"
#include "netns/netns-run.h"
#include "collect.h"
#include "filter/filter.h"
#include "output/escape.h"
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
	/* Sockets listed, with something left out: say what and how much. */
	static const struct {
		size_t offset;
		const char *verb, *noun, *tail;
	} partial[] = {
		{offsetof(struct sock_warning, skipped), "skipped",
		 "malformed line", ""},
		{offsetof(struct sock_warning, dropped), "left out", "attribute",
		 " of a size this build does not know (the rest of each "
		 "socket is shown)"},
		{offsetof(struct sock_warning, repeated), "dropped",
		 "repeated line", " (the kernel listed a socket again as "
		 "sockets came and went)"},
	};

	for (size_t i = 0; i < sizeof(partial) / sizeof(partial[0]); i++) {
		size_t n;

		memcpy(&n, (const char *)w + partial[i].offset, sizeof(n));
		if (!n)
			continue;
		fprintf(stderr, "sockscope: %s/%s (%s): %s %zu %s%s%s\n",
			sock_netid_name(w->netid), sock_family_name(w->family),
			source, partial[i].verb, n, partial[i].noun,
			n == 1 ? "" : "s", partial[i].tail);
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

void cmd_debug_collect(const struct collect_stats *stats)
{
	const char *debug = getenv("SOCKSCOPE_DEBUG");

	if (!debug || !*debug || strcmp(debug, "0") == 0 || !stats->bc_retries)
		return;
	fprintf(stderr,
		"sockscope: debug: the kernel refused the filter program "
		"(%s: it tests fwmark or cgroup); %zu dump%s asked again "
		"without it, filtered here instead\n",
		strerror(-stats->bc_err), stats->bc_retries,
		stats->bc_retries == 1 ? "" : "s");
}

void cmd_error(const char *fmt, ...)
{
	char *msg = NULL, *esc;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fputs("sockscope: out of memory\n", stderr);
		return;
	}
	/* Our own words are plain ASCII and pass unchanged; what the user
	 * typed is shown as the table would show it. */
	esc = esc_table_dup(msg);
	fprintf(stderr, "sockscope: %s\n", esc ? esc : "out of memory");
	free(esc);
	free(msg);
}

/* esc_table() of @len bytes of @s into a new string (NULL: no memory),
 * and in *ret_chars the characters it shows as. */
static char *esc_span(const char *s, size_t len, size_t *ret_chars)
{
	char *dst = malloc(ESC_TABLE_MAX(len) + 1);
	size_t n, chars = 0;

	if (!dst)
		return NULL;
	n = esc_table(dst, s, len);
	dst[n] = '\0';
	/* Escaped text holds no tab or control: one column a character. */
	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)dst[i] & 0xc0) != 0x80;
	*ret_chars = chars;
	return dst;
}

void cmd_filter_error(const char *text, const struct filter_error *err)
{
	struct filter_where w;
	size_t end_line, at, end, pre_n, tok_n, post_n;
	char *pre, *tok, *post;

	filter_error_where(text, err, &w);
	end_line = w.line_start + w.line_len;
	at = err->offset < end_line ? err->offset : end_line;
	if (at < w.line_start)
		at = w.line_start;
	end = at + err->len < end_line ? at + err->len : end_line;
	if (strchr(text, '\n'))
		cmd_error("filter: %s at line %u, column %u", err->msg, w.line,
			  w.column);
	else
		cmd_error("filter: %s at column %u", err->msg, w.column);
	/* The line as the table would show it, and the caret under the
	 * escaped token: an ESC in a filter must not reach the terminal. */
	pre = esc_span(text + w.line_start, at - w.line_start, &pre_n);
	tok = esc_span(text + at, end - at, &tok_n);
	post = esc_span(text + end, end_line - end, &post_n);
	if (pre && tok && post) {
		fprintf(stderr, "%s%s%s\n%*s^", pre, tok, post, (int)pre_n,
			"");
		for (size_t i = 1; i < tok_n; i++)
			fputc('^', stderr);
		fputc('\n', stderr);
	}
	free(pre);
	free(tok);
	free(post);
}

int cmd_stats_file_failed(const char *root, const char *name, int err)
{
	if (err == -EBADMSG || err == -PROCFS_ENOTFILE) {
		cmd_error("%s/net/%s %s; refusing to %s",
			root, name,
			err == -EBADMSG
				? "is not in the format the kernel writes (or "
				  "repeats a counter)"
				: "is not a regular file (a device, FIFO or "
				  "socket)",
			err == -EBADMSG ? "guess" : "read it");
		return CMD_EXIT_BADINPUT;
	}
	cmd_error("%s/net/%s: %s", root, name, strerror(-err));
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
	struct container_cache *cache;
	int (*warn)(const struct sock_warning *w, void *data);
	void *warn_data;
};

static int attribute_then_dump(struct netns_entry *e, void *userdata)
{
	struct attr_ctx *a = userdata;
	int r = container_origin_fill(
		a->cache, e->pids, e->npids, &e->origin, e->strings,
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

int cmd_all_netns(const struct netns_run *run, struct container_cache *cache,
		  int (*warn)(const struct sock_warning *w, void *data),
		  void *warn_data, struct netns_list **ret_list)
{
	struct attr_ctx a = {.run = run, .cache = cache, .warn = warn,
			     .warn_data = warn_data};
	struct container_cache *own = NULL;
	struct netns_run nr = *run;
	int r;

	if (!a.cache) {
		r = container_cache_new(run->proc_root, NULL, &own);
		if (r < 0)
			return r;
		a.cache = own;
	}
	nr.dump = attribute_then_dump;
	nr.skip = skip_through;
	nr.userdata = &a;
	r = netns_run_host(&nr, warn, warn_data, ret_list);
	container_cache_free(own);
	return r;
}

void cmd_stamp_now(char *dst, uint64_t *ret_us)
{
	struct timespec ts;
	struct tm tm;
	size_t n;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(dst, CMD_STAMP_MAX, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(dst + n, CMD_STAMP_MAX - n, ".%06ldZ", ts.tv_nsec / 1000);
	*ret_us = (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}
