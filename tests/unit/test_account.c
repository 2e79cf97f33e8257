/*
 * Unit tests of account: identifier normalization, directory CSV and
 * LDIF, leaked lists (identifiers, combos, CSV, digests), matching, the
 * centre's HMAC files and the unit keys, and that a password never shows
 * in any message or output.  The fixtures are made up (cnas.example is
 * the agency, Cluj and Iasi two of its units) and built in the tests.
 */
#include "vg_test.h"
#include "account.h"

#include <nettle/sha1.h>

/* The warnings of one parse, in order. */
#define MAX_WARNS	32
struct warns {
	unsigned	n;
	unsigned long	line[MAX_WARNS];
	char		msg[MAX_WARNS][VG_DIAG_MSG_MAX];
	char		all[MAX_WARNS * (VG_DIAG_MSG_MAX + 64)];
};

static void
collect(void *arg, const struct vg_diag *d)
{
	struct warns *w = arg;
	size_t n = strlen(w->all);

	ASSERT_TRUE(w->n < MAX_WARNS);
	w->line[w->n] = d->line;
	snprintf(w->msg[w->n], sizeof(w->msg[0]), "%s", d->msg);
	snprintf(w->all + n, sizeof(w->all) - n, "%s:%lu: %s\n", d->src,
	    d->line, d->msg);
	w->n++;
}

#define ASSERT_WARN(w, i, ln, text) do {				\
	ASSERT_TRUE((i) < (w).n);					\
	ASSERT_UINT_EQ((w).line[i], (ln));				\
	ASSERT_STR_EQ((w).msg[i], (text));				\
} while (0)

static struct vg_account_dir *
dir_from(struct vg_account_norm *nm, const char *text,
    enum vg_account_dir_format fmt, struct warns *w)
{
	struct vg_account_dir *dir;
	struct vg_diag d;

	memset(w, 0, sizeof(*w));
	ASSERT_PTR_NE(dir = vg_account_dir_new(nm), NULL);
	ASSERT_INT_EQ(vg_account_dir_parse(dir, "ad.csv", text, strlen(text),
	    fmt, collect, w, &d), 0);
	return dir;
}

/* The account whose primary identifier is `id'. */
static const struct vg_account *
account(const struct vg_account_dir *dir, const char *id)
{
	size_t i;

	for (i = 0; i < vg_account_dir_count(dir); i++)
		if (strcmp(vg_account_dir_get(dir, i)->ac_id, id) == 0)
			return vg_account_dir_get(dir, i);
	vg_test_fail(__FILE__, __LINE__, "no account %s", id);
}

/* The primary identifier of the only account `ident' finds, or "". */
static const char *
find1(const struct vg_account_dir *dir, const char *ident)
{
	size_t idx[4], n;

	n = vg_account_dir_find(dir, vg_str_make(ident, strlen(ident)), idx,
	    4);
	if (n != 1)
		return n == 0 ? "" : "(several)";
	return vg_account_dir_get(dir, idx[0])->ac_id;
}

/* The result of account `id' after matching, or fail. */
static void
result_of(const struct vg_account_match *m, const char *id,
    struct vg_account_result *rs)
{
	size_t i;

	for (i = 0; i < vg_account_match_count(m); i++) {
		vg_account_match_result(m, i, rs);
		if (strcmp(rs->rs_account->ac_id, id) == 0)
			return;
	}
	vg_test_fail(__FILE__, __LINE__, "%s did not match", id);
}

static bool
has_matched(const struct vg_account_result *rs, const char *id)
{
	size_t i;

	for (i = 0; i < rs->rs_nmatched; i++)
		if (strcmp(rs->rs_matched[i], id) == 0)
			return true;
	return false;
}

static const char directory_csv[] =
    "mail,aliases,userPrincipalName,sAMAccountName,Unit,displayName,"
    "title\n"
    "Ana.Popescu@CNAS.example,\"smtp:ana.p@cnas.example;SMTP:apopescu@"
    "cj.cnas.example;X500:/o=CNAS/cn=ana\",apopescu@cnas.local,apopescu,"
    "Cluj,Ana Popescu,\"Inspector, IT\"\n"
    "  ion.ionescu@cnas.example  ,,,iionescu,Iasi,\"Ionescu, Ion\",\n"
    "\n"
    ",,,gvasile,Iasi,Gheorghe Vasile,\n"
    "ana.popescu@cnas.example,,,apopescu2,Cluj,Ana P. again,\n"
    ",,,,Iasi,Nobody,\n"
    "maria.stan@cnas.example,\"broken,Iasi,Maria\n"
    "=cmd@cnas.example,,,,Cluj,\"Evil \"\"Formula\"\"\",\n";

