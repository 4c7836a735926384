/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Strict JSON parsing for the tests: what any conforming reader accepts. */

#include <json-c/json.h>

#include "unit.h"

/*
 * Parses exactly @len bytes of @s as one JSON value with json-c in strict
 * mode, validating UTF-8. Fails the test, naming the error and where, if
 * the text is not strictly valid or has bytes after the value. Returns a
 * new reference.
 */
static inline struct json_object *json_parse_strict(const char *s, size_t len)
{
	struct json_tokener *tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
	struct json_object *obj;
	enum json_tokener_error err;

	assert_non_null(tok);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
					    JSON_TOKENER_VALIDATE_UTF8);
	obj = json_tokener_parse_ex(tok, s, (int)len);
	err = json_tokener_get_error(tok);
	if (err != json_tokener_success || !obj)
		fail_msg("not strict JSON (%s) at byte %zu of: %.*s",
			 json_tokener_error_desc(err),
			 json_tokener_get_parse_end(tok), (int)len, s);
	if (json_tokener_get_parse_end(tok) != len)
		fail_msg("bytes after the JSON value at %zu of %zu",
			 json_tokener_get_parse_end(tok), len);
	json_tokener_free(tok);
	return obj;
}

/* Member @key of object @obj; fails the test if it is missing. */
static inline struct json_object *json_get(struct json_object *obj,
					   const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(obj, key, &v))
		fail_msg("key \"%s\" missing", key);
	return v;
}

/* Whether @obj has member @key. */
static inline bool json_has(struct json_object *obj, const char *key)
{
	return json_object_object_get_ex(obj, key, NULL);
}
