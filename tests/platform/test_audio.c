/* Sound as a visitor hears it: played through SDL's disk driver, which writes what would
 * reach the speaker to a file in real time. The capture must hold the clip (as long as it
 * is, as loud as the volume says), nothing after an interruption, and a synthesised label. */
#include "common/diag.h"
#include "common/fsutil.h"
#include "platform/audio.h"
#include "speech/speech.h"
#include "../speech/sound.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LOUD 200 /* a sample above this is sound, not the silence around it */

struct capture {
	char *dir, path[512];
	struct audio *audio;
	int16_t *s;
	size_t n;
	int rate;
};

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&t, NULL);
}

static void capture_start(struct capture *c)
{
	memset(c, 0, sizeof(*c));
	c->dir = sound_temp_dir();
	snprintf(c->path, sizeof(c->path), "%s/capture.raw", c->dir);
	setenv("SDL_AUDIODRIVER", "disk", 1);
	setenv("SDL_DISKAUDIOFILE", c->path, 1);
	struct diag d;
	diag_init(&d);
	c->audio = audio_open(&d);
	if (!c->audio)
		fail_msg("%s", diag_first(&d, "?"));
	diag_finish(&d);
	c->rate = audio_rate(c->audio);
}

static void play(struct capture *c, const int16_t *s, size_t n, int rate)
{
	struct diag d;
	diag_init(&d);
	assert_true(audio_play(c->audio, s, n, rate, &d));
	diag_finish(&d);
}

static void wait_done(struct capture *c)
{
	for (int waited = 0; audio_playing(c->audio); waited += 10) {
		assert_true(waited < 20000);
		sleep_ms(10);
	}
}

/* Closes the device and reads what it wrote. */
static void capture_finish(struct capture *c)
{
	sleep_ms(100); /* a little silence after the end, as a listener would hear */
	audio_close(c->audio);
	char *buf;
	size_t len;
	struct diag d;
	diag_init(&d);
	assert_true(fs_read_file(c->path, &buf, &len, &d));
	diag_finish(&d);
	c->s = (int16_t *)buf;
	c->n = len / sizeof(int16_t);
}

static void capture_free(struct capture *c)
{
	free(c->s);
	sound_remove_dir(c->dir);
	free(c->dir);
}

/* The stretches of sound in s[from..), separated by at least 50 ms of silence. */
static bool next_sound(const struct capture *c, size_t *from, size_t *start, size_t *end)
{
	size_t gap = (size_t)c->rate / 20, i = *from;
	/* set on every path: cmocka's assert_true does not return on failure as far as
	 * the compiler knows, so at -O3 it warns the callers' stretches may be unset */
	*start = *end = i;
	while (i < c->n && abs(c->s[i]) <= LOUD)
		i++;
	if (i >= c->n)
		return false;
	*start = i;
	size_t last = i;
	for (; i < c->n && i - last < gap; i++)
		if (abs(c->s[i]) > LOUD)
			last = i;
	*end = last + 1;
	*from = i;
	return true;
}

static void test_tone_is_captured(void **state)
{
	struct capture c;
	capture_start(&c);
	/* at espeak-ng's rate, so the device's rate (48 kHz asked for) means a conversion */
	int16_t *tone = sound_tone(440, 22050, 1, 11025, 16000);
	play(&c, tone, 11025, 22050);
	wait_done(&c);
	assert_true(audio_started_ms(c.audio) > 0);
	capture_finish(&c);
	size_t from = 0, start, end;
	assert_true(next_sound(&c, &from, &start, &end));
	double secs = (double)(end - start) / c.rate;
	double rms = sound_rms(c.s + start, end - start);
	print_message("device %d Hz: %.3f s of sound, rms %.0f\n", c.rate, secs, rms);
	assert_true(fabs(secs - 0.5) < 0.02);
	assert_true(fabs(rms - 16000 / M_SQRT2) < 0.05 * 16000 / M_SQRT2);
	assert_false(next_sound(&c, &from, &start, &end)); /* nothing else */
	free(tone);
	capture_free(&c);
}

static void test_volume_spans_18_db(void **state)
{
	assert_true(AUDIO_VOLUME_MAX_DB - AUDIO_VOLUME_MIN_DB >= 18);
	struct capture c;
	capture_start(&c);
	audio_set_volume_db(c.audio, -100);
	assert_true(audio_volume_db(c.audio) == AUDIO_VOLUME_MIN_DB);
	audio_set_volume_db(c.audio, 12);
	assert_true(audio_volume_db(c.audio) == AUDIO_VOLUME_MAX_DB);

	int16_t *tone = sound_tone(440, c.rate, 1, (size_t)c.rate / 4, 20000);
	play(&c, tone, (size_t)c.rate / 4, c.rate);
	wait_done(&c);
	sleep_ms(150);
	audio_set_volume_db(c.audio, -18);
	play(&c, tone, (size_t)c.rate / 4, c.rate);
	wait_done(&c);
	capture_finish(&c);
	size_t from = 0, s1, e1, s2, e2;
	assert_true(next_sound(&c, &from, &s1, &e1));
	assert_true(next_sound(&c, &from, &s2, &e2));
	double db = 20 * log10(sound_rms(c.s + s2, e2 - s2) / sound_rms(c.s + s1, e1 - s1));
	print_message("second clip %.1f dB below the first\n", -db);
	assert_true(fabs(db + 18) < 0.5);
	free(tone);
	capture_free(&c);
}

