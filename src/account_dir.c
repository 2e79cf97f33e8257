/*
 * account_dir.c -- the organization's directory: CSV exports and LDIF
 * dumps into accounts, and the index of their normalized identifiers.
 *
 * Does no I/O.  A record is gathered into a parse-local `struct rec'
 * (identifiers already normalized), then committed: its strings are
 * copied into the directory's arena, so nothing points into the caller's
 * text afterwards.  The index maps every identifier to the accounts that
 * have it, with the identifier's kind in the value's top bits, so that a
 * bare login is found only as a login.  A problem in a record is reported
 * with the line where the record starts (LDIF) or the row's line (CSV).
 */
#include "account_int.h"

#include <sodium.h>
#include <strings.h>

#define KIND_SHIFT	28
#define IDX_MASK	((1u << KIND_SHIFT) - 1)
#define MAX_FIELD	256	/* unit and display name kept, in bytes */
#define MAX_COLUMNS	256	/* CSV columns read from a header */
#define QUOTE_MAX	48

struct vg_account_dir {
	const struct vg_account_norm	*dr_norm;
	struct vg_account__arena	 dr_arena;
	struct vg_account		*dr_accounts;
	size_t				 dr_n;
	size_t				 dr_cap;
	struct vg_account__tab		 dr_index;
	struct vg_account_dir_stats	 dr_stats;
};

/* One record being gathered. */
struct rec {
	unsigned long	rc_line;
	size_t		rc_n;
	char		rc_id[VG_MAX_ACCOUNT_IDENTS][VG_MAX_ACCOUNT_ID + 1];
	uint8_t		rc_kind[VG_MAX_ACCOUNT_IDENTS];
	bool		rc_dropped;	/* more identifiers than kept */
	char		rc_unit[MAX_FIELD + 1];
	char		rc_dn_unit[MAX_FIELD + 1];
	char		rc_name[MAX_FIELD + 1];
};

struct parse {
	struct vg_account_dir	*ps_dir;
	const char		*ps_file;	/* in the arena */
	vg_account_warn_fn	*ps_warn;
	void			*ps_warn_arg;
	struct vg_diag		*ps_diag;
	struct rec		*ps_rec;
	char			*ps_buf;	/* MAX_DIR_LINE + 1 bytes */
	char			*ps_buf2;	/* the same */
};

static void	report(struct parse *, unsigned long, const char *, ...)
		    VG_PRINTF(3, 4);

static void
report(struct parse *ps, unsigned long line, const char *fmt, ...)
{
	struct vg_diag d;
	va_list ap;

	if (ps->ps_warn == NULL)
		return;
	d.src = ps->ps_file;
	d.line = line;
	va_start(ap, fmt);
	vsnprintf(d.msg, sizeof(d.msg), fmt, ap);
	va_end(ap);
	vg_account__sanitize(d.msg);
	ps->ps_warn(ps->ps_warn_arg, &d);
}

#define QV(v)	(int)VG_MIN((v).len, QUOTE_MAX), ((v).p != NULL ? (v).p : "")

static void
fail(struct parse *ps, unsigned long line, int r, const char *msg)
{
	ps->ps_diag->src = ps->ps_file;
	ps->ps_diag->line = line;
	snprintf(ps->ps_diag->msg, sizeof(ps->ps_diag->msg), "%s", msg != NULL ?
	    msg : vg_strerror(r));
}

struct vg_account_dir *
vg_account_dir_new(const struct vg_account_norm *norm)
{
	struct vg_account_dir *dir;

	if ((dir = calloc(1, sizeof(*dir))) == NULL)
		return NULL;
	dir->dr_norm = norm;
	return dir;
}

void
vg_account_dir_free(struct vg_account_dir *dir)
{
	if (dir == NULL)
		return;
	vg_account__tab_free(&dir->dr_index);
	free(dir->dr_accounts);
	vg_account__arena_free(&dir->dr_arena);
	free(dir);
}

