// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * escape.h: what reaches a terminal or a JSON reader from untrusted bytes.
 * Table escapes are compared as text; JSON strings are compared as text
 * and then parsed by json-c in strict mode, validating UTF-8.
 */
#include <sys/mman.h>

#include "json-strict.h"
#include "unit.h"

#include "src/output/escape.h"

/* esc_table of @len bytes of @s, as a NUL-terminated string. The output
 * buffer is exactly ESC_TABLE_MAX(@len) bytes on the heap, so ASan sees
 * any write past the promised bound. */
static char *esc(const char *s, size_t len)
{
	static char out[4096];
	char *dst = malloc(len ? ESC_TABLE_MAX(len) : 1);
	size_t n;

	assert_non_null(dst);
	n = esc_table(dst, s, len);
	assert_true(n <= ESC_TABLE_MAX(len));
	assert_true(n < sizeof(out));
	memcpy(out, dst, n);
	out[n] = '\0';
	free(dst);
	return out;
}

#define ESC(lit) esc(lit, sizeof(lit) - 1)

static void esc_plain_ascii_unchanged(void **state)
{
	assert_string_equal(ESC("hello, world 0-9 ~!@#$%^&*()_+{}|:<>?"),
			    "hello, world 0-9 ~!@#$%^&*()_+{}|:<>?");
	assert_string_equal(ESC("'\"` []"), "'\"` []");
	assert_string_equal(ESC(""), "");
}

static void esc_backslash_and_whitespace_escaped(void **state)
{
	assert_string_equal(ESC("a\nb"), "a\\nb");
	assert_string_equal(ESC("a\tb"), "a\\tb");
	assert_string_equal(ESC("a\rb"), "a\\rb");
	assert_string_equal(ESC("a\\b"), "a\\\\b");
	assert_string_equal(ESC("\\x41"), "\\\\x41");
}

static void esc_escape_byte_as_hex(void **state)
{
	assert_string_equal(ESC("\x1b[31mred"), "\\x1b[31mred");
}

static void esc_other_c0_controls_as_hex(void **state)
{
	assert_string_equal(ESC("\x01\x07\x08\x0b\x0c\x1f"),
			    "\\x01\\x07\\x08\\x0b\\x0c\\x1f");
	assert_string_equal(ESC("a\0b"), "a\\x00b");
}

static void esc_del_as_hex(void **state)
{
	assert_string_equal(ESC("\x7f"), "\\x7f");
}