VG_TEST(account_normalize)
{
	struct vg_account_norm *nm;
	char out[VG_MAX_ACCOUNT_ID + 1], big[400];
	size_t len;

#define NORM(in, want) do {						\
	ASSERT_INT_EQ(vg_account_normalize(nm, vg_str_make((in),	\
	    strlen(in)), out, sizeof(out), &len), 0);			\
	ASSERT_STR_EQ(out, (want));					\
	ASSERT_UINT_EQ(len, strlen(want));				\
} while (0)
	ASSERT_PTR_NE(nm = vg_account_norm_new(), NULL);
	ASSERT_INT_EQ(vg_account_norm_alias(nm, "CNAS.RO.=cnas.example"), 0);
	ASSERT_INT_EQ(vg_account_norm_alias(nm, "cnas.ro=other.example"),
	    VG_ERR_INVAL);
	ASSERT_INT_EQ(vg_account_norm_alias(nm, "x.example"), VG_ERR_INVAL);
	/* No chains either way. */
	ASSERT_INT_EQ(vg_account_norm_alias(nm, "old.example=cnas.ro"),
	    VG_ERR_INVAL);
	ASSERT_INT_EQ(vg_account_norm_alias(nm, "cnas.example=new.example"),
	    VG_ERR_INVAL);
	ASSERT_INT_EQ(vg_account_norm_alias(nm, "a.example=A.example."),
	    VG_ERR_INVAL);
	NORM("  Ana.Popescu@CNAS.Example  ", "ana.popescu@cnas.example");
	NORM("ana.popescu@cnas.example.", "ana.popescu@cnas.example");
	NORM("Ana.Popescu@Cnas.Ro", "ana.popescu@cnas.example");
	NORM("ana.popescu@cnas.ro.", "ana.popescu@cnas.example");
	NORM("APOPESCU", "apopescu");
	/* Only ASCII is folded: "Ș" (C8 98) stays as it is. */
	NORM("\xc8\x98TEFAN@cnas.example", "\xc8\x98tefan@cnas.example");
	ASSERT_INT_EQ(vg_account_normalize(nm, VG_STR_LIT("ana popescu@x"),
	    out, sizeof(out), &len), VG_ERR_INVAL);
	ASSERT_INT_EQ(vg_account_normalize(nm, VG_STR_LIT("a@b@c"), out,
	    sizeof(out), &len), VG_ERR_INVAL);
	ASSERT_INT_EQ(vg_account_normalize(nm, VG_STR_LIT("@cnas.example"),
	    out, sizeof(out), &len), VG_ERR_INVAL);
	ASSERT_INT_EQ(vg_account_normalize(nm, VG_STR_LIT("ana@."), out,
	    sizeof(out), &len), VG_ERR_INVAL);
	ASSERT_INT_EQ(vg_account_normalize(nm, VG_STR_LIT("ana\x01@x"), out,
	    sizeof(out), &len), VG_ERR_INVAL);
	ASSERT_INT_EQ(vg_account_normalize(nm, VG_STR_LIT("   "), out,
	    sizeof(out), &len), VG_ERR_INVAL);
	memset(big, 'a', sizeof(big));
	ASSERT_INT_EQ(vg_account_normalize(nm, vg_str_make(big,
	    VG_MAX_ACCOUNT_ID + 1), out, sizeof(out), &len), VG_ERR_LIMIT);
	ASSERT_INT_EQ(vg_account_normalize(nm, vg_str_make(big,
	    VG_MAX_ACCOUNT_ID), out, sizeof(out), &len), 0);
	vg_account_norm_free(nm);
#undef NORM
}

VG_TEST(account_dir_csv)
{
	struct vg_account_dir_stats st;
	const struct vg_account *ac;
	struct vg_account_norm *nm;
	struct vg_account_dir *dir;
	struct warns w;

	ASSERT_PTR_NE(nm = vg_account_norm_new(), NULL);
	ASSERT_INT_EQ(vg_account_norm_org_domain(nm, "CNAS.example."), 0);
	dir = dir_from(nm, directory_csv, VG_ACCOUNT_DIR_AUTO, &w);
	vg_account_dir_stats(dir, &st);
	ASSERT_UINT_EQ(st.st_accounts, 4);
	ASSERT_UINT_EQ(st.st_records, 7);
	ASSERT_UINT_EQ(st.st_duplicates, 1);
	ASSERT_UINT_EQ(st.st_malformed, 2);
	ASSERT_WARN(w, 0, 6, "account ana.popescu@cnas.example already "
	    "loaded (line 2); skipped");
	ASSERT_WARN(w, 1, 7, "record without mail, userPrincipalName, "
	    "sAMAccountName or uid; skipped");
	ASSERT_WARN(w, 2, 8, "bad CSV quoting in field 2; row skipped");
	ASSERT_UINT_EQ(w.n, 3);

	ac = account(dir, "ana.popescu@cnas.example");
	ASSERT_STR_EQ(ac->ac_unit, "Cluj");
	ASSERT_STR_EQ(ac->ac_name, "Ana Popescu");
	ASSERT_UINT_EQ(ac->ac_line, 2);
	/* mail, the two smtp aliases (X500 skipped), the UPN, the login. */
	ASSERT_UINT_EQ(ac->ac_nidents, 5);
	ASSERT_STR_EQ(ac->ac_idents[1].ai_value, "ana.p@cnas.example");
	ASSERT_STR_EQ(ac->ac_idents[2].ai_value, "apopescu@cj.cnas.example");
	ASSERT_INT_EQ(ac->ac_idents[4].ai_kind, VG_ACCOUNT_ID_LOGIN);
	ASSERT_STR_EQ(account(dir, "ion.ionescu@cnas.example")->ac_name,
	    "Ionescu, Ion");
	/* Only a login: it is the primary identifier. */
	ASSERT_STR_EQ(account(dir, "gvasile")->ac_unit, "Iasi");
	ASSERT_STR_EQ(account(dir, "=cmd@cnas.example")->ac_name,
	    "Evil \"Formula\"");

	ASSERT_STR_EQ(find1(dir, "ANA.P@cnas.example"),
	    "ana.popescu@cnas.example");
	ASSERT_STR_EQ(find1(dir, "apopescu@CNAS.local"),
	    "ana.popescu@cnas.example");
	/* A bare login, and login@org-domain; not login@elsewhere. */
	ASSERT_STR_EQ(find1(dir, "apopescu"), "ana.popescu@cnas.example");
	ASSERT_STR_EQ(find1(dir, "gvasile@cnas.example."), "gvasile");
	ASSERT_STR_EQ(find1(dir, "gvasile@gmail.example"), "");
	/* A login is not matched by a mail's local part. */
	ASSERT_STR_EQ(find1(dir, "ana.popescu"), "");
	ASSERT_STR_EQ(find1(dir, "maria.stan@cnas.example"), "");
	vg_account_dir_free(dir);

	/* Excel in a Romanian locale writes ';'. */
	dir = dir_from(nm, "Mail;sAMAccountName;Unit\n"
	    "ana.popescu@cnas.example;apopescu;Cluj\n", VG_ACCOUNT_DIR_CSV, &w);
	ASSERT_UINT_EQ(vg_account_dir_count(dir), 1);
	ASSERT_STR_EQ(account(dir, "ana.popescu@cnas.example")->ac_unit,
	    "Cluj");
	vg_account_dir_free(dir);
	vg_account_norm_free(nm);
}