size_t
vg_account_dir_count(const struct vg_account_dir *dir)
{
	return dir->dr_n;
}

const struct vg_account *
vg_account_dir_get(const struct vg_account_dir *dir, size_t i)
{
	VG_ASSERT(i < dir->dr_n);
	return &dir->dr_accounts[i];
}

void
vg_account_dir_stats(const struct vg_account_dir *dir,
    struct vg_account_dir_stats *statsp)
{
	*statsp = dir->dr_stats;
}

static void
rec_reset(struct rec *rc, unsigned long line)
{
	rc->rc_line = line;
	rc->rc_n = 0;
	rc->rc_dropped = false;
	rc->rc_unit[0] = rc->rc_dn_unit[0] = rc->rc_name[0] = '\0';
}

/* Copy a display value (unit, name): trimmed, control bytes as '?'. */
static void
copy_text(struct vg_str v, char *out)
{
	v = vg_str_trim(v);
	vg_str_copy(v, out, MAX_FIELD + 1);
	vg_account__sanitize(out);
}

/* Add identifier `v' of `kind' to the record, normalized. */
static void
rec_add(struct parse *ps, struct vg_str v, enum vg_account_ident_kind kind,
    const char *what)
{
	struct rec *rc = ps->ps_rec;
	char id[VG_MAX_ACCOUNT_ID + 1];
	size_t len, i;

	v = vg_str_trim(v);
	if (v.len == 0)
		return;
	if (vg_account_normalize(ps->ps_dir->dr_norm, v, id, sizeof(id),
	    &len) != 0) {
		report(ps, rc->rc_line, "%s \"%.*s\" is not an identifier; "
		    "ignored", what, QV(v));
		return;
	}
	/* A login has no domain: "user@x" given as a login is an address. */
	if (kind == VG_ACCOUNT_ID_LOGIN && strchr(id, '@') != NULL)
		kind = VG_ACCOUNT_ID_ALIAS;
	for (i = 0; i < rc->rc_n; i++)
		if (strcmp(rc->rc_id[i], id) == 0)
			return;
	if (rc->rc_n == VG_MAX_ACCOUNT_IDENTS) {
		if (!rc->rc_dropped)
			report(ps, rc->rc_line, "more than %d identifiers; "
			    "the rest ignored", VG_MAX_ACCOUNT_IDENTS);
		rc->rc_dropped = true;
		return;
	}
	memcpy(rc->rc_id[rc->rc_n], id, len + 1);
	rc->rc_kind[rc->rc_n++] = (uint8_t)kind;
}

/*
 * Add a list of addresses (aliases, proxyAddresses): split at ';', ','
 * and whitespace; "smtp:" prefixes dropped, other types (x500:, sip:)
 * skipped, as they are not mail addresses.
 */
static void
rec_add_list(struct parse *ps, struct vg_str v, const char *what)
{
	struct vg_str tok;
	ptrdiff_t colon, at;
	size_t i;

	while (v.len > 0) {
		for (i = 0; i < v.len && v.p[i] != ';' && v.p[i] != ',' &&
		    !vg_str_is_ws(v.p[i]); i++)
			;
		tok = vg_str_make(v.p, i);
		vg_str_skip(&v, i < v.len ? i + 1 : i);
		if (tok.len == 0)
			continue;
		colon = vg_str_chr(tok, ':');
		at = vg_str_chr(tok, '@');
		if (colon >= 0 && (at < 0 || colon < at)) {
			if (colon != 4 || !vg_str_caseeq(vg_str_make(tok.p, 4),
			    "smtp", 4))
				continue;
			vg_str_skip(&tok, 5);
		}
		rec_add(ps, tok, VG_ACCOUNT_ID_ALIAS, what);
	}
}

