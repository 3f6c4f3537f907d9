/* The speech engine as a visitor would notice it: every label of the sample set is spoken in
 * sv, en and ar for about as long as it takes to say; a recording wins over the voice; a
 * language with neither says nothing (so no speaker button shows); a text heard before is
 * there at once; and an interruption stops a long text at once. */
#include "common/diag.h"
#include "common/utf8.h"
#include "model/keyset.h"
#include "sound.h"
#include "speech/speech.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const struct speech_voice voices[] = {
	{"sv", "sv"},	       {"en", "en"},
	{"ar", "ar"},	       {"so", "so"}, /* espeak-ng has no Somali */
	{"sv-lattlast", "sv"},
};

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static struct speech *start(const char *recordings, size_t cache_bytes, struct diag *d)
{
	struct speech_config cfg = {
		.recordings_dir = recordings,
		.voices = voices,
		.nvoices = sizeof(voices) / sizeof(voices[0]),
		.cache_bytes = cache_bytes,
	};
	diag_init(d);
	struct speech *sp = speech_create(&cfg, d);
	assert_non_null(sp);
	return sp;
}

static struct speech_clip *say_and_wait(struct speech *sp, const char *lang, const char *id,
					const char *text)
{
	struct speech_text t = {lang, id, text};
	speech_ticket tk = speech_say(sp, &t);
	assert_true(tk != 0);
	struct speech_clip *clip = NULL;
	enum speech_status st = speech_wait(sp, tk, 10000, &clip);
	if (st != SPEECH_READY)
		fail_msg("\"%s\" in %s: status %d, not ready", text, lang, st);
	return clip;
}

static struct keyset *sample_set(void)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/data/norrkoping-2035-sample.tsv",
		 getenv("VS_SOURCE_ROOT"));
	struct diag d;
	diag_init(&d);
	struct keyset *ks = keyset_load(path, &d);
	assert_non_null(ks);
	diag_finish(&d);
	return ks;
}

/* The only problem start-up reports with the test voices: no Somali voice. */
static void expect_only_somali_missing(const struct diag *d)
{
	assert_int_equal(d->count, 1);
	assert_non_null(strstr(d->lines[0], "language so: espeak-ng has no voice \"so\""));
}

static void test_every_sample_label_per_voice(void **state)
{
	struct diag d;
	struct speech *sp = start(NULL, 0, &d);
	expect_only_somali_missing(&d);
	struct keyset *ks = sample_set();
	const char *langs[] = {"sv", "en", "ar"};
	for (size_t l = 0; l < 3; l++) {
		int lang = keyset_language_index(ks, langs[l]);
		assert_true(lang >= 0);
		assert_true(speech_has_voice(sp, langs[l]));
		double shortest = 1e9, longest = 0;
		for (size_t i = 0; i < keyset_count(ks); i++) {
			const char *label = keyset_label(ks, i, (size_t)lang);
			struct speech_clip *c = say_and_wait(sp, langs[l], NULL, label);
			assert_int_equal(speech_clip_source(c), SPEECH_SOURCE_SYNTHESISED);
			const int16_t *s = speech_clip_samples(c);
			size_t n = speech_clip_frames(c);
			int rate = speech_clip_rate(c);
			double secs = speech_clip_seconds(c);
			double chars = (double)utf8_count(label, strlen(label));
			/* speech runs at 8 to 20 characters a second (espeak-ng's measured here:
			 * 8 for Arabic, 20 for English); outside 6.5 to 28 it is not the label */
			if (secs < 0.035 * chars || secs > 0.15 * chars + 0.3)
				fail_msg("%s \"%s\" (%.0f characters) lasts %.2f s", langs[l],
					 label, chars, secs);
			/* speech, not silence or a click: mostly sound, at a listenable level */
			if (sound_peak(s, n) < 8000 || sound_voiced_share(s, n, rate, 300) < 0.5)
				fail_msg("%s \"%s\" is nearly silent (peak %d, voiced %.2f)",
					 langs[l], label, sound_peak(s, n),
					 sound_voiced_share(s, n, rate, 300));
			/* trimmed: the sound starts at once when played */
			assert_true(sound_rms(s, (size_t)rate / 50) > 30 || abs(s[0]) > 30);
			shortest = secs < shortest ? secs : shortest;
			longest = secs > longest ? secs : longest;
			speech_clip_unref(c);
		}
		print_message("%s: %zu labels, %.2f to %.2f s\n", langs[l], keyset_count(ks),
			      shortest, longest);
	}
	keyset_destroy(ks);
	speech_destroy(sp);
	diag_finish(&d);
}

