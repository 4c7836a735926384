// SPDX-License-Identifier: GPL-2.0-or-later
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

#include "jdoc.h"

json_object *jdoc_parse(const char *text, size_t len)
{
	json_tokener *tok = json_tokener_new();
	enum json_tokener_error e;
	json_object *o;
	size_t end;

	assert_non_null(tok);
	assert_true(len > 0 && text[len - 1] == '\n');
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
					    JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, text, (int)(len - 1));
	e = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (e != json_tokener_success || !o)
		fail_msg("not JSON at byte %zu (%s): %.*s", end,
			 json_tokener_error_desc(e), (int)len, text);
	if (end != len - 1)
		fail_msg("bytes after the document: %s", text + end);
	if (!json_object_is_type(o, json_type_object))
		fail_msg("not an object: %s", text);
	return o;
}

json_object *jdoc_get(json_object *o, const char *path)
{
	char key[128];
	const char *p = path;

	while (*p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		json_object *v;

		assert_true(n < sizeof(key));
		memcpy(key, p, n);
		key[n] = '\0';
		if (!json_object_is_type(o, json_type_object) ||
		    !json_object_object_get_ex(o, key, &v))
			fail_msg("no \"%s\" in %s", path,
				 json_object_to_json_string(o));
		o = v;
		p += n + (dot ? 1 : 0);
	}
	return o;
}

int64_t jdoc_int(json_object *o, const char *path)
{
	json_object *v = jdoc_get(o, path);

	if (!json_object_is_type(v, json_type_int))
		fail_msg("\"%s\" is not an integer: %s", path,
			 json_object_to_json_string(v));
	return json_object_get_int64(v);
}

const char *jdoc_str(json_object *o, const char *path)
{
	json_object *v = jdoc_get(o, path);

	if (!json_object_is_type(v, json_type_string))
		fail_msg("\"%s\" is not a string: %s", path,
			 json_object_to_json_string(v));
	return json_object_get_string(v);
}