static uint32_t
find_primary(const struct vg_account_dir *dir, const char *id,
    unsigned long *linep)
{
	size_t pos = 0, len = strlen(id);
	uint64_t h = vg_account__hash(id, len);
	uint32_t val;

	while (vg_account__tab_next(&dir->dr_index, id, len, h, &pos, &val)) {
		const struct vg_account *ac = &dir->dr_accounts[val & IDX_MASK];

		if (strcmp(ac->ac_id, id) == 0) {
			*linep = ac->ac_line;
			return val & IDX_MASK;
		}
	}
	return UINT32_MAX;
}

/* Rank of a kind as the primary identifier: mail, UPN, login, alias. */
static int
primary_rank(uint8_t kind)
{
	switch (kind) {
	case VG_ACCOUNT_ID_MAIL:	return 0;
	case VG_ACCOUNT_ID_UPN:		return 1;
	case VG_ACCOUNT_ID_LOGIN:	return 2;
	default:			return 3;
	}
}

/*
 * Commit the gathered record as an account.  Returns 0 (also when the
 * record is skipped) or a negative VG_ERR_* code with the diag filled.
 */
static int
rec_commit(struct parse *ps)
{
	struct vg_account_dir *dir = ps->ps_dir;
	struct rec *rc = ps->ps_rec;
	struct vg_account_ident *ids;
	struct vg_account *ac, *v;
	size_t i, j, best = 0, pos, len, cap;
	unsigned long other;
	uint32_t idx, val;
	uint64_t h;
	int r;

	dir->dr_stats.st_records++;
	if (rc->rc_n == 0) {
		dir->dr_stats.st_malformed++;
		report(ps, rc->rc_line, "record without mail, "
		    "userPrincipalName, sAMAccountName or uid; skipped");
		return 0;
	}
	for (i = 1; i < rc->rc_n; i++)
		if (primary_rank(rc->rc_kind[i]) <
		    primary_rank(rc->rc_kind[best]))
			best = i;
	if (find_primary(dir, rc->rc_id[best], &other) != UINT32_MAX) {
		dir->dr_stats.st_duplicates++;
		report(ps, rc->rc_line, "account %s already loaded (line "
		    "%lu); skipped", rc->rc_id[best], other);
		return 0;
	}
	if (dir->dr_n >= VG_MAX_ACCOUNTS) {
		fail(ps, rc->rc_line, VG_ERR_LIMIT, "more accounts than "
		    "VG_MAX_ACCOUNTS");
		return VG_ERR_LIMIT;
	}
	if (dir->dr_n == dir->dr_cap) {
		cap = dir->dr_cap == 0 ? 256 : dir->dr_cap * 2;
		if ((v = reallocarray(dir->dr_accounts, cap,
		    sizeof(*v))) == NULL)
			goto nomem;
		dir->dr_accounts = v;
		dir->dr_cap = cap;
	}
	idx = (uint32_t)dir->dr_n;
	ac = &dir->dr_accounts[idx];
	memset(ac, 0, sizeof(*ac));
	if ((ids = vg_account__arena_alloc(&dir->dr_arena,
	    rc->rc_n * sizeof(*ids))) == NULL)
		goto nomem;
	/* The primary identifier first, the others in record order. */
	for (i = 0, j = 1; i < rc->rc_n; i++) {
		size_t slot = i == best ? 0 : j++;

		ids[slot].ai_kind = rc->rc_kind[i];
		if ((ids[slot].ai_value = vg_account__arena_strdup(
		    &dir->dr_arena, vg_str_make(rc->rc_id[i],
		    strlen(rc->rc_id[i])))) == NULL)
			goto nomem;
	}
	ac->ac_idents = ids;
	ac->ac_nidents = (uint16_t)rc->rc_n;
	ac->ac_id = ids[0].ai_value;
	ac->ac_file = ps->ps_file;
	ac->ac_line = rc->rc_line;
	if ((ac->ac_unit = vg_account__arena_strdup(&dir->dr_arena,
	    rc->rc_unit[0] != '\0' ? vg_str_make(rc->rc_unit,
	    strlen(rc->rc_unit)) : vg_str_make(rc->rc_dn_unit,
	    strlen(rc->rc_dn_unit)))) == NULL ||
	    (ac->ac_name = vg_account__arena_strdup(&dir->dr_arena,
	    vg_str_make(rc->rc_name, strlen(rc->rc_name)))) == NULL)
		goto nomem;
	for (i = 0; i < rc->rc_n; i++) {
		len = strlen(ids[i].ai_value);
		h = vg_account__hash(ids[i].ai_value, len);
		pos = 0;
		if (vg_account__tab_next(&dir->dr_index, ids[i].ai_value, len,
		    h, &pos, &val)) {
			dir->dr_stats.st_shared++;
			report(ps, rc->rc_line, "identifier %s also belongs to "
			    "account %s (line %lu); a match names both",
			    ids[i].ai_value,
			    dir->dr_accounts[val & IDX_MASK].ac_id,
			    dir->dr_accounts[val & IDX_MASK].ac_line);
		}
		if ((r = vg_account__tab_add(&dir->dr_index, ids[i].ai_value,
		    len, idx | (uint32_t)ids[i].ai_kind << KIND_SHIFT)) != 0)
			goto nomem;
	}
	dir->dr_n++;
	dir->dr_stats.st_accounts++;
	return 0;
 nomem:
	fail(ps, rc->rc_line, VG_ERR_NOMEM, NULL);
	return VG_ERR_NOMEM;
}

