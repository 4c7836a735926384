/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Loopback sockets for the live tests, made in the test's own network
 * namespace. Every function fails the running cmocka test when the
 * kernel does not do what it needs.
 */

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

/* A TCP connection over loopback and the listener it came through. */
struct conn {
	int family;
	int listener, client, server; /* server: the accepted end */
	uint16_t listen_port, client_port;
};

/* A listener on 127.0.0.1 or ::1 (by @family), any port; returns its fd
 * and port in *ret_port. */
int conn_listen(int family, uint16_t *ret_port);

/* A UDP socket bound on 127.0.0.1 or ::1, any port. */
int conn_udp(int family, uint16_t *ret_port);

/* A listener and one accepted connection to it. Both ends get a 10 s
 * receive timeout: a test waiting on a reset that never comes fails
 * instead of hanging. */
void conn_open(struct conn *c, int family);

/* Closes whatever of @c is still open (-1 marks closed). */
void conn_close(struct conn *c);

/* Closes @fd with SO_LINGER 0: a reset, no TIME-WAIT left behind. */
void conn_abort(int fd);

/* The port @fd is bound to. */
uint16_t conn_port(int fd);

/* SO_COOKIE of @fd: the kernel's id of the socket. */
uint64_t conn_cookie(int fd);

/* Whether data still flows both ways between the two ends of @c. */
bool conn_alive(const struct conn *c);

/* What recv() on @fd says: 0 for end of stream, a positive errno
 * (ECONNRESET, ECONNABORTED), or -1 if data came. */
int conn_recv_error(int fd);