VG_TEST(account_dir_csv_no_id_column)
{
	struct vg_account_dir *dir;
	struct vg_diag d;
	static const char text[] = "\nname,phone\nAna,0740\n";

	ASSERT_PTR_NE(dir = vg_account_dir_new(NULL), NULL);
	ASSERT_INT_EQ(vg_account_dir_parse(dir, "hr.csv", text, strlen(text),
	    VG_ACCOUNT_DIR_AUTO, NULL, NULL, &d), VG_ERR_FORMAT);
	ASSERT_STR_EQ(d.src, "hr.csv");
	ASSERT_UINT_EQ(d.line, 2);
	vg_account_dir_free(dir);
}

/*
 * An LDIF dump as ldapsearch writes it from Active Directory: base64
 * values (a DN and a mail with non-ASCII), folded lines, proxyAddresses,
 * OUs below a unit, a comment, a record without identifiers.
 */
static const char directory_ldif[] =
    "# extended LDIF\n"
    "version: 1\n"
    "\n"
    "dn: CN=Ana Popescu,OU=Users,OU=Cluj,DC=cnas,DC=example\n"
    "mail: Ana.Popescu@cnas.example\n"
    "proxyAddresses: SMTP:Ana.Popescu@cnas.example\n"
    "proxyAddresses: smtp:ana.p@cj.cnas.ex\n"
    " ample\n"
    "proxyAddresses: X500:/o=ExchangeLabs/ou=Exchange\n"
    "sAMAccountName: apopescu\n"
    "userPrincipalName: apopescu@cnas.local\n"
    "\n"
    "# Ștefan, base64 because of the Ș\n"
    "dn:: Q049yJh0ZWZhbiBNdW50ZWFudSxPVT1JYXNpLERDPWNuYXMsREM9ZXhhbXBsZQ==\n"
    "mail:: yJh0ZWZhbi5NdW50ZWFudUBjbmFzLmV4YW1wbGU=\n"
    "otherMailbox: stefan@old.example\n"
    "displayName:: yJh0ZWZhbiBNdW50ZWFudQ==\n"
    "\n"
    "dn: uid=gvasile,ou=People,dc=cnas,dc=example\n"
    "uid: gvasile\n"
    "ou: Iasi\n"
    "\n"
    "dn: CN=Printer,OU=Devices,DC=cnas,DC=example\n"
    "description: no mailbox\n"
    "\n"
    "dn: CN=Broken,OU=Cluj,DC=cnas,DC=example\n"
    "mail:: !!!notbase64\n"
    "this line has no colon\n"
    "sAMAccountName: broken\n";

VG_TEST(account_dir_ldif)
{
	struct vg_account_dir_stats st;
	const struct vg_account *ac;
	struct vg_account_dir *dir;
	struct warns w;

	dir = dir_from(NULL, directory_ldif, VG_ACCOUNT_DIR_AUTO, &w);
	vg_account_dir_stats(dir, &st);
	ASSERT_UINT_EQ(st.st_accounts, 4);
	ASSERT_UINT_EQ(st.st_records, 5);
	ASSERT_WARN(w, 0, 23, "record without mail, userPrincipalName, "
	    "sAMAccountName or uid; skipped");
	ASSERT_WARN(w, 1, 27, "bad base64 in mail; ignored");
	ASSERT_WARN(w, 2, 28, "not an LDIF \"attribute: value\" line; "
	    "ignored");
	ASSERT_UINT_EQ(w.n, 3);

	ac = account(dir, "ana.popescu@cnas.example");
	/* OU=Users is a container: the unit is the next OU. */
	ASSERT_STR_EQ(ac->ac_unit, "Cluj");
	ASSERT_UINT_EQ(ac->ac_line, 4);
	ASSERT_UINT_EQ(ac->ac_nidents, 4);
	ASSERT_STR_EQ(ac->ac_idents[1].ai_value, "ana.p@cj.cnas.example");
	ac = account(dir, "\xc8\x98tefan.munteanu@cnas.example");
	ASSERT_STR_EQ(ac->ac_unit, "Iasi");
	ASSERT_STR_EQ(ac->ac_name, "\xc8\x98tefan Munteanu");
	ASSERT_STR_EQ(find1(dir, "Stefan@Old.Example"),
	    "\xc8\x98tefan.munteanu@cnas.example");
	/* The ou attribute wins over the DN's "People". */
	ASSERT_STR_EQ(account(dir, "gvasile")->ac_unit, "Iasi");
	ASSERT_STR_EQ(account(dir, "broken")->ac_unit, "Cluj");
	vg_account_dir_free(dir);
}

/* Everything a test needs to match lists against directory_csv. */
struct fixture {
	struct vg_account_norm	*fx_nm;
	struct vg_account_dir	*fx_dir;
	struct vg_account_match	*fx_m;
	struct warns		 fx_dw;
	struct warns		 fx_w;
};

static void
fixture_init(struct fixture *fx)
{
	memset(fx, 0, sizeof(*fx));
	ASSERT_PTR_NE(fx->fx_nm = vg_account_norm_new(), NULL);
	ASSERT_INT_EQ(vg_account_norm_alias(fx->fx_nm,
	    "cnas.ro=cnas.example"), 0);
	ASSERT_INT_EQ(vg_account_norm_org_domain(fx->fx_nm, "cnas.example"),
	    0);
	fx->fx_dir = dir_from(fx->fx_nm, directory_csv, VG_ACCOUNT_DIR_CSV,
	    &fx->fx_dw);
	ASSERT_INT_EQ(vg_account_match_new(fx->fx_dir, &fx->fx_m), 0);
}

static void
fixture_cleanup(struct fixture *fx)
{
	vg_account_match_free(fx->fx_m);
	vg_account_dir_free(fx->fx_dir);
	vg_account_norm_free(fx->fx_nm);
}

static void
match_list(struct fixture *fx, const char *file, const char *text,
    struct vg_account_leak_stats *st)
{
	struct vg_diag d;

