// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: any bytes as a /proc/net file. The first byte picks
 * the format; the rest is split into lines as the reader splits them:
 * the first checked as the header, every other one parsed, and what
 * parses printed through the table and JSON formatters to /dev/null.
 *
 * replay.c runs it over tests/fuzz/corpus/procfs in every build.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "output/out.h"
#include "procfs/procfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum fmt { TCP, TCP6, UDP, UDP6, RAW, RAW6, UNIX_, PACKET, NETLINK, NFMT };

static const procfs_header_fn headers[NFMT] = {
	procfs_tcp_header_ok,    procfs_tcp6_header_ok,
	procfs_udp_header_ok,    procfs_udp6_header_ok,
	procfs_raw_header_ok,    procfs_raw6_header_ok,
	procfs_unix_header_ok,   procfs_packet_header_ok,
	procfs_netlink_header_ok,
};

static int parse(enum fmt f, const char *line, size_t len, char *pathbuf,
		 struct sock_rec *rec)
{
	static const enum sock_netid inet_netid[] = {
		[TCP] = SOCK_NETID_TCP, [TCP6] = SOCK_NETID_TCP,
		[UDP] = SOCK_NETID_UDP, [UDP6] = SOCK_NETID_UDP,
		[RAW] = SOCK_NETID_RAW, [RAW6] = SOCK_NETID_RAW,
	};

	switch (f) {
	case UNIX_:
		return procfs_unix_parse(line, len, pathbuf, rec);
	case PACKET:
		return procfs_packet_parse(line, len, rec);
	case NETLINK:
		return procfs_netlink_parse(line, len, rec);
	default:
		return procfs_inet_parse(line, len, f % 2 ? AF_INET6 : AF_INET,
					 inet_netid[f], rec);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct options table_opts = {.format = OUT_FORMAT_TABLE,
						  .query.netids =
							  QUERY_NETIDS_ALL};
	static const struct options json_opts = {.format = OUT_FORMAT_JSON};
	static char pathbuf[PROCFS_UNIX_PATH_MAX];
	static int devnull = -1;
	struct out *outs[2] = {NULL, NULL};
	struct names *names[2] = {NULL, NULL};
	const char *p, *end;
	enum fmt f;
	bool first = true;

	if (size < 1)
		return 0;
	if (devnull < 0)
		devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	f = (enum fmt)(data[0] % NFMT);
	if (names_new(&table_opts, NULL, &names[0]) < 0 ||
	    names_new(&json_opts, NULL, &names[1]) < 0 ||
	    out_new(&table_opts, names[0], devnull, &outs[0]) < 0 ||
	    out_new(&json_opts, names[1], devnull, &outs[1]) < 0)
		goto done;
	out_begin(outs[0]);
	out_begin(outs[1]);
	p = (const char *)data + 1;
	end = (const char *)data + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		struct sock_rec rec;

		if (first)
			(void)headers[f](p, len);
		else if (parse(f, p, len, pathbuf, &rec) == 0)
			for (int i = 0; i < 2; i++)
				out_sock(outs[i], &rec);
		first = false;
		p += len + 1;
	}
	out_end(outs[0]);
	out_end(outs[1]);
done:
	out_free(outs[0]);
	out_free(outs[1]);
	names_free(names[0]);
	names_free(names[1]);
	return 0;
}
