// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -e -o -m -i against sockets this test makes in its own network
 * namespace, whose state it knows: a listener with a known backlog, a
 * connection with a known number of unread bytes, a keepalive timer, a
 * firewall mark, a half-closed connection, a unix listener with a
 * connection waiting. And the same sockets side by side with ss: the
 * same detail words, in the same order.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>

#include <linux/if_packet.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "harness.h"
#include <json-c/json.h>

#include "../live/netns.h"
#include "../live/spawn.h"

#ifndef SO_COOKIE
#define SO_COOKIE 57
#endif

#define UNREAD 1000   /* bytes left unread in the receiver */
#define BACKLOG 7     /* of the main listener */
#define KEEPIDLE 600  /* seconds */
#define MARK 0x2a

/* The sockets, by role. */
static struct {
	int lst, cli, srv;           /* listener; client -> server pair */
	uint16_t lport, cport;       /* listener's port; client's port */
	int lst2, pend;              /* listener with a pending connection */
	uint16_t l2port;
	int half, half_peer;         /* half-closed pair, on lst */
	uint16_t hport;
	bool marked;                 /* SO_MARK was allowed */
	int ulst, upend;             /* unix listener, pending client */
	char upath[108];
	char dir[64];
	int mlst, mcli, msrv;        /* MPTCP; -1 when the kernel has none */
	uint16_t mport;
	int praw, pdgr;              /* packet sockets of unused ethertypes */
} s;

static const char *ss_path;

/* One object, seen as what each call wants: no casts between types. */
union addr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_un un;
};

static union addr loopback(uint16_t port)
{
	return (union addr){.in = {.sin_family = AF_INET,
				   .sin_port = htons(port),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK)}};
}

static uint16_t port_of(int fd)
{
	union addr a;
	socklen_t len = sizeof(a);

	assert_int_equal(getsockname(fd, &a.sa, &len), 0);
	return ntohs(a.in.sin_port);
}

static int listener(int proto, int backlog)
{
	union addr a = loopback(0);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, proto);

	if (fd < 0)
		return -errno;
	assert_int_equal(bind(fd, &a.sa, sizeof(a.in)), 0);
	assert_int_equal(listen(fd, backlog), 0);
	return fd;
}

static int connect_to(int proto, uint16_t port)
{
	union addr a = loopback(port);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, proto);

	assert_true(fd >= 0);
	assert_int_equal(connect(fd, &a.sa, sizeof(a.in)), 0);
	return fd;
}

/* Waits (no timeout: the kernel does this at once on loopback) until
 * @fd has at least @n bytes to read, or its peer's FIN when @n is 0. */
static void wait_readable(int fd, int n)
{
	int avail = -1;

	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN | POLLRDHUP};

		assert_int_equal(poll(&p, 1, -1), 1);
		if (n == 0 && (p.revents & POLLRDHUP))
			return;
		assert_int_equal(ioctl(fd, FIONREAD, &avail), 0);
		if (n > 0 && avail >= n)
			return;
	}
}