/* ------------------------------------------------------------------ CSV */

enum col {
	COL_IGNORE = 0,
	COL_MAIL,
	COL_LIST,
	COL_UPN,
	COL_LOGIN,
	COL_UNIT,
	COL_NAME,
};

static enum col
column_kind(struct vg_str name)
{
	static const struct {
		const char	*name;
		enum col	 col;
	} cols[] = {
		{ "mail", COL_MAIL }, { "email", COL_MAIL },
		{ "e-mail", COL_MAIL }, { "aliases", COL_LIST },
		{ "alias", COL_LIST }, { "proxyaddresses", COL_LIST },
		{ "othermailbox", COL_LIST }, { "userprincipalname", COL_UPN },
		{ "upn", COL_UPN }, { "samaccountname", COL_LOGIN },
		{ "uid", COL_LOGIN }, { "unit", COL_UNIT }, { "ou", COL_UNIT },
		{ "displayname", COL_NAME },
	};
	size_t i;

	name = vg_str_trim(name);
	(void)VG_STR_EAT(&name, "\xef\xbb\xbf");
	for (i = 0; i < VG_ARRAY_LEN(cols); i++)
		if (vg_str_caseeq(name, cols[i].name, strlen(cols[i].name)))
			return cols[i].col;
	return COL_IGNORE;
}

/* Read a header with `delim' into cols; returns the known columns. */
static size_t
csv_header(struct parse *ps, struct vg_str line, char delim, uint8_t *cols,
    size_t *ncolsp, bool *has_idp)
{
	struct vg_str f;
	size_t n = 0, known = 0;
	bool more = true;
	enum col c;

	*has_idp = false;
	while (n < MAX_COLUMNS && vg_account__csv_field(&line, delim,
	    ps->ps_buf, VG_MAX_ACCOUNT_DIR_LINE, &more, &f) == 1) {
		c = column_kind(f);
		cols[n++] = (uint8_t)c;
		if (c != COL_IGNORE)
			known++;
		if (c == COL_MAIL || c == COL_LIST || c == COL_UPN ||
		    c == COL_LOGIN)
			*has_idp = true;
	}
	*ncolsp = n;
	return known;
}

