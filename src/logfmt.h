/*
 * logfmt.h -- log decoders: one line of text in, one normalized event out.
 *
 * Two families share this interface.  Line formats (syslog framing, web
 * access logs, Suricata eve.json, Zeek, cowrie, generic JSON) recognise a
 * whole line.  Program decoders (sshd, PAM, sudo, postfix, ...) read the
 * message part of a syslog record once the framing has named the program.
 * Lines nobody recognises still become events: the generic extractor
 * pulls IPs, domains, URLs, e-mails and hashes out of them.
 *
 * Decoders do no I/O and keep no global state; everything that spans
 * lines (the year of year-less stamps, a Zeek header) lives in struct
 * vg_logsrc, one per input.  Safe to run one vg_logsrc per thread.
 * See docs/ARCHITECTURE.md.
 */
#ifndef LOGFMT_H
#define LOGFMT_H

#include "event.h"
#include "vg_time.h"

struct vg_zeek_hdr;
struct vg_conn_cache;

/*
 * A user's mapping of one JSON key (a dotted path for nested objects) to
 * an ECS field, for the generic JSON decoder (--json-map KEY=FIELD).  It
 * takes precedence over the built-in key names.  Strings are borrowed.
 */
struct vg_json_map {
	const char	*jm_key;
	const char	*jm_field;
};

/* True if `field' is an ECS field the JSON decoder can fill. */
bool	vg_logfmt_json_field_ok(const char *field);

/* Per-input decoding state. */
struct vg_logsrc {
	const char		*ls_path;	/* for events and messages */
	int			 ls_year;	/* year of year-less stamps */
	int			 ls_last_month;	/* to see New Year go by */
	int			 ls_mtime_year;	/* file mtime, if known, else 0 */
	int			 ls_mtime_month;
	int			 ls_mtime_day;
	int32_t			 ls_day_key;	/* year/month/day of ls_day_sec */
	int64_t			 ls_day_sec;	/* its midnight, civil seconds */
	/*
	 * The last year-less stamp read and its time: a burst of lines
	 * shares its second.  Valid while ls_year and ls_last_month are
	 * what they were after it.
	 */
	char			 ls_stamp[16];
	size_t			 ls_stamp_len;	/* 0: none */
	int64_t			 ls_stamp_us;
	int			 ls_stamp_year, ls_stamp_month;
	bool			 ls_year_fixed;	/* --year given */
	struct vg_tz		*ls_tz;		/* NULL: year-less stamps are UTC */
	const struct vg_logfmt	*ls_forced;	/* --format, or NULL */
	struct vg_zeek_hdr	*ls_zeek;	/* Zeek TSV header, or NULL */
	struct vg_conn_cache	*ls_conn;	/* sshd connections by pid */
	const struct vg_json_map *ls_json_map;	/* --json-map, borrowed */
	size_t			 ls_njson_map;
};

struct vg_logfmt {
	const char	*lf_name;	/* --format NAME and event.dataset */
	const char	*lf_desc;	/* one line for `vigil formats' */
	/*
	 * Line formats: decode a whole line.  Program decoders: NULL.
	 * Returns 0 when the line is of this format (the event is filled),
	 * VG_ERR_FORMAT when it is not, leaving the event as it found it.
	 */
	int	(*lf_line)(struct vg_logsrc *, struct vg_str line,
		    struct vg_event *);
	/*
	 * Program decoders: decode the message of a syslog record whose
	 * framing (time, host, program, pid) is already in the event.
	 * Returns 0 when the message was understood, VG_ERR_FORMAT when not
	 * (the event keeps its framing and gets generic extraction).
	 */
	int	(*lf_msg)(struct vg_str msg, struct vg_event *);
	/* Program names this decoder takes (NULL-terminated), or NULL. */
	const char *const *lf_programs;
};

/* Initialise per-input state; `path' is borrowed. */
void	vg_logsrc_init(struct vg_logsrc *, const char *path);
void	vg_logsrc_cleanup(struct vg_logsrc *);

/*
 * Decode one line (without its newline) into `ev', which the caller has
 * reset.  Always produces an event.  Returns true when a decoder
 * recognised the line, false when it was left to the generic extractor
 * alone (the caller counts it as unparsed).
 */
