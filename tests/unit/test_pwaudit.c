/*
 * Unit tests of pwaudit: the NT hash audit (pwdump/secretsdump parser,
 * grouping, findings, report lines) and the secmem reader it runs on.
 * The dumps are built here in the shapes secretsdump writes (its banner
 * and log lines, -user-status suffixes, -history lines, Kerberos and
 * CLEARTEXT lines of a whole-output capture); the breach corpus is a
 * fake one, a tiny NTLM index built in a fresh directory, and the real
 * HIBP NTLM range files of ../shared/data/creds when present.
 */
#include "vg_test.h"
#include "pwaudit.h"
#include "pwdb.h"
#include "secmem.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* NTLM("password"), and NTLM(""). */
#define NT_PASSWORD	"8846F7EAEE8FB117AD06BDD830B7586C"
#define NT_EMPTY	"31d6cfe0d16ae931b73c59d7e0c089c0"
#define LM_NONE		"aad3b435b51404eeaad3b435b51404ee"
#define LM_SOME		"E52CAC67419A9A224A3B108F3FA6CB6D"
#define NT_ADMIN	"64f12cddaa88057e06a81b54e73b949b"
#define NT_KRBTGT	"b21c99fc068e3ab2ca789bccbef67de4"
#define NT_ION		"0cb6948805f797bf2a82807973b89537"
#define NT_DEV		"c39f2beb3d2ec06a62cb887fb391dee0"
#define NT_OLD		"7facdc498ed1680c4fd1448319a8c04f"
#define NT_WS		"a2b3c4d5e6f708192a3b4c5d6e7f8091"
#define CLEARTEXT	"Summer2024!"

/*
 * A directory of two domains as secretsdump prints it, captured whole:
 * line numbers are in the comments.  Line 22 holds a password in clear
 * (CLEARTEXT), which must never come out.
 */
static const char dump[] =
    "Impacket v0.11.0 - Copyright 2023 Fortra\n"			/* 1 */
    "\n"								/* 2 */
    "[*] Service RemoteRegistry is in stopped state\n"		/* 3 */
    "[*] Dumping Domain Credentials (domain\\uid:rid:lmhash:nthash)\n"
    "[*] Using the DRSUAPI method to get NTDS.DIT secrets\r\n"	/* 5 */
    "Administrator:500:" LM_NONE ":" NT_ADMIN ":::"
    " (status=Enabled)\r\n"					/* 6 */
    "Guest:501:" LM_NONE ":" NT_EMPTY "::: (status=Disabled)\n"	/* 7 */
    "krbtgt:502:" LM_NONE ":" NT_KRBTGT "::: (status=Disabled)\n"	/* 8 */
    "CORP.EXAMPLE\\ana.popescu:1103:" LM_NONE ":" NT_PASSWORD ":::"
    " (status=Enabled)\n"						/* 9 */
    "CORP.EXAMPLE\\ana.popescu_history0:1103:" LM_NONE ":" NT_OLD
    ":::\n"								/* 10 */
    "CORP.EXAMPLE\\ion.ionescu:1104:" LM_SOME ":" NT_ION ":::"
    " (status=Enabled)\n"						/* 11 */
    "CORP.EXAMPLE\\svc_backup:1105:" LM_NONE ":" NT_PASSWORD ":::"
    " (status=Enabled) (pwdLastSet=2019-03-04 10:11)\n"		/* 12 */
    "CORP.EXAMPLE\\WS-0042$:1106:" LM_NONE ":" NT_WS ":::\n"	/* 13 */
    "CORP.EXAMPLE\\maria:1107 " NT_PASSWORD "\n"			/* 14 */
    "LAB.EXAMPLE\\ana.popescu:1201:" LM_NONE ":"
    "8846f7eaee8fb117ad06bdd830b7586c:::\n"				/* 15 */
    "LAB.EXAMPLE\\test:12x4:" LM_NONE ":" NT_DEV ":::\n"		/* 16 */
    "LAB.EXAMPLE\\dev01:1202:" LM_NONE ":" NT_DEV ":::\n"		/* 17 */
    "LAB.EXAMPLE\\dev02:1203:" LM_NONE ":" "ZZ" NT_DEV ":::\n"	/* 18 */
    "lab.example\\DEV01:1202:" LM_NONE ":" NT_ION ":::\n"		/* 19 */
    "LAB.EXAMPLE\\dev03:1204:" LM_NONE ":" NT_DEV ":::\n"		/* 20 */
    "CORP.EXAMPLE\\ana.popescu:aes256-cts-hmac-sha1-96:"
    "0102030405060708090a0b0c0d0e0f100102030405060708090a0b0c0d0e0f10\n"
    "CORP.EXAMPLE\\ana.popescu:CLEARTEXT:" CLEARTEXT "\n"		/* 22 */
    "[*] Cleaning up...";						/* 23 */

/* ------------------------------------------------------------ helpers */

#define MAX_WARNS	16
struct warns {
	unsigned	n;
	unsigned long	line[MAX_WARNS];
	char		msg[MAX_WARNS][VG_DIAG_MSG_MAX];
	char		src[MAX_WARNS][64];
};

static void
collect(void *arg, const struct vg_diag *d)
{
	struct warns *w = arg;

	if (w->n < MAX_WARNS) {
		w->line[w->n] = d->line;
		snprintf(w->msg[w->n], sizeof(w->msg[0]), "%s", d->msg);
		snprintf(w->src[w->n], sizeof(w->src[0]), "%s", d->src);
	}
	w->n++;
}

/* A fake corpus: NTLM("password") seen 4,123 times, the admin's once. */
static int
fake_corpus(void *arg, const uint8_t nt[VG_PWAUDIT_NT_LEN], uint32_t *countp)
{
	char hex[2 * VG_PWAUDIT_NT_LEN + 1];
	unsigned *calls = arg;

	(*calls)++;
	vg_pwdb_hash_format(nt, VG_PWAUDIT_NT_LEN, hex);
	*countp = strcmp(hex, NT_PASSWORD) == 0 ? 4123 :
	    strcasecmp(hex, NT_ADMIN) == 0 ? 1 : 0;
	return 0;
}

