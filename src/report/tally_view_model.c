/* What the live tally's window shows (see tally_view.h), read again from
 * the tally whenever it changed: the ranking as every other output has it,
 * with a note of the things a reader in the room should know (when, which
 * set, flagged sessions, hidden sites, missing exports). The screen is
 * Swedish; the CSV and the log keep their codes. */
#include "report/tally_view_internal.h"

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "model/tally_config.h"
#include "report/report_chain.h"
#include "store/tally.h"
#include "store/tally_stats.h"
#include "ui/scene_tally.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

bool tally_view_refresh(struct tally_view *v, struct diag *err)
{
	struct tally_stats st;
	struct tally_stats_groups total, sites;
	tally_stats_init(&st);
	tally_stats_groups_init(&total);
	tally_stats_groups_init(&sites);
	struct tally_query q = {
		.include_abandoned = v->o->include_abandoned,
		.include_flagged = v->o->include_flagged,
		.min_group = v->o->config ? v->o->config->min_group : STATS_MIN_GROUP_DEFAULT,
		.rank_intervals = true,
	};
	struct tally_query by_site = q;
	by_site.by = TALLY_BY_SITE;
	bool ok = tally_stats_query(v->t, &q, &st, err) &&
		  tally_stats_groups(v->t, &q, &total, err) &&
		  tally_stats_groups(v->t, &by_site, &sites, err);
	if (ok) {
		struct scene_tally_row *rows = xcalloc(st.count + 1, sizeof(*rows));
		struct stats_rank *ranks = xcalloc(st.count + 1, sizeof(*ranks));
		for (size_t i = 0; i < st.count; i++) {
			rows[i] = (struct scene_tally_row){st.rows[i].label, st.rows[i].counts,
							   st.rows[i].stats};
			ranks[i] = st.rows[i].rank;
		}
		struct scene_tally_site *site = xcalloc(sites.count + 1, sizeof(*site));
		for (size_t i = 0; i < sites.count; i++) {
			/* the screen is Swedish; the CSV keeps TALLY_NOT_GIVEN */
			const char *name = strcmp(sites.items[i].segment, TALLY_NOT_GIVEN) == 0
						   ? "utan plats"
						   : sites.items[i].segment;
			site[i] = (struct scene_tally_site){name, sites.items[i].sessions};
		}
		/* local time: it is read off a wall in the room */
		struct strbuf note;
		sb_init(&note);
		char clock_text[64] = "";
		time_t now = time(NULL);
		struct tm tm;
		if (localtime_r(&now, &tm))
			strftime(clock_text, sizeof(clock_text), "uppdaterad %H:%M:%S", &tm);
		sb_append(&note, clock_text);
		if (st.set_id)
			sb_appendf(&note, " · %s v%s", st.set_id, st.set_version);
		const struct tally_stats_group *w = total.count ? &total.items[0] : NULL;
		if (w && w->flagged)
			sb_appendf(&note, " · %llu flaggade %s", (unsigned long long)w->flagged,
				   v->o->include_flagged ? "medräknade" : "ej medräknade");
		size_t hidden = sites.hidden.small ? sites.hidden.small + sites.hidden.secondary
						   : 0;
		if (hidden == 1)
			sb_append(&note, " · 1 liten plats dold");
		else if (hidden)
			sb_appendf(&note, " · %zu små platser dolda", hidden);
		/* the first thing missing of the kiosks' exports, if any: the
		 * screen has room for one line, `tally --imports` lists all */
		struct strbuf chain;
		sb_init(&chain);
		size_t lines = 0;
		ok = report_chain_all(v->t, REPORT_SV, true, &chain, &lines, NULL, err);
		char *nl = lines ? strchr(chain.data, '\n') : NULL;
		if (nl) {
			*nl = '\0';
			chain.len = (size_t)(nl - chain.data);
		}
		if (lines > 1)
			sb_appendf(&chain, " · och %zu till (se 'tally --imports')", lines - 1);
		struct scene_tally_data d = {
			.title = "Vad ska prägla Norrköping 2035?",
			.rows = rows,
			.row_count = st.count,
			.ranks = ranks,
			.sites = site,
			.site_count = sites.count,
			.sessions = w ? w->sessions : 0,
			.kiosks = w ? w->kiosks : 0,
			.note = sb_str(&note),
			.warning = lines ? sb_str(&chain) : NULL,
		};
		scene_tally_set_data(v->scene, &d);
		sb_finish(&chain);
		free(rows);
		free(ranks);
		free(site);
		sb_finish(&note);
	}
	tally_stats_finish(&st);
	tally_stats_groups_finish(&total);
	tally_stats_groups_finish(&sites);
	return ok;
}

bool tally_view_changed(struct tally_view *v)
{
	int64_t version = v->data_version;
	struct diag err;
	diag_init(&err);
	bool ok = tally_stats_data_version(v->t, &version, &err);
	diag_finish(&err);
	bool changed = v->dirty || (ok && version != v->data_version);
	v->data_version = version;
	v->dirty = false;
	return changed;
}