	ASSERT_INT_EQ(vg_account_match_buf(fx->fx_m, file, text, strlen(text),
	    VG_ACCOUNT_LEAK_AUTO, collect, &fx->fx_w, st, &d), 0);
}

static const char combo_list[] =
    "# paste 2025-11\n"
    "ana.popescu@cnas.example:Secr3t:with:colons\n"
    "ANA.POPESCU@CNAS.RO.;Secr3t:with:colons\n"
    "ana.p@cnas.example\tAnother;pw\n"
    "gvasile@cnas.example:\n"
    "ion.ionescu@cnas.example  # identifier only\n"
    "somebody@elsewhere.example:whatever\n"
    "ana popescu hunter2-spaces\n"
    "  \t \n"
    "apopescu:pw3";

VG_TEST(account_match_combo)
{
	struct vg_account_leak_stats st;
	struct vg_account_result rs;
	struct fixture fx;

	fixture_init(&fx);
	match_list(&fx, "paste.txt", combo_list, &st);
	ASSERT_UINT_EQ(st.st_lines, 10);
	ASSERT_UINT_EQ(st.st_records, 7);
	ASSERT_UINT_EQ(st.st_passwords, 5);
	ASSERT_UINT_EQ(st.st_malformed, 1);
	ASSERT_INT_EQ(st.st_format, VG_ACCOUNT_LEAK_LINES);
	ASSERT_WARN(fx.fx_w, 0, 8, "not an identifier (empty, spaces, "
	    "control bytes or a bad '@')");
	ASSERT_UINT_EQ(fx.fx_w.n, 1);
	ASSERT_INT_EQ(vg_account_match_finish(fx.fx_m), 0);
	ASSERT_UINT_EQ(vg_account_match_count(fx.fx_m), 3);

	result_of(fx.fx_m, "ana.popescu@cnas.example", &rs);
	ASSERT_UINT_EQ(rs.rs_nmatched, 3);
	ASSERT_STR_EQ(rs.rs_matched[0], "ana.popescu@cnas.example");
	ASSERT_STR_EQ(rs.rs_matched[1], "ana.p@cnas.example");
	ASSERT_STR_EQ(rs.rs_matched[2], "apopescu");
	ASSERT_UINT_EQ(rs.rs_seen, 4);
	ASSERT_UINT_EQ(rs.rs_nsources, 4);
	ASSERT_STR_EQ(rs.rs_sources[1].so_file, "paste.txt");
	ASSERT_UINT_EQ(rs.rs_sources[1].so_line, 3);
	ASSERT_UINT_EQ(rs.rs_sources[3].so_line, 10);
	ASSERT_TRUE(rs.rs_password);
	/* "Secr3t:with:colons" twice, "Another;pw", "pw3". */
	ASSERT_UINT_EQ(rs.rs_password_count, 3);
	ASSERT_INT_EQ(rs.rs_breached, VG_ACCOUNT_BREACH_UNKNOWN);
	ASSERT_INT_EQ(rs.rs_severity, VG_ACCOUNT_SEV_CRITICAL);
	ASSERT_UINT_EQ(rs.rs_actions, VG_ACCOUNT_ACT_RESET_PASSWORD |
	    VG_ACCOUNT_ACT_REVOKE_SESSIONS | VG_ACCOUNT_ACT_CHECK_MFA |
	    VG_ACCOUNT_ACT_NOTIFY_USER);

	/* An empty password is no password. */
	result_of(fx.fx_m, "gvasile", &rs);
	ASSERT_FALSE(rs.rs_password);
	ASSERT_STR_EQ(rs.rs_matched[0], "gvasile@cnas.example");
	ASSERT_INT_EQ(rs.rs_severity, VG_ACCOUNT_SEV_LOW);
	ASSERT_UINT_EQ(rs.rs_actions, VG_ACCOUNT_ACT_CHECK_MFA |
	    VG_ACCOUNT_ACT_NOTIFY_USER);
	result_of(fx.fx_m, "ion.ionescu@cnas.example", &rs);
	ASSERT_FALSE(rs.rs_password);
	ASSERT_UINT_EQ(rs.rs_password_count, 0);

	/* Results: most urgent first, then unit, then identifier. */
	vg_account_match_result(fx.fx_m, 0, &rs);
	ASSERT_STR_EQ(rs.rs_account->ac_id, "ana.popescu@cnas.example");
	vg_account_match_result(fx.fx_m, 1, &rs);
	ASSERT_STR_EQ(rs.rs_account->ac_id, "gvasile");
	fixture_cleanup(&fx);
}

/* The same list fed in every chunk size gives the same records. */
static int
count_rec(void *arg, const struct vg_account_leak_rec *rec,
    struct vg_diag *diag)
{
	unsigned long *sum = arg;

	sum[0]++;
	sum[1] += rec->lr_line * (rec->lr_password ? 7 : 3) + rec->lr_id.len;
	if (rec->lr_has_sha1)
		sum[2] += rec->lr_sha1[0] + rec->lr_sha1[19];
	return 0;
}

VG_TEST(account_leak_chunks)
{
	struct vg_account_leak *lk;
	struct vg_diag d;
	unsigned long want[3] = { 0 }, got[3];
	size_t len = strlen(combo_list), step, off;

	ASSERT_INT_EQ(vg_account_leak_new("paste.txt", VG_ACCOUNT_LEAK_AUTO,
	    NULL, count_rec, want, NULL, NULL, &lk), 0);
	ASSERT_INT_EQ(vg_account_leak_feed(lk, combo_list, len, &d), 0);
	ASSERT_INT_EQ(vg_account_leak_end(lk, &d), 0);
	vg_account_leak_free(lk);
	ASSERT_UINT_EQ(want[0], 7);
	for (step = 1; step < 40; step++) {
		memset(got, 0, sizeof(got));
		ASSERT_INT_EQ(vg_account_leak_new("paste.txt",
		    VG_ACCOUNT_LEAK_AUTO, NULL, count_rec, got, NULL, NULL,
		    &lk), 0);
		for (off = 0; off < len; off += step)
			ASSERT_INT_EQ(vg_account_leak_feed(lk, combo_list + off,
			    VG_MIN(step, len - off), &d), 0);
		ASSERT_INT_EQ(vg_account_leak_end(lk, &d), 0);
		vg_account_leak_free(lk);
		ASSERT_UINT_EQ(got[0], want[0]);
		ASSERT_UINT_EQ(got[1], want[1]);
		ASSERT_UINT_EQ(got[2], want[2]);
	}
}

