/*
 * vg_limits.h -- every hard limit of vigil, in one place.
 *
 * Each constant says what it bounds, why it has this value and what
 * happens when input exceeds it.  Nothing in vigil grows without bound.
 */
#ifndef VG_LIMITS_H
#define VG_LIMITS_H

/*
 * Longest log line kept, in bytes.  Syslog over TCP (RFC 6587) commonly
 * caps messages at 8 KiB and journald at 48 KiB; 64 KiB keeps every real
 * record seen in the test corpora.  A longer line is cut at this length,
 * the cut part is skipped up to the next newline, and the line is counted
 * in the "truncated" counter.
 */
#define VG_MAX_LINE		(64 * 1024)

/*
 * Read buffer for log input.  Large enough that the per-read cost is
 * amortised over thousands of lines; must exceed VG_MAX_LINE.
 */
#define VG_READ_BUF		(1024 * 1024)

/*
 * Extra named fields one event can carry beyond the fixed slots.  Zeek
 * and Suricata records have more fields, but only these are kept; the
 * rest stay in the original message.  Further fields are dropped and
 * counted.
 */
#define VG_MAX_EXTRAS		16

/*
 * Observables (IPs, domains, URLs, e-mails, hashes) extracted from one
 * line by the generic extractor.  A line listing more addresses than this
 * has the rest ignored and counted in "observables_dropped".
 */
#define VG_MAX_OBSERVABLES	32

/*
 * Scratch bytes per event for values that cannot be views into the input
 * line (unescaped JSON strings, normalized names).  A value that does not
 * fit is dropped from the event and counted.
 */
#define VG_EVENT_SCRATCH	(16 * 1024)

/*
 * Longest single indicator kept from a feed (a URL is the longest kind).
 * Longer entries are reported as bad lines with their file and line.
 */
#define VG_MAX_INDICATOR	2048

/*
 * Most feeds in one set; a feed id is stored in 16 bits in the snapshot.
 */
#define VG_MAX_FEEDS		4096

/*
 * Most indicators in one set: keeps every offset of the snapshot image in
 * 32 bits.  Loading more fails with VG_ERR_LIMIT.
 */
#define VG_MAX_INDICATORS	(200u * 1000 * 1000)

/*
 * Largest feed file read, in bytes.  The biggest public feeds (URLhaus
 * full dump, IPsum) are tens of MB; 1 GiB leaves room while bounding
 * memory.  A larger feed is refused with an error naming the file.
 */
#define VG_MAX_FEED_BYTES	(1024L * 1024 * 1024)

/*
 * Largest JSON feed document (a MISP event, a STIX bundle).  A parsed
 * JSON tree takes several times its text in memory, so the ceiling is a
 * quarter of VG_MAX_FEED_BYTES; the largest public MISP events are tens
 * of MB.  A larger document is refused with an error naming the file.
 */
#define VG_MAX_JSON_FEED_BYTES	(256L * 1024 * 1024)

/*
 * Longest feed line.  Abuse.ch CSV rows with long tags are < 4 KiB; MISP
 * and STIX are read as whole JSON documents, not lines.
 */
#define VG_MAX_FEED_LINE	(16 * 1024)

/* Longest name of a feed (from -i NAME=PATH, a header or a file name). */
#define VG_MAX_FEED_NAME	128

/* Most input files named on one command line. */
#define VG_MAX_INPUTS		65536

/* Most worker threads of vigil scan. */
#define VG_MAX_THREADS		64

/*
 * Largest legacy GeoIP file accepted.  Country-edition records are 24
 * bits and values from 16776960 up are countries, so no tree can address
 * more than 16776960 six-byte nodes; the rest is a short info string.  A
 * bigger file is not a country edition, and refusing it keeps a wrong
 * path from reading gigabytes into memory.
 */
#define VG_MAX_GEOIP_LEGACY_BYTES	(16776960LL * 6 + 4096)

/* Largest detections config file (YAML). */
#define VG_MAX_CONFIG_BYTES	(1024 * 1024)

/*
 * Longest version string compared, in bytes.  The longest real ones
 * (Debian "1.2.3~git20240101.0123456789ab+dfsg-1~deb12u1" and the
 * like, rpm releases with a dist tag and a git hash) stay under 100;
 * 256 bounds the work per comparison.  A longer string is refused with
 * VG_ERR_LIMIT.
 */
#define VG_MAX_VERSION		256

