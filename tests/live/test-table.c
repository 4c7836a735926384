// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sockscope's table against sockets this test made in its own network
 * namespace: header, column alignment, -H, the Netid column, blanks,
 * numeric ports and service names, and the rows themselves.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "harness.h"

#include "check.h"
#include "netns.h"
#include "population.h"
#include "spawn.h"

static struct population pop;
static uint32_t uid;

static int setup(void **state)
{
	population_init(&pop, uid);
	population_add_standard(&pop);
	return 0;
}

static int teardown(void **state)
{
	population_done(&pop);
	return 0;
}

static const char *const header_words[] = {
    "State",	    "Recv-Q", "Send-Q",	      "Local",
    "Address:Port", "Peer",   "Address:Port",
};
#define NWORDS (sizeof(header_words) / sizeof(header_words[0]))

struct table {
	struct spawn_result res;
	struct check_row *rows;
	size_t n;
};

/* Runs sockscope with @opt and splits its table. */
static struct table run_table(const char *opt)
{
	struct table t = {.res = spawn_sockscope(SPAWN_STDOUT_PIPE, opt, NULL)};

	if (!t.res.exited || t.res.status != 0 || t.res.err_len != 0)
		fail_msg("sockscope %s: status %d, stderr: %s", opt,
			 t.res.status, t.res.err);
	t.rows = check_rows(t.res.out, &t.n);
	return t;
}

static void table_done(struct table *t)
{
	check_rows_free(t->rows, t->n);
	spawn_result_done(&t->res);
}

static void assert_header(const struct check_row *r, bool netid)
{
	size_t off = netid ? 1 : 0;

	if (r->ntok != NWORDS + off)
		fail_msg("header \"%s\": %zu words, want %zu", r->line, r->ntok,
			 NWORDS + off);
	if (netid)
		assert_string_equal(r->tok[0], "Netid");
	for (size_t i = 0; i < NWORDS; i++)
		assert_string_equal(r->tok[i + off], header_words[i]);
	/* "Local Address" and "Peer Address" are each one title. */
	assert_non_null(strstr(r->line, " Local Address:Port "));
	assert_non_null(strstr(r->line, " Peer Address:Port"));
}

/* Column of the ':' between address and port in token @tok of @r. */
static size_t sep_column(const struct check_row *r, size_t tok)
{
	const char *colon = strrchr(r->tok[tok], ':');

	if (!colon)
		fail_msg("no ':' in \"%s\" of \"%s\"", r->tok[tok], r->line);
	return (size_t)(colon - r->base);
}

static void table_header_words(void **state)
{
	struct table t = run_table("-tan");

	assert_true(t.n >= 1);
	assert_header(&t.rows[0], false);
	/* The fixed part, as ss starts it: "State" then two blanks. */
	assert_int_equal(strncmp(t.rows[0].line, "State  Recv-Q Send-Q ", 21),
			 0);
	table_done(&t);
}

static void check_alignment(const char *opt, bool netid)
{
	struct table t = run_table(opt);
	const struct check_row *h;
	size_t local, peer;

	assert_true(t.n >= 2);
	h = &t.rows[0];
	assert_header(h, netid);
	local = (size_t)(strstr(h->line, "Local Address:") - h->line) +
		strlen("Local Address");
	peer = (size_t)(strstr(h->line, "Peer Address:") - h->line) +
	       strlen("Peer Address");
	for (size_t i = 1; i < t.n; i++) {
		const struct check_row *r = &t.rows[i];
		if (r->ntok != 5u + netid)
			fail_msg("%s: row \"%s\" has %zu fields", opt, r->line,
				 r->ntok);
		if (sep_column(r, r->ntok - 2) != local ||
		    sep_column(r, r->ntok - 1) != peer)
			fail_msg(
			    "%s: the ':' of \"%s\" are at %zu and %zu, the "
			    "header's at %zu and %zu",
			    opt, r->line, sep_column(r, r->ntok - 2),
			    sep_column(r, r->ntok - 1), local, peer);
	}
	table_done(&t);
}

