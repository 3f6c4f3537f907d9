/* Recordings as staff would supply them: WAV in the forms editors save, Ogg Vorbis, and
 * files that are not recordings at all, each refused with a line naming the file. */
#include "common/diag.h"
#include "speech/decode.h"
#include "sound.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A WAV file in memory with any format tag and sample width, for the forms a test cannot
 * get from sound_write_wav. */
static size_t make_wav(unsigned char *out, unsigned tag, unsigned channels, unsigned rate,
		       unsigned bits, const unsigned char *data, size_t len, size_t claimed)
{
	unsigned char *p = out;
#define PUT(s) (memcpy(p, s, 4), p += 4)
#define U16(v) (*p++ = (unsigned char)((v)&0xff), *p++ = (unsigned char)((v) >> 8 & 0xff))
#define U32(v) (U16((v)&0xffff), U16((v) >> 16))
	PUT("RIFF");
	U32(36 + len);
	PUT("WAVE");
	PUT("LIST"); /* a chunk a decoder must step over */
	U32(3);
	memcpy(p, "abc\0", 4);
	p += 4; /* odd size, padded */
	PUT("fmt ");
	U32(16);
	U16(tag);
	U16(channels);
	U32(rate);
	U32(rate * channels * bits / 8);
	U16(channels * bits / 8);
	U16(bits);
	PUT("data");
	U32(claimed);
	memcpy(p, data, len);
	p += len;
	return (size_t)(p - out);
}

static struct speech_clip *decode_ok(const unsigned char *buf, size_t len)
{
	struct diag d;
	diag_init(&d);
	struct speech_clip *c = speech_decode_wav(buf, len, "t.wav", &d);
	if (!c)
		fail_msg("unexpected: %s", diag_first(&d, "?"));
	diag_finish(&d);
	return c;
}

static void expect_refused(const unsigned char *buf, size_t len, const char *needle)
{
	struct diag d;
	diag_init(&d);
	assert_null(speech_decode_wav(buf, len, "t.wav", &d));
	assert_int_equal(d.count, 1);
	if (strncmp(d.lines[0], "t.wav: ", 7) != 0 || !strstr(d.lines[0], needle))
		fail_msg("got \"%s\", want \"t.wav: ...%s...\"", d.lines[0], needle);
	diag_finish(&d);
}

static void test_wav_stereo_file_becomes_mono(void **state)
{
	char *dir = sound_temp_dir();
	char path[256];
	snprintf(path, sizeof(path), "%s/tone.wav", dir);
	int16_t *pcm = sound_tone(440, 16000, 2, 8000, 10000);
	pcm[1] = 0; /* left and right differ: the clip holds their average */
	pcm[0] = 3000;
	assert_true(sound_write_wav(path, pcm, 8000, 16000, 2));
	struct diag d;
	diag_init(&d);
	struct speech_clip *c = speech_decode_file(path, &d);
	assert_non_null(c);
	assert_int_equal(speech_clip_rate(c), 16000);
	assert_int_equal(speech_clip_frames(c), 8000);
	assert_int_equal(speech_clip_source(c), SPEECH_SOURCE_RECORDED);
	assert_int_equal(speech_clip_samples(c)[0], 1500);
	assert_float_equal(sound_rms(speech_clip_samples(c), 8000), 10000 / 1.41421, 50);
	speech_clip_unref(c);
	diag_finish(&d);
	free(pcm);
	sound_remove_dir(dir);
	free(dir);
}

static void test_wav_sample_widths(void **state)
{
	unsigned char buf[256];
	/* 8-bit is unsigned around 128 */
	const unsigned char u8[] = {128, 255, 0};
	struct speech_clip *c = decode_ok(buf, make_wav(buf, 1, 1, 8000, 8, u8, 3, 3));
	assert_int_equal(speech_clip_frames(c), 3);
	assert_int_equal(speech_clip_samples(c)[0], 0);
	assert_int_equal(speech_clip_samples(c)[1], 127 * 256);
	assert_int_equal(speech_clip_samples(c)[2], -32768);
	speech_clip_unref(c);
	/* 24-bit keeps its top 16 bits */
	const unsigned char s24[] = {0x00, 0x34, 0x12, 0x00, 0x00, 0x80};
	c = decode_ok(buf, make_wav(buf, 1, 1, 48000, 24, s24, 6, 6));
	assert_int_equal(speech_clip_samples(c)[0], 0x1234);
	assert_int_equal(speech_clip_samples(c)[1], -32768);
	speech_clip_unref(c);
	/* 32-bit float, full scale and half */
	float f[2] = {1.0f, -0.5f};
	c = decode_ok(buf, make_wav(buf, 3, 1, 22050, 32, (unsigned char *)f, 8, 8));
	assert_int_equal(speech_clip_samples(c)[0], 32767);
	assert_int_equal(speech_clip_samples(c)[1], -16383);
	speech_clip_unref(c);
}

