// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: any bytes as a recording. The first byte says how
 * it is read: even, as --from reads a file (a snapshot, or an ss -D file
 * read whole); odd, as TCPDIAG_FILE (ss's reader, to the first
 * NLMSG_DONE). Every table is then replayed through the collectors, the
 * details masked as for the options of the byte's second bit, each
 * record printed by the table (with the owner map and the recorded names
 * the file holds, as --from names) and JSON formatters, to /dev/null:
 * every namespace the file recorded (--all-netns: NETN, NDMP, NPRC,
 * NWRN), each with its origin, and its namespace warnings through both
 * formatters. No crash, no sanitizer report, no
 * hang; a bad file only ever fails with -EBADMSG.
 *
 * replay.c runs it over tests/fuzz/corpus/snapshot in every build.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "collect.h"
#include "names/names.h"
#include "output/out.h"
#include "owners/owners.h"
#include "snapshot/snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The file's recorded names into @n, as the commands layer hands them
 * over for --from (cmd_source_names()). */
static void recorded_names(const struct snapshot *s, struct names *n)
{
	static const enum names_table table[SNAPSHOT_NAMES_KINDS] = {
		NAMES_TABLE_IFNAME, NAMES_TABLE_CGROUP, NAMES_TABLE_PID_COMM,
		NAMES_TABLE_PID_UNIT, NAMES_TABLE_PROTOCOL,
	};
	const struct snapshot_name *v;
	const char *text;
	size_t count;
	uint16_t lo, hi;
	uint64_t netns;

	for (int k = 0; k < SNAPSHOT_NAMES_KINDS; k++) {
		if (snapshot_names(s, (enum snapshot_names_kind)k, 0, &v,
				   &count) < 0)
			continue;
		names_recorded_use(n, table[k]);
		/* Interfaces: every namespace's IFNM, each under its own. */
		for (size_t j = 0;
		     snapshot_names_at(s, (enum snapshot_names_kind)k, j,
				       &netns, &v, &count) == 0;
		     j++) {
			if (k == SNAPSHOT_NAMES_IFNAME)
				names_netns_entered(n, netns);
			for (size_t i = 0; i < count; i++)
				/* The reader let through only what names
				 * takes. */
				if (names_recorded_put(n, table[k], v[i].key,
						       v[i].text,
						       v[i].len) == -EINVAL)
					abort();
		}
	}
	if (snapshot_services(s, &lo, &hi, &text, &count) == 0)
		names_recorded_services(n, lo, hi, text, count);
}

static int emit(const struct sock_rec *rec, void *userdata)
{
	struct out **outs = userdata;

	for (int i = 0; i < 2; i++) {
		int r = out_sock(outs[i], rec);
		if (r < 0)
			return r;
	}
	return 0;
}

static int warn(const struct sock_warning *w, void *userdata)
{
	return 0;
}

struct fuzz_all {
	struct collect_opts *copts;
	struct out **outs;
};

static const struct sock_query *all_query;

static int each_netns(const struct sock_origin *o, void *userdata)
{
	struct fuzz_all *a = userdata;
	struct collect_where where;
	struct collect_stats stats;

	a->copts->origin = o;
	a->outs[0]->origin = a->outs[1]->origin = o;
	collect_run(all_query, a->copts, emit, warn, a->outs, &where, &stats);
	return 0;
}

static int each_warning(const struct sock_warning *w, void *userdata)
{
	struct fuzz_all *a = userdata;

	out_warning(a->outs[0], w);
	out_warning(a->outs[1], w);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
#define ALL                                                                    \
	{                                                                      \
		.netids = QUERY_NETIDS_ALL, .families = QUERY_FAMILY_ALL,      \
		.states = SOCK_STATES_ALL,                                     \
	}
	static const struct sock_query all = ALL;
	static const struct options table_opts = {
		.format = OUT_FORMAT_TABLE, .numeric = false,
		.query = ALL, .extended = true, .timers = true,
		.memory = true, .info = true, .all_netns = true};
	static const struct options json_opts = {
		.format = OUT_FORMAT_JSON, .numeric = true, .query = ALL,
		.extended = true, .timers = true, .memory = true,
		.info = true, .all_netns = true};
#undef ALL
	static int devnull = -1;
	struct out *outs[2] = {NULL, NULL};
	struct names *names[2] = {NULL, NULL};
	struct collect_opts copts = {0};
	struct fuzz_all fa = {.copts = &copts, .outs = outs};
	struct snapshot_error e;
	struct snapshot *s = NULL;
	struct owners *owners = NULL;
	int r;

	if (size < 1)
		return 0;
	if (devnull < 0)
		devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	r = snapshot_open_buf(data + 1, size - 1,
			      data[0] & 1 ? SNAPSHOT_TCPDIAG : SNAPSHOT_FROM,
			      &s, &e);
	if (r < 0) {
		if (r != -EBADMSG && r != -ENOMEM)
			abort();
		return 0;
	}
	r = snapshot_owners(s, &owners, &e);
	if (r < 0 && r != -EBADMSG && r != -ENOMEM)
		abort();
	/* The table prints the file's owners (-p). */
	if (names_new(&table_opts, owners, &names[0]) < 0 ||
	    names_new(&json_opts, NULL, &names[1]) < 0 ||
	    out_new(&table_opts, names[0], devnull, &outs[0]) < 0 ||
	    out_new(&json_opts, names[1], devnull, &outs[1]) < 0)
		goto done;
	/* The table names ports, interfaces, cgroups, processes as --from
	 * does: from the file. */
	recorded_names(s, names[0]);
	out_begin(outs[0]);
	out_begin(outs[1]);
	copts.tape = snapshot_tape(s);
	copts.detail = data[0] & 2 ? 0
				   : SOCK_DETAIL_EXTENDED | SOCK_DETAIL_TIMERS |
					     SOCK_DETAIL_MEMORY |
					     SOCK_DETAIL_INFO;
	all_query = &all;
	snapshot_netns_walk(s, each_netns, each_warning, &fa);
	out_end(outs[0]);
	out_end(outs[1]);
done:
	out_free(outs[0]);
	out_free(outs[1]);
	names_free(names[0]);
	names_free(names[1]);
	owners_free(owners);
	snapshot_free(s);
	return 0;
}
