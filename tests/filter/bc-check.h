/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A userspace model of the kernel's inet_diag bytecode machine
 * (net/ipv4/inet_diag.c): the audit a program must pass before a dump
 * starts, and the run that decides each socket. Written from the
 * kernel's rules for tests: the unit tests and the fuzzer check every
 * compiled program against it, and the live test checks it against
 * the kernel itself.
 */

#include <stdbool.h>
#include <stddef.h>

#include "sock.h"

/*
 * Checks @code (@len bytes) as the kernel's audit does: known opcodes,
 * room for each operand, every jump 4-byte aligned, forward, landing on
 * an instruction (or on the end, or four bytes past it). Returns 0, or
 * -EINVAL with a reason in @why (@size bytes).
 */
int bc_check_audit(const void *code, size_t len, char *why, size_t size);

/*
 * Runs an audited program on @rec the way the kernel runs it on a
 * socket; returns whether it is accepted. @rec's mark and cgroup id
 * are taken as 0 when the record has none, as the kernel does for
 * sockets it reports none for.
 */
bool bc_check_run(const void *code, size_t len, const struct sock_rec *rec);
