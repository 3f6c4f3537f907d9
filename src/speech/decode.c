/* Reading recordings. WAV is parsed here because its PCM forms are few and plain, and a
 * parser of our own can name exactly what is wrong with a file; Ogg Vorbis is a real codec,
 * so libvorbisfile does it. */
#include "speech/decode.h"

#include "common/fsutil.h"
#include "common/xalloc.h"

#define OV_EXCLUDE_STATIC_CALLBACKS
#include <vorbis/vorbisfile.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define WAV_FORMAT_PCM 1
#define WAV_FORMAT_FLOAT 3
#define WAV_FORMAT_EXTENSIBLE 0xfffe
#define MAX_CHANNELS 8
#define STR(x) #x
#define XSTR(x) STR(x)
#define SECONDS_TEXT XSTR(SPEECH_RECORDING_MAX_SECONDS)

static bool ends_with_nocase(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n > m && strcasecmp(s + n - m, tail) == 0;
}

bool speech_is_recording_name(const char *name)
{
	return ends_with_nocase(name, ".wav") || ends_with_nocase(name, ".ogg");
}

struct speech_clip *speech_decode_file(const char *path, struct diag *err)
{
	if (ends_with_nocase(path, ".ogg"))
		return speech_decode_ogg(path, err);
	if (!ends_with_nocase(path, ".wav")) {
		diag_add(err, "%s: a recording must be a .wav or .ogg file", path);
		return NULL;
	}
	char *buf;
	size_t len;
	if (!fs_read_file(path, &buf, &len, err))
		return NULL;
	struct speech_clip *c = speech_decode_wav((const unsigned char *)buf, len, path, err);
	free(buf);
	return c;
}

/* ---- WAV ---- */

static unsigned le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long le32(const unsigned char *p)
{
	return (unsigned long)le16(p) | (unsigned long)le16(p + 2) << 16;
}

struct wav_format {
	unsigned tag, channels, bits;
	unsigned long rate;
};

/* One sample scaled to 16 bits, whatever it was stored as. */
static double wav_sample(const struct wav_format *f, const unsigned char *p)
{
	switch (f->bits) {
	case 8:
		return ((int)p[0] - 128) * 256.0;
	case 16:
		return (int16_t)le16(p);
	case 24: {
		long v = (long)p[0] | (long)p[1] << 8 | (long)p[2] << 16;
		return (double)(v >= 0x800000 ? v - 0x1000000 : v) / 256.0;
	}
	default: /* 32 */
		if (f->tag == WAV_FORMAT_FLOAT) {
			unsigned long u = le32(p);
			float x;
			uint32_t bits = (uint32_t)u;
			memcpy(&x, &bits, sizeof(x));
			return (double)x * 32767.0;
		}
		return (double)(int32_t)(uint32_t)le32(p) / 65536.0;
	}
}

static bool wav_format_ok(const struct wav_format *f, const char *name, struct diag *err)
{
	bool pcm = f->tag == WAV_FORMAT_PCM &&
		   (f->bits == 8 || f->bits == 16 || f->bits == 24 || f->bits == 32);
	bool flt = f->tag == WAV_FORMAT_FLOAT && f->bits == 32;
	if (!pcm && !flt) {
		diag_add(err,
			 "%s: the WAV file is compressed or %u-bit (format %u); save it as 16-bit "
			 "PCM WAV or as Ogg Vorbis",
			 name, f->bits, f->tag);
		return false;
	}
	if (f->channels == 0 || f->channels > MAX_CHANNELS || f->rate < 8000 || f->rate > 192000) {
		diag_add(err,
			 "%s: the WAV file says %u channels at %lu Hz; that is not a recording",
			 name, f->channels, f->rate);
		return false;
	}
	return true;
}