static void table_separators_line_up(void **state)
{
	check_alignment("-tan", false);
	check_alignment("-tuan", true);
	check_alignment("-tuan6", true);
	check_alignment("-tln", false);
	check_alignment("-uan", false);
	check_alignment("-tun", true);
	/* Service names change the widths; the ':' must still line up. */
	check_alignment("-tua", true);
}

static void table_no_header(void **state)
{
	struct pop_filter f = pop_filter_from_flags("tan");
	struct table t = run_table("-tanH");

	assert_int_equal(t.n, pop_count(&pop, &f));
	for (size_t i = 0; i < t.n; i++)
		if (strcmp(t.rows[i].tok[0], "LISTEN") != 0 &&
		    strcmp(t.rows[i].tok[0], "ESTAB") != 0)
			fail_msg("-tanH: line \"%s\" is not a socket",
				 t.rows[i].line);
	table_done(&t);
}

static void table_netid_column(void **state)
{
	struct table tu = run_table("-tuan"), tonly = run_table("-tan"),
		     uonly = run_table("-uan");

	assert_string_equal(tu.rows[0].tok[0], "Netid");
	for (size_t i = 1; i < tu.n; i++)
		if (strcmp(tu.rows[i].tok[0], "tcp") != 0 &&
		    strcmp(tu.rows[i].tok[0], "udp") != 0)
			fail_msg("-tuan: no netid in \"%s\"", tu.rows[i].line);
	/* One table asked for: no Netid column. */
	assert_string_equal(tonly.rows[0].tok[0], "State");
	assert_string_equal(uonly.rows[0].tok[0], "State");
	for (size_t i = 1; i < tonly.n; i++)
		assert_string_not_equal(tonly.rows[i].tok[0], "tcp");
	for (size_t i = 1; i < uonly.n; i++)
		assert_string_not_equal(uonly.rows[i].tok[0], "udp");
	table_done(&tu);
	table_done(&tonly);
	table_done(&uonly);
}

static void check_no_trailing_blanks(const char *opt)
{
	struct spawn_result r = spawn_sockscope(SPAWN_STDOUT_PIPE, opt, NULL);
	const char *line = r.out;

	assert_int_equal(r.status, 0);
	assert_true(r.out_len > 0);
	assert_int_equal(r.out[r.out_len - 1], '\n');
	for (const char *nl; (nl = strchr(line, '\n')); line = nl + 1) {
		if (nl == line)
			fail_msg("%s: empty line", opt);
		if (nl[-1] == ' ' || nl[-1] == '\t')
			fail_msg("%s: trailing blank on \"%.*s\"", opt,
				 (int)(nl - line), line);
	}
	spawn_result_done(&r);
}

static void table_no_trailing_blanks(void **state)
{
	check_no_trailing_blanks("-tan");
	check_no_trailing_blanks("-tuan");
	check_no_trailing_blanks("-tuanH");
	check_no_trailing_blanks("-uan");
	check_no_trailing_blanks("-tln");
	check_no_trailing_blanks("-tua");
	/* A header and nothing else. */
	check_no_trailing_blanks("-u6");
}

/* The rows of @opt (with -H) against the population, as ss would print
 * each socket; queues compared where the kernel's count is exact. @netid
 * and @state say whether those columns are there: like ss, State is left
 * out when the selection allows only one state (-u: ESTAB). */
