// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: any bytes through the filter parser. Whatever
 * parses must format, compile for both inet families into a program the
 * kernel's audit accepts (bc-check.c), and that program must keep every
 * sample socket the expression matches, and nothing else when it claims
 * to be exact. Whatever does not parse must say where, inside the text.
 *
 *   meson setup -Dfuzz=true build-fuzz  (with CC=clang)
 *   ./build-fuzz/tests/fuzz/fuzz-filter tests/fuzz/corpus/filter
 *
 * replay.c runs the same function over the seed corpus in every build.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "filter/filter.h"
#include "../filter/bc-check.h"

#ifndef FUZZ_DATA
#define FUZZ_DATA "tests/filter/data"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A few sockets of each inet family, v4-mapped among them. */
static struct sock_rec sample(unsigned i)
{
	static const char *const v4[] = {"127.0.0.1", "10.1.2.3", "0.0.0.0",
					 "192.168.1.1"};
	static const char *const v6[] = {"::1", "::", "::ffff:10.1.2.3",
					 "2001:db8::1"};
	static const uint16_t ports[] = {0, 22, 443, 1024, 40000, 65535};
	bool six = i % 2;
	struct sock_rec r = {
		.netid = SOCK_NETID_TCP,
		.family = six ? AF_INET6 : AF_INET,
		.state = (uint8_t)(1 + i % 11),
		.local_port = ports[i % 6],
		.peer_port = ports[(i / 6) % 6],
		.ifindex = i % 3,
		.has_mark = true,
		.mark = i % 4 == 0 ? 0x10 : 0,
		.has_cgroup_id = i % 5 != 0,
		.cgroup_id = i % 5 == 1 ? 1 : 2,
	};

	inet_pton(r.family, six ? v6[(i / 2) % 4] : v4[(i / 2) % 4],
		  r.local_addr);
	inet_pton(r.family, six ? v6[(i / 8) % 4] : v4[(i / 8) % 4],
		  r.peer_addr);
	return r;
}

static void check_program(const struct filter *f, int family)
{
	void *code = NULL;
	size_t len = 0;
	bool exact = false;
	char why[128];

	if (filter_compile(f, family, &code, &len, &exact) < 0)
		abort(); /* only ENOMEM, which the fuzzer does not cause */
	if (code && bc_check_audit(code, len, why, sizeof(why)) < 0) {
		fprintf(stderr, "the kernel would refuse the program: %s\n",
			why);
		abort();
	}
	for (unsigned i = 0; i < 64; i++) {
		struct sock_rec r = sample(i);
		bool user, kernel;

		if (r.family != family)
			continue;
		user = filter_match(f, &r);
		kernel = code ? bc_check_run(code, len, &r) : true;
		if ((user && !kernel) || (exact && user != kernel)) {
			fprintf(stderr, "kernel %d, userspace %d, sample %u\n",
				kernel, user, i);
			abort();
		}
	}
	free(code);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct filter_env env = {
		.services_path = FUZZ_DATA "/services",
		.port_range_path = FUZZ_DATA "/port_range",
		.cgroup_root = FUZZ_DATA,
		.no_resolve = true,
	};
	struct filter_error err = {0};
	struct filter *f = NULL;
	char *text = malloc(size + 1), tree[256], caret[256];
	size_t len;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	len = strlen(text);
	if (filter_parse(text, &env, &f, &err) == 0) {
		uint32_t states;

		filter_format(f, tree, sizeof(tree));
		filter_states(f, &states);
		filter_families(f);
		check_program(f, AF_INET);
		check_program(f, AF_INET6);
		filter_free(f);
	} else {
		struct filter_where w;

		if (err.offset > len || err.offset + err.len > len ||
		    !err.msg[0])
			abort();
		filter_error_where(text, &err, &w);
		filter_error_caret(text, &err, caret, sizeof(caret));
	}
	free(text);
	return 0;
}
