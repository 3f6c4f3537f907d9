/* The kiosk configuration: one INI file per kiosk (keys in docs/config.md) saying where it
 * stands, which languages it offers, how many cards it deals, when it gives up on an
 * absent visitor, the staff PIN, and site-specific wording. Every key has a default, so a
 * kiosk runs without a file; a file that is wrong is refused whole, each problem named with
 * its line, because a kiosk quietly running half a configuration is worse than none. */
#ifndef VS_CONFIG_H
#define VS_CONFIG_H

#include "common/diag.h"
#include "model/catalog.h"
#include "model/keyset.h"

#include <stdbool.h>
#include <stddef.h>

#define CONFIG_LANGUAGES_MAX 16
#define CONFIG_CARDS_MIN 4
#define CONFIG_CARDS_MAX 36
#define CONFIG_IDLE_MIN 10
#define CONFIG_IDLE_MAX 3600
#define CONFIG_COUNTDOWN_MIN 3
#define CONFIG_COUNTDOWN_MAX 120
#define CONFIG_DIAGONAL_MIN 7.0
#define CONFIG_DIAGONAL_MAX 100.0
#define CONFIG_COMPARE_MIN 2
#define CONFIG_COMPARE_MAX 100000
#define CONFIG_PIN_TRIES_MIN 3
#define CONFIG_PIN_TRIES_MAX 10
#define CONFIG_PIN_LOCK_MIN 10
#define CONFIG_PIN_LOCK_MAX 3600
/* The speech volume's range in dB below full scale: 30 dB, from a quiet reading room to a
 * busy hall (docs/speech.md). */
#define CONFIG_VOLUME_MIN_DB (-30)
#define CONFIG_VOLUME_MAX_DB 0

/* Whether the kiosk speaks ([speech] mode):
 *   off    never; no speaker buttons, no "read everything to me"
 *   offer  speaker buttons, and "read everything to me" for a visitor who chooses it; silent
 *          until a visitor asks (the default)
 *   on     every visit is read aloud from the start, as if each visitor had chosen it */
enum config_speech {
	CONFIG_SPEECH_OFF,
	CONFIG_SPEECH_OFFER,
	CONFIG_SPEECH_ON,
};

/* One line of a [text.CODE] section: wording that replaces a catalog text at this site. */
struct config_text {
	char *code; /* language */
	char *id;   /* catalog text id */
	char *text;
	size_t line;
};

/* Every string is owned; config_finish frees them. */
struct kiosk_config {
	char *path;	  /* the file read, for messages; NULL for the defaults */
	char *site;	  /* "Stadsbiblioteket Norrköping"; "" when not given */
	char *label;	  /* "Kiosk 1", shown in the staff menu; "" when not given */
	char **languages; /* codes, in the order of the language screen */
	size_t nlanguages;
	int cards;
	int idle_seconds;
	int idle_countdown_seconds;
	double screen_diagonal_inches;
	/* The thanks scene compares a visitor's choice with earlier visitors'
	 * only once at least this many have been shown the word here. */
	int compare_min_sessions;
	char *keywords; /* path, resolved against the file's folder; NULL: the bundled sample */
	char *pin_hash; /* "$argon2id$..."; NULL: no PIN set */
	enum config_speech speech;
	int volume_db; /* what each visitor starts at, CONFIG_VOLUME_MIN_DB..MAX_DB */
	/* How the screen is drawn: "auto", "software" or "opengl"
	 * (platform_options.renderer says what each means). */
	char *renderer;
	/* the lock-out: after pin_tries wrong PINs in a row the pad locks for
	 * pin_lock_seconds, each lock after it twice as long (model/pin.h) */
	int pin_tries;
	int pin_lock_seconds;
	struct config_text *texts;
	size_t ntexts;
	/* Where keys were given (0: not given), for the checks that need other files. */
	size_t languages_line, cards_line, keywords_line;
};

/* Fills out with the defaults: languages sv,en,ar, 12 cards, 90 s idle, 15 s countdown,
 * a 24" screen, comparisons from 10 earlier visitors, the sample keywords, no PIN, a lock-out
 * after 5 wrong PINs for 60 s, the renderer chosen automatically, speech offered at -6 dB. */
void config_defaults(struct kiosk_config *out);
/* Reads buf[0..len) over the defaults. True on success; false with one "NAME:LINE:
 * message" per problem, and out then holds the defaults. Either way config_finish(out).
 * out is written, not freed first: pass a fresh struct, not one config_defaults filled. */
bool config_parse(const char *buf, size_t len, const char *name, struct kiosk_config *out,
		  struct diag *err);
/* config_parse on a file; a file that cannot be read is one "PATH: ..." line. */
bool config_load(const char *path, struct kiosk_config *out, struct diag *err);
void config_finish(struct kiosk_config *cfg); /* NULL-safe, and safe twice */

/* True for a renderer name the renderer key takes: auto, software, opengl. */
bool config_renderer_valid(const char *name);

/* Checks the configuration against the language files and puts its [text.CODE] wording into
 * the catalog: every language must have a file, every id must be a catalog id and every text
 * keep the placeholders of the Swedish one. On failure nothing is changed. */
bool config_apply(const struct kiosk_config *cfg, struct catalog *cat, struct diag *err);
/* Checks the configuration against its keyword set: enough keywords for the cards dealt, and
 * a label column for every language, so that no visitor reads cards in another language. */
bool config_check_keyset(const struct kiosk_config *cfg, const struct keyset *ks, struct diag *err);

#endif
