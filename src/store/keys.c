/* The kiosk's signing key: created once beside the log, checked against the
 * public key the log recorded, never replaced without being asked (see the
 * table in keys.h). */
#include "store/keys.h"

#include "common/clock.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "store/log_audit.h"
#include "store/log_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 128 hex digits and a newline; anything longer is not a key file of ours. */
#define KEYS_FILE_LEN (2 * KEYS_SECRET_BYTES + 1)

bool keys_init(void)
{
	return sodium_init() >= 0;
}

void keys_wipe(struct kiosk_key *k)
{
	if (k)
		sodium_memzero(k, sizeof(*k));
}

char *keys_path(const struct log *log)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_appendf(&sb, "%s.key", log_path(log));
	return sb.data;
}

void keys_hex(const unsigned char *bin, size_t n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		hex[2 * i] = digits[bin[i] >> 4];
		hex[2 * i + 1] = digits[bin[i] & 0xf];
	}
	hex[2 * n] = '\0';
}

static int keys_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1; /* upper case too: one spelling per value */
}

bool keys_unhex(const char *hex, unsigned char *bin, size_t n)
{
	if (strlen(hex) != 2 * n)
		return false;
	for (size_t i = 0; i < n; i++) {
		int hi = keys_digit(hex[2 * i]), lo = keys_digit(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		bin[i] = (unsigned char)(hi << 4 | lo);
	}
	return true;
}

/* Parses a key file's bytes; the public key half must be the one the seed
 * half makes, so a damaged file cannot pass for a key. */
static bool keys_parse(char *text, size_t len, struct kiosk_key *k)
{
	if (len == KEYS_FILE_LEN && text[len - 1] == '\n')
		len--;
	if (len != 2 * KEYS_SECRET_BYTES)
		return false;
	text[len] = '\0';
	unsigned char seed[crypto_sign_SEEDBYTES];
	struct kiosk_key check;
	bool ok = keys_unhex(text, k->sk, KEYS_SECRET_BYTES) &&
		  crypto_sign_ed25519_sk_to_seed(seed, k->sk) == 0 &&
		  crypto_sign_seed_keypair(check.pk, check.sk, seed) == 0 &&
		  sodium_memcmp(check.sk, k->sk, KEYS_SECRET_BYTES) == 0;
	if (ok)
		memcpy(k->pk, check.pk, KEYS_PUBLIC_BYTES);
	sodium_memzero(seed, sizeof(seed));
	keys_wipe(&check);
	return ok;
}

/* *missing is true (and nothing reported) when there is no file at all. */
static bool keys_read(const char *path, struct kiosk_key *k, bool *missing, struct diag *err)
{
	*missing = false;
	/* not through a symlink, never a FIFO or a device: a key is a file of
	 * ours beside the log; the size limit only keeps a huge file from
	 * being opened, what is read is one key's length at most */
	int fd = -1;
	size_t size = 0;
	struct diag why;
	diag_init(&why);
	bool ok = fs_open_regular(path, FS_OPEN_NOFOLLOW, KEYS_FILE_LEN + 1, &fd, &size, &why);
	int e = errno;
	if (!ok) {
		*missing = e == ENOENT;
		if (e == EFBIG)
			diag_add(err,
				 "%s: the kiosk's signing key is damaged — restore it from a backup "
				 "(it was not replaced)",
				 path);
		else if (!*missing)
			diag_add(err, "%s — the kiosk's signing key was not replaced",
				 diag_first(&why, path));
		diag_finish(&why);
		return false;
	}
	diag_finish(&why);
	struct stat st;
	char text[KEYS_FILE_LEN + 2];
	ssize_t got = -1;
	ok = fstat(fd, &st) == 0;
	if (ok && (st.st_mode & 077) != 0) {
		close(fd);
		diag_add(err,
			 "%s: the kiosk's signing key may be read by other users — run 'chmod "
			 "600 %s' (a key others could copy no longer proves where an export "
			 "came from)",
			 path, path);
		return false;
	}
	if (ok) {
		do
			got = read(fd, text, sizeof(text) - 1);
		while (got < 0 && errno == EINTR);
	}
	e = errno;
	close(fd);
	if (!ok || got < 0) {
		diag_add(err, "%s: cannot read the kiosk's signing key: %s — it was not replaced",
			 path, strerror(e));
		return false;
	}
	ok = keys_parse(text, (size_t)got, k);
	sodium_memzero(text, sizeof(text));
	if (!ok)
		diag_add(err,
			 "%s: the kiosk's signing key is damaged — restore it from a backup (it "
			 "was not replaced)",
			 path);
	return ok;
}

static bool keys_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		buf += n;
		len -= (size_t)n;
	}
	return true;
}

