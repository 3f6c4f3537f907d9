/* The kiosk's voice (app_speech.h): utterances of parts, each part a ticket in the speech
 * room, played in order through the sound device as they become ready. Only the loop's thread
 * calls in here; the speech room's worker only calls the wake function. */
#include "kiosk/app_speech.h"

#include "common/clock.h"
#include "common/xalloc.h"
#include "platform/audio.h"
#include "speech/speech.h"

#include <stdlib.h>
#include <string.h>

struct part {
	size_t lang;
	char *id, *text;
	speech_ticket ticket; /* 0: nothing can say it, or it is played already */
	bool sayable;	      /* something could say it when it was asked for */
};

struct app_speech {
	struct app_speech_options o;
	struct speech *sp; /* NULL: the kiosk is silent */
	struct audio *au;  /* NULL: the kiosk is silent */
	struct speech_voice *voices;
	size_t nvoices;

	/* the utterance being said, kept after it ends for the "repeat" key */
	struct part *parts;
	size_t nparts, cap, next;
	char *why, *id;
	size_t lang;
	int64_t asked_ms;
	bool started; /* its first clip went to the device */
	int64_t latency_ms;

	int volume, default_volume;
};

static void notify(void *ctx, speech_ticket t)
{
	(void)t;
	struct app_speech *s = ctx;
	if (s->o.wake)
		s->o.wake(s->o.wake_ctx);
}

static const char *code(const struct app_speech *s, size_t lang)
{
	return catalog_code(s->o.cat, lang);
}

static int clamp_db(int db)
{
	return db < CONFIG_VOLUME_MIN_DB   ? CONFIG_VOLUME_MIN_DB
	       : db > CONFIG_VOLUME_MAX_DB ? CONFIG_VOLUME_MAX_DB
					   : db;
}

struct app_speech *app_speech_create(const struct app_speech_options *o, struct diag *err)
{
	struct app_speech *s = xcalloc(1, sizeof(*s));
	s->o = *o;
	s->default_volume = s->volume = clamp_db(o->volume_db);
	s->latency_ms = -1;
	if (o->mode == CONFIG_SPEECH_OFF)
		return s;
	s->au = audio_open(err);
	if (!s->au) {
		diag_add(err, "the kiosk is silent: speech needs a sound device");
		return s;
	}
	audio_set_volume_db(s->au, s->volume);
	/* every language file's voice, so that any language offered can speak */
	s->nvoices = catalog_count(o->cat);
	s->voices = xcalloc(s->nvoices ? s->nvoices : 1, sizeof(*s->voices));
	for (size_t i = 0; i < s->nvoices; i++)
		s->voices[i] = (struct speech_voice){catalog_code(o->cat, i),
						     catalog_voice(o->cat, i)};
	struct speech_config cfg = {.recordings_dir = o->recordings_dir,
				    .voices = s->voices,
				    .nvoices = s->nvoices,
				    .named = o->named,
				    .nnamed = o->nnamed};
	s->sp = speech_create(&cfg, err);
	if (!s->sp) {
		audio_close(s->au);
		s->au = NULL;
		return s;
	}
	speech_set_notify(s->sp, notify, s);
	return s;
}

static void forget_parts(struct app_speech *s)
{
	for (size_t i = 0; i < s->nparts; i++) {
		free(s->parts[i].id);
		free(s->parts[i].text);
	}
	s->nparts = s->next = 0;
}

void app_speech_destroy(struct app_speech *s)
{
	if (!s)
		return;
	speech_destroy(s->sp); /* first: its worker may still call notify */
	audio_close(s->au);
	forget_parts(s);
	free(s->parts);
	free(s->voices);
	free(s->why);
	free(s->id);
	free(s);
}

bool app_speech_can_speak(const struct app_speech *s)
{
	return s->sp && s->au;
}

bool app_speech_offers(const struct app_speech *s, size_t lang)
{
	return app_speech_can_speak(s) && speech_offers(s->sp, code(s, lang));
}

bool app_speech_speakable(const struct app_speech *s, size_t lang, const char *id)
{
	return app_speech_can_speak(s) &&
	       speech_source_of(s->sp, code(s, lang), id) != SPEECH_SOURCE_NONE;
}

void app_speech_stop(struct app_speech *s)
{
	if (!app_speech_can_speak(s))
		return;
	speech_cancel_all(s->sp);
	audio_stop(s->au);
	/* tickets are gone with the cancel: what is left is kept only to repeat */
	for (size_t i = 0; i < s->nparts; i++)
		s->parts[i].ticket = 0;
	s->next = s->nparts;
}

void app_speech_begin(struct app_speech *s, const char *why, size_t lang, const char *id,
		      int64_t asked_ms)
{
	app_speech_stop(s);
	forget_parts(s);
	free(s->why);
	free(s->id);
	s->why = xstrdup(why);
	s->id = xstrdup(id ? id : "");
	s->lang = lang;
	s->asked_ms = asked_ms;
	s->started = false;
	s->latency_ms = -1;
}

