/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The normalized socket record. Every collector (netlink or /proc) fills
 * one of these per socket and hands it to a sock_emit_fn; the filter and
 * the formatters read nothing else. Strings in a record are borrowed: they
 * point into the collector's buffer and are valid only during the call.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Socket tables, in the order ss prints them. */
enum sock_netid {
	SOCK_NETID_NETLINK, /* "nl" */
	SOCK_NETID_PACKET_RAW,   /* "p_raw" */
	SOCK_NETID_PACKET_DGRAM, /* "p_dgr" */
	SOCK_NETID_UNIX_STREAM,  /* "u_str" */
	SOCK_NETID_UNIX_DGRAM,   /* "u_dgr" */
	SOCK_NETID_UNIX_SEQPACKET, /* "u_seq" */
	SOCK_NETID_RAW,
	SOCK_NETID_UDP,
	SOCK_NETID_TCP,
	SOCK_NETID_SCTP,
	SOCK_NETID_VSOCK_STREAM, /* "v_str" */
	SOCK_NETID_VSOCK_DGRAM,  /* "v_dgr" */
	SOCK_NETID_TIPC,
	SOCK_NETID_XDP,
	SOCK_NETID_MPTCP,
	_SOCK_NETID_MAX,
};

/* Kernel TCP state numbers (include/net/tcp_states.h); UDP reuses them. */
enum sock_state {
	SOCK_STATE_UNKNOWN = 0,
	SOCK_STATE_ESTABLISHED = 1,
	SOCK_STATE_SYN_SENT,
	SOCK_STATE_SYN_RECV,
	SOCK_STATE_FIN_WAIT1,
	SOCK_STATE_FIN_WAIT2,
	SOCK_STATE_TIME_WAIT,
	SOCK_STATE_CLOSE,
	SOCK_STATE_CLOSE_WAIT,
	SOCK_STATE_LAST_ACK,
	SOCK_STATE_LISTEN,
	SOCK_STATE_CLOSING,
	SOCK_STATE_NEW_SYN_RECV, /* the kernel's own; never in a record */
	/* Bound, neither listening nor connecting (Linux 6.5+ dumps them
	 * when asked for this bit). The kernel reports them as CLOSE; the
	 * TCP collector gives them this state, so that filters and JSON
	 * tell them apart; the table shows "UNCONN", as ss. */
	SOCK_STATE_BOUND_INACTIVE,
	_SOCK_STATE_MAX,
};

#define SOCK_STATES_ALL                                                        \
	(((1u << _SOCK_STATE_MAX) - 1) & ~1u & ~(1u << SOCK_STATE_NEW_SYN_RECV))

enum sock_source {
	SOCK_SOURCE_NETLINK,
	SOCK_SOURCE_PROCFS,
};

/* What -e, -o, -m and -i ask the collectors for, beyond the basic record
 * (bits of collect_req.detail): only these make the kernel send more. */
#define SOCK_DETAIL_EXTENDED (1u << 0) /* -e */
#define SOCK_DETAIL_TIMERS (1u << 1)   /* -o */
#define SOCK_DETAIL_MEMORY (1u << 2)   /* -m */
#define SOCK_DETAIL_INFO (1u << 3)     /* -i */
/* tcp_info alone, without -i's congestion control attributes
 * (--prometheus's RTT and segment figures). */
#define SOCK_DETAIL_TCP_INFO (1u << 4)

/* inet_diag's idiag_timer: which timer of the socket runs next. */
enum sock_timer {
	SOCK_TIMER_OFF = 0,
	SOCK_TIMER_ON = 1,        /* retransmission (or loss probe) */
	SOCK_TIMER_KEEPALIVE = 2,
	SOCK_TIMER_TIMEWAIT = 3,
	SOCK_TIMER_PERSIST = 4,   /* zero-window probe */
	_SOCK_TIMER_MAX,
};

/* Bits of sock_detail.shutdown (the kernel's sk_shutdown). */
#define SOCK_SHUTDOWN_RCV 1u  /* nothing more is received */
#define SOCK_SHUTDOWN_SEND 2u /* nothing more is sent */

/* Counters of sock_diag's SK_MEMINFO array, in its order. */
#define SOCK_SKMEM_MAX 9

/* What INET_DIAG_INFO holds: it depends on the protocol. */
enum sock_info_kind {
	SOCK_INFO_NONE,
	SOCK_INFO_TCP,   /* struct tcp_info */
	SOCK_INFO_MPTCP, /* struct mptcp_info */
};

