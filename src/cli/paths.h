/* Where visionsort finds its bundled files and keeps its log: relative to
 * the running binary once installed, the source tree only for the binary in
 * its build tree. */
#ifndef VS_PATHS_H
#define VS_PATHS_H

/* The folder holding fonts/ and data/; caller frees. $VISIONSORT_DATADIR
 * if set; the source tree for the binary in its build tree; else
 * BINDIR/../share/visionsort beside the binary if it holds the fonts, else
 * the configured datadir. Never NULL: a missing font is reported when
 * opened, naming the folder. */
char *paths_data_dir(void);
/* DATADIR/sub, e.g. "fonts"; caller frees. */
char *paths_in_data_dir(const char *sub);
/* $XDG_DATA_HOME/visionsort/sessions.db, or ~/.local/share/... ; caller frees. */
char *paths_default_db(void);
/* DATADIR/data/norrkoping-2035-sample.tsv; caller frees. */
char *paths_sample_keywords(void);

#endif
