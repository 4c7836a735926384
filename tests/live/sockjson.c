// SPDX-License-Identifier: GPL-2.0-or-later
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "harness.h"

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

/* Which keys a socket object must and may have (sockscope(8), "Keys of
 * every socket" and the keys of each family, src/out-json.c); any other
 * key fails the test. */
enum need { OPTIONAL, REQUIRED };

struct key {
	const char *key;
	enum need need;
};

static const struct key common_keys[] = {
    {"schema_version", OPTIONAL}, /* required in --ndjson, checked there */
    {"netid", REQUIRED},
    {"family", REQUIRED},
    {"state", REQUIRED},
    {"recv_q", REQUIRED},
    {"send_q", REQUIRED},
    {"inode", REQUIRED},
    {"uid", OPTIONAL}, /* required of inet, checked below */
    {"cookie", OPTIONAL},
    {"source", REQUIRED},
    {NULL, OPTIONAL},
};

static const struct key inet_keys[] = {
    {"local_address", REQUIRED},
    {"local_port", REQUIRED},
    {"peer_address", REQUIRED},
    {"peer_port", REQUIRED},
    {"protocol", OPTIONAL}, /* raw only, checked below */
    {"interface", OPTIONAL},
    {"interface_hex", OPTIONAL},
    {"interface_index", OPTIONAL},
    {"v6only", OPTIONAL},
    {NULL, OPTIONAL},
};

static const struct key unix_keys[] = {
    {"path", OPTIONAL},
    {"path_hex", OPTIONAL},
    {"abstract", OPTIONAL}, /* with path, checked below */
    {"peer_inode", OPTIONAL},
    {"vfs_dev", OPTIONAL},
    {"vfs_inode", OPTIONAL},
    {NULL, OPTIONAL},
};

static const struct key packet_keys[] = {
    {"protocol", REQUIRED},
    {"interface", OPTIONAL},
    {"interface_hex", OPTIONAL},
    {"interface_index", OPTIONAL},
    {NULL, OPTIONAL},
};

static const struct key netlink_keys[] = {
    {"protocol", REQUIRED},
    {"protocol_name", OPTIONAL},
    {"portid", REQUIRED},
    {"peer_portid", OPTIONAL},
    {"peer_group", OPTIONAL},
    {"groups", REQUIRED},
    {NULL, OPTIONAL},
};

static const struct key *family_keys(const char *family)
{
	if (strcmp(family, "inet") == 0 || strcmp(family, "inet6") == 0)
		return inet_keys;
	if (strcmp(family, "unix") == 0)
		return unix_keys;
	if (strcmp(family, "packet") == 0)
		return packet_keys;
	if (strcmp(family, "netlink") == 0)
		return netlink_keys;
	return NULL;
}

static const struct key *find_key(const struct key *keys, const char *key)
{
	for (; keys->key; keys++)
		if (strcmp(keys->key, key) == 0)
			return keys;
	return NULL;
}

static void check_required(json_object *o, const struct key *keys)
{
	for (; keys->key; keys++)
		if (keys->need == REQUIRED &&
		    !json_object_object_get_ex(o, keys->key, NULL))
			fail_msg("key \"%s\" missing in %s", keys->key,
				 json_object_to_json_string(o));
}

/* A string that may hold NUL bytes (an abstract unix name). */
static size_t get_bytes(json_object *v, const char *key, char *dst, size_t size)
{
	size_t len;

	if (!json_object_is_type(v, json_type_string))
		fail_msg("\"%s\" is not a string", key);
	len = (size_t)json_object_get_string_len(v);
	if (len >= size)
		fail_msg("\"%s\" is too long: %s", key,
			 json_object_get_string(v));
	memcpy(dst, json_object_get_string(v), len + 1);
	return len;
}