/* The congestion control's own attribute (one of three). */
enum sock_cc_kind {
	SOCK_CC_NONE,
	SOCK_CC_VEGAS, /* struct tcpvegas_info */
	SOCK_CC_DCTCP, /* struct tcp_dctcp_info */
	SOCK_CC_BBR,   /* struct tcp_bbr_info */
};

/* MPTCP subflow state from a TCP socket's ULP info; each field is valid
 * when its bit (1 << MPTCP_SUBFLOW_ATTR_*) is in @present. */
struct sock_mptcp_subflow {
	uint32_t present;
	uint32_t token_rem, token_loc, rel_write_seq, map_sfseq, ssn_offset;
	uint32_t map_datalen, flags;
	uint64_t map_seq;
	uint8_t id_rem, id_loc;
};

/* kTLS state from a TCP socket's ULP info; a field is 0 when not sent
 * (0 is no valid value of any of them). */
struct sock_tls {
	uint16_t version, cipher, rxconf, txconf;
	bool zc_ro_tx;
};

/* A packet socket's ring (PACKET_RX_RING, PACKET_TX_RING). */
struct sock_pkt_ring {
	uint32_t block_size, block_nr, frame_size, frame_nr, retire_tmo;
	uint32_t features;
};

/*
 * What -e, -o, -m and -i show. Pointers are borrowed from the kernel's
 * message, like the record's strings, and come with the length the kernel
 * sent: a kernel older or newer than our headers sends a shorter or longer
 * struct, so read fields only through kstruct.h, which checks the length.
 */
struct sock_detail {
	/* -o (inet): the pending timer, its expiry and retransmissions or
	 * probes so far. */
	bool has_timer;
	uint8_t timer; /* enum sock_timer; > 4 from a newer kernel. /proc
			* sets it without has_timer (no expiry in ms) */
	uint8_t retrans;
	uint32_t expires_ms;

	/* -e */
	bool has_shutdown;
	uint8_t shutdown;      /* SOCK_SHUTDOWN_* bits */
	bool has_tos, has_tclass;
	uint8_t tos, tclass;
	const uint32_t *icons; /* unix listener: inodes of the connections
				* waiting to be accepted (unaligned: read
				* with memcpy) */
	size_t n_icons;
	bool has_pkt_info;      /* packet: PACKET_DIAG_INFO */
	uint32_t pkt_version, pkt_copy_thresh, pkt_flags; /* PDI_* flags */
	bool has_rx_ring, has_tx_ring, has_fanout;
	struct sock_pkt_ring rx_ring, tx_ring;
	uint32_t fanout;        /* id in the low 16 bits, type above */

	/* -m */
	uint8_t n_skmem;                  /* counters sent, up to 9 */
	uint8_t dropped; /* extras (-e -o -m -i, mark, cgroup) the kernel
			  * sent at a size we do not know: left out,
			  * counted, said once per table (saturates) */
	uint32_t skmem[SOCK_SKMEM_MAX];   /* SK_MEMINFO_* */
	bool has_meminfo;                 /* inet_diag_meminfo */
	uint32_t mem_r, mem_w, mem_f, mem_t;

	/* -i */
	enum sock_info_kind info_kind;
	const void *info;
	size_t info_len;
	const char *cong; /* congestion control name, no NUL */
	size_t cong_len;
	enum sock_cc_kind cc_kind;
	const void *cc;
	size_t cc_len;
	const char *ulp; /* upper layer protocol name ("tls", "mptcp") */
	size_t ulp_len;
	bool has_tls, has_subflow;
	struct sock_tls tls;
	struct sock_mptcp_subflow subflow;
};

struct sock_rec {
	enum sock_netid netid;
	enum sock_source source;
	int family;        /* AF_INET, AF_INET6, AF_UNIX, AF_PACKET, ... */
	bool has_uid;      /* false where the source does not say (unix
			    * and netlink in /proc) */
	uint8_t state;     /* enum sock_state */
	int8_t v6only;     /* -1: the kernel did not say */
	uint16_t local_port, peer_port; /* host byte order */
	uint32_t recv_q, send_q;
	uint8_t local_addr[16], peer_addr[16]; /* network order; v4 in [0..3] */
	uint32_t ifindex;  /* 0: not bound to a device */
	uint32_t inode;
	uint32_t uid;
	uint64_t cookie;
	bool has_cookie;
	bool has_mark;     /* fwmark: the kernel tells only CAP_NET_ADMIN */
	uint32_t mark;
	bool has_cgroup_id;
	uint64_t cgroup_id; /* cgroup v2 id (the cgroup directory's inode) */