/*
 * Largest inventory text parsed, in bytes.  A dpkg status file of a full
 * desktop is under 10 MB and an Alpine installed database, which lists
 * every installed file, stays well under that; 128 MiB bounds memory
 * while leaving an order of magnitude of room.  A larger buffer is
 * refused with VG_ERR_LIMIT before anything is parsed.
 */
#define VG_MAX_INVENTORY_BYTES	(128L * 1024 * 1024)

/*
 * Most packages loaded from one inventory.  A large Debian or Fedora
 * desktop has 5,000; installing all of Debian is impossible, and 200,000
 * entries take 18 MB here.  The parse fails with VG_ERR_LIMIT, naming the
 * line, rather than audit a silently partial list.
 */
#define VG_MAX_INV_PACKAGES	200000

/*
 * Longest package name, version, source name or architecture kept.  Real
 * values are under 100 bytes (the longest are snapshot versions with a
 * git hash).  A record with a longer value is reported as malformed with
 * its line and skipped.
 */
#define VG_MAX_PKG_FIELD	256

/*
 * Largest os-release text read.  Real files are under 1 KiB; the limit
 * only bounds the work on a wrong file.  A larger buffer fails with
 * VG_ERR_LIMIT.
 */
#define VG_MAX_OS_RELEASE_BYTES	(64 * 1024)

/*
 * Hosts of one fleet directory (vigil vuln hosts).  The organization has
 * some tens of thousands of machines; the limit stops a wrong directory
 * (a whole file system) from being read as a fleet.
 */
#define VG_MAX_FLEET_HOSTS	1000000u

/*
 * Longest line of a findings report read back by vigil vuln affected
 * --findings.  A finding is under 2 KiB; the summary of an advisory is
 * cut at VG_MAX_ADV_SUMMARY.
 */
#define VG_MAX_FINDING_LINE	(64 * 1024)

/* The advisory database of the patch audit (advisory.h). */

/*
 * Largest advisory file read whole into memory (a JSON document, not a
 * zip archive).  The Debian tracker's export, the largest, is about
 * 70 MB and grows by a few MB a year; 512 MiB leaves room while bounding
 * memory.  A larger file is reported and skipped (VG_ERR_LIMIT when it
 * is the path given to the load).
 */
#define VG_MAX_ADV_FILE_BYTES	(512L * 1024 * 1024)

/*
 * Largest JSON value parsed into a tree at once: one OSV record (a file
 * or a zip member), one source package of the Debian tracker (read one
 * package at a time), or the KEV catalogue.  The largest real ones are
 * the tracker's "linux" package (about 10 MB) and OSV kernel records of
 * a few MB; a jansson tree takes several times its text, so 64 MiB
 * bounds a load to a few hundred MB.  A larger value is reported and
 * skipped.
 */
#define VG_MAX_ADV_DOC_BYTES	(64L * 1024 * 1024)

/*
 * Most members of one zip archive, and most bytes decompressed from it.
 * osv.dev's largest per-ecosystem all.zip files hold about 100,000
 * records and 1 GB of JSON; the whole-database all.zip about 500,000
 * records.  The caps bound the work a hostile archive (a zip bomb) can
 * cause.  Past them the rest of the archive is reported and skipped.
 */
#define VG_MAX_ADV_ZIP_MEMBERS	(2u * 1000 * 1000)
#define VG_MAX_ADV_ZIP_BYTES	(8LL * 1024 * 1024 * 1024)

/*
 * Most files read from one directory tree, and deepest directory
 * nesting followed.  An OSV checkout (advisory-database, osv.dev's
 * per-ecosystem trees) has a few hundred thousand files at depth < 8.
 * Past the count the rest is reported and skipped; deeper directories
 * are reported and not entered.
 */
#define VG_MAX_ADV_FILES	(2u * 1000 * 1000)
#define VG_MAX_ADV_DEPTH	16

/*
 * Most advisories and affected-package entries in one database.  All of
 * osv.dev is about 500,000 records and, with the Debian tracker, under
 * 5 million entries (the tracker alone gives one per source package,
 * CVE and release: about 1.5 million).  At about 200 bytes an entry the
 * cap bounds memory near 4 GB.  Loading more stops the load with
 * VG_ERR_LIMIT: an audit against a silently partial database would
 * miss vulnerabilities.
 */