/* A new key in a new file: O_EXCL so that an existing key, whatever state
 * it is in, is never overwritten; synced with its folder before anyone
 * can see its public key. */
static bool keys_create(const char *path, struct kiosk_key *k, struct diag *err)
{
	if (crypto_sign_keypair(k->pk, k->sk) != 0) {
		diag_add(err, "%s: cannot make a signing key", path);
		return false;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		diag_add(err, "%s: cannot create the kiosk's signing key: %s", path,
			 strerror(errno));
		return false;
	}
	char text[KEYS_FILE_LEN + 1];
	keys_hex(k->sk, KEYS_SECRET_BYTES, text);
	text[KEYS_FILE_LEN - 1] = '\n';
	bool ok = keys_write_all(fd, text, KEYS_FILE_LEN) && fsync(fd) == 0;
	int e = errno;
	sodium_memzero(text, sizeof(text));
	if (close(fd) != 0 && ok) {
		e = errno;
		ok = false;
	}
	if (ok) {
		char *dir = fs_dirname(path);
		ok = fs_fsync_path(dir, true);
		e = errno;
		free(dir);
	}
	if (!ok) {
		/* ours (O_EXCL) and never used: a half-written key must not stay */
		(void)unlink(path);
		keys_wipe(k);
		diag_add(err, "%s: cannot create the kiosk's signing key: %s", path, strerror(e));
	}
	return ok;
}

bool keys_for_log(struct log *log, enum keys_mode mode, struct kiosk_key *out, struct diag *err)
{
	if (!keys_init()) {
		diag_add(err, "%s: cannot start the signing library", log_path(log));
		return false;
	}
	char *path = keys_path(log);
	char *recorded = NULL;
	char hex[2 * KEYS_PUBLIC_BYTES + 1];
	bool missing = false, ok = log_meta_get(log, "public_key", &recorded, err);
	if (ok && keys_read(path, out, &missing, err)) {
		keys_hex(out->pk, KEYS_PUBLIC_BYTES, hex);
		if (mode == KEYS_REPLACE_MISSING) {
			diag_add(err,
				 "%s: this kiosk has its signing key; a new one is made only when "
				 "it is lost",
				 path);
			ok = false;
		} else if (recorded && strcmp(recorded, hex) != 0) {
			diag_add(err,
				 "%s: this signing key is not the one this log signs with (public "
				 "key %.16s...) — put the kiosk's own key back",
				 path, recorded);
			ok = false;
		} else if (!recorded) {
			ok = log_meta_set(log, "public_key", hex, err);
		}
	} else if (ok && missing && recorded && mode != KEYS_REPLACE_MISSING) {
		diag_add(err,
			 "%s: the kiosk's signing key is missing — restore it from a backup (the "
			 "organizers trust only that key), or make a new one with 'visionsort "
			 "export --db %s --new-key' and have the organizers trust it",
			 path, log_path(log));
		ok = false;
	} else if (ok && missing) {
		ok = keys_create(path, out, err);
		if (ok)
			keys_hex(out->pk, KEYS_PUBLIC_BYTES, hex);
		if (ok && recorded)
			ok = log_meta_set(log, "previous_public_key", recorded, err);
		if (ok)
			ok = log_meta_set(log, "public_key", hex, err);
		if (ok)
			ok = log_audit(log, LOG_EVENT_KEY_CREATED, clock_wall_ms(),
				       recorded ? "a new key, the old one lost"
						: "the kiosk's first key",
				       err);
	} else {
		ok = false; /* keys_read or log_meta_get reported it */
	}
	if (!ok)
		keys_wipe(out);
	free(recorded);
	free(path);
	return ok;
}