static void esc_valid_utf8_unchanged(void **state)
{
	assert_string_equal(ESC("caf\xc3\xa9"), "caf\xc3\xa9");   /* é */
	assert_string_equal(ESC("\xe4\xb8\xad"), "\xe4\xb8\xad"); /* 中 */
	assert_string_equal(ESC("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80");
	/* Edges: U+00A0 (first after C1), U+0800, U+D7FF, U+E000, U+FFFD,
	 * U+10000, U+10FFFF. */
	assert_string_equal(ESC("\xc2\xa0"), "\xc2\xa0");
	assert_string_equal(ESC("\xe0\xa0\x80"), "\xe0\xa0\x80");
	assert_string_equal(ESC("\xed\x9f\xbf"), "\xed\x9f\xbf");
	assert_string_equal(ESC("\xee\x80\x80"), "\xee\x80\x80");
	assert_string_equal(ESC("\xef\xbf\xbd"), "\xef\xbf\xbd");
	assert_string_equal(ESC("\xf0\x90\x80\x80"), "\xf0\x90\x80\x80");
	assert_string_equal(ESC("\xf4\x8f\xbf\xbf"), "\xf4\x8f\xbf\xbf");
}

static void esc_invalid_utf8_escaped_per_byte(void **state)
{
	assert_string_equal(ESC("\xff"), "\\xff");
	assert_string_equal(ESC("\x80"), "\\x80"); /* lone continuation */
	assert_string_equal(ESC("\xe4\xb8"), "\\xe4\\xb8"); /* truncated */
	assert_string_equal(ESC("\xe4\xb8z"), "\\xe4\\xb8z");
	assert_string_equal(ESC("\xc0\xaf"), "\\xc0\\xaf"); /* overlong / */
	assert_string_equal(ESC("\xe0\x80\xaf"), "\\xe0\\x80\\xaf");
	assert_string_equal(ESC("\xed\xa0\x80"), "\\xed\\xa0\\x80"); /* D800 */
	assert_string_equal(ESC("\xf4\x90\x80\x80"),
			    "\\xf4\\x90\\x80\\x80"); /* U+110000 */
	assert_string_equal(ESC("\xf5\x80\x80\x80"), "\\xf5\\x80\\x80\\x80");
	/* A valid sequence right after a bad byte survives. */
	assert_string_equal(ESC("\xfe\xc3\xa9"), "\\xfe\xc3\xa9");
}

static void esc_c1_controls_escaped(void **state)
{
	assert_string_equal(ESC("\xc2\x85"), "\\xc2\\x85"); /* NEL */
	assert_string_equal(ESC("\xc2\x80"), "\\xc2\\x80");
	assert_string_equal(ESC("\xc2\x9b" "2J"), "\\xc2\\x9b2J"); /* CSI */
	assert_string_equal(ESC("\xc2\x9f"), "\\xc2\\x9f");
}

/* Bidi embeddings, overrides, isolates and zero-width characters would
 * reorder or hide what follows on a terminal: escaped byte by byte. Their
 * neighbours (U+2010, U+2065, U+2070, U+FEFE) are ordinary text. */
static void esc_format_characters_escaped(void **state)
{
	assert_string_equal(ESC("a\xe2\x80\xae" "b"), "a\\xe2\\x80\\xae" "b"); /* RLO */
	assert_string_equal(ESC("\xe2\x80\xaa"), "\\xe2\\x80\\xaa");
	assert_string_equal(ESC("\xe2\x81\xa6"), "\\xe2\\x81\\xa6"); /* LRI */
	assert_string_equal(ESC("\xe2\x81\xa9"), "\\xe2\\x81\\xa9"); /* PDI */
	assert_string_equal(ESC("\xe2\x80\x8b"), "\\xe2\\x80\\x8b"); /* ZWSP */
	assert_string_equal(ESC("\xe2\x80\x8f"), "\\xe2\\x80\\x8f"); /* RLM */
	assert_string_equal(ESC("\xe2\x81\xa0"), "\\xe2\\x81\\xa0"); /* WJ */
	assert_string_equal(ESC("\xef\xbb\xbf"), "\\xef\\xbb\\xbf"); /* BOM */
	assert_string_equal(ESC("\xd8\x9c"), "\\xd8\\x9c"); /* ALM */
	assert_string_equal(ESC("\xe2\x80\x90"), "\xe2\x80\x90");
	assert_string_equal(ESC("\xe2\x81\xa5"), "\xe2\x81\xa5");
	assert_string_equal(ESC("\xe2\x81\xb0"), "\xe2\x81\xb0");
	assert_string_equal(ESC("\xef\xbb\xbe"), "\xef\xbb\xbe");
}

/* -p's users:(("name",...)): a quote in a name cannot close the string. */
static void esc_quoted_escapes_quote(void **state)
{
	static const char name[] = "\",pid=1),(\"sshd";
	char dst[ESC_TABLE_MAX(sizeof(name))];
	size_t n = esc_table_quoted(dst, name, sizeof(name) - 1, true);

	assert_int_equal(n, strlen("\\\",pid=1),(\\\"sshd"));
	assert_memory_equal(dst, "\\\",pid=1),(\\\"sshd", n);
	n = esc_table_quoted(dst, "a\\b\"", 4, true);
	assert_memory_equal(dst, "a\\\\b\\\"", n);
	assert_int_equal(n, 6);
	/* Without @quote, as esc_table(). */
	assert_string_equal(ESC("\""), "\"");
}

static void esc_dup_terminates(void **state)
{
	char *s = esc_table_dup("\x1b]0;owned\x07 \xe2\x80\xae");

	assert_non_null(s);
	assert_string_equal(s, "\\x1b]0;owned\\x07 \\xe2\\x80\\xae");
	free(s);
}

static void esc_worst_case_fits_bound(void **state)
{
	char all[256];
	char *out;

	for (int i = 0; i < 256; i++)
		all[i] = (char)(255 - i);
	out = esc(all, sizeof(all));
	/* No byte that would act on a terminal is left raw. */
	for (const char *p = out; *p; p++) {
		unsigned char c = (unsigned char)*p;
		assert_true(c >= 0x20 && c != 0x7f);
	}
	assert_string_equal(ESC("\xff\xff\xff"), "\\xff\\xff\\xff");
}

static void utf8_seq_len_edges(void **state)
{
	static const struct {
		const char *s;
		size_t left, want;
	} cases[] = {
		{"A", 1, 1},
		{"\0", 1, 1},
		{"\x7f", 1, 1},
		{"\x80", 1, 0},
		{"\xbf", 1, 0},
		{"\xc0\x80", 2, 0},
		{"\xc1\xbf", 2, 0},
		{"\xc2\x80", 2, 2},
		{"\xc2\x41", 2, 0},
		{"\xc3\xa9", 1, 0}, /* cut by @left */
		{"\xdf\xbf", 2, 2},
		{"\xe0\x9f\xbf", 3, 0},
		{"\xe0\xa0\x80", 3, 3},
		{"\xe4\xb8\xad", 3, 3},
		{"\xe4\xb8\xad", 2, 0},
		{"\xe4\xb8\x41", 3, 0},
		{"\xed\x9f\xbf", 3, 3},
		{"\xed\xa0\x80", 3, 0},
		{"\xed\xbf\xbf", 3, 0},
		{"\xef\xbf\xbf", 3, 3},
		{"\xf0\x8f\xbf\xbf", 4, 0},
		{"\xf0\x90\x80\x80", 4, 4},
		{"\xf0\x9f\x98\x80", 3, 0},
		{"\xf0\x9f\x98\x41", 4, 0},
		{"\xf4\x8f\xbf\xbf", 4, 4},
		{"\xf4\x90\x80\x80", 4, 0},
		{"\xf5\x80\x80\x80", 4, 0},
		{"\xf8\x88\x80\x80\x80", 5, 0},
		{"\xff", 1, 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* Exactly @left bytes on the heap: reading past them is an
		 * ASan error, not a silent pass. */
		uint8_t *p = malloc(cases[i].left);
		assert_non_null(p);
		memcpy(p, cases[i].s, cases[i].left);
		if (utf8_seq_len(p, cases[i].left) != cases[i].want)
			fail_msg("case %zu: utf8_seq_len = %zu, want %zu", i,
				 utf8_seq_len(p, cases[i].left),
				 cases[i].want);
		free(p);
	}
}

static void utf8_valid_cases(void **state)
{
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("plain", 5));
	assert_true(utf8_valid("a\0b", 3));
	assert_true(utf8_valid("\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80", 9));
	assert_true(utf8_valid("\xc2\x85", 2)); /* C1 is valid UTF-8 */
	assert_false(utf8_valid("\xc3\xa9\xe4\xb8", 5));
	assert_false(utf8_valid("ok\xff", 3));
	assert_false(utf8_valid("\xed\xa0\x80", 3));
	assert_false(utf8_valid("\xc0\xaf", 2));
	/* The length bounds the check: a cut sequence is invalid even if
	 * the rest follows in memory. */
	assert_false(utf8_valid("\xc3\xa9", 1));
}

/* json_put_string of @len bytes of @s, returned as a malloc'ed,
 * NUL-terminated copy of what went into the buffer (nothing is flushed:
 * the text is read back from o->buf). */
static char *json_str(const char *s, size_t len, size_t *ret_len)
{
	struct obuf *o = malloc(sizeof(*o));
	char *out;

	assert_non_null(o);
	obuf_init(o, -1);
	json_put_string(o, s, len);
	assert_int_equal(obuf_error(o), 0);
	out = malloc(o->len + 1);
	assert_non_null(out);
	memcpy(out, o->buf, o->len);
	out[o->len] = '\0';
	if (ret_len)
		*ret_len = o->len;
	free(o);
	return out;
}

/* Checks that @s as JSON is exactly @want, that json-c parses it
 * strictly, and that it decodes to @decoded (@dlen bytes). */
static void check_json(const char *s, size_t len, const char *want,
		       const char *decoded, size_t dlen)
{
	size_t n;
	char *text = json_str(s, len, &n);
	struct json_object *obj;

	assert_string_equal(text, want);
	obj = json_parse_strict(text, n);
	assert_true(json_object_is_type(obj, json_type_string));
	assert_int_equal(json_object_get_string_len(obj), dlen);
	assert_memory_equal(json_object_get_string(obj), decoded, dlen);
	json_object_put(obj);
	free(text);
}

#define CHECK_JSON(in, want, decoded)                                          \
	check_json(in, sizeof(in) - 1, want, decoded, sizeof(decoded) - 1)

static void json_plain_ascii_quoted(void **state)
{
	CHECK_JSON("hello world", "\"hello world\"", "hello world");
	CHECK_JSON("", "\"\"", "");
	CHECK_JSON("/path'x'", "\"/path'x'\"", "/path'x'");
}

static void json_quote_and_backslash_escaped(void **state)
{
	CHECK_JSON("a\"b", "\"a\\\"b\"", "a\"b");
	CHECK_JSON("a\\b", "\"a\\\\b\"", "a\\b");
	CHECK_JSON("\"\\\"", "\"\\\"\\\\\\\"\"", "\"\\\"");
}

static void json_control_chars_escaped(void **state)
{
	CHECK_JSON("\n\t\r", "\"\\n\\t\\r\"", "\n\t\r");
	CHECK_JSON("\x01\x08\x0c\x1b\x1f", "\"\\u0001\\u0008\\u000c\\u001b\\u001f\"",
		   "\x01\x08\x0c\x1b\x1f");
	CHECK_JSON("a\0b", "\"a\\u0000b\"", "a\0b");
}

static void json_invalid_bytes_become_replacement(void **state)
{
	CHECK_JSON("\xff", "\"\\ufffd\"", "\xef\xbf\xbd");
	CHECK_JSON("\xe4\xb8", "\"\\ufffd\\ufffd\"",
		   "\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_JSON("\xc0\xaf", "\"\\ufffd\\ufffd\"",
		   "\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_JSON("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"",
		   "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_JSON("x\xf4\x90\x80\x80y",
		   "\"x\\ufffd\\ufffd\\ufffd\\ufffdy\"",
		   "x\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdy");
}

static void json_del_and_c1_escaped(void **state)
{
	CHECK_JSON("\x7f", "\"\\u007f\"", "\x7f");
	CHECK_JSON("\xc2\x85", "\"\\u0085\"", "\xc2\x85");
	CHECK_JSON("\xc2\x80\xc2\x9f", "\"\\u0080\\u009f\"",
		   "\xc2\x80\xc2\x9f");
}

static void json_format_characters_escaped(void **state)
{
	CHECK_JSON("a\xe2\x80\xae" "b", "\"a\\u202eb\"", "a\xe2\x80\xae" "b");
	CHECK_JSON("\xef\xbb\xbf", "\"\\ufeff\"", "\xef\xbb\xbf");
	CHECK_JSON("\xd8\x9c", "\"\\u061c\"", "\xd8\x9c");
	CHECK_JSON("\xe2\x81\xa9", "\"\\u2069\"", "\xe2\x81\xa9");
}

static void json_valid_multibyte_kept(void **state)
{
	CHECK_JSON("caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80 \xc2\xa0",
		   "\"caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80 \xc2\xa0\"",
		   "caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80 \xc2\xa0");
}

static void json_every_byte_value_parses_strictly(void **state)
{
	char all[512];
	size_t n;
	char *text;
	struct json_object *obj;

	for (int i = 0; i < 512; i++)
		all[i] = (char)(i * 7);
	text = json_str(all, sizeof(all), &n);
	obj = json_parse_strict(text, n);
	assert_true(json_object_is_type(obj, json_type_string));
	json_object_put(obj);
	free(text);
}

/* Larger than the obuf: escapes must not tear across a flush. */
static void json_string_longer_than_buffer_intact(void **state)
{
	const char unit[] = "\xc3\xa9\n\xff\"x";
	const size_t reps = OBUF_SIZE / 4;
	size_t len = (sizeof(unit) - 1) * reps, n = 0;
	char *in = malloc(len), *out;
	struct obuf *o = malloc(sizeof(*o));
	int fd = memfd_create("json", MFD_CLOEXEC);
	struct json_object *obj;
	off_t size;
	const char *s;

	assert_non_null(in);
	assert_non_null(o);
	assert_true(fd >= 0);
	for (size_t i = 0; i < reps; i++)
		memcpy(in + i * (sizeof(unit) - 1), unit, sizeof(unit) - 1);
	obuf_init(o, fd);
	json_put_string(o, in, len);
	assert_int_equal(obuf_flush(o), 0);

	size = lseek(fd, 0, SEEK_END);
	assert_true(size > OBUF_SIZE);
	out = malloc((size_t)size);
	assert_non_null(out);
	assert_int_equal(pread(fd, out, (size_t)size, 0), size);
	obj = json_parse_strict(out, (size_t)size);
	s = json_object_get_string(obj);
	/* Decoded: é, newline, U+FFFD, quote, x. */
	for (size_t i = 0; i < reps; i++, n += 8)
		assert_memory_equal(s + n, "\xc3\xa9\n\xef\xbf\xbd\"x", 8);
	assert_int_equal(json_object_get_string_len(obj), n);
	json_object_put(obj);
	close(fd);
	free(out);
	free(o);
	free(in);
}

static void json_hex_lowercase_quoted(void **state)
{
	struct obuf *o = malloc(sizeof(*o));

	assert_non_null(o);
	obuf_init(o, -1);
	json_put_hex(o, "\x00\xff\x10\xab" "a", 5);
	assert_int_equal(o->len, 12);
	assert_memory_equal(o->buf, "\"00ff10ab61\"", 12);

	obuf_init(o, -1);
	json_put_hex(o, "", 0);
	assert_int_equal(o->len, 2);
	assert_memory_equal(o->buf, "\"\"", 2);
	free(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(esc_plain_ascii_unchanged),
		cmocka_unit_test(esc_backslash_and_whitespace_escaped),
		cmocka_unit_test(esc_escape_byte_as_hex),
		cmocka_unit_test(esc_other_c0_controls_as_hex),
		cmocka_unit_test(esc_del_as_hex),
		cmocka_unit_test(esc_valid_utf8_unchanged),
		cmocka_unit_test(esc_invalid_utf8_escaped_per_byte),
		cmocka_unit_test(esc_c1_controls_escaped),
		cmocka_unit_test(esc_format_characters_escaped),
		cmocka_unit_test(esc_quoted_escapes_quote),
		cmocka_unit_test(esc_dup_terminates),
		cmocka_unit_test(esc_worst_case_fits_bound),
		cmocka_unit_test(utf8_seq_len_edges),
		cmocka_unit_test(utf8_valid_cases),
		cmocka_unit_test(json_plain_ascii_quoted),
		cmocka_unit_test(json_quote_and_backslash_escaped),
		cmocka_unit_test(json_control_chars_escaped),
		cmocka_unit_test(json_invalid_bytes_become_replacement),
		cmocka_unit_test(json_del_and_c1_escaped),
		cmocka_unit_test(json_format_characters_escaped),
		cmocka_unit_test(json_valid_multibyte_kept),
		cmocka_unit_test(json_every_byte_value_parses_strictly),
		cmocka_unit_test(json_string_longer_than_buffer_intact),
		cmocka_unit_test(json_hex_lowercase_quoted),
	};

	return harness_run_group(tests, NULL, NULL);
}
