/* Word wrapping and size fitting over the measuring interface in text.h.
 * Breaks only at spaces and after hyphens, which is right for the Swedish,
 * English and Arabic labels we show; a word that is wider than the box on
 * its own is broken between UTF-8 characters as a last resort. */
#include "ui/text.h"

#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

void text_block_init(struct text_block *b)
{
	memset(b, 0, sizeof(*b));
}

void text_block_finish(struct text_block *b)
{
	free(b->lines);
	text_block_init(b);
}

static void add_line(struct text_block *b, size_t start, size_t len)
{
	xgrow((void **)&b->lines, &b->cap, b->count + 1, sizeof(*b->lines));
	b->lines[b->count++] = (struct text_span){start, len};
}

static size_t utf8_next(const char *s, size_t i, size_t end)
{
	i++;
	while (i < end && ((unsigned char)s[i] & 0xC0) == 0x80)
		i++;
	return i;
}

/* End of the longest prefix of text[start..end) that fits in max_w,
 * at least one character so progress is always made. */
static size_t fit_chars(const struct text_metrics *tm, enum font_face face, int size,
			const char *text, size_t start, size_t end, int max_w)
{
	size_t best = utf8_next(text, start, end);
	for (size_t i = best; i < end;) {
		size_t next = utf8_next(text, i, end);
		if (tm->width(tm->ctx, face, size, text + start, next - start) > max_w)
			break;
		best = i = next;
	}
	return best;
}

bool text_wrap(const struct text_metrics *tm, enum font_face face, int size, const char *text,
	       int max_w, struct text_block *out)
{
	out->count = 0;
	out->size = size;
	out->width = 0;
	size_t n = strlen(text);
	size_t line_start = 0;
	bool fits = true;
	while (line_start < n) {
		while (line_start < n && text[line_start] == ' ')
			line_start++;
		if (line_start >= n)
			break;
		/* Extend word by word while the line still fits. */
		size_t line_end = line_start;
		size_t i = line_start;
		while (i < n) {
			size_t word_end = i;
			while (word_end < n && text[word_end] != ' ' && text[word_end] != '-')
				word_end++;
			if (word_end < n && text[word_end] == '-')
				word_end++;
			int w = tm->width(tm->ctx, face, size, text + line_start,
					  word_end - line_start);
			if (w > max_w)
				break;
			line_end = word_end;
			i = word_end;
			while (i < n && text[i] == ' ')
				i++;
		}
		if (line_end == line_start) {
			/* One word wider than the box: break inside it. */
			line_end = fit_chars(tm, face, size, text, line_start, n, max_w);
		}
		size_t len = line_end - line_start;
		while (len > 0 && text[line_start + len - 1] == ' ')
			len--;
		int w = tm->width(tm->ctx, face, size, text + line_start, len);
		if (w > max_w)
			fits = false;
		if (w > out->width)
			out->width = w;
		add_line(out, line_start, len);
		line_start = line_end;
	}
	out->height = (int)out->count * tm->text_height(tm->ctx, face, size, text, n);
	return fits;
}

/* True when no line had to be broken inside a word. */
static bool breaks_only_between_words(const char *text, const struct text_block *b)
{
	for (size_t i = 0; i + 1 < b->count; i++) {
		size_t end = b->lines[i].start + b->lines[i].len;
		char after = text[end];
		char last = b->lines[i].len ? text[end - 1] : ' ';
		if (after != ' ' && after != '\0' && last != '-')
			return false;
	}
	return true;
}

bool text_fits(const struct text_metrics *tm, enum font_face face, int size, int max_lines,
	       const char *text, int box_w, int box_h, struct text_block *out)
{
	bool ok = text_wrap(tm, face, size, text, box_w, out);
	return ok && (int)out->count <= max_lines && out->height <= box_h &&
	       breaks_only_between_words(text, out);
}

bool text_fit(const struct text_metrics *tm, enum font_face face, int min_size, int max_size,
	      int max_lines, const char *text, int box_w, int box_h, struct text_block *out)
{
	if (max_size >= min_size &&
	    text_fits(tm, face, max_size, max_lines, text, box_w, box_h, out))
		return true;
	/* A text that fits at a size fits at any smaller one (the sort scene's
	 * fit_role bisects on the same grounds), so the largest size that fits
	 * is found by bisection. Every size tried is measured afresh, glyph by
	 * glyph, and a scan down from the largest measured tens of them for a
	 * label that does not fit at its largest (an Arabic title: ~1 ms). */
	int lo = min_size - 1, hi = max_size; /* lo fits (or is below the range), hi does not */
	while (hi - lo > 1) {
		int mid = lo + (hi - lo) / 2;
		if (text_fits(tm, face, mid, max_lines, text, box_w, box_h, out))
			lo = mid;
		else
			hi = mid;
	}
	if (lo >= min_size)
		return text_fits(tm, face, lo, max_lines, text, box_w, box_h, out);
	text_wrap(tm, face, min_size, text, box_w, out);
	return (int)out->count <= max_lines && out->height <= box_h && out->width <= box_w;
}

void text_draw_at(struct draw_list *dl, const struct text_metrics *tm, enum font_face face,
		  const struct text_block *b, const char *text, int x, int y, struct color c)
{
	int lh = tm->text_height(tm->ctx, face, b->size, text, strlen(text));
	for (size_t i = 0; i < b->count; i++)
		draw_text(dl, x, y + (int)i * lh, face, b->size, c, text + b->lines[i].start,
			  b->lines[i].len);
}

void text_draw_centered(struct draw_list *dl, const struct text_metrics *tm, enum font_face face,
			const struct text_block *b, const char *text, struct rect box,
			struct color c)
{
	int lh = tm->text_height(tm->ctx, face, b->size, text, strlen(text));
	int y = box.y + (box.h - b->height) / 2;
	for (size_t i = 0; i < b->count; i++) {
		const char *line = text + b->lines[i].start;
		int w = tm->width(tm->ctx, face, b->size, line, b->lines[i].len);
		draw_text(dl, box.x + (box.w - w) / 2, y + (int)i * lh, face, b->size, c, line,
			  b->lines[i].len);
	}
}
