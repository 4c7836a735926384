// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The expression as inet_diag bytecode (INET_DIAG_REQ_BYTECODE).
 *
 * The kernel's machine (inet_diag_bc_run in net/ipv4/inet_diag.c) has no
 * "and" or "or": every instruction tests one condition and moves forward
 * by op->yes bytes if it holds, by op->no bytes if not; landing exactly
 * on the end accepts the socket, four bytes past it rejects. So the tree
 * is compiled the way a compiler lowers && and || to branches: each node
 * gets a target for "true" and one for "false", and every condition
 * falls through to the next instruction when true (op->yes is its own
 * length, which also keeps inet_diag_bc_audit's walk along op->yes on
 * instruction boundaries) and jumps with op->no when false. A true
 * outcome that must go elsewhere costs one INET_DIAG_BC_JMP. Jumps only
 * go forward, as the audit requires.
 *
 * Before that the tree is folded for the dump's family: a term that
 * cannot hold there (a unix name in a TCP dump) becomes a constant, and
 * a term the kernel cannot test becomes whichever constant keeps the
 * program a superset of the expression (true where it counts for a
 * match, false under a "not"), so userspace, which tests every record
 * again, has the last word.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>

#include "filter-internal.h"

/* The program must fit in one netlink attribute, and op->no in 16 bits. */
#define BC_MAX (UINT16_MAX - 4)

enum { LABEL_ACCEPT, LABEL_REJECT };

struct fixup {
	size_t at;      /* offset of the op whose ->no jumps to @label */
	uint32_t label;
};

struct bc {
	const struct filter *f;
	int family;
	enum fold *kv; /* per node: folded for the kernel */
	bool exact;
	uint8_t *buf;
	size_t len, cap;
	size_t *labels; /* bound offsets; SIZE_MAX: not yet */
	size_t n_labels, cap_labels;
	struct fixup *fix;
	size_t n_fix, cap_fix;
	int err;
};

static void put(struct bc *b, const void *data, size_t len)
{
	uint8_t *buf;

	if (b->err)
		return;
	buf = filter_grow(b->buf, &b->cap, b->len + len, 1);
	if (!buf) {
		b->err = -ENOMEM;
		return;
	}
	b->buf = buf;
	memcpy(b->buf + b->len, data, len);
	b->len += len;
}

static uint32_t new_label(struct bc *b)
{
	size_t *labels = filter_grow(b->labels, &b->cap_labels,
				     b->n_labels + 1, sizeof(*labels));

	if (!labels) {
		b->err = -ENOMEM;
		return LABEL_REJECT;
	}
	b->labels = labels;
	b->labels[b->n_labels] = SIZE_MAX;
	return (uint32_t)b->n_labels++;
}

static void bind_label(struct bc *b, uint32_t label)
{
	if (!b->err)
		b->labels[label] = b->len;
}

/* Starts an op of @size bytes in all (op plus its data) whose false
 * branch goes to @no. */
static void put_op(struct bc *b, uint8_t code, size_t size, uint32_t no)
{
	struct inet_diag_bc_op op = {.code = code, .yes = (uint8_t)size};
	struct fixup *fix;

	if (b->err)
		return;
	fix = filter_grow(b->fix, &b->cap_fix, b->n_fix + 1, sizeof(*fix));
	if (!fix) {
		b->err = -ENOMEM;
		return;
	}
	b->fix = fix;
	b->fix[b->n_fix++] = (struct fixup){.at = b->len, .label = no};
	put(b, &op, sizeof(op));
}

static void put_jump(struct bc *b, uint32_t to)
{
	put_op(b, INET_DIAG_BC_JMP, sizeof(struct inet_diag_bc_op), to);
}

static void put_hostcond(struct bc *b, uint8_t code, int family,
			 uint8_t prefix_len, int port, const uint8_t *addr,
			 uint32_t no)
{
	size_t alen = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
	struct inet_diag_hostcond hc;

	/* The struct has padding after prefix_len, and every byte of the
	 * program goes to the kernel: no heap or stack leftovers in it. */
	memset(&hc, 0, sizeof(hc));
	hc.family = (uint8_t)family;
	hc.prefix_len = prefix_len;
	hc.port = port;

	put_op(b, code, sizeof(struct inet_diag_bc_op) + sizeof(hc) + alen,
	       no);
	put(b, &hc, sizeof(hc));
	put(b, addr, alen);
}

