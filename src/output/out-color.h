/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The table's colors (--color): ANSI SGR sequences for a state, for a
 * listener's local address and for --watch's marks. Only the table
 * colors, and only when options.color is set (main() decides: a
 * terminal, NO_COLOR unset, or --color=always). The sequences are not
 * counted in any column's width.
 */

#include <stddef.h>

/* Ends any sequence below. */
#define OUT_COLOR_RESET "\033[0m"

/* Longest sequence below, with OUT_COLOR_RESET after it. */
#define OUT_COLOR_MAX 16

/* The sequence for the table's state label @label (@len bytes: "ESTAB",
 * "LISTEN", ...), or NULL for a label left plain (and for the title). */
const char *out_color_state(const char *label, size_t len);

/* Whether @label (@len bytes) is the state of a listener, whose local
 * address is shown in OUT_COLOR_LISTENER. */
int out_color_is_listener(const char *label, size_t len);

#define OUT_COLOR_LISTENER "\033[1m"

/* The sequence for --watch's mark @mark ('+', '-', '~'), or NULL. */
const char *out_color_mark(char mark);
