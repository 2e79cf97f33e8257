/*
 * logfmt_conn.c -- what one sshd connection says across its lines.
 *
 * sshd runs one process per connection, so host and pid name a
 * connection.  Some of its messages make sense only with an earlier line
 * of the same pid, and this file keeps the little state that needs:
 *
 *  - the client address, filled into later lines that lack it ("fatal:
 *    Unable to negotiate ..." after "Connection from ...");
 *  - a failure logged without an address ("User root not allowed because
 *    account is locked"), which the next line with the address (the
 *    disconnect) reports with its source;
 *  - the verdict of each line on whether it is a failed login attempt
 *    (event.h, enum vg_attempt).
 *
 * The verdicts follow fail2ban's sshd filter, whose annotated test logs
 * vigil is checked against line by line, and they make the detections
 * count attempts rather than lines:
 *
 *  - A PAM failure logged inside sshd ("pam_unix(sshd:auth):
 *    authentication failure") is held, not counted: sshd writes its own
 *    line for the same attempt ("Failed password ..."), and that is the
 *    one that counts, so an attempt is never counted twice.  A held
 *    failure counts when its connection closes before authenticating
 *    without sshd's own line, and it is forgotten when the same user
 *    then logs in (a mistyped password).
 *  - Once a connection has tried a second user, every later failure in
 *    it counts at once, and so does its accepted login: switching
 *    accounts inside one connection, then getting in, is how an intruder
 *    would make its failures be forgotten.
 *  - libpam's closing "PAM 2 more authentication failures" restates
 *    failures already counted.
 *
 * No verdict is ever taken back: each is made when its line is read,
 * from that line and the lines before it, so output stays in input order
 * and a stream needs no look-ahead.
 *
 * Bounded: CONN_SLOTS connections per input, direct-mapped by host and
 * pid; a collision evicts the older connection, which costs at most a
 * missing source or a verdict made without history, never a wrong
 * source (the key is checked).  User names, which clients choose, are
 * compared byte for byte up to CONN_USER_MAX bytes, and past that by a
 * SipHash under a key drawn for each input, so that a client cannot pick
 * a second name that passes for the first.
 */
#include "logfmt_int.h"

#include <sodium.h>

#define CONN_SLOTS	4096		/* power of two */
#define CONN_HELD_MAX	UINT16_MAX	/* held failures saturate here */
#define CONN_USER_MAX	32		/* longer names are compared hashed */

/*
 * The first user an attempt of the connection named: its bytes when it
 * fits, else its keyed hash.  user_len 0: none yet.
 */
struct vg_conn_user {
	size_t		 user_len;
	union {
		char	 name[CONN_USER_MAX];
		uint64_t hash;
	} u;
};

struct vg_conn {
	uint64_t	 key;		/* 0: empty */
	struct vg_conn_user user;
	struct vg_addr	 src;
	int32_t		 port;
	uint16_t	 held;		/* PAM failures not yet settled */
	bool		 other_user;	/* attempts named a second user */
	bool		 pending_fail;	/* a failure still without source */
	bool		 failed;	/* a failure was reported */
};

struct vg_conn_cache {
	unsigned char	 user_key[crypto_shorthash_KEYBYTES];
	struct vg_conn	 c[CONN_SLOTS];
};

static uint64_t
user_hash(const struct vg_conn_cache *cc, struct vg_str user)
{
	unsigned char out[crypto_shorthash_BYTES];
	uint64_t h;

	crypto_shorthash(out, (const unsigned char *)user.p, user.len,
	    cc->user_key);
	memcpy(&h, out, sizeof(h));
	return h;
}

/*
 * Note a user an attempt named: the first is kept, any other sets
 * other_user.  An empty name names nobody.
 */
static void
note_user(const struct vg_conn_cache *cc, struct vg_conn *c,
    struct vg_str user)
{
	struct vg_conn_user *u = &c->user;

	if (user.len == 0)
		return;
	if (u->user_len == 0) {
		u->user_len = user.len;
		if (user.len <= CONN_USER_MAX)
			memcpy(u->u.name, user.p, user.len);
		else
			u->u.hash = user_hash(cc, user);
	} else if (u->user_len != user.len || (user.len <= CONN_USER_MAX ?
	    memcmp(u->u.name, user.p, user.len) != 0 :
	    u->u.hash != user_hash(cc, user))) {
		c->other_user = true;
	}
}

static bool
is_sshd_program(struct vg_str prog)
{
	return VG_STR_EQ(prog, "sshd") || VG_STR_EQ(prog, "sshd-session") ||
	    VG_STR_EQ(prog, "sshd-auth");
}

/* The "pam.module" label the PAM decoder set, or an empty view. */
static struct vg_str
pam_module(const struct vg_event *ev)
{
	unsigned i;

	for (i = 0; i < ev->ev_nextra; i++)
		if (strcmp(ev->ev_extra[i].ex_name, "pam.module") == 0)
			return ev->ev_extra[i].ex_value;
	return VG_STR_NULL;
}

/*
 * A PAM failure from sshd's own authentication stack, the one whose
 * attempts sshd also logs itself: "pam_unix(sshd:auth)" in an sshd
 * process; not the old "(pam_unix)" form, which named no stack, nor a
 * PAM line another program logged.  libpam's closing "PAM 2 more
 * authentication failures" names no module and restates the others.
 */
enum sshd_pam {
	SSHD_PAM_NONE,
	SSHD_PAM_FAILURE,
	SSHD_PAM_SUMMARY,
};

