/* JSON lines for the layout trace. Written by hand because the shape is
 * tiny and fixed; strings go through the one JSON escaper in strbuf. */
#include "ui/trace.h"

static const char *role_name(enum item_role r)
{
	switch (r) {
	case ROLE_CARD:
		return "card";
	case ROLE_ZONE:
		return "zone";
	case ROLE_BUTTON:
		return "button";
	case ROLE_TEXT:
		return "text";
	case ROLE_SPEAKER:
		return "speaker";
	}
	return "unknown";
}

static void append_body(struct strbuf *sb, const char *scene, int w, int h, const struct layout *l)
{
	sb_append(sb, "\"scene\":");
	sb_append_json(sb, scene);
	sb_appendf(sb, ",\"w\":%d,\"h\":%d,\"items\":[", w, h);
	for (size_t i = 0; i < l->count; i++) {
		const struct layout_item *it = &l->items[i];
		if (i)
			sb_append(sb, ",");
		sb_append(sb, "{\"id\":");
		sb_append_json(sb, it->id);
		sb_append(sb, ",\"role\":");
		sb_append_json(sb, role_name(it->role));
		sb_appendf(sb, ",\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d", it->r.x, it->r.y, it->r.w,
			   it->r.h);
		if (it->zone) {
			sb_append(sb, ",\"zone\":");
			sb_append_json(sb, it->zone);
		}
		if (it->rank > 0)
			sb_appendf(sb, ",\"rank\":%d", it->rank);
		if (it->enabled >= 0)
			sb_appendf(sb, ",\"enabled\":%s", it->enabled ? "true" : "false");
		if (it->selected >= 0)
			sb_appendf(sb, ",\"selected\":%s", it->selected ? "true" : "false");
		if (it->target)
			sb_append(sb, ",\"target\":true");
		if (it->count > 0 || it->total > 0)
			sb_appendf(sb, ",\"count\":%d,\"total\":%d", it->count, it->total);
		if (it->focused)
			sb_append(sb, ",\"focused\":true");
		if (it->text_px > 0)
			sb_appendf(sb, ",\"text_px\":%d,\"lines\":%d", it->text_px, it->lines);
		sb_append(sb, "}");
	}
	sb_append(sb, "]}");
}

void trace_layout_line(struct strbuf *sb, int64_t t_ms, const char *scene, int w, int h,
		       const struct layout *l)
{
	sb_appendf(sb, "{\"t\":%lld,", (long long)t_ms);
	append_body(sb, scene, w, h, l);
}

void trace_layout_key(struct strbuf *sb, const char *scene, int w, int h, const struct layout *l)
{
	sb_append(sb, "{");
	append_body(sb, scene, w, h, l);
}

void trace_session_saved(struct strbuf *sb, int64_t t_ms, const char *uuid, size_t placed)
{
	sb_appendf(sb, "{\"t\":%lld,\"event\":\"session-saved\",\"session\":", (long long)t_ms);
	sb_append_json(sb, uuid);
	sb_appendf(sb, ",\"placed\":%zu}", placed);
}