VG_TEST(account_leak_overlong)
{
	struct vg_account_leak_stats st;
	struct fixture fx;
	char *text;
	size_t n = VG_MAX_ACCOUNT_LEAK_LINE + 10;

	fixture_init(&fx);
	ASSERT_PTR_NE(text = malloc(n + 100), NULL);
	memset(text, 'x', n);
	snprintf(text + n, 100, "\nion.ionescu@cnas.example\n");
	match_list(&fx, "big.txt", text, &st);
	ASSERT_UINT_EQ(st.st_lines, 2);
	ASSERT_UINT_EQ(st.st_malformed, 1);
	ASSERT_WARN(fx.fx_w, 0, 1, "line longer than 16384 bytes");
	ASSERT_INT_EQ(vg_account_match_finish(fx.fx_m), 0);
	ASSERT_UINT_EQ(vg_account_match_count(fx.fx_m), 1);
	free(text);
	fixture_cleanup(&fx);
}

VG_TEST(account_leak_csv)
{
	struct vg_account_leak_stats st;
	struct vg_account_result rs;
	struct fixture fx;

	fixture_init(&fx);
	match_list(&fx, "dump.csv",
	    "\"id\",\"Name\",\"Email\",\"Password\"\n"
	    "1,\"Popescu, Ana\",ana.popescu@cnas.example,\"pa,ss\"\"word\"\n"
	    "2,Ion,ion.ionescu@cnas.example,\n"
	    "3,\"unterminated,x@y.example,zz\n"
	    "4,Nobody,,secret\n", &st);
	ASSERT_INT_EQ(st.st_format, VG_ACCOUNT_LEAK_CSV);
	ASSERT_UINT_EQ(st.st_records, 2);
	ASSERT_UINT_EQ(st.st_passwords, 1);
	ASSERT_UINT_EQ(st.st_malformed, 2);
	ASSERT_WARN(fx.fx_w, 0, 4, "bad CSV quoting in field 2");
	ASSERT_WARN(fx.fx_w, 1, 5, "no identifier in column 3");
	ASSERT_INT_EQ(vg_account_match_finish(fx.fx_m), 0);
	result_of(fx.fx_m, "ana.popescu@cnas.example", &rs);
	ASSERT_TRUE(rs.rs_password);
	ASSERT_UINT_EQ(rs.rs_password_count, 1);
	result_of(fx.fx_m, "ion.ionescu@cnas.example", &rs);
	ASSERT_FALSE(rs.rs_password);
	fixture_cleanup(&fx);

	/* "user;secret" is a combo, "user;password;name" a header. */
	fixture_init(&fx);
	match_list(&fx, "a.txt", "apopescu;hunter2\n", &st);
	ASSERT_INT_EQ(st.st_format, VG_ACCOUNT_LEAK_LINES);
	ASSERT_UINT_EQ(st.st_passwords, 1);
	match_list(&fx, "b.txt", "user;password;name\napopescu;x;Ana\n", &st);
	ASSERT_INT_EQ(st.st_format, VG_ACCOUNT_LEAK_CSV);
	ASSERT_UINT_EQ(st.st_records, 1);
	ASSERT_INT_EQ(vg_account_match_finish(fx.fx_m), 0);
	result_of(fx.fx_m, "ana.popescu@cnas.example", &rs);
	ASSERT_UINT_EQ(rs.rs_nlists, 2);
	ASSERT_UINT_EQ(rs.rs_password_count, 2);
	fixture_cleanup(&fx);
}

/* The breach corpus: one known password. */
static bool
fake_corpus(void *arg, const uint8_t sha1[VG_ACCOUNT_SHA1_LEN],
    uint32_t *countp)
{
	const uint8_t *known = arg;

	*countp = 42;
	return memcmp(sha1, known, VG_ACCOUNT_SHA1_LEN) == 0;
}

VG_TEST(account_match_corpus)
{
	struct vg_account_result rs;
	struct sha1_ctx ctx;
	uint8_t known[SHA1_DIGEST_SIZE];
	struct fixture fx;

	sha1_init(&ctx);
	sha1_update(&ctx, 8, (const uint8_t *)"Parola12");
	sha1_digest(&ctx, sizeof(known), known);
	fixture_init(&fx);
	vg_account_match_corpus(fx.fx_m, fake_corpus, known);
	match_list(&fx, "l1.txt", "ion.ionescu@cnas.example:Parola12\n"
	    "gvasile:Zq8#unique-Zq8\nana.p@cnas.example\n"
	    "ana.popescu@cnas.example\n", NULL);
	match_list(&fx, "l2.txt", "ana.popescu@cnas.example\n", NULL);
	ASSERT_INT_EQ(vg_account_match_finish(fx.fx_m), 0);
	result_of(fx.fx_m, "ion.ionescu@cnas.example", &rs);
	ASSERT_INT_EQ(rs.rs_breached, VG_ACCOUNT_BREACH_YES);
	ASSERT_INT_EQ(rs.rs_severity, VG_ACCOUNT_SEV_CRITICAL);
	result_of(fx.fx_m, "gvasile", &rs);
	ASSERT_INT_EQ(rs.rs_breached, VG_ACCOUNT_BREACH_NO);
	ASSERT_INT_EQ(rs.rs_severity, VG_ACCOUNT_SEV_HIGH);
	/* No password: nothing to look up. */
	result_of(fx.fx_m, "ana.popescu@cnas.example", &rs);
	ASSERT_INT_EQ(rs.rs_breached, VG_ACCOUNT_BREACH_UNKNOWN);
	ASSERT_INT_EQ(rs.rs_severity, VG_ACCOUNT_SEV_MEDIUM);
	ASSERT_UINT_EQ(rs.rs_seen, 3);
	ASSERT_UINT_EQ(rs.rs_nlists, 2);
	fixture_cleanup(&fx);
}