static int setup(void **state)
{
	char buf[UNREAD];
	int one = 1, idle = KEEPIDLE, mark = MARK;
	union addr ua = {.un.sun_family = AF_UNIX};

	s.lst = listener(0, BACKLOG);
	s.lport = port_of(s.lst);
	s.cli = connect_to(0, s.lport);
	s.cport = port_of(s.cli);
	assert_int_equal(setsockopt(s.cli, SOL_SOCKET, SO_KEEPALIVE, &one,
				    sizeof(one)),
			 0);
	assert_int_equal(setsockopt(s.cli, IPPROTO_TCP, TCP_KEEPIDLE, &idle,
				    sizeof(idle)),
			 0);
	/* CAP_NET_ADMIN in this namespace: root, or the user namespace. */
	s.marked = setsockopt(s.cli, SOL_SOCKET, SO_MARK, &mark,
			      sizeof(mark)) == 0;
	s.srv = accept4(s.lst, NULL, NULL, SOCK_CLOEXEC);
	assert_true(s.srv >= 0);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(send(s.cli, buf, sizeof(buf), 0), UNREAD);
	wait_readable(s.srv, UNREAD);

	s.lst2 = listener(0, 3);
	s.l2port = port_of(s.lst2);
	s.pend = connect_to(0, s.l2port); /* never accepted */

	s.half = connect_to(0, s.lport);
	s.hport = port_of(s.half);
	s.half_peer = accept4(s.lst, NULL, NULL, SOCK_CLOEXEC);
	assert_true(s.half_peer >= 0);
	assert_int_equal(shutdown(s.half, SHUT_WR), 0);
	wait_readable(s.half_peer, 0);

	strcpy(s.dir, "/tmp/sockscope-detail-XXXXXX");
	assert_non_null(mkdtemp(s.dir));
	snprintf(s.upath, sizeof(s.upath), "%s/l", s.dir);
	strcpy(ua.un.sun_path, s.upath);
	s.ulst = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_int_equal(bind(s.ulst, &ua.sa, sizeof(ua.un)), 0);
	assert_int_equal(listen(s.ulst, 4), 0);
	s.upend = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_int_equal(connect(s.upend, &ua.sa, sizeof(ua.un)), 0);

	/* Ethertypes nothing sends: their queues stay empty. The rx ring
	 * (TPACKET_V1: block, block count, frame, frame count). */
	{
		unsigned ring[4] = {4096, 4, 2048, 8};
		int fanout = 1; /* id 1, type hash */

		s.praw = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC,
				htons(0x88b5));
		s.pdgr = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC,
				htons(0x88b6));
		if (s.praw >= 0)
			assert_int_equal(setsockopt(s.praw, SOL_PACKET,
						    PACKET_FANOUT, &fanout,
						    sizeof(fanout)),
					 0);
		if (s.pdgr >= 0) {
			assert_int_equal(setsockopt(s.pdgr, SOL_PACKET,
						    PACKET_AUXDATA, &one,
						    sizeof(one)),
					 0);
			assert_int_equal(setsockopt(s.pdgr, SOL_PACKET,
						    PACKET_RX_RING, ring,
						    sizeof(ring)),
					 0);
		}
	}

	s.mlst = s.mcli = s.msrv = -1;
	s.mlst = listener(IPPROTO_MPTCP, 4);
	if (s.mlst >= 0) {
		s.mport = port_of(s.mlst);
		s.mcli = connect_to(IPPROTO_MPTCP, s.mport);
		s.msrv = accept4(s.mlst, NULL, NULL, SOCK_CLOEXEC);
		assert_true(s.msrv >= 0);
	}
	return 0;
}

static int teardown(void **state)
{
	int fds[] = {s.lst,  s.cli,  s.srv,  s.lst2, s.pend,
		     s.half, s.half_peer, s.ulst, s.upend, s.mlst,
		     s.mcli, s.msrv, s.praw, s.pdgr};

	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (fds[i] >= 0)
			close(fds[i]);
	unlink(s.upath);
	rmdir(s.dir);
	return 0;
}

/* ---- running the programs ---- */

static char *run_sockscope(const char *opt)
{
	struct spawn_result r = spawn_sockscope(SPAWN_STDOUT_PIPE, opt, NULL);

	if (!r.exited || r.status != 0 || r.err_len)
		fail_msg("sockscope %s failed (%d): %s", opt, r.status, r.err);
	free(r.err);
	return r.out;
}

static char *run_ss(const char *opt)
{
	const char *argv[] = {"ss", opt, NULL};
	struct spawn_result r;

	assert_int_equal(spawn_run(ss_path, argv, SPAWN_STDOUT_PIPE, &r), 0);
	if (!r.exited || r.status != 0)
		fail_msg("ss %s failed (%d): %s", opt, r.status, r.err);
	free(r.err);
	return r.out;
}

