// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "sockjson.h"

static json_object *parse_strict(const char *text, size_t len)
{
	json_tokener *tok = json_tokener_new();
	json_object *o;
	enum json_tokener_error e;

	assert_non_null(tok);
	assert_true(len < INT32_MAX);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
					JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, text, (int)len);
	e = json_tokener_get_error(tok);
	if (e != json_tokener_success)
		fail_msg("JSON does not parse strictly at byte %zu: %s\n%.*s",
			 json_tokener_get_parse_end(tok),
			 json_tokener_error_desc(e),
			 (int)(len > 400 ? 400 : len), text);
	/* Strict mode eats trailing blanks; anything else is left over. */
	if (json_tokener_get_parse_end(tok) != len)
		fail_msg("trailing bytes after the JSON value at %zu of %zu",
			 json_tokener_get_parse_end(tok), len);
	json_tokener_free(tok);
	return o;
}

static void get_str(json_object *v, const char *key, char *dst, size_t size)
{
	if (!json_object_is_type(v, json_type_string))
		fail_msg("\"%s\" is not a string", key);
	if ((size_t)json_object_get_string_len(v) >= size)
		fail_msg("\"%s\" is too long: %s", key,
			 json_object_get_string(v));
	memcpy(dst, json_object_get_string(v),
	       (size_t)json_object_get_string_len(v) + 1);
}

static int64_t get_uint(json_object *v, const char *key, int64_t max)
{
	int64_t n;

	if (!json_object_is_type(v, json_type_int))
		fail_msg("\"%s\" is not an integer", key);
	n = json_object_get_int64(v);
	if (n < 0 || n > max)
		fail_msg("\"%s\" is out of range: %" PRId64, key, n);
	return n;
}

/* Which keys an inet or inet6 socket object must, may and must not have
 * (sockscope(8), "Keys of every socket" and "Keys of inet and inet6
 * sockets"). */
enum need { OPTIONAL, REQUIRED };

static const struct {
	const char *key;
	enum need need;
} sock_keys[] = {
    {"schema_version", OPTIONAL}, /* required in --ndjson, checked there */
    {"netid", REQUIRED},
    {"family", REQUIRED},
    {"state", REQUIRED},
    {"recv_q", REQUIRED},
    {"send_q", REQUIRED},
    {"local_address", REQUIRED},
    {"local_port", REQUIRED},
    {"peer_address", REQUIRED},
    {"peer_port", REQUIRED},
    {"interface", OPTIONAL},
    {"interface_hex", OPTIONAL},
    {"interface_index", OPTIONAL},
    {"v6only", OPTIONAL},
    {"inode", REQUIRED},
    {"uid", REQUIRED},
    {"cookie", OPTIONAL},
    {"source", REQUIRED},
};