static char *recordings_with(const char *lang, const char *file, int rate, size_t frames)
{
	char *dir = sound_temp_dir();
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, lang);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/%s/%s", dir, lang, file);
	int16_t *pcm = sound_tone(330, rate, 1, frames, 9000);
	bool ok = strstr(file, ".ogg") ? sound_write_ogg(path, pcm, frames, rate, 1)
				       : sound_write_wav(path, pcm, frames, rate, 1);
	assert_true(ok);
	free(pcm);
	return dir;
}

static void test_recording_takes_precedence(void **state)
{
	char *dir = recordings_with("sv", "keyword.kunskapsstad.wav", 16000, 6400);
	struct diag d;
	struct speech *sp = start(dir, 0, &d);
	expect_only_somali_missing(&d);
	assert_int_equal(speech_source_of(sp, "sv", "keyword.kunskapsstad"),
			 SPEECH_SOURCE_RECORDED);
	assert_int_equal(speech_source_of(sp, "sv", "keyword.trygghet"), SPEECH_SOURCE_SYNTHESISED);
	/* a recording belongs to its language: English still has the voice */
	assert_int_equal(speech_source_of(sp, "en", "keyword.kunskapsstad"),
			 SPEECH_SOURCE_SYNTHESISED);

	struct speech_clip *c = say_and_wait(sp, "sv", "keyword.kunskapsstad", "Kunskapsstad");
	assert_int_equal(speech_clip_source(c), SPEECH_SOURCE_RECORDED);
	assert_int_equal(speech_clip_rate(c), 16000);
	assert_int_equal(speech_clip_frames(c), 6400);
	speech_clip_unref(c);
	c = say_and_wait(sp, "sv", "keyword.trygghet", "Trygghet");
	assert_int_equal(speech_clip_source(c), SPEECH_SOURCE_SYNTHESISED);
	speech_clip_unref(c);
	speech_destroy(sp);
	diag_finish(&d);
	sound_remove_dir(dir);
	free(dir);
}

/* A recording a keyword set or a language file names: said instead of the voice, and instead
 * of the folder's recording of the same text; in a language with no voice it is the speech
 * there is. */
static void test_named_recording_takes_precedence(void **state)
{
	char *dir = recordings_with("sv", "keyword.kunskapsstad.wav", 16000, 6400);
	char named_sv[512], named_so[512];
	snprintf(named_sv, sizeof(named_sv), "%s/kunskapsstad-uppläst.ogg", dir);
	snprintf(named_so, sizeof(named_so), "%s/dhammee.wav", dir);
	int16_t *pcm = sound_tone(330, 22050, 1, 11025, 9000);
	assert_true(sound_write_ogg(named_sv, pcm, 11025, 22050, 1));
	assert_true(sound_write_wav(named_so, pcm, 8000, 22050, 1));
	free(pcm);
	const struct speech_recording named[] = {
		{"sv", "keyword.kunskapsstad", named_sv},
		{"so", "sort.done", named_so},
	};
	struct speech_config cfg = {.recordings_dir = dir,
				    .voices = voices,
				    .nvoices = sizeof(voices) / sizeof(voices[0]),
				    .named = named,
				    .nnamed = 2};
	struct diag d;
	diag_init(&d);
	struct speech *sp = speech_create(&cfg, &d);
	assert_non_null(sp);
	expect_only_somali_missing(&d);
	struct speech_clip *c = say_and_wait(sp, "sv", "keyword.kunskapsstad", "Kunskapsstad");
	assert_int_equal(speech_clip_source(c), SPEECH_SOURCE_RECORDED);
	assert_int_equal(speech_clip_frames(c), 11025); /* the named file, not the folder's */
	speech_clip_unref(c);
	assert_true(speech_offers(sp, "so"));
	assert_int_equal(speech_source_of(sp, "so", "sort.done"), SPEECH_SOURCE_RECORDED);
	assert_int_equal(speech_source_of(sp, "so", "sort.title"), SPEECH_SOURCE_NONE);
	c = say_and_wait(sp, "so", "sort.done", "Dhammee");
	assert_int_equal(speech_clip_frames(c), 8000);
	speech_clip_unref(c);
	speech_destroy(sp);
	diag_finish(&d);

	/* a named file that is not there: said, and its text has nothing to say it in so */
	char gone[512];
	snprintf(gone, sizeof(gone), "%s/su-aal.ogg", dir);
	const struct speech_recording missing = {"so", "sort.title", gone};
	cfg.named = &missing;
	cfg.nnamed = 1;
	diag_init(&d);
	sp = speech_create(&cfg, &d);
	assert_non_null(sp);
	assert_int_equal(d.count, 2); /* and no voice for so */
	assert_true(strstr(d.lines[0], gone) || strstr(d.lines[1], gone));
	assert_int_equal(speech_source_of(sp, "so", "sort.title"), SPEECH_SOURCE_NONE);
	assert_false(speech_offers(sp, "so"));
	speech_destroy(sp);
	diag_finish(&d);
	sound_remove_dir(dir);
	free(dir);
}

