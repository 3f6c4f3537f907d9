/* Recordings into clips: WAV read here (it is a few chunks of PCM), Ogg Vorbis through
 * libvorbisfile. Decoding lives in the speech room, not in platform/, so that a recording
 * and a synthesised text come out as the same kind of clip, cached and tested the same way
 * without SDL. Every clip is mono (channels are averaged); its rate is the file's, and the
 * player converts it. */
#ifndef VS_SPEECH_DECODE_H
#define VS_SPEECH_DECODE_H

#include "common/diag.h"
#include "speech/clip.h"

#include <stdbool.h>
#include <stddef.h>

/* A recording longer than this is refused: it would be a mistake, and it would fill the
 * cache on its own. */
#define SPEECH_RECORDING_MAX_SECONDS 120

/* Whether name ends in a recording's extension (.wav or .ogg, any case). */
bool speech_is_recording_name(const char *name);
/* Decodes the file at path, by its extension. NULL with one "PATH: what is wrong" line when
 * it cannot be read or is not a recording this can play. */
struct speech_clip *speech_decode_file(const char *path, struct diag *err);
/* Decodes WAV held in buf[0..len); name is the file to name in messages. */
struct speech_clip *speech_decode_wav(const unsigned char *buf, size_t len, const char *name,
				      struct diag *err);
/* Decodes an Ogg Vorbis file. */
struct speech_clip *speech_decode_ogg(const char *path, struct diag *err);

#endif