static void put_term(struct bc *b, const struct fnode *n, uint32_t no)
{
	static const uint8_t none[16];
	const size_t op = sizeof(struct inet_diag_bc_op);
	bool src = n->dir == FDIR_SRC;

	switch (n->kind) {
	case FN_HOST:
		put_hostcond(b, src ? INET_DIAG_BC_S_COND : INET_DIAG_BC_D_COND,
			     n->u.host.family, n->u.host.prefix_len,
			     (int)n->u.host.port, n->u.host.addr, no);
		break;
	case FN_PORT:
		if (n->u.port.op == FPORT_EQ) {
			/* A hostcond with any address: older kernels than
			 * S_EQ/D_EQ (4.16) understand it too. */
			put_hostcond(b,
				     src ? INET_DIAG_BC_S_COND
					 : INET_DIAG_BC_D_COND,
				     AF_UNSPEC, 0, n->u.port.port, none, no);
		} else {
			bool le = n->u.port.op == FPORT_LE;
			uint8_t code = src ? (le ? INET_DIAG_BC_S_LE
						 : INET_DIAG_BC_S_GE)
					   : (le ? INET_DIAG_BC_D_LE
						 : INET_DIAG_BC_D_GE);
			/* The port rides in the ->no of a second op. */
			struct inet_diag_bc_op arg = {.no = n->u.port.port};

			put_op(b, code, 2 * op, no);
			put(b, &arg, sizeof(arg));
		}
		break;
	case FN_DEV:
		put_op(b, INET_DIAG_BC_DEV_COND, op + sizeof(uint32_t), no);
		put(b, &n->u.ifindex, sizeof(uint32_t));
		break;
	case FN_MARK: {
		struct inet_diag_markcond mc = {.mark = n->u.mark.value,
						.mask = n->u.mark.mask};
		put_op(b, INET_DIAG_BC_MARK_COND, op + sizeof(mc), no);
		put(b, &mc, sizeof(mc));
		break;
	}
	case FN_CGROUP:
		put_op(b, INET_DIAG_BC_CGROUP_COND, op + sizeof(uint64_t), no);
		put(b, &n->u.cgroup_id, sizeof(uint64_t));
		break;
	default: /* folded away before emission */
		b->err = -EINVAL;
		break;
	}
}

/* Whether the kernel tests @n as filter_match() does. */
static bool compilable(const struct fnode *n)
{
	return n->kind == FN_HOST || n->kind == FN_PORT || n->kind == FN_DEV ||
	       n->kind == FN_MARK || n->kind == FN_CGROUP;
}

/* Fills b->kv for the subtree at @i; @positive is false under an odd
 * number of "not"s. */
static enum fold kfold(struct bc *b, uint32_t i, bool positive)
{
	const struct fnode *n = &b->f->nodes[i];
	bool and = n->kind == FN_AND;
	enum fold v, all;

	switch (n->kind) {
	case FN_AND:
	case FN_OR:
		all = and ? FOLD_TRUE : FOLD_FALSE;
		for (uint32_t k = 0; k < n->count; k++) {
			v = kfold(b, filter_kid(b->f, n, k), positive);
			if (v == FOLD_MAYBE) {
				if (all != (and ? FOLD_FALSE : FOLD_TRUE))
					all = FOLD_MAYBE;
			} else if (v != (and ? FOLD_TRUE : FOLD_FALSE)) {
				all = v;
			}
		}
		v = all;
		break;
	case FN_NOT:
		v = kfold(b, filter_kid(b->f, n, 0), !positive);
		v = v == FOLD_MAYBE ? v
		    : v == FOLD_TRUE ? FOLD_FALSE
				     : FOLD_TRUE;
		break;
	default:
		v = filter_term_fold(n, b->family);
		if (v == FOLD_MAYBE && !compilable(n)) {
			b->exact = false;
			v = positive ? FOLD_TRUE : FOLD_FALSE;
		}
		break;
	}
	b->kv[i] = v;
	return v;
}