/* The line of @text (-O: one per socket) whose local and peer endpoints
 * are @local and @peer, copied; fails the test if there is none. */
static char *line_of(const char *text, const char *local, const char *peer)
{
	char want[128];
	const char *p;

	snprintf(want, sizeof(want), " %s ", local);
	for (p = text; *p;) {
		const char *eol = strchrnul(p, '\n');
		char *line = strndup(p, (size_t)(eol - p));
		char *at = strstr(line, want);

		assert_non_null(line);
		if (at && strncmp(at + strlen(want) + strspn(at + strlen(want),
							     " "),
				  peer, strlen(peer)) == 0)
			return line;
		free(line);
		p = *eol ? eol + 1 : eol;
	}
	fail_msg("no line for %s %s in:\n%s", local, peer, text);
	return NULL;
}

static char *ep(uint16_t port)
{
	static char buf[4][32];
	static int i;

	i = (i + 1) % 4;
	if (port)
		snprintf(buf[i], sizeof(buf[i]), "127.0.0.1:%u", port);
	else
		snprintf(buf[i], sizeof(buf[i]), "0.0.0.0:*");
	return buf[i];
}

#define assert_contains(hay, needle)                                           \
	do {                                                                   \
		if (!strstr((hay), (needle)))                                  \
			fail_msg("\"%s\" not in:\n%s", (needle), (hay));       \
	} while (0)

/* The socket object of -j output @doc with these ports. */
static struct json_object *json_sock(struct json_object *doc, int lport,
				     int pport)
{
	struct json_object *socks = json_object_object_get(doc, "sockets");

	for (size_t i = 0; i < json_object_array_length(socks); i++) {
		struct json_object *o = json_object_array_get_idx(socks, i);

		if (json_object_get_int(json_object_object_get(o, "local_port")) ==
			    lport &&
		    json_object_get_int(json_object_object_get(o, "peer_port")) ==
			    pport)
			return o;
	}
	fail_msg("no socket %d -> %d in the JSON", lport, pport);
	return NULL;
}

/* sockscope @opt -j, parsed. */
static struct json_object *run_json(const char *opt)
{
	struct spawn_result r =
		spawn_sockscope(SPAWN_STDOUT_PIPE, opt, "-j", NULL);
	struct json_object *doc;

	if (!r.exited || r.status != 0 || r.err_len)
		fail_msg("sockscope %s -j failed (%d): %s", opt, r.status,
			 r.err);
	doc = json_tokener_parse(r.out);
	if (!doc)
		fail_msg("not JSON: %s", r.out);
	spawn_result_done(&r);
	return doc;
}

static uint64_t jpath(struct json_object *o, const char *a, const char *b)
{
	struct json_object *v = json_object_object_get(o, a);

	if (b)
		v = json_object_object_get(v, b);
	if (!v)
		fail_msg("no %s%s%s in %s", a, b ? "." : "", b ? b : "",
			 json_object_to_json_string(o));
	return (uint64_t)json_object_get_uint64(v);
}

/* ---- the known sockets ---- */

static void unread_bytes_show_in_skmem(void **state)
{
	char *text = run_sockscope("-tnmO");
	char *line = line_of(text, ep(s.lport), ep(s.cport));
	unsigned long rq, r;
	struct json_object *doc, *o;

	/* "ESTAB 1000 0 ... skmem:(r1832,rb...": Recv-Q is the bytes,
	 * skmem r the memory holding them, overhead included. */
	assert_int_equal(sscanf(line, "ESTAB %lu", &rq), 1);
	assert_int_equal(rq, UNREAD);
	assert_non_null(strstr(line, " skmem:(r"));
	r = strtoul(strstr(line, " skmem:(r") + 9, NULL, 10);
	assert_true(r >= UNREAD);
	free(line);
	free(text);

	doc = run_json("-tnm");
	o = json_sock(doc, s.lport, s.cport);
	assert_int_equal(jpath(o, "recv_q", NULL), UNREAD);
	assert_true(jpath(o, "skmem", "rmem_alloc") >= UNREAD);
	assert_true(jpath(o, "skmem", "rcvbuf") > 0);
	assert_true(jpath(o, "meminfo", "rmem") >= UNREAD);
	json_object_put(doc);
}

