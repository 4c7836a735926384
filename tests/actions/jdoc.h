/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The JSON documents of -s and --protocol-stats and the NDJSON lines of
 * -E, read with json-c in strict mode with UTF-8 validation. Each function
 * fails the running cmocka test on any deviation.
 */

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

/*
 * Parses @len bytes of @text: one JSON object, then a newline and
 * nothing else. Returns it (json_object_put() it).
 */
json_object *jdoc_parse(const char *text, size_t len);

/* The member at @path ("tcp.total": dots separate object keys) of @o,
 * which must be there. */
json_object *jdoc_get(json_object *o, const char *path);

/* The integer at @path, which must be a JSON integer. */
int64_t jdoc_int(json_object *o, const char *path);

/* The string at @path, which must be a JSON string. */
const char *jdoc_str(json_object *o, const char *path);