static void test_language_without_voice_says_nothing(void **state)
{
	struct diag d;
	struct speech *sp = start(NULL, 0, &d);
	expect_only_somali_missing(&d);
	assert_false(speech_has_voice(sp, "so"));
	assert_false(speech_offers(sp, "so"));
	assert_false(speech_offers(sp, "fi")); /* not configured at all */
	assert_true(speech_offers(sp, "sv-lattlast"));
	assert_int_equal(speech_source_of(sp, "so", "keyword.kunskapsstad"), SPEECH_SOURCE_NONE);
	struct speech_text t = {"so", "keyword.kunskapsstad", "Magaalada aqoonta"};
	assert_true(speech_say(sp, &t) == 0);
	assert_false(speech_prefetch(sp, &t));
	speech_destroy(sp);
	diag_finish(&d);

	/* one Somali recording: that text is spoken, the others still are not */
	char *dir = recordings_with("so", "keyword.kunskapsstad.ogg", 22050, 11025);
	sp = start(dir, 0, &d);
	assert_true(speech_offers(sp, "so"));
	assert_false(speech_has_voice(sp, "so"));
	assert_int_equal(speech_source_of(sp, "so", "keyword.kunskapsstad"),
			 SPEECH_SOURCE_RECORDED);
	assert_int_equal(speech_source_of(sp, "so", "keyword.trygghet"), SPEECH_SOURCE_NONE);
	struct speech_clip *c = say_and_wait(sp, "so", "keyword.kunskapsstad", "Magaalada aqoonta");
	assert_int_equal(speech_clip_source(c), SPEECH_SOURCE_RECORDED);
	assert_int_equal(speech_clip_frames(c), 11025);
	speech_clip_unref(c);
	speech_destroy(sp);
	diag_finish(&d);
	sound_remove_dir(dir);
	free(dir);
}

static void test_cache_hit_is_the_same_clip_at_once(void **state)
{
	struct diag d;
	struct speech *sp = start(NULL, 0, &d);
	struct speech_clip *first = say_and_wait(sp, "sv", "keyword.trygghet", "Trygghet");
	struct speech_stats st;
	speech_get_stats(sp, &st);
	assert_int_equal(st.misses, 1);
	assert_int_equal(st.synthesised, 1);

	double t0 = now_ms();
	struct speech_text t = {"sv", "keyword.trygghet", "Trygghet"};
	speech_ticket tk = speech_say(sp, &t);
	struct speech_clip *again = NULL;
	/* no waiting: ready the moment it is asked for */
	assert_int_equal(speech_take(sp, tk, &again), SPEECH_READY);
	double took = now_ms() - t0;
	assert_ptr_equal(again, first);
	assert_true(took < 100); /* microseconds in fact; only a gross stall fails this */
	speech_get_stats(sp, &st);
	assert_int_equal(st.hits, 1);
	assert_int_equal(st.synthesised, 1);
	/* the same text in another voice is another clip */
	struct speech_clip *en = say_and_wait(sp, "en", "keyword.trygghet", "Trygghet");
	assert_ptr_not_equal(en, first);
	print_message("cache hit in %.3f ms\n", took);
	speech_clip_unref(en);
	speech_clip_unref(again);
	speech_clip_unref(first);
	speech_destroy(sp);
	diag_finish(&d);
}

static void test_cache_is_bounded(void **state)
{
	struct diag d;
	size_t bound = 150 * 1024; /* room for about three labels */
	struct speech *sp = start(NULL, bound, &d);
	struct keyset *ks = sample_set();
	for (size_t i = 0; i < 10; i++) {
		struct speech_clip *c = say_and_wait(sp, "sv", NULL, keyset_label(ks, i, 0));
		speech_clip_unref(c);
		struct speech_stats st;
		speech_get_stats(sp, &st);
		assert_true(st.cache_bytes <= bound);
		assert_true(st.cache_count >= 1);
	}
	/* the first label has made way for later ones; the last is still there */
	struct speech_stats before, after;
	speech_get_stats(sp, &before);
	speech_clip_unref(say_and_wait(sp, "sv", NULL, keyset_label(ks, 9, 0)));
	speech_clip_unref(say_and_wait(sp, "sv", NULL, keyset_label(ks, 0, 0)));
	speech_get_stats(sp, &after);
	assert_int_equal(after.hits, before.hits + 1);
	assert_int_equal(after.misses, before.misses + 1);
	keyset_destroy(ks);
	speech_destroy(sp);
	diag_finish(&d);
}