static int
failing_corpus(void *arg, const uint8_t nt[VG_PWAUDIT_NT_LEN],
    uint32_t *countp)
{
	*countp = 0;
	return VG_ERR_FORMAT;
}

static int
index_corpus(void *arg, const uint8_t nt[VG_PWAUDIT_NT_LEN], uint32_t *countp)
{
	return vg_pwdb_lookup(arg, nt, VG_PWAUDIT_NT_LEN, countp);
}

/* Audit `text' (machines included with `flags'); finish with `fn'. */
static struct vg_pwaudit *
audit(const char *text, size_t len, unsigned flags, struct warns *w,
    vg_pwaudit_corpus_fn *fn, void *arg)
{
	struct vg_pwaudit *a;
	struct vg_diag d;

	memset(w, 0, sizeof(*w));
	ASSERT_PTR_NE(a = vg_pwaudit_new(flags), NULL);
	ASSERT_INT_EQ(vg_pwaudit_add(a, "corp.ntds", text, len, collect, w,
	    &d), 0);
	ASSERT_INT_EQ(vg_pwaudit_finish(a, fn, arg), 0);
	return a;
}

/* The account named `name' (and `domain', NULL for none). */
static const struct vg_pwaudit_account *
find(const struct vg_pwaudit *a, const char *domain, const char *name)
{
	const struct vg_pwaudit_account *pa;
	size_t i;

	for (i = 0; i < vg_pwaudit_count(a); i++) {
		pa = vg_pwaudit_get(a, i);
		if (strcmp(pa->pa_name, name) == 0 && (domain == NULL ?
		    pa->pa_domain == NULL : pa->pa_domain != NULL &&
		    strcmp(pa->pa_domain, domain) == 0))
			return pa;
	}
	vg_test_fail(__FILE__, __LINE__, "no account %s\\%s",
	    domain != NULL ? domain : "", name);
}

static char *
line_of(const struct vg_pwaudit_account *pa, enum vg_pwaudit_outfmt fmt)
{
	size_t len;
	char *text;

	ASSERT_INT_EQ(vg_pwaudit_format(pa, fmt, &text, &len), 0);
	ASSERT_UINT_EQ(strlen(text), len);
	return text;
}

/* NTLM of `pw' as lower-case hex, in a rotating buffer. */
static const char *
ntlm_hex(const char *pw)
{
	static char hex[4][2 * VG_PWAUDIT_NT_LEN + 1];
	static int i;
	uint8_t h[VG_PWDB_HASH_MAX];
	char *p;

	i = (i + 1) % 4;
	ASSERT_INT_EQ(vg_pwdb_hash_password(VG_PWDB_NTLM, pw, strlen(pw), h),
	    0);
	vg_pwdb_hash_format(h, VG_PWAUDIT_NT_LEN, hex[i]);
	for (p = hex[i]; *p != '\0'; p++)
		*p = (char)(*p >= 'A' && *p <= 'F' ? *p + 32 : *p);
	return hex[i];
}

/* --------------------------------------------------------- the dump */

