/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* What the filter tests share: cmocka, the data files, records. */

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "harness.h"

#include "filter/filter.h"

/* The path of data file @name: meson passes the directory in
 * $FILTER_DATA; by hand, run from the source tree. */
static inline const char *data_path(const char *name)
{
	static char path[4][4096];
	static unsigned turn;
	const char *dir = getenv("FILTER_DATA");
	char *p = path[turn++ % 4];

	snprintf(p, sizeof(path[0]), "%s/%s",
		 dir ? dir : "tests/filter/data", name);
	return p;
}

/* The environment of every unit test: fixed files, no DNS. */
static inline struct filter_env test_env(void)
{
	return (struct filter_env){
		.services_path = data_path("services"),
		.port_range_path = data_path("port_range"),
		.no_resolve = true,
	};
}

/* Parses @text or fails the test with the parser's message. */
static inline struct filter *parse_ok(const char *text)
{
	struct filter_env env = test_env();
	struct filter_error err = {0};
	struct filter *f = NULL;
	int r = filter_parse(text, &env, &f, &err);

	if (r < 0)
		fail_msg("'%s' did not parse (%d): %s at offset %zu", text, r,
			 err.msg, err.offset);
	return f;
}

/* An inet record: "1.2.3.4" or "::1" addresses, host-order ports. */
static inline struct sock_rec rec_inet(enum sock_netid netid, unsigned state,
				       const char *local, uint16_t lport,
				       const char *peer, uint16_t pport)
{
	struct sock_rec r = {
		.netid = netid,
		.family = strchr(local, ':') ? AF_INET6 : AF_INET,
		.state = (uint8_t)state,
		.local_port = lport,
		.peer_port = pport,
		.v6only = -1,
		.has_uid = true,
	};

	assert_int_equal(inet_pton(r.family, local, r.local_addr), 1);
	assert_int_equal(inet_pton(r.family, peer, r.peer_addr), 1);
	return r;
}