static void sock_from_json(json_object *o, bool ndjson, struct js_sock *ret)
{
	struct js_sock s = {.interface_index = -1, .v6only = -1};
	json_object *v;
	bool first = true;

	if (!json_object_is_type(o, json_type_object))
		fail_msg("a socket is not a JSON object");
	/* The test makes inet sockets only: another family's object is kept
	 * by name, for check_json_sockets() to report as not asked for,
	 * and its keys are not this file's to judge. */
	if (json_object_object_get_ex(o, "family", &v) &&
	    json_object_is_type(v, json_type_string) &&
	    strcmp(json_object_get_string(v), "inet") != 0 &&
	    strcmp(json_object_get_string(v), "inet6") != 0) {
		snprintf(s.family, sizeof(s.family), "%s",
			 json_object_get_string(v));
		if (json_object_object_get_ex(o, "netid", &v))
			snprintf(s.netid, sizeof(s.netid), "%s",
				 json_object_get_string(v));
		if (json_object_object_get_ex(o, "state", &v))
			snprintf(s.state, sizeof(s.state), "%s",
				 json_object_get_string(v));
		snprintf(s.text, sizeof(s.text), "%s",
			 json_object_to_json_string(o));
		*ret = s;
		return;
	}
	snprintf(s.text, sizeof(s.text), "%s", json_object_to_json_string(o));
	json_object_object_foreach(o, key, val)
	{
		size_t i;
		(void)val;
		/* sockscope(8): "each with schema_version as its first key";
		 * json-c keeps the order of the text. */
		if (ndjson && first && strcmp(key, "schema_version") != 0)
			fail_msg("--ndjson object does not start with "
				 "schema_version: %s",
				 json_object_to_json_string(o));
		first = false;
		for (i = 0; i < sizeof(sock_keys) / sizeof(sock_keys[0]); i++)
			if (strcmp(key, sock_keys[i].key) == 0)
				break;
		if (i == sizeof(sock_keys) / sizeof(sock_keys[0]))
			fail_msg("unknown key \"%s\" in a socket object: %s",
				 key, json_object_to_json_string(o));
	}
	for (size_t i = 0; i < sizeof(sock_keys) / sizeof(sock_keys[0]); i++)
		if (sock_keys[i].need == REQUIRED &&
		    !json_object_object_get_ex(o, sock_keys[i].key, NULL))
			fail_msg("key \"%s\" missing in %s", sock_keys[i].key,
				 json_object_to_json_string(o));

	if (json_object_object_get_ex(o, "schema_version", &v)) {
		if (!ndjson)
			fail_msg("schema_version inside a -j socket object");
		assert_int_equal(get_uint(v, "schema_version", 1000), 1);
	} else if (ndjson) {
		fail_msg("--ndjson line without schema_version: %s",
			 json_object_to_json_string(o));
	}

#define STR(k, dst)                                                            \
	do {                                                                   \
		if (json_object_object_get_ex(o, k, &v))                       \
			get_str(v, k, dst, sizeof(dst));                       \
	} while (0)
#define UINT(k, dst, max)                                                      \
	do {                                                                   \
		if (json_object_object_get_ex(o, k, &v))                       \
			dst = get_uint(v, k, max);                             \
	} while (0)

	STR("netid", s.netid);
	STR("family", s.family);
	STR("state", s.state);
	STR("local_address", s.local_address);
	STR("peer_address", s.peer_address);
	STR("interface", s.interface);
	STR("source", s.source);
	UINT("local_port", s.local_port, 65535);
	UINT("peer_port", s.peer_port, 65535);
	UINT("recv_q", s.recv_q, UINT32_MAX);
	UINT("send_q", s.send_q, UINT32_MAX);
	UINT("interface_index", s.interface_index, UINT32_MAX);
	UINT("inode", s.inode, UINT32_MAX);
	UINT("uid", s.uid, UINT32_MAX);
#undef STR
#undef UINT
	if (json_object_object_get_ex(o, "interface_hex", &v)) {
		char hex[64];
		get_str(v, "interface_hex", hex, sizeof(hex));
	}
	if ((s.interface[0] != '\0') != (s.interface_index >= 0))
		fail_msg("interface and interface_index must come together: "
			 "%s",
			 json_object_to_json_string(o));
	if (json_object_object_get_ex(o, "v6only", &v)) {
		if (!json_object_is_type(v, json_type_boolean))
			fail_msg("\"v6only\" is not a boolean");
		s.v6only = json_object_get_boolean(v);
	}
	if (json_object_object_get_ex(o, "cookie", &v)) {
		if (!json_object_is_type(v, json_type_int))
			fail_msg("\"cookie\" is not an integer");
		/* Cookies are u64: json-c keeps the full range for
		 * non-negative integers. */
		s.cookie = json_object_get_uint64(v);
		s.has_cookie = true;
	}
	*ret = s;
}

static struct js_sock *sockets_from_array(json_object *arr, size_t *ret_n)
{
	size_t n = json_object_array_length(arr);
	struct js_sock *v = calloc(n ? n : 1, sizeof(*v));

	assert_non_null(v);
	for (size_t i = 0; i < n; i++)
		sock_from_json(json_object_array_get_idx(arr, i), false, &v[i]);
	*ret_n = n;
	return v;
}

struct js_sock *sockjson_parse_doc(const char *text, size_t len, size_t *ret_n)
{
	json_object *doc, *v, *socks, *warnings;
	struct js_sock *ret;

	if (len == 0 || text[len - 1] != '\n')
		fail_msg("-j output does not end with a newline");
	doc = parse_strict(text, len);
	if (!json_object_is_type(doc, json_type_object))
		fail_msg("-j output is not a JSON object");
	assert_int_equal(json_object_object_length(doc), 3);
	assert_true(json_object_object_get_ex(doc, "schema_version", &v));
	assert_true(json_object_is_type(v, json_type_int));
	assert_int_equal(json_object_get_int64(v), 1);
	assert_true(json_object_object_get_ex(doc, "sockets", &socks));
	assert_true(json_object_is_type(socks, json_type_array));
	assert_true(json_object_object_get_ex(doc, "warnings", &warnings));
	assert_true(json_object_is_type(warnings, json_type_array));
	/* Every table is readable in our own namespace. */
	if (json_object_array_length(warnings) != 0)
		fail_msg("unexpected warnings: %s",
			 json_object_to_json_string(warnings));
	ret = sockets_from_array(socks, ret_n);
	json_object_put(doc);
	return ret;
}

struct js_sock *sockjson_parse_ndjson(const char *text, size_t len,
				      size_t *ret_n)
{
	size_t n = 0, cap = 16;
	struct js_sock *v = calloc(cap, sizeof(*v));
	const char *p = text, *end = text + len;

	assert_non_null(v);
	if (len > 0 && text[len - 1] != '\n')
		fail_msg("--ndjson output does not end with a newline");
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		json_object *o;

		assert_non_null(nl);
		if (nl == p)
			fail_msg("empty line in --ndjson output");
		/* Each line alone: a line that only parses with its
		 * neighbours is not NDJSON. */
		o = parse_strict(p, (size_t)(nl - p));
		if (n == cap) {
			cap *= 2;
			v = realloc(v, cap * sizeof(*v));
			assert_non_null(v);
		}
		sock_from_json(o, true, &v[n++]);
		json_object_put(o);
		p = nl + 1;
	}
	*ret_n = n;
	return v;
}