VG_TEST(pwaudit_realistic_dump)
{
	const struct vg_pwaudit_account *pa;
	struct vg_pwaudit_stats st;
	const uint32_t *sizes;
	struct vg_pwaudit *a;
	struct warns w;
	unsigned calls = 0;
	size_t n;

	a = audit(dump, sizeof(dump) - 1, 0, &w, fake_corpus, &calls);
	vg_pwaudit_stats(a, &st);
	ASSERT_UINT_EQ(st.st_lines, 23);
	ASSERT_UINT_EQ(st.st_accounts, 9);
	ASSERT_UINT_EQ(st.st_blank, 1);
	ASSERT_UINT_EQ(st.st_other, 7);
	ASSERT_UINT_EQ(st.st_history, 1);
	ASSERT_UINT_EQ(st.st_machines, 1);
	ASSERT_UINT_EQ(st.st_bad, 3);
	ASSERT_UINT_EQ(st.st_duplicates, 1);
	ASSERT_UINT_EQ(st.st_nohash, 0);
	ASSERT_UINT_EQ(st.st_lines, st.st_accounts + st.st_blank +
	    st.st_other + st.st_history + st.st_machines + st.st_bad +
	    st.st_duplicates + st.st_nohash);
	ASSERT_UINT_EQ(st.st_breached, 4);	/* admin + the group of 3 */
	ASSERT_UINT_EQ(st.st_empty, 1);
	ASSERT_UINT_EQ(st.st_lm, 1);
	ASSERT_UINT_EQ(st.st_groups, 2);
	ASSERT_UINT_EQ(st.st_grouped, 5);
	/* One corpus question per distinct hash, not per account. */
	ASSERT_UINT_EQ(calls, 6);

	/* Bad lines: by file and line, in order, never quoting them. */
	ASSERT_UINT_EQ(w.n, 4);
	ASSERT_UINT_EQ(w.line[0], 14);
	ASSERT_STR_EQ(w.msg[0], "not user:rid:lmhash:nthash, skipped");
	ASSERT_UINT_EQ(w.line[1], 16);
	ASSERT_STR_EQ(w.msg[1],
	    "the RID is not a decimal number below 2^32, skipped");
	ASSERT_UINT_EQ(w.line[2], 18);
	ASSERT_STR_EQ(w.msg[2], "the NT hash is not 32 hex digits, skipped");
	ASSERT_UINT_EQ(w.line[3], 19);
	ASSERT_STR_EQ(w.msg[3], "the account of line 17 again, skipped");
	ASSERT_STR_EQ(w.src[3], "corp.ntds");

	/* Input order, names and domains as written. */
	ASSERT_UINT_EQ(vg_pwaudit_count(a), 9);
	pa = vg_pwaudit_get(a, 0);
	ASSERT_STR_EQ(pa->pa_name, "Administrator");
	ASSERT_PTR_EQ(pa->pa_domain, NULL);
	ASSERT_UINT_EQ(pa->pa_rid, 500);
	ASSERT_UINT_EQ(pa->pa_line, 6);
	ASSERT_STR_EQ(pa->pa_file, "corp.ntds");
	ASSERT_INT_EQ(pa->pa_status, VG_PWAUDIT_STATUS_ENABLED);
	ASSERT_TRUE(pa->pa_breached);
	ASSERT_UINT_EQ(pa->pa_breach_count, 1);
	ASSERT_UINT_EQ(pa->pa_group, 0);
	ASSERT_INT_EQ(pa->pa_severity, VG_PWAUDIT_SEV_CRITICAL);

	pa = find(a, NULL, "Guest");
	ASSERT_TRUE(pa->pa_empty);
	ASSERT_FALSE(pa->pa_breached);
	ASSERT_INT_EQ(pa->pa_status, VG_PWAUDIT_STATUS_DISABLED);
	ASSERT_INT_EQ(pa->pa_severity, VG_PWAUDIT_SEV_CRITICAL);
	ASSERT_UINT_EQ(pa->pa_actions, VG_PWAUDIT_ACT_RESET_PASSWORD |
	    VG_PWAUDIT_ACT_CHECK_MFA);

	pa = find(a, NULL, "krbtgt");
	ASSERT_INT_EQ(pa->pa_severity, VG_PWAUDIT_SEV_NONE);
	ASSERT_UINT_EQ(pa->pa_actions, 0);
	ASSERT_FALSE(pa->pa_breached || pa->pa_empty || pa->pa_lm_present);

	/* The shared password: three accounts over two domains, group 1. */
	pa = find(a, "CORP.EXAMPLE", "ana.popescu");
	ASSERT_UINT_EQ(pa->pa_group, 1);
	ASSERT_UINT_EQ(pa->pa_shared_with, 2);
	ASSERT_UINT_EQ(pa->pa_breach_count, 4123);
	ASSERT_UINT_EQ(pa->pa_rid, 1103);
	pa = find(a, "CORP.EXAMPLE", "svc_backup");
	ASSERT_UINT_EQ(pa->pa_group, 1);
	ASSERT_UINT_EQ(pa->pa_shared_with, 2);
	ASSERT_INT_EQ(pa->pa_status, VG_PWAUDIT_STATUS_ENABLED);
	pa = find(a, "LAB.EXAMPLE", "ana.popescu");
	ASSERT_UINT_EQ(pa->pa_group, 1);
	ASSERT_TRUE(pa->pa_breached);
	ASSERT_INT_EQ(pa->pa_status, VG_PWAUDIT_STATUS_UNKNOWN);

	/* LM stored: high, and the LM action. */
	pa = find(a, "CORP.EXAMPLE", "ion.ionescu");
	ASSERT_TRUE(pa->pa_lm_present);
	ASSERT_INT_EQ(pa->pa_severity, VG_PWAUDIT_SEV_HIGH);
	ASSERT_UINT_EQ(pa->pa_actions, VG_PWAUDIT_ACT_RESET_PASSWORD |
	    VG_PWAUDIT_ACT_DISABLE_LM);

	/* Shared but not breached: group 2, high. */
	pa = find(a, "LAB.EXAMPLE", "dev01");
	ASSERT_UINT_EQ(pa->pa_group, 2);
	ASSERT_UINT_EQ(pa->pa_shared_with, 1);
	ASSERT_INT_EQ(pa->pa_severity, VG_PWAUDIT_SEV_HIGH);
	pa = find(a, "LAB.EXAMPLE", "dev03");
	ASSERT_UINT_EQ(pa->pa_group, 2);

	sizes = vg_pwaudit_group_sizes(a, &n);
	ASSERT_UINT_EQ(n, 2);
	ASSERT_UINT_EQ(sizes[0], 3);
	ASSERT_UINT_EQ(sizes[1], 2);
	vg_pwaudit_free(a);
}

VG_TEST(pwaudit_machines_on_request)
{
	const struct vg_pwaudit_account *pa;
	struct vg_pwaudit_stats st;
	struct vg_pwaudit *a;
	struct warns w;
	unsigned calls = 0;

	a = audit(dump, sizeof(dump) - 1, VG_PWAUDIT_MACHINES, &w,
	    fake_corpus, &calls);
	vg_pwaudit_stats(a, &st);
	ASSERT_UINT_EQ(st.st_accounts, 10);
	ASSERT_UINT_EQ(st.st_machines, 0);
	pa = find(a, "CORP.EXAMPLE", "WS-0042$");
	ASSERT_TRUE(pa->pa_machine);
	ASSERT_UINT_EQ(pa->pa_rid, 1106);
	ASSERT_UINT_EQ(pa->pa_line, 13);
	vg_pwaudit_free(a);
}

/* The report lines: exact text in the three formats. */
VG_TEST(pwaudit_report_lines)
{
	struct vg_pwaudit *a;
	struct warns w;
	unsigned calls = 0;
	char *t;

	a = audit(dump, sizeof(dump) - 1, 0, &w, fake_corpus, &calls);
	t = line_of(find(a, "CORP.EXAMPLE", "svc_backup"),
	    VG_PWAUDIT_OUT_JSONL);
	ASSERT_STR_EQ(t, "{\"user\":{\"name\":\"svc_backup\","
	    "\"domain\":\"CORP.EXAMPLE\",\"id\":1105,\"enabled\":true},"
	    "\"password\":{\"breached\":true,\"breach_count\":4123,"
	    "\"shared_with\":2,\"group\":1,\"empty\":false,"
	    "\"lm_present\":false},\"actions\":[\"reset_password\","
	    "\"check_mfa\"],\"severity\":\"critical\"}\n");
	free(t);
	t = line_of(find(a, NULL, "krbtgt"), VG_PWAUDIT_OUT_JSONL);
	ASSERT_STR_EQ(t, "{\"user\":{\"name\":\"krbtgt\",\"domain\":null,"
	    "\"id\":502,\"enabled\":false},\"password\":{\"breached\":false,"
	    "\"breach_count\":0,\"shared_with\":0,\"group\":null,"
	    "\"empty\":false,\"lm_present\":false},\"actions\":[],"
	    "\"severity\":\"none\"}\n");
	free(t);
	t = line_of(find(a, "CORP.EXAMPLE", "ion.ionescu"),
	    VG_PWAUDIT_OUT_CSV);
	ASSERT_STR_EQ(t, "ion.ionescu,CORP.EXAMPLE,1104,true,false,0,0,,"
	    "false,true,reset_password disable_lm_storage,high\n");
	free(t);
	ASSERT_STR_EQ(vg_pwaudit_out_header(VG_PWAUDIT_OUT_CSV),
	    "user_name,user_domain,user_id,enabled,breached,breach_count,"
	    "shared_with,group,empty,lm_present,actions,severity\n");
	t = line_of(find(a, "LAB.EXAMPLE", "dev01"), VG_PWAUDIT_OUT_TABLE);
	ASSERT_STR_EQ(t, "high     LAB.EXAMPLE\\dev01                "
	    "  1202 no                0     2      1 no    no   "
	    "reset_password,check_mfa\n");
	free(t);
	ASSERT_STR_EQ(vg_pwaudit_out_header(VG_PWAUDIT_OUT_JSONL), "");
	vg_pwaudit_free(a);
}

