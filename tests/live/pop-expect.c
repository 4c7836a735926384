// SPDX-License-Identifier: GPL-2.0-or-later
/* What a population should look like through sockscope's options: the
 * selection the ss-style flags make, and the words and endpoints the
 * table prints. Written from ss(8), not from sockscope's code. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "population.h"

struct pop_filter pop_filter_from_flags(const char *flags)
{
	struct pop_filter f = {0};
	bool all = false, listening = false;

	for (const char *p = flags; *p; p++) {
		switch (*p) {
		case 't':
			f.tcp = true;
			break;
		case 'u':
			f.udp = true;
			break;
		case '4':
			f.inet = true;
			break;
		case '6':
			f.inet6 = true;
			break;
		case 'a':
			all = true;
			listening = false;
			break;
		case 'l':
			listening = true;
			all = false;
			break;
		default:
			break;
		}
	}
	if (!f.tcp && !f.udp)
		f.tcp = f.udp = true;
	if (!f.inet && !f.inet6)
		f.inet = f.inet6 = true;
	if (all)
		f.states = UINT32_MAX;
	else if (listening)
		f.states = 1u << POP_LISTEN | 1u << POP_CLOSE;
	else
		f.states = ~(1u << POP_LISTEN | 1u << POP_CLOSE |
			     1u << 6 /* TIME-WAIT */ | 1u << 3 /* SYN-RECV */);
	return f;
}

bool pop_filter_match(const struct pop_filter *f, const struct pop_sock *s)
{
	bool tcp = strcmp(s->netid, "tcp") == 0;

	if (!(tcp ? f->tcp : f->udp))
		return false;
	if (!(s->family == AF_INET ? f->inet : f->inet6))
		return false;
	return f->states & (1u << s->state);
}

size_t pop_count(const struct population *pop, const struct pop_filter *f)
{
	size_t n = 0;

	for (size_t i = 0; i < pop->n; i++)
		n += pop_filter_match(f, &pop->v[i]);
	return n;
}

const char *pop_state_label(unsigned state)
{
	switch (state) {
	case POP_ESTABLISHED:
		return "ESTAB";
	case POP_CLOSE:
		return "UNCONN";
	case POP_LISTEN:
		return "LISTEN";
	default:
		return "?";
	}
}

const char *pop_state_word(unsigned state)
{
	switch (state) {
	case POP_ESTABLISHED:
		return "established";
	case POP_CLOSE:
		return "closed";
	case POP_LISTEN:
		return "listening";
	default:
		return "?";
	}
}

void pop_table_endpoint(const struct pop_sock *s, bool local, char *dst)
{
	const char *addr = local ? s->local_addr : s->peer_addr;
	uint16_t port = local ? s->local_port : s->peer_port;
	int n;

	if (s->family == AF_INET)
		n = sprintf(dst, "%s", addr);
	else if (strcmp(addr, "::") == 0 && s->v6only != 1)
		n = sprintf(dst, "*");
	else
		n = sprintf(dst, "[%s]", addr);
	if (local && s->interface[0])
		n += sprintf(dst + n, "%%%s", s->interface);
	if (port)
		sprintf(dst + n, ":%u", port);
	else
		sprintf(dst + n, ":*");
}