static void keepalive_timer(void **state)
{
	char *text = run_sockscope("-tno");
	char *line = line_of(text, ep(s.cport), ep(s.lport));
	struct json_object *doc, *o;
	uint64_t ms;

	/* Idle 600 s, so at most 10min: "9min59sec" or "10min". */
	assert_contains(line, " timer:(keepalive,");
	assert_contains(line, "min");
	assert_contains(line, ",0)");
	free(line);
	free(text);

	doc = run_json("-tno");
	o = json_object_object_get(json_sock(doc, s.cport, s.lport), "timer");
	assert_string_equal(
		json_object_get_string(json_object_object_get(o, "name")),
		"keepalive");
	ms = jpath(o, "expires_ms", NULL);
	assert_true(ms > 0 && ms <= KEEPIDLE * 1000);
	assert_int_equal(jpath(o, "retrans", NULL), 0);
	/* The server side has no timer running. */
	o = json_object_object_get(json_sock(doc, s.lport, s.cport), "timer");
	assert_string_equal(
		json_object_get_string(json_object_object_get(o, "name")),
		"off");
	json_object_put(doc);
}

static void info_shows_rtt_and_cwnd(void **state)
{
	char *text = run_sockscope("-tniO");
	char *line = line_of(text, ep(s.cport), ep(s.lport));
	char cong[16] = "";
	socklen_t len = sizeof(cong);
	struct json_object *doc, *o;

	assert_int_equal(getsockopt(s.cli, IPPROTO_TCP, TCP_CONGESTION, cong,
				    &len),
			 0);
	assert_contains(line, " rtt:");
	assert_contains(line, " cwnd:");
	assert_contains(line, " bytes_acked:");
	free(line);
	free(text);

	doc = run_json("-tni");
	o = json_sock(doc, s.cport, s.lport);
	assert_string_equal(json_object_get_string(
				    json_object_object_get(o, "congestion")),
			    cong);
	assert_true(jpath(o, "tcp_info", "rtt_us") > 0);
	assert_true(jpath(o, "tcp_info", "snd_cwnd") > 0);
	/* The client sent UNREAD bytes, the server acked them all. */
	assert_int_equal(jpath(o, "tcp_info", "bytes_sent"), UNREAD);
	assert_int_equal(jpath(json_sock(doc, s.lport, s.cport), "tcp_info",
			       "bytes_received"),
			 UNREAD);
	json_object_put(doc);
}

static void listener_backlog_and_queue(void **state)
{
	char *text = run_sockscope("-tlniO");
	char *line = line_of(text, ep(s.l2port), ep(0));
	struct json_object *doc, *o;

	/* ss: a listener's unacked is its accept queue; its sacked (the
	 * backlog) is left out. */
	assert_contains(line, " unacked:1");
	assert_true(strstr(line, " sacked:") == NULL);
	free(line);
	free(text);

	doc = run_json("-tlni");
	o = json_sock(doc, s.lport, 0);
	assert_int_equal(jpath(o, "send_q", NULL), BACKLOG);
	assert_int_equal(jpath(o, "tcp_info", "sacked"), BACKLOG);
	assert_int_equal(jpath(o, "tcp_info", "unacked"), 0);
	o = json_sock(doc, s.l2port, 0);
	assert_int_equal(jpath(o, "tcp_info", "unacked"), 1);
	json_object_put(doc);
}