#define VG_MAX_ADV_RECORDS	(4u * 1000 * 1000)
#define VG_MAX_ADV_AFFECTED	(20u * 1000 * 1000)

/*
 * Longest id, alias, ecosystem, package name or version kept, in bytes.
 * Real ones are under 100 (the longest are Red Hat ecosystems such as
 * "Red Hat:enterprise_linux:8::appstream" and snapshot versions); a
 * version longer than VG_MAX_VERSION (vg_limits.h, 256) could not be
 * compared anyway.  A record with a longer id is skipped; an entry with
 * a longer name or version is skipped; a longer alias is dropped; each is
 * reported.
 */
#define VG_MAX_ADV_FIELD	256

/*
 * Most aliases (with upstream and related ids) kept per advisory.  The
 * longest real lists, Debian LTS kernel advisories, name about 400 CVEs.
 * The rest are dropped and the record is reported as truncated.
 */
#define VG_MAX_ADV_ALIASES	2048

/*
 * Most range events and most explicit versions per affected entry.  Go
 * and kernel records have tens of events; PyPI and npm records list up
 * to a few thousand versions.  An entry over either is reported and
 * skipped, since a cut list would silently miss versions.
 */
#define VG_MAX_ADV_EVENTS	1024
#define VG_MAX_ADV_VERSIONS	65536

/*
 * Longest summary kept, in bytes.  An advisory without a summary gets
 * the start of its details (OSV) or description (Debian) instead, cut at
 * a character boundary; a report line needs no more.
 */
#define VG_MAX_ADV_SUMMARY	256

/*
 * Most entries of one KEV catalogue.  The catalogue had 1,404 in August
 * 2025 and grows by about 200 a year.  Entries past the cap are reported
 * and skipped.
 */
#define VG_MAX_KEV_ENTRIES	100000

/* The breached-password index (pwdb.h, vigil pw). */

/*
 * Longest password line vigil pw check hashes, and longest line of a
 * plain password list, in bytes.  Real passwords are under 100 bytes and
 * password managers stop at 128 characters (512 UTF-8 bytes); a longer
 * line is most likely not a password.  It is answered with an error line
 * (check) or reported by line number and skipped (index), never hashed.
 */
#define VG_MAX_PW_LINE		1024

/*
 * Most passwords read from the plain lists of one vigil pw index.  They
 * are the only input sorted in memory: 20 bytes a hash, so 50 million
 * take 1 GB (and the sort as much again).  rockyou.txt has 14 million
 * lines.  More fail the build with VG_ERR_LIMIT: convert a larger list to
 * a sorted HASH:COUNT file, which streams.
 */
#define VG_MAX_PW_PLAIN		(50u * 1000 * 1000)

/*
 * Most distinct hashes in one index.  Entry numbers are 32-bit in the
 * index's prefix table; Pwned Passwords has about 950 million, so 4
 * billion leaves four times the room.  The build fails with VG_ERR_LIMIT
 * past it, and an index header claiming more is refused as corrupt.
 */
#define VG_MAX_PW_HASHES	(4000u * 1000 * 1000)

/*
 * Most SRC arguments of one vigil pw index, each an open file during the
 * merge (a range directory opens one file at a time).  Bounds descriptors
 * and the merge heap; more is a usage error (VG_ERR_LIMIT).
 */
#define VG_MAX_PW_SOURCES	256

/*
 * Longest line of a HASH:COUNT or range file.  The longest valid one is
 * 40 hex digits, a colon, a 10-digit count and a CR: 52 bytes; 256 leaves
 * room for leading zeros.  A longer line is a bad line.
 */
#define VG_MAX_PW_SOURCE_LINE	256

/*
 * Bad lines tolerated in one hash source (a file or a range directory)
 * before the build gives up.  A real download has none; a thousand means
 * the file is something else (a password list without --passwords, a
 * damaged copy), and building a silently partial index from it would be
 * worse than failing.  Past it the build fails with VG_ERR_PARSE.
 * Plain password lists have no such cap: their unhashable lines are
 * only counted and reported.
 */
#define VG_MAX_PW_BAD_LINES	1000

/* ---- Leaked-account matching (account.h, vigil accounts) ---------- */

/*
 * Largest directory export read (CSV or LDIF), in bytes.  An LDIF dump of
 * 100,000 Active Directory users with every attribute is a few hundred
 * MB; the agency's is a few tens.  A larger file is refused with
 * VG_ERR_LIMIT, naming the file, before anything is parsed.
 */
