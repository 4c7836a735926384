// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What --watch and --color add to the formatters: the table's marks, its
 * colors (which never move a column), and the "changed" event line.
 */
#include "json-strict.h"
#include "out-capture.h"

/* A table out with marks, begun after @marked is set. */
static struct capture *start_marked(const struct options *opts)
{
	struct capture *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	c->opts = *opts;
	c->fd = memfd_create("out", MFD_CLOEXEC);
	assert_true(c->fd >= 0);
	assert_int_equal(names_new(&c->opts, NULL, &c->names), 0);
	assert_int_equal(out_new(&c->opts, c->names, c->fd, &c->out), 0);
	c->out->marked = true;
	assert_int_equal(out_begin(c->out), 0);
	return c;
}

static void put_marked(struct capture *c, char mark,
		       const struct sock_rec *rec)
{
	c->out->mark = mark;
	put(c, rec);
}

/* Three rows, one of them a listener, as --watch gives them. */
static void put_three(struct capture *c)
{
	struct sock_rec l = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 22, "0.0.0.0",
				 0, 0, 128);
	struct sock_rec e = tcp4(SOCK_STATE_ESTABLISHED, "10.0.0.1", 22,
				 "10.0.0.2", 40000, 0, 0);
	struct sock_rec g = tcp4(SOCK_STATE_TIME_WAIT, "10.0.0.1", 22,
				 "10.0.0.3", 40001, 0, 0);

	put_marked(c, '+', &e);
	put_marked(c, '-', &g);
	put_marked(c, ' ', &l);
}

static void table_rows_carry_their_marks(void **state)
{
	struct options o = table_opts(TCP);
	struct capture *c = start_marked(&o);

	put_three(c);
	assert_string_equal(
		finish(c),
		"  State     Recv-Q Send-Q Local Address:Port Peer Address:Port\n"
		"+ ESTAB     0      0           10.0.0.1:22       10.0.0.2:40000\n"
		"- TIME-WAIT 0      0           10.0.0.1:22       10.0.0.3:40001\n"
		"  LISTEN    0      128          0.0.0.0:22        0.0.0.0:*\n");
	capture_free(c);
}

/* @s without its SGR sequences. */
static char *strip_sgr(const char *s)
{
	char *out = malloc(strlen(s) + 1), *p = out;

	assert_non_null(out);
	while (*s) {
		if (*s == '\033') {
			assert_int_equal(s[1], '[');
			s += 2;
			while (*s && *s != 'm')
				s++;
			assert_int_equal(*s, 'm');
			s++;
			continue;
		}
		*p++ = *s++;
	}
	*p = '\0';
	return out;
}

static void colors_leave_the_layout_alone(void **state)
{
	struct options o = table_opts(TCP);
	struct capture *plain, *colored;
	char *stripped;

	plain = start_marked(&o);
	put_three(plain);
	o.color = true;
	colored = start_marked(&o);
	put_three(colored);
	finish(plain);
	finish(colored);
	/* The state words, the listener's address and the marks. */
	assert_non_null(strstr(colored->text, "\033[32mESTAB\033[0m"));
	assert_non_null(strstr(colored->text, "\033[35mTIME-WAIT\033[0m"));
	assert_non_null(strstr(colored->text, "\033[36mLISTEN\033[0m"));
	assert_non_null(strstr(colored->text, "\033[1m0.0.0.0:\033[0m"));
	assert_non_null(strstr(colored->text, "\033[1;32m+\033[0m "));
	assert_non_null(strstr(colored->text, "\033[1;31m-\033[0m "));
	/* Only the listener's local address is bold. */
	assert_null(strstr(colored->text, "\033[1m10.0.0.1"));
	stripped = strip_sgr(colored->text);
	assert_string_equal(stripped, plain->text);
	free(stripped);
	capture_free(plain);
	capture_free(colored);
}

static void no_color_without_the_option(void **state)
{
	struct options o = table_opts(TCP);
	struct capture *c = start(&o);
	struct sock_rec l = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 22, "0.0.0.0",
				 0, 0, 128);

	put(c, &l);
	assert_null(strchr(finish(c), '\033'));
	capture_free(c);
}

static void changed_event_holds_the_previous_values(void **state)
{
	struct options o = json_opts(OUT_FORMAT_NDJSON, false);
	struct capture *c = start(&o);
	struct sock_rec now = tcp4(SOCK_STATE_CLOSE_WAIT, "10.0.0.1", 22,
				   "10.0.0.2", 40000, 1, 0);
	struct sock_rec was = tcp4(SOCK_STATE_ESTABLISHED, "10.0.0.1", 22,
				   "10.0.0.2", 40000, 0, 5);
	struct json_object *e, *prev;
	const char *text;

	assert_int_equal(out_ndjson_change(c->out, "2026-12-05T11:00:00.000001Z",
					   1796468400000001ull, &now, &was),
			 0);
	text = finish(c);
	assert_int_equal(text[c->len - 1], '\n');
	assert_null(memchr(text, '\n', c->len - 1));
	e = json_parse_strict(text, c->len - 1);
	assert_int_equal(json_object_get_int(json_get(e, "schema_version")), 1);
	assert_string_equal(json_object_get_string(json_get(e, "event")),
			    "changed");
	assert_string_equal(
		json_object_get_string(json_get(json_get(e, "socket"), "state")),
		"close-wait");
	assert_int_equal(
		json_object_get_int(json_get(json_get(e, "socket"), "recv_q")),
		1);
	prev = json_get(e, "previous");
	assert_string_equal(json_object_get_string(json_get(prev, "state")),
			    "established");
	assert_int_equal(json_object_get_int(json_get(prev, "recv_q")), 0);
	assert_int_equal(json_object_get_int(json_get(prev, "send_q")), 5);
	assert_int_equal(json_object_object_length(prev), 3);
	json_object_put(e);
	capture_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_rows_carry_their_marks),
		cmocka_unit_test(colors_leave_the_layout_alone),
		cmocka_unit_test(no_color_without_the_option),
		cmocka_unit_test(changed_event_holds_the_previous_values),
	};

	return harness_run_group(tests, NULL, NULL);
}
