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
 * Writes @len bytes of @s to @dst for a table: backslash as "\\", tab,
 * newline and carriage return as "\t" "\n" "\r", every other C0/C1
 * control, DEL and byte of invalid UTF-8 as "\xNN". @dst needs
 * ESC_TABLE_MAX(@len) bytes. Returns the number of bytes written.
 */
size_t esc_table(char *dst, const char *s, size_t len);

/*
 * Appends @s (@len bytes) to @o as a quoted JSON string. Each byte that is
 * not part of well-formed UTF-8 becomes U+FFFD; controls, quote and
 * backslash are escaped as JSON requires.
 */
void json_put_string(struct obuf *o, const char *s, size_t len);

/* Appends @len bytes of @s to @o as a quoted string of lowercase hex. */
void json_put_hex(struct obuf *o, const void *s, size_t len);
