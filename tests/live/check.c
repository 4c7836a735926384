// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "harness.h"

#include "check.h"

static bool same_endpoints(const struct pop_sock *p, const struct js_sock *j)
{
	return strcmp(p->netid, j->netid) == 0 &&
	       strcmp(p->local_addr, j->local_address) == 0 &&
	       p->local_port == j->local_port &&
	       strcmp(p->peer_addr, j->peer_address) == 0 &&
	       p->peer_port == j->peer_port;
}

static void describe(const struct js_sock *j, char *dst, size_t size)
{
	if (strcmp(j->family, "inet") != 0 && strcmp(j->family, "inet6") != 0) {
		snprintf(dst, size, "%s", j->text);
		return;
	}
	snprintf(dst, size, "%s %s %s [%s]:%" PRId64 " -> [%s]:%" PRId64,
		 j->netid, j->family, j->state, j->local_address, j->local_port,
		 j->peer_address, j->peer_port);
}

static void check_range(const char *what, const char *field, int64_t got,
			struct pop_range want)
{
	if ((uint64_t)got < want.min || (uint64_t)got > want.max)
		fail_msg("%s: %s is %" PRId64 ", want %s%" PRIu64 "..%" PRIu64,
			 what, field, got,
			 want.min == want.max ? "exactly " : "", want.min,
			 want.max);
}

static void check_one(const struct population *pop, const struct pop_sock *p,
		      const struct js_sock *j)
{
	const char *family = p->family == AF_INET ? "inet" : "inet6";

	if (strcmp(j->family, family) != 0)
		fail_msg("%s: family \"%s\", want \"%s\"", p->what, j->family,
			 family);
	if (strcmp(j->state, pop_state_word(p->state)) != 0)
		fail_msg("%s: state \"%s\", want \"%s\"", p->what, j->state,
			 pop_state_word(p->state));
	check_range(p->what, "recv_q", j->recv_q, p->recv_q);
	check_range(p->what, "send_q", j->send_q, p->send_q);
	if (strcmp(j->interface, p->interface) != 0)
		fail_msg("%s: interface \"%s\", want \"%s\"", p->what,
			 j->interface, p->interface);
	if (p->interface[0] &&
	    j->interface_index != (int64_t)if_nametoindex(p->interface))
		fail_msg("%s: interface_index %" PRId64 ", want %u", p->what,
			 j->interface_index, if_nametoindex(p->interface));
	if (j->v6only != p->v6only)
		fail_msg("%s: v6only %d, want %d (-1: absent)", p->what,
			 j->v6only, p->v6only);
	if ((uint64_t)j->inode != p->inode)
		fail_msg("%s: inode %" PRId64 ", want %" PRIu64, p->what,
			 j->inode, p->inode);
	if ((uint64_t)j->uid != pop->uid)
		fail_msg("%s: uid %" PRId64 ", want %u", p->what, j->uid,
			 pop->uid);
	if (!j->has_cookie || j->cookie == 0)
		fail_msg("%s: no nonzero cookie", p->what);
	if (p->cookie && j->cookie != p->cookie)
		fail_msg("%s: cookie %" PRIu64 ", SO_COOKIE says %" PRIu64,
			 p->what, j->cookie, p->cookie);
	if (strcmp(j->source, "netlink") != 0)
		fail_msg("%s: source \"%s\", want \"netlink\"", p->what,
			 j->source);
}