/* Emits node @i: control reaches @yes when it holds, @no when not;
 * @next is the label bound right after its code. */
static void emit(struct bc *b, uint32_t i, uint32_t yes, uint32_t no,
		 uint32_t next)
{
	const struct fnode *n = &b->f->nodes[i];
	enum fold skip = n->kind == FN_AND ? FOLD_TRUE : FOLD_FALSE;
	uint32_t last = UINT32_MAX;

	if (b->err)
		return;
	switch (n->kind) {
	case FN_AND:
	case FN_OR:
		for (uint32_t k = 0; k < n->count; k++)
			if (b->kv[filter_kid(b->f, n, k)] != skip)
				last = k;
		for (uint32_t k = 0; k < n->count; k++) {
			uint32_t after;

			if (b->kv[filter_kid(b->f, n, k)] == skip)
				continue;
			if (k == last) {
				emit(b, filter_kid(b->f, n, k), yes, no, next);
				break;
			}
			after = new_label(b);
			if (n->kind == FN_AND)
				emit(b, filter_kid(b->f, n, k), after, no, after);
			else
				emit(b, filter_kid(b->f, n, k), yes, after, after);
			bind_label(b, after);
		}
		return;
	case FN_NOT:
		emit(b, filter_kid(b->f, n, 0), no, yes, next);
		return;
	default:
		put_term(b, n, no);
		if (yes != next)
			put_jump(b, yes);
		return;
	}
}

/* Turns labels into op->no offsets. */
static int link_program(struct bc *b)
{
	b->labels[LABEL_ACCEPT] = b->len;
	b->labels[LABEL_REJECT] = b->len + 4;
	if (b->len > BC_MAX)
		return -E2BIG;
	for (size_t k = 0; k < b->n_fix; k++) {
		size_t to = b->labels[b->fix[k].label];
		struct inet_diag_bc_op op;

		memcpy(&op, b->buf + b->fix[k].at, sizeof(op));
		op.no = (uint16_t)(to - b->fix[k].at);
		memcpy(b->buf + b->fix[k].at, &op, sizeof(op));
	}
	return 0;
}

int filter_compile(const struct filter *f, int family, void **ret_code,
		   size_t *ret_len, bool *ret_exact)
{
	struct bc b = {.f = f, .family = family, .exact = true};
	enum fold root;
	int r;

	*ret_code = NULL;
	*ret_len = 0;
	if (!f || f->root < 0 || (family != AF_INET && family != AF_INET6)) {
		if (ret_exact)
			*ret_exact = !f || f->root < 0;
		return 0;
	}
	if (ret_exact)
		*ret_exact = false;
	if (!f->bytecode)
		return 0;

	b.kv = calloc(f->n_nodes, sizeof(*b.kv));
	if (!b.kv)
		return -ENOMEM;
	root = kfold(&b, (uint32_t)f->root, true);
	if (root == FOLD_TRUE) {
		r = 0; /* no program: every socket may match */
		goto out;
	}
	new_label(&b); /* LABEL_ACCEPT */
	new_label(&b); /* LABEL_REJECT */
	if (root == FOLD_FALSE)
		put_jump(&b, LABEL_REJECT); /* no socket can match */
	else
		emit(&b, (uint32_t)f->root, LABEL_ACCEPT, LABEL_REJECT,
		     LABEL_ACCEPT);
	r = b.err;
	if (r == 0)
		r = link_program(&b);
	if (r == -E2BIG) {
		b.exact = false;
		r = 0; /* too big to send: userspace decides alone */
		goto out;
	}
	if (r < 0)
		goto out;
	*ret_code = b.buf;
	*ret_len = b.len;
	b.buf = NULL;
out:
	if (r == 0 && ret_exact)
		*ret_exact = b.exact;
	free(b.kv);
	free(b.buf);
	free(b.labels);
	free(b.fix);
	return r;
}
