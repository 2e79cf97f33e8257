/*
 * runner.c -- runs every VG_TEST, each in its own process with a time
 * limit, and prints "N passed, N failed, N skipped".  With arguments, runs
 * only the tests whose names contain one of them.
 */
#include "vg_test.h"
#include "logfmt.h"

#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <ftw.h>
#include <time.h>
#include <unistd.h>

#define TEST_TIMEOUT	120	/* seconds; generous for sanitizer builds */

#define X(name)	void vg_test_##name(void);
#include "test_list.h"
#undef X

static const struct {
	const char	*name;
	void		(*fn)(void);
} tests[] = {
#define X(name)	{ #name, vg_test_##name },
#include "test_list.h"
#undef X
};

void
vg_test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "    %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	_exit(1);
}

void
vg_test_skip(const char *why)
{
	fprintf(stderr, "    skipped: %s\n", why);
	fflush(stderr);
	exit(VG_TEST_SKIP_STATUS);
}

const char *
vg_test_shared(const char *rel)
{
	static char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", VG_SHARED_DIR, rel);
	return stat(path, &st) == 0 ? path : NULL;
}

char *
vg_test_read(const char *path, size_t *lenp)
{
	FILE *fp;
	char *buf;
	long n;

	if ((fp = fopen(path, "rb")) == NULL)
		vg_test_fail(__FILE__, __LINE__, "cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	if (n < 0 || (buf = malloc((size_t)n + 1)) == NULL ||
	    fread(buf, 1, (size_t)n, fp) != (size_t)n)
		vg_test_fail(__FILE__, __LINE__, "cannot read %s", path);
	buf[n] = '\0';
	fclose(fp);
	*lenp = (size_t)n;
	return buf;
}

/*
 * The sources are static so that what a decoder hangs off them (a Zeek
 * header, the sshd connections) stays reachable, and it is freed before
 * the next reset, which keeps LeakSanitizer quiet.
 */
static void
logsrc_reset(struct vg_logsrc *ls)
{
	vg_logsrc_cleanup(ls);
	vg_logsrc_init(ls, "test.log");
	ls->ls_year = 2026;
	ls->ls_year_fixed = true;
}

struct vg_logsrc *
vg_test_logsrc(void)
{
	static struct vg_logsrc ls;

	logsrc_reset(&ls);
	return &ls;
}

struct vg_event *
vg_test_decode_ls(struct vg_logsrc *ls, const char *line)
{
	static struct vg_event ev;

	vg_event_reset(&ev);
	(void)vg_logfmt_decode(ls, vg_str_make(line, strlen(line)), &ev);
	return &ev;
}

bool
vg_test_decode_next(struct vg_logsrc *ls, const char **pp, const char *end,
    struct vg_event *ev, struct vg_str *linep)
{
	const char *p = *pp, *nl;

	if (p >= end)
		return false;
	if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
		nl = end;
	*linep = vg_str_make(p, (size_t)(nl - p));
	vg_event_reset(ev);
	(void)vg_logfmt_decode(ls, *linep, ev);
	*pp = nl + 1;
	return true;
}

struct vg_event *
vg_test_decode(const char *line)
{
	static struct vg_logsrc ls;

	logsrc_reset(&ls);
	return vg_test_decode_ls(&ls, line);
}

const char *
vg_test_tmpdir(void)
{
	static char dir[64];

	snprintf(dir, sizeof(dir), "/tmp/vigil-test.XXXXXX");
	if (mkdtemp(dir) == NULL)
		vg_test_fail(__FILE__, __LINE__, "mkdtemp: %s", strerror(errno));
	return dir;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

void
vg_test_rmtree(const char *dir)
{
	if (nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
		vg_test_fail(__FILE__, __LINE__, "cannot remove %s", dir);
}

void
vg_test_write(const char *path, const char *text)
{
	size_t n = strlen(text);
	FILE *fp;

	if ((fp = fopen(path, "w")) == NULL || fwrite(text, 1, n, fp) != n ||
	    fclose(fp) != 0)
		vg_test_fail(__FILE__, __LINE__, "cannot write %s", path);
}

const char *
vg_test_ip(const struct vg_addr *a)
{
	static char buf[VG_ADDR_STRLEN];

	vg_addr_format(a, buf);		/* "" for VG_AF_NONE */
	return buf;
}

const char *
vg_test_time(int64_t t)
{
	static char buf[VG_TIME_STRLEN];

	vg_time_format(t, buf);
	return buf;
}

struct vg_str
vg_test_label(const struct vg_event *ev, const char *name)
{
	unsigned i;

	for (i = 0; i < ev->ev_nextra; i++)
		if (strcmp(ev->ev_extra[i].ex_name, name) == 0)
			return ev->ev_extra[i].ex_value;
	return VG_STR_LIT("");
}

const char *
vg_test_extra(const struct vg_event *ev, const char *name)
{
	static char buf[512];

	vg_str_copy(vg_test_label(ev, name), buf, sizeof(buf));
	return buf;
}

void
vg_test_untouched(const char *file, int line, const struct vg_logfmt *lf,
    const char *msg)
{
	static struct vg_event ev, before;
	int r;

	vg_event_reset(&ev);
	ev.ev_program = VG_STR_LIT("prog");
	memcpy(&before, &ev, sizeof(ev));
	if ((r = lf->lf_msg(vg_str_make(msg, strlen(msg)), &ev)) !=
	    VG_ERR_FORMAT)
		vg_test_fail(file, line, "%s returned %d, expected "
		    "VG_ERR_FORMAT", lf->lf_name, r);
	if (memcmp(&before, &ev, sizeof(ev)) != 0)
		vg_test_fail(file, line, "%s changed the event", lf->lf_name);
}

static bool
selected(const char *name, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return true;
	for (i = 1; i < argc; i++)
		if (strstr(name, argv[i]) != NULL)
			return true;
	return false;
}

int
main(int argc, char **argv)
{
	unsigned passed = 0, failed = 0, skipped = 0;
	struct timespec t0, t1;
	size_t i;
	pid_t pid;
	int status;

	for (i = 0; i < VG_ARRAY_LEN(tests); i++) {
		if (!selected(tests[i].name, argc, argv))
			continue;
		fflush(stdout);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if ((pid = fork()) == -1) {
			perror("fork");
			return 2;
		}
		if (pid == 0) {
			alarm(TEST_TIMEOUT);
			tests[i].fn();
			fflush(stdout);
			exit(0);
		}
		while (waitpid(pid, &status, 0) == -1)
			;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			passed++;
			printf("ok    %-48s %6.0f ms\n", tests[i].name,
			    (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
			    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
		} else if (WIFEXITED(status) &&
		    WEXITSTATUS(status) == VG_TEST_SKIP_STATUS) {
			skipped++;
			printf("skip  %s\n", tests[i].name);
		} else {
			failed++;
			if (WIFSIGNALED(status))
				printf("FAIL  %s (signal %d%s)\n",
				    tests[i].name, WTERMSIG(status),
				    WTERMSIG(status) == SIGALRM ?
				    ": timed out" : "");
			else
				printf("FAIL  %s\n", tests[i].name);
		}
	}
	printf("%u passed, %u failed, %u skipped\n", passed, failed, skipped);
	return failed == 0 ? 0 : 1;
}