/* A name that a spreadsheet would run as a formula is defused. */
VG_TEST(pwaudit_csv_formula_defused)
{
	static const char text[] =
	    "=cmd|' /C calc'!A0:1000:" LM_NONE ":" NT_DEV ":::\n"
	    "a,b:1001:" LM_NONE ":" NT_ION ":::\n";
	struct vg_pwaudit *a;
	struct warns w;
	char *t;

	a = audit(text, sizeof(text) - 1, 0, &w, NULL, NULL);
	ASSERT_UINT_EQ(vg_pwaudit_count(a), 2);
	t = line_of(vg_pwaudit_get(a, 0), VG_PWAUDIT_OUT_CSV);
	ASSERT_STR_EQ(t, "'=cmd|' /C calc'!A0,,1000,,false,0,0,,false,"
	    "false,,none\n");
	free(t);
	t = line_of(vg_pwaudit_get(a, 1), VG_PWAUDIT_OUT_CSV);
	ASSERT_STR_EQ(t, "\"a,b\",,1001,,false,0,0,,false,false,,none\n");
	free(t);
	vg_pwaudit_free(a);
}

/*
 * No NT hash, LM hash or password ever reaches a report line or a
 * message, in any case or format, nor a byte of the lines that did not
 * parse.
 */
VG_TEST(pwaudit_no_secret_in_output)
{
	static const char *const secrets[] = {
		NT_PASSWORD, NT_EMPTY, NT_ADMIN, NT_KRBTGT, NT_ION, NT_DEV,
		NT_OLD, NT_WS, LM_SOME, CLEARTEXT, "0102030405060708",
		"1107 ", "12x4",
	};
	static const enum vg_pwaudit_outfmt fmts[] = {
		VG_PWAUDIT_OUT_JSONL, VG_PWAUDIT_OUT_TABLE, VG_PWAUDIT_OUT_CSV,
	};
	struct vg_pwaudit *a;
	struct warns w;
	size_t i, k, f;
	unsigned calls = 0;
	char *t;

	a = audit(dump, sizeof(dump) - 1, VG_PWAUDIT_MACHINES, &w,
	    fake_corpus, &calls);
	for (i = 0; i < vg_pwaudit_count(a); i++) {
		for (f = 0; f < VG_ARRAY_LEN(fmts); f++) {
			t = line_of(vg_pwaudit_get(a, i), fmts[f]);
			for (k = 0; k < VG_ARRAY_LEN(secrets); k++)
				ASSERT_PTR_EQ(strcasestr(t, secrets[k]), NULL);
			free(t);
		}
	}
	ASSERT_TRUE(w.n > 0);
	for (i = 0; i < w.n && i < MAX_WARNS; i++)
		for (k = 0; k < VG_ARRAY_LEN(secrets); k++)
			ASSERT_PTR_EQ(strcasestr(w.msg[i], secrets[k]), NULL);
	vg_pwaudit_free(a);
}

/*
 * Group numbers come from the order of the dump, not from the hashes:
 * the same pattern of equal hashes with other hash values gives the
 * same report, and reordering the dump renumbers the groups.
 */
VG_TEST(pwaudit_group_ids_follow_input_order)
{
	static const char d1[] =
	    "u1:1001:" LM_NONE ":" NT_DEV ":::\n"
	    "u2:1002:" LM_NONE ":" NT_ION ":::\n"
	    "u3:1003:" LM_NONE ":" NT_DEV ":::\n"
	    "u4:1004:" LM_NONE ":" NT_ION ":::\n";
	static const char d2[] =	/* other values, the same pattern */
	    "u1:1001:" LM_NONE ":" NT_KRBTGT ":::\n"
	    "u2:1002:" LM_NONE ":" NT_OLD ":::\n"
	    "u3:1003:" LM_NONE ":" NT_KRBTGT ":::\n"
	    "u4:1004:" LM_NONE ":" NT_OLD ":::\n";
	static const char d3[] =	/* d1 with the groups' order swapped */
	    "u2:1002:" LM_NONE ":" NT_ION ":::\n"
	    "u1:1001:" LM_NONE ":" NT_DEV ":::\n"
	    "u3:1003:" LM_NONE ":" NT_DEV ":::\n"
	    "u4:1004:" LM_NONE ":" NT_ION ":::\n";
	struct vg_pwaudit *a, *b, *c;
	struct warns w;
	size_t i;
	char *s, *t;

	a = audit(d1, sizeof(d1) - 1, 0, &w, NULL, NULL);
	b = audit(d2, sizeof(d2) - 1, 0, &w, NULL, NULL);
	c = audit(d3, sizeof(d3) - 1, 0, &w, NULL, NULL);
	for (i = 0; i < 4; i++) {
		s = line_of(vg_pwaudit_get(a, i), VG_PWAUDIT_OUT_JSONL);
		t = line_of(vg_pwaudit_get(b, i), VG_PWAUDIT_OUT_JSONL);
		ASSERT_STR_EQ(s, t);
		free(s);
		free(t);
	}
	ASSERT_UINT_EQ(find(a, NULL, "u1")->pa_group, 1);
	ASSERT_UINT_EQ(find(a, NULL, "u2")->pa_group, 2);
	ASSERT_UINT_EQ(find(c, NULL, "u2")->pa_group, 1);
	ASSERT_UINT_EQ(find(c, NULL, "u1")->pa_group, 2);
	ASSERT_UINT_EQ(find(c, NULL, "u4")->pa_group, 1);
	vg_pwaudit_free(a);
	vg_pwaudit_free(b);
	vg_pwaudit_free(c);
}