static void extended_ids_match_the_socket(void **state)
{
	char *text = run_sockscope("-tne");
	char *line = line_of(text, ep(s.cport), ep(s.lport));
	char want[96];
	uint64_t cookie = 0;
	socklen_t len = sizeof(cookie);
	struct stat st;

	assert_int_equal(getsockopt(s.cli, SOL_SOCKET, SO_COOKIE, &cookie,
				    &len),
			 0);
	assert_int_equal(fstat(s.cli, &st), 0);
	snprintf(want, sizeof(want), " ino:%lu sk:%llx", (unsigned long)st.st_ino,
		 (unsigned long long)cookie);
	assert_contains(line, want);
	if (geteuid() != 0) { /* sock_diag reports the owner */
		snprintf(want, sizeof(want), " uid:%u ", (unsigned)geteuid());
		assert_contains(line, want);
	}
	assert_contains(line, " <->");
	free(line);
	free(text);
}

static void fwmark_with_extended(void **state)
{
	char *text, *line;
	struct json_object *doc;

	if (!s.marked)
		skip(); /* SO_MARK needs CAP_NET_ADMIN */
	text = run_sockscope("-tne");
	line = line_of(text, ep(s.cport), ep(s.lport));
	assert_contains(line, " fwmark:0x2a ");
	free(line);
	/* ss prints no mark of 0. */
	line = line_of(text, ep(s.lport), ep(s.cport));
	assert_true(strstr(line, "fwmark") == NULL);
	free(line);
	free(text);

	doc = run_json("-tne");
	assert_int_equal(jpath(json_sock(doc, s.cport, s.lport), "fwmark",
			       NULL),
			 MARK);
	assert_int_equal(jpath(json_sock(doc, s.lport, s.cport), "fwmark",
			       NULL),
			 0);
	json_object_put(doc);
}

static void half_closed_arrows(void **state)
{
	char *text = run_sockscope("-tne");
	char *mine = line_of(text, ep(s.hport), ep(s.lport));
	char *peer = line_of(text, ep(s.lport), ep(s.hport));
	struct json_object *doc;

	/* We stopped sending ('>' gone); the peer got our FIN ('<' gone). */
	assert_contains(mine, " <--");
	assert_contains(peer, " -->");
	free(mine);
	free(peer);
	free(text);

	doc = run_json("-tne");
	assert_string_equal(json_object_get_string(json_object_object_get(
				    json_sock(doc, s.hport, s.lport),
				    "shutdown")),
			    "write");
	assert_string_equal(json_object_get_string(json_object_object_get(
				    json_sock(doc, s.lport, s.hport),
				    "shutdown")),
			    "read");
	json_object_put(doc);
}

static void unix_listener_vfs_and_pending(void **state)
{
	char *text = run_sockscope("-xlnem");
	char want[128];
	struct stat st;
	const char *p;
	struct json_object *doc, *socks, *o = NULL;

	assert_int_equal(stat(s.upath, &st), 0);
	p = strstr(text, s.upath);
	assert_non_null(p);
	snprintf(want, sizeof(want), " ino:%lu dev:%u/%u peers: ",
		 (unsigned long)st.st_ino, major(st.st_dev),
		 minor(st.st_dev));
	assert_contains(p, want);
	assert_contains(p, " skmem:(r0,rb");
	free(text);

	doc = run_json("-xlne");
	socks = json_object_object_get(doc, "sockets");
	for (size_t i = 0; i < json_object_array_length(socks); i++) {
		struct json_object *x = json_object_array_get_idx(socks, i);
		struct json_object *path = json_object_object_get(x, "path");

		if (path && strcmp(json_object_get_string(path), s.upath) == 0)
			o = x;
	}
	assert_non_null(o);
	assert_int_equal(jpath(o, "vfs_inode", NULL), st.st_ino);
	assert_int_equal(json_object_array_length(
				 json_object_object_get(o, "pending_inodes")),
			 1);
	assert_string_equal(
		json_object_get_string(json_object_object_get(o, "shutdown")),
		"none");
	json_object_put(doc);
}

