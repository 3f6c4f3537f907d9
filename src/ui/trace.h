/* The --trace-layout lines: an interface used by tests outside the repo,
 * so the field names and their meaning are fixed (see docs/trace-layout.md). */
#ifndef VS_TRACE_H
#define VS_TRACE_H

#include "common/strbuf.h"
#include "ui/layout.h"

#include <stdint.h>

/* {"t":MS,"scene":NAME,"w":W,"h":H,"items":[...]} without a newline.
 * The part after "t" is what decides whether the layout changed. */
void trace_layout_line(struct strbuf *sb, int64_t t_ms, const char *scene, int w, int h,
		       const struct layout *l);
/* The same line without "t", for comparing one frame's layout to the last. */
void trace_layout_key(struct strbuf *sb, const char *scene, int w, int h, const struct layout *l);
/* {"t":MS,"event":"session-saved","session":UUID,"placed":N} */
void trace_session_saved(struct strbuf *sb, int64_t t_ms, const char *uuid, size_t placed);

#endif