static enum sshd_pam
sshd_pam(const struct vg_event *ev)
{
	if (ev->ev_dataset != vg_logfmt_pam.lf_name ||
	    ev->ev_action != VG_ACT_AUTH ||
	    ev->ev_outcome != VG_OUT_FAILURE ||
	    !is_sshd_program(ev->ev_program))
		return SSHD_PAM_NONE;
	if (VG_STR_SUFFIX(pam_module(ev), "(sshd:auth)"))
		return SSHD_PAM_FAILURE;
	if (ev->ev_reason != NULL &&
	    strcmp(ev->ev_reason, "more authentication failures") == 0)
		return SSHD_PAM_SUMMARY;
	return SSHD_PAM_NONE;
}

/* The attempt verdict of one line; see the file comment. */
static void
attempt_verdict(const struct vg_conn_cache *cc, struct vg_conn *c,
    struct vg_event *ev)
{
	enum sshd_pam pam = sshd_pam(ev);

	if (pam == SSHD_PAM_SUMMARY) {
		ev->ev_attempt = VG_ATTEMPT_REPEAT;
		return;
	}
	/* Every user an attempt of this connection named. */
	if (ev->ev_action == VG_ACT_AUTH)
		note_user(cc, c, ev->ev_user);
	if (ev->ev_action == VG_ACT_AUTH && ev->ev_outcome == VG_OUT_SUCCESS) {
		/*
		 * A login after tries of other users counts as one more
		 * attempt; tries of the same user are forgiven.  Either way
		 * the connection starts afresh, as fail2ban forgets it.
		 */
		if (c->other_user)
			ev->ev_attempt = VG_ATTEMPT_COUNTED;
		c->held = 0;
		c->user.user_len = 0;
		c->other_user = false;
		return;
	}
	if (pam == SSHD_PAM_FAILURE && !c->other_user) {
		ev->ev_attempt = VG_ATTEMPT_HELD;
		if (c->held < CONN_HELD_MAX)
			c->held++;
		return;
	}
	if (ev->ev_outcome != VG_OUT_FAILURE)
		return;
	/*
	 * A failure that counts on its own settles what was held: it is
	 * the same attempt as sshd saw it, or, at a close before
	 * authentication, the end of the attempts PAM reported.
	 */
	if (c->held > 0 && ev->ev_action == VG_ACT_DISCONNECT)
		ev->ev_attempt = VG_ATTEMPT_COUNTED;
	c->held = 0;
}

void
vg_logfmt__conn_track(struct vg_logsrc *ls, struct vg_event *ev)
{
	struct vg_conn_cache *cc;
	struct vg_conn *c;
	uint64_t key;
	bool has_src = ev->ev_src.af != VG_AF_NONE;

	if (ev->ev_pid < 0 || (ev->ev_dataset != vg_logfmt_sshd.lf_name &&
	    (ev->ev_dataset != vg_logfmt_pam.lf_name ||
	    !VG_STR_PREFIX(ev->ev_program, "sshd"))))
		return;
	if ((cc = ls->ls_conn) == NULL) {
		if (sodium_init() < 0 ||
		    (cc = calloc(1, sizeof(*cc))) == NULL)
			return;		/* only the enrichment is lost */
		randombytes_buf(cc->user_key, sizeof(cc->user_key));
		ls->ls_conn = cc;
	}
	key = (uint64_t)vg_logfmt__fnv1a(ev->ev_host.p, ev->ev_host.len) <<
	    32 | ((uint64_t)ev->ev_pid & 0xffffffffu);
	if (key == 0)
		key = 1;		/* 0 marks an empty slot */
	c = &cc->c[(key ^ key >> 17) & (CONN_SLOTS - 1)];
	/* A "Connection from" starts a new connection, even on a reused pid. */
	if (c->key != key || (ev->ev_action == VG_ACT_CONNECT && has_src)) {
		memset(c, 0, sizeof(*c));
		c->key = key;
		c->port = -1;
	}
	if (has_src) {
		c->src = ev->ev_src;
		c->port = ev->ev_src_port;
		if (c->pending_fail && (ev->ev_outcome == VG_OUT_FAILURE ||
		    ev->ev_action == VG_ACT_DISCONNECT)) {
			ev->ev_outcome = VG_OUT_FAILURE;
			c->pending_fail = false;
		}
	} else if (c->src.af != VG_AF_NONE && ev->ev_src_name.len == 0 &&
	    ev->ev_action != VG_ACT_NONE) {
		ev->ev_src = c->src;
		if (ev->ev_src_port < 0)
			ev->ev_src_port = c->port;
	} else if (ev->ev_outcome == VG_OUT_FAILURE &&
	    ev->ev_src_name.len == 0) {
		c->pending_fail = true;
	}
	/*
	 * From OpenSSH 6.8 the bare "Disconnecting: Too many authentication
	 * failures" follows a "maximum authentication attempts exceeded"
	 * that already counted; alone, it is the only record of them.
	 */
	if (ev->ev_action == VG_ACT_DISCONNECT &&
	    ev->ev_outcome == VG_OUT_UNKNOWN && !c->failed &&
	    ev->ev_reason != NULL &&
	    strcmp(ev->ev_reason, "too many authentication failures") == 0)
		ev->ev_outcome = VG_OUT_FAILURE;
	attempt_verdict(cc, c, ev);
	if (ev->ev_outcome == VG_OUT_FAILURE)
		c->failed = true;
}
