// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --prometheus: the sockets counted (output/out-prom.c) and sent one of
 * three ways: standard output once; --textfile FILE, written beside FILE
 * and renamed over it, so node_exporter's textfile collector never reads
 * half a file; --listen ADDR:PORT, an HTTP exporter (libmicrohttpd)
 * answering GET and HEAD /metrics with a fresh dump per scrape, scrapes
 * that arrive while one is being taken sharing it.
 */
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "collect.h"
#include "names/names.h"
#include "output/prom.h"
#include "owners/owners.h"
#include "util/num.h"

_Static_assert(OPTIONS_PROM_PORTS_MAX <= PROM_PORTS_MAX,
	       "--prometheus-ports lists more than the formatter takes");

/* The exporter's bounds: a slow or hostile client holds one of
 * CONN_LIMIT connections for at most CONN_TIMEOUT seconds, and a request
 * (headers included) larger than CONN_MEMORY is answered 431 and closed. */
#define CONN_LIMIT 256
#define CONN_TIMEOUT 10
#define CONN_MEMORY (32 * 1024)
#define POOL_THREADS 4

#define CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

/* One scrape's state. */
struct scrape {
	const struct options *opts;
	bool quiet; /* count the tables not seen, do not say so */
	struct prom_agg *agg;
	struct owners *owners; /* -p */
	struct names *names;   /* words for listeners' holders (-p) */
	uint64_t errors;
};

/* The holder of listener @rec, through the names stage: the first
 * process with a descriptor on it, and the systemd unit of that process. */
static void find_owner(struct scrape *s, const struct sock_rec *rec,
		       struct prom_owner *ret)
{
	const struct owners_entry *e;
	size_t n;

	e = names_owners(s->names, rec->inode, &n);
	if (!n)
		return;
	ret->process = names_owner_comm(s->names, e, &ret->process_len);
	ret->unit = names_pid_unit(s->names, (int32_t)e->pid, &ret->unit_len);
}

static int count(const struct sock_rec *rec, void *userdata)
{
	struct scrape *s = userdata;
	struct prom_owner owner = {0};

	if (s->owners && rec->state == SOCK_STATE_LISTEN)
		find_owner(s, rec, &owner);
	return prom_agg_add(s->agg, rec, &owner);
}