static char *long_text(const char *sentence, size_t times)
{
	size_t n = strlen(sentence);
	char *s = malloc(n * times + 1);
	for (size_t i = 0; i < times; i++)
		memcpy(s + i * n, sentence, n);
	s[n * times] = '\0';
	return s;
}

static void wait_busy(struct speech *sp)
{
	struct speech_stats st;
	double t0 = now_ms();
	do {
		speech_get_stats(sp, &st);
		assert_true(now_ms() - t0 < 5000);
	} while (!st.busy);
}

static void test_interrupt(void **state)
{
	struct diag d;
	struct speech *sp = start(NULL, 0, &d);
	char *text = long_text("Norrköping växer längs Motala ström, och staden vill veta vad "
			       "invånarna tycker är viktigast. ",
			       200);
	struct speech_text t = {"sv", NULL, text};
	speech_ticket tk = speech_say(sp, &t);
	assert_true(tk != 0);
	wait_busy(sp);
	speech_cancel(sp, tk);
	/* the next text comes without waiting for the long one */
	double t0 = now_ms();
	struct speech_clip *c = say_and_wait(sp, "sv", NULL, "Trygghet");
	double took = now_ms() - t0;
	speech_clip_unref(c);
	struct speech_stats st;
	speech_get_stats(sp, &st);
	assert_int_equal(st.interrupted, 1);
	assert_int_equal(speech_take(sp, tk, &c), SPEECH_UNKNOWN);
	assert_null(c);
	print_message("after an interruption the next text was ready in %.1f ms\n", took);

	/* cancelling everything drops what waits behind the running text too */
	tk = speech_say(sp, &t);
	struct speech_text other = {"sv", NULL, "Ensamhet"};
	speech_ticket queued = speech_say(sp, &other);
	wait_busy(sp);
	speech_cancel_all(sp);
	assert_int_equal(speech_take(sp, tk, NULL), SPEECH_UNKNOWN);
	assert_int_equal(speech_take(sp, queued, NULL), SPEECH_UNKNOWN);
	c = say_and_wait(sp, "sv", NULL, "Mångfald");
	speech_clip_unref(c);
	speech_get_stats(sp, &st);
	assert_int_equal(st.interrupted, 2);
	assert_int_equal(st.synthesised, 2); /* Trygghet and Mångfald, never Ensamhet */
	free(text);
	speech_destroy(sp);
	diag_finish(&d);
}

struct notified {
	atomic_int count;
	atomic_ullong last;
};

static void on_ready(void *ctx, speech_ticket t)
{
	struct notified *n = ctx;
	atomic_store(&n->last, t);
	atomic_fetch_add(&n->count, 1);
}

static void test_notify_and_prefetch(void **state)
{
	struct diag d;
	struct speech *sp = start(NULL, 0, &d);
	struct notified n;
	atomic_init(&n.count, 0);
	atomic_init(&n.last, 0);
	speech_set_notify(sp, on_ready, &n);
	struct speech_text t = {"ar", NULL, "الشعور بالأمان"};
	speech_ticket tk = speech_say(sp, &t);
	struct speech_clip *c = NULL;
	assert_int_equal(speech_wait(sp, tk, 10000, &c), SPEECH_READY);
	speech_clip_unref(c);
	/* the worker calls after it let go of the lock, so perhaps just after the wait ended */
	for (double t0 = now_ms(); atomic_load(&n.count) == 0;)
		assert_true(now_ms() - t0 < 5000);
	assert_int_equal(atomic_load(&n.count), 1);
	assert_true(atomic_load(&n.last) == tk);

	/* a prefetch fills the cache without a ticket or a notification */
	struct speech_text p = {"en", NULL, "Feeling safe"};
	assert_true(speech_prefetch(sp, &p));
	struct speech_stats st;
	double t0 = now_ms();
	do {
		speech_get_stats(sp, &st);
		assert_true(now_ms() - t0 < 10000);
	} while (st.synthesised < 2);
	tk = speech_say(sp, &p);
	assert_int_equal(speech_take(sp, tk, &c), SPEECH_READY);
	speech_clip_unref(c);
	assert_int_equal(atomic_load(&n.count), 1);
	speech_destroy(sp);
	diag_finish(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_sample_label_per_voice),
		cmocka_unit_test(test_recording_takes_precedence),
		cmocka_unit_test(test_named_recording_takes_precedence),
		cmocka_unit_test(test_language_without_voice_says_nothing),
		cmocka_unit_test(test_cache_hit_is_the_same_clip_at_once),
		cmocka_unit_test(test_cache_is_bounded),
		cmocka_unit_test(test_interrupt),
		cmocka_unit_test(test_notify_and_prefetch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
