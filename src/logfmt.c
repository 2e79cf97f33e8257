/*
 * logfmt.c -- decoder registry and per-line dispatch; see logfmt.h.
 *
 * Dispatch order matters for speed, not correctness: every line format
 * rejects a foreign line by its first bytes, so syslog (by far the most
 * common) goes first and the others cost a compare or two each.
 */
#include "logfmt.h"
#include "logfmt_int.h"

#include <pthread.h>
#include <time.h>

/*
 * Line formats in detection order.  Program decoders are reached through
 * the syslog framing, not tried here.
 */
static const struct vg_logfmt *const line_formats[] = {
	/*
	 * Exim's main log before syslog: the framing would take its
	 * "YYYY-MM-DD hh:mm:ss ..." lines as tag-less records.  Exim rejects
	 * anything without a space at offset 10 in two compares.
	 */
	&vg_logfmt_exim,
	&vg_logfmt_syslog,
	&vg_logfmt_vsftpd,
	&vg_logfmt_xrdp,
	&vg_logfmt_named,
	&vg_logfmt_nsd,
	&vg_logfmt_web,
	&vg_logfmt_nginx_error,
	&vg_logfmt_apache_error,
	&vg_logfmt_suricata,
	&vg_logfmt_cowrie,
	&vg_logfmt_zeek,
	&vg_logfmt_json,
};

/*
 * Every decoder, for --format and `vigil formats': the line formats, then
 * the program decoders of the syslog framing, each once.  Built on first
 * use from the two dispatch tables, so a decoder is registered in one
 * place only.
 */
#define MAX_FORMATS	128
static const struct vg_logfmt *all_formats[MAX_FORMATS];
static size_t nall_formats;
static pthread_once_t all_once = PTHREAD_ONCE_INIT;

static void
all_add(const struct vg_logfmt *lf)
{
	size_t i;

	for (i = 0; i < nall_formats; i++)
		if (all_formats[i] == lf)
			return;
	VG_ASSERT(nall_formats < MAX_FORMATS);
	all_formats[nall_formats++] = lf;
}

static void
all_build(void)
{
	size_t i;

	all_add(&vg_logfmt_syslog);
	for (i = 0; i < VG_ARRAY_LEN(line_formats); i++)
		all_add(line_formats[i]);
	all_add(&vg_logfmt_syslog_notime);
	for (i = 0; i < vg_logfmt__nprograms; i++)
		all_add(vg_logfmt__programs[i]);
}

const struct vg_logfmt *const *
vg_logfmt_all(size_t *np)
{
	pthread_once(&all_once, all_build);
	*np = nall_formats;
	return all_formats;
}

const struct vg_logfmt *
vg_logfmt_find(const char *name)
{
	size_t i;

	pthread_once(&all_once, all_build);
	for (i = 0; i < nall_formats; i++)
		if (strcmp(all_formats[i]->lf_name, name) == 0)
			return all_formats[i];
	return NULL;
}

void
vg_logsrc_init(struct vg_logsrc *ls, const char *path)
{
	memset(ls, 0, sizeof(*ls));
	ls->ls_path = path;
}

void
vg_logsrc_cleanup(struct vg_logsrc *ls)
{
	free(ls->ls_zeek);
	ls->ls_zeek = NULL;
	free(ls->ls_conn);
	ls->ls_conn = NULL;
}

int64_t
vg_logsrc_local(struct vg_logsrc *ls, int64_t civil)
{
	return ls->ls_tz == NULL ? civil : vg_tz_to_utc(ls->ls_tz, civil);
}

/*
 * A year-less stamp takes its year from --year or else from the file's
 * modification time: a date more than a day after the mtime's date
 * belongs to the year before (logs are written before they are modified;
 * the day of slack absorbs time zones).  Then the year advances when the
 * months go from late to early in the year (New Year went by), and a
 * single stray line from the old year keeps that year.
 */
int64_t
vg_logsrc_yearless(struct vg_logsrc *ls, int mon, int day, int hour,
    int min, int sec)
{
	int year;
	struct tm tm;
	time_t now;

	if (ls->ls_year == 0) {
		if (ls->ls_mtime_year == 0) {
			now = time(NULL);
			gmtime_r(&now, &tm);
			ls->ls_mtime_year = tm.tm_year + 1900;
			ls->ls_mtime_month = tm.tm_mon + 1;
			ls->ls_mtime_day = tm.tm_mday;
		}
		ls->ls_year = ls->ls_mtime_year;
		/* No day known (tests, callers): the month decides alone. */
		if (mon * 32 + day > ls->ls_mtime_month * 32 +
		    (ls->ls_mtime_day == 0 ? 31 : ls->ls_mtime_day) + 1)
			ls->ls_year--;
	}
	year = ls->ls_year;
	if (ls->ls_last_month != 0) {
		/*
		 * New Year went by, unless that would put the line after the
		 * file was last written (then it is a stray, out-of-order
		 * line and keeps the current year).
		 */
		if (ls->ls_last_month - mon >= 6 && (ls->ls_year_fixed ||
		    (ls->ls_year + 1) * 512 + mon * 32 + day <=
		    ls->ls_mtime_year * 512 + ls->ls_mtime_month * 32 +
		    (ls->ls_mtime_day == 0 ? 31 : ls->ls_mtime_day) + 1)) {
			year = ++ls->ls_year;
			ls->ls_last_month = mon;
		} else if (ls->ls_last_month - mon >= 6) {
			/* keep the year */
		} else if (mon - ls->ls_last_month >= 6) {
			year--;		/* a late line from December */
		} else {
			ls->ls_last_month = mon;
		}
	} else {
		ls->ls_last_month = mon;
	}
	/* Consecutive lines share their day: convert the date once. */
	if (ls->ls_day_key != (year * 13 + mon) * 32 + day) {
		ls->ls_day_key = (year * 13 + mon) * 32 + day;
		ls->ls_day_sec = vg_time_from_civil(year, mon, day, 0, 0, 0);
	}
	return vg_logsrc_local(ls, ls->ls_day_sec + hour * 3600 + min * 60 +
	    sec);
}

bool
vg_logfmt_decode(struct vg_logsrc *ls, struct vg_str line,
    struct vg_event *ev)
{
	const struct vg_logfmt *lf = ls->ls_forced;
	struct vg_str msg;
	size_t i;

	ev->ev_message = line;
	ev->ev_file = ls->ls_path;
	if (lf != NULL) {
		if (lf->lf_line != NULL) {
			if (lf->lf_line(ls, line, ev) == 0)
				return true;
		} else if (vg_logfmt_syslog_frame(ls, line, ev, &msg) == 0) {
			ev->ev_dataset = lf->lf_name;
			if (lf->lf_msg(msg, ev) == 0)
				return true;
			vg_logfmt_extract(msg, ev);
			return true;
		} else if (lf->lf_msg(line, ev) == 0) {
			ev->ev_dataset = lf->lf_name;
			return true;
		}
		vg_event_reset(ev);
		ev->ev_message = line;
		ev->ev_file = ls->ls_path;
		vg_logfmt_extract(line, ev);
		return false;
	}
	for (i = 0; i < VG_ARRAY_LEN(line_formats); i++)
		if (line_formats[i]->lf_line(ls, line, ev) == 0)
			return true;
	vg_logfmt_extract(line, ev);
	return false;
}
