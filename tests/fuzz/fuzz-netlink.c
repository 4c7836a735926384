// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: any bytes as a sock_diag reply stream. The first byte
 * picks the family parser; the rest is what recv() would have returned.
 * Every record a parser accepts is then printed through the table and the
 * JSON formatters (to /dev/null), so what the kernel could send reaches
 * the output code too. No crash, no sanitizer report, no hang.
 *
 * replay.c runs it over tests/fuzz/corpus/netlink in every build.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netlink/nl-parse.h"
#include "netlink/nl.h"
#include "output/out.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int parse_inet(const struct nlmsghdr *nlh, const void *arg,
		      struct sock_rec *rec, uint64_t *key)
{
	int r = nl_inet_parse(nlh, SOCK_NETID_TCP, rec);
	*key = rec->cookie;
	return r;
}

#define WRAP(name, fn)                                                         \
	static int name(const struct nlmsghdr *nlh, const void *arg,           \
			struct sock_rec *rec, uint64_t *key)                   \
	{                                                                      \
		int r = fn(nlh, rec);                                          \
		*key = rec->cookie;                                            \
		return r;                                                      \
	}
WRAP(parse_raw, nl_raw_parse)
WRAP(parse_unix, nl_unix_parse)
WRAP(parse_packet, nl_packet_parse)
WRAP(parse_netlink, nl_netlink_parse)
WRAP(parse_xdp, nl_xdp_parse)
WRAP(parse_sctp, nl_sctp_parse)

static const nl_parse_fn parsers[] = {
	parse_inet,   parse_raw,     parse_unix, parse_packet,
	parse_netlink, parse_xdp,    parse_sctp,
};

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* With -e -o -m -i, so every attribute reaches its printer. */
	static const struct options table_opts = {.format = OUT_FORMAT_TABLE,
						  .numeric = true,
						  .query.netids =
							  QUERY_NETIDS_ALL,
						  .extended = true,
						  .timers = true,
						  .memory = true,
						  .info = true};
	static const struct options json_opts = {.format = OUT_FORMAT_JSON,
						 .numeric = true,
						 .extended = true,
						 .timers = true,
						 .memory = true,
						 .info = true};
	static int devnull = -1;
	struct out *outs[2] = {NULL, NULL};
	struct names *names[2] = {NULL, NULL};
	struct nl_collect c = {0};
	uint8_t *buf;

	if (size < 1)
		return 0;
	if (devnull < 0)
		devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	/* recv() hands over an aligned buffer; the parsers may rely on it. */
	buf = malloc(size - 1 ? size - 1 : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);

	if (names_new(&table_opts, NULL, &names[0]) < 0 ||
	    names_new(&json_opts, NULL, &names[1]) < 0 ||
	    out_new(&table_opts, names[0], devnull, &outs[0]) < 0 ||
	    out_new(&json_opts, names[1], devnull, &outs[1]) < 0)
		goto done;
	out_begin(outs[0]);
	out_begin(outs[1]);
	c.parse = parsers[data[0] % (sizeof(parsers) / sizeof(parsers[0]))];
	c.emit = emit;
	c.userdata = outs;
	nl_run_buffer(buf, size - 1, 0, 0, nl_collect_msg, &c, &c.err);
	out_end(outs[0]);
	out_end(outs[1]);
done:
	seen_done(&c.seen);
	out_free(outs[0]);
	out_free(outs[1]);
	names_free(names[0]);
	names_free(names[1]);
	free(buf);
	return 0;
}