VG_TEST(account_format)
{
	struct vg_account_result rs;
	struct fixture fx;
	char *text;
	size_t len;

	fixture_init(&fx);
	match_list(&fx, "l.txt", "ana.p@cnas.example:x\n"
	    "=cmd@cnas.example\n", NULL);
	ASSERT_INT_EQ(vg_account_match_finish(fx.fx_m), 0);
	vg_account_match_result(fx.fx_m, 0, &rs);
	ASSERT_INT_EQ(vg_account_result_format(&rs, VG_ACCOUNT_OUT_JSONL,
	    &text, &len), 0);
	ASSERT_STR_EQ(text, "{\"account\":{\"id\":\"ana.popescu@cnas.example\","
	    "\"unit\":\"Cluj\",\"name\":\"Ana Popescu\",\"matched\":"
	    "[\"ana.p@cnas.example\"]},\"leak\":{\"sources\":[\"l.txt:1\"],"
	    "\"source_count\":1,\"lists\":1,\"password\":true,"
	    "\"password_breached\":null,\"password_count\":1},\"actions\":"
	    "[\"reset_password\",\"revoke_sessions\",\"check_mfa\","
	    "\"notify_user\"],\"severity\":\"high\"}\n");
	ASSERT_UINT_EQ(len, strlen(text));
	free(text);
	vg_account_match_result(fx.fx_m, 1, &rs);
	ASSERT_INT_EQ(vg_account_result_format(&rs, VG_ACCOUNT_OUT_CSV,
	    &text, &len), 0);
	/* A spreadsheet must not run "=cmd...": the cell is defused. */
	ASSERT_STR_EQ(text, "'=cmd@cnas.example,Cluj,\"Evil \"\"Formula\"\"\","
	    "'=cmd@cnas.example,l.txt:2,1,1,false,,0,check_mfa notify_user,"
	    "low\n");
	free(text);
	ASSERT_INT_EQ(vg_account_result_format(&rs, VG_ACCOUNT_OUT_TABLE,
	    &text, &len), 0);
	ASSERT_TRUE(strncmp(text, "low      =cmd@cnas.example", 26) == 0);
	free(text);
	fixture_cleanup(&fx);
}

/*
 * The password must never appear in a message or in any output: run
 * lists that carry it in every position (a combo, a CSV column, quoted,
 * lines that fail to parse) and search everything for its bytes.
 */
static bool
contains(const char *hay, size_t len, const char *needle)
{
	return memmem(hay, len, needle, strlen(needle)) != NULL;
}

VG_TEST(account_password_never_shown)
{
	static const char pw[] = "Tr0ub4dor&3-Cluj";
	struct vg_account_leak_stats st;
	struct vg_account_result rs;
	struct fixture fx;
	enum vg_account_outfmt f;
	char list[2048], csv[1024], *text;
	size_t len, i;

	snprintf(list, sizeof(list),
	    "ana.popescu@cnas.example:%s\n"
	    "ana.popescu@cnas.example %s\n"		/* no separator */
	    "bad user@cnas.example:%s\n"		/* bad identifier */
	    "%s\n"					/* the password alone */
	    "gvasile\t%s\n", pw, pw, pw, pw, pw);
	snprintf(csv, sizeof(csv), "email,password\n"
	    "ion.ionescu@cnas.example,\"%s\"\n"
	    "\"ion.ionescu@cnas.example,\"%s\n"	/* bad quoting */
	    ",%s\n", pw, pw, pw);
	fixture_init(&fx);
	match_list(&fx, "combo.txt", list, &st);
	ASSERT_UINT_EQ(st.st_malformed, 2);
	match_list(&fx, "dump.csv", csv, &st);
	ASSERT_UINT_EQ(st.st_malformed, 2);
	ASSERT_INT_EQ(vg_account_match_finish(fx.fx_m), 0);
	ASSERT_TRUE(fx.fx_w.n >= 4);
	ASSERT_FALSE(contains(fx.fx_w.all, strlen(fx.fx_w.all), pw));
	/* A part of it would be as bad. */
	ASSERT_FALSE(contains(fx.fx_w.all, strlen(fx.fx_w.all), "Tr0ub"));
	ASSERT_UINT_EQ(vg_account_match_count(fx.fx_m), 3);
	for (i = 0; i < vg_account_match_count(fx.fx_m); i++) {
		vg_account_match_result(fx.fx_m, i, &rs);
		for (f = VG_ACCOUNT_OUT_JSONL; f <= VG_ACCOUNT_OUT_CSV; f++) {
			ASSERT_INT_EQ(vg_account_result_format(&rs, f, &text,
			    &len), 0);
			ASSERT_FALSE(contains(text, len, "Tr0ub"));
			free(text);
		}
	}
	fixture_cleanup(&fx);
}