#define VG_MAX_ACCOUNT_DIR_BYTES	(1024L * 1024 * 1024)

/*
 * Most accounts in one directory (all files merged).  The organization
 * has tens of thousands; 2 million accounts take about 400 MB with their
 * index.  Past it the load fails with VG_ERR_LIMIT naming the line:
 * matching against a silently partial directory would miss accounts.
 */
#define VG_MAX_ACCOUNTS			(2u * 1000 * 1000)

/*
 * Longest identifier kept (an e-mail address, a UPN, a login), in bytes.
 * RFC 5321 caps a path at 256 octets including the brackets, so no
 * address is longer than 254.  A longer leaked or directory value is
 * reported as malformed with its line and skipped.
 */
#define VG_MAX_ACCOUNT_ID		254

/*
 * Most identifiers of one account (mail, UPN, logins, aliases and
 * proxyAddresses together).  Real mailboxes have a handful; shared
 * mailboxes of old migrations a few dozen.  The rest are dropped and
 * the record is reported.
 */
#define VG_MAX_ACCOUNT_IDENTS		64

/*
 * Longest logical line of a directory (an LDIF value after unfolding, a
 * CSV row).  AD attributes such as proxyAddresses are one value per
 * line; thumbnailPhoto is the longest real one at up to 100 KB of
 * base64.  A longer line is reported and its value or row skipped.
 */
#define VG_MAX_ACCOUNT_DIR_LINE		(256 * 1024)

/*
 * Longest leaked-list line, in bytes.  Combo lines are under 200 bytes
 * and breach CSVs with many columns under 4 KiB.  A longer line is
 * reported as malformed and skipped up to its newline; the parser keeps
 * at most this much of a line that a chunk split.
 */
#define VG_MAX_ACCOUNT_LEAK_LINE	(16 * 1024)

/*
 * Most bytes read from one leaked list (after decompression).  The
 * largest compilations circulating are around 100 GB; the limit exists
 * so that a decompression bomb or a device given by mistake ends with
 * an error naming the file (VG_ERR_LIMIT) instead of running forever.
 */
#define VG_MAX_ACCOUNT_LEAK_BYTES	(256LL * 1024 * 1024 * 1024)

/*
 * Sightings (file:line) kept per matched account; further ones are only
 * counted.  Officers need a few places to look, not every line of a
 * compilation that repeats an address thousands of times.
 */
#define VG_MAX_ACCOUNT_SOURCES		16

/*
 * Distinct password hashes kept per matched account.  Real accounts have
 * a handful across compilations; the cap bounds what a hostile list
 * repeating one address can make the matcher hold.  Past it the count
 * stops growing and the result says so by being at the cap.
 */
#define VG_MAX_ACCOUNT_PASSWORDS	256

/*
 * Largest key file read, in bytes.  A key file is 32 raw bytes or a
 * comment and 64 hex digits; anything much larger is the wrong file and
 * is refused with VG_ERR_LIMIT.
 */
#define VG_MAX_ACCOUNT_KEY_FILE		4096

/*
 * Longest unit name, in bytes.  Unit names become file names
 * (UNIT.hmac); the agency's are province names.  A longer name is
 * reported and its line skipped.
 */
#define VG_MAX_ACCOUNT_UNIT		64

/*
 * Largest unit-domains file, and most units in it.  The agency has about
 * 60 units with a few domains each.  Past either the file is refused
 * with VG_ERR_LIMIT.
 */
#define VG_MAX_ACCOUNT_UNITS_BYTES	(1024 * 1024)
#define VG_MAX_ACCOUNT_UNITS		4096

/*
 * Most digests the centre's hasher holds before writing (all units
 * together), 33 bytes each in memory: 50 million take about 2 GB.  A
 * compilation hashed without --unit-domains keeps every identifier;
 * with it, only the organization's.  Past it the run stops with
 * VG_ERR_LIMIT naming the list and line rather than write partial files.
 */
#define VG_MAX_ACCOUNT_DIGESTS		(50u * 1000 * 1000)

/* ---- The range server (pwserve.h, vigil pw serve) ------------------ */

/*
 * Where vigil pw serve listens without --listen.  Loopback only, as
 * redis's protected mode does: serving the unit's network is a decision
 * the operator states (and then usually puts TLS in front or on).
 */
#define VG_DEFAULT_PWSERVE_LISTEN	"127.0.0.1:8420"