static int
parse_csv(struct parse *ps, struct vg_str text)
{
	static const char delims[] = { ',', ';', '\t' };
	struct vg_str line, f, rest = text;
	uint8_t cols[MAX_COLUMNS], try[MAX_COLUMNS];
	unsigned long lno = 0, hline = 0;
	size_t ncols = 0, n, known, best = 0, i, col;
	char delim = ',';
	bool has_id = false, tid, more;
	int fr, r;

	while (vg_account__next_line(&rest, &line, &lno)) {
		if (vg_str_trim(line).len == 0)
			continue;
		hline = lno;
		for (i = 0; i < VG_ARRAY_LEN(delims); i++) {
			known = csv_header(ps, line, delims[i], try, &n, &tid);
			if (known > best) {
				best = known;
				delim = delims[i];
				memcpy(cols, try, n);
				ncols = n;
				has_id = tid;
			}
		}
		break;
	}
	if (hline == 0)
		return 0;		/* empty: an empty directory */
	if (!has_id) {
		fail(ps, hline, VG_ERR_FORMAT, "CSV header has no mail, "
		    "aliases, userPrincipalName, sAMAccountName or uid column");
		return VG_ERR_FORMAT;
	}
	while (vg_account__next_line(&rest, &line, &lno)) {
		if (vg_str_trim(line).len == 0)
			continue;
		rec_reset(ps->ps_rec, lno);
		if (line.len > VG_MAX_ACCOUNT_DIR_LINE) {
			ps->ps_dir->dr_stats.st_records++;
			ps->ps_dir->dr_stats.st_malformed++;
			report(ps, lno, "row longer than %d bytes; skipped",
			    VG_MAX_ACCOUNT_DIR_LINE);
			continue;
		}
		more = true;
		for (col = 0; (fr = vg_account__csv_field(&line, delim,
		    ps->ps_buf, VG_MAX_ACCOUNT_DIR_LINE, &more, &f)) == 1;
		    col++) {
			switch (col < ncols ? cols[col] : COL_IGNORE) {
			case COL_MAIL:
				rec_add(ps, f, VG_ACCOUNT_ID_MAIL, "mail");
				break;
			case COL_LIST:
				rec_add_list(ps, f, "alias");
				break;
			case COL_UPN:
				rec_add(ps, f, VG_ACCOUNT_ID_UPN,
				    "userPrincipalName");
				break;
			case COL_LOGIN:
				rec_add(ps, f, VG_ACCOUNT_ID_LOGIN, "login");
				break;
			case COL_UNIT:
				copy_text(f, ps->ps_rec->rc_unit);
				break;
			case COL_NAME:
				copy_text(f, ps->ps_rec->rc_name);
				break;
			}
		}
		if (fr < 0) {
			ps->ps_dir->dr_stats.st_records++;
			ps->ps_dir->dr_stats.st_malformed++;
			report(ps, lno, "bad CSV quoting in field %zu; row "
			    "skipped", col + 1);
			continue;
		}
		if ((r = rec_commit(ps)) != 0)
			return r;
	}
	return 0;
}

/* ----------------------------------------------------------------- LDIF */


/* OU names that hold people rather than name a unit. */
static bool
generic_ou(struct vg_str v)
{
	static const char *const names[] = {
		"users", "user", "people", "accounts", "account", "staff",
		"employees", "personnel", "persons", "members", "mailboxes",
		"utilizatori", "conturi", "angajati", "personal",
	};
	size_t i;

	for (i = 0; i < VG_ARRAY_LEN(names); i++)
		if (vg_str_caseeq(v, names[i], strlen(names[i])))
			return true;
	return false;
}

/*
 * The unit from a DN: the first OU component not generic_ou(), else the
 * first OU.  RFC 4514 escapes (\, \+ \\ \" and \XX) are undone.
 */
