/* The tally's shared command-line pieces (see cli_tally.h). */
#include "cli/cli_tally.h"

#include "cli/cli.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cli_tally_config(const char *path, struct tally_config *out)
{
	if (!path) {
		tally_config_defaults(out);
		return true;
	}
	struct diag err;
	diag_init(&err);
	bool ok = tally_config_load(path, out, &err);
	if (!ok)
		cli_report(&err);
	diag_finish(&err);
	return ok;
}

void cli_tally_set(const char *arg, char **id, char **version)
{
	*id = *version = NULL;
	if (!arg)
		return;
	const char *at = strrchr(arg, '@');
	if (!at) {
		*id = xstrdup(arg);
		return;
	}
	*id = xstrdup(arg);
	(*id)[at - arg] = '\0';
	*version = xstrdup(at + 1);
}

bool cli_tally_rules(struct tally *t, const struct tally_config *c)
{
	if (!c->path)
		return true; /* no file: the tally keeps the rules it has */
	struct diag err;
	diag_init(&err);
	bool rejudged = false;
	bool ok = tally_set_misuse_rules(t, &c->rules, &rejudged, &err);
	if (!ok)
		cli_report(&err);
	else if (rejudged)
		printf("every session judged again by the rules of %s (at least %.1f s per card, "
		       "repeats within %lld minutes)\n",
		       c->path, (double)c->rules.min_ms_per_card / 1000,
		       (long long)(c->rules.repeat_window_ms / 60000));
	diag_finish(&err);
	return ok;
}