static void mptcp_info(void **state)
{
	struct json_object *doc, *o;

	if (s.mlst < 0)
		skip(); /* no MPTCP in this kernel */
	doc = run_json("-Mni");
	o = json_object_object_get(json_sock(doc, s.mport, port_of(s.mcli)),
				   "mptcp_info");
	assert_non_null(o);
	assert_true(jpath(o, "token", NULL) != 0);
	json_object_put(doc);
}

/* ---- against ss ---- */

/* The detail words of a -O line from the sixth blank-separated field on:
 * each word's name (before ':' or '('), values left out, as are the words
 * whose presence depends on when the program ran. */
static char *words(const char *line, int skip_fields)
{
	static const char *const timing[] = {
		"lastsnd", "lastrcv", "lastack", "busy", "rwnd_limited",
		"sndbuf_limited",
	};
	char *copy = strdup(line), *save = NULL, *out = calloc(1, 4096);
	size_t n = 0;
	bool value_next = false;
	int field = 0;

	assert_non_null(copy);
	assert_non_null(out);
	for (char *w = strtok_r(copy, " \t", &save); w;
	     w = strtok_r(NULL, " \t", &save)) {
		size_t len = strcspn(w, ":(");
		bool drop = false;

		if (field++ < skip_fields)
			continue;
		if (value_next) { /* "send 1.2Gbps", "pacing_rate ..." */
			value_next = false;
			continue;
		}
		for (size_t i = 0; i < sizeof(timing) / sizeof(timing[0]); i++)
			drop |= strlen(timing[i]) == len &&
				strncmp(w, timing[i], len) == 0;
		value_next = strcmp(w, "send") == 0 ||
			     strcmp(w, "pacing_rate") == 0 ||
			     strcmp(w, "delivery_rate") == 0;
		if (drop || n + len + 2 > 4096)
			continue;
		memcpy(out + n, w, len);
		n += len;
		out[n++] = ' ';
	}
	free(copy);
	return out;
}

/* Runs ss and sockscope with @opt (which has -O) and compares the detail
 * words of the socket @local -> @peer; its line has @fields columns. */
static void compare_words(const char *opt, int fields, const char *local,
			  const char *peer)
{
	char *a = run_ss(opt), *b = run_sockscope(opt);
	char *la = line_of(a, local, peer), *lb = line_of(b, local, peer);
	char *wa = words(la, fields), *wb = words(lb, fields);

	if (strcmp(wa, wb) != 0)
		fail_msg("%s %s -> %s:\nss:        %s\nsockscope: %s\n"
			 "(lines: \"%s\" and \"%s\")",
			 opt, local, peer, wa, wb, la, lb);
	free(wa);
	free(wb);
	free(la);
	free(lb);
	free(a);
	free(b);
}

static void same_words_as_ss(void **state)
{
	static const char *const opts[] = {
		"-tuanoemiOH", "-tuaneO", "-tuanmO", "-tuaniO", "-tuanoO",
	};

	if (!ss_path)
		skip();
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		/* Netid, State, Recv-Q, Send-Q, Local, Peer. */
		compare_words(opts[i], 6, ep(s.cport), ep(s.lport));
		compare_words(opts[i], 6, ep(s.lport), ep(s.cport));
		compare_words(opts[i], 6, ep(s.lport), ep(0));
		compare_words(opts[i], 6, ep(s.l2port), ep(0));
		compare_words(opts[i], 6, ep(s.hport), ep(s.lport));
		compare_words(opts[i], 6, ep(s.lport), ep(s.hport));
	}
}

static void same_words_as_ss_mptcp(void **state)
{
	if (!ss_path || s.mlst < 0)
		skip();
	/* The MPTCP sockets, then their TCP subflows (with the ULP). */
	compare_words("-ManeimO", 5, ep(port_of(s.mcli)), ep(s.mport));
	compare_words("-ManeimO", 5, ep(s.mport), ep(port_of(s.mcli)));
	compare_words("-ManeimO", 5, ep(s.mport), ep(0));
	compare_words("-taneimO", 5, ep(port_of(s.mcli)), ep(s.mport));
	compare_words("-taneimO", 5, ep(s.mport), ep(port_of(s.mcli)));
}