static void
dn_unit(struct vg_str dn, char *out)
{
	char val[MAX_FIELD + 1];
	struct vg_str comp;
	bool first_set = false, esc;
	size_t i, n;
	int hi, lo;

	out[0] = '\0';
	while (dn.len > 0) {
		for (i = 0, esc = false; i < dn.len; i++) {
			if (esc)
				esc = false;
			else if (dn.p[i] == '\\')
				esc = true;
			else if (dn.p[i] == ',' || dn.p[i] == ';')
				break;
		}
		comp = vg_str_trim(vg_str_make(dn.p, i));
		vg_str_skip(&dn, i < dn.len ? i + 1 : i);
		if (comp.len < 3 || !vg_str_caseeq(vg_str_make(comp.p, 3),
		    "ou=", 3))
			continue;
		vg_str_skip(&comp, 3);
		for (i = 0, n = 0; i < comp.len && n < MAX_FIELD; i++) {
			if (comp.p[i] == '\\' && i + 1 < comp.len) {
				if (i + 2 < comp.len &&
				    (hi = vg_hexval(comp.p[i + 1])) >= 0 &&
				    (lo = vg_hexval(comp.p[i + 2])) >= 0) {
					val[n++] = (char)(hi << 4 | lo);
					i += 2;
				} else
					val[n++] = comp.p[++i];
				continue;
			}
			val[n++] = comp.p[i];
		}
		val[n] = '\0';
		if (n == 0)
			continue;
		if (!generic_ou(vg_str_make(val, n))) {
			copy_text(vg_str_make(val, n), out);
			return;
		}
		if (!first_set) {
			copy_text(vg_str_make(val, n), out);
			first_set = true;
		}
	}
}

static bool
attr_is(struct vg_str name, const char *lit)
{
	return vg_str_caseeq(name, lit, strlen(lit));
}

/* One "attr: value" of a record, value already decoded. */
static void
ldif_attr(struct parse *ps, struct vg_str name, struct vg_str val)
{
	struct rec *rc = ps->ps_rec;

	if (attr_is(name, "mail"))
		rec_add(ps, val, VG_ACCOUNT_ID_MAIL, "mail");
	else if (attr_is(name, "proxyAddresses"))
		rec_add_list(ps, val, "proxyAddresses");
	else if (attr_is(name, "otherMailbox"))
		rec_add_list(ps, val, "otherMailbox");
	else if (attr_is(name, "userPrincipalName"))
		rec_add(ps, val, VG_ACCOUNT_ID_UPN, "userPrincipalName");
	else if (attr_is(name, "sAMAccountName"))
		rec_add(ps, val, VG_ACCOUNT_ID_LOGIN, "sAMAccountName");
	else if (attr_is(name, "uid"))
		rec_add(ps, val, VG_ACCOUNT_ID_LOGIN, "uid");
	else if (attr_is(name, "ou")) {
		if (rc->rc_unit[0] == '\0')
			copy_text(val, rc->rc_unit);
	} else if (attr_is(name, "displayName"))
		copy_text(val, rc->rc_name);
}

