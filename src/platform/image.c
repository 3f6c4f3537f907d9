/* Pictures in and out through SDL2_image, opened the first time one is read
 * or written rather than linked: it brings ten libraries (libtiff, and with
 * it libLerc and libstdc++, libwebp, libjpeg, ...) whose loading cost the
 * kiosk's cold start 3-4 ms, and the first scene shows no picture
 * (docs/PERFORMANCE.md). SDL opens it by its name; its loaders start the
 * codecs they need themselves. */
#include "platform_internal.h"

#include "common/fsutil.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

/* SDL2_image's library, the same name from 2.0 to 2.8. */
#define IMAGE_LIB_NAME "libSDL2_image-2.0.so.0"
#define IMAGE_LIB_PACKAGE "libsdl2-image-2.0-0"

bool image_lib_open_named(struct image_lib *il, const char *name)
{
	if (il->tried)
		return il->so != NULL;
	il->tried = true;
	il->so = SDL_LoadObject(name);
	if (il->so) {
		il->load_rw = (image_load_rw_fn)SDL_LoadFunction(il->so, "IMG_Load_RW");
		il->save_png = (image_save_png_fn)SDL_LoadFunction(il->so, "IMG_SavePNG");
		if (!il->load_rw || !il->save_png) {
			SDL_UnloadObject(il->so);
			il->so = NULL;
		}
	}
	if (!il->so)
		snprintf(il->why, sizeof(il->why), "%s (%s) — install %s", name, SDL_GetError(),
			 IMAGE_LIB_PACKAGE);
	return il->so != NULL;
}

bool image_lib_open(struct image_lib *il)
{
	return image_lib_open_named(il, IMAGE_LIB_NAME);
}

void image_lib_close(struct image_lib *il)
{
	if (il->so)
		SDL_UnloadObject(il->so);
	*il = (struct image_lib){0};
}

bool image_lib_ready(struct image_lib *il)
{
	bool first = !il->tried;
	if (image_lib_open(il))
		return true;
	if (first) /* said once: every picture would say the same */
		SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION,
			    "card pictures cannot be shown: no SDL2_image: %s", il->why);
	return false;
}

char *image_read(const char *path, size_t *len)
{
	/* through fs_read_file: an asset path that names a FIFO or a device
	 * must not hang the kiosk's frame, nor a huge file fill its memory */
	char *data = NULL;
	struct diag err;
	diag_init(&err);
	if (!fs_read_file(path, &data, len, &err))
		SDL_LogWarn(SDL_LOG_CATEGORY_APPLICATION, "%s", diag_first(&err, path));
	diag_finish(&err);
	return data;
}

SDL_Surface *image_decode(struct image_lib *il, const char *data, size_t len)
{
	if (!data || !image_lib_ready(il))
		return NULL;
	SDL_RWops *rw = len <= INT_MAX ? SDL_RWFromConstMem(data, (int)len) : NULL;
	SDL_Surface *loaded = rw ? il->load_rw(rw, 1) : NULL;
	if (!loaded)
		return NULL;
	SDL_Surface *argb = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(loaded);
	return argb;
}

SDL_Surface *image_load(struct image_lib *il, const char *path)
{
	size_t len = 0;
	char *data = image_read(path, &len);
	SDL_Surface *s = image_decode(il, data, len);
	free(data);
	return s;
}

bool image_save_png(struct image_lib *il, SDL_Surface *s, const char *path, struct diag *err)
{
	if (!image_lib_open(il)) {
		diag_add(err, "%s: cannot write the image: no SDL2_image: %s", path, il->why);
		return false;
	}
	if (il->save_png(s, path) != 0) {
		diag_add(err, "%s: cannot write the image: %s", path, SDL_GetError());
		return false;
	}
	return true;
}
