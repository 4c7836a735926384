// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>

#include "bc-check.h"

#define OP sizeof(struct inet_diag_bc_op)

static struct inet_diag_bc_op op_at(const unsigned char *code, size_t at)
{
	struct inet_diag_bc_op op;

	memcpy(&op, code + at, sizeof(op));
	return op;
}

/* Bytes an instruction needs (the op and its operand), or 0 for an
 * opcode the kernel does not know or an operand it would refuse. */
static size_t need(const unsigned char *code, size_t at, size_t left)
{
	struct inet_diag_bc_op op = op_at(code, at);
	struct inet_diag_hostcond hc;
	size_t alen;

	switch (op.code) {
	case INET_DIAG_BC_NOP:
	case INET_DIAG_BC_JMP:
	case INET_DIAG_BC_AUTO:
		return OP;
	case INET_DIAG_BC_S_GE:
	case INET_DIAG_BC_S_LE:
	case INET_DIAG_BC_D_GE:
	case INET_DIAG_BC_D_LE:
	case INET_DIAG_BC_S_EQ:
	case INET_DIAG_BC_D_EQ:
		return 2 * OP;
	case INET_DIAG_BC_DEV_COND:
		return OP + 4;
	case INET_DIAG_BC_MARK_COND:
	case INET_DIAG_BC_CGROUP_COND:
		return OP + 8;
	case INET_DIAG_BC_S_COND:
	case INET_DIAG_BC_D_COND:
		if (left < OP + sizeof(hc))
			return OP + sizeof(hc);
		memcpy(&hc, code + at + OP, sizeof(hc));
		alen = hc.family == AF_UNSPEC ? 0
		       : hc.family == AF_INET ? 4
		       : hc.family == AF_INET6 ? 16
					       : SIZE_MAX;
		if (alen == SIZE_MAX || hc.prefix_len > 8 * alen)
			return 0;
		return OP + sizeof(hc) + alen;
	default:
		return 0;
	}
}

int bc_check_audit(const void *code, size_t len, char *why, size_t size)
{
	const unsigned char *c = code;
	/* starts[i]: an instruction begins at byte i, walking op->yes from
	 * the start, the only walk the kernel accepts jumps into. */
	bool *starts = calloc(len + 1, 1);
	size_t at = 0;
	int r = -EINVAL;

	if (!starts) {
		snprintf(why, size, "out of memory");
		return -ENOMEM;
	}
	if (len < OP) {
		snprintf(why, size, "shorter than one op");
		goto out;
	}
	while (at < len) {
		struct inet_diag_bc_op op = op_at(c, at);

		starts[at] = true;
		if (len - at < OP || op.yes < OP || op.yes % 4)
			break;
		at += op.yes;
	}
	for (at = 0; at < len;) {
		struct inet_diag_bc_op op;
		size_t left = len - at, n;

		if (left < OP) {
			snprintf(why, size, "op at %zu cut short", at);
			goto out;
		}
		op = op_at(c, at);
		n = need(c, at, left);
		if (n == 0 || n > left) {
			snprintf(why, size, "op %u at %zu: bad or cut operand",
				 op.code, at);
			goto out;
		}
		if (op.code != INET_DIAG_BC_NOP &&
		    (op.no < n || op.no > left + 4 || op.no % 4 ||
		     (op.no < left && !starts[at + op.no]))) {
			snprintf(why, size, "op %u at %zu: no=%u goes astray",
				 op.code, at, op.no);
			goto out;
		}
		if (op.yes < n || op.yes > left + 4 || op.yes % 4) {
			snprintf(why, size, "op %u at %zu: yes=%u goes astray",
				 op.code, at, op.yes);
			goto out;
		}
		if (op.yes > left) {
			snprintf(why, size, "op at %zu: yes leaves the program",
				 at);
			goto out;
		}
		at += op.yes;
	}
	r = 0;
out:
	free(starts);
	return r;
}

/* The first @bits bits of @a and @b agree. */
static bool bits_match(const unsigned char *a, const unsigned char *b,
		       unsigned bits)
{
	for (unsigned i = 0; i < bits; i++) {
		unsigned mask = 0x80u >> (i % 8);
		if ((a[i / 8] & mask) != (b[i / 8] & mask))
			return false;
	}
	return true;
}

static bool hostcond(const unsigned char *p, bool src,
		     const struct sock_rec *r)
{
	static const unsigned char mapped[12] = {[10] = 0xff, [11] = 0xff};
	const unsigned char *addr = src ? r->local_addr : r->peer_addr;
	int port = src ? r->local_port : r->peer_port;
	struct inet_diag_hostcond hc;

	memcpy(&hc, p, sizeof(hc));
	p += sizeof(hc);
	if (hc.port != -1 && hc.port != port)
		return false;
	if (hc.family != AF_UNSPEC && hc.family != r->family) {
		/* an IPv4 condition also meets IPv4-mapped IPv6 sockets */
		return r->family == AF_INET6 && hc.family == AF_INET &&
		       memcmp(addr, mapped, 12) == 0 &&
		       bits_match(addr + 12, p, hc.prefix_len);
	}
	return bits_match(addr, p, hc.prefix_len);
}

bool bc_check_run(const void *code, size_t len, const struct sock_rec *r)
{
	const unsigned char *c = code;
	size_t pc = 0;

	while (pc < len) {
		struct inet_diag_bc_op op = op_at(c, pc);
		struct inet_diag_bc_op arg = {0};
		const unsigned char *operand = c + pc + OP;
		uint32_t u32, mask;
		uint64_t u64;
		bool yes = true;

		if (len - pc >= 2 * OP)
			arg = op_at(c, pc + OP);
		switch (op.code) {
		case INET_DIAG_BC_NOP:
			break;
		case INET_DIAG_BC_JMP:
			yes = false;
			break;
		case INET_DIAG_BC_S_EQ:
			yes = r->local_port == arg.no;
			break;
		case INET_DIAG_BC_S_GE:
			yes = r->local_port >= arg.no;
			break;
		case INET_DIAG_BC_S_LE:
			yes = r->local_port <= arg.no;
			break;
		case INET_DIAG_BC_D_EQ:
			yes = r->peer_port == arg.no;
			break;
		case INET_DIAG_BC_D_GE:
			yes = r->peer_port >= arg.no;
			break;
		case INET_DIAG_BC_D_LE:
			yes = r->peer_port <= arg.no;
			break;
		case INET_DIAG_BC_S_COND:
		case INET_DIAG_BC_D_COND:
			yes = hostcond(operand, op.code == INET_DIAG_BC_S_COND,
				       r);
			break;
		case INET_DIAG_BC_DEV_COND:
			memcpy(&u32, operand, 4);
			yes = r->ifindex == u32;
			break;
		case INET_DIAG_BC_MARK_COND:
			memcpy(&u32, operand, 4);
			memcpy(&mask, operand + 4, 4);
			yes = ((r->has_mark ? r->mark : 0) & mask) == u32;
			break;
		case INET_DIAG_BC_CGROUP_COND:
			memcpy(&u64, operand, 8);
			yes = (r->has_cgroup_id ? r->cgroup_id : 0) == u64;
			break;
		default: /* AUTO: sockscope never asks; the audit catches
			  * the rest */
			abort();
		}
		pc += yes ? op.yes : op.no;
	}
	return pc == len;
}
