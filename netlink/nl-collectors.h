/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* The netlink collectors beyond tcp/udp (declared in collect.h). */

#include "collect.h"

extern const struct collector nl_netlink_collector;
extern const struct collector nl_packet_collector;
extern const struct collector nl_unix_collector;
extern const struct collector nl_raw_collector;
extern const struct collector nl_sctp_collector;
extern const struct collector nl_xdp_collector;
extern const struct collector nl_mptcp_collector;