static void sock_from_json(json_object *o, bool ndjson, struct js_sock *ret)
{
	struct js_sock s = {
	    .interface_index = -1,
	    .v6only = -1,
	    .uid = -1,
	    .abstract = -1,
	    .peer_inode = -1,
	    .vfs_dev = -1,
	    .vfs_inode = -1,
	    .protocol = -1,
	    .portid = -1,
	    .peer_portid = -1,
	    .peer_group = -1,
	    .groups = -1,
	};
	const struct key *keys;
	json_object *v;
	bool first = true;

	if (!json_object_is_type(o, json_type_object))
		fail_msg("a socket is not a JSON object");
	snprintf(s.text, sizeof(s.text), "%s", json_object_to_json_string(o));
	if (!json_object_object_get_ex(o, "family", &v))
		fail_msg("key \"family\" missing in %s", s.text);
	get_str(v, "family", s.family, sizeof(s.family));
	/* A family no live test makes (vsock, tipc, xdp) is kept by name,
	 * for the checks to report as not asked for; its keys are not this
	 * file's to judge. */
	keys = family_keys(s.family);
	if (!keys) {
		if (json_object_object_get_ex(o, "netid", &v))
			snprintf(s.netid, sizeof(s.netid), "%s",
				 json_object_get_string(v));
		if (json_object_object_get_ex(o, "state", &v))
			snprintf(s.state, sizeof(s.state), "%s",
				 json_object_get_string(v));
		*ret = s;
		return;
	}
	json_object_object_foreach(o, key, val)
	{
		(void)val;
		/* sockscope(8): "each with schema_version as its first key";
		 * json-c keeps the order of the text. */
		if (ndjson && first && strcmp(key, "schema_version") != 0)
			fail_msg("--ndjson object does not start with "
				 "schema_version: %s",
				 json_object_to_json_string(o));
		first = false;
		if (!find_key(common_keys, key) && !find_key(keys, key))
			fail_msg("unknown key \"%s\" in a socket object: %s",
				 key, json_object_to_json_string(o));
	}
	check_required(o, common_keys);
	check_required(o, keys);

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
#define BOOL(k, dst)                                                           \
	do {                                                                   \
		if (json_object_object_get_ex(o, k, &v)) {                     \
			if (!json_object_is_type(v, json_type_boolean))        \
				fail_msg("\"%s\" is not a boolean", k);        \
			dst = json_object_get_boolean(v);                      \
		}                                                              \
	} while (0)

	STR("netid", s.netid);
	STR("state", s.state);
	STR("local_address", s.local_address);
	STR("peer_address", s.peer_address);
	STR("interface", s.interface);
	STR("source", s.source);
	STR("protocol_name", s.protocol_name);
	STR("path_hex", s.path_hex);
	UINT("local_port", s.local_port, 65535);
	UINT("peer_port", s.peer_port, 65535);
	UINT("recv_q", s.recv_q, UINT32_MAX);
	UINT("send_q", s.send_q, UINT32_MAX);
	UINT("interface_index", s.interface_index, UINT32_MAX);
	UINT("inode", s.inode, UINT32_MAX);
	UINT("uid", s.uid, UINT32_MAX);
	UINT("peer_inode", s.peer_inode, UINT32_MAX);
	UINT("vfs_dev", s.vfs_dev, UINT32_MAX);
	UINT("vfs_inode", s.vfs_inode, UINT32_MAX);
	UINT("protocol", s.protocol, UINT32_MAX);
	UINT("portid", s.portid, UINT32_MAX);
	UINT("peer_portid", s.peer_portid, UINT32_MAX);
	UINT("peer_group", s.peer_group, UINT32_MAX);
	UINT("groups", s.groups, UINT32_MAX);
	BOOL("v6only", s.v6only);
	BOOL("abstract", s.abstract);
#undef STR
#undef UINT
#undef BOOL
	if (json_object_object_get_ex(o, "path", &v))
		s.path_len = get_bytes(v, "path", s.path, sizeof(s.path));
	if (json_object_object_get_ex(o, "interface_hex", &v)) {
		char hex[64];
		get_str(v, "interface_hex", hex, sizeof(hex));
	}
	if ((s.interface[0] != '\0') != (s.interface_index >= 0))
		fail_msg("interface and interface_index must come together: "
			 "%s",
			 json_object_to_json_string(o));
	if ((s.path_len > 0) != (s.abstract >= 0))
		fail_msg("path and abstract must come together: %s",
			 json_object_to_json_string(o));
	if (s.path_hex[0] && !s.path_len)
		fail_msg("path_hex without path: %s",
			 json_object_to_json_string(o));
	if ((s.vfs_dev >= 0) != (s.vfs_inode >= 0))
		fail_msg("vfs_dev and vfs_inode must come together: %s",
			 json_object_to_json_string(o));
	if (keys == inet_keys && s.uid < 0)
		fail_msg("key \"uid\" missing in %s",
			 json_object_to_json_string(o));
	if (keys == inet_keys &&
	    (s.protocol >= 0) != (strcmp(s.netid, "raw") == 0))
		fail_msg("\"protocol\" belongs to raw sockets, and only them: "
			 "%s",
			 json_object_to_json_string(o));
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
	/* Every table is readable in our own namespace. A /proc line
	 * dropped as a repeat (churn between two reads) is said, but is no
	 * table missing. */
	for (size_t i = 0; i < json_object_array_length(warnings); i++)
		if (!json_object_object_get_ex(
			    json_object_array_get_idx(warnings, i),
			    "repeated_lines", NULL))
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