bool	vg_logfmt_decode(struct vg_logsrc *, struct vg_str line,
	    struct vg_event *);

/* Look a decoder up by name; NULL if unknown. */
const struct vg_logfmt	*vg_logfmt_find(const char *name);

/* All decoders, for `vigil formats'; *np receives the count. */
const struct vg_logfmt *const	*vg_logfmt_all(size_t *np);

/*
 * Generic observable extraction over `text' into the event (IPv4/IPv6,
 * domains, URLs, e-mails, MD5/SHA-1/SHA-256 hashes).
 */
void	vg_logfmt_extract(struct vg_str text, struct vg_event *);

/*
 * Syslog framing shared with the decoders of formats that embed it.
 * Parses "[<PRI>]TIMESTAMP [HOST] TAG[PID]: MSG" in its RFC 3164, RFC 5424,
 * ISO 8601 (rsyslog, journalctl short-iso), BSD "<fac.pri>" and BusyBox
 * variants.  Fills time, host, program and pid; *msgp receives the
 * message.  Returns 0 or VG_ERR_FORMAT.
 */
int	vg_logfmt_syslog_frame(struct vg_logsrc *, struct vg_str line,
	    struct vg_event *, struct vg_str *msgp);

/*
 * Assign a year to a year-less stamp and convert it to UTC: honours
 * --year, the file's mtime and New Year crossings.  Shared by every
 * decoder of year-less stamps.
 */
int64_t	vg_logsrc_yearless(struct vg_logsrc *, int mon, int day, int hour,
	    int min, int sec);

/* Convert offset-less civil seconds with the source's --tz to UTC. */
int64_t	vg_logsrc_local(struct vg_logsrc *, int64_t civil_sec);

/* The decoders, one per file logfmt_<name>.c. */
extern const struct vg_logfmt vg_logfmt_syslog;
extern const struct vg_logfmt vg_logfmt_web;
extern const struct vg_logfmt vg_logfmt_nginx_error;
extern const struct vg_logfmt vg_logfmt_apache_error;
extern const struct vg_logfmt vg_logfmt_suricata;
extern const struct vg_logfmt vg_logfmt_cowrie;
extern const struct vg_logfmt vg_logfmt_zeek;
extern const struct vg_logfmt vg_logfmt_json;
extern const struct vg_logfmt vg_logfmt_syslog_notime;
extern const struct vg_logfmt vg_logfmt_sshd;
extern const struct vg_logfmt vg_logfmt_pam;
extern const struct vg_logfmt vg_logfmt_postfix;
extern const struct vg_logfmt vg_logfmt_dovecot;
extern const struct vg_logfmt vg_logfmt_exim;
extern const struct vg_logfmt vg_logfmt_sendmail;
extern const struct vg_logfmt vg_logfmt_courier;
extern const struct vg_logfmt vg_logfmt_cyrus;
extern const struct vg_logfmt vg_logfmt_uwimap;
extern const struct vg_logfmt vg_logfmt_mailbox;
extern const struct vg_logfmt vg_logfmt_opensmtpd;
extern const struct vg_logfmt vg_logfmt_solidpop3d;
extern const struct vg_logfmt vg_logfmt_qmail;
extern const struct vg_logfmt vg_logfmt_perdition;
extern const struct vg_logfmt vg_logfmt_vsftpd;
extern const struct vg_logfmt vg_logfmt_proftpd;
extern const struct vg_logfmt vg_logfmt_pureftpd;
extern const struct vg_logfmt vg_logfmt_ftpd;
extern const struct vg_logfmt vg_logfmt_named;
extern const struct vg_logfmt vg_logfmt_nsd;
extern const struct vg_logfmt vg_logfmt_dropbear;
extern const struct vg_logfmt vg_logfmt_sudo;
extern const struct vg_logfmt vg_logfmt_su;
extern const struct vg_logfmt vg_logfmt_login;
extern const struct vg_logfmt vg_logfmt_xinetd;
extern const struct vg_logfmt vg_logfmt_webmin;
extern const struct vg_logfmt vg_logfmt_xrdp;
extern const struct vg_logfmt vg_logfmt_screensharing;

#endif /* LOGFMT_H */