static void test_wav_cut_short_plays_what_is_there(void **state)
{
	unsigned char buf[256];
	const int16_t pcm[4] = {100, 200, 300, 400};
	/* the header claims a second of sound, the file has four samples */
	size_t len = make_wav(buf, 1, 1, 8000, 16, (const unsigned char *)pcm, 8, 16000);
	struct speech_clip *c = decode_ok(buf, len);
	assert_int_equal(speech_clip_frames(c), 4);
	assert_int_equal(speech_clip_samples(c)[3], 400);
	speech_clip_unref(c);
}

static void test_wav_refused(void **state)
{
	unsigned char buf[256];
	const unsigned char data[4] = {0};
	expect_refused((const unsigned char *)"ID3\3mp3 data here", 17, "not a WAV file");
	expect_refused(buf, make_wav(buf, 2, 1, 8000, 4, data, 4, 4), "compressed");
	expect_refused(buf, make_wav(buf, 1, 0, 8000, 16, data, 4, 4), "0 channels");
	/* a header and nothing after it */
	size_t len = make_wav(buf, 1, 1, 8000, 16, data, 0, 0) - 8;
	expect_refused(buf, len, "no sound data");
}

static void test_ogg(void **state)
{
	char *dir = sound_temp_dir();
	char path[256];
	snprintf(path, sizeof(path), "%s/tone.ogg", dir);
	int16_t *pcm = sound_tone(440, 44100, 2, 22050, 12000);
	assert_true(sound_write_ogg(path, pcm, 22050, 44100, 2));
	struct diag d;
	diag_init(&d);
	struct speech_clip *c = speech_decode_file(path, &d);
	assert_non_null(c);
	assert_int_equal(speech_clip_rate(c), 44100);
	assert_int_equal(speech_clip_frames(c), 22050);
	/* lossy, but a tone stays a tone of about its loudness */
	double rms = sound_rms(speech_clip_samples(c), speech_clip_frames(c));
	assert_true(rms > 12000 / 1.41421 * 0.9 && rms < 12000 / 1.41421 * 1.1);
	speech_clip_unref(c);

	/* not Ogg at all */
	FILE *f = fopen(path, "w");
	fputs("this is text, saved with the wrong name", f);
	fclose(f);
	assert_null(speech_decode_file(path, &d));
	assert_int_equal(d.count, 1);
	assert_non_null(strstr(d.lines[0], path));
	assert_non_null(strstr(d.lines[0], "Ogg Vorbis"));
	diag_finish(&d);
	free(pcm);
	sound_remove_dir(dir);
	free(dir);
}

static void test_other_files(void **state)
{
	struct diag d;
	diag_init(&d);
	assert_true(speech_is_recording_name("sort.done.OGG"));
	assert_true(speech_is_recording_name("kunskapsstad.wav"));
	assert_false(speech_is_recording_name("kunskapsstad.mp3"));
	assert_false(speech_is_recording_name(".ogg"));
	assert_null(speech_decode_file("x/kunskapsstad.mp3", &d));
	assert_string_equal(d.lines[0],
			    "x/kunskapsstad.mp3: a recording must be a .wav or .ogg file");
	assert_null(speech_decode_file("/nonexistent/a.wav", &d));
	assert_int_equal(d.count, 2);
	assert_non_null(strstr(d.lines[1], "/nonexistent/a.wav"));
	diag_finish(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wav_stereo_file_becomes_mono),
		cmocka_unit_test(test_wav_sample_widths),
		cmocka_unit_test(test_wav_cut_short_plays_what_is_there),
		cmocka_unit_test(test_wav_refused),
		cmocka_unit_test(test_ogg),
		cmocka_unit_test(test_other_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