/*
 * Cache-Control max-age of a range response, in seconds: HIBP's own, 31
 * days.  The index changes when the corpus is re-downloaded, every few
 * months; a proxy serving a stale range only misses the newest hashes.
 */
#define VG_DEFAULT_PWSERVE_MAX_AGE	2678400

/*
 * Open connections of one server.  A range answer takes microseconds, so
 * a few hundred connections keep the CPUs busy; the cap keeps descriptors
 * (the default soft limit is 1024) and memory bounded.  Past it
 * libmicrohttpd refuses new connections until one closes.
 */
#define VG_MAX_PWSERVE_CONNECTIONS	512

/*
 * Open connections from one client address.  A password manager opens a
 * few; a reverse proxy in front of the server counts as one client, so
 * the cap is generous.  Past it that address's new connections are
 * refused, so that one client cannot take all of
 * VG_MAX_PWSERVE_CONNECTIONS.
 */
#define VG_MAX_PWSERVE_PER_IP		128

/*
 * Seconds a connection may stay idle (no request, or a request that does
 * not finish arriving) before it is closed.  Real clients send a request
 * at once; slow-loris clients are cut off after this.
 */
#define VG_MAX_PWSERVE_IDLE		15

/*
 * Memory of one connection for its request line and headers, and the
 * headers of the answer, in bytes.  An HIBP request is a few hundred
 * bytes; a request whose headers do not fit is answered with an error by
 * libmicrohttpd and closed.
 */
#define VG_MAX_PWSERVE_CONN_MEMORY	(16 * 1024)

/*
 * Threads of one server (--threads; the default is one per CPU).  More
 * than there are CPUs only adds context switches; the cap bounds what a
 * mistyped option can start.  More is a usage error.
 */
#define VG_MAX_PWSERVE_THREADS		64

/*
 * Largest TLS certificate (chain) or key file read, in bytes.  A chain
 * of a few certificates is under 10 KB; anything much larger is the
 * wrong file, refused with VG_ERR_LIMIT.
 */
#define VG_MAX_PWSERVE_TLS_FILE		(256 * 1024)

/* ---- vigil pw audit and pw policy (pwaudit.h, pwpolicy.h) ---------- */

/*
 * Largest NT hash dump read by vigil pw audit, in bytes.  secretsdump
 * writes about 90 bytes an account, and about as much again for each
 * history entry (-history): 1 GiB holds ten million lines, a directory
 * of a million accounts with their histories.  The dump is read whole
 * into one locked buffer; a larger file is refused with VG_ERR_LIMIT
 * before any of it is read.
 */
#define VG_MAX_PW_DUMP_BYTES		(1024L * 1024 * 1024)

/*
 * Longest line of a dump.  A pwdump line is a name (domain included, at
 * most VG_MAX_PW_DUMP_NAME), a RID, 2 x 32 hex digits and impacket's
 * status and pwdLastSet suffixes: under 600 bytes.  A longer line is
 * reported by number and skipped.
 */
#define VG_MAX_PW_DUMP_LINE		4096

/*
 * Longest user or domain name in a dump, in bytes.  sAMAccountName has
 * at most 20 characters and a DNS domain name 253; 256 bytes holds both
 * with room for UTF-8.  A longer name is reported and its line skipped.
 */
#define VG_MAX_PW_DUMP_NAME		256

/*
 * Most accounts in one audit (all dumps together).  Bounds the account
 * table (about 40 bytes an account plus the names) at well under 1 GB;
 * the largest directories have a few million accounts.  Past it the
 * audit stops with VG_ERR_LIMIT naming the dump and line.
 */
#define VG_MAX_PW_AUDIT_ACCOUNTS	(20u * 1000 * 1000)

/*
 * Most context words of one vigil pw policy (--context, --context-file).
 * Each password is searched for every word, so the list is what makes a
 * check slow: organization and unit names and a user's identifiers are
 * a few dozen.  Past it adding a word fails with VG_ERR_LIMIT.
 */
#define VG_MAX_PW_CONTEXT_WORDS		4096

/*
 * Largest --context-file, in bytes.  A few thousand words of at most
 * VG_MAX_PW_LINE bytes; a larger file is the wrong file and is refused
 * with VG_ERR_LIMIT.
 */
#define VG_MAX_PW_CONTEXT_FILE		(1024 * 1024)

#endif /* VG_LIMITS_H */