static int warn(const struct sock_warning *w, void *userdata)
{
	struct scrape *s = userdata;
	bool said = s->quiet ? cmd_warn_counts(s->opts, w) : cmd_warn(s->opts, w);

	/* A repeat dropped leaves the counts whole: not a scrape error. */
	if (said && !w->repeated)
		s->errors++;
	return 0;
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/*
 * Counts the sockets @opts selects and writes the exposition to @ob.
 * @quiet: the tables that could not be seen are only counted (the
 * exporter would say it every scrape). Returns 0, or a negative errno
 * with *ret_where saying which dump failed.
 */
static int scrape(const struct options *opts, bool quiet, struct obuf *ob,
		  struct collect_where *ret_where)
{
	struct collect_opts copts = {
		.source = opts->source,
		.proc_root = opts->proc_root,
	};
	struct scrape s = {.opts = opts, .quiet = quiet};
	struct prom_scrape figures;
	struct collect_stats stats;
	uint64_t t0 = now_us();
	int r;

	/* tcp_info for the RTT histogram and the segment gauges. */
	if (query_has_netid(&opts->query, SOCK_NETID_TCP))
		copts.detail = SOCK_DETAIL_TCP_INFO;
	r = prom_agg_new(opts->prom_ports, opts->n_prom_ports, NULL, &s.agg);
	if (r < 0)
		return r;
	if (opts->processes) {
		r = owners_scan("/proc", 2, &s.owners);
		if (r < 0) {
			/* Listeners go unnamed; the scrape says so. */
			if (!quiet)
				fprintf(stderr, "sockscope: -p: /proc: %s\n",
					strerror(-r));
			s.errors++;
		} else if (owners_stats(s.owners)->unreadable && !quiet) {
			/* Not a scrape error: what could be read is whole. */
			fprintf(stderr,
				"sockscope: -p: %zu process(es) could not be "
				"inspected; their listeners may lack owners\n",
				owners_stats(s.owners)->unreadable);
		}
	}
	r = names_new(opts, s.owners, &s.names);
	if (r >= 0)
		r = collect_run(&opts->query, &copts, count, warn, &s,
				ret_where, &stats);
	if (r >= 0) {
		figures.duration_us = now_us() - t0;
		figures.errors = s.errors;
		r = prom_write(&s.agg, 1, &figures, ob);
	}
	names_free(s.names);
	owners_free(s.owners);
	prom_agg_free(s.agg);
	return r;
}

/* Once, to standard output. */
static int to_stdout(const struct options *opts)
{
	struct collect_where where = {.netid = -1};
	struct obuf *ob = malloc(sizeof(*ob));
	int r, err;

	if (!ob) {
		fprintf(stderr, "sockscope: %s\n", strerror(ENOMEM));
		return EXIT_FAILURE;
	}
	obuf_init(ob, STDOUT_FILENO);
	r = scrape(opts, false, ob, &where);
	err = obuf_flush(ob);
	free(ob);
	if (r < 0)
		return err ? cmd_write_failed(err)
			   : cmd_collect_failed(r, &where);
	return err ? cmd_write_failed(err) : EXIT_SUCCESS;
}

/* --textfile: beside the file (a rename within one directory is atomic),
 * under a name node_exporter skips (it reads only *.prom). */
static int to_textfile(const struct options *opts)
{
	const char *file = opts->prom_textfile;
	struct collect_where where = {.netid = -1};
	const char *slash = strrchr(file, '/');
	struct obuf *ob;
	char tmp[4096];
	int fd = -1, r, err = 0;

	/* "DIR/.NAME.XXXXXX"; DIR is "/" for "/NAME", "." for "NAME". */
	r = snprintf(tmp, sizeof(tmp), "%.*s/.%s.XXXXXX",
		     slash ? (int)(slash - file) : 1, slash ? file : ".",
		     slash ? slash + 1 : file);
	if (r < 0 || (size_t)r >= sizeof(tmp) || (slash && !slash[1])) {
		fprintf(stderr, "sockscope: --textfile %s: %s\n", file,
			slash && !slash[1] ? "a directory, not a file"
					   : strerror(ENAMETOOLONG));
		return CMD_EXIT_BADINPUT;
	}
	ob = malloc(sizeof(*ob));
	if (!ob) {
		fprintf(stderr, "sockscope: %s\n", strerror(ENOMEM));
		return EXIT_FAILURE;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		free(ob);
		fprintf(stderr, "sockscope: --textfile %s: %s\n", file,
			strerror(errno));
		return EXIT_FAILURE;
	}
	/* node_exporter runs as its own user: the file must be readable. */
	if (fchmod(fd, 0644) < 0)
		err = -errno;
	obuf_init(ob, fd);
	r = scrape(opts, false, ob, &where);
	if (!err)
		err = obuf_flush(ob);
	free(ob);
	if (!err && r >= 0 && fsync(fd) < 0)
		err = -errno;
	if (close(fd) < 0 && !err)
		err = -errno;
	if (!err && r >= 0 && rename(tmp, file) < 0)
		err = -errno;
	if (err || r < 0)
		unlink(tmp);
	if (r < 0)
		return cmd_collect_failed(r, &where);
	if (err) {
		fprintf(stderr, "sockscope: --textfile %s: %s\n", file,
			strerror(-err));
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}

/* ---- --listen -------------------------------------------------------- */

/*
 * libmicrohttpd is opened when --listen is given, not linked: it pulls
 * in GnuTLS and six more libraries, whose loading alone costs every run
 * of sockscope 3 MiB of memory and the listing its edge over ss.
 */
#define MHD_SONAME "libmicrohttpd.so.12"

static struct {
	void *handle;
	__typeof__(MHD_start_daemon) *start_daemon;
	__typeof__(MHD_stop_daemon) *stop_daemon;
	__typeof__(MHD_get_daemon_info) *get_daemon_info;
	__typeof__(MHD_create_response_from_buffer) *response_from_buffer;
	__typeof__(MHD_add_response_header) *add_response_header;
	__typeof__(MHD_queue_response) *queue_response;
	__typeof__(MHD_destroy_response) *destroy_response;
} mhd;

/* Opens libmicrohttpd. Returns 0, or -1 having said why. */
static int mhd_open(void)
{
	static const char *const names[] = {
		"MHD_start_daemon",
		"MHD_stop_daemon",
		"MHD_get_daemon_info",
		"MHD_create_response_from_buffer",
		"MHD_add_response_header",
		"MHD_queue_response",
		"MHD_destroy_response",
	};
	void **slots[] = {
		(void **)&mhd.start_daemon,
		(void **)&mhd.stop_daemon,
		(void **)&mhd.get_daemon_info,
		(void **)&mhd.response_from_buffer,
		(void **)&mhd.add_response_header,
		(void **)&mhd.queue_response,
		(void **)&mhd.destroy_response,
	};

	mhd.handle = dlopen(MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
	for (size_t i = 0; mhd.handle && i < sizeof(names) / sizeof(*names);
	     i++) {
		*slots[i] = dlsym(mhd.handle, names[i]);
		if (!*slots[i]) {
			dlclose(mhd.handle);
			mhd.handle = NULL;
		}
	}
	if (!mhd.handle) {
		fprintf(stderr,
			"sockscope: --listen needs libmicrohttpd (%s; Debian "
			"package libmicrohttpd12): %s\n",
			MHD_SONAME, dlerror());
		return -1;
	}
	return 0;
}

struct server {
	const struct options *opts;
	pthread_mutex_t lock;
	pthread_cond_t done;
	bool running;          /* a dump is being taken */
	uint64_t generation;   /* dumps finished */
	struct MHD_Response *last; /* the last dump's answer */
	unsigned last_status;
	bool warned;           /* the first scrape said what it missed */
};

static struct MHD_Response *text_response(const char *text)
{
	struct MHD_Response *resp = mhd.response_from_buffer(
	    strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);

	if (resp)
		mhd.add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
					"text/plain; charset=utf-8");
	return resp;
}

/* Takes a dump: the exposition text in a memfd (the obuf writes to a
 * descriptor), then copied into the response. Sets *ret_status. */
static struct MHD_Response *take_dump(struct server *srv, unsigned *ret_status)
{
	struct collect_where where = {.netid = -1};
	struct MHD_Response *resp = NULL;
	struct obuf *ob = malloc(sizeof(*ob));
	int fd = memfd_create("sockscope-metrics", MFD_CLOEXEC), r = -ENOMEM;
	char *buf = NULL;
	off_t len = 0;

	if (ob && fd >= 0) {
		obuf_init(ob, fd);
		r = scrape(srv->opts, srv->warned, ob, &where);
		srv->warned = true;
		if (r >= 0)
			r = obuf_flush(ob);
	} else if (fd < 0) {
		r = -errno;
	}
	if (r >= 0) {
		len = lseek(fd, 0, SEEK_CUR);
		buf = len >= 0 ? malloc(len ? (size_t)len : 1) : NULL;
		if (!buf || pread(fd, buf, (size_t)len, 0) != len) {
			r = -EIO;
			free(buf);
		}
	}
	if (fd >= 0)
		close(fd);
	free(ob);
	if (r < 0) {
		/* Said on stderr; Prometheus marks the target down. */
		cmd_collect_failed(r, &where);
		*ret_status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		return text_response("sockscope: the sockets could not be "
				     "read; see the exporter's log\n");
	}
	resp = mhd.response_from_buffer((size_t)len, buf,
					       MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(buf);
		*ret_status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		return NULL;
	}
	mhd.add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				CONTENT_TYPE);
	*ret_status = MHD_HTTP_OK;
	return resp;
}

/* A fresh dump, or the one in flight when this scrape arrived. */
static enum MHD_Result serve_metrics(struct server *srv,
				     struct MHD_Connection *c)
{
	enum MHD_Result ret = MHD_NO;

	pthread_mutex_lock(&srv->lock);
	if (srv->running) {
		uint64_t gen = srv->generation;
		while (srv->generation == gen)
			pthread_cond_wait(&srv->done, &srv->lock);
	} else {
		struct MHD_Response *resp;
		unsigned status;

		srv->running = true;
		pthread_mutex_unlock(&srv->lock);
		resp = take_dump(srv, &status);
		pthread_mutex_lock(&srv->lock);
		/* Queued answers hold their own reference. */
		if (srv->last)
			mhd.destroy_response(srv->last);
		srv->last = resp;
		srv->last_status = status;
		srv->generation++;
		srv->running = false;
		pthread_cond_broadcast(&srv->done);
	}
	/* Under the lock: the next dump may replace srv->last. */
	if (srv->last)
		ret = mhd.queue_response(c, srv->last_status, srv->last);
	pthread_mutex_unlock(&srv->lock);
	return ret;
}

static enum MHD_Result answer(struct MHD_Connection *c, unsigned status,
			      const char *text, bool allow)
{
	struct MHD_Response *resp = text_response(text);
	enum MHD_Result ret;

	if (!resp)
		return MHD_NO;
	if (allow)
		mhd.add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
					"GET, HEAD");
	ret = mhd.queue_response(c, status, resp);
	mhd.destroy_response(resp);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
			      const char *url, const char *method,
			      const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	/* Answered on the first call, with the headers: a body, which
	 * nothing here wants, is not waited for. */
	*upload_data_size = 0;
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return answer(c, MHD_HTTP_METHOD_NOT_ALLOWED,
			      "only GET and HEAD\n", true);
	if (strcmp(url, "/metrics") != 0)
		return answer(c, MHD_HTTP_NOT_FOUND,
			      "not found: the metrics are at /metrics\n",
			      false);
	return serve_metrics(cls, c);
}