void check_json_sockets(const struct population *pop, const char *flags_in,
			const struct js_sock *v, size_t n)
{
	char flags[32]; /* for messages: what the command line said */
	struct pop_filter f = pop_filter_from_flags(flags_in);
	bool *seen = calloc(pop->n ? pop->n : 1, sizeof(*seen));
	size_t matched = 0;

	assert_non_null(seen);
	snprintf(flags, sizeof(flags), "%s%.20s", *flags_in ? "-" : "no option",
		 flags_in);
	for (size_t i = 0; i < n; i++) {
		const struct js_sock *j = &v[i];
		char desc[300];
		size_t k;

		describe(j, desc, sizeof(desc));
		for (k = 0; k < pop->n; k++)
			if (same_endpoints(&pop->v[k], j))
				break;
		if (k == pop->n)
			fail_msg("%s: a socket the test did not make: "
				 "%s",
				 flags, desc);
		if (!pop_filter_match(&f, &pop->v[k]))
			fail_msg("%s: %s is listed but not selected: "
				 "%s",
				 flags, pop->v[k].what, desc);
		if (seen[k])
			fail_msg("%s: %s is listed twice", flags,
				 pop->v[k].what);
		seen[k] = true;
		matched++;
		check_one(pop, &pop->v[k], j);
		for (size_t m = 0; m < i; m++)
			if (v[m].cookie == j->cookie)
				fail_msg("%s: cookie %" PRIu64 " twice", flags,
					 j->cookie);
	}
	for (size_t k = 0; k < pop->n; k++)
		if (pop_filter_match(&f, &pop->v[k]) && !seen[k])
			fail_msg("%s: %s (%s %s:%u) is missing", flags,
				 pop->v[k].what, pop->v[k].netid,
				 pop->v[k].local_addr, pop->v[k].local_port);
	assert_int_equal(matched, pop_count(pop, &f));
	free(seen);
}

static bool js_equal(const struct js_sock *a, const struct js_sock *b,
		     bool queues)
{
	return strcmp(a->netid, b->netid) == 0 &&
	       strcmp(a->family, b->family) == 0 &&
	       strcmp(a->state, b->state) == 0 &&
	       strcmp(a->local_address, b->local_address) == 0 &&
	       strcmp(a->peer_address, b->peer_address) == 0 &&
	       a->local_port == b->local_port && a->peer_port == b->peer_port &&
	       (!queues ||
		(a->recv_q == b->recv_q && a->send_q == b->send_q)) &&
	       strcmp(a->interface, b->interface) == 0 &&
	       a->interface_index == b->interface_index &&
	       a->v6only == b->v6only && a->inode == b->inode &&
	       a->uid == b->uid && a->cookie == b->cookie &&
	       a->has_cookie == b->has_cookie &&
	       strcmp(a->source, b->source) == 0;
}

static bool queues_exact(const struct population *pop, const struct js_sock *j)
{
	for (size_t k = 0; k < pop->n; k++)
		if (same_endpoints(&pop->v[k], j))
			return pop->v[k].recv_q.min == pop->v[k].recv_q.max &&
			       pop->v[k].send_q.min == pop->v[k].send_q.max;
	return true;
}

void check_json_same(const struct population *pop, const struct js_sock *a,
		     size_t na, const struct js_sock *b, size_t nb)
{
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++) {
		bool queues = queues_exact(pop, &a[i]), found = false;
		char desc[300];

		for (size_t k = 0; k < nb && !found; k++)
			found = a[i].cookie == b[k].cookie &&
				js_equal(&a[i], &b[k], queues);
		describe(&a[i], desc, sizeof(desc));
		if (!found)
			fail_msg("not the same in both outputs: %s", desc);
	}
}

struct check_row *check_rows(char *text, size_t *ret_n)
{
	size_t n = 0, cap = 64;
	struct check_row *rows = calloc(cap, sizeof(*rows));
	char *p = text;

	assert_non_null(rows);
	while (*p) {
		char *nl = strchr(p, '\n');
		struct check_row *r;
		char *save = NULL;

		if (n == cap) {
			cap *= 2;
			rows = realloc(rows, cap * sizeof(*rows));
			assert_non_null(rows);
		}
		r = &rows[n++];
		*r = (struct check_row){0};
		if (nl)
			*nl = '\0';
		r->len = strlen(p);
		r->base = p;
		r->line = strdup(p);
		assert_non_null(r->line);
		for (char *t = strtok_r(p, " ", &save); t;
		     t = strtok_r(NULL, " ", &save)) {
			if (r->ntok == CHECK_TOKENS_MAX)
				fail_msg("too many fields in \"%s\"", r->line);
			r->tok[r->ntok++] = t;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	*ret_n = n;
	return rows;
}

void check_rows_free(struct check_row *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++)
		free((char *)rows[i].line);
	free(rows);
}
