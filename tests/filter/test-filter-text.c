// SPDX-License-Identifier: GPL-2.0-or-later
/* filter_text_load(): the FILTER words and the -F file, as one text. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "filter-test.h"

static char tmp_path[64];

/* Writes @len bytes of @text to a new temporary file; returns its path. */
static const char *tmp_file(const char *text, size_t len)
{
	int fd;

	snprintf(tmp_path, sizeof(tmp_path), "/tmp/filter-text-XXXXXX");
	fd = mkstemp(tmp_path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	return tmp_path;
}

static void words_joined_with_spaces(void **state)
{
	char w0[] = "state", w1[] = "established", w2[] = "( dport = :443 )";
	char *words[] = {w0, w1, w2};
	char *text = NULL;

	assert_int_equal(filter_text_load(words, 3, NULL, &text), 0);
	assert_string_equal(text, "state established ( dport = :443 )");
	free(text);
	assert_int_equal(filter_text_load(NULL, 0, NULL, &text), 0);
	assert_string_equal(text, "");
	free(text);
}

static void file_after_the_words(void **state)
{
	const char body[] = "# web\n( dport = :443 )\n";
	char w0[] = "state", w1[] = "established";
	char *words[] = {w0, w1};
	const char *path = tmp_file(body, sizeof(body) - 1);
	struct filter *f;
	char *text = NULL, tree[64];
	uint32_t states;

	assert_int_equal(filter_text_load(words, 2, path, &text), 0);
	assert_string_equal(text, "state established\n# web\n( dport = :443 )\n");
	f = parse_ok(text);
	assert_true(filter_states(f, &states));
	assert_int_equal(states, 1u << SOCK_STATE_ESTABLISHED);
	filter_format(f, tree, sizeof(tree));
	assert_string_equal(tree, "(dport = 443)");
	filter_free(f);
	free(text);
	/* the file alone is taken as it is */
	assert_int_equal(filter_text_load(NULL, 0, path, &text), 0);
	assert_string_equal(text, body);
	free(text);
	unlink(path);
}

static void dash_is_stdin(void **state)
{
	int p[2], saved = dup(STDIN_FILENO);
	char *text = NULL;

	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "sport = :22", 11), 11);
	close(p[1]);
	assert_int_equal(dup2(p[0], STDIN_FILENO), STDIN_FILENO);
	close(p[0]);
	assert_int_equal(filter_text_load(NULL, 0, "-", &text), 0);
	dup2(saved, STDIN_FILENO);
	close(saved);
	assert_string_equal(text, "sport = :22");
	free(text);
}

static void unreadable_files_refused(void **state)
{
	char *text = (char *)"untouched";
	const char nul[] = "dport\0= :22";
	const char *path;

	assert_int_equal(filter_text_load(NULL, 0, "/nonexistent/filter",
					  &text),
			 -ENOENT);
	assert_int_equal(filter_text_load(NULL, 0, "/", &text), -EISDIR);
	path = tmp_file(nul, sizeof(nul) - 1);
	assert_int_equal(filter_text_load(NULL, 0, path, &text), -EINVAL);
	unlink(path);
	assert_string_equal(text, "untouched");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words_joined_with_spaces),
		cmocka_unit_test(file_after_the_words),
		cmocka_unit_test(dash_is_stdin),
		cmocka_unit_test(unreadable_files_refused),
	};

	return harness_run_group(tests, NULL, NULL);
}