	/* Family-specific; zero when not this family's. */
	uint32_t protocol; /* raw: IP protocol; packet: ethertype (host
			    * order); netlink: NETLINK_* number */
	const char *path;  /* unix: bound name, borrowed; NULL if unbound.
			    * An abstract name starts with '\0'. */
	size_t path_len;
	uint32_t peer_inode; /* unix: the peer's inode, 0 if none */
	bool has_vfs;        /* unix: the bound file's device and inode */
	uint32_t vfs_dev, vfs_inode;
	uint32_t portid;     /* netlink: own port id */
	uint32_t dst_portid; /* netlink: connected-to port id */
	uint32_t dst_group;  /* netlink: connected-to group */
	bool nl_connected;   /* netlink: connect()ed, to dst_portid and
			      * dst_group (0, the kernel, included) */
	uint32_t groups;     /* netlink: first 32 multicast groups */

	struct sock_detail detail; /* -e -o -m -i; all zero when the source
				    * does not say */
};

/*
 * Where a record was seen, with --all-netns: its network namespace and what
 * runs there. A side structure, not part of the record: the collection of
 * one namespace hands the same origin to the filter (filter_match_in())
 * and the formatters (out->origin) for each of its records. Every string
 * is NUL-terminated, owned by whoever built the origin (src/netns/), and
 * NULL when unknown.
 */
struct sock_origin {
	uint64_t netns_inode;      /* the nsfs inode; 0: unknown */
	const char *netns_name;    /* `ip netns` name, else NULL */
	int32_t nsid;              /* the kernel's id of it as seen from the
				    * caller's namespace; -1: none */
	const char *ctr_runtime;   /* "podman", "docker", "containerd",
				    * "crio" */
	const char *ctr_id;        /* 64 hex digits */
	const char *ctr_name;      /* from the runtime's state on disk */
	const char *pod_uid;       /* Kubernetes */
	const char *pod_namespace;
	const char *pod_name;
	const char *unit;          /* systemd unit all its processes share */
};

/* Something that could not be seen, or not wholly: a table the kernel
 * refused or lacks, /proc lines that did not parse, or (@netns_inode not
 * 0) a network namespace that could not be entered or dumped. */
struct sock_warning {
	enum sock_netid netid;
	int family;
	enum sock_source source;
	int err;        /* negative errno */
	size_t skipped; /* malformed lines skipped (err is -EBADMSG) */
	size_t dropped;  /* extra attributes of an unexpected size left
			  * out of the sockets listed (err is -EBADMSG) */
	/* -p's warning, not a table's (netid and family unused): the
	 * owners of this many listed sockets are unknown, because this
	 * many processes' descriptors could not be read (err -EACCES). */
	size_t owners_unknown, procs_unreadable;
	size_t repeated; /* lines dropped as repeats of a socket already
			  * listed (err is -EEXIST) */
	uint64_t netns_inode;   /* --all-netns: the namespace; 0: none */
	const char *netns_path; /* how it was reached (borrowed; lives as
				 * long as the run) */
};

/*
 * Called once per socket. Returns 0 to go on, or a negative errno to stop
 * the collection; the collector returns that value unchanged.
 */
typedef int (*sock_emit_fn)(const struct sock_rec *rec, void *userdata);

/* ss's netid word ("tcp", "udp"), or NULL for an out-of-range value. */
const char *sock_netid_name(enum sock_netid netid);

/* The family word used in JSON ("inet", "inet6"), or NULL if unknown. */
const char *sock_family_name(int family);

/* The state word of the ss filter language ("established", "listening"...). */
const char *sock_state_name(unsigned state);

/* The state as ss's table prints it ("ESTAB", "UNCONN", ...). */
const char *sock_state_label(unsigned state);

/* The unix table of socket type @type (SOCK_STREAM, ...), or -1. */
int sock_unix_netid(unsigned type);

/* Looks up a netid by its ss name; returns it, or -EINVAL if unknown. */
int sock_netid_from_name(const char *name);

/* iproute2's short name of netlink protocol @proto ("rtnl", "tcpdiag",
 * ...), or NULL if it has none. */
const char *sock_netlink_proto_name(uint32_t proto);

/* A short name of ethertype @proto (host order) as ss prints it for
 * packet sockets ("ip", "ipv6", "arp", "*" for ETH_P_ALL), or NULL. */
const char *sock_ethertype_name(uint32_t proto);