static int
parse_ldif(struct parse *ps, struct vg_str text)
{
	struct vg_str rest = text, line, next, lv, name, val;
	unsigned long lno = 0, start;
	size_t n, binlen;
	ptrdiff_t colon;
	bool in_rec = false, too_long;
	int r;

	while (vg_account__next_line(&rest, &line, &lno)) {
		start = lno;
		if (vg_str_trim(line).len == 0) {
			if (in_rec && (r = rec_commit(ps)) != 0)
				return r;
			in_rec = false;
			continue;
		}
		/* Unfold: a line starting with one space continues. */
		lv = line;
		too_long = line.len > VG_MAX_ACCOUNT_DIR_LINE;
		n = 0;
		while (rest.len > 0 && rest.p[0] == ' ') {
			(void)vg_account__next_line(&rest, &next, &lno);
			vg_str_skip(&next, 1);
			if (too_long)
				continue;
			if (n == 0) {
				memcpy(ps->ps_buf, lv.p, lv.len);
				n = lv.len;
			}
			if (n + next.len > VG_MAX_ACCOUNT_DIR_LINE) {
				too_long = true;
				continue;
			}
			memcpy(ps->ps_buf + n, next.p, next.len);
			n += next.len;
			lv = vg_str_make(ps->ps_buf, n);
		}
		if (line.p[0] == '#')
			continue;
		if (line.p[0] == ' ') {
			ps->ps_dir->dr_stats.st_malformed++;
			report(ps, start, "continuation line without a line "
			    "before it; ignored");
			continue;
		}
		if (too_long) {
			ps->ps_dir->dr_stats.st_malformed++;
			report(ps, start, "line longer than %d bytes; ignored",
			    VG_MAX_ACCOUNT_DIR_LINE);
			continue;
		}
		if ((colon = vg_str_chr(lv, ':')) <= 0) {
			ps->ps_dir->dr_stats.st_malformed++;
			report(ps, start, "not an LDIF \"attribute: value\" "
			    "line; ignored");
			continue;
		}
		name = vg_str_make(lv.p, (size_t)colon);
		if (vg_str_chr(name, ';') >= 0)		/* options */
			name.len = (size_t)vg_str_chr(name, ';');
		val = vg_str_make(lv.p + colon + 1, lv.len - (size_t)colon - 1);
		if (VG_STR_EAT(&val, ":")) {
			val = vg_str_trim(val);
			if (sodium_base642bin((unsigned char *)ps->ps_buf2,
			    VG_MAX_ACCOUNT_DIR_LINE, val.p, val.len, " ",
			    &binlen, NULL, sodium_base64_VARIANT_ORIGINAL)
			    != 0) {
				ps->ps_dir->dr_stats.st_malformed++;
				report(ps, start, "bad base64 in %.*s; ignored",
				    QV(name));
				continue;
			}
			val = vg_str_make(ps->ps_buf2, binlen);
		} else if (VG_STR_EAT(&val, "<")) {
			report(ps, start, "%.*s:< (a URL) is not read; ignored",
			    QV(name));
			continue;
		} else
			vg_str_skip_ws(&val);
		if (attr_is(name, "dn")) {
			if (in_rec && (r = rec_commit(ps)) != 0)
				return r;
			rec_reset(ps->ps_rec, start);
			dn_unit(val, ps->ps_rec->rc_dn_unit);
			in_rec = true;
			continue;
		}
		if (!in_rec) {
			if (!attr_is(name, "version")) {
				ps->ps_dir->dr_stats.st_malformed++;
				report(ps, start, "%.*s outside a record (no "
				    "dn: line before it); ignored", QV(name));
			}
			continue;
		}
		ldif_attr(ps, name, val);
	}
	if (in_rec && (r = rec_commit(ps)) != 0)
		return r;
	return 0;
}

static bool
looks_ldif(struct vg_str text)
{
	struct vg_str line;
	unsigned long lno = 0;

	while (vg_account__next_line(&text, &line, &lno)) {
		line = vg_str_trim(line);
		if (line.len == 0 || line.p[0] == '#')
			continue;
		return (line.len >= 3 && vg_str_caseeq(vg_str_make(line.p, 3),
		    "dn:", 3)) || (line.len >= 8 && vg_str_caseeq(
		    vg_str_make(line.p, 8), "version:", 8));
	}
	return false;
}

