/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Making untrusted bytes (socket paths, process and interface names) safe
 * to print. The table form never lets a control byte or invalid UTF-8
 * reach the terminal; the JSON form is always valid UTF-8 JSON.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "obuf.h"

/* Worst-case growth of esc_table(): every byte becomes "\xNN". */
#define ESC_TABLE_MAX(len) ((len) * 4)

/*
 * Length of the well-formed UTF-8 sequence at @s (1..4), or 0 if the bytes
 * at @s (at most @left of them) are not one: overlong forms, surrogates and
 * code points above U+10FFFF are not well-formed.
 */
size_t utf8_seq_len(const uint8_t *s, size_t left);

/* Whether all @len bytes of @s are well-formed UTF-8. */
bool utf8_valid(const char *s, size_t len);

/*
 * Whether the well-formed @n-byte UTF-8 sequence at @s is a Unicode format
 * character a terminal would let reorder or hide text: U+061C, U+200B to
 * U+200F, U+202A to U+202E, U+2060, U+2066 to U+2069, U+FEFF.
 */
bool utf8_is_format(const uint8_t *s, size_t n);

/*
 * Writes @len bytes of @s to @dst for a table: backslash as "\\", tab,
 * newline and carriage return as "\t" "\n" "\r", every other C0/C1
 * control, DEL, byte of invalid UTF-8 and byte of a format character
 * (utf8_is_format()) as "\xNN". @dst needs ESC_TABLE_MAX(@len) bytes.
 * Returns the number of bytes written.
 */
size_t esc_table(char *dst, const char *s, size_t len);

/*
 * esc_table(), and with @quote a double quote as \" too: for text
 * printed between double quotes (-p's users:(("name",...)), where a
 * name holding '"' could otherwise forge another owner.
 */
size_t esc_table_quoted(char *dst, const char *s, size_t len, bool quote);

/*
 * esc_table() of the NUL-terminated @s into a new NUL-terminated string
 * (free() it), for a message that echoes what the user typed. Returns
 * NULL when out of memory.
 */
char *esc_table_dup(const char *s);

/* esc_table_dup() of the @len bytes at @s (NUL or not). */
char *esc_table_ndup(const char *s, size_t len);

/*
 * Appends @s (@len bytes) to @o as a quoted JSON string. Each byte that is
 * not part of well-formed UTF-8 becomes U+FFFD; controls, quote and
 * backslash are escaped as JSON requires; DEL, C1 controls and format
 * characters (utf8_is_format()) as "\\uXXXX", so that a terminal showing
 * the JSON neither acts on them nor reorders the text.
 */
void json_put_string(struct obuf *o, const char *s, size_t len);

/* Appends @len bytes of @s to @o as a quoted string of lowercase hex. */
void json_put_hex(struct obuf *o, const void *s, size_t len);