static void test_stop_silences_at_once(void **state)
{
	struct capture c;
	capture_start(&c);
	int16_t *tone = sound_tone(440, c.rate, 1, (size_t)c.rate * 3, 16000);
	play(&c, tone, (size_t)c.rate * 3, c.rate);
	sleep_ms(300);
	assert_true(audio_playing(c.audio));
	audio_stop(c.audio);
	assert_false(audio_playing(c.audio));
	sleep_ms(300);
	capture_finish(&c);
	size_t from = 0, start, end;
	assert_true(next_sound(&c, &from, &start, &end));
	double secs = (double)(end - start) / c.rate;
	print_message("stopped after %.3f s of a 3 s clip\n", secs);
	assert_true(secs > 0.1 && secs < 1.5); /* slept 0.3 s; a loaded machine may oversleep */
	assert_false(next_sound(&c, &from, &start, &end));
	free(tone);
	capture_free(&c);
}

/* An utterance in parts (a recorded label, then the voice) sounds as one, without a gap, and
 * the frame audio_play_at gives is where it begins in the capture, however long the device
 * ran silent before: the end-to-end test finds each spoken text by it. */
static void test_parts_follow_at_the_frame_given(void **state)
{
	struct capture c;
	capture_start(&c);
	sleep_ms(250); /* silence first, so that the frame is not simply 0 */
	size_t n = (size_t)c.rate / 5;
	int16_t *low = sound_tone(300, c.rate, 1, n, 12000);
	int16_t *high = sound_tone(900, c.rate, 1, n, 12000);
	struct diag d;
	diag_init(&d);
	uint64_t at = 0;
	assert_true(audio_play_at(c.audio, low, n, c.rate, &at, &d));
	assert_true(audio_queue(c.audio, high, n, c.rate, &d));
	assert_true(audio_queue(c.audio, low, n, c.rate, &d));
	assert_true(at > (uint64_t)c.rate / 10);
	wait_done(&c);
	assert_true(audio_frames_out(c.audio) >= at + 3 * n);
	diag_finish(&d);
	capture_finish(&c);
	size_t from = 0, start, end;
	assert_true(next_sound(&c, &from, &start, &end));
	print_message("parts at frame %llu, heard from %zu for %.3f s\n", (unsigned long long)at,
		      start, (double)(end - start) / c.rate);
	/* the tone's first samples are near zero: the first loud one is within a cycle */
	assert_true(start >= at && start - at < (size_t)c.rate / 300 + 2);
	assert_true(fabs((double)(end - start) / c.rate - 0.6) < 0.01);
	assert_false(next_sound(&c, &from, &start, &end));
	/* the middle part is the high tone: more zero crossings than the low one */
	size_t zc[3] = {0};
	for (int part = 0; part < 3; part++)
		for (size_t i = at + part * n + 1; i < at + (part + 1) * n; i++)
			zc[part] += (c.s[i - 1] < 0) != (c.s[i] < 0);
	assert_true(zc[1] > 2 * zc[0] && zc[1] > 2 * zc[2]);
	free(low);
	free(high);
	capture_free(&c);
}

static void test_synthesised_label_is_heard(void **state)
{
	struct speech_voice sv = {"sv", "sv"};
	struct speech_config cfg = {.voices = &sv, .nvoices = 1};
	struct diag d;
	diag_init(&d);
	struct speech *sp = speech_create(&cfg, &d);
	assert_non_null(sp);
	struct speech_text t = {"sv", "keyword.kunskapsstad", "Kunskapsstad"};
	struct speech_clip *clip = NULL;
	assert_int_equal(speech_wait(sp, speech_say(sp, &t), 10000, &clip), SPEECH_READY);

	struct capture c;
	capture_start(&c);
	play(&c, speech_clip_samples(clip), speech_clip_frames(clip), speech_clip_rate(clip));
	wait_done(&c);
	capture_finish(&c);
	/* words have short pauses inside; what matters is that the sound spans the clip */
	size_t from = 0, start, end, first = SIZE_MAX, last = 0;
	while (next_sound(&c, &from, &start, &end)) {
		first = start < first ? start : first;
		last = end;
	}
	assert_true(last > 0);
	double heard = (double)(last - first) / c.rate;
	print_message("clip %.3f s, heard %.3f s\n", speech_clip_seconds(clip), heard);
	assert_true(fabs(heard - speech_clip_seconds(clip)) < 0.1);
	assert_true(sound_voiced_share(c.s + first, last - first, c.rate, 300) > 0.5);
	speech_clip_unref(clip);
	speech_destroy(sp);
	diag_finish(&d);
	capture_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tone_is_captured),
		cmocka_unit_test(test_volume_spans_18_db),
		cmocka_unit_test(test_stop_silences_at_once),
		cmocka_unit_test(test_parts_follow_at_the_frame_given),
		cmocka_unit_test(test_synthesised_label_is_heard),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