/* The corners of the line format. */
VG_TEST(pwaudit_line_format)
{
	char longline[VG_MAX_PW_DUMP_LINE + 100];
	char longname[VG_MAX_PW_DUMP_NAME + 80];
	char text[16384];
	const struct vg_pwaudit_account *pa;
	struct vg_pwaudit_stats st;
	struct vg_pwaudit *a;
	struct warns w;
	int n;

	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	n = snprintf(text, sizeof(text),
	    "# a comment\n"						/* 1 */
	    "   \t\n"							/* 2 */
	    "old:1000:NO PASSWORD*********************:" NT_DEV ":::\n"
	    "nohash:1001:NO PASSWORD*********************:"
	    "NO PASSWORD*********************:::\n"			/* 4 */
	    "zeros:1002:00000000000000000000000000000000:" NT_ION "\n"
	    "%s\n"							/* 6 */
	    "%s:1003:" LM_NONE ":" NT_DEV ":::\n"			/* 7 */
	    "\\u:1004:" LM_NONE ":" NT_DEV ":::\n"			/* 8 */
	    "D\\:1005:" LM_NONE ":" NT_DEV ":::\n"			/* 9 */
	    "ctl\001:1006:" LM_NONE ":" NT_DEV ":::\n"			/* 10 */
	    "big:4294967296:" LM_NONE ":" NT_DEV ":::\n"		/* 11 */
	    "max:4294967295:" LM_NONE ":" NT_KRBTGT ":::\n"		/* 12 */
	    "lm:1007:" LM_SOME "0:" NT_DEV ":::\n"			/* 13 */
	    "short:1008:" LM_NONE ":" NT_DEV "\n"			/* 14 */
	    "x:1009\n"							/* 15 */
	    "last:1010:" LM_NONE ":" NT_OLD,				/* 16 */
	    longline, longname);
	ASSERT_TRUE(n > 0 && (size_t)n < sizeof(text));
	a = audit(text, (size_t)n, 0, &w, NULL, NULL);
	vg_pwaudit_stats(a, &st);
	ASSERT_UINT_EQ(st.st_lines, 16);
	ASSERT_UINT_EQ(st.st_blank, 2);
	ASSERT_UINT_EQ(st.st_nohash, 1);
	/* old, zeros, max, short, last. */
	ASSERT_UINT_EQ(st.st_accounts, 5);
	ASSERT_UINT_EQ(st.st_bad, 8);
	ASSERT_UINT_EQ(w.n, 8);
	ASSERT_UINT_EQ(w.line[0], 6);
	ASSERT_STR_EQ(w.msg[0], "line longer than 4096 bytes, skipped");
	ASSERT_UINT_EQ(w.line[1], 7);
	ASSERT_STR_EQ(w.msg[1], "a name longer than 256 bytes, skipped");
	ASSERT_UINT_EQ(w.line[2], 8);
	ASSERT_STR_EQ(w.msg[2], "an empty domain name, skipped");
	ASSERT_UINT_EQ(w.line[3], 9);
	ASSERT_STR_EQ(w.msg[3], "an empty user name, skipped");
	ASSERT_UINT_EQ(w.line[4], 10);
	ASSERT_STR_EQ(w.msg[4], "a control character in the name, skipped");
	ASSERT_UINT_EQ(w.line[5], 11);
	ASSERT_UINT_EQ(w.line[6], 13);
	ASSERT_STR_EQ(w.msg[6], "the LM hash is not 32 hex digits, skipped");
	ASSERT_UINT_EQ(w.line[7], 15);

	/* "NO PASSWORD" and zeros as the LM hash: none stored. */
	ASSERT_FALSE(find(a, NULL, "old")->pa_lm_present);
	ASSERT_FALSE(find(a, NULL, "zeros")->pa_lm_present);
	ASSERT_UINT_EQ(find(a, NULL, "max")->pa_rid, 4294967295u);
	/* A last line without a newline is a line. */
	pa = find(a, NULL, "last");
	ASSERT_UINT_EQ(pa->pa_line, 16);
	/* old and short share NT_DEV. */
	ASSERT_UINT_EQ(find(a, NULL, "old")->pa_group, 1);
	ASSERT_UINT_EQ(find(a, NULL, "short")->pa_shared_with, 1);
	vg_pwaudit_free(a);
}

/* A history line is one only right after its account, same RID. */
VG_TEST(pwaudit_history_lines)
{
	static const char text[] =
	    "bob:1100:" LM_NONE ":" NT_DEV ":::\n"
	    "bob_history0:1100:" LM_NONE ":" NT_ION ":::\n"
	    "bob_history1:1100:" LM_NONE ":" NT_OLD ":::\n"
	    "eve_history0:1101:" LM_NONE ":" NT_ION ":::\n"	/* a user */
	    "bob_history2:1102:" LM_NONE ":" NT_ION ":::\n";	/* other RID */
	struct vg_pwaudit_stats st;
	struct vg_pwaudit *a;
	struct warns w;

	a = audit(text, sizeof(text) - 1, 0, &w, NULL, NULL);
	vg_pwaudit_stats(a, &st);
	ASSERT_UINT_EQ(st.st_history, 2);
	ASSERT_UINT_EQ(st.st_accounts, 3);
	ASSERT_UINT_EQ(find(a, NULL, "eve_history0")->pa_group, 1);
	ASSERT_UINT_EQ(find(a, NULL, "bob_history2")->pa_group, 1);
	ASSERT_UINT_EQ(find(a, NULL, "bob")->pa_group, 0);
	vg_pwaudit_free(a);
}

/*
 * A local secretsdump (SAM, cached logons, LSA secrets) captured whole:
 * the SAM hashes are accounts, the secrets sections are skipped without
 * a warning until the next "Dumping" section.
 */