/* Parses --listen's "ADDR:PORT", "[ADDR6]:PORT" or ":PORT" (every
 * address, IPv6 and IPv4) into *ret. Returns 0 or -EINVAL. */
static int parse_listen(const char *spec, struct sockaddr_in6 *ret6,
			struct sockaddr_in *ret4, bool *ret_is6)
{
	const char *colon = strrchr(spec, ':');
	char host[INET6_ADDRSTRLEN + 2];
	size_t hlen;
	uint32_t port;

	if (!colon || num_parse_u32(colon + 1, strlen(colon + 1), 10, 65535,
				    &port) < 0)
		return -EINVAL;
	hlen = (size_t)(colon - spec);
	if (hlen >= sizeof(host))
		return -EINVAL;
	memcpy(host, spec, hlen);
	host[hlen] = '\0';
	memset(ret6, 0, sizeof(*ret6));
	memset(ret4, 0, sizeof(*ret4));
	if (hlen == 0) {
		*ret_is6 = true;
		ret6->sin6_family = AF_INET6;
		ret6->sin6_addr = in6addr_any;
		ret6->sin6_port = htons((uint16_t)port);
		return 0;
	}
	if (host[0] == '[' && host[hlen - 1] == ']') {
		host[hlen - 1] = '\0';
		*ret_is6 = true;
		ret6->sin6_family = AF_INET6;
		ret6->sin6_port = htons((uint16_t)port);
		return inet_pton(AF_INET6, host + 1, &ret6->sin6_addr) == 1
			   ? 0
			   : -EINVAL;
	}
	*ret_is6 = false;
	ret4->sin_family = AF_INET;
	ret4->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &ret4->sin_addr) == 1 ? 0 : -EINVAL;
}