VG_TEST(account_key_files)
{
	uint8_t key[VG_ACCOUNT_KEY_LEN], back[VG_ACCOUNT_KEY_LEN];
	char text[VG_ACCOUNT_KEY_TEXT_MAX], unit[VG_MAX_ACCOUNT_UNIT + 2];
	struct vg_diag d;
	size_t i;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(i * 7 + 1);
	ASSERT_INT_EQ(vg_account_key_format(key, "Cluj", text, sizeof(text)),
	    0);
	ASSERT_TRUE(strncmp(text, "# vigil-key v1 unit=Cluj\n0108", 29) == 0);
	ASSERT_INT_EQ(vg_account_key_parse(text, strlen(text), back, unit,
	    sizeof(unit), &d), 0);
	ASSERT_TRUE(memcmp(key, back, sizeof(key)) == 0);
	ASSERT_STR_EQ(unit, "Cluj");
	ASSERT_INT_EQ(vg_account_key_format(key, NULL, text, sizeof(text)), 0);
	ASSERT_INT_EQ(vg_account_key_parse(text, strlen(text), back, unit,
	    sizeof(unit), &d), 0);
	ASSERT_STR_EQ(unit, "");
	/* Raw 32 bytes; no comment, so the unit is unknown. */
	ASSERT_INT_EQ(vg_account_key_parse((const char *)key, sizeof(key),
	    back, unit, sizeof(unit), &d), 0);
	ASSERT_TRUE(memcmp(key, back, sizeof(key)) == 0);
	ASSERT_STR_EQ(unit, "?");
	ASSERT_INT_EQ(vg_account_key_parse("0102\n", 5, back, unit,
	    sizeof(unit), &d), VG_ERR_PARSE);
	text[40] = 'g';
	ASSERT_INT_EQ(vg_account_key_parse(text, strlen(text), back, unit,
	    sizeof(unit), &d), VG_ERR_PARSE);
	ASSERT_INT_EQ(vg_account_key_format(key, "Cluj", text, 20),
	    VG_ERR_LIMIT);
	ASSERT_TRUE(vg_account_unit_name_ok("Cluj-Napoca_2"));
	ASSERT_FALSE(vg_account_unit_name_ok("_all"));
	ASSERT_FALSE(vg_account_unit_name_ok("../etc"));
	ASSERT_FALSE(vg_account_unit_name_ok("Bistrita Nasaud"));
	ASSERT_FALSE(vg_account_unit_name_ok(""));
}

/*
 * The centre hashes a leak into per-unit files; Cluj matches its file
 * with its derived key and finds its accounts, Iasi's key finds nothing
 * in Cluj's file, and the file holds nothing of Iasi's domain.
 */
VG_TEST(account_hmac_round_trip)
{
	static const char leak[] =
	    "ana.popescu@cnas.ro:Secr3t\n"		/* alias of Cluj's */
	    "apopescu@cj.cnas.example\n"
	    "APOPESCU@cj.cnas.example:other\n"
	    "ion.ionescu@is.cnas.example:x\n"
	    "gvasile@cnas.example\n"
	    "someone@gmail.example:y\n";
	uint8_t master[VG_ACCOUNT_KEY_LEN], cluj[VG_ACCOUNT_KEY_LEN];
	uint8_t iasi[VG_ACCOUNT_KEY_LEN];
	struct vg_account_units *units;
	struct vg_account_hasher *hs;
	struct vg_account_leak_stats st;
	struct vg_account_result rs;
	struct vg_account_leak *lk;
	struct fixture fx;
	struct warns w;
	struct vg_diag d;
	const char *unit;
	char *text[3];
	size_t len[3], count[3], i;
	static const char map[] =
	    "# unit  domains\n"
	    "Cluj    cj.cnas.example CNAS.example.\n"
	    "Iasi\tis.cnas.example\n"
	    "../x    evil.example\n";

	for (i = 0; i < sizeof(master); i++)
		master[i] = (uint8_t)(0xa0 ^ i);
	memset(&w, 0, sizeof(w));
	ASSERT_PTR_NE(fx.fx_nm = vg_account_norm_new(), NULL);
	ASSERT_INT_EQ(vg_account_norm_alias(fx.fx_nm, "cnas.ro=cnas.example"),
	    0);
	ASSERT_INT_EQ(vg_account_units_parse("units.txt", map, strlen(map),
	    fx.fx_nm, collect, &w, &units, &d), 0);
	ASSERT_UINT_EQ(vg_account_units_count(units), 2);
	ASSERT_WARN(w, 0, 4, "\"../x\" is not a unit name (letters, digits, "
	    "'.', '_', '-'; at most 64); line skipped");
	ASSERT_INT_EQ(vg_account_hasher_new(master, units, true, &hs), 0);
	ASSERT_INT_EQ(vg_account_leak_new("leak.txt", VG_ACCOUNT_LEAK_AUTO,
	    fx.fx_nm, vg_account_hasher_rec, hs, NULL, NULL, &lk), 0);
	ASSERT_INT_EQ(vg_account_leak_feed(lk, leak, strlen(leak), &d), 0);
	ASSERT_INT_EQ(vg_account_leak_end(lk, &d), 0);
	vg_account_leak_free(lk);
	ASSERT_UINT_EQ(vg_account_hasher_nfiles(hs), 3);
	ASSERT_UINT_EQ(vg_account_hasher_unassigned(hs), 1);
	for (i = 0; i < 3; i++)
		ASSERT_INT_EQ(vg_account_hasher_file(hs, i, &unit, &text[i],
		    &len[i], &count[i]), 0);
	/* Cluj: ana (alias mapped), apopescu@cj twice (one digest), gvasile. */
	ASSERT_UINT_EQ(count[0], 3);
	ASSERT_UINT_EQ(count[1], 1);
	ASSERT_UINT_EQ(count[2], 1);
	ASSERT_TRUE(strncmp(text[0], "# vigil-hmac v1 unit=Cluj\n", 26) == 0);
	ASSERT_TRUE(strncmp(text[2], "# vigil-hmac v1 unit=_unassigned\n",
	    33) == 0);
	ASSERT_FALSE(contains(text[0], len[0], "cnas"));
	ASSERT_UINT_EQ(len[0], 26 + 3 * 65 + 2 * 2);	/* two with " p" */
	vg_account_hasher_free(hs);
	vg_account_units_free(units);

	/* Cluj's side: its directory, its derived key. */
	vg_account_unit_key(master, "Cluj", cluj);
	vg_account_unit_key(master, "Iasi", iasi);
	ASSERT_FALSE(memcmp(cluj, iasi, sizeof(cluj)) == 0);
	ASSERT_INT_EQ(vg_account_norm_org_domain(fx.fx_nm, "cnas.example"),
	    0);
	fx.fx_dir = dir_from(fx.fx_nm, directory_csv, VG_ACCOUNT_DIR_CSV,
	    &fx.fx_dw);
	ASSERT_INT_EQ(vg_account_match_new(fx.fx_dir, &fx.fx_m), 0);
	memset(&fx.fx_w, 0, sizeof(fx.fx_w));
	ASSERT_INT_EQ(vg_account_match_key(fx.fx_m, cluj, "Cluj"), 0);
	match_list(&fx, "Cluj.hmac", text[0], &st);
	ASSERT_INT_EQ(st.st_format, VG_ACCOUNT_LEAK_HMAC);
	ASSERT_UINT_EQ(st.st_records, 3);
	ASSERT_INT_EQ(vg_account_match_finish(fx.fx_m), 0);
	ASSERT_UINT_EQ(vg_account_match_count(fx.fx_m), 2);
	result_of(fx.fx_m, "ana.popescu@cnas.example", &rs);
	ASSERT_TRUE(rs.rs_password);
	ASSERT_UINT_EQ(rs.rs_password_count, 0);
	/* Digests are sorted: which matched first is not known. */
	ASSERT_UINT_EQ(rs.rs_nmatched, 2);
	ASSERT_TRUE(has_matched(&rs, "ana.popescu@cnas.example"));
	ASSERT_TRUE(has_matched(&rs, "apopescu@cj.cnas.example"));
	ASSERT_UINT_EQ(rs.rs_nsources, 2);
	result_of(fx.fx_m, "gvasile", &rs);
	ASSERT_STR_EQ(rs.rs_matched[0], "gvasile@cnas.example");
	ASSERT_FALSE(rs.rs_password);
	vg_account_match_free(fx.fx_m);

	/* Iasi's key on Cluj's file: refused while the header says Cluj... */
	ASSERT_INT_EQ(vg_account_match_new(fx.fx_dir, &fx.fx_m), 0);
	ASSERT_INT_EQ(vg_account_match_key(fx.fx_m, iasi, "Iasi"), 0);
	ASSERT_INT_EQ(vg_account_match_buf(fx.fx_m, "Cluj.hmac", text[0],
	    len[0], VG_ACCOUNT_LEAK_AUTO, NULL, NULL, NULL, &d), VG_ERR_INVAL);
	ASSERT_STR_EQ(d.msg, "digests are for unit Cluj but the key is unit "
	    "Iasi's");
	ASSERT_UINT_EQ(d.line, 2);
	vg_account_match_free(fx.fx_m);
	/* ...and matching nothing when the key file does not say its unit. */
	ASSERT_INT_EQ(vg_account_match_new(fx.fx_dir, &fx.fx_m), 0);
	ASSERT_INT_EQ(vg_account_match_key(fx.fx_m, iasi, NULL), 0);
	match_list(&fx, "Cluj.hmac", text[0], &st);
	ASSERT_UINT_EQ(st.st_records, 3);
	ASSERT_INT_EQ(vg_account_match_finish(fx.fx_m), 0);
	ASSERT_UINT_EQ(vg_account_match_count(fx.fx_m), 0);
	vg_account_match_free(fx.fx_m);
	/* The master key reads "_unassigned" (nothing of Cluj's in it). */
	ASSERT_INT_EQ(vg_account_match_new(fx.fx_dir, &fx.fx_m), 0);
	ASSERT_INT_EQ(vg_account_match_key(fx.fx_m, master, ""), 0);
	match_list(&fx, "_unassigned.hmac", text[2], &st);
	ASSERT_UINT_EQ(st.st_records, 1);
	ASSERT_INT_EQ(vg_account_match_finish(fx.fx_m), 0);
	ASSERT_UINT_EQ(vg_account_match_count(fx.fx_m), 0);
	vg_account_match_free(fx.fx_m);
	/* A digest list without any key is an error naming the line. */
	ASSERT_INT_EQ(vg_account_match_new(fx.fx_dir, &fx.fx_m), 0);
	ASSERT_INT_EQ(vg_account_match_buf(fx.fx_m, "Cluj.hmac", text[0],
	    len[0], VG_ACCOUNT_LEAK_AUTO, NULL, NULL, NULL, &d), VG_ERR_INVAL);
	ASSERT_STR_EQ(d.msg, "a digest list needs the unit's key "
	    "(--key-file)");
	vg_account_match_free(fx.fx_m);
	fx.fx_m = NULL;
	for (i = 0; i < 3; i++)
		free(text[i]);
	fixture_cleanup(&fx);
}

