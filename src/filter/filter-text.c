// SPDX-License-Identifier: GPL-2.0-or-later
/* The filter's text from the command line and an -F file. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "filter.h"

/* An -F file larger than this is not a filter anyone wrote. */
#define FILE_MAX (1024 * 1024)

static int read_all(int fd, char **ret, size_t *ret_len)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *b;

			if (cap > FILE_MAX) {
				free(buf);
				return -EINVAL;
			}
			b = realloc(buf, cap * 2);
			if (!b) {
				free(buf);
				return -ENOMEM;
			}
			buf = b;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int r = -errno;
			free(buf);
			return r;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > FILE_MAX || memchr(buf, '\0', len)) {
		free(buf);
		return -EINVAL;
	}
	*ret = buf;
	*ret_len = len;
	return 0;
}

int filter_text_load(char *const *words, int nwords, const char *file,
		     char **ret_text)
{
	char *body = NULL, *text;
	size_t body_len = 0, len = 0, o = 0;
	int r;

	if (file) {
		int fd = strcmp(file, "-") == 0
				 ? STDIN_FILENO
				 : open(file, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		r = read_all(fd, &body, &body_len);
		if (fd != STDIN_FILENO)
			close(fd);
		if (r < 0)
			return r;
	}
	for (int i = 0; i < nwords; i++)
		len += strlen(words[i]) + 1;
	text = malloc(len + body_len + 2);
	if (!text) {
		free(body);
		return -ENOMEM;
	}
	for (int i = 0; i < nwords; i++) {
		size_t n = strlen(words[i]);

		if (i)
			text[o++] = ' ';
		memcpy(text + o, words[i], n);
		o += n;
	}
	if (file) {
		/* The words first: "state established" then the file's
		 * expression reads as one filter, as with ss. */
		if (o)
			text[o++] = '\n';
		memcpy(text + o, body, body_len);
		o += body_len;
	}
	text[o] = '\0';
	free(body);
	*ret_text = text;
	return 0;
}
