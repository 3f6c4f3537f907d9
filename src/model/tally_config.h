/* The organizers' settings for the tally, in an INI file of its own
 * (docs/config.md, "The tally's file"): how small a group may be before it
 * is hidden, and the rules by which sessions are flagged as misuse. Every
 * key has a default, so the tally runs without a file; a file that is
 * wrong is refused whole, each problem named with its line, as the kiosk's
 * configuration is. */
#ifndef VS_TALLY_CONFIG_H
#define VS_TALLY_CONFIG_H

#include "common/diag.h"
#include "model/misuse.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TALLY_CONFIG_GROUP_MAX 1000
#define TALLY_CONFIG_SECONDS_MAX 60
#define TALLY_CONFIG_WINDOW_MAX 1440 /* minutes: a day */

struct tally_config {
	char *path;		   /* the file read; NULL for the defaults */
	uint64_t min_group;	   /* min_group_sessions: 5, never below 3 */
	struct misuse_rules rules; /* min_seconds_per_card, repeat_window_minutes */
};

/* 5 sessions, 1 s per card, 10 minutes. */
void tally_config_defaults(struct tally_config *out);
/* Reads buf[0..len) over the defaults; false with one "NAME:LINE: message"
 * per problem (out then holds the defaults). Either way
 * tally_config_finish(out). */
bool tally_config_parse(const char *buf, size_t len, const char *name, struct tally_config *out,
			struct diag *err);
/* tally_config_parse on a file; a file that cannot be read is one line. */
bool tally_config_load(const char *path, struct tally_config *out, struct diag *err);
void tally_config_finish(struct tally_config *c); /* NULL-safe, and safe twice */
/* Whether buf's first section is [tally], so `visionsort check` knows it. */
bool tally_config_is_tally_file(const char *buf, size_t len);

#endif
