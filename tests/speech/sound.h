/* What the speech tests make and measure: tones written as WAV or Ogg Vorbis files, the
 * loudness of a clip, a temporary folder. */
#ifndef VS_TEST_SOUND_H
#define VS_TEST_SOUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A sine at hz, amplitude amp (of 32767), frames long, the same in each of channels. */
int16_t *sound_tone(int hz, int rate, int channels, size_t frames, double amp);
/* Writes 16-bit PCM WAV; false on an I/O error. */
bool sound_write_wav(const char *path, const int16_t *pcm, size_t frames, int rate, int channels);
/* Encodes with libvorbisenc; false on an error. */
bool sound_write_ogg(const char *path, const int16_t *pcm, size_t frames, int rate, int channels);

/* Root mean square and peak of samples, in 16-bit units. */
double sound_rms(const int16_t *s, size_t n);
int sound_peak(const int16_t *s, size_t n);
/* The share of 20 ms windows whose RMS is above level: how much of a clip is sound. */
double sound_voiced_share(const int16_t *s, size_t n, int rate, double level);

/* A new empty folder under /tmp; caller frees the path. */
char *sound_temp_dir(void);
/* Removes a folder and everything in it. */
void sound_remove_dir(const char *dir);

#endif
