/* Test sounds. The Ogg files are encoded here with libvorbisenc, so no fixture file or
 * outside tool stands between a test and what it checks. */
#include "sound.h"

#include <vorbis/vorbisenc.h>

#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int16_t *sound_tone(int hz, int rate, int channels, size_t frames, double amp)
{
	int16_t *s = malloc(frames * (size_t)channels * sizeof(*s) + 1);
	for (size_t i = 0; i < frames; i++) {
		double v = amp * sin(2 * M_PI * hz * (double)i / rate);
		for (int ch = 0; ch < channels; ch++)
			s[i * (size_t)channels + (size_t)ch] = (int16_t)lrint(v);
	}
	return s;
}

static void put16(FILE *f, unsigned v)
{
	fputc((int)(v & 0xff), f);
	fputc((int)(v >> 8 & 0xff), f);
}

static void put32(FILE *f, unsigned long v)
{
	put16(f, (unsigned)(v & 0xffff));
	put16(f, (unsigned)(v >> 16));
}

bool sound_write_wav(const char *path, const int16_t *pcm, size_t frames, int rate, int channels)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return false;
	unsigned long data = (unsigned long)(frames * (size_t)channels * 2);
	fwrite("RIFF", 1, 4, f);
	put32(f, 36 + data);
	fwrite("WAVEfmt ", 1, 8, f);
	put32(f, 16);
	put16(f, 1);
	put16(f, (unsigned)channels);
	put32(f, (unsigned long)rate);
	put32(f, (unsigned long)rate * (unsigned long)channels * 2);
	put16(f, (unsigned)channels * 2);
	put16(f, 16);
	fwrite("data", 1, 4, f);
	put32(f, data);
	for (size_t i = 0; i < frames * (size_t)channels; i++)
		put16(f, (unsigned)(uint16_t)pcm[i]);
	return fclose(f) == 0;
}

static bool write_pages(FILE *f, ogg_stream_state *os, bool flush)
{
	ogg_page og;
	while (flush ? ogg_stream_flush(os, &og) : ogg_stream_pageout(os, &og)) {
		if (fwrite(og.header, 1, (size_t)og.header_len, f) != (size_t)og.header_len ||
		    fwrite(og.body, 1, (size_t)og.body_len, f) != (size_t)og.body_len)
			return false;
	}
	return true;
}

bool sound_write_ogg(const char *path, const int16_t *pcm, size_t frames, int rate, int channels)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return false;
	vorbis_info vi;
	vorbis_info_init(&vi);
	bool ok = vorbis_encode_init_vbr(&vi, channels, rate, 0.4f) == 0;
	vorbis_comment vc;
	vorbis_comment_init(&vc);
	vorbis_dsp_state vd;
	vorbis_block vb;
	ogg_stream_state os;
	ok = ok && vorbis_analysis_init(&vd, &vi) == 0 && vorbis_block_init(&vd, &vb) == 0;
	ok = ok && ogg_stream_init(&os, 1) == 0;
	if (ok) {
		ogg_packet head, comment, code;
		vorbis_analysis_headerout(&vd, &vc, &head, &comment, &code);
		ogg_stream_packetin(&os, &head);
		ogg_stream_packetin(&os, &comment);
		ogg_stream_packetin(&os, &code);
		ok = write_pages(f, &os, true);
		for (size_t done = 0; ok;) {
			size_t n = frames - done < 1024 ? frames - done : 1024;
			float **buf = vorbis_analysis_buffer(&vd, (int)n);
			for (size_t i = 0; i < n; i++)
				for (int ch = 0; ch < channels; ch++)
					buf[ch][i] =
						pcm[(done + i) * (size_t)channels + (size_t)ch] /
						32768.0f;
			vorbis_analysis_wrote(&vd, (int)n); /* 0 marks the end */
			done += n;
			ogg_packet op;
			while (vorbis_analysis_blockout(&vd, &vb) == 1) {
				vorbis_analysis(&vb, NULL);
				vorbis_bitrate_addblock(&vb);
				while (vorbis_bitrate_flushpacket(&vd, &op)) {
					ogg_stream_packetin(&os, &op);
					ok = ok && write_pages(f, &os, false);
				}
			}
			if (n == 0)
				break;
		}
		ok = ok && write_pages(f, &os, true);
		ogg_stream_clear(&os);
		vorbis_block_clear(&vb);
		vorbis_dsp_clear(&vd);
	}
	vorbis_comment_clear(&vc);
	vorbis_info_clear(&vi);
	return fclose(f) == 0 && ok;
}

double sound_rms(const int16_t *s, size_t n)
{
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += (double)s[i] * s[i];
	return n ? sqrt(sum / (double)n) : 0;
}

int sound_peak(const int16_t *s, size_t n)
{
	int peak = 0;
	for (size_t i = 0; i < n; i++)
		peak = abs(s[i]) > peak ? abs(s[i]) : peak;
	return peak;
}

double sound_voiced_share(const int16_t *s, size_t n, int rate, double level)
{
	size_t win = (size_t)rate / 50, windows = 0, voiced = 0;
	for (size_t i = 0; win && i + win <= n; i += win, windows++)
		voiced += sound_rms(s + i, win) > level;
	return windows ? (double)voiced / (double)windows : 0;
}

char *sound_temp_dir(void)
{
	char tmpl[] = "/tmp/vs-speech-XXXXXX";
	char *dir = mkdtemp(tmpl);
	return dir ? strdup(dir) : NULL;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	return remove(path);
}

void sound_remove_dir(const char *dir)
{
	if (dir)
		nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}