VG_TEST(pwaudit_secretsdump_sections)
{
	static const char text[] =
	    "[*] Target system bootKey: 0x8d4d2f6b3b3e4e2f9b0c1d2e3f405162\n"
	    "[*] Dumping local SAM hashes (uid:rid:lmhash:nthash)\n"
	    "Administrator:500:" LM_NONE ":" NT_ADMIN ":::\n"		/* 3 */
	    "[*] Dumping cached domain logon information "
	    "(domain/username:hash)\n"
	    "CORP.EXAMPLE/ana:$DCC2$10240#ana#0123456789abcdef0123456789abcdef:"
	    " (2024-01-02 03:04:05)\n"
	    "[*] Dumping LSA Secrets\n"
	    "[*] $MACHINE.ACC \n"
	    "CORP\\WS01$:aes256-cts-hmac-sha1-96:0011\n"
	    "CORP\\WS01$:" LM_NONE ":" NT_WS "\n"
	    "[*] DPAPI_SYSTEM \n"
	    "dpapi_machinekey:0x0102\n"
	    "[*] NL$KM \n"
	    " 0000   01 02 03 04  ....\n"
	    "NL$KM:0102\n"
	    "[*] Dumping Domain Credentials (domain\\uid:rid:lmhash:nthash)\n"
	    "CORP\\ana:1103:" LM_NONE ":" NT_PASSWORD ":::\n"	/* 16 */
	    "bad line\n";						/* 17 */
	struct vg_pwaudit_stats st;
	struct vg_pwaudit *a;
	struct warns w;

	a = audit(text, sizeof(text) - 1, VG_PWAUDIT_MACHINES, &w, NULL,
	    NULL);
	vg_pwaudit_stats(a, &st);
	ASSERT_UINT_EQ(st.st_lines, 17);
	ASSERT_UINT_EQ(st.st_accounts, 2);
	ASSERT_UINT_EQ(st.st_other, 14);
	ASSERT_UINT_EQ(st.st_bad, 1);
	ASSERT_UINT_EQ(w.n, 1);
	ASSERT_UINT_EQ(w.line[0], 17);
	ASSERT_UINT_EQ(find(a, NULL, "Administrator")->pa_line, 3);
	ASSERT_UINT_EQ(find(a, "CORP", "ana")->pa_line, 16);
	vg_pwaudit_free(a);
}

/* Two dumps, two domains: one audit, sharing and duplicates across. */
VG_TEST(pwaudit_several_dumps)
{
	static const char d1[] =
	    "CORP\\ana:1103:" LM_NONE ":" NT_DEV ":::\n";
	static const char d2[] =
	    "LAB\\ana:1201:" LM_NONE ":" NT_DEV ":::\n"
	    "corp\\ANA:1103:" LM_NONE ":" NT_DEV ":::\n";
	struct vg_pwaudit *a;
	struct vg_diag d;
	struct warns w;

	memset(&w, 0, sizeof(w));
	ASSERT_PTR_NE(a = vg_pwaudit_new(0), NULL);
	ASSERT_INT_EQ(vg_pwaudit_add(a, "corp.ntds", d1, sizeof(d1) - 1,
	    collect, &w, &d), 0);
	ASSERT_INT_EQ(vg_pwaudit_add(a, "lab.ntds", d2, sizeof(d2) - 1,
	    collect, &w, &d), 0);
	ASSERT_UINT_EQ(w.n, 1);
	ASSERT_STR_EQ(w.src[0], "lab.ntds");
	ASSERT_UINT_EQ(w.line[0], 2);
	ASSERT_STR_EQ(w.msg[0], "the account of corp.ntds:1 again, skipped");
	ASSERT_INT_EQ(vg_pwaudit_finish(a, NULL, NULL), 0);
	ASSERT_UINT_EQ(vg_pwaudit_count(a), 2);
	ASSERT_STR_EQ(vg_pwaudit_get(a, 1)->pa_file, "lab.ntds");
	ASSERT_UINT_EQ(vg_pwaudit_get(a, 1)->pa_group, 1);
	ASSERT_UINT_EQ(vg_pwaudit_get(a, 0)->pa_shared_with, 1);
	/* Finished: no more dumps, no second finish. */
	ASSERT_INT_EQ(vg_pwaudit_add(a, "x", d1, sizeof(d1) - 1, NULL, NULL,
	    &d), VG_ERR_INVAL);
	ASSERT_INT_EQ(vg_pwaudit_finish(a, NULL, NULL), VG_ERR_INVAL);
	vg_pwaudit_free(a);
}

/* A corpus error stops the finish; the audit then has no results. */
VG_TEST(pwaudit_corpus_error)
{
	struct vg_pwaudit *a;
	struct vg_diag d;

	ASSERT_PTR_NE(a = vg_pwaudit_new(0), NULL);
	ASSERT_INT_EQ(vg_pwaudit_add(a, "d", dump, sizeof(dump) - 1, NULL,
	    NULL, &d), 0);
	ASSERT_INT_EQ(vg_pwaudit_finish(a, failing_corpus, NULL),
	    VG_ERR_FORMAT);
	ASSERT_UINT_EQ(vg_pwaudit_count(a), 0);
	vg_pwaudit_free(a);
	/* An empty dump is an empty audit. */
	ASSERT_PTR_NE(a = vg_pwaudit_new(0), NULL);
	ASSERT_INT_EQ(vg_pwaudit_add(a, "d", "", 0, NULL, NULL, &d), 0);
	ASSERT_INT_EQ(vg_pwaudit_finish(a, failing_corpus, NULL), 0);
	ASSERT_UINT_EQ(vg_pwaudit_count(a), 0);
	vg_pwaudit_free(a);
}

/*
 * Line `i' of a generated dump: accounts i with i % 10 == 0 share a
 * hash in pairs (i and i + 10, for i % 20 == 0), the rest are unique.
 */
static int
dump_line(char *p, size_t i)
{
	return snprintf(p, 100, "user%zu:%zu:" LM_NONE ":%c%031zx:::\n", i,
	    1000 + i, i % 10 == 0 ? '2' : '1', i % 10 == 0 ? i / 20 : i);
}