static void check_rows_match(const char *opt, const char *flags, bool netid,
			     bool state)
{
	struct pop_filter f = pop_filter_from_flags(flags);
	struct table t = run_table(opt);
	bool *used = calloc(t.n ? t.n : 1, sizeof(*used));
	size_t base = (size_t)netid + state;

	assert_non_null(used);
	assert_int_equal(t.n, pop_count(&pop, &f));
	for (size_t k = 0; k < pop.n; k++) {
		const struct pop_sock *s = &pop.v[k];
		char local[96], peer[96];
		size_t i;

		if (!pop_filter_match(&f, s))
			continue;
		pop_table_endpoint(s, true, local);
		pop_table_endpoint(s, false, peer);
		for (i = 0; i < t.n; i++) {
			const struct check_row *r = &t.rows[i];
			if (!used[i] && r->ntok == 4u + base &&
			    (!netid || strcmp(r->tok[0], s->netid) == 0) &&
			    strcmp(r->tok[base + 2], local) == 0 &&
			    strcmp(r->tok[base + 3], peer) == 0)
				break;
		}
		if (i == t.n)
			fail_msg("%s: no row for %s: %s %s", opt, s->what,
				 local, peer);
		used[i] = true;
		if (state)
			assert_string_equal(t.rows[i].tok[netid],
					    pop_state_label(s->state));
		if (s->recv_q.min == s->recv_q.max &&
		    strtoull(t.rows[i].tok[base], NULL, 10) != s->recv_q.min)
			fail_msg("%s: Recv-Q of %s is %s, want %" PRIu64, opt,
				 s->what, t.rows[i].tok[base], s->recv_q.min);
		if (s->send_q.min == s->send_q.max &&
		    strtoull(t.rows[i].tok[base + 1], NULL, 10) !=
			    s->send_q.min)
			fail_msg("%s: Send-Q of %s is %s, want %" PRIu64, opt,
				 s->what, t.rows[i].tok[base + 1],
				 s->send_q.min);
	}
	free(used);
	table_done(&t);
}

static void table_rows_match_sockets(void **state)
{
	check_rows_match("-tuanH", "tuan", true, true);
	check_rows_match("-tlnH", "tln", false, true);
	check_rows_match("-unH", "un", false, false);
	check_rows_match("-tuln6H", "tuln6", true, true);
}

static bool port_is_numeric(const char *endpoint)
{
	const char *p = strrchr(endpoint, ':');

	if (!p || !p[1])
		return false;
	if (strcmp(p + 1, "*") == 0)
		return true;
	for (p++; *p; p++)
		if (!isdigit((unsigned char)*p))
			return false;
	return true;
}

static void table_numeric_ports(void **state)
{
	struct table t = run_table("-tuanH");
	bool saw22 = false;

	for (size_t i = 0; i < t.n; i++) {
		const struct check_row *r = &t.rows[i];
		if (!port_is_numeric(r->tok[4]) || !port_is_numeric(r->tok[5]))
			fail_msg("-n: a port is not a number: \"%s\"", r->line);
		saw22 |= strcmp(r->tok[4], "127.0.0.1:22") == 0;
	}
	assert_true(saw22);
	table_done(&t);
}

/* The first name /etc/services gives 22/tcp, as getservbyport(3) would. */
static bool services_name_of_22(char *dst, size_t size)
{
	FILE *f = fopen("/etc/services", "re");
	char line[512];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char name[128], port[64];
		if (line[0] == '#')
			continue;
		if (sscanf(line, "%127s %63s", name, port) == 2 &&
		    strcmp(port, "22/tcp") == 0) {
			snprintf(dst, size, "%s", name);
			found = true;
		}
	}
	fclose(f);
	return found;
}

static void table_service_names(void **state)
{
	char name[128], want[160];
	struct table t;
	bool found = false;

	if (!services_name_of_22(name, sizeof(name)))
		skip(); /* nothing to check against */
	snprintf(want, sizeof(want), "127.0.0.1:%s", name);
	t = run_table("-tlH");
	for (size_t i = 0; i < t.n; i++) {
		const struct check_row *r = &t.rows[i];
		assert_false(strcmp(r->tok[3], "127.0.0.1:22") == 0);
		found |= strcmp(r->tok[3], want) == 0;
	}
	if (!found)
		fail_msg("-tlH: no row shows %s", want);
	table_done(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(table_header_words),
	    cmocka_unit_test(table_separators_line_up),
	    cmocka_unit_test(table_no_header),
	    cmocka_unit_test(table_netid_column),
	    cmocka_unit_test(table_no_trailing_blanks),
	    cmocka_unit_test(table_rows_match_sockets),
	    cmocka_unit_test(table_numeric_ports),
	    cmocka_unit_test(table_service_names),
	};

	uid = netns_enter_or_skip();
	return harness_run_group(tests, setup, teardown);
}