int
vg_account_dir_parse(struct vg_account_dir *dir, const char *file,
    const char *buf, size_t len, enum vg_account_dir_format fmt,
    vg_account_warn_fn *warn, void *warn_arg, struct vg_diag *diag)
{
	struct parse ps = { 0 };
	struct vg_str text = vg_str_make(buf, len);
	int r = VG_ERR_INTERNAL;

	memset(diag, 0, sizeof(*diag));
	diag->src = file;
	if (fmt < VG_ACCOUNT_DIR_AUTO || fmt >= VG_ACCOUNT_DIR_FORMAT_COUNT) {
		snprintf(diag->msg, sizeof(diag->msg), "bad format");
		return VG_ERR_INVAL;
	}
	if (len > VG_MAX_ACCOUNT_DIR_BYTES) {
		snprintf(diag->msg, sizeof(diag->msg), "directory larger than "
		    "%ld bytes", VG_MAX_ACCOUNT_DIR_BYTES);
		return VG_ERR_LIMIT;
	}
	ps.ps_dir = dir;
	ps.ps_warn = warn;
	ps.ps_warn_arg = warn_arg;
	ps.ps_diag = diag;
	if ((ps.ps_file = vg_account__arena_strdup(&dir->dr_arena,
	    vg_str_make(file, strlen(file)))) == NULL ||
	    (ps.ps_rec = malloc(sizeof(*ps.ps_rec))) == NULL ||
	    (ps.ps_buf = malloc(VG_MAX_ACCOUNT_DIR_LINE + 1)) == NULL ||
	    (ps.ps_buf2 = malloc(VG_MAX_ACCOUNT_DIR_LINE + 1)) == NULL) {
		r = VG_ERR_NOMEM;
		snprintf(diag->msg, sizeof(diag->msg), "%s", vg_strerror(r));
		goto out;
	}
	(void)VG_STR_EAT(&text, "\xef\xbb\xbf");
	if (fmt == VG_ACCOUNT_DIR_AUTO)
		fmt = looks_ldif(text) ? VG_ACCOUNT_DIR_LDIF :
		    VG_ACCOUNT_DIR_CSV;
	if (fmt == VG_ACCOUNT_DIR_LDIF)
		r = parse_ldif(&ps, text);
	else
		r = parse_csv(&ps, text);
	diag->src = file;
 out:
	free(ps.ps_rec);
	free(ps.ps_buf);
	free(ps.ps_buf2);
	return r;
}

/* ------------------------------------------------------------- lookups */

/* Add the accounts of key `id' whose kind `login' selects to idxs. */
static size_t
find_key(const struct vg_account_dir *dir, const char *id, size_t len,
    bool logins_only, size_t *idxs, size_t n, size_t max)
{
	uint64_t h = vg_account__hash(id, len);
	size_t pos = 0, k;
	uint32_t val, idx;

	while (vg_account__tab_next(&dir->dr_index, id, len, h, &pos, &val)) {
		if (logins_only && (val >> KIND_SHIFT) != VG_ACCOUNT_ID_LOGIN)
			continue;
		idx = val & IDX_MASK;
		for (k = 0; k < VG_MIN(n, max); k++)
			if (idxs[k] == idx)
				break;
		if (k < VG_MIN(n, max))
			continue;
		if (n < max)
			idxs[n] = idx;
		n++;
	}
	return n;
}

size_t
vg_account__dir_lookup(const struct vg_account_dir *dir, const char *id,
    size_t len, size_t *idxs, size_t max)
{
	const struct vg_account_norm *nm = dir->dr_norm;
	const char *at = memchr(id, '@', len);
	size_t n, pos = 0;
	uint32_t val;

	n = find_key(dir, id, len, false, idxs, 0, max);
	if (at != NULL && nm != NULL && nm->nm_org.tb_count > 0) {
		size_t dlen = len - (size_t)(at - id) - 1;

		if (vg_account__tab_next(&nm->nm_org, at + 1, dlen,
		    vg_account__hash(at + 1, dlen), &pos, &val))
			n = find_key(dir, id, (size_t)(at - id), true, idxs,
			    n, max);
	}
	return n;
}

size_t
vg_account_dir_find(const struct vg_account_dir *dir, struct vg_str ident,
    size_t *idxs, size_t max)
{
	char id[VG_MAX_ACCOUNT_ID + 1];
	size_t len;

	if (vg_account_normalize(dir->dr_norm, ident, id, sizeof(id),
	    &len) != 0)
		return 0;
	return vg_account__dir_lookup(dir, id, len, idxs, max);
}

const struct vg_account_norm *
vg_account__dir_norm(const struct vg_account_dir *dir)
{
	return dir->dr_norm;
}