/* Many accounts: the arrays grow, every group is found. */
VG_TEST(pwaudit_many_accounts)
{
	const size_t n = 5000;
	struct vg_pwaudit_stats st;
	struct vg_pwaudit *a;
	struct warns w;
	char *text, *p;
	size_t i;

	ASSERT_PTR_NE(text = malloc(n * 100), NULL);
	for (i = 0, p = text; i < n; i++)
		p += dump_line(p, i);
	a = audit(text, (size_t)(p - text), 0, &w, NULL, NULL);
	vg_pwaudit_stats(a, &st);
	ASSERT_UINT_EQ(st.st_accounts, n);
	ASSERT_UINT_EQ(st.st_groups, n / 20);
	ASSERT_UINT_EQ(st.st_grouped, n / 10);
	ASSERT_UINT_EQ(vg_pwaudit_get(a, 0)->pa_group, 1);
	ASSERT_UINT_EQ(vg_pwaudit_get(a, 10)->pa_group, 1);
	ASSERT_UINT_EQ(vg_pwaudit_get(a, 20)->pa_group, 2);
	ASSERT_UINT_EQ(vg_pwaudit_get(a, 1)->pa_group, 0);
	vg_pwaudit_free(a);
	free(text);
}

/* ------------------------------------------------- with a real index */

/*
 * A tiny NTLM index built here from a plain list, so that this runs
 * without ../shared: the audit's counts are the index's.
 */
VG_TEST(pwaudit_tiny_index)
{
	struct vg_pwdb_src src;
	struct vg_pwdb *db;
	struct vg_pwaudit *a;
	struct vg_diag d;
	struct warns w;
	char list[128], idx[128], text[1024];
	const char *dir = vg_test_tmpdir();
	int n;

	snprintf(list, sizeof(list), "%s/list.txt", dir);
	snprintf(idx, sizeof(idx), "%s/ntlm.idx", dir);
	vg_test_write(list, "password\nSummer2024!\npassword\nsalasana\n");
	src = (struct vg_pwdb_src){ list, true };
	ASSERT_INT_EQ(vg_pwdb_build(idx, &src, 1, VG_PWDB_NTLM, NULL, NULL,
	    NULL, &d), 0);
	ASSERT_INT_EQ(vg_pwdb_open(idx, &db, &d), 0);
	ASSERT_INT_EQ(vg_pwdb_kind(db), VG_PWDB_NTLM);
	n = snprintf(text, sizeof(text),
	    "CORP\\a:1001:%s:%s:::\n"
	    "CORP\\b:1002:%s:%s:::\n"
	    "CORP\\c:1003:%s:%s:::\n"
	    "CORP\\d:1004:%s:%s:::\n",
	    LM_NONE, ntlm_hex("password"), LM_NONE, ntlm_hex("Summer2024!"),
	    LM_NONE, ntlm_hex("Winter2025?x"), LM_NONE, NT_PASSWORD);
	a = audit(text, (size_t)n, 0, &w, index_corpus, db);
	ASSERT_UINT_EQ(find(a, "CORP", "a")->pa_breach_count, 2);
	ASSERT_UINT_EQ(find(a, "CORP", "b")->pa_breach_count, 1);
	ASSERT_FALSE(find(a, "CORP", "c")->pa_breached);
	ASSERT_UINT_EQ(find(a, "CORP", "d")->pa_breach_count, 2);
	ASSERT_UINT_EQ(find(a, "CORP", "d")->pa_group, 1);
	ASSERT_UINT_EQ(find(a, "CORP", "a")->pa_shared_with, 1);
	vg_pwaudit_free(a);
	vg_pwdb_close(db);
	vg_test_rmtree(dir);
}

/*
 * The real HIBP NTLM range files 00000-0000F: every known answer's
 * plaintext, as an account's NT hash, gets the count the files give.
 */
VG_TEST(pwaudit_known_answers_ntlm)
{
	struct vg_pwdb_src src;
	struct vg_pwdb *db;
	struct vg_pwaudit *a;
	struct vg_diag d;
	struct warns w;
	char idx[128], *tsv, *line, *next, *f[6], *p, *rng, *text;
	unsigned long expect[64];
	size_t len, i, k, rows = 0, o = 0;
	const char *dir, *sp;

	/* vg_test_shared() reuses its buffer: copy before the next call. */
	if ((sp = vg_test_shared("creds/hibp-range/ntlm")) == NULL)
		VG_SKIP("../shared/data/creds is absent");
	ASSERT_PTR_NE(rng = strdup(sp), NULL);
	if ((sp = vg_test_shared("creds/hibp-known-answers.tsv")) == NULL) {
		free(rng);
		VG_SKIP("../shared/data/creds is absent");
	}
	tsv = vg_test_read(sp, &len);
	dir = vg_test_tmpdir();
	snprintf(idx, sizeof(idx), "%s/ntlm.idx", dir);
	src = (struct vg_pwdb_src){ rng, false };
	ASSERT_INT_EQ(vg_pwdb_build(idx, &src, 1, VG_PWDB_ANY, NULL, NULL,
	    NULL, &d), 0);
	ASSERT_INT_EQ(vg_pwdb_open(idx, &db, &d), 0);
	ASSERT_INT_EQ(vg_pwdb_kind(db), VG_PWDB_NTLM);

	ASSERT_PTR_NE(text = malloc(64 * 200), NULL);
	for (line = tsv; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (line[0] == '#' || strncmp(line, "ntlm\t", 5) != 0)
			continue;
		for (i = 0, p = line; i < 6; i++) {
			f[i] = p;
			if ((p = strchr(p, '\t')) != NULL)
				*p++ = '\0';
		}
		/* The dump carries the hash as secretsdump does: lower. */
		ASSERT_TRUE(strcasecmp(ntlm_hex(f[1]), f[2]) == 0);
		ASSERT_TRUE(rows < VG_ARRAY_LEN(expect));
		expect[rows] = strtoul(f[5], NULL, 10);
		o += (size_t)snprintf(text + o, 200, "KA\\user%zu:%zu:%s:%s:::"
		    "\n", rows, 2000 + rows, LM_NONE, ntlm_hex(f[1]));
		rows++;
	}
	ASSERT_UINT_EQ(rows, 28);
	a = audit(text, o, 0, &w, index_corpus, db);
	ASSERT_UINT_EQ(vg_pwaudit_count(a), rows);
	for (k = 0; k < rows; k++) {
		ASSERT_UINT_EQ(vg_pwaudit_get(a, k)->pa_breach_count,
		    expect[k]);
		ASSERT_INT_EQ(vg_pwaudit_get(a, k)->pa_breached,
		    expect[k] > 0);
	}
	vg_pwaudit_free(a);
	vg_pwdb_close(db);
	free(text);
	free(tsv);
	free(rng);
	vg_test_rmtree(dir);
}