/* The word of @line that starts with @prefix, copied ("" if none). */
static char *word_at(const char *line, const char *prefix)
{
	const char *p = strstr(line, prefix);

	return strndup(p ? p : "", p ? strcspn(p, " \t\n") : 0);
}

static void cgroup_path_as_ss(void **state)
{
	char *a, *b, *la, *lb, *wa, *wb;

	if (!ss_path)
		skip();
	a = run_ss("-tneO");
	b = run_sockscope("-tneO");
	la = line_of(a, ep(s.cport), ep(s.lport));
	lb = line_of(b, ep(s.cport), ep(s.lport));
	/* Both resolve the socket's cgroup id to the same path. */
	wa = word_at(la, " cgroup:");
	wb = word_at(lb, " cgroup:");
	assert_string_equal(wa, wb);
	free(wa);
	free(wb);
	free(la);
	free(lb);
	free(a);
	free(b);
}

static void same_words_as_ss_unix(void **state)
{
	if (!ss_path)
		skip();
	/* Netid State Recv-Q Send-Q, path and inode, "*" and peer inode. */
	compare_words("-xlnemO", 8, s.upath, ""); /* any peer */
}

/* The text without its header line and each line's trailing blanks (ss
 * pads to its Process column). */
static char *body(const char *text)
{
	char *out = calloc(1, strlen(text) + 1), *o = out;
	const char *p = strchr(text, '\n');

	assert_non_null(out);
	for (p = p ? p + 1 : text; *p;) {
		const char *eol = strchrnul(p, '\n');
		const char *end = eol;

		while (end > p && end[-1] == ' ')
			end--;
		memcpy(o, p, (size_t)(end - p));
		o += end - p;
		*o++ = '\n';
		p = *eol ? eol + 1 : eol;
	}
	return out;
}

static void packet_as_ss(void **state)
{
	static const char *const opts[] = {"-0aem", "-0aemO", "-0ae"};

	if (!ss_path || s.praw < 0 || s.pdgr < 0)
		skip(); /* packet sockets need CAP_NET_RAW */
	/* Nothing changes in these sockets: the whole text is ss's. */
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		char *a = run_ss(opts[i]), *b = run_sockscope(opts[i]);
		char *ba = body(a), *bb = body(b);

		if (strcmp(ba, bb) != 0)
			fail_msg("%s:\nss:\n%s\nsockscope:\n%s", opts[i], ba,
				 bb);
		assert_non_null(strstr(bb, "fanout(id:1,type:hash)"));
		assert_non_null(strstr(bb, "ring_rx(blk_size:4096,blk_nr:4,"
					   "frm_size:2048,frm_nr:8,"));
		free(a);
		free(b);
		free(ba);
		free(bb);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unread_bytes_show_in_skmem),
		cmocka_unit_test(keepalive_timer),
		cmocka_unit_test(info_shows_rtt_and_cwnd),
		cmocka_unit_test(listener_backlog_and_queue),
		cmocka_unit_test(extended_ids_match_the_socket),
		cmocka_unit_test(fwmark_with_extended),
		cmocka_unit_test(half_closed_arrows),
		cmocka_unit_test(unix_listener_vfs_and_pending),
		cmocka_unit_test(mptcp_info),
		cmocka_unit_test(same_words_as_ss),
		cmocka_unit_test(same_words_as_ss_mptcp),
		cmocka_unit_test(same_words_as_ss_unix),
		cmocka_unit_test(cgroup_path_as_ss),
		cmocka_unit_test(packet_as_ss),
	};

	if (access("/usr/bin/ss", X_OK) == 0)
		ss_path = "/usr/bin/ss";
	else if (access("/bin/ss", X_OK) == 0)
		ss_path = "/bin/ss";
	netns_enter_or_skip();
	return harness_run_group(tests, setup, teardown);
}