static int serve(const struct options *opts)
{
	struct server srv = {
		.opts = opts,
		.lock = PTHREAD_MUTEX_INITIALIZER,
		.done = PTHREAD_COND_INITIALIZER,
	};
	struct sockaddr_in6 a6;
	struct sockaddr_in a4;
	const union MHD_DaemonInfo *info;
	struct MHD_Daemon *d;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
			 MHD_USE_ERROR_LOG;
	sigset_t stop;
	bool is6;
	int sig;

	if (parse_listen(opts->prom_listen, &a6, &a4, &is6) < 0) {
		fprintf(stderr,
			"sockscope: --listen %s: not ADDR:PORT (127.0.0.1:9987, "
			"[::1]:9987, or :9987 for every address)\n",
			opts->prom_listen);
		return CMD_EXIT_BADINPUT;
	}
	if (is6)
		flags |= MHD_USE_IPv6 |
			 (IN6_IS_ADDR_UNSPECIFIED(&a6.sin6_addr)
			      ? MHD_USE_DUAL_STACK
			      : 0);
	/* The server's threads inherit this: SIGTERM and SIGINT are taken
	 * by sigwait() below, never in the middle of a dump. */
	if (mhd_open() < 0)
		return EXIT_FAILURE;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	d = mhd.start_daemon(
	    flags, 0, NULL, NULL, handle, &srv, MHD_OPTION_SOCK_ADDR,
	    is6 ? (struct sockaddr *)&a6 : (struct sockaddr *)&a4,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)POOL_THREADS,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONN_LIMIT,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONN_TIMEOUT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
	    MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "sockscope: --listen %s: cannot serve there "
				"(address in use or not local?)\n",
			opts->prom_listen);
		dlclose(mhd.handle);
		return EXIT_FAILURE;
	}
	info = mhd.get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	fprintf(stderr, "sockscope: serving /metrics on port %u\n",
		info ? info->port : 0);
	while (sigwait(&stop, &sig) != 0)
		;
	mhd.stop_daemon(d);
	if (srv.last)
		mhd.destroy_response(srv.last);
	pthread_mutex_destroy(&srv.lock);
	pthread_cond_destroy(&srv.done);
	dlclose(mhd.handle);
	return EXIT_SUCCESS;
}

int cmd_prometheus(const struct options *opts)
{
	if (opts->prom_listen)
		return serve(opts);
	if (opts->prom_textfile)
		return to_textfile(opts);
	return to_stdout(opts);
}