/* ------------------------------------------------------------ secmem */

/* A dump read whole into a locked buffer: regular file, pipe, limit. */
VG_TEST(pwaudit_secmem_read)
{
	struct vg_secmem sm;
	struct vg_diag d;
	char p[128];
	const char *dir = vg_test_tmpdir();
	int fds[2];

	snprintf(p, sizeof(p), "%s/dump.txt", dir);
	vg_test_write(p, dump);
	ASSERT_INT_EQ(vg_secmem_read_file(&sm, p, VG_MAX_PW_DUMP_BYTES, &d),
	    0);
	ASSERT_UINT_EQ(sm.sm_len, sizeof(dump) - 1);
	ASSERT_TRUE(memcmp(sm.sm_p, dump, sm.sm_len) == 0);
	ASSERT_INT_EQ(sm.sm_p[sm.sm_len], '\0');
	ASSERT_UINT_EQ(sm.sm_cap % 4096, 0);
	vg_secmem_cleanup(&sm);
	ASSERT_PTR_EQ(sm.sm_p, NULL);
	vg_secmem_cleanup(&sm);		/* twice is fine */

	/* Over the limit: refused, nothing kept. */
	ASSERT_INT_EQ(vg_secmem_read_file(&sm, p, 100, &d), VG_ERR_LIMIT);
	ASSERT_PTR_EQ(sm.sm_p, NULL);
	ASSERT_STR_EQ(d.msg, "larger than 100 bytes");
	/* Missing, and a directory. */
	ASSERT_INT_EQ(vg_secmem_read_file(&sm, "/nonexistent/x", 100, &d),
	    VG_ERR_IO);
	ASSERT_INT_EQ(vg_secmem_read_file(&sm, dir, 100, &d), VG_ERR_IO);
	ASSERT_INT_EQ(vg_secmem_read_file(&sm, "/dev/zero", 100, &d),
	    VG_ERR_IO);
	ASSERT_STR_EQ(d.msg, "a device, not a file or a pipe");

	/* A pipe: grown by doubling, and the limit holds there too. */
	ASSERT_INT_EQ(pipe(fds), 0);
	ASSERT_UINT_EQ(write(fds[1], dump, sizeof(dump) - 1),
	    sizeof(dump) - 1);
	ASSERT_INT_EQ(close(fds[1]), 0);
	ASSERT_INT_EQ(vg_secmem_read_fd(&sm, fds[0], VG_MAX_PW_DUMP_BYTES,
	    &d), 0);
	ASSERT_UINT_EQ(sm.sm_len, sizeof(dump) - 1);
	ASSERT_TRUE(memcmp(sm.sm_p, dump, sm.sm_len) == 0);
	vg_secmem_cleanup(&sm);
	ASSERT_INT_EQ(close(fds[0]), 0);
	ASSERT_INT_EQ(pipe(fds), 0);
	ASSERT_UINT_EQ(write(fds[1], dump, sizeof(dump) - 1),
	    sizeof(dump) - 1);
	ASSERT_INT_EQ(close(fds[1]), 0);
	ASSERT_INT_EQ(vg_secmem_read_fd(&sm, fds[0], 200, &d), VG_ERR_LIMIT);
	ASSERT_PTR_EQ(sm.sm_p, NULL);
	ASSERT_INT_EQ(close(fds[0]), 0);
	vg_test_rmtree(dir);
}

struct lines {
	unsigned	n;
	unsigned	toolong;
	size_t		len[8];
	char		text[8][64];
};

static void
on_line(void *arg, const char *p, size_t len, bool toolong)
{
	struct lines *l = arg;

	if (toolong)
		l->toolong++;
	else if (l->n < 8) {
		l->len[l->n] = len;
		snprintf(l->text[l->n], sizeof(l->text[0]), "%.*s", (int)len,
		    p);
	}
	l->n++;
}

/*
 * The line reader of pw check and pw policy: order, a final CR kept for
 * the caller, a last line without a newline, a line too long for the
 * buffer reported once and its bytes dropped, and a long line that did
 * fit handed whole (the caller checks its length).
 */
VG_TEST(pwaudit_secmem_lines)
{
	struct vg_secmem sm;
	struct lines l;
	char big[20000];
	int fds[2];
	size_t i;

	memset(&l, 0, sizeof(l));
	memset(big, 'Q', sizeof(big));
	ASSERT_INT_EQ(vg_secmem_init(&sm, 4096), 0);
	ASSERT_UINT_EQ(sm.sm_cap, 4096);
	ASSERT_INT_EQ(pipe(fds), 0);
	ASSERT_UINT_EQ(write(fds[1], "one\r\n", 5), 5);
	ASSERT_UINT_EQ(write(fds[1], big, 3000), 3000);
	ASSERT_UINT_EQ(write(fds[1], "\n", 1), 1);
	ASSERT_UINT_EQ(write(fds[1], big, sizeof(big)), sizeof(big));
	ASSERT_UINT_EQ(write(fds[1], "\n\nlast", 6), 6);
	ASSERT_INT_EQ(close(fds[1]), 0);
	ASSERT_INT_EQ(vg_secmem_lines(&sm, fds[0], VG_MAX_PW_LINE, NULL,
	    on_line, &l), 0);
	ASSERT_INT_EQ(close(fds[0]), 0);
	ASSERT_UINT_EQ(l.n, 5);
	ASSERT_UINT_EQ(l.toolong, 1);
	ASSERT_STR_EQ(l.text[0], "one\r");
	ASSERT_UINT_EQ(l.len[1], 3000);
	ASSERT_STR_EQ(l.text[3], "");
	ASSERT_STR_EQ(l.text[4], "last");
	/* Everything read was wiped. */
	for (i = 0; i < sm.sm_cap; i++)
		ASSERT_INT_EQ(sm.sm_p[i], 0);
	/* A buffer too small for the line limit is refused. */
	ASSERT_INT_EQ(vg_secmem_lines(&sm, 0, sm.sm_cap, NULL, on_line, &l),
	    VG_ERR_INVAL);
	vg_secmem_cleanup(&sm);
}