VG_TEST(account_hash_no_units)
{
	uint8_t master[VG_ACCOUNT_KEY_LEN], dg[VG_ACCOUNT_DIGEST_LEN];
	struct vg_account_hasher *hs;
	struct vg_account_leak *lk;
	struct vg_diag d;
	const char *unit;
	char *text, hex[2 * VG_ACCOUNT_DIGEST_LEN + 1];
	size_t len, count, i;
	static const char leak[] = "b@x.example\na@x.example:pw\nA@X.example\n"
	    "123\n";

	memset(master, 0x11, sizeof(master));
	ASSERT_INT_EQ(vg_account_hasher_new(master, NULL, false, &hs), 0);
	ASSERT_INT_EQ(vg_account_leak_new("l.txt", VG_ACCOUNT_LEAK_AUTO, NULL,
	    vg_account_hasher_rec, hs, NULL, NULL, &lk), 0);
	ASSERT_INT_EQ(vg_account_leak_feed(lk, leak, strlen(leak), &d), 0);
	ASSERT_INT_EQ(vg_account_leak_end(lk, &d), 0);
	vg_account_leak_free(lk);
	ASSERT_UINT_EQ(vg_account_hasher_nfiles(hs), 1);
	ASSERT_INT_EQ(vg_account_hasher_file(hs, 0, &unit, &text, &len,
	    &count), 0);
	ASSERT_STR_EQ(unit, "_all");
	ASSERT_UINT_EQ(count, 3);
	/* a@x.example with the flag merged from its two lines. */
	vg_account_digest(master, VG_STR_LIT("a@x.example"), dg);
	for (i = 0; i < sizeof(dg); i++)
		snprintf(hex + 2 * i, 3, "%02x", dg[i]);
	ASSERT_PTR_NE(strstr(text, hex), NULL);
	ASSERT_TRUE(strncmp(strstr(text, hex) + 64, " p\n", 3) == 0);
	free(text);
	vg_account_hasher_free(hs);
}
