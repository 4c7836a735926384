/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Between out-detail.c, which writes the table text of -e, -o, -m and -i,
 * and out-detail-info.c, which it calls for -i's part.
 */

#include "dbuf.h"
#include "out.h"

/* -i of an inet socket of @o's options, on its continuation line, after
 * the memory: tcp_info, the congestion control and the ULP of a TCP
 * socket, mptcp_info of an MPTCP one (out-detail-info.c). */
void out_detail_info(struct out *o, struct dbuf *b, const struct sock_rec *rec);