void app_speech_part(struct app_speech *s, size_t lang, const char *id, const char *text)
{
	if (!text || !*text)
		return;
	xgrow((void **)&s->parts, &s->cap, s->nparts + 1, sizeof(*s->parts));
	s->parts[s->nparts++] = (struct part){lang, id ? xstrdup(id) : NULL, xstrdup(text), 0,
					      false};
}

void app_speech_end(struct app_speech *s)
{
	s->next = 0;
	if (!app_speech_can_speak(s)) {
		s->next = s->nparts;
		return;
	}
	for (size_t i = 0; i < s->nparts; i++) {
		struct part *p = &s->parts[i];
		struct speech_text t = {code(s, p->lang), p->id, p->text};
		p->ticket = speech_say(s->sp, &t);
		p->sayable = p->ticket != 0;
	}
	app_speech_poll(s);
}

bool app_speech_repeat(struct app_speech *s, int64_t asked_ms)
{
	if (!s->nparts || !app_speech_can_speak(s))
		return false;
	app_speech_stop(s);
	s->asked_ms = asked_ms;
	s->started = false;
	s->latency_ms = -1;
	free(s->why);
	s->why = xstrdup("repeat");
	app_speech_end(s);
	return true;
}

void app_speech_prefetch(struct app_speech *s, size_t lang, const char *id, const char *text)
{
	if (!app_speech_can_speak(s) || !text || !*text)
		return;
	struct speech_text t = {code(s, lang), id, text};
	speech_prefetch(s->sp, &t);
}

/* {"t":..,"event":"speech","why":..,"id":..,"lang":..,"text":..,"source":..,"frame":..,
 * "rate":..}: docs/trace-layout.md. */
static void trace_start(struct app_speech *s, const struct speech_clip *first, uint64_t frame)
{
	if (!s->o.trace)
		return;
	struct strbuf text, line;
	sb_init(&text);
	sb_init(&line);
	for (size_t i = 0; i < s->nparts; i++)
		if (s->parts[i].sayable)
			sb_appendf(&text, "%s%s", text.len ? " " : "", s->parts[i].text);
	sb_appendf(&line, "{\"t\":%lld,\"event\":\"speech\",\"why\":",
		   (long long)(clock_mono_ms() - s->o.t0));
	sb_append_json(&line, s->why);
	sb_append(&line, ",\"id\":");
	sb_append_json(&line, s->id);
	sb_append(&line, ",\"lang\":");
	sb_append_json(&line, code(s, s->lang));
	sb_append(&line, ",\"text\":");
	sb_append_json(&line, sb_str(&text));
	sb_appendf(&line, ",\"source\":\"%s\",\"frame\":%llu,\"rate\":%d}",
		   speech_clip_source(first) == SPEECH_SOURCE_RECORDED ? "recorded" : "synthesised",
		   (unsigned long long)frame, audio_rate(s->au));
	s->o.trace(s->o.trace_ctx, &line);
	sb_finish(&text);
	sb_finish(&line);
}

static void play(struct app_speech *s, struct speech_clip *clip)
{
	struct diag err;
	diag_init(&err);
	const int16_t *pcm = speech_clip_samples(clip);
	size_t frames = speech_clip_frames(clip);
	int rate = speech_clip_rate(clip);
	if (!s->started) {
		uint64_t at = 0;
		if (audio_play_at(s->au, pcm, frames, rate, &at, &err)) {
			s->started = true;
			trace_start(s, clip, at);
		}
	} else {
		audio_queue(s->au, pcm, frames, rate, &err);
	}
	diag_finish(&err); /* a clip the device cannot take is one text unheard, not a fault */
}

void app_speech_poll(struct app_speech *s)
{
	if (!app_speech_can_speak(s))
		return;
	while (s->next < s->nparts) {
		struct part *p = &s->parts[s->next];
		if (p->ticket) {
			struct speech_clip *clip = NULL;
			enum speech_status st = speech_take(s->sp, p->ticket, &clip);
			if (st == SPEECH_PENDING)
				return; /* the parts keep their order: wait for this one */
			p->ticket = 0;
			if (st == SPEECH_READY)
				play(s, clip);
			speech_clip_unref(clip);
		}
		s->next++;
	}
}

bool app_speech_busy(struct app_speech *s)
{
	return app_speech_can_speak(s) && (s->next < s->nparts || audio_playing(s->au));
}

int64_t app_speech_latency_ms(struct app_speech *s)
{
	if (s->latency_ms < 0 && s->started) {
		int64_t t = audio_started_ms(s->au);
		if (t > 0)
			s->latency_ms = t - s->asked_ms;
	}
	return s->latency_ms;
}

void app_speech_set_volume(struct app_speech *s, int db)
{
	s->volume = clamp_db(db);
	if (s->au)
		audio_set_volume_db(s->au, s->volume);
}

int app_speech_volume(const struct app_speech *s)
{
	return s->volume;
}

void app_speech_set_default_volume(struct app_speech *s, int db)
{
	s->default_volume = clamp_db(db);
	app_speech_set_volume(s, s->default_volume);
}

int app_speech_default_volume(const struct app_speech *s)
{
	return s->default_volume;
}
