// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "out-color.h"

/* Green for data moving, cyan for waiting to be reached, yellow for the
 * handshakes, magenta for the ways out. Plain: UNCONN and unknown. */
static const struct {
	const char *label;
	const char *sgr;
} state_colors[] = {
	{"ESTAB", "\033[32m"},      {"LISTEN", "\033[36m"},
	{"SYN-SENT", "\033[33m"},   {"SYN-RECV", "\033[33m"},
	{"FIN-WAIT-1", "\033[35m"}, {"FIN-WAIT-2", "\033[35m"},
	{"TIME-WAIT", "\033[35m"},  {"CLOSE-WAIT", "\033[35m"},
	{"LAST-ACK", "\033[35m"},   {"CLOSING", "\033[35m"},
};

const char *out_color_state(const char *label, size_t len)
{
	for (size_t i = 0; i < sizeof(state_colors) / sizeof(*state_colors);
	     i++)
		if (strlen(state_colors[i].label) == len &&
		    memcmp(state_colors[i].label, label, len) == 0)
			return state_colors[i].sgr;
	return NULL;
}

int out_color_is_listener(const char *label, size_t len)
{
	return len == 6 && memcmp(label, "LISTEN", 6) == 0;
}

const char *out_color_mark(char mark)
{
	switch (mark) {
	case '+':
		return "\033[1;32m";
	case '-':
		return "\033[1;31m";
	case '~':
		return "\033[1;33m";
	default:
		return NULL;
	}
}