static struct speech_clip *wav_samples(const struct wav_format *f, const unsigned char *data,
				       size_t len, const char *name, struct diag *err)
{
	size_t frame_bytes = (size_t)f->channels * (f->bits / 8);
	size_t frames = len / frame_bytes;
	if (frames > (size_t)SPEECH_RECORDING_MAX_SECONDS * f->rate) {
		diag_add(err, "%s: the recording is longer than %d seconds; shorten it", name,
			 SPEECH_RECORDING_MAX_SECONDS);
		return NULL;
	}
	int16_t *out = frames ? xmalloc(frames * sizeof(*out)) : NULL;
	for (size_t i = 0; i < frames; i++) {
		double sum = 0;
		for (unsigned ch = 0; ch < f->channels; ch++)
			sum += wav_sample(f, data + i * frame_bytes + ch * (f->bits / 8));
		double v = sum / f->channels;
		out[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
	}
	return speech_clip_create(out, frames, (int)f->rate, SPEECH_SOURCE_RECORDED);
}

struct speech_clip *speech_decode_wav(const unsigned char *buf, size_t len, const char *name,
				      struct diag *err)
{
	if (len < 12 || memcmp(buf, "RIFF", 4) != 0 || memcmp(buf + 8, "WAVE", 4) != 0) {
		diag_add(err, "%s: not a WAV file (no RIFF/WAVE header)", name);
		return NULL;
	}
	struct wav_format f = {0};
	bool have_format = false;
	for (size_t pos = 12; pos + 8 <= len;) {
		const unsigned char *chunk = buf + pos;
		size_t size = le32(chunk + 4);
		size_t body = pos + 8;
		/* a writer that stopped early leaves a data size past the end: take what is there */
		size_t avail = size <= len - body ? size : len - body;
		if (memcmp(chunk, "fmt ", 4) == 0 && avail >= 16) {
			f.tag = le16(buf + body);
			f.channels = le16(buf + body + 2);
			f.rate = le32(buf + body + 4);
			f.bits = le16(buf + body + 14);
			if (f.tag == WAV_FORMAT_EXTENSIBLE && avail >= 26)
				f.tag = le16(buf + body +
					     24); /* the sub-format GUID starts with it */
			have_format = true;
		} else if (memcmp(chunk, "data", 4) == 0) {
			if (!have_format) {
				diag_add(err, "%s: the WAV file has its data before its format",
					 name);
				return NULL;
			}
			if (!wav_format_ok(&f, name, err))
				return NULL;
			return wav_samples(&f, buf + body, avail, name, err);
		}
		pos = body + size + (size & 1); /* chunks are padded to even sizes */
		if (pos < body)
			break; /* the size wrapped around */
	}
	diag_add(err, "%s: the WAV file has no sound data", name);
	return NULL;
}

/* ---- Ogg Vorbis ---- */

struct speech_clip *speech_decode_ogg(const char *path, struct diag *err)
{
	OggVorbis_File vf;
	if (ov_fopen(path, &vf) != 0) {
		diag_add(err,
			 "%s: cannot be read as Ogg Vorbis; check that the file is there and "
			 "was saved as Ogg Vorbis",
			 path);
		return NULL;
	}
	vorbis_info *info = ov_info(&vf, -1);
	long rate = info ? info->rate : 0;
	struct pcm_builder b = {0};
	int16_t pcm[4096];
	int16_t mono[4096];
	const char *problem = NULL;
	for (;;) {
		int link = 0;
		long got = ov_read(&vf, (char *)pcm, (int)sizeof(pcm), 0, 2, 1, &link);
		if (got == 0)
			break;
		if (got == OV_HOLE)
			continue; /* a gap in the stream: the rest still plays */
		if (got < 0) {
			problem = "is damaged";
			break;
		}
		info = ov_info(&vf, link);
		if (!info || info->rate != rate || info->channels < 1) {
			problem = "changes its sample rate part-way";
			break;
		}
		size_t frames = (size_t)got / (2 * (size_t)info->channels);
		for (size_t i = 0; i < frames; i++) {
			long sum = 0;
			for (int ch = 0; ch < info->channels; ch++)
				sum += pcm[i * (size_t)info->channels + (size_t)ch];
			mono[i] = (int16_t)(sum / info->channels);
		}
		pcm_builder_append(&b, mono, frames);
		if (b.frames > (size_t)SPEECH_RECORDING_MAX_SECONDS * (size_t)rate) {
			problem = "is longer than " SECONDS_TEXT " seconds; shorten it";
			break;
		}
	}
	ov_clear(&vf);
	if (!problem && (rate < 8000 || rate > 192000))
		problem = "has no usable sample rate";
	if (problem) {
		diag_add(err, "%s: the Ogg Vorbis recording %s", path, problem);
		pcm_builder_discard(&b);
		return NULL;
	}
	return pcm_builder_finish(&b, (int)rate, SPEECH_SOURCE_RECORDED);
}
