// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The state words of "state NAME" and "exclude NAME", as ss(8) reads
 * them: case-insensitive, with ss's aliases and groups.
 */
#include <string.h>
#include <strings.h>

#include "filter-internal.h"

#define S(x) (1u << SOCK_STATE_##x)

struct state_word {
	const char *word;
	uint32_t mask;
};

static const struct state_word words[] = {
	{"established", S(ESTABLISHED)},
	{"syn-sent", S(SYN_SENT)},
	{"syn-recv", S(SYN_RECV)},
	{"syn-rcv", S(SYN_RECV)},
	{"fin-wait-1", S(FIN_WAIT1)},
	{"fin-wait-2", S(FIN_WAIT2)},
	{"time-wait", S(TIME_WAIT)},
	{"closed", S(CLOSE)},
	{"close", S(CLOSE)},
	{"unconnected", S(CLOSE)},
	{"close-wait", S(CLOSE_WAIT)},
	{"last-ack", S(LAST_ACK)},
	{"listening", S(LISTEN)},
	{"listen", S(LISTEN)},
	{"closing", S(CLOSING)},
	{"bound-inactive", S(BOUND_INACTIVE)},
	/* ss's groups. "connected" here is ss's word, which is wider than
	 * the default listing (that one also leaves out TIME-WAIT and
	 * SYN-RECV). A bound-inactive socket is not connected either
	 * (current ss, deriving these from its "all", counts it in). */
	{"all", SOCK_STATES_ALL},
	{"connected",
	 SOCK_STATES_ALL & ~(S(CLOSE) | S(LISTEN) | S(BOUND_INACTIVE))},
	{"synchronized", SOCK_STATES_ALL & ~(S(CLOSE) | S(LISTEN) |
					     S(SYN_SENT) | S(BOUND_INACTIVE))},
	{"bucket", S(SYN_RECV) | S(TIME_WAIT)},
	{"big", SOCK_STATES_ALL & ~(S(SYN_RECV) | S(TIME_WAIT))},
};

const char filter_state_words[] =
	"established, syn-sent, syn-recv, fin-wait-1, fin-wait-2, "
	"time-wait, closed, close-wait, last-ack, listening, closing, bound-inactive, all, "
	"connected, synchronized, bucket, big";

uint32_t filter_state_word(const char *word, size_t len)
{
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i].word) == len &&
		    strncasecmp(words[i].word, word, len) == 0)
			return words[i].mask;
	return 0;
}
